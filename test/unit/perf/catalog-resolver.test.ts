// The catalog resolver reuses resolved catalogs for a short TTL; invalidate() and the TTL
// bound how long a changed or deleted catalog/warehouse can be seen.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CATALOG_CACHE_TTL_MS, createCatalogResolver } from '../../../src/server/iceberg/catalog-context.js';
import { LocalObjectStore } from '../../../src/server/storage/local.js';
import type { Catalog, CatalogStore, Warehouse } from '../../../src/server/stores/types.js';

const root = 't1'; // the acting tenant

function fakeStore() {
  const warehouses = new Map<string, Warehouse>();
  const catalogs = new Map<string, Catalog>();
  const calls = { catalog: 0, warehouse: 0 };
  const store = {
    async getCatalog(by: { tenantId: string; name: string }) {
      calls.catalog++;
      const c = catalogs.get(`${by.tenantId}/${by.name}`);
      return c && structuredClone(c);
    },
    async getWarehouse(by: { id: string }) {
      calls.warehouse++;
      const w = warehouses.get(by.id);
      return w && structuredClone(w);
    },
  } as unknown as CatalogStore;
  const put = (tenantId: string, name: string, location: string) => {
    warehouses.set(`w-${name}`, { id: `w-${name}`, tenantId, name, location, storageConfig: {}, clientConfig: {}, vendingStrategy: null, createdAt: '' });
    catalogs.set(`${tenantId}/${name}`, { id: `c-${name}`, tenantId, name, warehouseId: `w-${name}`, properties: {}, createdAt: '' });
  };
  return { store, calls, put, catalogs, warehouses };
}

function resolverFor(f: ReturnType<typeof fakeStore>, clock: { t: number }) {
  const storage = new LocalObjectStore();
  return createCatalogResolver(
    { store: f.store, objectStoreFor: async () => storage, defaultCatalogName: 'local' },
    { now: () => clock.t },
  );
}

describe('catalog resolver cache', () => {
  test('reuses a resolved catalog within the TTL, reads the store again after it', async () => {
    const f = fakeStore();
    f.put('t1', 'local', 'file:///tmp/wh-a');
    const clock = { t: 0 };
    const resolve = resolverFor(f, clock);
    const a = await resolve(root, undefined);
    const b = await resolve(root, 'local');
    assert.equal(a, b);
    assert.equal(f.calls.catalog, 1);
    f.put('t1', 'local', 'file:///tmp/wh-b');
    clock.t += CATALOG_CACHE_TTL_MS;
    assert.equal((await resolve(root, undefined)).warehouse.location, 'file:///tmp/wh-b');
    assert.equal(f.calls.catalog, 2);
    assert.ok(CATALOG_CACHE_TTL_MS <= 2000);
  });

  test('invalidate() makes a change or a deletion visible at once', async () => {
    const f = fakeStore();
    f.put('t1', 'local', 'file:///tmp/wh-a');
    const clock = { t: 0 };
    const resolve = resolverFor(f, clock);
    await resolve(root, undefined);
    f.put('t1', 'local', 'file:///tmp/wh-b');
    resolve.invalidate();
    assert.equal((await resolve(root, undefined)).warehouse.location, 'file:///tmp/wh-b');
    f.catalogs.delete('t1/local');
    resolve.invalidate('t1');
    await assert.rejects(resolve(root, undefined), (e: { type?: string }) => e.type === 'NoSuchWarehouseException' || /does not exist/.test(String(e)));
  });

  test('a missing catalog is not remembered: creating it is visible at once', async () => {
    const f = fakeStore();
    const resolve = resolverFor(f, { t: 0 });
    await assert.rejects(resolve(root, 'later'));
    f.put('t1', 'later', 'file:///tmp/wh-later');
    assert.equal((await resolve(root, 'later')).catalog.name, 'later');
  });

  test('a resolution in flight during invalidate() is not remembered', async () => {
    const f = fakeStore();
    f.put('t1', 'local', 'file:///tmp/wh-a');
    const resolve = resolverFor(f, { t: 0 });
    const pending = resolve(root, undefined);
    resolve.invalidate();
    await pending;
    await resolve(root, undefined);
    assert.equal(f.calls.catalog, 2);
  });

  test('resolved contexts are read-only', async () => {
    const f = fakeStore();
    f.put('t1', 'local', 'file:///tmp/wh-a');
    const ctx = await resolverFor(f, { t: 0 })(root, undefined);
    assert.ok(Object.isFrozen(ctx) && Object.isFrozen(ctx.catalog) && Object.isFrozen(ctx.catalog.properties) && Object.isFrozen(ctx.warehouse));
  });
});

describe('catalog resolver and store changes', () => {
  test('a warehouse update or catalog delete through the store is visible at once', async () => {
    const f = fakeStore();
    f.put('t1', 'local', 'file:///tmp/wh-a');
    const store = f.store as unknown as Record<string, unknown>;
    store.updateWarehouse = async (id: string, patch: { location?: string }) => {
      const w = f.warehouses.get(id)!;
      if (patch.location) w.location = patch.location;
      return w;
    };
    store.deleteCatalog = async (id: string) => {
      for (const [k, c] of f.catalogs) if (c.id === id) f.catalogs.delete(k);
    };
    const resolve = resolverFor(f, { t: 0 });
    await resolve(root, undefined);
    await (f.store as unknown as { updateWarehouse(id: string, p: unknown): Promise<unknown> }).updateWarehouse('w-local', { location: 'file:///tmp/wh-moved' });
    assert.equal((await resolve(root, undefined)).warehouse.location, 'file:///tmp/wh-moved');
    await (f.store as unknown as { deleteCatalog(id: string): Promise<void> }).deleteCatalog('c-local');
    await assert.rejects(resolve(root, undefined));
  });
});
