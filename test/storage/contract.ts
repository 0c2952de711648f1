// The ObjectStore contract every storage backend must keep (local folder, S3, Azure, GCS).
// A backend's test file only starts / points at its backend and calls objectStoreContract();
// what it alone does (credentials, missing-bucket messages naming its config keys, location
// spellings, …) stays in that file.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { objectStoreFor } from '../../src/server/storage/index.js';
import { StorageError, type ListResult, type ObjectStore, type StorageErrorCode } from '../../src/server/storage/types.js';

/** What the contract runs against; built by the backend file once the server is there. */
export interface ObjectStoreBackend {
  /** The store under test. */
  store: ObjectStore;
  /** An empty place in an existing bucket / container / folder, ending in '/'; each case works below it. */
  root: string;
  /** An Iceberg storage config from which objectStoreFor builds a store that reaches root. */
  config: Record<string, string>;
  /** A location (no trailing '/') in a bucket / container that does not exist yet, and the config to reach it. */
  newContainer(): { location: string; config: Record<string, string> };
  /** How far stat's modifiedAt may be from this machine's clock; 5 minutes unless given. */
  clockSkewMs?: number;
  /** Listing with no page size must fetch every server page: how many objects make several, and the store to list them with (default 1005, store). */
  manyObjects?: { count: number; store?: ObjectStore };
  /** What is physically stored directly below a prefix (local: the folder's entries), to prove that writes leave nothing else behind. */
  storedNames?(prefix: string): string[];
  /** Puts something below a prefix that is not an object (local: another writer's temp file); listings must not show it. */
  addNonObject?(prefix: string): void;
  close?(): Promise<void> | void;
}

export interface ObjectStoreContractOptions {
  /** Why the backend cannot run here; each case is then skipped on its own (runners count them), not the suite. */
  skip?: string | false;
  /** How the backend refuses to replace with ifNotExists, for the case's name (e.g. "412"). */
  ifNotExistsVia?: string;
}

export async function rejectsCode(p: Promise<unknown>, code: StorageErrorCode, message?: RegExp): Promise<StorageError> {
  let caught: unknown;
  await assert.rejects(p, (e: unknown) => {
    caught = e;
    return e instanceof StorageError && e.code === code && (!message || message.test(e.message));
  });
  return caught as StorageError;
}

/**
 * Object operations refuse folder and bucket / container-only locations, before any request
 * (no server needed). container: the bucket's root without the trailing '/', e.g. s3://b.
 */
export async function rejectsNonObjectLocations(store: ObjectStore, container: string): Promise<void> {
  await rejectsCode(store.read(`${container}/`), 'invalid-location');
  await rejectsCode(store.write(`${container}/dir/`, 'x'), 'invalid-location');
  await rejectsCode(store.write(container, 'x'), 'invalid-location');
  await rejectsCode(store.deletePrefix(`${container}/`), 'invalid-location', /Refusing/);
  await rejectsCode(store.list(`${container}/`, { delimiter: '|' }), 'invalid-location', /only "\/"/);
}

/** The listed objects' locations relative to root. */
export const names = (r: ListResult, root: string): string[] => r.objects.map((o) => o.location.slice(root.length));

export function objectStoreContract(name: string, setup: () => ObjectStoreBackend | Promise<ObjectStoreBackend>, options: ObjectStoreContractOptions = {}): void {
  const { skip = false, ifNotExistsVia } = options;
  const test = (title: string, fn: () => Promise<void>) => it(title, { skip }, fn);

  describe(`ObjectStore contract: ${name}`, () => {
    let b: ObjectStoreBackend;
    let store: ObjectStore;
    let n = 0;
    const fresh = () => `${b.root}case-${++n}/`;

    before(async () => {
      if (skip) return;
      b = await setup();
      store = b.store;
    });
    after(async () => {
      await b?.close?.();
    });

    test('writes and reads strings, buffers and empty objects (an empty object reads and stats as 0 bytes)', async () => {
      const d = fresh();
      await store.write(`${d}a/b/c.json`, '{"x":1}');
      await store.write(`${d}bin`, Buffer.from([0, 1, 2, 255]));
      await store.write(`${d}empty`, '');
      assert.equal((await store.read(`${d}a/b/c.json`)).toString(), '{"x":1}');
      assert.deepEqual([...(await store.read(`${d}bin`))], [0, 1, 2, 255]);
      const empty = await store.read(`${d}empty`);
      assert.ok(Buffer.isBuffer(empty));
      assert.equal(empty.length, 0);
      assert.equal((await store.stat(`${d}empty`))?.size, 0);
      const big = Buffer.alloc(3 << 20, 7);
      await store.write(`${d}big`, big);
      assert.ok((await store.read(`${d}big`)).equals(big));
    });

    test('maps a missing object to not-found', async () => {
      const d = fresh();
      await rejectsCode(store.read(`${d}missing.json`), 'not-found', /^Not found: /);
      await rejectsCode(store.read(`${d}no/such/folder/x`), 'not-found');
    });

    test(`replaces on write; ifNotExists refuses to${ifNotExistsVia ? ` (${ifNotExistsVia} -> already-exists)` : ''}`, async () => {
      const d = fresh();
      await store.write(`${d}f`, 'one');
      await store.write(`${d}f`, 'two');
      assert.equal((await store.read(`${d}f`)).toString(), 'two');
      await rejectsCode(store.write(`${d}f`, 'three', { ifNotExists: true }), 'already-exists');
      assert.equal((await store.read(`${d}f`)).toString(), 'two');
      await store.write(`${d}g`, 'new', { ifNotExists: true });
      assert.equal((await store.read(`${d}g`)).toString(), 'new');
      if (b.storedNames) assert.deepEqual(b.storedNames(d).sort(), ['f', 'g'], 'nothing left behind');
    });

    test('lets exactly one of many concurrent ifNotExists writers win', async () => {
      const d = fresh();
      for (let round = 0; round < 5; round++) {
        const loc = `${d}race-${round}.json`;
        const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => store.write(loc, `writer ${i}`, { ifNotExists: true })));
        const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
        assert.equal(winners.length, 1, `round ${round}: ${winners.length} winners`);
        for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as StorageError).code, 'already-exists', String(r.reason));
        assert.equal((await store.read(loc)).toString(), `writer ${winners[0]}`);
      }
      if (b.storedNames) assert.deepEqual(b.storedNames(d).sort(), [0, 1, 2, 3, 4].map((i) => `race-${i}.json`), 'nothing left behind');
    });

    test('stats objects only', async () => {
      const d = fresh();
      await store.write(`${d}s/x.bin`, Buffer.alloc(1234));
      const info = await store.stat(`${d}s/x.bin`);
      assert.equal(info?.size, 1234);
      assert.equal(info?.location, `${d}s/x.bin`);
      assert.ok(Math.abs(Date.parse(info!.modifiedAt) - Date.now()) < (b.clockSkewMs ?? 5 * 60_000));
      assert.equal(await store.stat(`${d}s`), undefined);
      assert.equal(await store.stat(`${d}s/`), undefined);
      assert.equal(await store.stat(`${d}s/missing`), undefined);
      assert.equal(await store.stat(`${d}s/x.bin/below-a-file`), undefined);
    });

    describe('list', () => {
      let d: string;
      before(async () => {
        if (skip) return;
        d = fresh();
        for (const k of ['a0', 'a.txt', 'a/b', 'a/c/d', 'b', 'é', 'z/y']) await store.write(`${d}${k}`, k);
        b.addNonObject?.(d);
      });

      test('lists every object below a prefix, in byte order', async () => {
        const r = await store.list(d);
        assert.deepEqual(names(r, d), ['a.txt', 'a/b', 'a/c/d', 'a0', 'b', 'z/y', 'é']);
        assert.deepEqual(r.prefixes, []);
        assert.equal(r.nextPageToken, null);
        assert.equal(r.objects[0].size, 'a.txt'.length);
      });

      test('with the "/" delimiter, lists one level and folders as prefixes', async () => {
        const r = await store.list(d, { delimiter: '/' });
        assert.deepEqual(names(r, d), ['a.txt', 'a0', 'b', 'é']);
        assert.deepEqual(r.prefixes, [`${d}a/`, `${d}z/`]);
        const sub = await store.list(`${d}a/`, { delimiter: '/' });
        assert.deepEqual(names(sub, d), ['a/b']);
        assert.deepEqual(sub.prefixes, [`${d}a/c/`]);
      });

      test('treats a prefix without a trailing slash as a key prefix', async () => {
        assert.deepEqual(names(await store.list(`${d}a`), d), ['a.txt', 'a/b', 'a/c/d', 'a0']);
        assert.deepEqual(names(await store.list(`${d}a/c`), d), ['a/c/d']);
        const r = await store.list(`${d}a`, { delimiter: '/' });
        assert.deepEqual([names(r, d), r.prefixes], [['a.txt', 'a0'], [`${d}a/`]]);
      });

      test('returns nothing for a missing prefix', async () => {
        assert.deepEqual(await store.list(`${d}nope/`), { objects: [], prefixes: [], nextPageToken: null });
        assert.deepEqual((await store.list(`${d}b/`)).objects, []); // b is an object, not a folder
      });

      test('pages through objects and prefixes with continuation tokens (never more than pageSize together)', async () => {
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
        await rejectsCode(store.list(d, { delimiter: '|' }), 'invalid-location', /only "\/"/);
      });

      test('fetches every page when no page size is given', async () => {
        const count = b.manyObjects?.count ?? 1005;
        const s = b.manyObjects?.store ?? store;
        const e = fresh();
        const keys = Array.from({ length: count }, (_, i) => `k${String(i).padStart(4, '0')}`);
        for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((k) => s.write(`${e}${k}`, k)));
        const r = await s.list(e);
        assert.equal(r.objects.length, count, 'every server page');
        assert.equal(r.nextPageToken, null);
        assert.equal(await s.deletePrefix(e), count, 'every object, in as many batches as it takes');
        assert.deepEqual((await s.list(e)).objects, []);
      });
    });

    test('deletes single objects, reporting whether there was one', async () => {
      const d = fresh();
      await store.write(`${d}x`, 'x');
      assert.equal(await store.delete(`${d}x`), true);
      assert.equal(await store.delete(`${d}x`), false);
      assert.equal(await store.delete(`${d}never/was`), false);
      await rejectsCode(store.read(`${d}x`), 'not-found');
    });

    test('deletes by prefix, counting objects', async () => {
      const d = fresh();
      for (const k of ['t/data/1.parquet', 't/data/p=1/2.parquet', 't/metadata/v1.json', 't2/data/keep.parquet', 'other']) await store.write(`${d}${k}`, k);
      assert.equal(await store.deletePrefix(`${d}t/data/`), 2);
      assert.equal(await store.deletePrefix(`${d}t/`), 1);
      assert.deepEqual(names(await store.list(d), d), ['other', 't2/data/keep.parquet']);
      assert.equal(await store.deletePrefix(`${d}nothing/`), 0);
      assert.equal(await store.deletePrefix(`${d}t`), 1); // key prefix: t2/ matches too
      assert.deepEqual(names(await store.list(d), d), ['other']);
    });

    test('works through objectStoreFor with an Iceberg storage config', async () => {
      const d = fresh();
      const s = await objectStoreFor(`${d}x.json`, b.config);
      await s.write(`${d}x.json`, '{}');
      assert.equal((await s.read(`${d}x.json`)).toString(), '{}');
      assert.equal((await store.read(`${d}x.json`)).toString(), '{}', 'the same object as the store under test sees');
    });

    // ObjectStore.createContainer: the troubleshooter's one-click "Create bucket".
    test('createContainer creates the bucket / container once, then reports it exists; the store can then write', async () => {
      const { location, config } = b.newContainer();
      const s = await objectStoreFor(location, config);
      assert.ok(s.createContainer, 'the store can create its container');
      assert.equal(await s.createContainer(`${location}/`), true, 'created');
      assert.equal(await s.createContainer(`${location}/`), false, 'already there');
      await s.write(`${location}/probe.txt`, 'ok');
      assert.equal((await s.read(`${location}/probe.txt`)).toString(), 'ok');
    });
  });
}
