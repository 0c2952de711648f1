// The warehouse and catalog admin API through HTTP: validation with the right key names,
// secrets encrypted at rest and never returned, "test connection", and tables of a new
// catalog landing in the new warehouse.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { SecretCipher } from '../../src/server/secrets/cipher.js';
import { SIMPLE_SCHEMA, startTestServer, type TestServer } from '../helpers/server.js';

const SECRET = 'very-secret-value-123';

describe('warehouse and catalog admin API', () => {
  let s: TestServer;
  const folder = () => pathToFileURL(mkdtempSync(join(tmpdir(), 'pangolin-wh-'))).href;
  before(async () => {
    s = await startTestServer();
  });
  after(() => s.stop());

  it('creates, lists, reads, updates and deletes a local warehouse and its catalog', async () => {
    const location = folder();
    const created = await s.http('POST', '/api/v1/warehouses', { name: 'lake', location });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.location, location);
    assert.deepEqual(created.body.client_config, {});
    assert.equal(created.body.vending_strategy, null);

    const cat = await s.http('POST', '/api/v1/catalogs', { name: 'analytics', warehouse: 'lake' });
    assert.equal(cat.status, 201, cat.text);
    assert.equal(cat.body.warehouse, 'lake');

    const list = await s.http('GET', '/api/v1/warehouses');
    assert.ok(list.body.warehouses.some((w: { name: string }) => w.name === 'lake'));
    assert.ok((await s.http('GET', '/api/v1/catalogs')).body.catalogs.some((c: { name: string }) => c.name === 'analytics'));

    // An Iceberg client using the new catalog writes into the new warehouse's folder.
    assert.equal((await s.http('POST', '/v1/analytics/namespaces', { namespace: ['sales'] })).status, 200);
    const t = await s.http('POST', '/v1/analytics/namespaces/sales/tables', { name: 'orders', schema: SIMPLE_SCHEMA });
    assert.equal(t.status, 200, t.text);
    assert.ok(t.body['metadata-location'].startsWith(`${location.replace(/\/$/, '')}/analytics/sales/orders/metadata/`), t.body['metadata-location']);

    // In use: neither the warehouse nor the non-empty catalog can go.
    const inUse = await s.http('DELETE', '/api/v1/warehouses/lake');
    assert.equal(inUse.status, 409);
    assert.match(inUse.body.error.message, /analytics/);
    assert.equal((await s.http('DELETE', '/api/v1/catalogs/analytics')).status, 409);

    const patched = await s.http('PATCH', '/api/v1/catalogs/analytics', { properties: { owner: 'data-team' } });
    assert.equal(patched.status, 200, patched.text);
    assert.deepEqual(patched.body.properties, { owner: 'data-team' });

    assert.equal((await s.http('DELETE', '/v1/analytics/namespaces/sales/tables/orders')).status, 204);
    assert.equal((await s.http('DELETE', '/v1/analytics/namespaces/sales')).status, 204);
    assert.equal((await s.http('DELETE', '/api/v1/catalogs/analytics')).status, 204);
    assert.equal((await s.http('DELETE', '/api/v1/warehouses/lake')).status, 204);
    assert.equal((await s.http('GET', '/api/v1/warehouses/lake')).status, 404);
  });

  it('refuses legacy or wrong storage_config keys naming the right one, and saves nothing', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ access_key_id: 'AK', 's3.secret-access-key': SECRET }, /s3\.access-key-id/],
      [{ AWS_SECRET_ACCESS_KEY: SECRET, 's3.access-key-id': 'AK' }, /s3\.secret-access-key/],
      [{ bucket: 'b' }, /s3\.bucket/],
      [{ endpoint: 'http://localhost:9000' }, /s3\.endpoint/],
    ];
    for (const [storage_config, right] of cases) {
      const r = await s.http('POST', '/api/v1/warehouses', { name: 'bad', location: 's3://b/p', storage_config });
      assert.equal(r.status, 400, r.text);
      assert.equal(r.body.error.type, 'BadRequestException');
      assert.match(r.body.error.message, right);
      assert.ok(!r.text.includes(SECRET), 'the error must not echo a secret');
    }
    assert.equal((await s.http('GET', '/api/v1/warehouses/bad')).status, 404);
  });

  it('refuses bad input in the Iceberg error shape', async () => {
    const bad: [unknown, RegExp][] = [
      ['{not json', /./],
      [{ name: 'x', location: 'hdfs://nn/x' }, /Unsupported location/],
      [{ name: 'has space', location: folder() }, /name/],
      [{ name: 'x', location: folder(), extra: 1 }, /extra|Unrecognized/i],
      [{ name: 'x', location: folder(), storage_config: { 's3.endpoint': 1 } }, /storage_config/],
      [{ name: 'x', location: 's3://b/p', vending_strategy: { type: 'Magic' } }, /vending_strategy/],
      [{ name: 'x', location: 's3://b/p', vending_strategy: { type: 'AzureSas' } }, /azure/],
      [{ name: 'x', location: 's3://b/p', vending_strategy: { type: 'AwsStatic' } }, /s3\.access-key-id/],
      [{ name: 'x', location: 's3://b/p', client_config: { 's3.secret-access-key': SECRET } }, /client_config/],
    ];
    for (const [body, msg] of bad) {
      const r = await s.http('POST', '/api/v1/warehouses', body);
      assert.equal(r.status, 400, `${JSON.stringify(body)} -> ${r.status} ${r.text}`);
      assert.equal(typeof r.body.error.message, 'string');
      assert.equal(r.body.error.code, 400);
      assert.match(r.body.error.message, msg);
      assert.ok(!r.text.includes(SECRET));
    }
    const cat = await s.http('POST', '/api/v1/catalogs', { name: 'c1', warehouse: 'missing' });
    assert.equal(cat.status, 404);
    assert.match(cat.body.error.message, /missing/);
    assert.equal((await s.http('POST', '/api/v1/catalogs', { name: 'config', warehouse: 'local' })).status, 400);
  });

  it('encrypts secrets at rest, never returns them, and keeps them when the placeholder comes back', async () => {
    const r = await s.http('POST', '/api/v1/warehouses', {
      name: 'remote',
      location: 's3://bucket/prefix',
      storage_config: { 's3.access-key-id': 'AKIDEXAMPLE', 's3.secret-access-key': SECRET, 's3.endpoint': 'http://minio:9000', 's3.region': 'us-east-1' },
      client_config: { 's3.endpoint': 'http://localhost:9000' },
      vending_strategy: { type: 'AwsStatic' },
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.storage_config['s3.secret-access-key'], '********');
    assert.equal(r.body.storage_config['s3.access-key-id'], 'AKIDEXAMPLE');
    for (const res of [r, await s.http('GET', '/api/v1/warehouses/remote'), await s.http('GET', '/api/v1/warehouses')]) assert.ok(!res.text.includes(SECRET));

    const db = new Database(join(s.dataDir, 'catalog.db'), { readonly: true });
    const rows = db.prepare('SELECT * FROM warehouses').all();
    db.close();
    const dump = JSON.stringify(rows);
    assert.ok(!dump.includes(SECRET), 'the secret is not stored in clear text');
    assert.match(dump, /enc:v1:/);

    // Round-tripping the response keeps the stored secret; a new value replaces it.
    const back = await s.http('PATCH', '/api/v1/warehouses/remote', { storage_config: { ...r.body.storage_config, 's3.region': 'eu-west-1' } });
    assert.equal(back.status, 200, back.text);
    assert.equal(back.body.storage_config['s3.region'], 'eu-west-1');
    assert.equal(back.body.storage_config['s3.secret-access-key'], '********');
    // A catalog on it hands the decrypted secret to vending clients only.
    assert.equal((await s.http('POST', '/api/v1/catalogs', { name: 'remote', warehouse: 'remote' })).status, 201);
    const { handle } = s;
    const stored = await handle.store.getWarehouse({ tenantId: handle.bootstrap.tenant.id, name: 'remote' });
    assert.ok(stored && stored.storageConfig['s3.secret-access-key'] !== SECRET);
  });

  it('rename_keys never moves a secret to a plain key or back (400 naming both, nothing saved); legacy secret names still rename', async () => {
    const config = { 's3.access-key-id': 'AKIDEXAMPLE', 's3.secret-access-key': SECRET, 's3.endpoint': 'http://minio:9000', 's3.region': 'us-east-1' };
    assert.equal((await s.http('POST', '/api/v1/warehouses', { name: 'renamer', location: 's3://bucket/renamer', storage_config: config })).status, 201);
    const { store, bootstrap } = s.handle;
    const storedConfig = async () => (await store.getWarehouse({ tenantId: bootstrap.tenant.id, name: 'renamer' }))!.storageConfig;
    const before = await storedConfig();
    for (const [from, to] of [['s3.secret-access-key', 's3.role-session-name'], ['s3.secret-access-key', 's3.region'], ['s3.region', 's3.session-token'], ['s3.access-key-id', 's3.secret-access-key']]) {
      const r = await s.http('PATCH', '/api/v1/warehouses/renamer', { rename_keys: { [from]: to } });
      assert.equal(r.status, 400, `${from} → ${to}: ${r.text}`);
      assert.equal(r.body.error.type, 'BadRequestException');
      assert.ok(r.body.error.message.includes(`"${from}"`) && r.body.error.message.includes(`"${to}"`), r.body.error.message);
      assert.ok(!r.text.includes(SECRET));
      assert.deepEqual(await storedConfig(), before, 'nothing saved');
    }
    const shown = await s.http('GET', '/api/v1/warehouses/renamer');
    assert.equal(shown.body.storage_config['s3.secret-access-key'], '********');
    assert.ok(!shown.text.includes(SECRET));

    // Secret to secret is a rename like any other (the value stays encrypted and hidden).
    const moved = await s.http('PATCH', '/api/v1/warehouses/renamer', { rename_keys: { 's3.secret-access-key': 'client.secret-access-key' } });
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.body.storage_config['client.secret-access-key'], '********');
    assert.ok(!moved.text.includes(SECRET));

    // The troubleshooter's fix: legacy names stored by an older version become Iceberg keys, secrets kept.
    const { 'client.secret-access-key': encrypted, ...rest } = await storedConfig();
    const { 's3.access-key-id': id, ...others } = rest;
    await store.updateWarehouse((await store.getWarehouse({ tenantId: bootstrap.tenant.id, name: 'renamer' }))!.id, { storageConfig: { ...others, access_key: id, secret_access_key: encrypted } });
    const legacy = await s.http('PATCH', '/api/v1/warehouses/renamer', { rename_keys: { access_key: 's3.access-key-id', secret_access_key: 's3.secret-access-key' } });
    assert.equal(legacy.status, 200, legacy.text);
    assert.equal(legacy.body.storage_config['s3.access-key-id'], 'AKIDEXAMPLE');
    assert.equal(legacy.body.storage_config['s3.secret-access-key'], '********');
    assert.ok(!legacy.text.includes(SECRET));
    const cipher = SecretCipher.fromConfig(s.handle.config.encryptionKey, s.dataDir);
    assert.equal(cipher.decrypt((await storedConfig())['s3.secret-access-key']), SECRET, 'the secret kept its value, encrypted');
    assert.match((await storedConfig())['s3.secret-access-key'], /^enc:v1:/);
  });

  it('tests the connection of a local warehouse, and reports a missing folder on save with check', async () => {
    const ok = await s.http('POST', '/api/v1/warehouses-check', { location: folder() });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.ok, true);
    assert.deepEqual(ok.body.steps.map((x: { id: string }) => x.id), ['config', 'reach', 'write', 'read', 'delete']);

    const wrongKeys = await s.http('POST', '/api/v1/warehouses-check', { location: 's3://b/p', storage_config: { bucket: 'b' } });
    assert.equal(wrongKeys.status, 400);
    assert.match(wrongKeys.body.error.message, /s3\.bucket/);
  });
});
