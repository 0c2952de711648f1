// S3ObjectStore against a real S3-compatible server (MinIO verifies SigV4 signatures).
//   scripts/start-minio.sh   # prints http://127.0.0.1:9100
//   PANGOLIN_TEST_S3_ENDPOINT=http://127.0.0.1:9100 node --import tsx --test test/storage/s3.test.ts
// Without PANGOLIN_TEST_S3_ENDPOINT the server tests are skipped (not failed) for now.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { S3Client } from '@aws-sdk/client-s3';
import { objectStoreFor } from '../../src/server/storage/index.js';
import { S3ObjectStore } from '../../src/server/storage/s3.js';
import { StorageError } from '../../src/server/storage/types.js';
import { objectStoreContract, rejectsCode, rejectsNonObjectLocations } from './contract.js';

const ENDPOINT = process.env.PANGOLIN_TEST_S3_ENDPOINT;
const ACCESS_KEY = process.env.PANGOLIN_TEST_S3_ACCESS_KEY_ID ?? 'pangolin-test';
const SECRET = process.env.PANGOLIN_TEST_S3_SECRET_ACCESS_KEY ?? 'pangolin-test-secret';
const SKIP = ENDPOINT ? false : 'PANGOLIN_TEST_S3_ENDPOINT is not set (start MinIO with scripts/start-minio.sh and set it to the printed URL)';
if (SKIP) console.log(`# SKIP S3 server tests: ${SKIP}`);

const BUCKET = `pangolin-test-${randomUUID().slice(0, 8)}`;
const config = (extra: Record<string, string> = {}): Record<string, string> => ({
  's3.endpoint': ENDPOINT ?? 'http://127.0.0.1:1',
  's3.access-key-id': ACCESS_KEY,
  's3.secret-access-key': SECRET,
  's3.region': 'us-east-1',
  ...extra,
});

describe('S3ObjectStore (no server needed)', () => {
  it('takes the bucket from s3.bucket first, the location only as a fallback', () => {
    assert.deepEqual(new S3ObjectStore({ 's3.bucket': 'configured' }).resolve('s3://in-location/a/b.json'), { bucket: 'configured', key: 'a/b.json', root: 's3://in-location/' });
    assert.deepEqual(new S3ObjectStore({}).resolve('s3a://in-location/a/b.json'), { bucket: 'in-location', key: 'a/b.json', root: 's3a://in-location/' });
    assert.deepEqual(new S3ObjectStore({}).resolve('s3://b'), { bucket: 'b', key: '', root: 's3://b/' });
    assert.throws(() => new S3ObjectStore({}).resolve('s3:///key'), (e: unknown) => e instanceof StorageError && e.code === 'invalid-location' && /s3\.bucket/.test(e.message));
    assert.throws(() => new S3ObjectStore({}).resolve('gs://b/k'), (e: unknown) => e instanceof StorageError && e.code === 'invalid-location');
  });

  it('rejects half a credential pair without echoing the secret', () => {
    assert.throws(
      () => new S3ObjectStore({ 's3.secret-access-key': 'lonely-secret' }),
      (e: unknown) => e instanceof StorageError && /s3\.access-key-id is missing/.test(e.message) && !/lonely-secret/.test(e.message),
    );
  });

  it('rejects folder and bucket-only locations for object operations', async () => {
    const s = new S3ObjectStore(config());
    await rejectsNonObjectLocations(s, 's3://b');
  });

  it('is routed from objectStoreFor for s3:// and s3a://, cached per config', async () => {
    const a = await objectStoreFor('s3://b/wh', { 's3.region': 'us-east-1' });
    const b = await objectStoreFor('s3a://b/wh', { 's3.region': 'us-east-1' });
    const c = await objectStoreFor('s3://b/wh', { 's3.region': 'eu-west-1' });
    assert.ok(a instanceof S3ObjectStore);
    assert.equal(a, b);
    assert.notEqual(a, c);
  });

  it('maps an unreachable endpoint to unavailable naming s3.endpoint', async () => {
    const s = new S3ObjectStore(config({ 's3.endpoint': 'http://127.0.0.1:1', 's3.bucket': 'x' }));
    await rejectsCode(s.read('s3://x/k'), 'unavailable', /Cannot reach http:\/\/127\.0\.0\.1:1 .*s3\.endpoint/);
  });
});

// Each server test is skipped on its own (so runners count them as skipped), not the suite.
const sit = (name: string, fn: () => Promise<void>) => it(name, { skip: SKIP }, fn);

describe('S3ObjectStore against S3/MinIO', () => {
  let admin: S3Client;
  let sdk: typeof import('@aws-sdk/client-s3');
  const store = new S3ObjectStore(config());
  const base = `s3://${BUCKET}/`;
  let n = 0;

  before(async () => {
    if (SKIP) return;
    sdk = await import('@aws-sdk/client-s3');
    admin = new sdk.S3Client({ endpoint: ENDPOINT, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET } });
    await admin.send(new sdk.CreateBucketCommand({ Bucket: BUCKET }));
  });

  after(async () => {
    if (!admin) return;
    await store.deletePrefix(`${base}case`).catch(() => undefined);
    const left = await admin.send(new sdk.ListObjectsV2Command({ Bucket: BUCKET }));
    for (const o of left.Contents ?? []) await admin.send(new sdk.DeleteObjectCommand({ Bucket: BUCKET, Key: o.Key }));
    await admin.send(new sdk.DeleteBucketCommand({ Bucket: BUCKET })).catch(() => undefined);
    admin.destroy();
  });

  objectStoreContract(
    'S3 (MinIO)',
    () => ({
      store,
      root: `${base}contract/`,
      config: config({ 's3.bucket': BUCKET }),
      newContainer: () => ({ location: `s3://pangolin-cc-${randomUUID().slice(0, 8)}/lake`, config: config() }),
    }),
    { skip: SKIP, ifNotExistsVia: '412' },
  );

  sit('takes the bucket from s3.bucket over the location', async () => {
    const d = `case-${++n}/`;
    const byConfig = new S3ObjectStore(config({ 's3.bucket': BUCKET }));
    await byConfig.write(`s3://some-other-bucket/${d}k.json`, 'via s3.bucket');
    assert.equal((await store.read(`${base}${d}k.json`)).toString(), 'via s3.bucket');
    const listed = await byConfig.list(`s3://some-other-bucket/${d}`);
    assert.deepEqual(listed.objects.map((o) => o.location), [`s3://some-other-bucket/${d}k.json`]);
    // and without s3.bucket the location's bucket is used: it does not exist
    await rejectsCode(store.read(`s3://some-other-bucket-${randomUUID().slice(0, 8)}/${d}k.json`), 'not-found', /Bucket "some-other-bucket-\w+" does not exist/);
  });

  sit('says which bucket does not exist, where, and what to fix', async () => {
    const missing = `no-such-bucket-${randomUUID().slice(0, 8)}`;
    const s = new S3ObjectStore(config({ 's3.bucket': missing }));
    const e = await rejectsCode(s.write(`s3://${missing}/k`, 'x'), 'not-found');
    assert.equal(e.message, `Bucket "${missing}" does not exist at ${ENDPOINT}: create it or fix s3.bucket`);
    await rejectsCode(s.read(`s3://${missing}/k`), 'not-found', /does not exist.*fix s3\.bucket/);
    await rejectsCode(s.list(`s3://${missing}/`), 'not-found', /does not exist.*fix s3\.bucket/);
    // HEAD gives a bare 404 for both: stat and delete still say the bucket is missing
    await rejectsCode(s.stat(`s3://${missing}/k`), 'not-found', /Bucket ".*" does not exist/);
    await rejectsCode(s.delete(`s3://${missing}/k`), 'not-found', /Bucket ".*" does not exist/);
    await rejectsCode(s.deletePrefix(`s3://${missing}/p/`), 'not-found', /Bucket ".*" does not exist/);
  });

  sit('a wrong secret is rejected by the server: access-denied naming s3.secret-access-key, secret not echoed', async () => {
    const wrong = 'definitely-not-the-secret-9f3a';
    const s = new S3ObjectStore(config({ 's3.secret-access-key': wrong }));
    for (const op of [() => s.read(`${base}anything`), () => s.write(`${base}case-x/k`, 'x'), () => s.list(base)]) {
      const e = await rejectsCode(op(), 'access-denied', /s3\.secret-access-key/);
      assert.ok(!e.message.includes(wrong), e.message);
      assert.ok(!e.message.includes(SECRET), e.message);
    }
    // HEAD responses have no error body: still access-denied, still naming the keys
    const e = await rejectsCode(s.stat(`${base}anything`), 'access-denied', /s3\.secret-access-key/);
    assert.ok(!e.message.includes(wrong));
  });

  sit('a wrong access key id is rejected naming s3.access-key-id', async () => {
    const s = new S3ObjectStore(config({ 's3.access-key-id': 'nobody-here' }));
    const e = await rejectsCode(s.read(`${base}anything`), 'access-denied', /s3\.access-key-id/);
    assert.ok(!e.message.includes(SECRET));
  });

  sit('createContainer creates the bucket named by s3.bucket, not the one in the location', async () => {
    const configured = `pangolin-cc-cfg-${randomUUID().slice(0, 8)}`;
    const s = await objectStoreFor('s3://ignored/lake', config({ 's3.bucket': configured }));
    assert.equal(await s.createContainer!('s3://ignored/lake/'), true);
    await s.write('s3://ignored/lake/x.txt', 'x'); // lands in the configured bucket
    assert.equal((await new S3ObjectStore(config()).read(`s3://${configured}/lake/x.txt`)).toString(), 'x');
  });
});
