// Persistent backends keep everything across close and reopen.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { table, type Suite } from './fixtures.js';

export function persistenceTests(s: Suite): void {
  describe('persistence', () => {
    it('keeps every entity across close and reopen', async (t) => {
      const { reopen } = s.options;
      if (!s.store.capabilities().persistent || !reopen) {
        t.skip('backend is not persistent (or no reopen given)');
        return;
      }
      const c = s.ids.catalogId;
      await s.store.createNamespace({ catalogId: c, namespace: ['db', 'sub'], properties: { k: 'v' } });
      await s.store.createTable(table(c, ['db', 'sub'], 't', 'table', 'v0'));
      await s.store.createTable(table(c, ['db', 'sub'], 'v', 'view', 'v0'));
      assert.equal(await s.store.swapMetadataLocations([{ ident: { catalogId: c, namespace: ['db', 'sub'], name: 't' }, kind: 'table', expected: 'v0', next: 'v1' }]), true);
      await s.store.createClient({ clientId: 'k', tenantId: 't1', name: 'k', secretHash: 'h', createdAt: 'now', role: 'tenant-user' });
      await s.store.addMetricsReport({ id: 'r', catalogId: c, namespace: ['db', 'sub'], table: 't', reportType: 'scan-report', reportJson: '{"a":1}', receivedAt: 'now' });
      const before = {
        tenants: await s.store.listTenants(),
        warehouses: await s.store.listWarehouses('t1'),
        catalogs: await s.store.listCatalogs('t1'),
        namespaces: await s.store.listNamespaces(c, ['db']),
        tables: await s.store.listTables(c, ['db', 'sub'], 'table'),
        views: await s.store.listTables(c, ['db', 'sub'], 'view'),
        reports: await s.store.listMetricsReports(c),
        client: await s.store.getClient('k'),
      };
      await s.store.close();
      s.store = await reopen(s.store);
      await s.store.init();
      const after = {
        tenants: await s.store.listTenants(),
        warehouses: await s.store.listWarehouses('t1'),
        catalogs: await s.store.listCatalogs('t1'),
        namespaces: await s.store.listNamespaces(c, ['db']),
        tables: await s.store.listTables(c, ['db', 'sub'], 'table'),
        views: await s.store.listTables(c, ['db', 'sub'], 'view'),
        reports: await s.store.listMetricsReports(c),
        client: await s.store.getClient('k'),
      };
      assert.deepEqual(after, before);
      assert.equal(after.tables.items[0].metadataLocation, 'v1');
      // still fully usable
      assert.equal(await s.store.swapMetadataLocations([{ ident: { catalogId: c, namespace: ['db', 'sub'], name: 't' }, kind: 'table', expected: 'v1', next: 'v2' }]), true);
      await s.store.addMetricsReport({ id: 'r2', catalogId: c, namespace: [], table: 't', reportType: 'x', reportJson: '{}', receivedAt: 'now' });
      assert.deepEqual((await s.store.listMetricsReports(c)).items.map((r) => r.id), ['r', 'r2']);
    });
  });
}
