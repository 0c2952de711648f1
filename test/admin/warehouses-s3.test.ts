// Warehouses on a real S3 server (MinIO verifies SigV4): the connection check finds a
// missing bucket and a wrong secret and says how to fix them; tables are written to the
// bucket; loadTable carries the client-facing endpoint always and the keys only when the
// client asks for vended credentials; no secret reaches a response or a log line.
//   PANGOLIN_TEST_S3_ENDPOINT=http://127.0.0.1:9100 node --import tsx --test test/admin/warehouses-s3.test.ts
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { SIMPLE_SCHEMA, startTestServer, type TestServer } from '../helpers/server.js';

const ENDPOINT = process.env.PANGOLIN_TEST_S3_ENDPOINT;
const ACCESS_KEY = process.env.PANGOLIN_TEST_S3_ACCESS_KEY_ID ?? 'pangolin-test';
const SECRET = process.env.PANGOLIN_TEST_S3_SECRET_ACCESS_KEY ?? 'pangolin-test-secret';
const SKIP = ENDPOINT ? false : 'PANGOLIN_TEST_S3_ENDPOINT is not set (start MinIO with scripts/start-minio.sh)';
/** A bucket the tests create (and may be named with PANGOLIN_TEST_S3_BUCKET). */
const BUCKET = process.env.PANGOLIN_TEST_S3_BUCKET ?? `pangolin-admin-${randomUUID().slice(0, 8)}`;
const storage = (extra: Record<string, string> = {}) => ({ 's3.endpoint': ENDPOINT ?? '', 's3.access-key-id': ACCESS_KEY, 's3.secret-access-key': SECRET, 's3.region': 'us-east-1', ...extra });

describe('warehouses on S3 (MinIO)', { skip: SKIP }, () => {
  let s: TestServer;
  const logs = new PassThrough();
  let logText = '';
  logs.on('data', (c: Buffer) => (logText += c.toString()));

  before(async () => {
    s = await startTestServer({ env: { PANGOLIN_LOG_LEVEL: 'trace' }, logSink: logs });
    const { S3Client, CreateBucketCommand } = await import('@aws-sdk/client-s3');
    const client = new S3Client({ endpoint: ENDPOINT, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET } });
    await client.send(new CreateBucketCommand({ Bucket: BUCKET })).catch((e: { name?: string }) => {
      if (e.name !== 'BucketAlreadyOwnedByYou') throw e;
    });
  });
  after(() => s?.stop());

  it('checks a good warehouse: reach, write, read, delete, vending', async () => {
    const r = await s.http('POST', '/api/v1/warehouses', { name: 'good', location: `s3://${BUCKET}/good`, storage_config: storage(), vending_strategy: { type: 'AwsStatic' }, check: true });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.check.ok, true, JSON.stringify(r.body.check));
    assert.deepEqual(r.body.check.steps.map((x: { id: string }) => x.id), ['config', 'endpoint', 'reach', 'write', 'read', 'delete', 'vending']);
    const again = await s.http('POST', '/api/v1/warehouses/good/check');
    assert.equal(again.body.ok, true);
  });

  it('a missing bucket fails the check naming the bucket, and nothing is saved', async () => {
    const missing = `no-such-bucket-${randomUUID().slice(0, 8)}`;
    const r = await s.http('POST', '/api/v1/warehouses', { name: 'nobucket', location: `s3://${missing}/x`, storage_config: storage(), check: true });
    assert.equal(r.status, 422, r.text);
    assert.match(r.body.error.message, new RegExp(missing));
    assert.match(r.body.error.message, /[Cc]reate the bucket/);
    assert.equal(r.body.check.steps.find((x: { id: string }) => x.id === 'reach').status, 'fail');
    assert.equal((await s.http('GET', '/api/v1/warehouses/nobucket')).status, 404);
  });

  it('a wrong secret is rejected by the server and reported without the secret', async () => {
    const wrong = 'definitely-the-wrong-secret';
    const r = await s.http('POST', '/api/v1/warehouses-check', { location: `s3://${BUCKET}/x`, storage_config: storage({ 's3.secret-access-key': wrong }) });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.ok, false);
    const reach = r.body.steps.find((x: { id: string }) => x.id === 'reach');
    assert.equal(reach.status, 'fail');
    assert.match(reach.message, /s3\.secret-access-key/);
    assert.ok(!r.text.includes(wrong));
  });

  it('warns about a Docker host name that clients cannot resolve, and offers client_config', async () => {
    const r = await s.http('POST', '/api/v1/warehouses-check', { location: `s3://${BUCKET}/x`, storage_config: storage({ 's3.endpoint': 'http://minio:9000' }) });
    const step = r.body.steps.find((x: { id: string }) => x.id === 'endpoint');
    assert.equal(step.status, 'warn');
    assert.match(step.fix, /client_config .*s3\.endpoint.*localhost:9000/);
  });

  it('writes tables to the bucket; hands out keys only on vended-credentials, with the client endpoint', async () => {
    const clientEndpoint = ENDPOINT!.replace('127.0.0.1', 'localhost');
    assert.equal((await s.http('POST', '/api/v1/warehouses', { name: 'vend', location: `s3://${BUCKET}/vend`, storage_config: storage(), client_config: { 's3.endpoint': clientEndpoint }, vending_strategy: { type: 'AwsStatic' } })).status, 201);
    assert.equal((await s.http('POST', '/api/v1/catalogs', { name: 'vend', warehouse: 'vend' })).status, 201);
    assert.equal((await s.http('POST', '/v1/vend/namespaces', { namespace: ['ns'] })).status, 200);
    const created = await s.http('POST', '/v1/vend/namespaces/ns/tables', { name: 't', schema: SIMPLE_SCHEMA }, { 'X-Iceberg-Access-Delegation': 'vended-credentials' });
    assert.equal(created.status, 200, created.text);
    assert.ok(created.body['metadata-location'].startsWith(`s3://${BUCKET}/vend/vend/ns/t/metadata/`));
    assert.equal(created.body.config['s3.access-key-id'], ACCESS_KEY);
    assert.equal(created.body.config['s3.secret-access-key'], SECRET);
    assert.equal(created.body.config['s3.endpoint'], clientEndpoint);

    const plain = await s.http('GET', '/v1/vend/namespaces/ns/tables/t');
    assert.equal(plain.status, 200);
    assert.equal(plain.body.config['s3.endpoint'], clientEndpoint);
    assert.equal(plain.body.config['s3.access-key-id'], undefined);
    assert.ok(!plain.text.includes(SECRET));
    assert.ok(plain.headers.get('etag'));

    const vended = await s.http('GET', '/v1/vend/namespaces/ns/tables/t', undefined, { 'X-Iceberg-Access-Delegation': 'vended-credentials' });
    assert.equal(vended.body.config['s3.secret-access-key'], SECRET);
    assert.equal(vended.headers.get('etag'), null, 'answers with credentials are not cached by ETag');
    assert.ok(vended.body['storage-credentials'].length >= 1);

    const creds = await s.http('GET', '/v1/vend/namespaces/ns/tables/t/credentials');
    assert.equal(creds.status, 200, creds.text);
    assert.equal(creds.body['storage-credentials'][0].config['s3.access-key-id'], ACCESS_KEY);
    assert.ok(creds.body['storage-credentials'][0].prefix.startsWith(`s3://${BUCKET}/vend/vend/ns/t`));

    // The metadata file is really in the bucket.
    const { S3Client, HeadObjectCommand } = await import('@aws-sdk/client-s3');
    const client = new S3Client({ endpoint: ENDPOINT, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET } });
    const key = String(created.body['metadata-location']).slice(`s3://${BUCKET}/`.length);
    assert.ok(((await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))).ContentLength ?? 0) > 0);
    assert.ok(!logText.includes(SECRET), 'no secret in any log line');
  });

  it('a table in a warehouse without vending gets no credentials from /credentials', async () => {
    assert.equal((await s.http('POST', '/v1/namespaces', { namespace: ['local_ns'] })).status, 200);
    assert.equal((await s.http('POST', '/v1/namespaces/local_ns/tables', { name: 't', schema: SIMPLE_SCHEMA })).status, 200);
    const r = await s.http('GET', '/v1/namespaces/local_ns/tables/t/credentials');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body['storage-credentials'], []);
  });
});
