// The guided troubleshooter over HTTP against a real server: the local warehouse passes;
// bad input gets the Iceberg error shape; only tenant admins may run it. With MinIO
// (PANGOLIN_TEST_S3_ENDPOINT): a good S3 warehouse passes every step including a real
// table load with vended credentials (secrets masked); a broken one (legacy key names
// stored before validation existed, a missing bucket) fails with the right steps and
// one-click fixes, and create-bucket + rename_keys then make it pass. The Server page's
// recent requests hold no query strings or secrets.
//   PANGOLIN_TEST_S3_ENDPOINT=http://127.0.0.1:9100 node scripts/test.mjs test/admin/troubleshoot.test.ts
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { hashSecret } from '../../src/server/auth/secret-hash.js';
import { SecretCipher } from '../../src/server/secrets/cipher.js';
import { getToken, requestJson, SIMPLE_SCHEMA, startTestServer, type TestServer } from '../helpers/server.js';

const ENDPOINT = process.env.PANGOLIN_TEST_S3_ENDPOINT;
const ACCESS_KEY = process.env.PANGOLIN_TEST_S3_ACCESS_KEY_ID ?? 'pangolin-test';
const SECRET = process.env.PANGOLIN_TEST_S3_SECRET_ACCESS_KEY ?? 'pangolin-test-secret';
const S3_SKIP = ENDPOINT ? false : 'PANGOLIN_TEST_S3_ENDPOINT is not set (start MinIO with scripts/start-minio.sh)';

type Step = { id: string; title: string; status: string; message: string; fix?: string; action?: Record<string, any>; details?: Record<string, string> };
const byId = (steps: Step[], id: string): Step => {
  const s = steps.find((x) => x.id === id);
  assert.ok(s, `no step ${id} in ${steps.map((x) => x.id).join(',')}`);
  return s;
};
const statuses = (steps: Step[]) => Object.fromEntries(steps.map((s) => [s.id, s.status]));

const ROOT_PASSWORD = `root-${randomUUID()}`;
const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

describe('troubleshoot API', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ env: { PANGOLIN_ROOT_USER: 'admin', PANGOLIN_ROOT_PASSWORD: ROOT_PASSWORD } });
  });
  after(() => s?.stop());

  it('the local warehouse passes every step; database and vending are not applicable', async () => {
    const r = await s.http('POST', '/api/v1/troubleshoot', { catalog: 'local' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.ok, true);
    assert.equal(r.body.catalog, 'local');
    assert.equal(r.body.warehouse, 'local');
    const steps: Step[] = r.body.steps;
    assert.deepEqual(steps.map((x) => x.id), ['auth-root', 'auth-token', 'database', 'locations', 'config', 'endpoint', 'reach', 'bucket', 'write', 'read', 'delete', 'vending']);
    assert.deepEqual(statuses(steps), { 'auth-root': 'pass', 'auth-token': 'pass', database: 'skip', locations: 'pass', config: 'pass', endpoint: 'pass', reach: 'pass', bucket: 'pass', write: 'pass', read: 'pass', delete: 'pass', vending: 'skip' });
    assert.match(byId(steps, 'auth-root').message, /Both are set: root may use HTTP Basic auth/);
    assert.ok(!r.text.includes(ROOT_PASSWORD));
    assert.match(byId(steps, 'database').message, /Not applicable/);
  });

  it('without a target only the server-level steps run', async () => {
    const r = await s.http('POST', '/api/v1/troubleshoot', {});
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.steps.map((x: Step) => x.id), ['auth-root', 'auth-token', 'database', 'target']);
    assert.equal(r.body.warehouse, null);
  });

  it('bad input gets the Iceberg error shape', async () => {
    const unknown = await s.http('POST', '/api/v1/troubleshoot', { catalog: 'local', nope: 1 });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.type, 'BadRequestException');
    assert.equal(unknown.body.error.code, 400);
    assert.match(unknown.body.error.message, /nope/);
    const missing = await s.http('POST', '/api/v1/troubleshoot', { catalog: 'no-such-catalog' });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.type, 'NoSuchWarehouseException');
    const tableOnly = await s.http('POST', '/api/v1/troubleshoot', { table: 'db.t' });
    assert.equal(tableOnly.status, 400);
    assert.match(tableOnly.body.error.message, /table needs catalog/);
    const badTable = await s.http('POST', '/api/v1/troubleshoot', { catalog: 'local', table: 'nodot' });
    assert.equal(badTable.status, 400);
    assert.match(badTable.body.error.message, /<namespace>\.<table>/);
    const wrongPair = await s.http('POST', '/api/v1/troubleshoot', { catalog: 'local', warehouse: 'other' });
    assert.equal(wrongPair.status, 400);
    const bucket = await s.http('POST', '/api/v1/warehouses/no-such/create-bucket');
    assert.equal(bucket.status, 404);
    assert.equal(bucket.body.error.type, 'NoSuchWarehouseException');
  });

  it('a local warehouse whose folder is missing: a warning with the create action; create-bucket creates it once', async () => {
    const dir = `${s.dataDir}/warehouses/lake-${randomUUID().slice(0, 6)}`;
    assert.equal((await s.http('POST', '/api/v1/warehouses', { name: 'lakefolder', location: `file://${dir}` })).status, 201);
    const first = await s.http('POST', '/api/v1/troubleshoot', { warehouse: 'lakefolder' });
    assert.equal(first.body.ok, true, 'a missing folder is only a warning: the first write creates it');
    const bucket = byId(first.body.steps, 'bucket');
    assert.equal(bucket.status, 'warn');
    assert.match(bucket.message, /created on the first write/);
    assert.equal(bucket.action?.kind, 'create-bucket');
    rmSync(dir, { recursive: true, force: true }); // the probe write made it: remove it again
    const r = await s.http('POST', '/api/v1/warehouses/lakefolder/create-bucket');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.created, true);
    assert.match(r.body.message, /^Folder ".*" created$/);
    const again = await s.http('POST', '/api/v1/warehouses/lakefolder/create-bucket');
    assert.equal(again.body.created, false);
    assert.match(again.body.message, /already exists/);
    assert.equal(byId((await s.http('POST', '/api/v1/troubleshoot', { warehouse: 'lakefolder' })).body.steps, 'bucket').status, 'pass');
  });

  it('a tenant user who is not an admin is refused (403) on every troubleshooter route', async () => {
    const clientId = `user-${randomUUID().slice(0, 8)}`;
    const secret = randomUUID();
    await s.handle.store.createClient({ clientId, tenantId: s.handle.bootstrap.tenant.id, name: 'plain user', role: 'tenant-user', secretHash: await hashSecret(secret), createdAt: new Date().toISOString() });
    const token = await getToken(s.url, clientId, secret);
    const auth = { authorization: `Bearer ${token}` };
    for (const [method, path] of [
      ['POST', '/api/v1/troubleshoot'],
      ['POST', '/api/v1/warehouses/local/create-bucket'],
      ['GET', '/api/v1/server/requests'],
    ] as const) {
      const r = await requestJson(s.url + path, method, method === 'POST' ? {} : undefined, auth);
      assert.equal(r.status, 403, `${method} ${path}: ${r.text}`);
      assert.equal(r.body.error.type, 'ForbiddenException');
    }
  });

  it('tenants never see each other: another tenant’s catalog and warehouse are 404; root reaches them with the tenant header', async () => {
    const other = await s.handle.store.createTenant({ id: randomUUID(), name: `other-${randomUUID().slice(0, 6)}`, properties: {}, createdAt: new Date().toISOString() });
    const whId = randomUUID();
    await s.handle.store.createWarehouse({ id: whId, tenantId: other.id, name: 'theirs', location: `file://${s.dataDir}/warehouses/theirs`, storageConfig: {}, clientConfig: {}, vendingStrategy: null, createdAt: new Date().toISOString() });
    await s.handle.store.createCatalog({ id: randomUUID(), tenantId: other.id, name: 'their-catalog', warehouseId: whId, properties: {}, createdAt: new Date().toISOString() });
    const cat = await s.http('POST', '/api/v1/troubleshoot', { catalog: 'their-catalog' });
    assert.equal(cat.status, 404, cat.text);
    assert.equal((await s.http('POST', '/api/v1/troubleshoot', { warehouse: 'theirs' })).status, 404);
    assert.equal((await s.http('POST', '/api/v1/warehouses/theirs/create-bucket')).status, 404);
    const root = await requestJson(`${s.url}/api/v1/troubleshoot`, 'POST', { catalog: 'their-catalog' }, { ...basic('admin', ROOT_PASSWORD), 'x-pangolin-tenant': other.name });
    assert.equal(root.status, 200, root.text);
    assert.equal(root.body.ok, true);
    assert.equal(root.body.warehouse, 'theirs');
    assert.match(byId(root.body.steps, 'auth-token').message, /root \("admin"\) with HTTP Basic/);
  });

  it('recent requests: method, path, status, time and request id; errors with their message; never a query string', async () => {
    await s.http('GET', '/v1/config?warehouse=local&secret=do-not-keep-me');
    const failed = await s.http('GET', '/v1/local/namespaces/nope-ns');
    assert.equal(failed.status, 404);
    const r = await s.http('GET', '/api/v1/server/requests');
    assert.equal(r.status, 200, r.text);
    assert.ok(!r.text.includes('do-not-keep-me'), 'no query string');
    assert.ok(!r.text.includes(s.token), 'no token');
    const config = r.body.requests.find((x: { path: string }) => x.path === '/v1/config');
    assert.ok(config, JSON.stringify(r.body.requests.slice(0, 5)));
    assert.equal(config.method, 'GET');
    assert.equal(config.status, 200);
    assert.equal(typeof config.ms, 'number');
    assert.match(config.request_id, /^[0-9a-f-]{36}$/);
    const err = r.body.errors.find((x: { path: string }) => x.path === '/v1/local/namespaces/nope-ns');
    assert.ok(err, 'the 404 is listed under errors');
    assert.equal(err.status, 404);
    assert.equal(err.error_type, 'NoSuchNamespaceException');
    assert.match(err.error, /nope-ns/);
    assert.equal(err.request_id, failed.headers.get('x-request-id'));
    assert.ok(!r.body.requests.some((x: { path: string; status: number }) => x.path === '/api/v1/server/requests' && x.status === 200), 'the page’s own polling is not listed');
    assert.ok(new Date(r.body.requests[0].time).getTime() >= new Date(r.body.requests[r.body.requests.length - 1].time).getTime(), 'newest first');
  });
});

describe('troubleshoot API on S3 (MinIO)', { skip: S3_SKIP }, () => {
  let s: TestServer;
  const goodBucket = `pangolin-ts-${randomUUID().slice(0, 8)}`;
  const missingBucket = `pangolin-ts-missing-${randomUUID().slice(0, 8)}`;
  const storage = (extra: Record<string, string> = {}) => ({ 's3.endpoint': ENDPOINT ?? '', 's3.access-key-id': ACCESS_KEY, 's3.secret-access-key': SECRET, 's3.region': 'us-east-1', ...extra });

  before(async () => {
    s = await startTestServer();
    const { S3Client, CreateBucketCommand } = await import('@aws-sdk/client-s3');
    const client = new S3Client({ endpoint: ENDPOINT, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET } });
    await client.send(new CreateBucketCommand({ Bucket: goodBucket }));
  });
  after(() => s?.stop());

  it('a good warehouse passes every step, vending checked on a real table load with secrets masked', async () => {
    assert.equal((await s.http('POST', '/api/v1/warehouses', { name: 'good', location: `s3://${goodBucket}/lake`, storage_config: storage(), vending_strategy: { type: 'AwsStatic' } })).status, 201);
    assert.equal((await s.http('POST', '/api/v1/catalogs', { name: 'good', warehouse: 'good' })).status, 201);
    assert.equal((await s.http('POST', '/v1/good/namespaces', { namespace: ['ns'] })).status, 200);
    assert.equal((await s.http('POST', '/v1/good/namespaces/ns/tables', { name: 't', schema: SIMPLE_SCHEMA })).status, 200);

    const r = await s.http('POST', '/api/v1/troubleshoot', { catalog: 'good' });
    assert.equal(r.status, 200, r.text);
    const steps: Step[] = r.body.steps;
    assert.equal(r.body.ok, true, JSON.stringify(steps, null, 1));
    assert.equal(r.body.table, 'ns.t');
    assert.deepEqual(statuses(steps), { 'auth-root': 'pass', 'auth-token': 'pass', database: 'skip', locations: 'pass', config: 'pass', endpoint: 'pass', reach: 'pass', bucket: 'pass', write: 'pass', read: 'pass', delete: 'pass', vending: 'pass' });
    const vending = byId(steps, 'vending');
    assert.equal(vending.title, 'Credential vending (AwsStatic)');
    assert.match(vending.message, /good\.ns\.t/);
    assert.equal(vending.details?.['s3.access-key-id'], ACCESS_KEY);
    assert.equal(vending.details?.['s3.secret-access-key'], '********');
    assert.equal(vending.details?.['s3.endpoint'], ENDPOINT);
    assert.ok(!r.text.includes(SECRET), 'no secret in the answer');

    const explicit = await s.http('POST', '/api/v1/troubleshoot', { catalog: 'good', table: { namespace: ['ns'], name: 't' } });
    assert.equal(explicit.body.ok, true);
    const missingTable = await s.http('POST', '/api/v1/troubleshoot', { catalog: 'good', table: 'ns.nope' });
    const failed = byId(missingTable.body.steps, 'vending');
    assert.equal(failed.status, 'fail');
    assert.match(failed.message, /HTTP 404 NoSuchTableException/);
  });

  it('a broken warehouse (legacy key names, missing bucket) fails with the right steps and fixes; the fixes make it pass', async () => {
    // Stored the way an old server or an import left it: legacy names, secret encrypted at rest.
    const cipher = SecretCipher.fromConfig(undefined, s.dataDir);
    const tenantId = s.handle.bootstrap.tenant.id;
    await s.handle.store.createWarehouse({
      id: randomUUID(),
      tenantId,
      name: 'broken',
      location: `s3://${missingBucket}/lake`,
      storageConfig: cipher.encryptConfig({ 's3.endpoint': ENDPOINT!, access_key_id: ACCESS_KEY, secret_access_key: SECRET, 's3.region': 'us-east-1' }),
      clientConfig: {},
      vendingStrategy: { type: 'AwsStatic' },
      createdAt: new Date().toISOString(),
    });
    assert.equal((await s.http('POST', '/api/v1/catalogs', { name: 'broken', warehouse: 'broken' })).status, 201);

    const r = await s.http('POST', '/api/v1/troubleshoot', { catalog: 'broken' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.ok, false);
    const steps: Step[] = r.body.steps;
    assert.deepEqual(statuses(steps), { 'auth-root': 'pass', 'auth-token': 'pass', database: 'skip', locations: 'pass', config: 'fail', endpoint: 'pass', reach: 'pass', bucket: 'fail', write: 'skip', read: 'skip', delete: 'skip', vending: 'skip' });
    const config = byId(steps, 'config');
    assert.match(config.message, /"access_key_id" is not an Iceberg storage property: use "s3\.access-key-id"/);
    assert.match(config.fix ?? '', /Rename "access_key_id" → "s3\.access-key-id"/);
    assert.deepEqual(config.action, { kind: 'rename-keys', label: 'Rename the keys', warehouse: 'broken', renames: { access_key_id: 's3.access-key-id', secret_access_key: 's3.secret-access-key' } });
    assert.deepEqual(config.details, { 's3.access-key-id': ACCESS_KEY, 's3.endpoint': ENDPOINT, 's3.region': 'us-east-1', 's3.secret-access-key': '********' });
    const bucket = byId(steps, 'bucket');
    assert.match(bucket.message, new RegExp(`Bucket "${missingBucket}" does not exist`));
    assert.match(bucket.fix ?? '', /Create bucket/);
    assert.deepEqual(bucket.action, { kind: 'create-bucket', label: `Create bucket “${missingBucket}”`, warehouse: 'broken', bucket: missingBucket });
    assert.match(byId(steps, 'write').message, /Skipped: bucket .* does not exist/);
    assert.ok(!r.text.includes(SECRET), 'no secret in the answer');

    // One click: create the bucket (with the corrected key names' credentials).
    const created = await s.http('POST', '/api/v1/warehouses/broken/create-bucket');
    assert.equal(created.status, 200, created.text);
    assert.deepEqual(created.body, { warehouse: 'broken', bucket: missingBucket, location: `s3://${missingBucket}/lake`, created: true, message: `Bucket "${missingBucket}" created` });
    const again = await s.http('POST', '/api/v1/warehouses/broken/create-bucket');
    assert.equal(again.body.created, false);

    const afterBucket = await s.http('POST', '/api/v1/troubleshoot', { catalog: 'broken' });
    assert.deepEqual(statuses(afterBucket.body.steps), { 'auth-root': 'pass', 'auth-token': 'pass', database: 'skip', locations: 'pass', config: 'fail', endpoint: 'pass', reach: 'pass', bucket: 'pass', write: 'pass', read: 'pass', delete: 'pass', vending: 'fail' });
    // Seed Issue 3: with the legacy names stored, vending hands out nothing usable.
    assert.match(byId(afterBucket.body.steps, 'vending').message, /s3\.access-key-id|s3.secret-access-key|access key/i);

    // One click: rename the keys (the secret keeps its stored value, never re-entered).
    const patched = await s.http('PATCH', '/api/v1/warehouses/broken', { rename_keys: config.action!.renames, check: true });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.body.storage_config['s3.secret-access-key'], '********');
    assert.equal(patched.body.storage_config.access_key_id, undefined);
    assert.equal(patched.body.check.ok, true);

    const fixed = await s.http('POST', '/api/v1/troubleshoot', { catalog: 'broken' });
    assert.equal(fixed.body.ok, true, JSON.stringify(fixed.body.steps, null, 1));
    const vending = byId(fixed.body.steps, 'vending');
    assert.equal(vending.status, 'pass');
    assert.match(vending.message, /the catalog has no table yet/);
    assert.equal(vending.details?.['s3.secret-access-key'], '********');

    // And now a client can really write there.
    assert.equal((await s.http('POST', '/v1/broken/namespaces', { namespace: ['db'] })).status, 200);
    assert.equal((await s.http('POST', '/v1/broken/namespaces/db/tables', { name: 'events', schema: SIMPLE_SCHEMA })).status, 200);
    const real = await s.http('POST', '/api/v1/troubleshoot', { catalog: 'broken' });
    assert.equal(real.body.ok, true);
    assert.equal(real.body.table, 'db.events');
  });

  it('rename_keys refuses a missing key or a clash, naming it', async () => {
    const missing = await s.http('PATCH', '/api/v1/warehouses/good', { rename_keys: { nope: 's3.bucket' } });
    assert.equal(missing.status, 400);
    assert.match(missing.body.error.message, /"nope" is not in storage_config/);
    const clash = await s.http('PATCH', '/api/v1/warehouses/good', { rename_keys: { 's3.region': 's3.endpoint' } });
    assert.equal(clash.status, 400);
    assert.match(clash.body.error.message, /"s3\.endpoint" is already set/);
  });

  it('a Docker host name for the endpoint: a warning with the client_config to set, and reach fails with the fix', async () => {
    assert.equal((await s.http('POST', '/api/v1/warehouses', { name: 'docker', location: `s3://${goodBucket}/docker`, storage_config: storage({ 's3.endpoint': 'http://minio-not-here:9000' }) })).status, 201);
    const r = await s.http('POST', '/api/v1/troubleshoot', { warehouse: 'docker' });
    const endpoint = byId(r.body.steps, 'endpoint');
    assert.equal(endpoint.status, 'warn');
    assert.deepEqual(endpoint.action, { kind: 'set-client-config', label: 'Set client_config', warehouse: 'docker', client_config: { 's3.endpoint': 'http://localhost:9000' } });
    const reach = byId(r.body.steps, 'reach');
    assert.equal(reach.status, 'fail');
    assert.match(reach.message, /Cannot reach http:\/\/minio-not-here:9000/);
    assert.match(reach.fix ?? '', /endpoint/);
    assert.equal(byId(r.body.steps, 'bucket').status, 'skip');
    const applied = await s.http('PATCH', '/api/v1/warehouses/docker', { client_config: endpoint.action!.client_config });
    assert.equal(applied.status, 200, applied.text);
    assert.equal(applied.body.client_config['s3.endpoint'], 'http://localhost:9000');
  });
});

describe('troubleshoot API on the PostgreSQL store', { skip: process.env.PANGOLIN_TEST_POSTGRES_URL ? false : 'PANGOLIN_TEST_POSTGRES_URL is not set (scripts/start-postgres.sh)' }, () => {
  const admin = process.env.PANGOLIN_TEST_POSTGRES_URL ?? '';
  const db = `pangolin_ts_${randomUUID().slice(0, 8)}`;
  let s: TestServer;
  before(async () => {
    const { default: pg } = await import('pg');
    const c = new pg.Client(admin);
    await c.connect();
    await c.query(`CREATE DATABASE ${db}`);
    await c.end();
    s = await startTestServer({ storeType: 'postgres', env: { DATABASE_URL: admin.replace(/\/[^/?]*(\?|$)/, `/${db}$1`) } });
  });
  after(async () => {
    await s?.stop();
    const { default: pg } = await import('pg');
    const c = new pg.Client(admin);
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${db}`);
    await c.end();
  });

  it('the database step checks the connected role’s privileges in the store’s schema', async () => {
    const r = await s.http('POST', '/api/v1/troubleshoot', {});
    assert.equal(r.status, 200, r.text);
    const step = byId(r.body.steps, 'database');
    assert.equal(step.status, 'pass', step.message);
    assert.match(step.message, new RegExp(`PostgreSQL store, role "[^"]+" on database "${db}", schema "public": may create, read and write`));
    assert.ok(!r.text.includes('pangolin:pangolin@'), 'no database password in the answer');
  });
});

