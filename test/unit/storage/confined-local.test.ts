// ConfinedLocalStore on real folders: I/O inside the warehouse folder passes through, any
// path whose real location is outside it (through a linked folder or a linked file) is
// refused with access-denied before anything is read, written or deleted.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import { ConfinedLocalStore } from '../../../src/server/storage/confined-local.js';
import { LocalObjectStore } from '../../../src/server/storage/local.js';
import { StorageError } from '../../../src/server/storage/types.js';

const base = mkdtempSync(join(tmpdir(), 'pangolin-confined-'));
const W = join(base, 'warehouse');
const O = join(base, 'outside');
mkdirSync(W);
mkdirSync(O);
writeFileSync(join(O, 'f'), 'outside');
symlinkSync(O, join(W, 'link'));
symlinkSync(join(O, 'f'), join(W, 'file-link'));
const url = (p: string) => pathToFileURL(join(W, p)).href;
const store = new ConfinedLocalStore(new LocalObjectStore(), pathToFileURL(W).href);
const denied = (e: unknown) => e instanceof StorageError && e.code === 'access-denied';

describe('ConfinedLocalStore', () => {
  after(() => rmSync(base, { recursive: true, force: true }));

  test('inside: every operation works', async () => {
    await store.write(url('a/b.json'), '{}');
    assert.equal((await store.read(url('a/b.json'))).toString(), '{}');
    assert.equal((await store.stat(url('a/b.json')))?.size, 2);
    assert.deepEqual((await store.list(url('a/'))).objects.map((o) => o.location), [url('a/b.json')]);
    assert.equal(await store.delete(url('a/b.json')), true);
    assert.equal(await store.createContainer(url('made')), true);
  });

  test('through a link out: refused, the outside untouched', async () => {
    await assert.rejects(store.read(url('link/f')), denied);
    await assert.rejects(store.read(url('file-link')), denied);
    await assert.rejects(store.stat(url('file-link')), denied);
    await assert.rejects(store.write(url('link/new'), 'x'), denied);
    await assert.rejects(store.write(url('link/deep/new'), 'x'), denied);
    await assert.rejects(store.list(url('link/')), denied);
    await assert.rejects(store.delete(url('link/f')), denied);
    await assert.rejects(store.deletePrefix(url('link/')), denied);
    await assert.rejects(store.createContainer(url('link/made')), denied);
    assert.equal(readFileSync(join(O, 'f'), 'utf8'), 'outside');
    assert.ok(!existsSync(join(O, 'new')) && !existsSync(join(O, 'deep')) && !existsSync(join(O, 'made')));
  });

  test('a listing leaves out links to files outside; deletePrefix removes such a link, not its target', async () => {
    const listed = (await store.list(pathToFileURL(W).href + '/', { delimiter: '/' })).objects.map((o) => o.location);
    assert.ok(!listed.includes(url('file-link')));
    await store.deletePrefix(pathToFileURL(W).href + '/');
    assert.equal(readFileSync(join(O, 'f'), 'utf8'), 'outside');
    assert.ok(!existsSync(join(W, 'file-link')));
  });
});
