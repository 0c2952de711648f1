// Register reads only Iceberg metadata inside the warehouse, says nothing about other
// files, and replacing a live table (overwrite) takes drop as well as create.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { requestJson, SIMPLE_SCHEMA, startTestServer, type TestServer } from '../helpers/server.js';
import { createUser, grantRole, login, ROOT_ENV } from './principals.js';

let s: TestServer;
let W: string;
let creator: Record<string, string>;
const R = '/v1/local/namespaces/reg/register';

before(async () => {
  s = await startTestServer({ env: ROOT_ENV });
  W = join(s.dataDir, 'warehouses', 'local');
  const tenant = s.handle.bootstrap.tenant.id;
  const u = await createUser(s, tenant, 'cora-creator', 'tenant-user');
  await grantRole(s, tenant, 'creators', [{ scope: { catalog: 'local', namespace: ['reg'] }, privileges: ['read', 'write', 'create'] }], [{ kind: 'user', id: u.id }]);
  creator = { authorization: `Bearer ${await login(s.url, 'cora-creator', u.password)}` };
  assert.equal((await s.http('POST', '/v1/local/namespaces', { namespace: ['reg'] })).status, 200);
});
after(async () => s?.stop());

test('a file that is not Iceberg metadata is one 400 that reveals nothing of it', async () => {
  const files: [string, string][] = [
    ['plain.txt', 'TOP-SECRET-first-line\n'],
    ['array.json', '[1,2,3]'],
    ['other.json', '{"hello": "TOP-SECRET"}'],
    ['half.json', '{"format-version": 2, "table-uuid": "x"}'],
  ];
  for (const [name, content] of files) {
    writeFileSync(join(W, name), content);
    const r = await s.http('POST', R, { name: 'x', 'metadata-location': pathToFileURL(join(W, name)).href });
    assert.equal(r.status, 400, `${name}: ${r.text}`);
    assert.equal(r.body.error.type, 'BadRequestException');
    assert.ok(!r.text.includes('TOP-SECRET') && !r.text.includes('Unexpected'), r.text);
  }
  assert.equal((await s.http('GET', '/v1/local/namespaces/reg/tables')).body.identifiers.length, 0);
});

test('overwrite needs drop on the table; create alone registers new tables only', async () => {
  const t = await s.http('POST', '/v1/local/namespaces/reg/tables', { name: 'live', schema: SIMPLE_SCHEMA });
  const other = await s.http('POST', '/v1/local/namespaces/reg/tables', { name: 'donor', schema: SIMPLE_SCHEMA });
  await s.http('DELETE', '/v1/local/namespaces/reg/tables/donor');
  const body = { name: 'live', 'metadata-location': other.body['metadata-location'], overwrite: true };
  const denied = await requestJson(s.url + R, 'POST', body, creator);
  assert.equal(denied.status, 403, denied.text);
  assert.match(denied.body.error.message, /drop/);
  assert.equal((await s.http('GET', '/v1/local/namespaces/reg/tables/live')).body['metadata-location'], t.body['metadata-location'], 'unchanged');
  const fresh = await requestJson(s.url + R, 'POST', { name: 'donor2', 'metadata-location': other.body['metadata-location'] }, creator);
  assert.equal(fresh.status, 200, fresh.text);
  assert.equal((await requestJson(s.url + R, 'POST', { ...body, name: 'donor2', overwrite: true }, creator)).status, 403);
  const admin = await s.http('POST', R, { name: 'donor2', 'metadata-location': other.body['metadata-location'], overwrite: true });
  assert.equal(admin.status, 200, admin.text);
});
