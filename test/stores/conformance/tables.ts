// Tables and views: one identifier space, create/get/list/drop/rename.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { TableIdent, TableKind } from '../../../src/server/stores/types.js';
import { rejectsCode, table, type Suite } from './fixtures.js';

export function tableTests(s: Suite): void {
  const id = (namespace: string[], name: string): TableIdent => ({ catalogId: s.ids.catalogId, namespace, name });
  const names = async (namespace: string[], kind: TableKind) =>
    (await s.store.listTables(s.ids.catalogId, namespace, kind)).items.map((t) => t.name);

  describe('tables and views', () => {
    beforeEach(async () => {
      await s.store.createNamespace({ catalogId: s.ids.catalogId, namespace: ['db'], properties: {} });
      await s.store.createNamespace({ catalogId: s.ids.catalogId, namespace: ['db', 'inner'], properties: {} });
      await s.store.createNamespace({ catalogId: s.ids.catalogId, namespace: ['other'], properties: {} });
    });

    it('creates and gets tables and views by kind', async () => {
      const t = table(s.ids.catalogId, ['db'], 'orders', 'table', 'file:///w/db/orders/metadata/00000-a.metadata.json');
      const v = table(s.ids.catalogId, ['db'], 'orders_v', 'view', 'file:///w/db/orders_v/metadata/00000-b.metadata.json');
      assert.deepEqual(await s.store.createTable(t), t);
      assert.deepEqual(await s.store.createTable(v), v);
      assert.deepEqual(await s.store.getTable(id(['db'], 'orders'), 'table'), t);
      assert.deepEqual(await s.store.getTable(id(['db'], 'orders_v'), 'view'), v);
      assert.equal(await s.store.getTable(id(['db'], 'orders'), 'view'), undefined);
      assert.equal(await s.store.getTable(id(['db'], 'orders_v'), 'table'), undefined);
      assert.equal(await s.store.getTable(id(['db'], 'nope'), 'table'), undefined);
      assert.equal(await s.store.getTable({ ...id(['db'], 'orders'), catalogId: s.ids.otherCatalogId }, 'table'), undefined);
    });

    it('answers many concurrent gets each with its own row (stores may batch them)', async () => {
      const made = [];
      for (let i = 0; i < 30; i++) {
        const ns = i % 2 ? ['db'] : ['db', 'inner'];
        made.push(await s.store.createTable(table(s.ids.catalogId, ns, `t${i}`, i % 5 ? 'table' : 'view', `file:///w/t${i}/metadata/00000-${i}.metadata.json`)));
      }
      const asks = [...made.map((t) => ({ t, kind: t.kind })), ...made.map((t) => ({ t, kind: t.kind === 'table' ? ('view' as const) : ('table' as const) })), ...made.slice(0, 10).map((t) => ({ t, kind: t.kind }))];
      const got = await Promise.all([
        ...asks.map(({ t, kind }) => s.store.getTable(id(t.namespace, t.name), kind)),
        s.store.getTable(id(['db'], 'missing'), 'table'),
        s.store.getTable({ ...id(['db'], 't1'), catalogId: s.ids.otherCatalogId }, 'table'),
      ]);
      asks.forEach(({ t, kind }, i) => assert.deepEqual(got[i], kind === t.kind ? t : undefined, `${t.name} as ${kind}`));
      assert.equal(got[asks.length], undefined);
      assert.equal(got[asks.length + 1], undefined);
      // Each caller gets its own record.
      const [x, y] = await Promise.all([s.store.getTable(id(['db'], 't1'), 'table'), s.store.getTable(id(['db'], 't1'), 'table')]);
      assert.notEqual(x, y);
      assert.deepEqual(x, y);
    });

    it('needs the namespace (namespace-not-found)', async () => {
      await rejectsCode(s.store.createTable(table(s.ids.catalogId, ['nope'], 't')), 'namespace-not-found');
      await rejectsCode(s.store.createTable(table(s.ids.otherCatalogId, ['db'], 't')), 'namespace-not-found');
      await rejectsCode(s.store.createTable(table(s.ids.catalogId, ['db', 'inner', 'deeper'], 't', 'view')), 'namespace-not-found');
    });

    it('shares one name space between tables and views (already-exists)', async () => {
      await s.store.createTable(table(s.ids.catalogId, ['db'], 't', 'table', 'a'));
      await s.store.createTable(table(s.ids.catalogId, ['db'], 'v', 'view', 'b'));
      await rejectsCode(s.store.createTable(table(s.ids.catalogId, ['db'], 't', 'table', 'x')), 'already-exists');
      await rejectsCode(s.store.createTable(table(s.ids.catalogId, ['db'], 't', 'view', 'x')), 'already-exists');
      await rejectsCode(s.store.createTable(table(s.ids.catalogId, ['db'], 'v', 'table', 'x')), 'already-exists');
      assert.equal((await s.store.getTable(id(['db'], 't'), 'table'))?.metadataLocation, 'a');
      assert.equal(await s.store.getTable(id(['db'], 'v'), 'table'), undefined);
      // the same name elsewhere is fine
      await s.store.createTable(table(s.ids.catalogId, ['db', 'inner'], 't'));
      await s.store.createTable(table(s.ids.catalogId, ['other'], 'v', 'view'));
    });

    it('lists one kind of one namespace, ordered by name', async () => {
      for (const n of ['c', 'a', 'B', 'b']) await s.store.createTable(table(s.ids.catalogId, ['db'], n));
      await s.store.createTable(table(s.ids.catalogId, ['db'], 'view1', 'view'));
      await s.store.createTable(table(s.ids.catalogId, ['db', 'inner'], 'deep'));
      await s.store.createTable(table(s.ids.catalogId, ['other'], 'elsewhere'));
      assert.deepEqual(await names(['db'], 'table'), ['B', 'a', 'b', 'c']);
      assert.deepEqual(await names(['db'], 'view'), ['view1']);
      assert.deepEqual(await names(['db', 'inner'], 'table'), ['deep']);
      assert.deepEqual(await names(['nope'], 'table'), []);
      const page = await s.store.listTables(s.ids.catalogId, ['db'], 'table');
      assert.equal(page.nextPageToken, null);
      assert.deepEqual(page.items[0], table(s.ids.catalogId, ['db'], 'B'));
    });

    it('drops by kind and returns the dropped record', async () => {
      const t = await s.store.createTable(table(s.ids.catalogId, ['db'], 't'));
      await s.store.createTable(table(s.ids.catalogId, ['db'], 'v', 'view'));
      assert.equal(await s.store.dropTable(id(['db'], 't'), 'view'), undefined);
      assert.equal(await s.store.dropTable(id(['db'], 'v'), 'table'), undefined);
      assert.deepEqual(await s.store.dropTable(id(['db'], 't'), 'table'), t);
      assert.equal(await s.store.getTable(id(['db'], 't'), 'table'), undefined);
      assert.equal(await s.store.dropTable(id(['db'], 't'), 'table'), undefined);
      assert.ok(await s.store.getTable(id(['db'], 'v'), 'view'));
      await s.store.createTable(table(s.ids.catalogId, ['db'], 't', 'view')); // name is free again
    });

    describe('rename', () => {
      it('renames within a namespace, keeping the pointer and createdAt', async () => {
        await s.store.createTable(table(s.ids.catalogId, ['db'], 'old', 'table', 'loc-1'));
        await s.store.renameTable(id(['db'], 'old'), id(['db'], 'new'), 'table');
        assert.equal(await s.store.getTable(id(['db'], 'old'), 'table'), undefined);
        const moved = await s.store.getTable(id(['db'], 'new'), 'table');
        assert.equal(moved?.metadataLocation, 'loc-1');
        assert.equal(moved?.createdAt, table(s.ids.catalogId, ['db'], 'x').createdAt);
        assert.deepEqual(await names(['db'], 'table'), ['new']);
      });

      it('moves across namespaces, and renames views', async () => {
        await s.store.createTable(table(s.ids.catalogId, ['db'], 't', 'table', 'loc-t'));
        await s.store.createTable(table(s.ids.catalogId, ['db'], 'v', 'view', 'loc-v'));
        await s.store.renameTable(id(['db'], 't'), id(['db', 'inner'], 't2'), 'table');
        await s.store.renameTable(id(['db'], 'v'), id(['other'], 'v2'), 'view');
        assert.equal((await s.store.getTable(id(['db', 'inner'], 't2'), 'table'))?.metadataLocation, 'loc-t');
        assert.equal((await s.store.getTable(id(['other'], 'v2'), 'view'))?.metadataLocation, 'loc-v');
        assert.deepEqual(await names(['db'], 'table'), []);
        assert.deepEqual(await names(['db'], 'view'), []);
        await rejectsCode(s.store.dropNamespace(s.ids.catalogId, ['db', 'inner']), 'not-empty');
        await rejectsCode(s.store.dropNamespace(s.ids.catalogId, ['other']), 'not-empty');
      });

      it('fails with not-found for a missing source or the wrong kind', async () => {
        await s.store.createTable(table(s.ids.catalogId, ['db'], 'v', 'view'));
        await rejectsCode(s.store.renameTable(id(['db'], 'missing'), id(['db'], 'x'), 'table'), 'not-found');
        await rejectsCode(s.store.renameTable(id(['db'], 'v'), id(['db'], 'x'), 'table'), 'not-found');
        assert.ok(await s.store.getTable(id(['db'], 'v'), 'view'));
      });

      it('fails with namespace-not-found for a missing target namespace', async () => {
        await s.store.createTable(table(s.ids.catalogId, ['db'], 't'));
        await rejectsCode(s.store.renameTable(id(['db'], 't'), id(['ghost'], 't'), 'table'), 'namespace-not-found');
        assert.ok(await s.store.getTable(id(['db'], 't'), 'table'));
      });

      for (const clashKind of ['table', 'view'] as const) {
        it(`fails with already-exists when the target is a ${clashKind}`, async () => {
          await s.store.createTable(table(s.ids.catalogId, ['db'], 't', 'table', 'src'));
          await s.store.createTable(table(s.ids.catalogId, ['other'], 'taken', clashKind, 'dst'));
          await rejectsCode(s.store.renameTable(id(['db'], 't'), id(['other'], 'taken'), 'table'), 'already-exists');
          assert.equal((await s.store.getTable(id(['db'], 't'), 'table'))?.metadataLocation, 'src');
          assert.equal((await s.store.getTable(id(['other'], 'taken'), clashKind))?.metadataLocation, 'dst');
        });
      }
    });
  });
}
