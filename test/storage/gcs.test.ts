// GcsObjectStore against fake-gcs-server (a GCS emulator serving the JSON API; built from
// the Go module proxy by scripts/start-fake-gcs.sh).
//   scripts/start-fake-gcs.sh   # prints http://127.0.0.1:4443
//   PANGOLIN_TEST_GCS_ENDPOINT=http://127.0.0.1:4443 node --import tsx --test test/storage/gcs.test.ts
// fake-gcs-server checks no credentials, so these tests prove the store's use of the API
// (atomic and conditional writes, listing, paging, errors for missing buckets/objects);
// how 401/403 answers are reported is tested on the error mapper. Without
// PANGOLIN_TEST_GCS_ENDPOINT the server tests are skipped (not failed).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Storage } from '@google-cloud/storage';
import { GcsObjectStore, parseGcsLocation } from '../../src/server/storage/gcs.js';
import { objectStoreFor } from '../../src/server/storage/index.js';
import { StorageError, type ListResult, type StorageErrorCode } from '../../src/server/storage/types.js';

const ENDPOINT = process.env.PANGOLIN_TEST_GCS_ENDPOINT?.replace(/\/+$/, '');
const SKIP = ENDPOINT ? false : 'PANGOLIN_TEST_GCS_ENDPOINT is not set (start fake-gcs-server with scripts/start-fake-gcs.sh and set it to the printed URL)';
if (SKIP) console.log(`# SKIP GCS server tests: ${SKIP}`);

const BUCKET = `pangolin-test-${randomUUID().slice(0, 8)}`;
const config = (extra: Record<string, string> = {}): Record<string, string> => ({
  'gcs.service.host': ENDPOINT ?? 'http://127.0.0.1:1',
  'gcs.project-id': 'pangolin-test',
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

describe('GcsObjectStore (no server needed)', () => {
  it('parses gs:// locations', () => {
    assert.deepEqual(parseGcsLocation('gs://b/a/b.json'), { bucket: 'b', name: 'a/b.json', root: 'gs://b/' });
    assert.deepEqual(parseGcsLocation('gs://b'), { bucket: 'b', name: '', root: 'gs://b/' });
    for (const bad of ['gs:///k', 's3://b/k', 'gcs://b/k']) assert.throws(() => parseGcsLocation(bad), (e: unknown) => e instanceof StorageError && e.code === 'invalid-location');
  });

  it('rejects folder and bucket-only locations for object operations, and a non-URL gcs.service.host', async () => {
    const s = new GcsObjectStore(config());
    await rejectsCode(s.read('gs://b/'), 'invalid-location');
    await rejectsCode(s.write('gs://b/dir/', 'x'), 'invalid-location');
    await rejectsCode(s.write('gs://b', 'x'), 'invalid-location');
    await rejectsCode(s.deletePrefix('gs://b/'), 'invalid-location', /Refusing/);
    await rejectsCode(s.list('gs://b/', { delimiter: '|' }), 'invalid-location', /only "\/"/);
    await rejectsCode(s.list('gs://b/', { pageToken: 'garbage!' }), 'invalid-location', /page token/);
    assert.throws(() => new GcsObjectStore({ 'gcs.service.host': '127.0.0.1:4443' }), /gcs\.service\.host must be an http/);
  });

  it('is routed from objectStoreFor for gs://, cached per config', async () => {
    const a = await objectStoreFor('gs://b/wh', { 'gcs.project-id': 'p1' });
    const b = await objectStoreFor('gs://other/wh', { 'gcs.project-id': 'p1' });
    const c = await objectStoreFor('gs://b/wh', { 'gcs.project-id': 'p2' });
    assert.ok(a instanceof GcsObjectStore);
    assert.equal(a, b);
    assert.notEqual(a, c);
  });

  it('maps 401/403/412 answers to access-denied / already-exists naming the key, never the token', () => {
    const token = 'ya29.secret-token-value';
    const s = new GcsObjectStore({ 'gcs.oauth2.token': token });
    const m401 = s.mapError(Object.assign(new Error(`Invalid Credentials ${token}`), { code: 401 }), 'gs://b/k', 'b');
    assert.deepEqual([m401.code, /gcs\.oauth2\.token/.test(m401.message), m401.message.includes(token)], ['access-denied', true, false]);
    const m403 = s.mapError(Object.assign(new Error('x does not have storage.objects.get access'), { code: 403, errors: [{ reason: 'forbidden' }] }), 'gs://b/k', 'b');
    assert.deepEqual([m403.code, /gcs\.oauth2\.token lacks permission .*forbidden/.test(m403.message)], ['access-denied', true]);
    assert.equal(s.mapError(Object.assign(new Error('Precondition Failed'), { code: 412 }), 'gs://b/k', 'b').code, 'already-exists');
    const adc = new GcsObjectStore({}).mapError(new Error('Could not load the default credentials. Browse to ...'), 'gs://b/k', 'b');
    assert.deepEqual([adc.code, /gcs\.oauth2\.token.*GOOGLE_APPLICATION_CREDENTIALS/.test(adc.message)], ['access-denied', true]);
  });

  it('maps an unreachable endpoint to unavailable naming gcs.service.host', async () => {
    const s = new GcsObjectStore({ 'gcs.service.host': 'http://127.0.0.1:1', 'gcs.project-id': 'p' });
    await rejectsCode(s.read('gs://x/k'), 'unavailable', /Cannot reach http:\/\/127\.0\.0\.1:1 .*gcs\.service\.host/);
  });
});

// Each server test is skipped on its own (so runners count them as skipped), not the suite.
const sit = (name: string, fn: () => Promise<void>) => it(name, { skip: SKIP }, fn);

describe('GcsObjectStore against fake-gcs-server', () => {
  let admin: Storage;
  const store = new GcsObjectStore(config());
  const base = `gs://${BUCKET}/`;
  let n = 0;
  const fresh = () => `${base}case-${++n}/`;
  const names = (r: ListResult, root: string) => r.objects.map((o) => o.location.slice(root.length));

  before(async () => {
    if (SKIP) return;
    const sdk = await import('@google-cloud/storage');
    admin = new sdk.Storage({ apiEndpoint: ENDPOINT, projectId: 'pangolin-test' });
    await admin.bucket(BUCKET).create();
  });

  after(async () => {
    if (!admin) return;
    await admin.bucket(BUCKET).deleteFiles({ force: true }).catch(() => undefined);
    await admin.bucket(BUCKET).delete().catch(() => undefined);
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

  sit('maps a missing object to not-found', async () => {
    await rejectsCode(store.read(`${fresh()}missing.json`), 'not-found', /^Not found: /);
  });

  sit('replaces on write; ifNotExists refuses to (ifGenerationMatch=0 -> already-exists)', async () => {
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

    sit('pages through objects and prefixes with continuation tokens (never more than pageSize together)', async () => {
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
      assert.equal(await store.deletePrefix(e), 1005);
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

  sit('says which bucket does not exist, where, and how to create it', async () => {
    const missing = `no-such-bucket-${randomUUID().slice(0, 8)}`;
    const e = await rejectsCode(store.write(`gs://${missing}/k`, 'x'), 'not-found');
    assert.equal(e.message, `Bucket "${missing}" does not exist at ${ENDPOINT}: create it (gcloud storage buckets create gs://${missing}) or fix the warehouse location`);
    await rejectsCode(store.read(`gs://${missing}/k`), 'not-found', /Bucket ".*" does not exist/);
    await rejectsCode(store.list(`gs://${missing}/`), 'not-found', /Bucket ".*" does not exist/);
    await rejectsCode(store.stat(`gs://${missing}/k`), 'not-found', /Bucket ".*" does not exist/);
    await rejectsCode(store.delete(`gs://${missing}/k`), 'not-found', /Bucket ".*" does not exist/);
    await rejectsCode(store.deletePrefix(`gs://${missing}/p/`), 'not-found', /Bucket ".*" does not exist/);
  });

  sit('works through objectStoreFor with an Iceberg storage config', async () => {
    const s = await objectStoreFor(`${base}via-index/x.json`, config());
    await s.write(`${base}case-index/x.json`, '{}');
    assert.equal((await s.read(`${base}case-index/x.json`)).toString(), '{}');
  });
});
