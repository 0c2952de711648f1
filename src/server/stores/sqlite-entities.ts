// Updates and deletes of tenants, warehouses and catalogs on SQLite: each one is a
// read-check-write in one IMMEDIATE transaction (the write lock is taken up front), so a
// delete-if-unreferenced cannot interleave with an insert that adds a reference, from
// this connection or any other process. The foreign keys are a second line of defence.
import type Database from 'better-sqlite3';
import { catalogNotEmpty, NAMED_REFS, notFound, patchedCatalog, patchedTenant, patchedWarehouse, tenantInUse, warehouseInUse } from './entity-rules.js';
import { namespaceParts, showNamespace } from './names.js';
import { GRANT_LIFECYCLE } from './sql-identity.js';
import * as rows from './sqlite-rows.js';
import { StoreError, type Catalog, type CatalogPatch, type Tenant, type TenantPatch, type Warehouse, type WarehousePatch } from './types.js';

/** What the store lends these functions: its statement cache and its transaction runner. */
export interface SqliteHandle {
  q(sql: string): Database.Statement;
  tx<T>(fn: () => T): T;
}

const LIMIT = `ORDER BY name LIMIT ${NAMED_REFS + 1}`;

function row<R>(h: SqliteHandle, table: string, id: string, what: string): R {
  const r = h.q(`SELECT * FROM ${table} WHERE id = ?`).get(id) as R | undefined;
  if (!r) throw notFound(what, id);
  return r;
}

const names = (h: SqliteHandle, sql: string, id: string): string[] => (h.q(sql).all(id) as { name: string }[]).map((r) => r.name);

export function updateTenant(h: SqliteHandle, id: string, patch: TenantPatch): Tenant {
  return h.tx(() => {
    const next = patchedTenant(rows.tenantFromRow(row(h, 'tenants', id, 'Tenant')), patch);
    if (h.q('SELECT 1 FROM tenants WHERE name = ? AND id <> ?').get(next.name, id)) throw new StoreError('already-exists', `Tenant ${next.name} already exists`);
    h.q('UPDATE tenants SET name = ?, properties = ? WHERE id = ?').run(next.name, JSON.stringify(next.properties), id);
    return rows.tenantFromRow(row(h, 'tenants', id, 'Tenant'));
  });
}

export function deleteTenant(h: SqliteHandle, id: string): void {
  h.tx(() => {
    const t = row<rows.TenantRow>(h, 'tenants', id, 'Tenant');
    const warehouses = names(h, `SELECT name FROM warehouses WHERE tenant_id = ? ${LIMIT}`, id);
    const catalogs = names(h, `SELECT name FROM catalogs WHERE tenant_id = ? ${LIMIT}`, id);
    if (warehouses.length || catalogs.length) throw tenantInUse(t.name, warehouses, catalogs);
    h.q('DELETE FROM clients WHERE tenant_id = ?').run(id);
    h.q('DELETE FROM tenants WHERE id = ?').run(id);
  });
}

export function updateWarehouse(h: SqliteHandle, id: string, patch: WarehousePatch): Warehouse {
  return h.tx(() => {
    const next = patchedWarehouse(rows.warehouseFromRow(row(h, 'warehouses', id, 'Warehouse')), patch);
    const vending = next.vendingStrategy == null ? null : JSON.stringify(next.vendingStrategy);
    h.q('UPDATE warehouses SET location = ?, storage_config = ?, client_config = ?, vending_strategy = ? WHERE id = ?').run(
      next.location,
      JSON.stringify(next.storageConfig),
      JSON.stringify(next.clientConfig),
      vending,
      id,
    );
    return rows.warehouseFromRow(row(h, 'warehouses', id, 'Warehouse'));
  });
}

export function deleteWarehouse(h: SqliteHandle, id: string): void {
  h.tx(() => {
    const w = row<rows.WarehouseRow>(h, 'warehouses', id, 'Warehouse');
    const users = names(h, `SELECT name FROM catalogs WHERE warehouse_id = ? ${LIMIT}`, id);
    if (users.length) throw warehouseInUse(w.name, users);
    h.q('DELETE FROM warehouses WHERE id = ?').run(id);
  });
}

export function updateCatalog(h: SqliteHandle, id: string, patch: CatalogPatch): Catalog {
  return h.tx(() => {
    const next = patchedCatalog(rows.catalogFromRow(row(h, 'catalogs', id, 'Catalog')), patch);
    if (patch.warehouseId !== undefined) row(h, 'warehouses', patch.warehouseId, 'Warehouse');
    h.q('UPDATE catalogs SET properties = ?, warehouse_id = ? WHERE id = ?').run(JSON.stringify(next.properties), next.warehouseId, id);
    return rows.catalogFromRow(row(h, 'catalogs', id, 'Catalog'));
  });
}

export function deleteCatalog(h: SqliteHandle, id: string): void {
  h.tx(() => {
    const c = row<rows.CatalogRow>(h, 'catalogs', id, 'Catalog');
    const held = names(h, `SELECT name FROM namespaces WHERE catalog_id = ? ${LIMIT}`, id);
    if (held.length) throw catalogNotEmpty(c.name, held.map((k) => showNamespace(namespaceParts(k))));
    h.q('DELETE FROM metrics_reports WHERE catalog_id = ?').run(id);
    h.q(GRANT_LIFECYCLE.catalog).run(id);
    h.q('DELETE FROM catalogs WHERE id = ?').run(id);
  });
}
