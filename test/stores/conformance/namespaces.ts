// Namespaces: nesting, listing direct children, properties, drop rules.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codePointSort, rejectsCode, table, type Suite } from './fixtures.js';

export function namespaceTests(s: Suite): void {
  const ns = (namespace: string[], properties: Record<string, string> = {}) => ({ catalogId: s.ids.catalogId, namespace, properties });
  const children = async (parent: string[], catalogId = s.ids.catalogId) =>
    (await s.store.listNamespaces(catalogId, parent)).items.map((n) => n.namespace);

  describe('namespaces', () => {
    it('creates and gets, with properties', async () => {
      const rec = ns(['db'], { owner: 'me', comment: 'x=y, "q"' });
      assert.deepEqual(await s.store.createNamespace(rec), rec);
      assert.deepEqual(await s.store.getNamespace(s.ids.catalogId, ['db']), rec);
      assert.equal(await s.store.getNamespace(s.ids.catalogId, ['nope']), undefined);
      assert.equal(await s.store.getNamespace(s.ids.otherCatalogId, ['db']), undefined);
    });

    it('rejects a duplicate with already-exists, per catalog', async () => {
      await s.store.createNamespace(ns(['db']));
      await rejectsCode(s.store.createNamespace(ns(['db'], { a: 'b' })), 'already-exists');
      assert.deepEqual((await s.store.getNamespace(s.ids.catalogId, ['db']))?.properties, {});
      await s.store.createNamespace({ catalogId: s.ids.otherCatalogId, namespace: ['db'], properties: {} });
    });

    it('nests without requiring parents, and lists direct children only', async () => {
      for (const n of [['a'], ['a', 'b'], ['a', 'b', 'c'], ['b'], ['c', 'x'], ['a', 'a2']]) await s.store.createNamespace(ns(n));
      assert.deepEqual(await children([]), [['a'], ['b']]);
      assert.deepEqual(await children(['a']), [['a', 'a2'], ['a', 'b']]);
      assert.deepEqual(await children(['a', 'b']), [['a', 'b', 'c']]);
      assert.deepEqual(await children(['c']), [['c', 'x']]);
      assert.deepEqual(await children(['a', 'b', 'c']), []);
      assert.deepEqual(await children(['missing']), []);
      assert.deepEqual(await children([], s.ids.otherCatalogId), []);
    });

    it('orders siblings by name (code point order), not by insertion', async () => {
      const names = ['zeta', 'Alpha', 'alpha', 'é', '10', '9', 'a_b', 'a-b', 'a.b', '😀', '\uffff'];
      for (const n of names) await s.store.createNamespace(ns(['p', n]));
      await s.store.createNamespace(ns(['p-sibling']));
      assert.deepEqual(await children(['p']), codePointSort(names).map((n) => ['p', n]));
    });

    it('updates properties atomically: removals and updates, unknown removals ignored', async () => {
      await s.store.createNamespace(ns(['db'], { a: '1', b: '2', c: '3' }));
      const rec = await s.store.updateNamespaceProperties(s.ids.catalogId, ['db'], { b: '20', d: '4' }, ['a', 'zz']);
      assert.deepEqual(rec, ns(['db'], { b: '20', c: '3', d: '4' }));
      assert.deepEqual(await s.store.getNamespace(s.ids.catalogId, ['db']), rec);
      await rejectsCode(s.store.updateNamespaceProperties(s.ids.catalogId, ['nope'], { a: '1' }, []), 'namespace-not-found');
    });

    it('returns copies of properties', async () => {
      const created = await s.store.createNamespace(ns(['db'], { a: '1' }));
      created.properties.a = 'changed';
      const got = await s.store.getNamespace(s.ids.catalogId, ['db']);
      got!.properties.a = 'changed';
      (await s.store.listNamespaces(s.ids.catalogId, [])).items[0].properties.a = 'changed';
      assert.deepEqual((await s.store.getNamespace(s.ids.catalogId, ['db']))?.properties, { a: '1' });
    });

    it('drops an empty namespace; a missing one is namespace-not-found', async () => {
      await s.store.createNamespace(ns(['db']));
      await s.store.dropNamespace(s.ids.catalogId, ['db']);
      assert.equal(await s.store.getNamespace(s.ids.catalogId, ['db']), undefined);
      await rejectsCode(s.store.dropNamespace(s.ids.catalogId, ['db']), 'namespace-not-found');
      await s.store.createNamespace(ns(['db'])); // can be re-created
    });

    for (const kind of ['table', 'view'] as const) {
      it(`refuses to drop a namespace holding a ${kind} (not-empty)`, async () => {
        await s.store.createNamespace(ns(['db']));
        await s.store.createTable(table(s.ids.catalogId, ['db'], 'x', kind));
        await rejectsCode(s.store.dropNamespace(s.ids.catalogId, ['db']), 'not-empty');
        assert.ok(await s.store.getNamespace(s.ids.catalogId, ['db']));
        await s.store.dropTable({ catalogId: s.ids.catalogId, namespace: ['db'], name: 'x' }, kind);
        await s.store.dropNamespace(s.ids.catalogId, ['db']);
      });
    }

    it('refuses to drop a namespace with child or deeper namespaces (not-empty)', async () => {
      await s.store.createNamespace(ns(['a']));
      await s.store.createNamespace(ns(['a', 'b']));
      await rejectsCode(s.store.dropNamespace(s.ids.catalogId, ['a']), 'not-empty');
      await s.store.dropNamespace(s.ids.catalogId, ['a', 'b']);
      await s.store.createNamespace(ns(['a', 'x', 'y'])); // grandchild without a child
      await rejectsCode(s.store.dropNamespace(s.ids.catalogId, ['a']), 'not-empty');
      await s.store.dropNamespace(s.ids.catalogId, ['a', 'x', 'y']);
      await s.store.dropNamespace(s.ids.catalogId, ['a']);
    });

    it('is not confused by name prefixes or other catalogs', async () => {
      await s.store.createNamespace(ns(['a']));
      await s.store.createNamespace(ns(['ab']));
      await s.store.createNamespace(ns(['ab', 'c']));
      await s.store.createNamespace({ catalogId: s.ids.otherCatalogId, namespace: ['a', 'child'], properties: {} });
      await s.store.createNamespace(ns(['b']));
      await s.store.createTable(table(s.ids.catalogId, ['b'], 'a'));
      await s.store.dropNamespace(s.ids.catalogId, ['a']);
      assert.deepEqual(await children([]), [['ab'], ['b']]);
    });
  });
}
