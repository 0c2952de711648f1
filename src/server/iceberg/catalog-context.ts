// Resolves the {prefix} of a request (a catalog name, or none = the tenant's default
// catalog) to the catalog, its warehouse and the object store behind it.
import { principalTenant, type Principal } from '../auth/principal.js';
import type { ObjectStore } from '../storage/types.js';
import type { Catalog, CatalogStore, Warehouse } from '../stores/types.js';
import { noSuchWarehouse } from './errors.js';

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
  defaultTenantId: () => string;
  defaultCatalogName: string;
}

export function joinLocation(base: string, ...parts: string[]): string {
  return [base.replace(/\/+$/, ''), ...parts.map((p) => p.replace(/^\/+|\/+$/g, ''))].join('/');
}

export function createCatalogResolver(deps: CatalogResolverDeps) {
  return async function resolveCatalog(principal: Principal, prefix: string | undefined): Promise<CatalogContext> {
    const tenantId = principalTenant(principal, deps.defaultTenantId());
    const name = prefix ?? deps.defaultCatalogName;
    const catalog = await deps.store.getCatalog({ tenantId, name });
    if (!catalog) throw noSuchWarehouse(`Catalog (warehouse) "${name}" does not exist`);
    const warehouse = await deps.store.getWarehouse({ id: catalog.warehouseId });
    if (!warehouse) throw noSuchWarehouse(`Warehouse of catalog "${name}" does not exist`);
    const storage = await deps.objectStoreFor(warehouse.location, warehouse.storageConfig);
    const baseLocation = catalog.properties.location ?? joinLocation(warehouse.location, catalog.name);
    return { catalog, warehouse, storage, baseLocation };
  };
}

export type ResolveCatalog = ReturnType<typeof createCatalogResolver>;
