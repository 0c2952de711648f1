// In-memory CatalogStore: Maps, nothing persisted. Records are deep-copied on the way in
// and out so callers can never mutate store state. Every method body runs without an
// await, so each one is atomic with respect to the others (JS is single-threaded).
import { compareKeys, compareSeqKeys, pageOf } from './paging.js';
import { namespaceKey, showIdent, showNamespace } from './names.js';
import { delegateIdentity, type IdentityStore } from './identity-types.js';
import { MemoryIdentity } from './memory-identity.js';
import { isInNamespace, isOnObject } from './grant-objects.js';
import { catalogNotEmpty, NAMED_REFS, notFound, patchedCatalog, patchedTenant, patchedWarehouse, tenantInUse, warehouseInUse } from './entity-rules.js';
import {
  StoreError,
  type Catalog,
  type CatalogPatch,
  type CatalogStore,
  type ClientCredential,
  type MetadataSwap,
  type MetricsReportRecord,
  type NamespaceRecord,
  type Page,
  type PageRequest,
  type StoreCapabilities,
  type TableIdent,
  type TableKind,
  type TableRecord,
  type Tenant,
  type TenantPatch,
  type Warehouse,
  type WarehousePatch,
} from './types.js';

const copy = <T>(v: T): T => structuredClone(v);
const byName = <T extends { name: string }>(a: T, b: T): number => compareKeys(a.name, b.name);
/** Map key for a namespace or table; NUL cannot appear in ids or names. */
const nsMapKey = (catalogId: string, ns: readonly string[]): string => `${catalogId}\u0000${namespaceKey(ns)}`;
const tableMapKey = (t: TableIdent): string => `${nsMapKey(t.catalogId, t.namespace)}\u0000${t.name}`;

// Identity methods (users, roles, ...) live in memory-identity.ts, installed below.
export interface MemoryCatalogStore extends IdentityStore {}
export class MemoryCatalogStore implements CatalogStore {
  readonly kind = 'memory' as const;
  private tenants = new Map<string, Tenant>();
  private warehouses = new Map<string, Warehouse>();
  private catalogs = new Map<string, Catalog>();
  private namespaces = new Map<string, NamespaceRecord>();
  private tables = new Map<string, TableRecord>();
  private reports: { seq: number; report: MetricsReportRecord }[] = [];
  private reportIds = new Set<string>();
  private reportSeq = 0;
  private clients = new Map<string, ClientCredential>();
  /** @internal */ readonly identity = new MemoryIdentity({ hasTenant: (id) => this.tenants.has(id), catalog: (id) => this.catalogs.get(id), clients: this.clients });

  async init(): Promise<void> {}
  async close(): Promise<void> {}
  capabilities(): StoreCapabilities {
    return { atomicMultiSwap: true, persistent: false };
  }

  // ---- tenants, warehouses, catalogs ----

  async createTenant(t: Tenant): Promise<Tenant> {
    if (this.tenants.has(t.id)) throw new StoreError('already-exists', `Tenant id ${t.id} already exists`);
    if (this.findTenant(t.name)) throw new StoreError('already-exists', `Tenant ${t.name} already exists`);
    this.tenants.set(t.id, copy(t));
    return copy(t);
  }

  async getTenant(by: { id: string } | { name: string }): Promise<Tenant | undefined> {
    const t = 'id' in by ? this.tenants.get(by.id) : this.findTenant(by.name);
    return t && copy(t);
  }

  async listTenants(page?: PageRequest): Promise<Page<Tenant>> {
    return copy(pageOf([...this.tenants.values()].sort(byName), (t) => t.name, page));
  }

  async updateTenant(id: string, patch: TenantPatch): Promise<Tenant> {
    const t = this.tenants.get(id);
    if (!t) throw notFound('Tenant', id);
    const next = patchedTenant(t, copy(patch));
    const clash = this.findTenant(next.name);
    if (clash && clash.id !== id) throw new StoreError('already-exists', `Tenant ${next.name} already exists`);
    this.tenants.set(id, next);
    return copy(next);
  }

  async deleteTenant(id: string): Promise<void> {
    const t = this.tenants.get(id);
    if (!t) throw notFound('Tenant', id);
    const owned = <T extends { tenantId: string; name: string }>(m: Map<string, T>) =>
      [...m.values()].filter((v) => v.tenantId === id).map((v) => v.name).sort().slice(0, NAMED_REFS + 1);
    const [warehouses, catalogs] = [owned(this.warehouses), owned(this.catalogs)];
    if (warehouses.length || catalogs.length) throw tenantInUse(t.name, warehouses, catalogs);
    this.identity.dropTenant(id);
    for (const [k, c] of this.clients) if (c.tenantId === id) this.clients.delete(k);
    this.tenants.delete(id);
  }

  async createWarehouse(w: Warehouse): Promise<Warehouse> {
    this.requireTenant(w.tenantId);
    if (this.warehouses.has(w.id)) throw new StoreError('already-exists', `Warehouse id ${w.id} already exists`);
    if (this.findIn(this.warehouses, w.tenantId, w.name)) throw new StoreError('already-exists', `Warehouse ${w.name} already exists`);
    const rec = { ...copy(w), clientConfig: copy(w.clientConfig ?? {}) };
    this.warehouses.set(w.id, rec);
    return copy(rec);
  }

  async updateWarehouse(id: string, patch: WarehousePatch): Promise<Warehouse> {
    const w = this.warehouses.get(id);
    if (!w) throw notFound('Warehouse', id);
    const next = patchedWarehouse(w, copy(patch));
    this.warehouses.set(id, next);
    return copy(next);
  }

  async deleteWarehouse(id: string): Promise<void> {
    const w = this.warehouses.get(id);
    if (!w) throw notFound('Warehouse', id);
    const users = [...this.catalogs.values()].filter((c) => c.warehouseId === id).map((c) => c.name).sort();
    if (users.length) throw warehouseInUse(w.name, users);
    this.warehouses.delete(id);
  }

  async getWarehouse(by: { id: string } | { tenantId: string; name: string }): Promise<Warehouse | undefined> {
    const w = 'id' in by ? this.warehouses.get(by.id) : this.findIn(this.warehouses, by.tenantId, by.name);
    return w && copy(w);
  }

  async listWarehouses(tenantId: string, page?: PageRequest): Promise<Page<Warehouse>> {
    const all = [...this.warehouses.values()].filter((w) => w.tenantId === tenantId).sort(byName);
    return copy(pageOf(all, (w) => w.name, page));
  }

  async createCatalog(c: Catalog): Promise<Catalog> {
    this.requireTenant(c.tenantId);
    if (!this.warehouses.has(c.warehouseId)) throw new StoreError('not-found', `Warehouse ${c.warehouseId} does not exist`);
    if (this.catalogs.has(c.id)) throw new StoreError('already-exists', `Catalog id ${c.id} already exists`);
    if (this.findIn(this.catalogs, c.tenantId, c.name)) throw new StoreError('already-exists', `Catalog ${c.name} already exists`);
    this.catalogs.set(c.id, copy(c));
    return copy(c);
  }

  async getCatalog(by: { id: string } | { tenantId: string; name: string }): Promise<Catalog | undefined> {
    const c = 'id' in by ? this.catalogs.get(by.id) : this.findIn(this.catalogs, by.tenantId, by.name);
    return c && copy(c);
  }

  async listCatalogs(tenantId: string, page?: PageRequest): Promise<Page<Catalog>> {
    const all = [...this.catalogs.values()].filter((c) => c.tenantId === tenantId).sort(byName);
    return copy(pageOf(all, (c) => c.name, page));
  }

  async updateCatalog(id: string, patch: CatalogPatch): Promise<Catalog> {
    const c = this.catalogs.get(id);
    if (!c) throw notFound('Catalog', id);
    if (patch.warehouseId !== undefined && !this.warehouses.has(patch.warehouseId)) throw notFound('Warehouse', patch.warehouseId);
    const next = patchedCatalog(c, copy(patch));
    this.catalogs.set(id, next);
    return copy(next);
  }

  async deleteCatalog(id: string): Promise<void> {
    const c = this.catalogs.get(id);
    if (!c) throw notFound('Catalog', id);
    const held = [...this.namespaces.values()].filter((n) => n.catalogId === id).map((n) => showNamespace(n.namespace)).sort();
    if (held.length) throw catalogNotEmpty(c.name, held);
    this.catalogs.delete(id);
    this.identity.dropGrantsWhere((o) => o.catalogId === id);
    for (const e of this.reports) if (e.report.catalogId === id) this.reportIds.delete(e.report.id);
    this.reports = this.reports.filter((e) => e.report.catalogId !== id);
  }

  // ---- namespaces ----

  async createNamespace(ns: NamespaceRecord): Promise<NamespaceRecord> {
    const key = nsMapKey(ns.catalogId, ns.namespace);
    if (this.namespaces.has(key)) throw new StoreError('already-exists', `Namespace ${showNamespace(ns.namespace)} already exists`);
    this.namespaces.set(key, copy(ns));
    return copy(ns);
  }

  async getNamespace(catalogId: string, namespace: string[]): Promise<NamespaceRecord | undefined> {
    const ns = this.namespaces.get(nsMapKey(catalogId, namespace));
    return ns && copy(ns);
  }

  async listNamespaces(catalogId: string, parent: string[], page?: PageRequest): Promise<Page<NamespaceRecord>> {
    const children = [...this.namespaces.values()].filter(
      (n) => n.catalogId === catalogId && n.namespace.length === parent.length + 1 && isPrefix(parent, n.namespace),
    );
    const keyOf = (n: NamespaceRecord) => namespaceKey(n.namespace);
    children.sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
    return copy(pageOf(children, keyOf, page));
  }

  async updateNamespaceProperties(
    catalogId: string,
    namespace: string[],
    updates: Record<string, string>,
    removals: string[],
  ): Promise<NamespaceRecord> {
    const ns = this.namespaces.get(nsMapKey(catalogId, namespace));
    if (!ns) throw new StoreError('namespace-not-found', `Namespace ${showNamespace(namespace)} does not exist`);
    for (const k of removals) delete ns.properties[k];
    Object.assign(ns.properties, copy(updates));
    return copy(ns);
  }

  async dropNamespace(catalogId: string, namespace: string[]): Promise<void> {
    const key = nsMapKey(catalogId, namespace);
    if (!this.namespaces.has(key)) throw new StoreError('namespace-not-found', `Namespace ${showNamespace(namespace)} does not exist`);
    for (const t of this.tables.values()) {
      if (t.catalogId === catalogId && sameParts(t.namespace, namespace)) {
        throw new StoreError('not-empty', `Namespace ${showNamespace(namespace)} still contains ${t.kind} ${t.name}`);
      }
    }
    for (const n of this.namespaces.values()) {
      if (n.catalogId === catalogId && n.namespace.length > namespace.length && isPrefix(namespace, n.namespace)) {
        throw new StoreError('not-empty', `Namespace ${showNamespace(namespace)} still contains namespace ${showNamespace(n.namespace)}`);
      }
    }
    this.namespaces.delete(key);
    this.identity.dropGrantsWhere((o) => isInNamespace(o, catalogId, namespace));
  }

  // ---- tables and views ----

  async createTable(t: TableRecord): Promise<TableRecord> {
    this.requireNamespace(t.catalogId, t.namespace);
    const existing = this.tables.get(tableMapKey(t));
    if (existing) throw new StoreError('already-exists', `A ${existing.kind} named ${showIdent(t.namespace, t.name)} already exists`);
    const rec = pickTable(t);
    this.tables.set(tableMapKey(rec), rec);
    return copy(rec);
  }

  async getTable(ident: TableIdent, kind: TableKind): Promise<TableRecord | undefined> {
    const t = this.tables.get(tableMapKey(ident));
    return t && t.kind === kind ? copy(t) : undefined;
  }

  async listTables(catalogId: string, namespace: string[], kind: TableKind, page?: PageRequest): Promise<Page<TableRecord>> {
    const all = [...this.tables.values()]
      .filter((t) => t.kind === kind && t.catalogId === catalogId && sameParts(t.namespace, namespace))
      .sort(byName);
    return copy(pageOf(all, (t) => t.name, page));
  }

  async dropTable(ident: TableIdent, kind: TableKind): Promise<TableRecord | undefined> {
    const key = tableMapKey(ident);
    const t = this.tables.get(key);
    if (!t || t.kind !== kind) return undefined;
    this.tables.delete(key);
    this.identity.dropGrantsWhere((o) => isOnObject(o, ident, kind));
    return t;
  }

  async renameTable(from: TableIdent, to: TableIdent, kind: TableKind): Promise<void> {
    const src = this.tables.get(tableMapKey(from));
    if (!src || src.kind !== kind) throw new StoreError('not-found', `${kind} ${showIdent(from.namespace, from.name)} does not exist`);
    this.requireNamespace(to.catalogId, to.namespace);
    const clash = this.tables.get(tableMapKey(to));
    if (clash) throw new StoreError('already-exists', `A ${clash.kind} named ${showIdent(to.namespace, to.name)} already exists`);
    this.tables.delete(tableMapKey(from));
    const moved: TableRecord = { ...src, catalogId: to.catalogId, namespace: [...to.namespace], name: to.name, updatedAt: new Date().toISOString() };
    this.tables.set(tableMapKey(moved), moved);
    this.identity.moveObjectGrants(from, to, kind);
  }

  async swapMetadataLocations(swaps: MetadataSwap[]): Promise<boolean> {
    // Apply to a staged view first, in order (a later swap may expect an earlier one's
    // `next`, as SQL UPDATEs in one transaction would), then commit all at once.
    const staged = new Map<string, TableRecord>();
    const now = new Date().toISOString();
    for (const s of swaps) {
      const key = tableMapKey(s.ident);
      const cur = staged.get(key) ?? this.tables.get(key);
      if (!cur || cur.kind !== s.kind || cur.metadataLocation !== s.expected) return false;
      staged.set(key, { ...cur, metadataLocation: s.next, updatedAt: now });
    }
    for (const [key, rec] of staged) this.tables.set(key, rec);
    return true;
  }

  // ---- metrics reports, clients ----

  async addMetricsReport(r: MetricsReportRecord): Promise<void> {
    if (this.reportIds.has(r.id)) throw new StoreError('already-exists', `Metrics report ${r.id} already exists`);
    this.reportIds.add(r.id);
    this.reports.push({ seq: ++this.reportSeq, report: copy(r) });
  }

  async pruneMetricsReports(catalogId: string, keep: number): Promise<number> {
    const mine = this.reports.filter((e) => e.report.catalogId === catalogId);
    const drop = new Set(mine.slice(0, Math.max(0, mine.length - keep)));
    if (drop.size === 0) return 0;
    for (const e of drop) this.reportIds.delete(e.report.id);
    this.reports = this.reports.filter((e) => !drop.has(e));
    return drop.size;
  }

  async listMetricsReports(catalogId: string, page?: PageRequest): Promise<Page<MetricsReportRecord>> {
    const mine = this.reports.filter((e) => e.report.catalogId === catalogId);
    const res = pageOf(mine, (e) => String(e.seq), page, compareSeqKeys);
    return { items: res.items.map((e) => copy(e.report)), nextPageToken: res.nextPageToken };
  }

  async createClient(c: ClientCredential): Promise<ClientCredential> {
    this.requireTenant(c.tenantId);
    if (this.clients.has(c.clientId)) throw new StoreError('already-exists', `Client ${c.clientId} already exists`);
    const { disabled: _ignored, ...rec } = copy(c); // as on every backend: created enabled
    this.clients.set(c.clientId, rec);
    return copy(rec);
  }

  async getClient(clientId: string): Promise<ClientCredential | undefined> {
    const c = this.clients.get(clientId);
    return c && copy(c);
  }

  // ---- helpers ----

  private findTenant(name: string): Tenant | undefined {
    for (const t of this.tenants.values()) if (t.name === name) return t;
    return undefined;
  }

  private findIn<T extends { tenantId: string; name: string }>(map: Map<string, T>, tenantId: string, name: string): T | undefined {
    for (const v of map.values()) if (v.tenantId === tenantId && v.name === name) return v;
    return undefined;
  }

  private requireTenant(id: string): void {
    if (!this.tenants.has(id)) throw new StoreError('not-found', `Tenant ${id} does not exist`);
  }

  private requireNamespace(catalogId: string, namespace: string[]): void {
    if (!this.namespaces.has(nsMapKey(catalogId, namespace))) {
      throw new StoreError('namespace-not-found', `Namespace ${showNamespace(namespace)} does not exist`);
    }
  }
}

delegateIdentity(MemoryCatalogStore, (s) => s.identity);

function isPrefix(prefix: readonly string[], parts: readonly string[]): boolean {
  return prefix.every((p, i) => parts[i] === p);
}

function sameParts(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && isPrefix(a, b);
}

/** Only the contract's fields: callers may pass richer objects. */
function pickTable(t: TableRecord): TableRecord {
  const { catalogId, namespace, name, kind, metadataLocation, createdAt, updatedAt } = t;
  return { catalogId, namespace: [...namespace], name, kind, metadataLocation, createdAt, updatedAt };
}
