// Paging rules shared by every list method: no token = everything; a token (even "")
// pages with pageSize (default 100); pages are stable, complete and non-overlapping.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { Page, PageRequest } from '../../../src/server/stores/types.js';
import { catalog, shuffled, table, tenant, walkPages, warehouse, type Suite } from './fixtures.js';

export function pagingTests(s: Suite): void {
  const names7 = ['t0', 't1', 't2', 't3', 't4', 't5', 't6'];
  const listTables = (p?: PageRequest) => s.store.listTables(s.ids.catalogId, ['db'], 'table', p);
  const tableNames = (pages: { name: string }[][]) => pages.flat().map((t) => t.name);

  describe('pagination', () => {
    beforeEach(async () => {
      await s.store.createNamespace({ catalogId: s.ids.catalogId, namespace: ['db'], properties: {} });
      for (const n of shuffled(names7)) await s.store.createTable(table(s.ids.catalogId, ['db'], n));
      await s.store.createTable(table(s.ids.catalogId, ['db'], 'a-view', 'view'));
    });

    it('without a token returns everything, even with a pageSize', async () => {
      for (const p of [undefined, {}, { pageSize: 2 }]) {
        const page = await listTables(p);
        assert.deepEqual(page.items.map((t) => t.name), names7);
        assert.equal(page.nextPageToken, null);
      }
    });

    it('walks every page size: complete, ordered, no overlap, no empty last page', async () => {
      for (let size = 1; size <= 8; size++) {
        const pages = await walkPages(listTables, size);
        assert.deepEqual(tableNames(pages), names7, `pageSize ${size}`);
        assert.equal(pages.length, Math.max(1, Math.ceil(names7.length / size)), `pageSize ${size}: page count`);
      }
    });

    it('an empty token starts paging with the default size of 100', async () => {
      for (let i = 0; i < 100; i++) await s.store.createTable(table(s.ids.catalogId, ['db'], `u${String(i).padStart(3, '0')}`));
      const first = await listTables({ pageToken: '' });
      assert.equal(first.items.length, 100);
      assert.equal(typeof first.nextPageToken, 'string');
      const second = await listTables({ pageToken: first.nextPageToken! });
      assert.equal(second.items.length, 7);
      assert.equal(second.nextPageToken, null);
    });

    it('stays consistent when entries change between pages', async () => {
      const first = await listTables({ pageToken: '', pageSize: 3 });
      assert.deepEqual(first.items.map((t) => t.name), ['t0', 't1', 't2']);
      await s.store.createTable(table(s.ids.catalogId, ['db'], 'a-before'));
      await s.store.createTable(table(s.ids.catalogId, ['db'], 't9'));
      await s.store.dropTable({ catalogId: s.ids.catalogId, namespace: ['db'], name: 't1' }, 'table');
      await s.store.dropTable({ catalogId: s.ids.catalogId, namespace: ['db'], name: 't4' }, 'table');
      const rest = await walkPages((p) => listTables({ ...p, pageToken: p.pageToken || first.nextPageToken! }), 3);
      assert.deepEqual(tableNames(rest), ['t3', 't5', 't6', 't9']);
    });

    it('the same token gives the same page; foreign or odd tokens do not break a list', async () => {
      const first = await listTables({ pageToken: '', pageSize: 2 });
      const again = await listTables({ pageToken: first.nextPageToken!, pageSize: 2 });
      assert.deepEqual(again, await listTables({ pageToken: first.nextPageToken!, pageSize: 2 }));
      const nsToken = (await s.store.listNamespaces(s.ids.catalogId, [], { pageToken: '', pageSize: 1 })).nextPageToken;
      const tenantsToken = (await s.store.listTenants({ pageToken: '', pageSize: 1 })).nextPageToken;
      for (const token of [nsToken, tenantsToken, first.nextPageToken, 'garbage!*', 'AAAA', '%%%']) {
        if (token === null) continue;
        const page = await listTables({ pageToken: token, pageSize: 3 });
        assert.ok(Array.isArray(page.items));
        const metrics = await s.store.listMetricsReports(s.ids.catalogId, { pageToken: token, pageSize: 3 });
        assert.ok(Array.isArray(metrics.items));
      }
    });

    it('applies to every list method', async () => {
      for (const n of ['n3', 'n1', 'n2']) await s.store.createNamespace({ catalogId: s.ids.catalogId, namespace: ['db', n], properties: {} });
      for (const n of ['x', 'y', 'z']) {
        await s.store.createTenant(tenant(`t-${n}`, n));
        await s.store.createWarehouse(warehouse(`w-${n}`, 't1', n));
        await s.store.createCatalog(catalog(`c-${n}`, 't1', 'w1', n));
      }
      for (let i = 0; i < 5; i++) {
        const r = { id: `r${i}`, catalogId: s.ids.catalogId, namespace: ['db'], table: 't0', reportType: 'commit-report', reportJson: '{}', receivedAt: '2024-01-01T00:00:00.000Z' };
        await s.store.addMetricsReport(r);
      }
      const check = async <T>(list: (p?: PageRequest) => Promise<Page<T>>, key: (t: T) => string) => {
        const all = (await list()).items.map(key);
        for (const size of [1, 2, 4]) assert.deepEqual((await walkPages(list, size)).flat().map(key), all);
        return all;
      };
      const nsKey = (n: { namespace: string[] }) => n.namespace.join('.');
      assert.deepEqual(await check((p) => s.store.listNamespaces(s.ids.catalogId, ['db'], p), nsKey), ['db.n1', 'db.n2', 'db.n3']);
      assert.deepEqual(await check((p) => s.store.listTenants(p), (t) => t.name), ['tenant-one', 'x', 'y', 'z']);
      assert.deepEqual(await check((p) => s.store.listWarehouses('t1', p), (w) => w.name), ['wh', 'x', 'y', 'z']);
      assert.deepEqual(await check((p) => s.store.listCatalogs('t1', p), (c) => c.name), ['main', 'other', 'x', 'y', 'z']);
      assert.deepEqual(await check((p) => s.store.listMetricsReports(s.ids.catalogId, p), (r) => r.id), ['r0', 'r1', 'r2', 'r3', 'r4']);
      assert.deepEqual(await check((p) => s.store.listTables(s.ids.catalogId, ['db'], 'view', p), (t) => t.name), ['a-view']);
    });
  });
}
