// The authorization matrix's location dimension: every entry point that takes a location
// × every way out of the warehouse, as tenant A's admin and as root. Each must be refused
// in the Iceberg error shape and change nothing: no entry, no moved pointer, no file.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { requestJson, SIMPLE_SCHEMA, startTestServer, type HttpResult, type TestServer } from '../helpers/server.js';
import { ROOT_ENV, setUpWorld, type World } from './principals.js';

let s: TestServer;
let world: World;
let W: string; // tenant A's warehouse folder
let data: string;

const T = '/v1/local/namespaces/m/tables';
const V = '/v1/local/namespaces/m/views';

function viewBody(name: string, location?: string) {
  return {
    name,
    ...(location ? { location } : {}),
    schema: { type: 'struct', 'schema-id': 0, fields: [{ id: 1, name: 'id', required: false, type: 'int' }] },
    'view-version': {
      'version-id': 1,
      'timestamp-ms': Date.now(),
      'schema-id': 0,
      summary: {},
      representations: [{ type: 'sql', sql: 'SELECT 1 AS id', dialect: 'spark' }],
      'default-namespace': ['m'],
    },
    properties: {},
  };
}

/** Every way out of tenant A's warehouse, named. */
function escapes(): [string, string][] {
  const url = (p: string) => pathToFileURL(p).href;
  return [
    ['sibling folder', url(`${W}-sibling/t`)],
    ["another tenant's folder", url(join(data, 'warehouses', 'b', 't'))],
    ['the data dir', url(data)],
    ['a file of the data dir', url(join(data, 'jwt-secret'))],
    ['a parent', url(join(data, 'warehouses'))],
    ['..', `${url(W)}/../b/t`],
    ['percent-encoded ..', `${url(W)}/%2e%2E/b/t`],
    ['encoded slash ..', `${url(W)}/x%2F..%2F..%2Fb`],
    ['a symlink out', `${url(W)}/link-out/t`],
    ['another bucket', 's3://other-bucket/lake/t'],
    ['another scheme', 'gs://some-bucket/t'],
    ['an unsupported scheme', 'hdfs://namenode/warehouse/t'],
    ['a bare path outside', join(data, 'warehouses', 'b', 't')],
    ['a relative path', 'relative/t'],
    ['a duplicate slash', `${url(W)}//t`],
  ];
}

type Caller = 'adminA' | 'root';
const http = (c: Caller, method: string, path: string, body?: unknown): Promise<HttpResult> => requestJson(s.url + path, method, body, world.headers[c]);

function refused(r: HttpResult, what: string): void {
  assert.ok(r.status === 400 || r.status === 403, `${what}: expected 400/403, got ${r.status} ${r.text}`);
  assert.equal(typeof r.body?.error?.message, 'string', `${what}: Iceberg error shape`);
  assert.equal(r.body.error.code, r.status);
}

async function tableNames(): Promise<string[]> {
  const r = await http('root', 'GET', T);
  return r.body.identifiers.map((i: { name: string }) => i.name).sort();
}

/** Files anywhere outside W that a refused request could have written. */
function outsideFiles(): string[] {
  const found: string[] = [];
  for (const dir of [`${W}-sibling`, join(data, 'warehouses', 'b')]) {
    if (!existsSync(dir)) continue;
    for (const e of readdirSync(dir, { recursive: true }) as string[]) found.push(join(dir, e));
  }
  return found;
}

before(async () => {
  s = await startTestServer({ env: ROOT_ENV });
  data = s.dataDir;
  world = await setUpWorld(s);
  W = join(data, 'warehouses', 'local');
  mkdirSync(`${W}-sibling`, { recursive: true });
  symlinkSync(data, join(W, 'link-out'));
  assert.equal((await s.http('POST', '/v1/local/namespaces', { namespace: ['m'] })).status, 200);
  assert.equal((await s.http('POST', T, { name: 't', schema: SIMPLE_SCHEMA })).status, 200);
  assert.equal((await s.http('POST', V, viewBody('v'))).status, 200);
});
after(async () => s?.stop());

describe('location policy × every entry point × every way out', () => {
  for (const caller of ['adminA', 'root'] as const) {
    test(`create, stage-create and register tables (${caller})`, async () => {
      const before = await tableNames();
      for (const [name, loc] of escapes()) {
        refused(await http(caller, 'POST', T, { name: 'evil', schema: SIMPLE_SCHEMA, location: loc }), `create at ${name}`);
        refused(await http(caller, 'POST', T, { name: 'evil', schema: SIMPLE_SCHEMA, location: loc, 'stage-create': true }), `stage-create at ${name}`);
        refused(await http(caller, 'POST', '/v1/local/namespaces/m/register', { name: 'evil', 'metadata-location': `${loc}/metadata/00000-x.metadata.json` }), `register from ${name}`);
        for (const key of ['write.data.path', 'write.metadata.path', 'write.object-storage.path']) {
          refused(await http(caller, 'POST', T, { name: 'evil', schema: SIMPLE_SCHEMA, properties: { [key]: loc } }), `create with ${key} at ${name}`);
        }
      }
      assert.deepEqual(await tableNames(), before);
      assert.deepEqual(outsideFiles(), []);
    });

    test(`set-location and path properties of an existing table (${caller})`, async () => {
      const current = (await http(caller, 'GET', `${T}/t`)).body['metadata-location'];
      for (const [name, loc] of escapes()) {
        refused(await http(caller, 'POST', `${T}/t`, { requirements: [], updates: [{ action: 'set-location', location: loc }] }), `set-location to ${name}`);
        for (const key of ['write.data.path', 'write.metadata.path', 'write.folder-storage.path']) {
          refused(await http(caller, 'POST', `${T}/t`, { requirements: [], updates: [{ action: 'set-properties', updates: { [key]: loc } }] }), `${key} to ${name}`);
        }
        refused(
          await http(caller, 'POST', '/v1/local/transactions/commit', { 'table-changes': [{ identifier: { namespace: ['m'], name: 't' }, requirements: [], updates: [{ action: 'set-location', location: loc }] }] }),
          `transaction set-location to ${name}`,
        );
      }
      assert.equal((await http(caller, 'GET', `${T}/t`)).body['metadata-location'], current, 'pointer unchanged');
      assert.deepEqual(outsideFiles(), []);
    });

    test(`namespace location property (${caller})`, async () => {
      for (const [name, loc] of escapes()) {
        refused(await http(caller, 'POST', '/v1/local/namespaces', { namespace: ['evil'], properties: { location: loc } }), `namespace at ${name}`);
        refused(await http(caller, 'POST', '/v1/local/namespaces/m/properties', { removals: [], updates: { location: loc } }), `namespace location to ${name}`);
      }
      assert.equal((await http(caller, 'GET', '/v1/local/namespaces/evil')).status, 404);
      assert.equal((await http(caller, 'GET', '/v1/local/namespaces/m')).body.properties.location, undefined);
    });

    test(`views: create, set-location, register (${caller})`, async () => {
      const current = (await http(caller, 'GET', `${V}/v`)).body['metadata-location'];
      for (const [name, loc] of escapes()) {
        refused(await http(caller, 'POST', V, viewBody('evil', loc)), `view at ${name}`);
        refused(await http(caller, 'POST', `${V}/v`, { requirements: [], updates: [{ action: 'set-location', location: loc }] }), `view set-location to ${name}`);
        refused(await http(caller, 'POST', '/v1/local/namespaces/m/register-view', { name: 'evil', 'metadata-location': `${loc}/metadata/00000-x.gz.metadata.json` }), `register-view from ${name}`);
      }
      assert.equal((await http(caller, 'GET', `${V}/evil`)).status, 404);
      assert.equal((await http(caller, 'GET', `${V}/v`)).body['metadata-location'], current);
      assert.deepEqual(outsideFiles(), []);
    });

    test(`catalog location property (${caller})`, async () => {
      for (const [name, loc] of escapes()) {
        refused(await http(caller, 'POST', '/api/v1/catalogs', { name: 'evilcat', warehouse: 'local', properties: { location: loc } }), `catalog at ${name}`);
        refused(await http(caller, 'PATCH', '/api/v1/catalogs/local', { properties: { location: loc } }), `catalog location to ${name}`);
      }
      assert.equal((await http(caller, 'GET', '/api/v1/catalogs/evilcat')).status, 404);
      assert.equal((await http(caller, 'GET', '/api/v1/catalogs/local')).body.properties.location, pathToFileURL(W).href);
    });

    test(`warehouse create and update (${caller})`, async () => {
      const url = (p: string) => pathToFileURL(p).href;
      const bad: [string, string][] = [
        ['the data dir', url(data)],
        ['the data dir as a bare path', data],
        ['a parent of the data dir', url(join(data, '..'))],
        ['a folder of the data dir outside warehouses/', url(join(data, 'keys'))],
        ['the warehouses/ folder itself', url(join(data, 'warehouses'))],
        ["another tenant's warehouse", url(join(data, 'warehouses', 'b'))],
        ["inside another tenant's warehouse", join(data, 'warehouses', 'b', 'sub')],
        ['.. into another tenant', `${url(join(data, 'warehouses', 'mine'))}/../b`],
        ['percent-encoded ..', `${url(join(data, 'warehouses', 'mine'))}/%2e%2e/b`],
        ['a symlink to the data dir', url(join(W, 'link-out', 'x'))],
        ['the root folder', 'file:///'],
      ];
      const before = (await http(caller, 'GET', '/api/v1/warehouses')).body.warehouses.length;
      for (const [name, loc] of bad) {
        refused(await http(caller, 'POST', '/api/v1/warehouses', { name: 'evilwh', location: loc, storage_config: {} }), `warehouse at ${name}`);
        refused(await http(caller, 'PATCH', '/api/v1/warehouses/local', { location: loc }), `warehouse moved to ${name}`);
      }
      assert.equal((await http(caller, 'GET', '/api/v1/warehouses')).body.warehouses.length, before);
      assert.equal((await http(caller, 'GET', '/api/v1/warehouses/local')).body.location, url(W));
    });
  }

  test('inside the warehouse is fine, and two live tables may not share a folder', async () => {
    const inside = pathToFileURL(join(W, 'custom', 'mine')).href;
    const ok = await s.http('POST', T, { name: 'custom', schema: SIMPLE_SCHEMA, location: inside, properties: { 'write.data.path': `${inside}/files` } });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.metadata.location, inside);
    for (const loc of [inside, `${inside}/nested`, pathToFileURL(join(W, 'custom')).href]) {
      const r = await s.http('POST', T, { name: 'overlap', schema: SIMPLE_SCHEMA, location: loc });
      refused(r, `overlap at ${loc}`);
      assert.match(r.body.error.message, /overlaps the table m\.custom/);
    }
    const bare = await s.http('POST', T, { name: 'bare', schema: SIMPLE_SCHEMA, location: join(W, 'bare-path') });
    assert.equal(bare.status, 200, bare.text);
  });

  test('a renamed table keeps its folder; the next table of that name gets a new one', async () => {
    const first = await s.http('POST', T, { name: 'r', schema: SIMPLE_SCHEMA });
    assert.equal((await s.http('POST', '/v1/local/tables/rename', { source: { namespace: ['m'], name: 'r' }, destination: { namespace: ['m'], name: 'r_old' } })).status, 204);
    const second = await s.http('POST', T, { name: 'r', schema: SIMPLE_SCHEMA });
    assert.equal(second.status, 200, second.text);
    assert.notEqual(second.body.metadata.location, first.body.metadata.location);
    assert.ok(second.body.metadata.location.startsWith(`${first.body.metadata.location}-`), second.body.metadata.location);
  });

  test("tenant B's admin cannot place anything in tenant A's warehouse either", async () => {
    await requestJson(`${s.url}/v1/bcat/namespaces`, 'POST', { namespace: ['bn'] }, world.headers.adminB);
    for (const loc of [pathToFileURL(join(W, 'stolen')).href, join(data, 'jwt-secret')]) {
      refused(await requestJson(`${s.url}/v1/bcat/namespaces/bn/tables`, 'POST', { name: 'x', schema: SIMPLE_SCHEMA, location: loc }, world.headers.adminB), `B at ${loc}`);
    }
  });

  test('rows stored with a location outside the warehouse are refused on load, never followed', async () => {
    const secret = readFileSync(join(data, 'jwt-secret'), 'utf8');
    const catalog = (await s.handle.store.getCatalog({ tenantId: world.tenantA, name: 'local' }))!;
    const now = new Date().toISOString();
    await s.handle.store.createTable({ catalogId: catalog.id, namespace: ['m'], name: 'planted', kind: 'table', metadataLocation: pathToFileURL(join(data, 'jwt-secret')).href, createdAt: now, updatedAt: now });
    for (const caller of ['adminA', 'root'] as const) {
      const r = await http(caller, 'GET', `${T}/planted`);
      assert.equal(r.status, 403, r.text);
      assert.match(r.body.error.message, /outside its warehouse.*npm run doctor/s);
      assert.ok(!r.text.includes(secret.trim()));
      const inspect = await http(caller, 'GET', '/api/v1/catalogs/local/namespaces/m/tables/planted/inspect');
      assert.equal(inspect.status, 403, inspect.text);
      refused(await http(caller, 'POST', `${T}/planted`, { requirements: [], updates: [{ action: 'set-properties', updates: { a: 'b' } }] }), 'commit on a planted row');
    }
    // The troubleshooter (and so `npm run doctor`) names the entry.
    const doctor = await http('adminA', 'POST', '/api/v1/troubleshoot', { warehouse: 'local' });
    assert.equal(doctor.status, 200, doctor.text);
    const step = doctor.body.steps.find((x: { id: string }) => x.id === 'locations');
    assert.equal(step.status, 'fail');
    assert.match(step.message, /table local\.m\.planted: metadata file .*jwt-secret/);
    await http('root', 'DELETE', `${T}/planted?purgeRequested=true`);
    const clean = await http('adminA', 'POST', '/api/v1/troubleshoot', { warehouse: 'local' });
    assert.equal(clean.body.steps.find((x: { id: string }) => x.id === 'locations').status, 'pass');
    assert.equal(readFileSync(join(data, 'jwt-secret'), 'utf8'), secret, 'purge of a planted row deletes nothing outside');
  });

  test('the inspector and the bucket browser do not follow a symlink out of the warehouse', async () => {
    const table = (await s.http('GET', `${T}/t`)).body.metadata.location as string;
    const tableDir = new URL(table).pathname;
    symlinkSync(join(data, 'jwt-secret'), join(tableDir, 'metadata', 'stolen.metadata.json'));
    const viaInspector = await http('adminA', 'GET', `/api/v1/catalogs/local/namespaces/m/tables/t/inspect/file?path=${encodeURIComponent(`${table}/metadata/stolen.metadata.json`)}`);
    refused(viaInspector, 'inspector through a symlink');
    const key = `${tableDir.slice(W.length + 1)}/metadata/stolen.metadata.json`;
    for (const route of ['object', 'object/preview']) {
      refused(await http('adminA', 'GET', `/api/v1/warehouses/local/${route}?key=${encodeURIComponent(key)}`), `bucket ${route} through a symlink`);
    }
    refused(await http('adminA', 'GET', `/api/v1/warehouses/local/objects?prefix=${encodeURIComponent('link-out/')}`), 'bucket listing through a symlink');
  });

  test('a warehouse stored on the data dir (bare path, before the checks) is not opened', async () => {
    const now = new Date().toISOString();
    const whId = randomUUID();
    await s.handle.store.createWarehouse({ id: whId, tenantId: world.tenantA, name: 'planted-wh', location: data, storageConfig: {}, clientConfig: {}, vendingStrategy: null, createdAt: now });
    await s.handle.store.createCatalog({ id: randomUUID(), tenantId: world.tenantA, name: 'plantedcat', warehouseId: whId, properties: {}, createdAt: now });
    const list = await http('adminA', 'GET', '/api/v1/warehouses/planted-wh/objects?prefix=');
    assert.equal(list.status, 403, list.text);
    assert.ok(!list.text.includes('jwt-secret'));
    assert.equal((await http('adminA', 'GET', '/api/v1/warehouses/planted-wh/object?key=jwt-secret')).status, 403);
    assert.equal((await http('adminA', 'GET', '/v1/plantedcat/namespaces')).status, 403);
  });

  test('only root is told where the data dir is', async () => {
    assert.equal((await http('adminA', 'GET', '/api/v1/server/status')).body.data_dir, null);
    assert.equal((await requestJson(`${s.url}/api/v1/server/status`, 'GET', undefined, world.headers.adminB)).body.data_dir, null);
    assert.equal((await http('root', 'GET', '/api/v1/server/status')).body.data_dir, data);
  });
});
