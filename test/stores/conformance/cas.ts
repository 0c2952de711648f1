// Compare-and-swap of metadata pointers: single, multi (all or nothing), concurrent.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { setImmediate as tick } from 'node:timers/promises';
import type { MetadataSwap, TableIdent, TableKind } from '../../../src/server/stores/types.js';
import { concurrentBumps } from '../helpers/cas.js';
import { table, type Suite } from './fixtures.js';

export function casTests(s: Suite): void {
  const id = (name: string): TableIdent => ({ catalogId: s.ids.catalogId, namespace: ['db'], name });
  const loc = async (name: string, kind: TableKind = 'table') => (await s.store.getTable(id(name), kind))?.metadataLocation;
  const swap = (name: string, expected: string, next: string, kind: TableKind = 'table'): MetadataSwap => ({ ident: id(name), kind, expected, next });

  describe('swapMetadataLocations', () => {
    beforeEach(async () => {
      await s.store.createNamespace({ catalogId: s.ids.catalogId, namespace: ['db'], properties: {} });
      await s.store.createTable(table(s.ids.catalogId, ['db'], 'a', 'table', 'v0'));
      await s.store.createTable(table(s.ids.catalogId, ['db'], 'b', 'table', 'v0'));
      await s.store.createTable(table(s.ids.catalogId, ['db'], 'v', 'view', 'v0'));
    });

    it('moves the pointer when it matches, keeping the rest of the record', async () => {
      assert.equal(await s.store.swapMetadataLocations([swap('a', 'v0', 'v1')]), true);
      const rec = await s.store.getTable(id('a'), 'table');
      assert.equal(rec?.metadataLocation, 'v1');
      assert.equal(rec?.createdAt, table('x', [], 'x').createdAt);
      assert.equal(await s.store.swapMetadataLocations([swap('v', 'v0', 'v1', 'view')]), true);
      assert.equal(await loc('v', 'view'), 'v1');
    });

    it('refuses a stale expected location and changes nothing', async () => {
      await s.store.swapMetadataLocations([swap('a', 'v0', 'v1')]);
      assert.equal(await s.store.swapMetadataLocations([swap('a', 'v0', 'v2')]), false);
      assert.equal(await loc('a'), 'v1');
    });

    it('returns false for a missing entry or the wrong kind', async () => {
      assert.equal(await s.store.swapMetadataLocations([swap('ghost', 'v0', 'v1')]), false);
      assert.equal(await s.store.swapMetadataLocations([swap('v', 'v0', 'v1', 'table')]), false);
      assert.equal(await s.store.swapMetadataLocations([swap('a', 'v0', 'v1', 'view')]), false);
      assert.equal(await loc('v', 'view'), 'v0');
      assert.equal(await loc('a'), 'v0');
      assert.equal(await s.store.getTable(id('ghost'), 'table'), undefined);
    });

    it('lands multi-table swaps together', async () => {
      assert.equal(await s.store.swapMetadataLocations([swap('a', 'v0', 'v1'), swap('b', 'v0', 'v1'), swap('v', 'v0', 'v1', 'view')]), true);
      assert.deepEqual([await loc('a'), await loc('b'), await loc('v', 'view')], ['v1', 'v1', 'v1']);
    });

    it('lands none of a multi-table swap when one does not match', async () => {
      assert.equal(await s.store.swapMetadataLocations([swap('a', 'v0', 'v1'), swap('b', 'stale', 'v1')]), false);
      assert.equal(await s.store.swapMetadataLocations([swap('a', 'v0', 'v1'), swap('ghost', 'v0', 'v1')]), false);
      assert.equal(await s.store.swapMetadataLocations([swap('b', 'v0', 'v1'), swap('a', 'v0', 'v1'), swap('v', 'v0', 'v1')]), false);
      assert.deepEqual([await loc('a'), await loc('b'), await loc('v', 'view')], ['v0', 'v0', 'v0']);
    });

    it('applies swaps in order (a later swap may expect an earlier one’s next)', async () => {
      assert.equal(await s.store.swapMetadataLocations([swap('a', 'v0', 'v1'), swap('a', 'v1', 'v2')]), true);
      assert.equal(await loc('a'), 'v2');
      assert.equal(await s.store.swapMetadataLocations([swap('a', 'v2', 'v3'), swap('a', 'v2', 'v4')]), false);
      assert.equal(await loc('a'), 'v2');
    });

    it('an empty swap list succeeds', async () => {
      assert.equal(await s.store.swapMetadataLocations([]), true);
    });

    it('loses no update under 20 concurrent writers', async () => {
      const { successes, conflicts } = await concurrentBumps(s.store, [id('a')], 20, 5);
      assert.equal(successes, 100);
      assert.equal(await loc('a'), `v${successes}`);
      assert.ok(conflicts > 0, 'the writers should have collided at least once');
    });

    it('keeps multi-table swaps in lockstep under concurrent writers', async () => {
      const { successes } = await concurrentBumps(s.store, [id('a'), id('b')], 10, 3);
      assert.equal(successes, 30);
      assert.deepEqual([await loc('a'), await loc('b')], ['v30', 'v30']);
    });

    it('keeps 4-table swaps in lockstep under many writers', async () => {
      for (const n of ['c', 'd']) await s.store.createTable(table(s.ids.catalogId, ['db'], n, 'table', 'v0'));
      const idents = ['a', 'b', 'c', 'd'].map(id);
      const { successes } = await concurrentBumps(s.store, idents, 8, 3);
      assert.equal(successes, 24);
      assert.deepEqual(await Promise.all(['a', 'b', 'c', 'd'].map((n) => loc(n))), ['v24', 'v24', 'v24', 'v24']);
    });

    it('a reader polling during multi-table swaps never sees half of one (where the store claims atomicMultiSwap)', async (t) => {
      if (!s.store.capabilities().atomicMultiSwap) return t.skip('the store does not claim atomic multi-table swaps');
      const n = async (name: string) => Number((await loc(name))!.slice(1));
      let done = false;
      let reads = 0;
      const reader = (async () => {
        while (!done) {
          // a and b move together: whichever is read second must be at least the first.
          const a1 = await n('a');
          const b1 = await n('b');
          assert.ok(b1 >= a1, `read a=v${a1}, then b=v${b1}: half a transaction`);
          const b2 = await n('b');
          const a2 = await n('a');
          assert.ok(a2 >= b2, `read b=v${b2}, then a=v${a2}: half a transaction`);
          reads++;
          await tick(); // an in-memory store answers in microtasks: let the writers run
        }
      })();
      try {
        await concurrentBumps(s.store, [id('a'), id('b')], 4, 5);
      } finally {
        done = true;
      }
      await reader;
      assert.ok(reads > 0);
      assert.deepEqual([await loc('a'), await loc('b')], ['v20', 'v20']);
    });

    it('concurrent swaps of different tables do not interfere', async () => {
      const [ra, rb] = await Promise.all([concurrentBumps(s.store, [id('a')], 5, 4), concurrentBumps(s.store, [id('b')], 5, 6)]);
      assert.deepEqual([ra.successes, rb.successes], [20, 30]);
      assert.deepEqual([await loc('a'), await loc('b')], ['v20', 'v30']);
    });
  });
}
