// The API client's warehouse/catalog calls, the routes of the admin pages and the
// PyIceberg snippet.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiClient, ApiError } from '../../../src/renderer/src/api/client.js';
import { formatRoute, parseRoute, type Route } from '../../../src/renderer/src/lib/routes.js';
import { pyicebergSnippet } from '../../../src/renderer/src/lib/snippets.js';

function fakeFetch(answer: (url: string, init: RequestInit) => { status?: number; body?: string }) {
  const calls: { url: string; method: string; body?: string; auth: string | null }[] = [];
  const fetchImpl = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = String(input);
    calls.push({ url, method: init.method ?? 'GET', body: init.body as string | undefined, auth: new Headers(init.headers).get('authorization') });
    const a = answer(url, init);
    return new Response(a.body ?? null, { status: a.status ?? 200, headers: a.body ? { 'content-type': 'application/json' } : {} });
  }) as typeof fetch;
  return { calls, fetchImpl };
}

const WAREHOUSE = { id: 'w1', name: 'lake', location: 'file:///tmp/lake', storage_config: { 's3.secret-access-key': '********' }, client_config: {}, vending_strategy: null, created_at: '2026-01-01T00:00:00Z' };

describe('ApiClient admin calls', () => {
  test('create sends snake_case JSON with check; list follows next_page_token', async () => {
    const { calls, fetchImpl } = fakeFetch((url) => {
      if (url === '/api/v1/warehouses?pageToken=p2') return { body: JSON.stringify({ warehouses: [{ ...WAREHOUSE, id: 'w2', name: 'b' }], next_page_token: null }) };
      if (url === '/api/v1/warehouses') return { status: 201, body: JSON.stringify({ warehouses: [WAREHOUSE], next_page_token: 'p2' }) };
      return { status: 404, body: '{}' };
    });
    const client = new ApiClient({ fetch: fetchImpl, getToken: () => 't' });
    assert.deepEqual((await client.listWarehouses()).map((w) => w.name), ['lake', 'b']);
    await client.createWarehouse({ name: 'lake', location: 'file:///tmp/lake', vending_strategy: { type: 'AwsSts', role_arn: 'r', duration_seconds: 900 }, check: true }).catch(() => undefined);
    const post = calls.find((c) => c.method === 'POST')!;
    assert.equal(post.url, '/api/v1/warehouses');
    assert.deepEqual(JSON.parse(post.body!), { name: 'lake', location: 'file:///tmp/lake', vending_strategy: { type: 'AwsSts', role_arn: 'r', duration_seconds: 900 }, check: true });
    assert.equal(post.auth, 'Bearer t');
  });

  test('check of a saved and of an unsaved warehouse hit their endpoints', async () => {
    const result = JSON.stringify({ ok: true, steps: [{ id: 'config', title: 'Storage configuration keys', status: 'pass', message: 'ok' }] });
    const { calls, fetchImpl } = fakeFetch(() => ({ body: result }));
    const client = new ApiClient({ fetch: fetchImpl });
    assert.equal((await client.checkWarehouse('my lake')).ok, true);
    await client.checkUnsavedWarehouse({ location: 's3://b/x', storage_config: {} });
    assert.deepEqual(calls.map((c) => `${c.method} ${c.url}`), ['POST /api/v1/warehouses/my%20lake/check', 'POST /api/v1/warehouses-check']);
  });

  test('delete accepts 204; a 409 keeps the server message, type and body', async () => {
    const conflict = { error: { message: 'Warehouse lake is still used by catalog "analytics": delete them or move them to another warehouse first', type: 'ConflictException', code: 409 } };
    const { fetchImpl } = fakeFetch((url) => (url.endsWith('/lake') ? { status: 409, body: JSON.stringify(conflict) } : { status: 204 }));
    const client = new ApiClient({ fetch: fetchImpl });
    await client.deleteWarehouse('other');
    await client.deleteCatalog('c');
    const err = await client.deleteWarehouse('lake').catch((e: unknown) => e);
    assert.ok(err instanceof ApiError);
    assert.equal(err.status, 409);
    assert.equal(err.type, 'ConflictException');
    assert.match(err.message, /analytics/);
    assert.deepEqual(err.body, conflict);
  });

  test('catalog create/update/get', async () => {
    const cat = { id: 'c1', name: 'analytics', warehouse: 'lake', properties: { owner: 'x' }, created_at: '2026-01-01T00:00:00Z' };
    const { calls, fetchImpl } = fakeFetch(() => ({ body: JSON.stringify(cat) }));
    const client = new ApiClient({ fetch: fetchImpl });
    assert.equal((await client.createCatalog({ name: 'analytics', warehouse: 'lake', properties: { owner: 'x' } })).warehouse, 'lake');
    await client.updateCatalog('analytics', { properties: {} });
    await client.getCatalog('analytics');
    assert.deepEqual(calls.map((c) => `${c.method} ${c.url}`), ['POST /api/v1/catalogs', 'PATCH /api/v1/catalogs/analytics', 'GET /api/v1/catalogs/analytics']);
  });
});

describe('admin routes', () => {
  test('list, new and edit round-trip, for both pages', () => {
    const cases: [Route, string][] = [
      [{ page: 'warehouses' }, '#/warehouses'],
      [{ page: 'warehouses', create: true }, '#/warehouses?new'],
      [{ page: 'warehouses', name: 'new' }, '#/warehouses?name=new'],
      [{ page: 'catalogs', name: 'a.b-c' }, '#/catalogs?name=a.b-c'],
      [{ page: 'catalogs', create: true }, '#/catalogs?new'],
    ];
    for (const [route, hash] of cases) {
      assert.equal(formatRoute(route), hash);
      assert.deepEqual(parseRoute(hash), route);
    }
    assert.deepEqual(parseRoute('#/warehouses?name=%E0%A4%A'), { page: 'warehouses' });
  });
});

describe('PyIceberg snippet', () => {
  test('uri, warehouse = catalog name, credential placeholder; quotes escaped', () => {
    const s = pyicebergSnippet('http://127.0.0.1:8080', 'analytics');
    assert.match(s, /load_catalog\(\n {4}"analytics",\n {4}type="rest",\n {4}uri="http:\/\/127\.0\.0\.1:8080",\n {4}warehouse="analytics",\n {4}credential="<client_id>:<client_secret>",\n\)/);
    assert.match(pyicebergSnippet('http://h', 'a"b'), /warehouse="a\\"b"/);
  });
});
