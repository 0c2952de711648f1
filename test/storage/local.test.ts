// LocalObjectStore: object-store semantics on a local folder.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LocalObjectStore } from '../../src/server/storage/local.js';
import type { ListResult } from '../../src/server/storage/types.js';
import { names as namesBelow, objectStoreContract, rejectsCode } from './contract.js';

const root = mkdtempSync(join(tmpdir(), 'pangolin-local-'));
after(() => rmSync(root, { recursive: true, force: true }));
const store = new LocalObjectStore();
const pathOf = (fileUri: string) => fileUri.slice('file://'.length);

objectStoreContract(
  'local folder',
  () => {
    const dir = join(root, 'contract #x'); // a space and '#' on purpose
    mkdirSync(dir);
    let containers = 0;
    return {
      store,
      root: `file://${dir}/`,
      config: {},
      newContainer: () => ({ location: pathToFileURL(join(root, `container-${++containers}`, 'lake', 'sub')).href, config: {} }),
      clockSkewMs: 60_000,
      storedNames: (prefix) => readdirSync(pathOf(prefix)),
      addNonObject: (prefix) => writeFileSync(join(pathOf(prefix), '.pangolin-tmp-in-flight'), 'partial'), // another writer's temp file
    };
  },
  { ifNotExistsVia: 'link() EEXIST' },
);

describe('LocalObjectStore', () => {
  let dir: string; // a fresh folder per test
  let base: string; // its file:// URI, with a trailing '/'
  let n = 0;
  const names = (r: ListResult) => namesBelow(r, base);

  beforeEach(() => {
    dir = join(root, `case ${++n} #x`); // a space and '#' on purpose
    mkdirSync(dir);
    base = `file://${dir}/`;
  });

  it('reads and lists through a bare path, a percent-encoded URI and a Hadoop-style file:/path', async () => {
    await store.write(`${base}a/b/c.json`, '{"x":1}');
    await store.write(`${base}bin`, Buffer.from([0, 1, 2, 255]));
    assert.equal((await store.read(join(dir, 'a', 'b', 'c.json'))).toString(), '{"x":1}');
    assert.equal((await store.read(pathToFileURL(join(dir, 'a/b/c.json')).href)).toString(), '{"x":1}');
    assert.equal((await store.read(`file:${dir}/bin`)).length, 4);
    assert.deepEqual(names(await store.list(dir + '/')), ['a/b/c.json', 'bin']); // bare path prefix
  });

  it('treats a bare folder as no object: reading it is not-found, deleting it does nothing', async () => {
    mkdirSync(join(dir, 'folder'));
    await rejectsCode(store.read(`${base}folder`), 'not-found');
    assert.equal(await store.delete(`${base}folder`), false);
    assert.ok(existsSync(join(dir, 'folder')));
  });

  it('rejects bad locations with invalid-location', async () => {
    await rejectsCode(store.read('relative/path'), 'invalid-location');
    await rejectsCode(store.read('file://some-host/x'), 'invalid-location');
    await rejectsCode(store.write(`${base}folder/`, 'x'), 'invalid-location');
    await store.write(`${base}file`, 'x');
    await rejectsCode(store.write(`${base}file/child`, 'x'), 'invalid-location');
  });

  it('deletes by prefix removing emptied folders, never following symlinks, never the root', async () => {
    for (const k of ['t/data/1.parquet', 't/data/p=1/2.parquet', 't/metadata/v1.json', 'other']) await store.write(`${base}${k}`, k);
    const outside = join(root, `outside-${n}`);
    mkdirSync(outside);
    writeFileSync(join(outside, 'precious'), 'keep');
    symlinkSync(outside, join(dir, 't', 'data', 'link'));
    assert.equal(await store.deletePrefix(`${base}t/data/`), 2);
    assert.ok(!existsSync(join(dir, 't', 'data')));
    assert.ok(existsSync(join(outside, 'precious')), 'symlinked folders are not followed');
    assert.equal(await store.deletePrefix(`${base}t/`), 1);
    assert.ok(!existsSync(join(dir, 't')));
    await rejectsCode(store.deletePrefix('file:///'), 'invalid-location');
  });

  it('createContainer makes the folder, parents included', async () => {
    const loc = pathToFileURL(join(dir, 'lake', 'sub')).href;
    assert.equal(await store.createContainer(`${loc}/`), true);
    assert.ok(statSync(join(dir, 'lake', 'sub')).isDirectory());
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
