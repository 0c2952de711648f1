// Malformed input gets a 4xx in the right error shape and changes nothing (issue 14):
// percent-garbled or non-base64 Basic credentials, objects where the token endpoint wants
// text, NUL in paths, keys and bodies, JSON nested deeper than MAX_JSON_DEPTH, malformed
// percent-encoding. Each of these was a 5xx (or, for NUL on SQLite, stored) before.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MAX_JSON_DEPTH } from '../../src/server/http/json-limits.js';
import { errorShapeProblem, rawRequest, type RawResult } from '../helpers/raw-http.js';
import { SIMPLE_SCHEMA, startTestServer, type TestServer } from '../helpers/server.js';

const ROOT_USER = 'root';
const ROOT_PASSWORD = 'malformed-Input-admin-pw-7';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const JSON_TYPE = { 'content-type': 'application/json' };
const b64 = (s: string) => Buffer.from(s).toString('base64');

let s: TestServer;
let bearer: Record<string, string>;
const send = (method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<RawResult> => rawRequest(s.url, method, path, headers, body);

function assertError(r: RawResult, path: string, status: number, message: RegExp, method = 'POST'): void {
  assert.equal(r.status, status, r.text);
  assert.equal(errorShapeProblem(method, path, r), undefined);
  const body = r.json as { error: string | { message: string }; error_description?: string };
  assert.match(typeof body.error === 'string' ? (body.error_description ?? '') : body.error.message, message);
}

async function namespaces(): Promise<string[][]> {
  return ((await s.http('GET', '/v1/namespaces')).body as { namespaces: string[][] }).namespaces;
}

/** A JSON type nested `depth` structs deep (four JSON levels each). */
function nestedStruct(depth: number): string {
  let t = '"long"';
  for (let i = 0; i < depth; i++) t = `{"type":"struct","fields":[{"id":${i + 2},"name":"f","required":false,"type":${t}}]}`;
  return `{"type":"struct","schema-id":0,"fields":[{"id":1,"name":"x","required":false,"type":${t}}]}`;
}

/** A JSON type nested `depth` lists deep (two JSON levels each). */
function nestedList(depth: number): string {
  let t = '"long"';
  for (let i = 0; i < depth; i++) t = `{"type":"list","element-id":${i + 2},"element-required":false,"element":${t}}`;
  return `{"type":"struct","schema-id":0,"fields":[{"id":1,"name":"x","required":false,"type":${t}}]}`;
}

describe('malformed input', () => {
  before(async () => {
    s = await startTestServer({ env: { PANGOLIN_ROOT_USER: ROOT_USER, PANGOLIN_ROOT_PASSWORD: ROOT_PASSWORD } });
    bearer = { authorization: `Bearer ${s.token}` };
    assert.equal((await s.http('POST', '/v1/namespaces', { namespace: ['ns'] })).status, 200);
  });
  after(() => s?.stop());

  test('a Basic header with malformed percent-encoding or not base64: 400 invalid_request on the token endpoint, 401 elsewhere', async () => {
    const path = '/v1/oauth/tokens';
    for (const value of [`Basic ${b64('ro%ot:pa%zz')}`, `Basic ${b64('root:%E0%A4%A')}`]) {
      assertError(await send('POST', path, { ...FORM, authorization: value }, 'grant_type=client_credentials'), path, 400, /percent-encoding/);
    }
    for (const value of ['Basic !!!@@@', 'Basic a', `Basic ${b64('no-colon')}`]) {
      assertError(await send('POST', path, { ...FORM, authorization: value }, 'grant_type=client_credentials'), path, 400, /base64 of client_id:client_secret/);
    }
    // The well-formed header still works.
    const ok = await send('POST', path, { ...FORM, authorization: `Basic ${b64(`${ROOT_USER}:${ROOT_PASSWORD}`)}` }, 'grant_type=client_credentials');
    assert.equal(ok.status, 200, ok.text);
    for (const p of ['/api/v1/tenants', '/v1/config']) {
      assertError(await send('GET', p, { authorization: 'Basic !!!@@@' }), p, 401, /Malformed Basic credentials/, 'GET');
      assertError(await send('GET', p, { authorization: `Basic ${b64('ro%ot:pa%zz')}` }), p, 401, /not it/, 'GET');
    }
  });

  test('an object or array where the token endpoint wants text: 400 invalid_request naming the field', async () => {
    const path = '/v1/oauth/tokens';
    const cases: [Record<string, unknown>, string][] = [
      [{ grant_type: 'client_credentials', client_id: { a: 1 }, client_secret: 'x' }, 'client_id'],
      [{ grant_type: 'client_credentials', client_id: ['a'], client_secret: 'x' }, 'client_id'],
      [{ grant_type: 'client_credentials', client_id: 'a', client_secret: { b: 2 } }, 'client_secret'],
      [{ grant_type: ['client_credentials'], client_id: 'a', client_secret: 'x' }, 'grant_type'],
      [{ grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange', subject_token: { t: 1 } }, 'subject_token'],
    ];
    for (const [body, field] of cases) {
      assertError(await send('POST', path, JSON_TYPE, JSON.stringify(body)), path, 400, new RegExp(`^${field} must be a single text value`));
    }
    // A form field sent twice is an array to the form parser.
    assertError(await send('POST', path, FORM, 'grant_type=client_credentials&client_id=a&client_id=b&client_secret=x'), path, 400, /^client_id must be a single text value/);
    // `client_id[a]=1` is a field of that literal name (flat form parsing): client_id is missing.
    assertError(await send('POST', path, FORM, 'grant_type=client_credentials&client_id[a]=1&client_secret=x'), path, 400, /client_id and client_secret are required/);
    assertError(await send('POST', path, JSON_TYPE, '[1,2]'), path, 400, /form \(or a JSON object\)/);
  });

  test('errors from before the token route (media type, malformed JSON, bad URL) come in the OAuth2 shape there', async () => {
    const path = '/v1/oauth/tokens';
    assertError(await send('POST', path, { 'content-type': 'text/plain' }, 'grant_type=client_credentials'), path, 415, /must be JSON/);
    assertError(await send('POST', path, JSON_TYPE, '{"grant_type":'), path, 400, /Malformed JSON/);
    assertError(await send('POST', `${path}?x=%zz`, FORM, 'grant_type=client_credentials'), `${path}?x=%zz`, 400, /percent-encoding/);
    assert.equal(((await send('POST', path, JSON_TYPE, '{')).json as { error: string }).error, 'invalid_request');
  });

  test('NUL (%00) in a path, a query key or a JSON body, or a lone surrogate in JSON: 400, nothing stored', async () => {
    const before = await namespaces();
    for (const path of ['/v1/namespaces/a%00b', '/v1/namespaces/ns/tables/a%00b', '/v1/namespaces/ns/views/v%00', '/api/v1/tenants/a%00b', '/api/v1/warehouses/local/object?key=a%00b', '/api/v1/warehouses/local/objects?prefix=%00']) {
      assertError(await send('GET', path, bearer), path, 400, /NUL character \(%00\)/, 'GET');
    }
    assertError(await send('DELETE', '/v1/namespaces/ns%00', bearer), '/v1/namespaces/ns%00', 400, /NUL/, 'DELETE');
    const bodies: [string, string][] = [
      ['/v1/namespaces', JSON.stringify({ namespace: ['a\u0000b'] })],
      ['/v1/namespaces/ns/tables', JSON.stringify({ name: 't\u0000', schema: SIMPLE_SCHEMA })],
      ['/api/v1/tenants', JSON.stringify({ name: 'tenant', properties: { k: 'v\u0000' } })],
    ];
    for (const [path, body] of bodies) assertError(await send('POST', path, { ...bearer, ...JSON_TYPE }, body), path, 400, /NUL character/);
    // A lone surrogate is no character (PostgreSQL would store U+FFFD: another name).
    for (const name of ['a\\ud800', '\\udfff']) {
      assertError(await send('POST', '/v1/namespaces', { ...bearer, ...JSON_TYPE }, `{"namespace":["${name}"]}`), '/v1/namespaces', 400, /lone UTF-16 surrogate/);
    }
    // An escaped backslash before "u0000" is no NUL.
    const literal = await send('POST', '/v1/namespaces', { ...bearer, ...JSON_TYPE }, '{"namespace":["a\\\\u0000b"]}');
    assert.equal(literal.status, 200, literal.text);
    assert.deepEqual((await namespaces()).sort(), [...before, ['a\\u0000b']].sort());
    assert.equal((await s.http('GET', '/v1/namespaces/ns/tables')).body.identifiers.length, 0);
  });

  test(`JSON nested deeper than ${MAX_JSON_DEPTH} levels: 400 on every route, while a 100-level nested schema still works`, async () => {
    const deepObject = '{"a":'.repeat(4800) + '1' + '}'.repeat(4800);
    const cases: [string, string][] = [
      ['/v1/namespaces/ns/tables', `{"name":"deep1","schema":${nestedStruct(2000)}}`],
      ['/v1/namespaces/ns/tables', `{"name":"deep2","schema":${nestedList(4000)}}`],
      ['/v1/namespaces/ns/tables', `{"name":"deep3","schema":${deepObject}}`],
      ['/v1/namespaces', `{"namespace":["deep"],"properties":${'['.repeat(3000)}${']'.repeat(3000)}}`],
      ['/api/v1/tenants', `{"name":${deepObject}}`],
    ];
    for (const [path, body] of cases) assertError(await send('POST', path, { ...bearer, ...JSON_TYPE }, body), path, 400, /nested deeper than 1000 levels/);
    assertError(await send('POST', '/v1/oauth/tokens', JSON_TYPE, deepObject), '/v1/oauth/tokens', 400, /nested deeper/);
    // Exactly at the limit it is parsed (and then refused for what it is, not for its depth).
    const atLimit = await send('POST', '/api/v1/tenants', { ...bearer, ...JSON_TYPE }, `{"name":${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}}`);
    assertError(atLimit, '/api/v1/tenants', 400, /^Invalid request: name/);
    const ok = await send('POST', '/v1/namespaces/ns/tables', { ...bearer, ...JSON_TYPE }, `{"name":"nested100","schema":${nestedStruct(100)}}`);
    assert.equal(ok.status, 200, ok.text);
    const tables = (await s.http('GET', '/v1/namespaces/ns/tables')).body.identifiers.map((i: { name: string }) => i.name);
    assert.deepEqual(tables.sort(), ['nested100']);
  });

  test('a request that the HTTP parser of node refuses (raw non-ASCII path) is a 400 in the Iceberg shape, without a body for HEAD', async () => {
    const path = '/v1/namespaces/\u00e9';
    assertError(await send('GET', path, bearer), path, 400, /Malformed HTTP request/, 'GET');
    const head = await send('HEAD', path, bearer);
    assert.equal(head.status, 400);
    assert.equal(head.text, '');
  });

  test('numbers beyond int64 (which Java cannot read back) in a commit or a metrics report: 400, nothing changed', async () => {
    assert.equal((await s.http('POST', '/v1/namespaces/ns/tables', { name: 'big', schema: SIMPLE_SCHEMA })).status, 200);
    const path = '/v1/namespaces/ns/tables/big';
    const before = (await s.http('GET', path)).body['metadata-location'];
    const snapshot = (id: string) => `{"snapshot-id":${id},"timestamp-ms":1700000000000,"sequence-number":1,"manifest-list":"file:///tmp/ml.avro","summary":{"operation":"append"},"schema-id":0}`;
    for (const n of ['9223372036854775808', '-9223372036854775809', '123456789012345678901234567890', '1e400']) {
      const commits = [`{"requirements":[],"updates":[{"action":"add-snapshot","snapshot":${snapshot(n)}}]}`, `{"requirements":[],"updates":[{"action":"remove-snapshots","snapshot-ids":[${n}]}]}`];
      for (const body of commits) assertError(await send('POST', path, { ...bearer, ...JSON_TYPE }, body), path, 400, /Cannot parse to a long value/);
      const report = `{"report-type":"commit-report","table-name":"big","snapshot-id":${n},"sequence-number":1,"operation":"append","metrics":{}}`;
      assertError(await send('POST', `${path}/metrics`, { ...bearer, ...JSON_TYPE }, report), `${path}/metrics`, 400, /snapshot-id/);
    }
    assert.equal((await s.http('GET', path)).body['metadata-location'], before);
    // The largest int64 is fine.
    const max = await send('POST', path, { ...bearer, ...JSON_TYPE }, `{"requirements":[],"updates":[{"action":"add-snapshot","snapshot":${snapshot('9223372036854775807')}}]}`);
    assert.equal(max.status, 200, max.text);
  });

  test('malformed percent-encoding in a path or query string: 400 naming it', async () => {
    for (const path of ['/v1/namespaces/%zz', '/v1/namespaces?parent=%zz', '/v1/namespaces/ns/tables/t%', '/api/v1/tenants/%zz', '/api/v1/audit?since=%G0']) {
      assertError(await send('GET', path, bearer), path, 400, /Malformed percent-encoding/, 'GET');
    }
    // %25 is a literal %, and stays fine.
    assert.equal((await send('GET', '/v1/namespaces/100%25', bearer)).status, 404);
  });
});
