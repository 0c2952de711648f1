// Grants belong to their object, over HTTP: a deleted catalog's grant does not apply to a
// new catalog of the same name; a table grant follows the table through a rename (as in
// Polaris and Unity Catalog) and a new table under the old name gets none of it; a dropped
// table or namespace takes its grants along. Grants go through the admin API, as a tenant
// admin would make them.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { requestJson, SIMPLE_SCHEMA, startTestServer, type TestServer } from '../helpers/server.js';
import { createUser, login, ROOT_ENV } from './principals.js';

let s: TestServer;
let reader: Record<string, string>;
const asReader = (method: string, path: string) => requestJson(s.url + path, method, undefined, reader);
const ok = (r: { status: number; text: string }, status: number) => assert.equal(r.status, status, r.text);
const grant = async (scope: Record<string, unknown>) => ok(await s.http('POST', '/api/v1/roles/readers/grants', { scope, privileges: ['read'] }), 201);
const grantScopes = async () => (await s.http('GET', '/api/v1/roles/readers/grants')).body.grants.map((g: { scope: unknown }) => g.scope);

before(async () => {
  s = await startTestServer({ env: ROOT_ENV });
  const u = await createUser(s, s.handle.bootstrap.tenant.id, 'rita-reader', 'tenant-user');
  ok(await s.http('POST', '/api/v1/roles', { name: 'readers', description: '' }), 201);
  ok(await s.http('PUT', `/api/v1/roles/readers/members/user/${u.id}`), 200);
  reader = { authorization: `Bearer ${await login(s.url, 'rita-reader', u.password)}` };
});
after(async () => s?.stop());

test('a deleted catalog grant does not apply to a new catalog of the same name', async () => {
  const dir = join(s.dataDir, 'warehouses', 'lake');
  mkdirSync(dir, { recursive: true });
  ok(await s.http('POST', '/api/v1/warehouses', { name: 'lake', location: pathToFileURL(dir).href, storage_config: {} }), 201);
  ok(await s.http('POST', '/api/v1/catalogs', { name: 'lake', warehouse: 'lake' }), 201);
  await grant({ catalog: 'lake' });
  ok(await asReader('GET', '/v1/lake/namespaces'), 200);

  ok(await s.http('DELETE', '/api/v1/catalogs/lake'), 204);
  assert.deepEqual(await grantScopes(), [], 'the grant went with its catalog');
  ok(await s.http('POST', '/api/v1/catalogs', { name: 'lake', warehouse: 'lake' }), 201);
  const r = await asReader('GET', '/v1/lake/namespaces');
  assert.equal(r.status, 403, r.text);
  assert.equal(r.body.error.type, 'ForbiddenException');
});

test('a table grant follows the table through a rename; a new table under the old name gets none', async () => {
  ok(await s.http('POST', '/v1/local/namespaces', { namespace: ['db'] }), 200);
  ok(await s.http('POST', '/v1/local/namespaces/db/tables', { name: 't', schema: SIMPLE_SCHEMA }), 200);
  await grant({ catalog: 'local', namespace: ['db'], table: 't' });
  ok(await asReader('GET', '/v1/local/namespaces/db/tables/t'), 200);

  ok(await s.http('POST', '/v1/local/tables/rename', { source: { namespace: ['db'], name: 't' }, destination: { namespace: ['db'], name: 't2' } }), 204);
  ok(await s.http('POST', '/v1/local/namespaces/db/tables', { name: 't', schema: SIMPLE_SCHEMA }), 200);
  ok(await asReader('GET', '/v1/local/namespaces/db/tables/t'), 403);
  ok(await asReader('GET', '/v1/local/namespaces/db/tables/t2'), 200);
  assert.deepEqual(await grantScopes(), [{ catalog: 'local', namespace: ['db'], table: 't2' }]);

  // Dropped, it takes the grant along: a new t2 is not readable either.
  ok(await s.http('DELETE', '/v1/local/namespaces/db/tables/t2'), 204);
  ok(await s.http('POST', '/v1/local/namespaces/db/tables', { name: 't2', schema: SIMPLE_SCHEMA }), 200);
  ok(await asReader('GET', '/v1/local/namespaces/db/tables/t2'), 403);
  assert.deepEqual(await grantScopes(), []);
});

test('a dropped namespace takes the grants on it and inside it along', async () => {
  ok(await s.http('POST', '/v1/local/namespaces', { namespace: ['sales'] }), 200);
  await grant({ catalog: 'local', namespace: ['sales'] });
  ok(await asReader('GET', '/v1/local/namespaces/sales'), 200);
  ok(await s.http('DELETE', '/v1/local/namespaces/sales'), 204);
  ok(await s.http('POST', '/v1/local/namespaces', { namespace: ['sales'] }), 200);
  ok(await asReader('GET', '/v1/local/namespaces/sales'), 403);
  assert.deepEqual(await grantScopes(), []);
});
