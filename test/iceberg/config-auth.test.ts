import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { requestJson, startTestServer, type TestServer } from '../helpers/server.js';
import { SERVED_ENDPOINTS } from '../../src/server/iceberg/routes/endpoints.js';

describe('config and authentication', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ env: { PANGOLIN_ROOT_USER: 'admin', PANGOLIN_ROOT_PASSWORD: 'a-long-root-password' } });
  });
  after(() => s.stop());

  test('GET /v1/config selects the catalog named by warehouse and lists endpoints', async () => {
    const r = await s.http('GET', '/v1/config?warehouse=local');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.defaults, {});
    assert.equal(r.body.overrides.prefix, 'local');
    assert.deepEqual(r.body.endpoints, [...SERVED_ENDPOINTS]);
    assert.ok(r.body.endpoints.includes('HEAD /v1/{prefix}/namespaces/{namespace}/tables/{table}'));
  });

  test('GET /v1/config with an unknown warehouse is a 404 NoSuchWarehouseException', async () => {
    const r = await s.http('GET', '/v1/config?warehouse=nope');
    assert.equal(r.status, 404);
    assert.equal(r.body.error.type, 'NoSuchWarehouseException');
    assert.equal(r.body.error.code, 404);
    assert.match(r.body.error.message, /nope/);
  });

  test('no credential: 401 in the Iceberg error shape, and nothing is created', async () => {
    const r = await requestJson(`${s.url}/v1/namespaces`, 'POST', { namespace: ['anon'] });
    assert.equal(r.status, 401);
    assert.deepEqual(Object.keys(r.body), ['error']);
    assert.equal(r.body.error.code, 401);
    assert.equal(r.body.error.type, 'NotAuthorizedException');
    const list = await s.http('GET', '/v1/namespaces');
    assert.ok(!list.body.namespaces.some((n: string[]) => n[0] === 'anon'));
  });

  test('a forged or garbage bearer token is refused', async () => {
    const r = await requestJson(`${s.url}/v1/namespaces`, 'GET', undefined, { authorization: 'Bearer abc.def.ghi' });
    assert.equal(r.status, 401);
    const tampered = s.token.slice(0, -2) + (s.token.endsWith('AA') ? 'BB' : 'AA');
    const r2 = await requestJson(`${s.url}/v1/namespaces`, 'GET', undefined, { authorization: `Bearer ${tampered}` });
    assert.equal(r2.status, 401);
  });

  test('oauth: wrong secret → invalid_client; unsupported grant → unsupported_grant_type', async () => {
    const bad = await fetch(`${s.url}/v1/oauth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: s.handle.bootstrap.clientId, client_secret: 'wrong' }),
    });
    assert.equal(bad.status, 401);
    assert.equal(((await bad.json()) as { error: string }).error, 'invalid_client');
    const grant = await fetch(`${s.url}/v1/oauth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', username: 'x', password: 'y' }),
    });
    assert.equal(grant.status, 400);
    assert.equal(((await grant.json()) as { error: string }).error, 'unsupported_grant_type');
  });

  test('oauth: token response has access_token, token_type and expires_in; token-exchange refreshes', async () => {
    const res = await fetch(`${s.url}/v1/oauth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: s.handle.bootstrap.clientId, client_secret: s.handle.bootstrap.clientSecret }),
    });
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(res.status, 200);
    assert.equal(body.token_type, 'bearer');
    assert.equal(typeof body.access_token, 'string');
    assert.ok(Number(body.expires_in) > 0);
    const ex = await fetch(`${s.url}/v1/oauth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange', subject_token: String(body.access_token), subject_token_type: 'urn:ietf:params:oauth:token-type:access_token' }),
    });
    assert.equal(ex.status, 200);
    const refreshed = (await ex.json()) as { access_token: string };
    const ok = await requestJson(`${s.url}/v1/namespaces`, 'GET', undefined, { authorization: `Bearer ${refreshed.access_token}` });
    assert.equal(ok.status, 200);
  });

  test('root Basic auth works when both root variables are set; wrong password refused', async () => {
    const good = Buffer.from('admin:a-long-root-password').toString('base64');
    const r = await requestJson(`${s.url}/v1/config`, 'GET', undefined, { authorization: `Basic ${good}` });
    assert.equal(r.status, 200);
    const bad = Buffer.from('admin:nope').toString('base64');
    const r2 = await requestJson(`${s.url}/v1/config`, 'GET', undefined, { authorization: `Basic ${bad}` });
    assert.equal(r2.status, 401);
  });

  test('root credential works through client_credentials (PyIceberg credential=user:password)', async () => {
    const res = await fetch(`${s.url}/v1/oauth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'admin', client_secret: 'a-long-root-password' }),
    });
    assert.equal(res.status, 200);
  });

  test('secrets never appear in responses: status endpoint has no client secret', async () => {
    const r = await s.http('GET', '/api/v1/server/status');
    assert.equal(r.status, 200);
    assert.equal(r.body.store_type, 'sqlite');
    assert.ok(!r.text.includes(s.handle.bootstrap.clientSecret));
    assert.ok(!r.text.includes('a-long-root-password'));
  });

  test('unknown /v1 route is a 404 in the Iceberg error shape', async () => {
    const r = await s.http('GET', '/v1/local/no-such-route');
    assert.equal(r.status, 404);
    assert.equal(r.body.error.code, 404);
  });
});

describe('Basic auth without root variables', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ storeType: 'memory' });
  });
  after(() => s.stop());

  test('says which variable is missing', async () => {
    const r = await requestJson(`${s.url}/v1/config`, 'GET', undefined, { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` });
    assert.equal(r.status, 401);
    assert.match(r.body.error.message, /PANGOLIN_ROOT_USER and PANGOLIN_ROOT_PASSWORD/);
  });
});
