// Row shapes of the SQLite (and later PostgreSQL) tables and their mapping to the
// contract's records. JSON columns hold property maps; namespaces are stored joined.
import { namespaceKey, namespaceParts } from './names.js';
import type { Catalog, ClientCredential, MetricsReportRecord, NamespaceRecord, TableKind, TableRecord, Tenant, Warehouse } from './types.js';

export interface TenantRow {
  id: string;
  name: string;
  properties: string;
  created_at: string;
}
export interface WarehouseRow {
  id: string;
  tenant_id: string;
  name: string;
  location: string;
  storage_config: string;
  client_config: string;
  vending_strategy: string | null;
  created_at: string;
}
export interface CatalogRow {
  id: string;
  tenant_id: string;
  name: string;
  warehouse_id: string;
  properties: string;
  created_at: string;
}
export interface NamespaceRow {
  catalog_id: string;
  name: string;
  properties: string;
}
export interface TableRow {
  catalog_id: string;
  namespace: string;
  name: string;
  kind: TableKind;
  metadata_location: string;
  created_at: string;
  updated_at: string;
}
export interface MetricsRow {
  seq: number;
  id: string;
  catalog_id: string;
  namespace: string;
  table_name: string;
  report_type: string;
  report_json: string;
  received_at: string;
}
export interface ClientRow {
  client_id: string;
  tenant_id: string;
  name: string;
  secret_hash: string;
  created_at: string;
  /** Since migration 5 (0/1 on SQLite, boolean on PostgreSQL). */
  disabled?: number | boolean;
  /** Since migration 9. */
  role?: string;
}

const json = (v: unknown): string => JSON.stringify(v ?? {});

export const tenantFromRow = (r: TenantRow): Tenant => ({
  id: r.id,
  name: r.name,
  properties: JSON.parse(r.properties),
  createdAt: r.created_at,
});
export const tenantParams = (t: Tenant) => [t.id, t.name, json(t.properties), t.createdAt];

export const warehouseFromRow = (r: WarehouseRow): Warehouse => ({
  id: r.id,
  tenantId: r.tenant_id,
  name: r.name,
  location: r.location,
  storageConfig: JSON.parse(r.storage_config),
  clientConfig: JSON.parse(r.client_config ?? '{}'),
  vendingStrategy: r.vending_strategy === null ? null : JSON.parse(r.vending_strategy),
  createdAt: r.created_at,
});
export const warehouseParams = (w: Warehouse) => [
  w.id,
  w.tenantId,
  w.name,
  w.location,
  json(w.storageConfig),
  json(w.clientConfig),
  w.vendingStrategy == null ? null : JSON.stringify(w.vendingStrategy),
  w.createdAt,
];
/** Columns of warehouseParams, in order. */
export const WAREHOUSE_COLS = 'id, tenant_id, name, location, storage_config, client_config, vending_strategy, created_at';

export const catalogFromRow = (r: CatalogRow): Catalog => ({
  id: r.id,
  tenantId: r.tenant_id,
  name: r.name,
  warehouseId: r.warehouse_id,
  properties: JSON.parse(r.properties),
  createdAt: r.created_at,
});
export const catalogParams = (c: Catalog) => [c.id, c.tenantId, c.name, c.warehouseId, json(c.properties), c.createdAt];

export const namespaceFromRow = (r: NamespaceRow): NamespaceRecord => ({
  catalogId: r.catalog_id,
  namespace: namespaceParts(r.name),
  properties: JSON.parse(r.properties),
});

export const tableFromRow = (r: TableRow): TableRecord => ({
  catalogId: r.catalog_id,
  namespace: namespaceParts(r.namespace),
  name: r.name,
  kind: r.kind,
  metadataLocation: r.metadata_location,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
export const tableParams = (t: TableRecord) => [
  t.catalogId,
  namespaceKey(t.namespace),
  t.name,
  t.kind,
  t.metadataLocation,
  t.createdAt,
  t.updatedAt,
];

export const metricsFromRow = (r: MetricsRow): MetricsReportRecord => ({
  id: r.id,
  catalogId: r.catalog_id,
  namespace: namespaceParts(r.namespace),
  table: r.table_name,
  reportType: r.report_type,
  reportJson: r.report_json,
  receivedAt: r.received_at,
});
export const metricsParams = (m: MetricsReportRecord) => [
  m.id,
  m.catalogId,
  namespaceKey(m.namespace),
  m.table,
  m.reportType,
  m.reportJson,
  m.receivedAt,
];

export const clientFromRow = (r: ClientRow): ClientCredential => ({
  clientId: r.client_id,
  tenantId: r.tenant_id,
  name: r.name,
  secretHash: r.secret_hash,
  createdAt: r.created_at,
  role: r.role === 'tenant-user' ? 'tenant-user' : 'tenant-admin',
  ...(r.disabled ? { disabled: true } : {}),
});
export const clientParams = (c: ClientCredential) => [c.clientId, c.tenantId, c.name, c.secretHash, c.createdAt, c.role];
