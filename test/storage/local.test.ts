// LocalObjectStore: object-store semantics on a local folder.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LocalObjectStore } from '../../src/server/storage/local.js';
import { StorageError, type ListResult, type StorageErrorCode } from '../../src/server/storage/types.js';

const root = mkdtempSync(join(tmpdir(), 'pangolin-local-'));
after(() => rmSync(root, { recursive: true, force: true }));
const store = new LocalObjectStore();
let dir: string; // a fresh folder per test
let base: string; // its file:// URI, with a trailing '/'
let n = 0;

beforeEach(() => {
  dir = join(root, `case ${++n} #x`); // a space and '#' on purpose
  mkdirSync(dir);
  base = `file://${dir}/`;
});

async function rejectsCode(p: Promise<unknown>, code: StorageErrorCode): Promise<void> {
  await assert.rejects(p, (e: unknown) => e instanceof StorageError && e.code === code);
}
const names = (r: ListResult) => r.objects.map((o) => o.location.slice(base.length));

describe('LocalObjectStore', () => {
  it('writes and reads strings and buffers, creating folders', async () => {
    await store.write(`${base}a/b/c.json`, '{"x":1}');
    await store.write(`${base}bin`, Buffer.from([0, 1, 2, 255]));
    assert.equal((await store.read(`${base}a/b/c.json`)).toString(), '{"x":1}');
    assert.deepEqual([...(await store.read(`${base}bin`))], [0, 1, 2, 255]);
    // the same object through a bare path and a percent-encoded URI
    assert.equal((await store.read(join(dir, 'a', 'b', 'c.json'))).toString(), '{"x":1}');
    assert.equal((await store.read(pathToFileURL(join(dir, 'a/b/c.json')).href)).toString(), '{"x":1}');
    assert.equal((await store.read(`file:${dir}/bin`)).length, 4); // Hadoop-style file:/path
  });

  it('maps missing objects and folders to not-found', async () => {
    await rejectsCode(store.read(`${base}missing.json`), 'not-found');
    await rejectsCode(store.read(`${base}no/such/folder/x`), 'not-found');
    mkdirSync(join(dir, 'folder'));
    await rejectsCode(store.read(`${base}folder`), 'not-found');
  });

  it('replaces on write; ifNotExists refuses to', async () => {
    await store.write(`${base}f`, 'one');
    await store.write(`${base}f`, 'two');
    assert.equal((await store.read(`${base}f`)).toString(), 'two');
    await rejectsCode(store.write(`${base}f`, 'three', { ifNotExists: true }), 'already-exists');
    assert.equal((await store.read(`${base}f`)).toString(), 'two');
    await store.write(`${base}g`, 'new', { ifNotExists: true });
    assert.equal((await store.read(`${base}g`)).toString(), 'new');
    assert.deepEqual(readdirSync(dir).sort(), ['f', 'g']); // no temp files left behind
  });

  it('rejects bad locations with invalid-location', async () => {
    await rejectsCode(store.read('relative/path'), 'invalid-location');
    await rejectsCode(store.read('file://some-host/x'), 'invalid-location');
    await rejectsCode(store.write(`${base}folder/`, 'x'), 'invalid-location');
    await store.write(`${base}file`, 'x');
    await rejectsCode(store.write(`${base}file/child`, 'x'), 'invalid-location');
  });

  it('stats objects only', async () => {
    await store.write(`${base}s/x.bin`, Buffer.alloc(1234));
    const info = await store.stat(`${base}s/x.bin`);
    assert.equal(info?.size, 1234);
    assert.equal(info?.location, `${base}s/x.bin`);
    assert.ok(Math.abs(Date.parse(info!.modifiedAt) - Date.now()) < 60_000);
    assert.equal(await store.stat(`${base}s`), undefined);
    assert.equal(await store.stat(`${base}s/missing`), undefined);
    assert.equal(await store.stat(`${base}s/x.bin/below-a-file`), undefined);
  });

  describe('list', () => {
    beforeEach(async () => {
      for (const k of ['a0', 'a.txt', 'a/b', 'a/c/d', 'b', 'é', 'z/y']) await store.write(`${base}${k}`, k);
      writeFileSync(join(dir, '.pangolin-tmp-in-flight'), 'partial'); // another writer's temp file
    });

    it('lists every object below a folder, in byte order', async () => {
      const r = await store.list(base);
      assert.deepEqual(names(r), ['a.txt', 'a/b', 'a/c/d', 'a0', 'b', 'z/y', 'é']);
      assert.deepEqual(r.prefixes, []);
      assert.equal(r.nextPageToken, null);
      assert.equal(r.objects[0].size, 'a.txt'.length);
      assert.deepEqual(names(await store.list(dir + '/')), names(r)); // bare path prefix
    });

    it('with the "/" delimiter, lists one level and folders as prefixes', async () => {
      const r = await store.list(base, { delimiter: '/' });
      assert.deepEqual(names(r), ['a.txt', 'a0', 'b', 'é']);
      assert.deepEqual(r.prefixes, [`${base}a/`, `${base}z/`]);
      const sub = await store.list(`${base}a/`, { delimiter: '/' });
      assert.deepEqual(names(sub), ['a/b']);
      assert.deepEqual(sub.prefixes, [`${base}a/c/`]);
    });

    it('treats a prefix without a trailing slash as a key prefix', async () => {
      assert.deepEqual(names(await store.list(`${base}a`)), ['a.txt', 'a/b', 'a/c/d', 'a0']);
      assert.deepEqual(names(await store.list(`${base}a/c`)), ['a/c/d']);
      const r = await store.list(`${base}a`, { delimiter: '/' });
      assert.deepEqual([names(r), r.prefixes], [['a.txt', 'a0'], [`${base}a/`]]);
    });

    it('returns nothing for a missing folder', async () => {
      assert.deepEqual(await store.list(`${base}nope/`), { objects: [], prefixes: [], nextPageToken: null });
      assert.deepEqual((await store.list(`${base}b/`)).objects, []); // b is a file
    });

    it('pages through objects and prefixes', async () => {
      for (const delimiter of [undefined, '/']) {
        const all = await store.list(base, { delimiter });
        const seen: string[] = [];
        let token: string | undefined;
        do {
          const page: ListResult = await store.list(base, { delimiter, pageSize: 2, pageToken: token });
          assert.ok(page.objects.length + page.prefixes.length <= 2);
          seen.push(...page.objects.map((o) => o.location), ...page.prefixes);
          token = page.nextPageToken ?? undefined;
        } while (token);
        assert.deepEqual(seen.sort(), [...all.objects.map((o) => o.location), ...all.prefixes].sort());
      }
      await assert.rejects(store.list(base, { delimiter: '|' }), /only "\/"/);
    });
  });

  it('deletes single objects', async () => {
    await store.write(`${base}x`, 'x');
    assert.equal(await store.delete(`${base}x`), true);
    assert.equal(await store.delete(`${base}x`), false);
    assert.equal(await store.delete(`${base}never/was`), false);
    mkdirSync(join(dir, 'folder'));
    assert.equal(await store.delete(`${base}folder`), false);
    assert.ok(existsSync(join(dir, 'folder')));
  });

  it('deletes by prefix, counting objects and removing emptied folders', async () => {
    for (const k of ['t/data/1.parquet', 't/data/p=1/2.parquet', 't/metadata/v1.json', 't2/data/keep.parquet', 'other']) await store.write(`${base}${k}`, k);
    const outside = join(root, `outside-${n}`);
    mkdirSync(outside);
    writeFileSync(join(outside, 'precious'), 'keep');
    symlinkSync(outside, join(dir, 't', 'data', 'link'));
    assert.equal(await store.deletePrefix(`${base}t/data/`), 2);
    assert.ok(!existsSync(join(dir, 't', 'data')));
    assert.ok(existsSync(join(outside, 'precious')), 'symlinked folders are not followed');
    assert.equal(await store.deletePrefix(`${base}t/`), 1);
    assert.deepEqual(names(await store.list(base)), ['other', 't2/data/keep.parquet']);
    assert.equal(await store.deletePrefix(`${base}nothing/`), 0);
    assert.equal(await store.deletePrefix(`${base}t`), 1); // key prefix: t2/ matches too
    assert.deepEqual(names(await store.list(base)), ['other']);
    await rejectsCode(store.deletePrefix('file:///'), 'invalid-location');
  });

  it('maps EACCES to access-denied', async (t) => {
    if (process.getuid?.() === 0 || process.platform === 'win32') return t.skip('permissions are not enforced for this user/platform');
    await store.write(`${base}locked/secret`, 's');
    chmodSync(join(dir, 'locked', 'secret'), 0o000);
    chmodSync(join(dir, 'locked'), 0o500);
    try {
      await rejectsCode(store.read(`${base}locked/secret`), 'access-denied');
      await rejectsCode(store.write(`${base}locked/new`, 'x'), 'access-denied');
    } finally {
      chmodSync(join(dir, 'locked'), 0o700);
    }
  });

  it('lets exactly one of many concurrent ifNotExists writers win', async () => {
    for (let round = 0; round < 5; round++) {
      const loc = `${base}race-${round}.json`;
      const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => store.write(loc, `writer ${i}`, { ifNotExists: true })));
      const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
      assert.equal(winners.length, 1, `round ${round}: ${winners.length} winners`);
      for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as StorageError).code, 'already-exists');
      assert.equal((await store.read(loc)).toString(), `writer ${winners[0]}`);
    }
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.')), []);
  });

  it('never shows a reader a partial file', async () => {
    const loc = `${base}big.bin`;
    const size = 4 << 20;
    await store.write(loc, Buffer.alloc(size, 0));
    let writing = true;
    const writer = (async () => {
      for (let i = 1; i <= 30; i++) await store.write(loc, Buffer.alloc(size, i));
      writing = false;
    })();
    let reads = 0;
    const readers = Array.from({ length: 3 }, async () => {
      while (writing) {
        const data = await store.read(loc);
        reads++;
        assert.equal(data.length, size, 'partial file seen');
        assert.ok(data.equals(Buffer.alloc(size, data[0])), 'mixed content seen');
      }
    });
    // allSettled: a failing reader must not leave the writer running past the test
    for (const r of await Promise.allSettled([writer, ...readers])) if (r.status === 'rejected') throw r.reason;
    assert.ok(reads > 0);
    assert.equal((await store.read(loc))[0], 30);
  });
});
