// CatalogStore on SQLite (better-sqlite3). better-sqlite3 is synchronous, so each method
// is one synchronous unit; multi-statement operations run in IMMEDIATE transactions so
// they also stay atomic against other connections (other processes) on the same file.
// Statement text is kept portable so the PostgreSQL store can reuse it nearly as is.
import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS, type Migration } from './migrations/sqlite.js';
import { migrate } from './sqlite-migrate.js';
import { createPrivateFile } from './private-file.js';
import { namespaceKey, parentKey, NS_SEP, showIdent, showNamespace } from './names.js';
import * as entities from './sqlite-entities.js';
import { delegateIdentity, type IdentityStore } from './identity-types.js';
import { SqliteIdentity } from './sqlite-identity.js';
import { GRANT_LIFECYCLE } from './sql-identity.js';
import { keysInside } from './grant-objects.js';
import { finishPage, pageWindow, seqAfter } from './paging.js';
import * as rows from './sqlite-rows.js';
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

export interface SqliteStoreOptions {
  /** How long a write waits for another connection's lock before failing (ms). */
  busyTimeoutMs?: number;
  /** For tests: the migration list to apply (defaults to the real one). */
  migrations?: readonly Migration[];
}

interface ListQuery {
  select: string;
  where: string[];
  params: unknown[];
  keyColumn: string;
  /** Converts the decoded token to the key column's value. */
  keyParam?: (after: string) => unknown;
}

const TABLE_COLS = 'catalog_id, namespace, name, kind, metadata_location, created_at, updated_at';
const TABLE_WHERE = 'catalog_id = ? AND namespace = ? AND name = ?';
/** Aborts a transaction (rollback) when a compare-and-swap does not match. */
class SwapConflict extends Error {}

// Identity methods (users, roles, ...) live in sqlite-identity.ts, installed below.
export interface SqliteCatalogStore extends IdentityStore {}
export class SqliteCatalogStore implements CatalogStore {
  readonly kind = 'sqlite' as const;
  private db: Database.Database | undefined;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly h: entities.SqliteHandle = { q: (sql) => this.q(sql), tx: (fn) => this.tx(fn) };
  /** @internal */ readonly identity = new SqliteIdentity(this.h);

  constructor(
    /** A file path, or ':memory:'. */
    readonly path: string,
    private readonly opts: SqliteStoreOptions = {},
  ) {}

  async init(): Promise<void> {
    if (this.db) return;
    if (this.path !== ':memory:' && !this.path.startsWith('file:')) createPrivateFile(this.path);
    const db = new Database(this.path);
    try {
      // busy_timeout first: switching to WAL and migrating take locks another process may hold.
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(this.opts.busyTimeoutMs ?? 5000))}`);
      db.pragma('journal_mode = WAL'); // readers never block the writer, nor it them
      db.pragma('synchronous = FULL'); // an acknowledged commit survives power loss too
      db.pragma('foreign_keys = ON');
      migrate(db, this.opts.migrations ?? SQLITE_MIGRATIONS);
    } catch (e) {
      db.close();
      throw e;
    }
    this.db = db;
  }

  async close(): Promise<void> {
    this.statements.clear();
    this.db?.close();
    this.db = undefined;
  }

  capabilities(): StoreCapabilities {
    return { atomicMultiSwap: true, persistent: this.path !== ':memory:' };
  }

  // ---- tenants, warehouses, catalogs ----

  async createTenant(t: Tenant): Promise<Tenant> {
    this.insert('tenants', 'id, name, properties, created_at', rows.tenantParams(t), `Tenant ${t.name}`);
    return rows.tenantFromRow(this.q('SELECT * FROM tenants WHERE id = ?').get(t.id) as rows.TenantRow);
  }

  async getTenant(by: { id: string } | { name: string }): Promise<Tenant | undefined> {
    const r = ('id' in by ? this.q('SELECT * FROM tenants WHERE id = ?').get(by.id) : this.q('SELECT * FROM tenants WHERE name = ?').get(by.name)) as
      | rows.TenantRow
      | undefined;
    return r && rows.tenantFromRow(r);
  }

  async listTenants(page?: PageRequest): Promise<Page<Tenant>> {
    return this.list({ select: 'SELECT * FROM tenants', where: [], params: [], keyColumn: 'name' }, page, rows.tenantFromRow, (t) => t.name);
  }

  async createWarehouse(w: Warehouse): Promise<Warehouse> {
    this.requireRow('tenants', 'id', w.tenantId, 'Tenant');
    this.insert('warehouses', rows.WAREHOUSE_COLS, rows.warehouseParams(w), `Warehouse ${w.name}`);
    return rows.warehouseFromRow(this.q('SELECT * FROM warehouses WHERE id = ?').get(w.id) as rows.WarehouseRow);
  }

  async getWarehouse(by: { id: string } | { tenantId: string; name: string }): Promise<Warehouse | undefined> {
    const r = ('id' in by
      ? this.q('SELECT * FROM warehouses WHERE id = ?').get(by.id)
      : this.q('SELECT * FROM warehouses WHERE tenant_id = ? AND name = ?').get(by.tenantId, by.name)) as rows.WarehouseRow | undefined;
    return r && rows.warehouseFromRow(r);
  }

  async listWarehouses(tenantId: string, page?: PageRequest): Promise<Page<Warehouse>> {
    const query = { select: 'SELECT * FROM warehouses', where: ['tenant_id = ?'], params: [tenantId], keyColumn: 'name' };
    return this.list(query, page, rows.warehouseFromRow, (w) => w.name);
  }

  async createCatalog(c: Catalog): Promise<Catalog> {
    this.requireRow('tenants', 'id', c.tenantId, 'Tenant');
    this.requireRow('warehouses', 'id', c.warehouseId, 'Warehouse');
    this.insert('catalogs', 'id, tenant_id, name, warehouse_id, properties, created_at', rows.catalogParams(c), `Catalog ${c.name}`);
    return rows.catalogFromRow(this.q('SELECT * FROM catalogs WHERE id = ?').get(c.id) as rows.CatalogRow);
  }

  async getCatalog(by: { id: string } | { tenantId: string; name: string }): Promise<Catalog | undefined> {
    const r = ('id' in by
      ? this.q('SELECT * FROM catalogs WHERE id = ?').get(by.id)
      : this.q('SELECT * FROM catalogs WHERE tenant_id = ? AND name = ?').get(by.tenantId, by.name)) as rows.CatalogRow | undefined;
    return r && rows.catalogFromRow(r);
  }

  async listCatalogs(tenantId: string, page?: PageRequest): Promise<Page<Catalog>> {
    const query = { select: 'SELECT * FROM catalogs', where: ['tenant_id = ?'], params: [tenantId], keyColumn: 'name' };
    return this.list(query, page, rows.catalogFromRow, (c) => c.name);
  }

  // Updates and deletes: one IMMEDIATE transaction each (sqlite-entities.ts).
  async updateTenant(id: string, patch: TenantPatch): Promise<Tenant> { return entities.updateTenant(this.h, id, patch); }
  async deleteTenant(id: string): Promise<void> { entities.deleteTenant(this.h, id); }
  async updateWarehouse(id: string, patch: WarehousePatch): Promise<Warehouse> { return entities.updateWarehouse(this.h, id, patch); }
  async deleteWarehouse(id: string): Promise<void> { entities.deleteWarehouse(this.h, id); }
  async updateCatalog(id: string, patch: CatalogPatch): Promise<Catalog> { return entities.updateCatalog(this.h, id, patch); }
  async deleteCatalog(id: string): Promise<void> { entities.deleteCatalog(this.h, id); }

  // ---- namespaces ----

  async createNamespace(ns: NamespaceRecord): Promise<NamespaceRecord> {
    const params = [ns.catalogId, namespaceKey(ns.namespace), parentKey(ns.namespace), ns.namespace.length, JSON.stringify(ns.properties ?? {})];
    this.insert('namespaces', 'catalog_id, name, parent, depth, properties', params, `Namespace ${showNamespace(ns.namespace)}`);
    return (await this.getNamespace(ns.catalogId, ns.namespace))!;
  }

  async getNamespace(catalogId: string, namespace: string[]): Promise<NamespaceRecord | undefined> {
    const r = this.q('SELECT catalog_id, name, properties FROM namespaces WHERE catalog_id = ? AND name = ?').get(catalogId, namespaceKey(namespace)) as
      | rows.NamespaceRow
      | undefined;
    return r && rows.namespaceFromRow(r);
  }

  async listNamespaces(catalogId: string, parent: string[], page?: PageRequest): Promise<Page<NamespaceRecord>> {
    const query: ListQuery = {
      select: 'SELECT catalog_id, name, properties FROM namespaces',
      where: ['catalog_id = ?', 'parent = ?', 'depth = ?'],
      params: [catalogId, namespaceKey(parent), parent.length + 1],
      keyColumn: 'name',
    };
    return this.list(query, page, rows.namespaceFromRow, (n) => namespaceKey(n.namespace));
  }

  async updateNamespaceProperties(catalogId: string, namespace: string[], updates: Record<string, string>, removals: string[]): Promise<NamespaceRecord> {
    return this.tx(() => {
      const key = namespaceKey(namespace);
      const r = this.q('SELECT properties FROM namespaces WHERE catalog_id = ? AND name = ?').get(catalogId, key) as { properties: string } | undefined;
      if (!r) throw nsNotFound(namespace);
      const props: Record<string, string> = JSON.parse(r.properties);
      for (const k of removals) delete props[k];
      Object.assign(props, updates);
      this.q('UPDATE namespaces SET properties = ? WHERE catalog_id = ? AND name = ?').run(JSON.stringify(props), catalogId, key);
      return { catalogId, namespace: [...namespace], properties: props };
    });
  }

  async dropNamespace(catalogId: string, namespace: string[]): Promise<void> {
    this.tx(() => {
      const key = namespaceKey(namespace);
      if (!this.q('SELECT 1 FROM namespaces WHERE catalog_id = ? AND name = ?').get(catalogId, key)) throw nsNotFound(namespace);
      const t = this.q('SELECT kind, name FROM tables WHERE catalog_id = ? AND namespace = ? LIMIT 1').get(catalogId, key) as { kind: string; name: string } | undefined;
      if (t) throw new StoreError('not-empty', `Namespace ${showNamespace(namespace)} still contains ${t.kind} ${t.name}`);
      // Descendants at any depth (parents need not exist): keys in [key+SEP, key+SEP+1).
      const child = this.q('SELECT name FROM namespaces WHERE catalog_id = ? AND name >= ? AND name < ? LIMIT 1').get(
        catalogId,
        key + NS_SEP,
        key + String.fromCharCode(NS_SEP.charCodeAt(0) + 1),
      ) as { name: string } | undefined;
      if (child) throw new StoreError('not-empty', `Namespace ${showNamespace(namespace)} still contains namespace ${child.name.split(NS_SEP).join('.')}`);
      this.q('DELETE FROM namespaces WHERE catalog_id = ? AND name = ?').run(catalogId, key);
      this.q(GRANT_LIFECYCLE.namespace).run(catalogId, key, ...keysInside(key));
    });
  }

  // ---- tables and views ----

  async createTable(t: TableRecord): Promise<TableRecord> {
    return this.tx(() => {
      this.requireNamespace(t.catalogId, t.namespace);
      this.requireFreeName(t);
      this.q(`INSERT INTO tables (${TABLE_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?)`).run(...rows.tableParams(t));
      return rows.tableFromRow(this.q(`SELECT ${TABLE_COLS} FROM tables WHERE ${TABLE_WHERE}`).get(...identParams(t)) as rows.TableRow);
    });
  }

  async getTable(ident: TableIdent, kind: TableKind): Promise<TableRecord | undefined> {
    const r = this.q(`SELECT ${TABLE_COLS} FROM tables WHERE ${TABLE_WHERE} AND kind = ?`).get(...identParams(ident), kind) as rows.TableRow | undefined;
    return r && rows.tableFromRow(r);
  }

  async listTables(catalogId: string, namespace: string[], kind: TableKind, page?: PageRequest): Promise<Page<TableRecord>> {
    const query: ListQuery = {
      select: `SELECT ${TABLE_COLS} FROM tables`,
      where: ['catalog_id = ?', 'namespace = ?', 'kind = ?'],
      params: [catalogId, namespaceKey(namespace), kind],
      keyColumn: 'name',
    };
    return this.list(query, page, rows.tableFromRow, (t) => t.name);
  }

  async dropTable(ident: TableIdent, kind: TableKind): Promise<TableRecord | undefined> {
    return this.tx(() => {
      const r = this.q(`SELECT ${TABLE_COLS} FROM tables WHERE ${TABLE_WHERE} AND kind = ?`).get(...identParams(ident), kind) as rows.TableRow | undefined;
      if (!r) return undefined;
      this.q(`DELETE FROM tables WHERE ${TABLE_WHERE} AND kind = ?`).run(...identParams(ident), kind);
      this.q(GRANT_LIFECYCLE.object).run(...identParams(ident), kind);
      return rows.tableFromRow(r);
    });
  }

  async renameTable(from: TableIdent, to: TableIdent, kind: TableKind): Promise<void> {
    this.tx(() => {
      if (!this.q(`SELECT 1 FROM tables WHERE ${TABLE_WHERE} AND kind = ?`).get(...identParams(from), kind)) {
        throw new StoreError('not-found', `${kind} ${showIdent(from.namespace, from.name)} does not exist`);
      }
      this.requireNamespace(to.catalogId, to.namespace);
      this.requireFreeName(to);
      this.q(`UPDATE tables SET catalog_id = ?, namespace = ?, name = ?, updated_at = ? WHERE ${TABLE_WHERE} AND kind = ?`).run(
        ...identParams(to),
        new Date().toISOString(),
        ...identParams(from),
        kind,
      );
      // Its grants follow it; the old name keeps none.
      this.q(GRANT_LIFECYCLE.rename).run(...identParams(to), ...identParams(from), kind);
    });
  }

  async swapMetadataLocations(swaps: MetadataSwap[]): Promise<boolean> {
    const update = `UPDATE tables SET metadata_location = ?, updated_at = ? WHERE ${TABLE_WHERE} AND kind = ? AND metadata_location = ?`;
    const now = new Date().toISOString();
    try {
      this.tx(() => {
        for (const s of swaps) {
          const res = this.q(update).run(s.next, now, ...identParams(s.ident), s.kind, s.expected);
          if (res.changes !== 1) throw new SwapConflict();
        }
      });
      return true;
    } catch (e) {
      if (e instanceof SwapConflict) return false;
      throw e;
    }
  }

  // ---- metrics reports, clients ----

  async addMetricsReport(r: MetricsReportRecord): Promise<void> {
    const cols = 'id, catalog_id, namespace, table_name, report_type, report_json, received_at';
    this.insert('metrics_reports', cols, rows.metricsParams(r), `Metrics report ${r.id}`);
  }

  async pruneMetricsReports(catalogId: string, keep: number): Promise<number> {
    // The newest `keep` stay: everything at or below the seq of the (keep+1)-th newest goes.
    const sql = 'DELETE FROM metrics_reports WHERE catalog_id = ? AND seq <= (SELECT seq FROM metrics_reports WHERE catalog_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)';
    try {
      return this.q(sql).run(catalogId, catalogId, keep).changes;
    } catch (e) {
      throw mapError(e);
    }
  }

  async listMetricsReports(catalogId: string, page?: PageRequest): Promise<Page<MetricsReportRecord>> {
    const query: ListQuery = {
      select: 'SELECT * FROM metrics_reports',
      where: ['catalog_id = ?'],
      params: [catalogId],
      keyColumn: 'seq',
      keyParam: seqAfter,
    };
    const res = this.list(query, page, (r: rows.MetricsRow) => r, (r) => String(r.seq));
    return { items: res.items.map(rows.metricsFromRow), nextPageToken: res.nextPageToken };
  }

  async createClient(c: ClientCredential): Promise<ClientCredential> {
    this.requireRow('tenants', 'id', c.tenantId, 'Tenant');
    this.insert('clients', 'client_id, tenant_id, name, secret_hash, created_at, role', rows.clientParams(c), `Client ${c.clientId}`);
    return (await this.getClient(c.clientId))!;
  }

  async getClient(clientId: string): Promise<ClientCredential | undefined> {
    const r = this.q('SELECT * FROM clients WHERE client_id = ?').get(clientId) as rows.ClientRow | undefined;
    return r && rows.clientFromRow(r);
  }

  // ---- helpers ----

  /** A cached prepared statement. */
  private q(sql: string): Database.Statement {
    if (!this.db) throw new StoreError('unavailable', 'The SQLite store is not open (call init() first)');
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  /** Runs fn in an IMMEDIATE transaction: takes the write lock up front, so a read-then-write never hits a stale snapshot. */
  private tx<T>(fn: () => T): T {
    if (!this.db) throw new StoreError('unavailable', 'The SQLite store is not open (call init() first)');
    try {
      return this.db.transaction(fn).immediate();
    } catch (e) {
      throw mapError(e);
    }
  }

  private insert(table: string, cols: string, params: unknown[], what: string): void {
    const marks = params.map(() => '?').join(', ');
    try {
      this.q(`INSERT INTO ${table} (${cols}) VALUES (${marks})`).run(...params);
    } catch (e) {
      throw mapError(e, `${what} already exists`);
    }
  }

  private list<R, T>(query: ListQuery, page: PageRequest | undefined, map: (row: R) => T, keyOf: (item: T) => string): Page<T> {
    const { after, limit } = pageWindow(page);
    const where = [...query.where];
    const params = [...query.params];
    if (after !== undefined) {
      where.push(`${query.keyColumn} > ?`);
      params.push(query.keyParam ? query.keyParam(after) : after);
    }
    let sql = query.select + (where.length ? ` WHERE ${where.join(' AND ')}` : '') + ` ORDER BY ${query.keyColumn}`;
    if (limit !== undefined) {
      sql += ' LIMIT ?';
      params.push(limit + 1);
    }
    const items = (this.q(sql).all(...params) as R[]).map(map);
    return finishPage(items, limit, keyOf);
  }

  private requireRow(table: string, column: string, value: string, what: string): void {
    if (!this.q(`SELECT 1 FROM ${table} WHERE ${column} = ?`).get(value)) throw new StoreError('not-found', `${what} ${value} does not exist`);
  }

  private requireNamespace(catalogId: string, namespace: string[]): void {
    if (!this.q('SELECT 1 FROM namespaces WHERE catalog_id = ? AND name = ?').get(catalogId, namespaceKey(namespace))) throw nsNotFound(namespace);
  }

  private requireFreeName(ident: TableIdent): void {
    const r = this.q(`SELECT kind FROM tables WHERE ${TABLE_WHERE}`).get(...identParams(ident)) as { kind: string } | undefined;
    if (r) throw new StoreError('already-exists', `A ${r.kind} named ${showIdent(ident.namespace, ident.name)} already exists`);
  }
}

delegateIdentity(SqliteCatalogStore, (s) => s.identity);

const identParams = (t: TableIdent): string[] => [t.catalogId, namespaceKey(t.namespace), t.name];
const nsNotFound = (ns: string[]) => new StoreError('namespace-not-found', `Namespace ${showNamespace(ns)} does not exist`);

function mapError(e: unknown, alreadyExists?: string): unknown {
  if (e instanceof StoreError || e instanceof SwapConflict) return e;
  if (e instanceof Database.SqliteError) {
    if (alreadyExists && (e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e.code === 'SQLITE_CONSTRAINT_UNIQUE')) {
      return new StoreError('already-exists', alreadyExists);
    }
    // Only another process can get here (checks and writes of one process never interleave):
    // it deleted the tenant or warehouse this insert refers to.
    if (e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return new StoreError('not-found', `A referenced entity no longer exists: ${e.message}`);
    if (e.code.startsWith('SQLITE_BUSY') || e.code.startsWith('SQLITE_LOCKED')) {
      return new StoreError('unavailable', `The catalog database is busy (locked by another connection): ${e.message}`);
    }
  }
  return e;
}
