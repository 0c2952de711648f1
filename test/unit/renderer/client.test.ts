import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiClient, ApiError } from '../../../src/renderer/src/api/client.js';

interface Call {
  url: string;
  method: string;
  headers: Headers;
  body: string | undefined;
}

/** A fetch that answers from a route table and records the requests. */
function fakeFetch(routes: Record<string, { status?: number; body: string }>) {
  const calls: Call[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, method: init?.method ?? 'GET', headers: new Headers(init?.headers), body: init?.body as string | undefined });
    const hit = routes[url];
    if (!hit) return new Response(JSON.stringify({ error: { message: `no route ${url}`, type: 'NotFoundException', code: 404 } }), { status: 404, headers: { 'content-type': 'application/json' } });
    return new Response(hit.body, { status: hit.status ?? 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { calls, fetchImpl };
}

const METADATA = `{"format-version":2,"table-uuid":"u","location":"file:///w/t","last-updated-ms":1700000000000,
"current-schema-id":0,"schemas":[{"type":"struct","schema-id":0,"fields":[{"id":1,"name":"id","required":true,"type":"long"}]}],
"default-spec-id":0,"partition-specs":[{"spec-id":0,"fields":[]}],"properties":{},
"current-snapshot-id":9007199254740993,
"snapshots":[{"snapshot-id":9007199254740993,"timestamp-ms":1700000000000,"manifest-list":"m","summary":{"operation":"append"}}]}`;

describe('ApiClient', () => {
  test('relative URLs, bearer token, %1F namespaces in path and parent query', async () => {
    const { calls, fetchImpl } = fakeFetch({
      '/v1/local/namespaces?parent=a%1Fb': { body: '{"namespaces":[["a","b","c"]]}' },
      '/v1/local/namespaces/a%1Fb/tables': { body: '{"identifiers":[{"namespace":["a","b"],"name":"t"}]}' },
    });
    const client = new ApiClient({ getToken: () => 'tok', fetch: fetchImpl });
    assert.deepEqual(await client.listNamespaces('local', ['a', 'b']), [['a', 'b', 'c']]);
    assert.deepEqual(await client.listTables('local', ['a', 'b']), [{ namespace: ['a', 'b'], name: 't' }]);
    assert.equal(calls[0]?.headers.get('authorization'), 'Bearer tok');
  });

  test('follows next-page-token', async () => {
    const { calls, fetchImpl } = fakeFetch({
      '/v1/p/namespaces': { body: '{"namespaces":[["a"]],"next-page-token":"2"}' },
      '/v1/p/namespaces?pageToken=2': { body: '{"namespaces":[["b"]],"next-page-token":null}' },
    });
    const client = new ApiClient({ fetch: fetchImpl });
    assert.deepEqual(await client.listNamespaces('p'), [['a'], ['b']]);
    assert.equal(calls.length, 2);
  });

  test('loadTable keeps snapshot ids above 2^53 exact in the typed and the raw result', async () => {
    const { fetchImpl } = fakeFetch({
      '/v1/local/namespaces/db/tables/t': { body: `{"metadata-location":"file:///w/t/metadata/0.json","metadata":${METADATA},"config":{}}` },
    });
    const { table, raw } = await new ApiClient({ fetch: fetchImpl }).loadTable('local', ['db'], 't');
    assert.equal(table.metadata['current-snapshot-id'], 9007199254740993n);
    assert.equal(table.metadata.snapshots[0]?.['snapshot-id'], 9007199254740993n);
    assert.equal((raw as { metadata: { 'current-snapshot-id': unknown } }).metadata['current-snapshot-id'], 9007199254740993n);
  });

  test('Iceberg errors become ApiError with the server message and type', async () => {
    const { fetchImpl } = fakeFetch({
      '/v1/local/namespaces/nope/tables/t': {
        status: 404,
        body: '{"error":{"message":"Table does not exist: nope.t","type":"NoSuchTableException","code":404}}',
      },
    });
    const err = await new ApiClient({ fetch: fetchImpl }).loadTable('local', ['nope'], 't').catch((e: unknown) => e);
    assert.ok(err instanceof ApiError);
    assert.equal(err.status, 404);
    assert.equal(err.type, 'NoSuchTableException');
    assert.equal(err.message, 'Table does not exist: nope.t');
  });

  test('401 on an authenticated call reports an auth error; OAuth errors carry the description', async () => {
    const { fetchImpl, calls } = fakeFetch({
      '/api/v1/server/status': { status: 401, body: '{"error":{"message":"Invalid bearer token","type":"NotAuthorizedException","code":401}}' },
      '/v1/oauth/tokens': { status: 401, body: '{"error":"invalid_client","error_description":"Unknown client or wrong secret"}' },
    });
    const seen: ApiError[] = [];
    const client = new ApiClient({ fetch: fetchImpl, getToken: () => 'old', onAuthError: (e) => seen.push(e) });
    await assert.rejects(client.serverStatus(), { type: 'NotAuthorizedException' });
    assert.equal(seen.length, 1);
    await assert.rejects(client.requestToken('id', 'bad'), { type: 'invalid_client', message: 'Unknown client or wrong secret' });
    assert.equal(seen.length, 1, 'a failed login is not a session expiry');
    assert.equal(calls[1]?.headers.get('authorization'), null, 'no bearer on the token request');
    assert.equal(calls[1]?.body, 'grant_type=client_credentials&client_id=id&client_secret=bad&scope=catalog');
  });

  test('responses of the wrong shape are rejected with a clear message', async () => {
    const { fetchImpl } = fakeFetch({ '/v1/x/namespaces': { body: '{"namespaces":"oops"}' } });
    await assert.rejects(new ApiClient({ fetch: fetchImpl }).listNamespaces('x'), (e: unknown) => e instanceof ApiError && /namespaces/.test(e.message));
  });

  test('network failures say the server is unreachable', async () => {
    const client = new ApiClient({ fetch: (async () => Promise.reject(new TypeError('fetch failed'))) as typeof fetch });
    await assert.rejects(client.health(), { type: 'NetworkError' });
  });
});
