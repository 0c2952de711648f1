// Updates and deletes of tenants, warehouses and catalogs: patches, referential refusals
// (in-use, not-empty), name uniqueness, and races of a delete against a new reference.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StoreError } from '../../../src/server/stores/types.js';
import { catalog, rejectsCode, tenant, warehouse, type Suite } from './fixtures.js';

const client = (clientId: string, tenantId: string) => ({ clientId, tenantId, name: clientId, secretHash: 'h', createdAt: 'now', role: 'tenant-user' as const });

/** Asserts a StoreError with `code` whose message mentions every one of `names`. */
async function rejectsNaming(p: Promise<unknown>, code: string, names: string[]): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof StoreError, `expected a StoreError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    for (const n of names) assert.match(e.message, new RegExp(`\\b${n}\\b`), `message should name ${n}: ${e.message}`);
    return true;
  });
}

export function adminTests(s: Suite): void {
  describe('warehouse client config', () => {
    it('round-trips clientConfig; the fixture default is {}', async () => {
      const w = { ...warehouse('w2', 't1', 'lake'), clientConfig: { 's3.endpoint': 'http://public.example:9000', 's3.path-style-access': 'true' } };
      assert.deepEqual(await s.store.createWarehouse(w), w);
      assert.deepEqual(await s.store.getWarehouse({ id: 'w2' }), w);
      assert.deepEqual((await s.store.getWarehouse({ id: 'w1' }))?.clientConfig, {});
      assert.deepEqual((await s.store.listWarehouses('t1')).items.map((x) => x.clientConfig), [w.clientConfig, {}]);
    });
  });

  describe('updateWarehouse', () => {
    it('changes only the fields given; maps are replaced whole; null clears the vending strategy', async () => {
      const before = (await s.store.getWarehouse({ id: 'w1' }))!;
      const a = await s.store.updateWarehouse('w1', { clientConfig: { 's3.endpoint': 'http://lan:9000' } });
      assert.deepEqual(a, { ...before, clientConfig: { 's3.endpoint': 'http://lan:9000' } });
      assert.deepEqual(await s.store.getWarehouse({ id: 'w1' }), a);
      const b = await s.store.updateWarehouse('w1', { location: 's3://bucket/p', storageConfig: { 's3.region': 'us-east-1' }, vendingStrategy: { type: 'aws-sts', n: 1 } });
      assert.deepEqual(b, { ...a, location: 's3://bucket/p', storageConfig: { 's3.region': 'us-east-1' }, vendingStrategy: { type: 'aws-sts', n: 1 } });
      const c = await s.store.updateWarehouse('w1', { vendingStrategy: null, clientConfig: {} });
      assert.deepEqual(c, { ...b, vendingStrategy: null, clientConfig: {} });
      assert.deepEqual(await s.store.updateWarehouse('w1', {}), c);
      assert.deepEqual(await s.store.getWarehouse({ tenantId: 't1', name: 'wh' }), c); // id, tenant, name, createdAt unchanged
    });

    it('keeps its own copies of the patch', async () => {
      const patch = { clientConfig: { k: 'v' } };
      const res = await s.store.updateWarehouse('w1', patch);
      patch.clientConfig.k = 'mutated';
      res.clientConfig.k = 'mutated-result';
      assert.deepEqual((await s.store.getWarehouse({ id: 'w1' }))?.clientConfig, { k: 'v' });
    });

    it('throws not-found for a missing warehouse', async () => {
      await rejectsCode(s.store.updateWarehouse('nope', { location: 'x' }), 'not-found');
    });

    it('concurrent patches of different fields all land', async () => {
      await Promise.all([
        s.store.updateWarehouse('w1', { location: 'file:///loc' }),
        s.store.updateWarehouse('w1', { clientConfig: { c: '1' } }),
        s.store.updateWarehouse('w1', { storageConfig: { s: '1' } }),
        s.store.updateWarehouse('w1', { vendingStrategy: { type: 'x' } }),
      ]);
      const w = (await s.store.getWarehouse({ id: 'w1' }))!;
      assert.deepEqual([w.location, w.clientConfig, w.storageConfig, w.vendingStrategy], ['file:///loc', { c: '1' }, { s: '1' }, { type: 'x' }]);
    });
  });

  describe('deleteWarehouse', () => {
    it('refuses while catalogs use it (in-use, naming them), then deletes', async () => {
      await rejectsNaming(s.store.deleteWarehouse('w1'), 'in-use', ['main', 'other']);
      assert.ok(await s.store.getWarehouse({ id: 'w1' }));
      await s.store.deleteCatalog('c1');
      await rejectsNaming(s.store.deleteWarehouse('w1'), 'in-use', ['other']);
      await s.store.createWarehouse(warehouse('w2', 't1', 'spare'));
      await s.store.updateCatalog('c2', { warehouseId: 'w2' });
      await s.store.deleteWarehouse('w1');
      assert.equal(await s.store.getWarehouse({ id: 'w1' }), undefined);
      assert.equal(await s.store.getWarehouse({ tenantId: 't1', name: 'wh' }), undefined);
      assert.deepEqual((await s.store.listWarehouses('t1')).items.map((w) => w.id), ['w2']);
      await s.store.createWarehouse(warehouse('w3', 't1', 'wh')); // the name is free again
    });

    it('throws not-found for a missing warehouse', async () => {
      await rejectsCode(s.store.deleteWarehouse('nope'), 'not-found');
    });
  });

  describe('updateTenant / deleteTenant', () => {
    it('renames and replaces properties; lookups follow the new name', async () => {
      const t = await s.store.updateTenant('t1', { name: 'renamed', properties: { a: '1' } });
      assert.deepEqual(t, { ...tenant('t1', 'renamed'), properties: { a: '1' } });
      assert.deepEqual(await s.store.getTenant({ name: 'renamed' }), t);
      assert.equal(await s.store.getTenant({ name: 'tenant-one' }), undefined);
      assert.deepEqual(await s.store.updateTenant('t1', { name: 'renamed' }), t); // its own name: fine
      assert.deepEqual(await s.store.updateTenant('t1', { properties: {} }), { ...t, properties: {} });
    });

    it('rejects a rename onto another tenant name (already-exists), changing nothing', async () => {
      await s.store.createTenant(tenant('t2', 'acme'));
      await rejectsCode(s.store.updateTenant('t2', { name: 'tenant-one', properties: { x: 'y' } }), 'already-exists');
      assert.deepEqual(await s.store.getTenant({ id: 't2' }), tenant('t2', 'acme'));
      assert.equal((await s.store.getTenant({ name: 'tenant-one' }))?.id, 't1');
    });

    it('throws not-found for a missing tenant', async () => {
      await rejectsCode(s.store.updateTenant('nope', { name: 'x' }), 'not-found');
      await rejectsCode(s.store.deleteTenant('nope'), 'not-found');
    });

    it('refuses to delete a tenant that owns warehouses or catalogs (in-use, naming them)', async () => {
      await rejectsNaming(s.store.deleteTenant('t1'), 'in-use', ['wh', 'main', 'other']);
      await s.store.deleteCatalog('c1');
      await s.store.deleteCatalog('c2');
      await rejectsNaming(s.store.deleteTenant('t1'), 'in-use', ['wh']);
      assert.ok(await s.store.getTenant({ id: 't1' }));
    });

    it('deletes an unused tenant with its client credentials; the name is free again', async () => {
      await s.store.createTenant(tenant('t2', 'acme'));
      await s.store.createClient(client('k2', 't2'));
      await s.store.createClient(client('k1', 't1'));
      await s.store.deleteTenant('t2');
      assert.equal(await s.store.getTenant({ id: 't2' }), undefined);
      assert.equal(await s.store.getClient('k2'), undefined);
      assert.ok(await s.store.getClient('k1'));
      await s.store.createTenant(tenant('t3', 'acme'));
      await rejectsCode(s.store.createWarehouse(warehouse('w9', 't2')), 'not-found');
    });
  });

  describe('updateCatalog / deleteCatalog', () => {
    it('replaces properties and moves to another warehouse', async () => {
      await s.store.createWarehouse(warehouse('w2', 't1', 'lake'));
      const before = (await s.store.getCatalog({ id: 'c1' }))!;
      const a = await s.store.updateCatalog('c1', { properties: { p: '1' } });
      assert.deepEqual(a, { ...before, properties: { p: '1' } });
      const b = await s.store.updateCatalog('c1', { warehouseId: 'w2' });
      assert.deepEqual(b, { ...a, warehouseId: 'w2' });
      assert.deepEqual(await s.store.getCatalog({ tenantId: 't1', name: 'main' }), b);
      await rejectsNaming(s.store.deleteWarehouse('w2'), 'in-use', ['main']);
    });

    it('throws not-found for a missing catalog or warehouse, changing nothing', async () => {
      const before = await s.store.getCatalog({ id: 'c1' });
      await rejectsCode(s.store.updateCatalog('c1', { warehouseId: 'nope', properties: { x: '1' } }), 'not-found');
      assert.deepEqual(await s.store.getCatalog({ id: 'c1' }), before);
      await rejectsCode(s.store.updateCatalog('nope', { properties: {} }), 'not-found');
      await rejectsCode(s.store.deleteCatalog('nope'), 'not-found');
    });

    it('refuses to delete a catalog with namespaces (not-empty, naming one), then deletes it and its reports', async () => {
      await s.store.createNamespace({ catalogId: 'c1', namespace: ['db', 'sub'], properties: {} });
      await s.store.createNamespace({ catalogId: 'c2', namespace: ['elsewhere'], properties: {} });
      await rejectsNaming(s.store.deleteCatalog('c1'), 'not-empty', ['db']);
      await s.store.dropNamespace('c1', ['db', 'sub']);
      await s.store.addMetricsReport({ id: 'r1', catalogId: 'c1', namespace: ['db'], table: 't', reportType: 'scan-report', reportJson: '{}', receivedAt: 'now' });
      await s.store.addMetricsReport({ id: 'r2', catalogId: 'c2', namespace: ['db'], table: 't', reportType: 'scan-report', reportJson: '{}', receivedAt: 'now' });
      await s.store.deleteCatalog('c1');
      assert.equal(await s.store.getCatalog({ id: 'c1' }), undefined);
      assert.deepEqual((await s.store.listCatalogs('t1')).items.map((c) => c.id), ['c2']);
      assert.deepEqual((await s.store.listMetricsReports('c1')).items, []);
      assert.deepEqual((await s.store.listMetricsReports('c2')).items.map((r) => r.id), ['r2']);
      await s.store.createCatalog(catalog('c9', 't1', 'w1', 'main')); // the name is free again
    });
  });

  describe('races of a delete against a new reference', () => {
    it('deleteWarehouse vs createCatalog: never a catalog pointing at a deleted warehouse', async () => {
      for (let i = 0; i < 12; i++) {
        await s.store.createWarehouse(warehouse(`rw${i}`, 't1'));
        const [del, cre] = await Promise.allSettled([s.store.deleteWarehouse(`rw${i}`), s.store.createCatalog(catalog(`rc${i}`, 't1', `rw${i}`))]);
        for (const r of [del, cre]) if (r.status === 'rejected') assert.ok(r.reason instanceof StoreError && ['in-use', 'not-found'].includes(r.reason.code), String(r.reason));
        assert.ok(del.status === 'rejected' || cre.status === 'rejected', `round ${i}: both the delete and the create succeeded`);
        const [w, c] = [await s.store.getWarehouse({ id: `rw${i}` }), await s.store.getCatalog({ id: `rc${i}` })];
        assert.equal(!!w, del.status === 'rejected', `round ${i}: warehouse state disagrees with the delete's outcome`);
        assert.equal(!!c, cre.status === 'fulfilled', `round ${i}: catalog state disagrees with the create's outcome`);
      }
    });

    it('deleteWarehouse vs updateCatalog moving onto it: never a dangling reference', async () => {
      for (let i = 0; i < 8; i++) {
        await s.store.createWarehouse(warehouse(`mw${i}`, 't1'));
        const [del, upd] = await Promise.allSettled([s.store.deleteWarehouse(`mw${i}`), s.store.updateCatalog('c1', { warehouseId: `mw${i}` })]);
        assert.ok(del.status === 'rejected' || upd.status === 'rejected', `round ${i}: both succeeded`);
        const c = (await s.store.getCatalog({ id: 'c1' }))!;
        assert.ok(await s.store.getWarehouse({ id: c.warehouseId }), `round ${i}: catalog points at deleted warehouse ${c.warehouseId}`);
        if (upd.status === 'fulfilled') await s.store.updateCatalog('c1', { warehouseId: 'w1' });
      }
    });

    it('deleteTenant vs createWarehouse and createClient: nothing left owned by a deleted tenant', async () => {
      for (let i = 0; i < 8; i++) {
        await s.store.createTenant(tenant(`rt${i}`));
        const [del, wh, cl] = await Promise.allSettled([
          s.store.deleteTenant(`rt${i}`),
          s.store.createWarehouse(warehouse(`tw${i}`, `rt${i}`)),
          s.store.createClient(client(`tk${i}`, `rt${i}`)),
        ]);
        const t = await s.store.getTenant({ id: `rt${i}` });
        assert.equal(!!t, del.status === 'rejected', `round ${i}: tenant state disagrees with the delete's outcome`);
        if (!t) {
          assert.equal(await s.store.getWarehouse({ id: `tw${i}` }), undefined, `round ${i}: warehouse of a deleted tenant`);
          assert.equal(await s.store.getClient(`tk${i}`), undefined, `round ${i}: client of a deleted tenant`);
          // A warehouse blocks the delete, so it cannot have landed; a client created just
          // before the delete legitimately went with its tenant (deleteTenant takes them).
          assert.equal(wh.status, 'rejected');
        } else if (cl.status === 'fulfilled') {
          assert.ok(await s.store.getClient(`tk${i}`), `round ${i}: an acknowledged client is missing`);
        }
      }
    });
  });
}
