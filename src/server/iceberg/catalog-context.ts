// Resolves the {prefix} of a request (a catalog name, or none = the tenant's default
// catalog) to the catalog, its warehouse and the object store behind it.
import type { ObjectStore } from '../storage/types.js';
import type { Catalog, CatalogStore, Warehouse } from '../stores/types.js';
import { afterStoreChange } from '../stores/on-change.js';
import { forbidden, noSuchWarehouse } from './errors.js';

export interface CatalogContext {
  catalog: Catalog;
  warehouse: Warehouse;
  storage: ObjectStore;
  /** Base location under which tables get their default location. */
  baseLocation: string;
}

export interface CatalogResolverDeps {
  store: CatalogStore;
  objectStoreFor: (location: string, storageConfig: Record<string, string>) => Promise<ObjectStore>;
  defaultCatalogName: string;
  /** Why a stored warehouse may not be used (it reaches the server's own files), or undefined. */
  warehouseProblem?: (w: Warehouse) => Promise<string | undefined>;
}

export function joinLocation(base: string, ...parts: string[]): string {
  return [base.replace(/\/+$/, ''), ...parts.map((p) => p.replace(/^\/+|\/+$/g, ''))].join('/');
}

/** How long a resolved catalog is reused before the store is asked again (ms). */
export const CATALOG_CACHE_TTL_MS = 1000;
const CATALOG_CACHE_MAX = 1000;

export interface ResolveCatalog {
  /** The tenant's catalog named `prefix` (none: its default catalog). */
  (tenantId: string, prefix: string | undefined): Promise<CatalogContext>;
  /**
   * Forgets resolved catalogs so the next request reads the store again (all of them, or
   * one tenant's). Changes made through the store's update/delete methods for tenants,
   * warehouses and catalogs call it by themselves; a change made through another server
   * process is seen within CATALOG_CACHE_TTL_MS.
   */
  invalidate(tenantId?: string): void;
}

/**
 * Resolving a catalog takes two store reads (catalog, then its warehouse) that every
 * request needs, so the result is reused for CATALOG_CACHE_TTL_MS. Only found catalogs
 * are remembered (a new catalog is visible at once), and a resolution that was in flight
 * while invalidate() ran is not remembered. Table pointers are never cached here.
 */
export function createCatalogResolver(deps: CatalogResolverDeps, opts: { ttlMs?: number; now?: () => number } = {}): ResolveCatalog {
  const ttlMs = opts.ttlMs ?? CATALOG_CACHE_TTL_MS;
  const now = opts.now ?? Date.now;
  const cache = new Map<string, { ctx: CatalogContext; tenantId: string; expiresAt: number }>();
  let generation = 0;

  async function load(tenantId: string, name: string): Promise<CatalogContext> {
    const catalog = await deps.store.getCatalog({ tenantId, name });
    if (!catalog) throw noSuchWarehouse(`Catalog (warehouse) "${name}" does not exist`);
    const warehouse = await deps.store.getWarehouse({ id: catalog.warehouseId });
    if (!warehouse) throw noSuchWarehouse(`Warehouse of catalog "${name}" does not exist`);
    const problem = await deps.warehouseProblem?.(warehouse);
    if (problem) throw forbidden(`Catalog "${name}" is not opened: its warehouse ${warehouse.name} (${warehouse.location}) cannot be used: ${problem}. Move the warehouse (PATCH /api/v1/warehouses/${warehouse.name}); \`npm run doctor\` lists such entries`);
    const storage = await deps.objectStoreFor(warehouse.location, warehouse.storageConfig);
    const baseLocation = catalog.properties.location ?? joinLocation(warehouse.location, catalog.name);
    // Shared by concurrent requests while cached: read-only.
    return Object.freeze({ catalog: freezeRecord(catalog), warehouse: freezeRecord(warehouse), storage, baseLocation });
  }

  const resolveCatalog = async function resolveCatalog(tenantId: string, prefix: string | undefined): Promise<CatalogContext> {
    const name = prefix ?? deps.defaultCatalogName;
    const key = `${tenantId}\u0000${name}`;
    const hit = cache.get(key);
    if (hit !== undefined) {
      if (now() < hit.expiresAt) return hit.ctx;
      cache.delete(key);
    }
    const startedAt = generation;
    const ctx = await load(tenantId, name);
    if (ttlMs > 0 && startedAt === generation) {
      if (cache.size >= CATALOG_CACHE_MAX) cache.clear();
      cache.set(key, { ctx, tenantId, expiresAt: now() + ttlMs });
    }
    return ctx;
  } as ResolveCatalog;

  resolveCatalog.invalidate = (tenantId?: string): void => {
    generation++;
    if (tenantId === undefined) cache.clear();
    else for (const [k, v] of cache) if (v.tenantId === tenantId) cache.delete(k);
  };
  afterStoreChange(deps.store, CATALOG_CHANGES, () => resolveCatalog.invalidate());
  return resolveCatalog;
}

/** Store methods after which a resolved catalog may be stale. */
const CATALOG_CHANGES = ['updateTenant', 'deleteTenant', 'updateWarehouse', 'deleteWarehouse', 'updateCatalog', 'deleteCatalog'] as const;

function freezeRecord<T extends object>(record: T): T {
  for (const v of Object.values(record)) if (typeof v === 'object' && v !== null) Object.freeze(v);
  return Object.freeze(record);
}
