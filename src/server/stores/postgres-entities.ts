// Updates and deletes of tenants, warehouses and catalogs on PostgreSQL, each in one
// transaction that first locks the entity's row FOR UPDATE. Inserts and updates that
// reference a tenant or warehouse take a FOR KEY SHARE lock on it in their foreign-key
// check, which conflicts with ours: either they commit first and our reference check
// (a fresh snapshot per statement under READ COMMITTED) sees them, or they wait for our
// delete and then fail their foreign-key check (not-found). Namespaces carry no foreign
// key to catalogs, so a catalog delete holds a SHARE lock on the namespaces table for its
// few statements instead: namespace inserts in flight finish first, new ones wait.
import type pg from 'pg';
import { catalogNotEmpty, NAMED_REFS, notFound, patchedCatalog, patchedTenant, patchedWarehouse, tenantInUse, warehouseInUse } from './entity-rules.js';
import { namespaceParts, showNamespace } from './names.js';
import { GRANT_LIFECYCLE, numbered } from './sql-identity.js';
import * as rows from './sqlite-rows.js';
import { StoreError, type Catalog, type CatalogPatch, type Tenant, type TenantPatch, type Warehouse, type WarehousePatch } from './types.js';

/** What the store lends these functions: its transaction runner (rolls back on any error). */
export interface PgHandle {
  tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T>;
}

const LIMIT = `ORDER BY name LIMIT ${NAMED_REFS + 1}`;

async function lockRow<R extends pg.QueryResultRow>(c: pg.PoolClient, table: string, id: string, what: string): Promise<R> {
  const r = await c.query<R>(`SELECT * FROM ${table} WHERE id = $1 FOR UPDATE`, [id]);
  if (!r.rowCount) throw notFound(what, id);
  return r.rows[0];
}

async function names(c: pg.PoolClient, sql: string, id: string): Promise<string[]> {
  return (await c.query<{ name: string }>(sql, [id])).rows.map((r) => r.name);
}

const pgCode = (e: unknown): string | undefined => (e as { code?: string })?.code;

export function updateTenant(h: PgHandle, id: string, patch: TenantPatch): Promise<Tenant> {
  return h.tx(async (c) => {
    const next = patchedTenant(rows.tenantFromRow(await lockRow(c, 'tenants', id, 'Tenant')), patch);
    try {
      const r = await c.query<rows.TenantRow>('UPDATE tenants SET name = $1, properties = $2 WHERE id = $3 RETURNING *', [next.name, JSON.stringify(next.properties), id]);
      return rows.tenantFromRow(r.rows[0]);
    } catch (e) {
      if (pgCode(e) === '23505') throw new StoreError('already-exists', `Tenant ${next.name} already exists`);
      throw e;
    }
  });
}

export async function deleteTenant(h: PgHandle, id: string): Promise<void> {
  await h.tx(async (c) => {
    const t = await lockRow<rows.TenantRow>(c, 'tenants', id, 'Tenant');
    const warehouses = await names(c, `SELECT name FROM warehouses WHERE tenant_id = $1 ${LIMIT}`, id);
    const catalogs = await names(c, `SELECT name FROM catalogs WHERE tenant_id = $1 ${LIMIT}`, id);
    if (warehouses.length || catalogs.length) throw tenantInUse(t.name, warehouses, catalogs);
    await c.query('DELETE FROM clients WHERE tenant_id = $1', [id]);
    await c.query('DELETE FROM tenants WHERE id = $1', [id]);
  });
}

export function updateWarehouse(h: PgHandle, id: string, patch: WarehousePatch): Promise<Warehouse> {
  return h.tx(async (c) => {
    const next = patchedWarehouse(rows.warehouseFromRow(await lockRow(c, 'warehouses', id, 'Warehouse')), patch);
    const vending = next.vendingStrategy == null ? null : JSON.stringify(next.vendingStrategy);
    const r = await c.query<rows.WarehouseRow>(
      'UPDATE warehouses SET location = $1, storage_config = $2, client_config = $3, vending_strategy = $4 WHERE id = $5 RETURNING *',
      [next.location, JSON.stringify(next.storageConfig), JSON.stringify(next.clientConfig), vending, id],
    );
    return rows.warehouseFromRow(r.rows[0]);
  });
}

export async function deleteWarehouse(h: PgHandle, id: string): Promise<void> {
  await h.tx(async (c) => {
    const w = await lockRow<rows.WarehouseRow>(c, 'warehouses', id, 'Warehouse');
    const users = await names(c, `SELECT name FROM catalogs WHERE warehouse_id = $1 ${LIMIT}`, id);
    if (users.length) throw warehouseInUse(w.name, users);
    await c.query('DELETE FROM warehouses WHERE id = $1', [id]);
  });
}

export function updateCatalog(h: PgHandle, id: string, patch: CatalogPatch): Promise<Catalog> {
  return h.tx(async (c) => {
    const next = patchedCatalog(rows.catalogFromRow(await lockRow(c, 'catalogs', id, 'Catalog')), patch);
    try {
      const r = await c.query<rows.CatalogRow>('UPDATE catalogs SET properties = $1, warehouse_id = $2 WHERE id = $3 RETURNING *', [JSON.stringify(next.properties), next.warehouseId, id]);
      return rows.catalogFromRow(r.rows[0]);
    } catch (e) {
      if (pgCode(e) === '23503') throw notFound('Warehouse', next.warehouseId);
      throw e;
    }
  });
}

export async function deleteCatalog(h: PgHandle, id: string): Promise<void> {
  await h.tx(async (c) => {
    const cat = await lockRow<rows.CatalogRow>(c, 'catalogs', id, 'Catalog');
    await c.query('LOCK TABLE namespaces IN SHARE MODE');
    const held = await names(c, `SELECT name FROM namespaces WHERE catalog_id = $1 ${LIMIT}`, id);
    if (held.length) throw catalogNotEmpty(cat.name, held.map((k) => showNamespace(namespaceParts(k))));
    await c.query('DELETE FROM metrics_reports WHERE catalog_id = $1', [id]);
    await c.query(numbered(GRANT_LIFECYCLE.catalog), [id]);
    await c.query('DELETE FROM catalogs WHERE id = $1', [id]);
  });
}
