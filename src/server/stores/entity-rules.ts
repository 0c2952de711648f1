// Rules the entity updates and deletes share across backends: how a patch applies and how
// the in-use / not-empty refusals read (they name what still refers to the entity).
import { StoreError, type Catalog, type CatalogPatch, type Tenant, type TenantPatch, type Warehouse, type WarehousePatch } from './types.js';

/** How many referrers a refusal names; backends fetch one more to know there are others. */
export const NAMED_REFS = 5;

const names = (kind: string, list: string[]): string => {
  const shown = list.slice(0, NAMED_REFS).join(', ');
  return `${kind}${list.length > 1 ? 's' : ''} ${shown}${list.length > NAMED_REFS ? ', ...' : ''}`;
};

export function tenantInUse(tenant: string, warehouses: string[], catalogs: string[]): StoreError {
  const parts = [warehouses.length ? names('warehouse', warehouses) : '', catalogs.length ? names('catalog', catalogs) : ''].filter(Boolean);
  return new StoreError('in-use', `Tenant ${tenant} still owns ${parts.join(' and ')}: delete them first`);
}

export function warehouseInUse(warehouse: string, catalogs: string[]): StoreError {
  return new StoreError('in-use', `Warehouse ${warehouse} is still used by ${names('catalog', catalogs)}: delete them or move them to another warehouse first`);
}

export function catalogNotEmpty(catalog: string, namespaces: string[]): StoreError {
  return new StoreError('not-empty', `Catalog ${catalog} still contains ${names('namespace', namespaces)}: drop them first`);
}

export const notFound = (what: string, id: string): StoreError => new StoreError('not-found', `${what} ${id} does not exist`);

const copyMap = (m: Record<string, string>): Record<string, string> => ({ ...m });

export function patchedTenant(t: Tenant, p: TenantPatch): Tenant {
  return { ...t, name: p.name ?? t.name, properties: copyMap(p.properties ?? t.properties) };
}

export function patchedWarehouse(w: Warehouse, p: WarehousePatch): Warehouse {
  return {
    ...w,
    location: p.location ?? w.location,
    storageConfig: copyMap(p.storageConfig ?? w.storageConfig),
    clientConfig: copyMap(p.clientConfig ?? w.clientConfig ?? {}),
    vendingStrategy: p.vendingStrategy === undefined ? w.vendingStrategy : p.vendingStrategy === null ? null : structuredClone(p.vendingStrategy),
  };
}

export function patchedCatalog(c: Catalog, p: CatalogPatch): Catalog {
  return { ...c, properties: copyMap(p.properties ?? c.properties), warehouseId: p.warehouseId ?? c.warehouseId };
}
