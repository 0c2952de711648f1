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
import { StorageError, type ListResult, type StorageErrorCode } from '../../src/server/storage/types.js';

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

async function rejectsCode(p: Promise<unknown>, code: StorageErrorCode, message?: RegExp): Promise<StorageError> {
  let caught: unknown;
  await assert.rejects(p, (e: unknown) => {
    caught = e;
    return e instanceof StorageError && e.code === code && (!message || message.test(e.message));
  });
  return caught as StorageError;
}

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
    await rejectsCode(s.read('s3://b/'), 'invalid-location');
    await rejectsCode(s.write('s3://b/dir/', 'x'), 'invalid-location');
    await rejectsCode(s.write('s3://b', 'x'), 'invalid-location');
    await rejectsCode(s.deletePrefix('s3://b/'), 'invalid-location', /Refusing/);
    await rejectsCode(s.list('s3://b/', { delimiter: '|' }), 'invalid-location', /only "\/"/);
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
  const fresh = () => `${base}case-${++n}/`;
  const names = (r: ListResult, root: string) => r.objects.map((o) => o.location.slice(root.length));

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

  sit('writes and reads strings, buffers and empty objects', async () => {
    const d = fresh();
    await store.write(`${d}a/b/c.json`, '{"x":1}');
    await store.write(`${d}bin`, Buffer.from([0, 1, 2, 255]));
    await store.write(`${d}empty`, '');
    assert.equal((await store.read(`${d}a/b/c.json`)).toString(), '{"x":1}');
    assert.deepEqual([...(await store.read(`${d}bin`))], [0, 1, 2, 255]);
    const empty = await store.read(`${d}empty`);
    assert.ok(Buffer.isBuffer(empty));
    assert.equal(empty.length, 0);
    const big = Buffer.alloc(3 << 20, 7);
    await store.write(`${d}big`, big);
    assert.ok((await store.read(`${d}big`)).equals(big));
  });

  sit('maps a missing key to not-found', async () => {
    await rejectsCode(store.read(`${fresh()}missing.json`), 'not-found', /Not found/);
  });

  sit('replaces on write; ifNotExists refuses to (412 -> already-exists)', async () => {
    const d = fresh();
    await store.write(`${d}f`, 'one');
    await store.write(`${d}f`, 'two');
    assert.equal((await store.read(`${d}f`)).toString(), 'two');
    await rejectsCode(store.write(`${d}f`, 'three', { ifNotExists: true }), 'already-exists');
    assert.equal((await store.read(`${d}f`)).toString(), 'two');
    await store.write(`${d}g`, 'new', { ifNotExists: true });
    assert.equal((await store.read(`${d}g`)).toString(), 'new');
  });

  sit('lets exactly one of many concurrent ifNotExists writers win', async () => {
    const d = fresh();
    for (let round = 0; round < 5; round++) {
      const loc = `${d}race-${round}.json`;
      const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => store.write(loc, `writer ${i}`, { ifNotExists: true })));
      const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
      assert.equal(winners.length, 1, `round ${round}: ${winners.length} winners`);
      for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as StorageError).code, 'already-exists', String(r.reason));
      assert.equal((await store.read(loc)).toString(), `writer ${winners[0]}`);
    }
  });

  sit('stats objects only', async () => {
    const d = fresh();
    await store.write(`${d}s/x.bin`, Buffer.alloc(1234));
    const info = await store.stat(`${d}s/x.bin`);
    assert.equal(info?.size, 1234);
    assert.equal(info?.location, `${d}s/x.bin`);
    assert.ok(Math.abs(Date.parse(info!.modifiedAt) - Date.now()) < 5 * 60_000);
    assert.equal(await store.stat(`${d}s`), undefined);
    assert.equal(await store.stat(`${d}s/`), undefined);
    assert.equal(await store.stat(`${d}s/missing`), undefined);
  });

  describe('list', () => {
    let d: string;
    before(async () => {
      if (SKIP) return;
      d = fresh();
      for (const k of ['a0', 'a.txt', 'a/b', 'a/c/d', 'b', 'é', 'z/y']) await store.write(`${d}${k}`, k);
    });

    sit('lists every object below a prefix, in byte order', async () => {
      const r = await store.list(d);
      assert.deepEqual(names(r, d), ['a.txt', 'a/b', 'a/c/d', 'a0', 'b', 'z/y', 'é']);
      assert.deepEqual(r.prefixes, []);
      assert.equal(r.nextPageToken, null);
      assert.equal(r.objects[0].size, 'a.txt'.length);
    });

    sit('with the "/" delimiter, lists one level and folders as prefixes', async () => {
      const r = await store.list(d, { delimiter: '/' });
      assert.deepEqual(names(r, d), ['a.txt', 'a0', 'b', 'é']);
      assert.deepEqual(r.prefixes, [`${d}a/`, `${d}z/`]);
      const sub = await store.list(`${d}a/`, { delimiter: '/' });
      assert.deepEqual(names(sub, d), ['a/b']);
      assert.deepEqual(sub.prefixes, [`${d}a/c/`]);
    });

    sit('treats a prefix without a trailing slash as a key prefix', async () => {
      assert.deepEqual(names(await store.list(`${d}a`), d), ['a.txt', 'a/b', 'a/c/d', 'a0']);
      const r = await store.list(`${d}a`, { delimiter: '/' });
      assert.deepEqual([names(r, d), r.prefixes], [['a.txt', 'a0'], [`${d}a/`]]);
    });

    sit('returns nothing for a missing prefix', async () => {
      assert.deepEqual(await store.list(`${d}nope/`), { objects: [], prefixes: [], nextPageToken: null });
    });

    sit('pages through objects and prefixes with continuation tokens', async () => {
      for (const delimiter of [undefined, '/']) {
        const all = await store.list(d, { delimiter });
        const seen: string[] = [];
        let token: string | undefined;
        let pages = 0;
        do {
          const page: ListResult = await store.list(d, { delimiter, pageSize: 2, pageToken: token });
          assert.ok(page.objects.length + page.prefixes.length <= 2);
          seen.push(...page.objects.map((o) => o.location), ...page.prefixes);
          token = page.nextPageToken ?? undefined;
          pages++;
        } while (token);
        assert.ok(pages >= 3, `${pages} pages`);
        assert.deepEqual(seen.sort(), [...all.objects.map((o) => o.location), ...all.prefixes].sort());
      }
    });

    sit('fetches every page when no page size is given', async () => {
      const e = fresh();
      const keys = Array.from({ length: 1005 }, (_, i) => `k${String(i).padStart(4, '0')}`);
      for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((k) => store.write(`${e}${k}`, k)));
      const r = await store.list(e);
      assert.equal(r.objects.length, 1005);
      assert.equal(r.nextPageToken, null);
      assert.equal(await store.deletePrefix(e), 1005, 'DeleteObjects in batches of 1000');
      assert.deepEqual((await store.list(e)).objects, []);
    });
  });

  sit('deletes single objects, reporting whether there was one', async () => {
    const d = fresh();
    await store.write(`${d}x`, 'x');
    assert.equal(await store.delete(`${d}x`), true);
    assert.equal(await store.delete(`${d}x`), false);
    assert.equal(await store.delete(`${d}never/was`), false);
    await rejectsCode(store.read(`${d}x`), 'not-found');
  });

  sit('deletes by prefix, counting objects', async () => {
    const d = fresh();
    for (const k of ['t/data/1.parquet', 't/data/p=1/2.parquet', 't/metadata/v1.json', 't2/data/keep.parquet', 'other']) await store.write(`${d}${k}`, k);
    assert.equal(await store.deletePrefix(`${d}t/data/`), 2);
    assert.equal(await store.deletePrefix(`${d}t/`), 1);
    assert.deepEqual(names(await store.list(d), d), ['other', 't2/data/keep.parquet']);
    assert.equal(await store.deletePrefix(`${d}nothing/`), 0);
    assert.equal(await store.deletePrefix(`${d}t`), 1); // key prefix: t2/ matches too
    assert.deepEqual(names(await store.list(d), d), ['other']);
  });

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

  sit('works through objectStoreFor with an Iceberg storage config', async () => {
    const s = await objectStoreFor(`${base}via-index/x.json`, config({ 's3.bucket': BUCKET }));
    await s.write(`${base}case-index/x.json`, '{}');
    assert.equal((await s.read(`${base}case-index/x.json`)).toString(), '{}');
  });
});
