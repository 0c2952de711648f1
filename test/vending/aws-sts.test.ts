// AwsSts and AwsStatic against a real S3 + STS server (MinIO, which verifies SigV4 and
// enforces session policies): vended temporary keys work inside the table's prefix and
// are denied (AccessDenied from MinIO) everywhere else in the same bucket; read keys
// cannot write; wrong warehouse keys are rejected by the server with a clear message.
// Skips when PANGOLIN_TEST_S3_ENDPOINT is unset (scripts/start-minio.sh prints it).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { S3Client } from '@aws-sdk/client-s3';
import { S3ObjectStore } from '../../src/server/storage/s3.js';
import { StorageError } from '../../src/server/storage/types.js';
import { vend as vendStatic } from '../../src/server/vending/aws-static.js';
import { vend as vendSts } from '../../src/server/vending/aws-sts.js';
import type { TableAccess, VendedAccess, VendRequest } from '../../src/server/vending/types.js';

const ENDPOINT = process.env.PANGOLIN_TEST_S3_ENDPOINT;
const ACCESS_KEY = process.env.PANGOLIN_TEST_S3_ACCESS_KEY_ID ?? 'pangolin-test';
const SECRET = process.env.PANGOLIN_TEST_S3_SECRET_ACCESS_KEY ?? 'pangolin-test-secret';
const SKIP = ENDPOINT ? false : 'PANGOLIN_TEST_S3_ENDPOINT is not set (start MinIO with scripts/start-minio.sh and set it to the printed URL)';
if (SKIP) console.log(`# SKIP S3 vending server tests: ${SKIP}`);
const sit = (name: string, fn: () => Promise<void>) => it(name, { skip: SKIP }, fn);

const BUCKET = `pangolin-vend-${randomUUID().slice(0, 8)}`;
// MinIO does not check role_arn for AssumeRole (the policy of the calling user, here the
// root user, intersected with the session policy applies); AWS would need a real role.
const ROLE = 'arn:aws:iam::000000000000:role/pangolin-test';
const STORAGE = { 's3.endpoint': ENDPOINT ?? 'http://127.0.0.1:1', 's3.access-key-id': ACCESS_KEY, 's3.secret-access-key': SECRET, 's3.region': 'us-east-1' };
const TABLE_A = `s3://${BUCKET}/wh/ns/table_a`;
const TABLE_B = `s3://${BUCKET}/wh/ns/table_b`;

const stsRequest = (access: TableAccess, over: Partial<VendRequest> = {}): VendRequest => ({
  strategy: { type: 'AwsSts', role_arn: ROLE },
  storageConfig: STORAGE,
  clientConfig: {},
  tableLocation: TABLE_A,
  access,
  ...over,
});

describe('AwsSts / AwsStatic against MinIO', () => {
  let sdk: typeof import('@aws-sdk/client-s3');
  let admin: S3Client;
  const clients: S3Client[] = [];

  /** An S3 client built only from what a client receives in `config`. */
  const clientFrom = (v: VendedAccess): S3Client => {
    const c = v.config;
    const client = new sdk.S3Client({
      endpoint: c['s3.endpoint'],
      region: c['s3.region'],
      forcePathStyle: c['s3.path-style-access'] === 'true',
      credentials: { accessKeyId: c['s3.access-key-id'], secretAccessKey: c['s3.secret-access-key'], sessionToken: c['s3.session-token'] },
      maxAttempts: 1,
    });
    clients.push(client);
    return client;
  };
  const put = (c: S3Client, key: string, body = 'x') => c.send(new sdk.PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
  const get = async (c: S3Client, key: string) => (await c.send(new sdk.GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToString();
  const del = (c: S3Client, key: string) => c.send(new sdk.DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
  const list = (c: S3Client, prefix?: string) => c.send(new sdk.ListObjectsV2Command({ Bucket: BUCKET, ...(prefix !== undefined ? { Prefix: prefix } : {}) }));
  const denied = async (p: Promise<unknown>, what: string) => {
    await assert.rejects(p, (e: unknown) => (e as Error).name === 'AccessDenied' && (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 403, what);
  };

  before(async () => {
    if (SKIP) return;
    sdk = await import('@aws-sdk/client-s3');
    admin = new sdk.S3Client({ endpoint: ENDPOINT, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET } });
    await admin.send(new sdk.CreateBucketCommand({ Bucket: BUCKET }));
    await put(admin, 'wh/ns/table_a/data/seed.parquet', 'a-seed');
    await put(admin, 'wh/ns/table_b/data/seed.parquet', 'b-seed');
    await put(admin, 'wh/ns/table_a_copy/data/seed.parquet', 'sibling with a shared name prefix');
    await put(admin, 'outside.txt', 'root');
  });

  after(async () => {
    for (const c of clients) c.destroy();
    if (!admin) return;
    const left = await admin.send(new sdk.ListObjectsV2Command({ Bucket: BUCKET }));
    for (const o of left.Contents ?? []) await admin.send(new sdk.DeleteObjectCommand({ Bucket: BUCKET, Key: o.Key }));
    await admin.send(new sdk.DeleteBucketCommand({ Bucket: BUCKET })).catch(() => undefined);
    admin.destroy();
  });

  sit('AssumeRole returns temporary keys, a session token and its expiry', async () => {
    const before = Date.now();
    const v = await vendSts(stsRequest('read-write', { strategy: { type: 'AwsSts', role_arn: ROLE, duration_seconds: 900 } }));
    const c = v.config;
    assert.notEqual(c['s3.access-key-id'], ACCESS_KEY);
    assert.notEqual(c['s3.secret-access-key'], SECRET);
    assert.ok(c['s3.session-token'].length > 20);
    const expires = Number(c['s3.session-token-expires-at-ms']);
    assert.equal(expires, v.expiresAt?.getTime());
    assert.ok(expires > before + 800_000 && expires < Date.now() + 1_000_000, `expires in ${(expires - before) / 1000}s`);
    assert.equal(c['s3.endpoint'], ENDPOINT);
    assert.equal(c['s3.region'], 'us-east-1');
    assert.equal(c['s3.path-style-access'], 'true');
    assert.deepEqual(v.storageCredentials, [{ prefix: TABLE_A, config: c }]);
    assert.ok(!JSON.stringify(v).includes(SECRET), 'the warehouse secret is never vended');
  });

  sit('a read-write credential for table A puts, gets, lists and deletes under A', async () => {
    const s3 = clientFrom(await vendSts(stsRequest('read-write')));
    await put(s3, 'wh/ns/table_a/data/new.parquet', 'written with vended keys');
    assert.equal(await get(s3, 'wh/ns/table_a/data/new.parquet'), 'written with vended keys');
    assert.equal(await get(s3, 'wh/ns/table_a/data/seed.parquet'), 'a-seed');
    const listed = await list(s3, 'wh/ns/table_a/');
    assert.deepEqual((listed.Contents ?? []).map((o) => o.Key).sort(), ['wh/ns/table_a/data/new.parquet', 'wh/ns/table_a/data/seed.parquet']);
    await del(s3, 'wh/ns/table_a/data/new.parquet');
    // multipart uploads below the prefix work too (PutObject covers them; AbortMultipartUpload granted)
    const mpu = await s3.send(new sdk.CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'wh/ns/table_a/data/mpu.bin' }));
    await s3.send(new sdk.AbortMultipartUploadCommand({ Bucket: BUCKET, Key: 'wh/ns/table_a/data/mpu.bin', UploadId: mpu.UploadId }));
  });

  sit('the same credential is denied on table B, outside the table and when listing outside its prefix', async () => {
    const s3 = clientFrom(await vendSts(stsRequest('read-write')));
    await denied(get(s3, 'wh/ns/table_b/data/seed.parquet'), 'read table B');
    await denied(put(s3, 'wh/ns/table_b/data/evil.parquet'), 'write table B');
    await denied(del(s3, 'wh/ns/table_b/data/seed.parquet'), 'delete in table B');
    await denied(get(s3, 'wh/ns/table_a_copy/data/seed.parquet'), 'read a sibling whose name starts like A');
    await denied(put(s3, 'outside.txt'), 'write at the bucket root');
    await denied(get(s3, 'outside.txt'), 'read at the bucket root');
    await denied(list(s3), 'list the whole bucket');
    await denied(list(s3, 'wh/ns/'), 'list the namespace');
    await denied(list(s3, 'wh/ns/table_b/'), 'list table B');
    assert.equal(await get(admin, 'wh/ns/table_b/data/seed.parquet'), 'b-seed', 'table B unchanged');
    assert.equal((await list(admin, 'wh/ns/table_b/data/evil')).KeyCount, 0);
  });

  sit('a read credential reads table A but cannot write or delete there', async () => {
    const s3 = clientFrom(await vendSts(stsRequest('read')));
    assert.equal(await get(s3, 'wh/ns/table_a/data/seed.parquet'), 'a-seed');
    assert.equal((await list(s3, 'wh/ns/table_a/')).KeyCount, 1);
    await denied(put(s3, 'wh/ns/table_a/data/nope.parquet'), 'write with read keys');
    await denied(del(s3, 'wh/ns/table_a/data/seed.parquet'), 'delete with read keys');
    await denied(get(s3, 'wh/ns/table_b/data/seed.parquet'), 'read table B with read keys');
    assert.equal(await get(admin, 'wh/ns/table_a/data/seed.parquet'), 'a-seed');
  });

  sit("the server's own S3 FileIO (S3ObjectStore) works with the vended config", async () => {
    const v = await vendSts(stsRequest('read-write'));
    const store = new S3ObjectStore(v.storageCredentials[0].config);
    await store.write(`${TABLE_A}/metadata/v1.json`, '{}');
    assert.equal((await store.read(`${TABLE_A}/metadata/v1.json`)).toString(), '{}');
    await assert.rejects(store.read(`${TABLE_B}/data/seed.parquet`), (e: unknown) => e instanceof StorageError && e.code === 'access-denied');
  });

  sit('a wrong warehouse secret is rejected by MinIO STS: access-denied naming s3.secret-access-key, secret not echoed', async () => {
    const wrong = 'definitely-not-the-secret-77aa';
    await assert.rejects(vendSts(stsRequest('read', { storageConfig: { ...STORAGE, 's3.secret-access-key': wrong } })), (e: unknown) => {
      assert.ok(e instanceof StorageError, String(e));
      assert.equal(e.code, 'access-denied');
      assert.match(e.message, /s3\.secret-access-key does not match/);
      assert.ok(!e.message.includes(wrong) && !e.message.includes(SECRET), e.message);
      return true;
    });
  });

  sit('an unknown warehouse access key id is rejected naming s3.access-key-id', async () => {
    await assert.rejects(vendSts(stsRequest('read', { storageConfig: { ...STORAGE, 's3.access-key-id': 'nobody-here' } })), (e: unknown) => {
      assert.ok(e instanceof StorageError && e.code === 'access-denied', String(e));
      assert.match(e.message, /s3\.access-key-id/);
      assert.ok(!e.message.includes(SECRET));
      return true;
    });
  });

  sit('sts_endpoint overrides s3.endpoint; an unreachable one is reported as unavailable', async () => {
    await assert.rejects(
      vendSts(stsRequest('read', { strategy: { type: 'AwsSts', role_arn: ROLE, sts_endpoint: 'http://127.0.0.1:1' } })),
      (e: unknown) => e instanceof StorageError && e.code === 'unavailable' && /Cannot reach STS at http:\/\/127\.0\.0\.1:1/.test(e.message),
    );
  });

  sit('temporary keys signed with a tampered session token are rejected', async () => {
    const v = await vendSts(stsRequest('read'));
    const s3 = clientFrom({ ...v, config: { ...v.config, 's3.session-token': `${v.config['s3.session-token']}x` } });
    await assert.rejects(get(s3, 'wh/ns/table_a/data/seed.parquet'), (e: unknown) => (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 403 || (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 400);
  });

  sit('AwsStatic keys (the warehouse keys) work as vended', async () => {
    const v = await vendStatic({ strategy: { type: 'AwsStatic' }, storageConfig: STORAGE, clientConfig: {}, tableLocation: TABLE_A, access: 'read-write' });
    const s3 = clientFrom(v);
    await put(s3, 'wh/ns/table_a/data/static.parquet', 'static');
    assert.equal(await get(s3, 'wh/ns/table_a/data/static.parquet'), 'static');
    assert.equal(v.config['s3.access-key-id'], ACCESS_KEY);
  });
});
