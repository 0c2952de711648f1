// Lifecycle, tenants, warehouses, catalogs, clients and metrics reports.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalog, rejectsCode, tenant, warehouse, type Suite } from './fixtures.js';

export function entityTests(s: Suite): void {
  describe('lifecycle', () => {
    it('has a kind and capabilities; init() is idempotent', async () => {
      assert.ok(['memory', 'sqlite', 'postgres', 'mongodb'].includes(s.store.kind));
      const caps = s.store.capabilities();
      assert.equal(typeof caps.persistent, 'boolean');
      assert.equal(typeof caps.atomicMultiSwap, 'boolean');
      await s.store.init();
      assert.equal((await s.store.getTenant({ id: 't1' }))?.name, 'tenant-one');
    });
  });

  describe('tenants', () => {
    it('creates and gets by id and by name', async () => {
      const t = tenant('t2', 'acme');
      assert.deepEqual(await s.store.createTenant(t), t);
      assert.deepEqual(await s.store.getTenant({ id: 't2' }), t);
      assert.deepEqual(await s.store.getTenant({ name: 'acme' }), t);
      assert.equal(await s.store.getTenant({ id: 'nope' }), undefined);
      assert.equal(await s.store.getTenant({ name: 'nope' }), undefined);
    });

    it('rejects a duplicate id or name with already-exists', async () => {
      await rejectsCode(s.store.createTenant(tenant('t1', 'fresh-name')), 'already-exists');
      await rejectsCode(s.store.createTenant(tenant('fresh-id', 'tenant-one')), 'already-exists');
      assert.equal((await s.store.listTenants()).items.length, 1);
    });

    it('lists ordered by name', async () => {
      for (const n of ['zeta', 'alpha', 'mid']) await s.store.createTenant(tenant(`id-${n}`, n));
      const page = await s.store.listTenants();
      assert.deepEqual(page.items.map((t) => t.name), ['alpha', 'mid', 'tenant-one', 'zeta']);
      assert.equal(page.nextPageToken, null);
    });

    it('keeps its own copies: mutating inputs or results changes nothing stored', async () => {
      const t = tenant('t2', 'acme');
      const created = await s.store.createTenant(t);
      t.properties.owner = 'mutated-input';
      created.properties.owner = 'mutated-result';
      const got = await s.store.getTenant({ id: 't2' });
      assert.equal(got?.properties.owner, 'ops');
      got!.properties.extra = 'x';
      assert.deepEqual((await s.store.getTenant({ id: 't2' }))?.properties, { owner: 'ops' });
      (await s.store.listTenants()).items[0].name = 'renamed';
      assert.equal((await s.store.getTenant({ id: 't2' }))?.name, 'acme');
    });
  });

  describe('warehouses', () => {
    it('creates and gets by id and by tenant + name, round-tripping config', async () => {
      const w = { ...warehouse('w2', 't1', 'lake'), storageConfig: { 's3.endpoint': 'http://localhost:9000', 'a.b': '' }, vendingStrategy: { type: 'aws-sts', roleArn: 'arn:x', n: 3 } };
      assert.deepEqual(await s.store.createWarehouse(w), w);
      assert.deepEqual(await s.store.getWarehouse({ id: 'w2' }), w);
      assert.deepEqual(await s.store.getWarehouse({ tenantId: 't1', name: 'lake' }), w);
      assert.deepEqual((await s.store.getWarehouse({ id: 'w1' }))?.vendingStrategy, null);
      assert.equal(await s.store.getWarehouse({ id: 'nope' }), undefined);
      assert.equal(await s.store.getWarehouse({ tenantId: 'other', name: 'lake' }), undefined);
    });

    it('names are unique per tenant only; ids globally', async () => {
      await rejectsCode(s.store.createWarehouse(warehouse('w2', 't1', 'wh')), 'already-exists');
      await rejectsCode(s.store.createWarehouse(warehouse('w1', 't1', 'new-name')), 'already-exists');
      await s.store.createTenant(tenant('t2'));
      await s.store.createWarehouse(warehouse('w3', 't2', 'wh'));
      assert.equal((await s.store.getWarehouse({ tenantId: 't2', name: 'wh' }))?.id, 'w3');
    });

    it('requires the tenant (not-found)', async () => {
      await rejectsCode(s.store.createWarehouse(warehouse('w9', 'no-such-tenant')), 'not-found');
      assert.equal(await s.store.getWarehouse({ id: 'w9' }), undefined);
    });

    it('lists one tenant, ordered by name', async () => {
      await s.store.createTenant(tenant('t2'));
      await s.store.createWarehouse(warehouse('w-b', 't1', 'b'));
      await s.store.createWarehouse(warehouse('w-a', 't1', 'a'));
      await s.store.createWarehouse(warehouse('w-x', 't2', 'x'));
      assert.deepEqual((await s.store.listWarehouses('t1')).items.map((w) => w.name), ['a', 'b', 'wh']);
      assert.deepEqual((await s.store.listWarehouses('t2')).items.map((w) => w.id), ['w-x']);
      assert.deepEqual((await s.store.listWarehouses('none')).items, []);
    });
  });

  describe('catalogs', () => {
    it('creates and gets by id and by tenant + name', async () => {
      const c = catalog('c3', 't1', 'w1', 'analytics');
      assert.deepEqual(await s.store.createCatalog(c), c);
      assert.deepEqual(await s.store.getCatalog({ id: 'c3' }), c);
      assert.deepEqual(await s.store.getCatalog({ tenantId: 't1', name: 'analytics' }), c);
      assert.equal(await s.store.getCatalog({ id: 'nope' }), undefined);
      assert.equal(await s.store.getCatalog({ tenantId: 'nope', name: 'analytics' }), undefined);
    });

    it('rejects duplicates, a missing tenant and a missing warehouse', async () => {
      await rejectsCode(s.store.createCatalog(catalog('c9', 't1', 'w1', 'main')), 'already-exists');
      await rejectsCode(s.store.createCatalog(catalog('c1', 't1', 'w1', 'fresh')), 'already-exists');
      await rejectsCode(s.store.createCatalog(catalog('c9', 'no-tenant', 'w1')), 'not-found');
      await rejectsCode(s.store.createCatalog(catalog('c9', 't1', 'no-warehouse')), 'not-found');
      assert.equal(await s.store.getCatalog({ id: 'c9' }), undefined);
    });

    it('lists one tenant, ordered by name', async () => {
      await s.store.createCatalog(catalog('c0', 't1', 'w1', 'aaa'));
      assert.deepEqual((await s.store.listCatalogs('t1')).items.map((c) => c.name), ['aaa', 'main', 'other']);
      assert.deepEqual((await s.store.listCatalogs('nobody')).items, []);
    });
  });

  describe('clients', () => {
    const client = (clientId: string, tenantId = 't1') => ({ clientId, tenantId, name: `app ${clientId}`, secretHash: 'scrypt$abc$def', createdAt: '2024-02-02T00:00:00.000Z', role: 'tenant-user' as const });

    it('creates and gets', async () => {
      assert.deepEqual(await s.store.createClient(client('k1')), client('k1'));
      assert.deepEqual(await s.store.getClient('k1'), client('k1'));
      assert.equal(await s.store.getClient('k2'), undefined);
    });

    it('rejects a duplicate id (already-exists) and a missing tenant (not-found)', async () => {
      await s.store.createClient(client('k1'));
      await rejectsCode(s.store.createClient(client('k1')), 'already-exists');
      await rejectsCode(s.store.createClient(client('k2', 'ghost')), 'not-found');
      assert.equal(await s.store.getClient('k2'), undefined);
    });
  });

  describe('metrics reports', () => {
    const report = (id: string, catalogId: string, json = '{"n":1}') => ({
      id,
      catalogId,
      namespace: ['db', 'sub'],
      table: 'events',
      reportType: 'scan-report',
      reportJson: json,
      receivedAt: '2024-03-03T00:00:00.000Z',
    });

    it('stores reports per catalog, in arrival order, byte for byte', async () => {
      const big = '{"snapshot-id":9223372036854775807,"x":1.10,"s":"é\\u0000"}';
      await s.store.addMetricsReport(report('r-z', s.ids.catalogId, big));
      await s.store.addMetricsReport(report('r-a', s.ids.catalogId));
      await s.store.addMetricsReport(report('r-other', s.ids.otherCatalogId));
      await s.store.addMetricsReport(report('r-m', s.ids.catalogId));
      const page = await s.store.listMetricsReports(s.ids.catalogId);
      assert.deepEqual(page.items.map((r) => r.id), ['r-z', 'r-a', 'r-m']);
      assert.deepEqual(page.items[0], report('r-z', s.ids.catalogId, big));
      assert.equal(page.nextPageToken, null);
      assert.deepEqual((await s.store.listMetricsReports('nope')).items, []);
    });

    it('prunes a catalog to its newest reports, leaving other catalogs alone', async () => {
      for (const id of ['p1', 'p2', 'p3', 'p4', 'p5']) await s.store.addMetricsReport(report(id, s.ids.catalogId));
      await s.store.addMetricsReport(report('o1', s.ids.otherCatalogId));
      assert.equal(await s.store.pruneMetricsReports(s.ids.catalogId, 10), 0);
      assert.equal(await s.store.pruneMetricsReports(s.ids.catalogId, 2), 3);
      assert.deepEqual((await s.store.listMetricsReports(s.ids.catalogId)).items.map((r) => r.id), ['p4', 'p5']);
      assert.deepEqual((await s.store.listMetricsReports(s.ids.otherCatalogId)).items.map((r) => r.id), ['o1']);
      // A pruned id may not come back as a duplicate, and new reports still land after the kept ones.
      await s.store.addMetricsReport(report('p6', s.ids.catalogId));
      assert.equal(await s.store.pruneMetricsReports(s.ids.catalogId, 2), 1);
      assert.deepEqual((await s.store.listMetricsReports(s.ids.catalogId)).items.map((r) => r.id), ['p5', 'p6']);
    });

    it('rejects a duplicate id', async () => {
      await s.store.addMetricsReport(report('r1', s.ids.catalogId));
      await rejectsCode(s.store.addMetricsReport(report('r1', s.ids.catalogId)), 'already-exists');
      assert.equal((await s.store.listMetricsReports(s.ids.catalogId)).items.length, 1);
    });
  });
}
