// The CatalogStore contract: every metadata backend (memory, sqlite, postgres, mongodb)
// implements exactly this. Stores persist entities and, per table or view, the pointer
// to the current metadata file; that pointer moves only by compare-and-swap.
// Stores know nothing of HTTP: they signal failures with StoreError codes.

import type { IdentityStore } from './identity-types.js';

export type StoreKind = 'memory' | 'sqlite' | 'postgres' | 'mongodb';

export interface Page<T> {
  items: T[];
  /** Opaque token for the next page; null on the last page. */
  nextPageToken: string | null;
}

export interface PageRequest {
  /** Absent: return everything. Present (even ""): paginate from that token. */
  pageToken?: string;
  pageSize?: number;
}

export interface Tenant {
  id: string;
  name: string;
  properties: Record<string, string>;
  createdAt: string;
}

export interface Warehouse {
  id: string;
  tenantId: string;
  name: string;
  /** Base location, e.g. file:///home/me/.pangolin/warehouses/local or s3://bucket/prefix */
  location: string;
  /** Iceberg FileIO keys (s3.endpoint, s3.region, ...). Secrets encrypted by the caller. */
  storageConfig: Record<string, string>;
  /**
   * FileIO keys the *client* receives instead of the server's own values (e.g. the
   * s3.endpoint a client in another network reaches the bucket at). Default {}.
   */
  clientConfig: Record<string, string>;
  vendingStrategy: Record<string, unknown> | null;
  createdAt: string;
}

/** Fields an update may change; absent = unchanged. Maps are replaced whole, not merged. */
export interface TenantPatch {
  name?: string;
  properties?: Record<string, string>;
}

export interface WarehousePatch {
  location?: string;
  storageConfig?: Record<string, string>;
  clientConfig?: Record<string, string>;
  /** null clears it. */
  vendingStrategy?: Record<string, unknown> | null;
}

export interface CatalogPatch {
  properties?: Record<string, string>;
  warehouseId?: string;
}

export interface Catalog {
  id: string;
  tenantId: string;
  name: string;
  warehouseId: string;
  properties: Record<string, string>;
  createdAt: string;
}

export interface NamespaceRecord {
  catalogId: string;
  namespace: string[];
  properties: Record<string, string>;
}

export type TableKind = 'table' | 'view';

export interface TableIdent {
  catalogId: string;
  namespace: string[];
  name: string;
}

export interface TableRecord extends TableIdent {
  kind: TableKind;
  metadataLocation: string;
  createdAt: string;
  updatedAt: string;
}

export interface MetricsReportRecord {
  id: string;
  catalogId: string;
  namespace: string[];
  table: string;
  reportType: string;
  /** The report as received, serialised losslessly. */
  reportJson: string;
  receivedAt: string;
}

export interface ClientCredential {
  clientId: string;
  tenantId: string;
  name: string;
  /** Hash of the secret (never the secret itself). */
  secretHash: string;
  createdAt: string;
  /** Its system role in the tenant (clients stored before roles existed were admins). */
  role: 'tenant-admin' | 'tenant-user';
  /** Present (true) only while disabled; set by updateClient (identity-types.ts), createClient ignores it. */
  disabled?: boolean;
}

export interface MetadataSwap {
  ident: TableIdent;
  kind: TableKind;
  /** The location the caller read; the swap fails if the stored one differs. */
  expected: string;
  next: string;
}

export interface StoreCapabilities {
  /** Multi-table swaps are atomic (all or nothing). */
  atomicMultiSwap: boolean;
  persistent: boolean;
}

export type StoreErrorCode =
  | 'already-exists' // entity (or a table/view with that name) exists
  | 'not-found' // the entity addressed does not exist
  | 'namespace-not-found' // the namespace a table/view/namespace op needs does not exist
  | 'not-empty' // namespace still holds tables, views or child namespaces; catalog still holds namespaces
  | 'in-use' // tenant or warehouse still referenced (by warehouses, catalogs); the message names them
  | 'unavailable'; // backend unreachable

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export interface CatalogStore extends IdentityStore {
  readonly kind: StoreKind;
  /** Connects and applies migrations; idempotent. */
  init(): Promise<void>;
  close(): Promise<void>;
  capabilities(): StoreCapabilities;

  createTenant(t: Tenant): Promise<Tenant>;
  getTenant(by: { id: string } | { name: string }): Promise<Tenant | undefined>;
  listTenants(page?: PageRequest): Promise<Page<Tenant>>;
  /** Throws not-found, or already-exists when renamed onto another tenant's name. */
  updateTenant(id: string, patch: TenantPatch): Promise<Tenant>;
  /** Throws not-found, or in-use while it owns warehouses or catalogs. Its client credentials go with it. */
  deleteTenant(id: string): Promise<void>;

  createWarehouse(w: Warehouse): Promise<Warehouse>;
  getWarehouse(by: { id: string } | { tenantId: string; name: string }): Promise<Warehouse | undefined>;
  listWarehouses(tenantId: string, page?: PageRequest): Promise<Page<Warehouse>>;
  /** Throws not-found. */
  updateWarehouse(id: string, patch: WarehousePatch): Promise<Warehouse>;
  /** Throws not-found, or in-use while a catalog references it. */
  deleteWarehouse(id: string): Promise<void>;

  createCatalog(c: Catalog): Promise<Catalog>;
  getCatalog(by: { id: string } | { tenantId: string; name: string }): Promise<Catalog | undefined>;
  listCatalogs(tenantId: string, page?: PageRequest): Promise<Page<Catalog>>;
  /** Throws not-found (the catalog, or the new warehouse). */
  updateCatalog(id: string, patch: CatalogPatch): Promise<Catalog>;
  /** Throws not-found, or not-empty while it holds namespaces. Its metrics reports go with it. */
  deleteCatalog(id: string): Promise<void>;

  /** Throws already-exists. Parents need not exist. */
  createNamespace(ns: NamespaceRecord): Promise<NamespaceRecord>;
  getNamespace(catalogId: string, namespace: string[]): Promise<NamespaceRecord | undefined>;
  /** Direct children of `parent` ([] = top level), ordered by name. */
  listNamespaces(catalogId: string, parent: string[], page?: PageRequest): Promise<Page<NamespaceRecord>>;
  /** Atomic read-modify-write of the properties; throws namespace-not-found. */
  updateNamespaceProperties(
    catalogId: string,
    namespace: string[],
    updates: Record<string, string>,
    removals: string[],
  ): Promise<NamespaceRecord>;
  /** Throws namespace-not-found or not-empty (tables, views or child namespaces). */
  dropNamespace(catalogId: string, namespace: string[]): Promise<void>;

  /** Throws namespace-not-found, or already-exists if a table OR view has the name. */
  createTable(t: TableRecord): Promise<TableRecord>;
  getTable(ident: TableIdent, kind: TableKind): Promise<TableRecord | undefined>;
  /** Ordered by name. */
  listTables(catalogId: string, namespace: string[], kind: TableKind, page?: PageRequest): Promise<Page<TableRecord>>;
  /** Returns the dropped record, undefined if there was none. */
  dropTable(ident: TableIdent, kind: TableKind): Promise<TableRecord | undefined>;
  /** Throws not-found (source), namespace-not-found (target ns), already-exists (target table or view). */
  renameTable(from: TableIdent, to: TableIdent, kind: TableKind): Promise<void>;
  /**
   * Compare-and-swap of metadata pointers: all swaps land, or none does and false is
   * returned (some pointer no longer equals `expected`, or the entry is gone).
   */
  swapMetadataLocations(swaps: MetadataSwap[]): Promise<boolean>;

  addMetricsReport(r: MetricsReportRecord): Promise<void>;
  listMetricsReports(catalogId: string, page?: PageRequest): Promise<Page<MetricsReportRecord>>;
  /** Deletes a catalog's reports older than its `keep` newest (in arrival order); returns how many went. */
  pruneMetricsReports(catalogId: string, keep: number): Promise<number>;

  createClient(c: ClientCredential): Promise<ClientCredential>;
  getClient(clientId: string): Promise<ClientCredential | undefined>;
}
