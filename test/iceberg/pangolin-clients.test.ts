// Pangolin's client URL style (uri=http://host/v1/<catalog>), the config defaults of a
// vending catalog, and catalogs without a warehouse that the server writes with its own
// AWS_* settings (on a real MinIO) while clients bring their own keys.
//   PANGOLIN_TEST_S3_ENDPOINT=http://127.0.0.1:9100 node --import tsx --test test/iceberg/pangolin-clients.test.ts
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { NS_SEP, requestJson, SIMPLE_SCHEMA, startTestServer, type TestServer } from '../helpers/server.js';
import { rewriteCatalogPath } from '../../src/server/iceberg/routes/catalog-path.js';
import { RESERVED_CATALOG_NAMES } from '../../src/server/iceberg/routes/index.js';

const ENDPOINT = process.env.PANGOLIN_TEST_S3_ENDPOINT;
const ACCESS_KEY = process.env.PANGOLIN_TEST_S3_ACCESS_KEY_ID ?? 'pangolin-test';
const SECRET = process.env.PANGOLIN_TEST_S3_SECRET_ACCESS_KEY ?? 'pangolin-test-secret';
const BUCKET = `pangolin-clients-${randomUUID().slice(0, 8)}`;

describe('rewriteCatalogPath', () => {
  const r = (url: string) => rewriteCatalogPath(url, RESERVED_CATALOG_NAMES);
  it('maps the Pangolin style onto our routes', () => {
    assert.deepEqual(r('/cat/v1/config'), { url: '/config?warehouse=cat' });
    assert.deepEqual(r('/cat/v1/config?warehouse=cat'), { url: '/config?warehouse=cat' });
    assert.deepEqual(r('/cat/v1/oauth/tokens'), { url: '/oauth/tokens' });
    assert.deepEqual(r('/cat/v1/cat/namespaces?pageToken='), { url: '/cat/namespaces?pageToken=' });
    assert.deepEqual(r('/cat/v1/namespaces/a%1Fb/tables'), { url: '/cat/namespaces/a%1Fb/tables' });
    assert.deepEqual(r('/cat/v1/cat/sign'), { url: '/cat/sign' });
    assert.deepEqual(r('/v1/v1/v1/namespaces'), { url: '/v1/namespaces' });
  });
  it('leaves our own style alone; a reserved first segment is never a catalog', () => {
    for (const url of ['/config?warehouse=x', '/cat/namespaces', '/namespaces/v1/tables', '/namespaces/v1', '/oauth/tokens', '/tables/rename', '/cat/v1', '/v1/namespaces']) assert.equal(r(url), undefined, url);
  });
  it('two different catalogs in one URL are an error naming both', () => {
    const e = r('/cat/v1/other/namespaces');
    assert.ok(e && 'error' in e);
    assert.match(e.error, /"cat".*"other"/);
    const w = r('/cat/v1/config?warehouse=other');
    assert.ok(w && 'error' in w && /warehouse is "other"/.test(w.error));
  });
});

describe('Pangolin client URL style over HTTP', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(() => s?.stop());

  it('GET /v1/<catalog>/v1/config answers as /v1/config?warehouse=<catalog>', async () => {
    const r = await s.http('GET', '/v1/local/v1/config');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.overrides.prefix, 'local');
    assert.deepEqual(r.body.defaults, {});
    const missing = await s.http('GET', '/v1/nope/v1/config');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.type, 'NoSuchWarehouseException');
    const two = await s.http('GET', '/v1/local/v1/config?warehouse=other');
    assert.equal(two.status, 400);
    assert.equal(two.body.error.type, 'BadRequestException');
  });

  it('routes under /v1/<catalog>/v1/ (with and without the prefix) reach the catalog; the token route too', async () => {
    const ns = `pc_${randomUUID().slice(0, 8)}`;
    const created = await s.http('POST', '/v1/local/v1/local/namespaces', { namespace: [ns] });
    assert.equal(created.status, 200, created.text);
    const listed = await s.http('GET', '/v1/local/v1/namespaces');
    assert.ok(listed.body.namespaces.some((n: string[]) => n[0] === ns));
    assert.equal((await s.http('GET', `/v1/local/namespaces/${ns}`)).status, 200);
    const table = await s.http('POST', `/v1/local/v1/local/namespaces/${ns}/tables`, { name: 't', schema: SIMPLE_SCHEMA });
    assert.equal(table.status, 200, table.text);
    assert.equal((await s.http('HEAD', `/v1/local/v1/local/namespaces/${ns}/tables/t`)).status, 204);
    const wrong = await s.http('POST', '/v1/local/v1/other/namespaces', { namespace: ['x'] });
    assert.equal(wrong.status, 400);
    assert.equal((await s.http('GET', '/v1/local/v1/local/namespaces/x')).status, 404, 'nothing was created by the refused request');
    const token = await fetch(`${s.url}/v1/local/v1/oauth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: s.handle.bootstrap.clientId, client_secret: s.handle.bootstrap.clientSecret }),
    });
    assert.equal(token.status, 200);
  });

  it('a namespace named v1 stays reachable through the unprefixed routes', async () => {
    assert.equal((await s.http('POST', '/v1/namespaces', { namespace: ['v1'] })).status, 200);
    const tables = await s.http('GET', '/v1/namespaces/v1/tables');
    assert.equal(tables.status, 200, tables.text);
    assert.deepEqual(tables.body.identifiers, []);
    assert.equal((await s.http('GET', '/v1/namespaces/v1')).status, 200);
    for (const name of ['namespaces', 'oauth', 'config']) {
      const r = await s.http('POST', '/api/v1/catalogs', { name, warehouse: 'local' });
      assert.equal(r.status, 400, `${name}: ${r.text}`);
    }
  });
});

describe('config defaults and catalogs without a warehouse (MinIO)', { skip: ENDPOINT ? false : 'PANGOLIN_TEST_S3_ENDPOINT is not set (start MinIO with scripts/start-minio.sh)' }, () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ env: { AWS_ACCESS_KEY_ID: ACCESS_KEY, AWS_SECRET_ACCESS_KEY: SECRET, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: ENDPOINT! } });
    const { S3Client, CreateBucketCommand } = await import('@aws-sdk/client-s3');
    const client = new S3Client({ endpoint: ENDPOINT, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET } });
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  });
  after(() => s?.stop());

  it('a vending warehouse puts X-Iceberg-Access-Delegation in the config defaults', async () => {
    const storage = { 's3.endpoint': ENDPOINT, 's3.access-key-id': ACCESS_KEY, 's3.secret-access-key': SECRET, 's3.region': 'us-east-1' };
    assert.equal((await s.http('POST', '/api/v1/warehouses', { name: 'vend', location: `s3://${BUCKET}/vend`, storage_config: storage, vending_strategy: { type: 'AwsStatic' } })).status, 201);
    assert.equal((await s.http('POST', '/api/v1/catalogs', { name: 'vended', warehouse: 'vend' })).status, 201);
    const r = await s.http('GET', '/v1/vended/v1/config');
    assert.deepEqual(r.body.defaults, { 'header.X-Iceberg-Access-Delegation': 'vended-credentials' });
    assert.ok(!r.text.includes(SECRET));
  });

  it('a catalog with a location and no warehouse writes with the server credentials and vends nothing', async () => {
    const location = `s3://${BUCKET}/client`;
    const c = await s.http('POST', '/api/v1/catalogs', { name: 'byok', location });
    assert.equal(c.status, 201, c.text);
    assert.equal(c.body.server_credentials, true);
    assert.equal(c.body.properties.location, location);
    const config = await s.http('GET', '/v1/byok/v1/config');
    assert.deepEqual(config.body.defaults, {});
    assert.equal((await s.http('POST', '/v1/byok/namespaces', { namespace: ['ns'] })).status, 200);
    const t = await s.http('POST', '/v1/byok/namespaces/ns/tables', { name: 't', schema: SIMPLE_SCHEMA }, { 'x-iceberg-access-delegation': 'vended-credentials' });
    assert.equal(t.status, 200, t.text);
    assert.ok(t.body['metadata-location'].startsWith(`${location}/ns/t/metadata/`), t.body['metadata-location']);
    assert.equal(t.body.config['s3.access-key-id'], undefined, 'no credentials vended');
    assert.ok(!t.text.includes(SECRET) && !t.text.includes(ACCESS_KEY));
    const { S3Client, HeadObjectCommand } = await import('@aws-sdk/client-s3');
    const client = new S3Client({ endpoint: ENDPOINT, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET } });
    const key = t.body['metadata-location'].slice(`s3://${BUCKET}/`.length);
    await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    // Its tables stay inside its location.
    const outside = await s.http('POST', '/v1/byok/namespaces/ns/tables', { name: 'out', schema: SIMPLE_SCHEMA, location: `s3://${BUCKET}/elsewhere/out` });
    assert.equal(outside.status, 403, outside.text);
    assert.match(outside.body.error.message, /outside the warehouse/);
    const check = await s.http('POST', '/api/v1/troubleshoot', { catalog: 'byok' });
    assert.equal(check.status, 200, check.text);
    const steps = check.body.steps ?? check.body.sections?.flatMap((x: { steps: unknown[] }) => x.steps) ?? [];
    assert.ok(JSON.stringify(steps).includes('server-credentials'), check.text.slice(0, 2000));
    assert.ok(!check.text.includes(SECRET));
  });

  it('its implicit warehouse cannot be changed; deleting the catalog removes it', async () => {
    assert.equal((await s.http('POST', '/api/v1/catalogs', { name: 'gone', location: `s3://${BUCKET}/gone` })).status, 201);
    const w = await s.http('PATCH', `/api/v1/warehouses/${encodeURIComponent('gone~server')}`, { location: `s3://${BUCKET}/x` });
    assert.equal(w.status, 400, w.text);
    const moved = await s.http('PATCH', '/api/v1/catalogs/gone', { warehouse: 'vend' });
    assert.equal(moved.status, 400, moved.text);
    assert.equal((await s.http('DELETE', '/api/v1/catalogs/gone')).status, 204);
    assert.equal((await s.http('GET', `/api/v1/warehouses/${encodeURIComponent('gone~server')}`)).status, 404);
    assert.equal((await s.http('POST', '/api/v1/catalogs', { name: 'gone', location: `s3://${BUCKET}/gone` })).status, 201, 'the name can be used again');
  });

  it('bad definitions are 400 and store nothing', async () => {
    const cases: [unknown, RegExp][] = [
      [{ name: 'neither' }, /warehouse.*location/],
      [{ name: 'local1', location: '/tmp/somewhere' }, /s3:\/\//],
      [{ name: 'mixed', location: `s3://${BUCKET}/a`, properties: { location: `s3://${BUCKET}/b` } }, /differ/],
    ];
    for (const [body, message] of cases) {
      const r = await s.http('POST', '/api/v1/catalogs', body);
      assert.equal(r.status, 400, r.text);
      assert.match(r.body.error.message, message);
      const name = (body as { name: string }).name;
      assert.equal((await s.http('GET', `/api/v1/catalogs/${name}`)).status, 404);
      assert.equal((await s.http('GET', `/api/v1/warehouses/${encodeURIComponent(`${name}~server`)}`)).status, 404);
    }
  });
});

describe('the server\'s own S3 identity serves only the tenants allowed it', () => {
  const ROOT = { authorization: `Basic ${Buffer.from('admin:Root-Pass-Long-1').toString('base64')}`, 'x-pangolin-tenant': 'acme' };
  const env = { PANGOLIN_ROOT_USER: 'admin', PANGOLIN_ROOT_PASSWORD: 'Root-Pass-Long-1', AWS_ACCESS_KEY_ID: 'server-key', AWS_SECRET_ACCESS_KEY: 'server-secret', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' };
  const attempts = async (srv: TestServer) => {
    const call = (method: string, path: string, body: unknown) => requestJson(srv.url + path, method, body, ROOT);
    assert.equal((await requestJson(srv.url + '/api/v1/tenants', 'POST', { name: 'acme' }, { authorization: ROOT.authorization })).status, 201);
    return {
      catalog: await call('POST', '/api/v1/catalogs', { name: 'byok', location: 's3://acme-bucket/byok' }),
      keyless: await call('POST', '/api/v1/warehouses', { name: 'keyless', location: 's3://acme-bucket/w', storage_config: { 's3.endpoint': 'http://127.0.0.1:9', 's3.region': 'us-east-1' } }),
      // "Test connection" before saving would probe with the server's identity just the same.
      probe: await call('POST', '/api/v1/warehouses-check', { location: 's3://acme-bucket/w', storage_config: { 's3.endpoint': 'http://127.0.0.1:9', 's3.region': 'us-east-1' } }),
      list: async () => ({ catalogs: (await call('GET', '/api/v1/catalogs', undefined)).body, warehouses: (await call('GET', '/api/v1/warehouses', undefined)).body }),
    };
  };

  it('by default another tenant may not leave its keys out (403 naming the setting), and nothing is stored', async () => {
    const srv = await startTestServer({ env });
    try {
      const r = await attempts(srv);
      for (const res of [r.catalog, r.keyless, r.probe]) {
        assert.equal(res.status, 403, res.text);
        assert.match(res.body.error.message, /PANGOLIN_SERVER_CREDENTIALS_TENANTS/);
        assert.ok(!res.text.includes('server-secret'));
      }
      const stored = await r.list();
      assert.ok(!JSON.stringify(stored).includes('byok') && !JSON.stringify(stored).includes('keyless'), JSON.stringify(stored));
    } finally {
      await srv.stop();
    }
  });

  it('a tenant listed in PANGOLIN_SERVER_CREDENTIALS_TENANTS may', async () => {
    const srv = await startTestServer({ env: { ...env, PANGOLIN_SERVER_CREDENTIALS_TENANTS: 'default, acme' } });
    try {
      const r = await attempts(srv);
      assert.equal(r.catalog.status, 201, r.catalog.text);
      assert.equal(r.keyless.status, 201, r.keyless.text);
    } finally {
      await srv.stop();
    }
  });
});

describe('AWS_ENDPOINT_URL follows the endpoint policy', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ env: { AWS_ENDPOINT_URL: 'http://169.254.169.254', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' } });
  });
  after(() => s?.stop());

  it('a catalog without a warehouse is refused when the server endpoint is not allowed', async () => {
    const r = await s.http('POST', '/api/v1/catalogs', { name: 'meta', location: 's3://bucket/x' });
    assert.equal(r.status, 400, r.text);
    assert.match(r.body.error.message, /AWS_ENDPOINT_URL/);
    assert.equal((await s.http('GET', '/api/v1/catalogs/meta')).status, 404);
  });
});
void NS_SEP;
