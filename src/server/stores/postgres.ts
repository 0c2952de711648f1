// CatalogStore on PostgreSQL (node-postgres pool). Same schema and row mapping as the
// SQLite store. Single-statement operations lean on constraints (unique → already-exists,
// foreign keys → not-found); multi-statement ones run in a transaction on one client.
// Several servers may share the database: pointer swaps are compare-and-swap UPDATEs and
// migrations serialise on an advisory lock.
import pg from 'pg';
import { POSTGRES_MIGRATIONS, type Migration } from './migrations/postgres.js';
import { namespaceKey, parentKey, NS_SEP, showIdent, showNamespace } from './names.js';
import * as entities from './postgres-entities.js';
import { delegateIdentity, type IdentityStore } from './identity-types.js';
import { PostgresIdentity } from './postgres-identity.js';
import { GRANT_LIFECYCLE, numbered } from './sql-identity.js';
import { keysInside } from './grant-objects.js';
import { finishPage, pageWindow, seqAfter } from './paging.js';
import { pgTarget, showTarget, translateError, translateStartupError, type PgTarget } from './postgres-errors.js';
import { migratePostgres, quoteIdent } from './postgres-migrate.js';
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

export interface PostgresStoreOptions {
  /** Schema holding the catalog tables (created if missing). Default: public. */
  schema?: string;
  /** Pool size. Default 10. */
  maxConnections?: number;
  /** How long to wait for a connection (ms). Default 10000. */
  connectTimeoutMs?: number;
  /** Server-side statement timeout (ms). Default 30000. */
  statementTimeoutMs?: number;
  /** Called for errors of idle pooled connections (e.g. the server restarted). Default: console.error. */
  onPoolError?: (err: Error) => void;
  /** For tests: the migration list to apply (defaults to the real one). */
  migrations?: readonly Migration[];
}

interface ListQuery {
  select: string;
  where: string[];
  params: unknown[];
  keyColumn: string;
  keyParam?: (after: string) => unknown;
}

type Queryable = pg.Pool | pg.PoolClient;

const TABLE_COLS = 'catalog_id, namespace, name, kind, metadata_location, created_at, updated_at';
/** One table row by its unique key (either kind). */
const DROP_TABLE =
  `WITH t AS (DELETE FROM tables WHERE catalog_id = $1 AND namespace = $2 AND name = $3 AND kind = $4 RETURNING ${TABLE_COLS}), ` +
  'g AS (DELETE FROM grants WHERE catalog_id = $1 AND ns_key = $2 AND object_name = $3 AND object_kind = $4 AND EXISTS (SELECT 1 FROM t)) SELECT * FROM t';
const RENAME_TABLE =
  'WITH t AS (UPDATE tables SET catalog_id = $1, namespace = $2, name = $3, updated_at = $4 WHERE catalog_id = $5 AND namespace = $6 AND name = $7 AND kind = $8 RETURNING 1), ' +
  'g AS (UPDATE grants SET catalog_id = $1, ns_key = $2, object_name = $3 WHERE catalog_id = $5 AND ns_key = $6 AND object_name = $7 AND object_kind = $8 AND EXISTS (SELECT 1 FROM t)) SELECT 1 FROM t';
const TABLE_READ = `SELECT ${TABLE_COLS} FROM tables WHERE catalog_id = $1 AND namespace = $2 AND name = $3`;
/** Several table rows by key, one array per key column (an index lookup per key). */
const TABLE_READ_MANY = `SELECT ${TABLE_COLS.split(', ').map((c) => `t.${c}`).join(', ')}
  FROM unnest($1::text[], $2::text[], $3::text[]) AS k(catalog_id, namespace, name)
  JOIN tables t ON t.catalog_id = k.catalog_id COLLATE "C" AND t.namespace = k.namespace COLLATE "C" AND t.name = k.name COLLATE "C"`;
/** At most this many keys per batched read. */
const TABLE_READ_BATCH = 100;

interface TableRead {
  key: string[];
  resolve: (row: rows.TableRow | undefined) => void;
  reject: (e: unknown) => void;
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Aborts a transaction (rollback) when a compare-and-swap does not match. */
class SwapConflict extends Error {}

// Identity methods (users, roles, ...) live in postgres-identity.ts, installed below.
export interface PostgresCatalogStore extends IdentityStore {}
export class PostgresCatalogStore implements CatalogStore {
  readonly kind = 'postgres' as const;
  readonly schema: string;
  readonly target: PgTarget;
  private pool: pg.Pool | undefined;
  /** SQL text → prepared statement name (see query()). */
  private readonly statementNames = new Map<string, string>();
  private readonly h: entities.PgHandle = { tx: (fn) => this.tx(fn) };
  /** @internal */ readonly identity = new PostgresIdentity({ query: (sql, params) => this.query(sql, params), tx: (fn) => this.tx(fn) });
  /** getTable calls waiting for the next batched read (see readTableRow). */
  private tableReads: TableRead[] = [];

  constructor(
    /** postgresql://user:password@host:port/database */
    readonly databaseUrl: string,
    private readonly opts: PostgresStoreOptions = {},
  ) {
    this.schema = opts.schema ?? 'public';
    if (!SCHEMA_NAME.test(this.schema)) throw new Error(`Invalid PostgreSQL schema name "${this.schema}": use letters, digits and _`);
    this.target = pgTarget(databaseUrl);
  }

  async init(): Promise<void> {
    if (this.pool) return;
    const pool = new pg.Pool({
      connectionString: this.databaseUrl,
      max: this.opts.maxConnections ?? 10,
      connectionTimeoutMillis: this.opts.connectTimeoutMs ?? 10_000,
      statement_timeout: this.opts.statementTimeoutMs ?? 30_000,
      idle_in_transaction_session_timeout: 60_000,
      idleTimeoutMillis: 30_000,
      application_name: 'pangolin',
      options: `-c search_path=${this.schema}`,
    });
    const where = showTarget(this.target);
    pool.on('error', (err) => {
      if (this.opts.onPoolError) this.opts.onPoolError(err);
      else console.error(`pangolin: idle PostgreSQL connection to ${where} failed: ${err.message}`);
    });
    try {
      const client = await pool.connect();
      try {
        await migratePostgres(client, this.schema, `${where} (schema ${this.schema})`, this.opts.migrations ?? POSTGRES_MIGRATIONS);
      } finally {
        client.release();
      }
    } catch (e) {
      await pool.end().catch(() => undefined);
      throw translateStartupError(e, this.target, this.schema);
    }
    this.pool = pool;
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end();
  }

  capabilities(): StoreCapabilities {
    return { atomicMultiSwap: true, persistent: true };
  }

  // ---- tenants, warehouses, catalogs ----

  async createTenant(t: Tenant): Promise<Tenant> {
    const r = await this.insert<rows.TenantRow>('tenants', 'id, name, properties, created_at', rows.tenantParams(t), `Tenant ${t.name}`);
    return rows.tenantFromRow(r);
  }

  async getTenant(by: { id: string } | { name: string }): Promise<Tenant | undefined> {
    const r = 'id' in by ? await this.one<rows.TenantRow>('SELECT * FROM tenants WHERE id = $1', [by.id]) : await this.one<rows.TenantRow>('SELECT * FROM tenants WHERE name = $1', [by.name]);
    return r && rows.tenantFromRow(r);
  }

  async listTenants(page?: PageRequest): Promise<Page<Tenant>> {
    return this.list({ select: 'SELECT * FROM tenants', where: [], params: [], keyColumn: 'name' }, page, rows.tenantFromRow, (t) => t.name);
  }

  async createWarehouse(w: Warehouse): Promise<Warehouse> {
    const r = await this.insert<rows.WarehouseRow>('warehouses', rows.WAREHOUSE_COLS, rows.warehouseParams(w), `Warehouse ${w.name}`, () => `Tenant ${w.tenantId} does not exist`);
    return rows.warehouseFromRow(r);
  }

  async getWarehouse(by: { id: string } | { tenantId: string; name: string }): Promise<Warehouse | undefined> {
    const r =
      'id' in by
        ? await this.one<rows.WarehouseRow>('SELECT * FROM warehouses WHERE id = $1', [by.id])
        : await this.one<rows.WarehouseRow>('SELECT * FROM warehouses WHERE tenant_id = $1 AND name = $2', [by.tenantId, by.name]);
    return r && rows.warehouseFromRow(r);
  }

  async listWarehouses(tenantId: string, page?: PageRequest): Promise<Page<Warehouse>> {
    const query = { select: 'SELECT * FROM warehouses', where: ['tenant_id = $?'], params: [tenantId], keyColumn: 'name' };
    return this.list(query, page, rows.warehouseFromRow, (w) => w.name);
  }

  async createCatalog(c: Catalog): Promise<Catalog> {
    const missing = (constraint?: string) => (constraint?.includes('warehouse') ? `Warehouse ${c.warehouseId} does not exist` : `Tenant ${c.tenantId} does not exist`);
    const r = await this.insert<rows.CatalogRow>('catalogs', 'id, tenant_id, name, warehouse_id, properties, created_at', rows.catalogParams(c), `Catalog ${c.name}`, missing);
    return rows.catalogFromRow(r);
  }

  async getCatalog(by: { id: string } | { tenantId: string; name: string }): Promise<Catalog | undefined> {
    const r =
      'id' in by
        ? await this.one<rows.CatalogRow>('SELECT * FROM catalogs WHERE id = $1', [by.id])
        : await this.one<rows.CatalogRow>('SELECT * FROM catalogs WHERE tenant_id = $1 AND name = $2', [by.tenantId, by.name]);
    return r && rows.catalogFromRow(r);
  }

  async listCatalogs(tenantId: string, page?: PageRequest): Promise<Page<Catalog>> {
    const query = { select: 'SELECT * FROM catalogs', where: ['tenant_id = $?'], params: [tenantId], keyColumn: 'name' };
    return this.list(query, page, rows.catalogFromRow, (c) => c.name);
  }

  // Updates and deletes: one transaction each, entity row locked first (postgres-entities.ts).
  async updateTenant(id: string, patch: TenantPatch): Promise<Tenant> { return entities.updateTenant(this.h, id, patch); }
  async deleteTenant(id: string): Promise<void> { return entities.deleteTenant(this.h, id); }
  async updateWarehouse(id: string, patch: WarehousePatch): Promise<Warehouse> { return entities.updateWarehouse(this.h, id, patch); }
  async deleteWarehouse(id: string): Promise<void> { return entities.deleteWarehouse(this.h, id); }
  async updateCatalog(id: string, patch: CatalogPatch): Promise<Catalog> { return entities.updateCatalog(this.h, id, patch); }
  async deleteCatalog(id: string): Promise<void> { return entities.deleteCatalog(this.h, id); }

  // ---- namespaces ----

  async createNamespace(ns: NamespaceRecord): Promise<NamespaceRecord> {
    const params = [ns.catalogId, namespaceKey(ns.namespace), parentKey(ns.namespace), ns.namespace.length, JSON.stringify(ns.properties ?? {})];
    const r = await this.insert<rows.NamespaceRow>('namespaces', 'catalog_id, name, parent, depth, properties', params, `Namespace ${showNamespace(ns.namespace)}`);
    return rows.namespaceFromRow(r);
  }

  async getNamespace(catalogId: string, namespace: string[]): Promise<NamespaceRecord | undefined> {
    const r = await this.one<rows.NamespaceRow>('SELECT catalog_id, name, properties FROM namespaces WHERE catalog_id = $1 AND name = $2', [catalogId, namespaceKey(namespace)]);
    return r && rows.namespaceFromRow(r);
  }

  async listNamespaces(catalogId: string, parent: string[], page?: PageRequest): Promise<Page<NamespaceRecord>> {
    const query: ListQuery = {
      select: 'SELECT catalog_id, name, properties FROM namespaces',
      where: ['catalog_id = $?', 'parent = $?', 'depth = $?'],
      params: [catalogId, namespaceKey(parent), parent.length + 1],
      keyColumn: 'name',
    };
    return this.list(query, page, rows.namespaceFromRow, (n) => namespaceKey(n.namespace));
  }

  async updateNamespaceProperties(catalogId: string, namespace: string[], updates: Record<string, string>, removals: string[]): Promise<NamespaceRecord> {
    return this.tx(async (c) => {
      const key = namespaceKey(namespace);
      const r = await c.query<{ properties: string }>('SELECT properties FROM namespaces WHERE catalog_id = $1 AND name = $2 FOR UPDATE', [catalogId, key]);
      if (r.rowCount === 0) throw nsNotFound(namespace);
      const props: Record<string, string> = JSON.parse(r.rows[0].properties);
      for (const k of removals) delete props[k];
      Object.assign(props, updates);
      await c.query('UPDATE namespaces SET properties = $1 WHERE catalog_id = $2 AND name = $3', [JSON.stringify(props), catalogId, key]);
      return { catalogId, namespace: [...namespace], properties: props };
    });
  }

  async dropNamespace(catalogId: string, namespace: string[]): Promise<void> {
    await this.tx(async (c) => {
      const key = namespaceKey(namespace);
      // The row lock also blocks concurrent table inserts into it (their FK check locks the row).
      const ns = await c.query('SELECT 1 FROM namespaces WHERE catalog_id = $1 AND name = $2 FOR UPDATE', [catalogId, key]);
      if (ns.rowCount === 0) throw nsNotFound(namespace);
      const t = await c.query<{ kind: string; name: string }>('SELECT kind, name FROM tables WHERE catalog_id = $1 AND namespace = $2 LIMIT 1', [catalogId, key]);
      if (t.rowCount) throw new StoreError('not-empty', `Namespace ${showNamespace(namespace)} still contains ${t.rows[0].kind} ${t.rows[0].name}`);
      // Descendants at any depth (parents need not exist): keys in [key+SEP, key+SEP+1).
      const child = await c.query<{ name: string }>('SELECT name FROM namespaces WHERE catalog_id = $1 AND name >= $2 AND name < $3 LIMIT 1', [
        catalogId,
        key + NS_SEP,
        key + String.fromCharCode(NS_SEP.charCodeAt(0) + 1),
      ]);
      if (child.rowCount) throw new StoreError('not-empty', `Namespace ${showNamespace(namespace)} still contains namespace ${child.rows[0].name.split(NS_SEP).join('.')}`);
      await c.query('DELETE FROM namespaces WHERE catalog_id = $1 AND name = $2', [catalogId, key]);
      await c.query(numbered(GRANT_LIFECYCLE.namespace), [catalogId, key, ...keysInside(key)]);
    });
  }

  // ---- tables and views ----

  async createTable(t: TableRecord): Promise<TableRecord> {
    try {
      const r = await this.query<rows.TableRow>(`INSERT INTO tables (${TABLE_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${TABLE_COLS}`, rows.tableParams(t));
      return rows.tableFromRow(r.rows[0]);
    } catch (e) {
      throw await this.tableConstraintError(e, t);
    }
  }

  async getTable(ident: TableIdent, kind: TableKind): Promise<TableRecord | undefined> {
    const r = await this.readTableRow(identParams(ident));
    return r && r.kind === kind ? rows.tableFromRow(r) : undefined;
  }

  /**
   * Every table load and commit reads its table's row. Under load, a round trip per read
   * (a socket write that wakes a PostgreSQL backend, then its reply) cost our process
   * more than the rest of a load, so reads asked together share one query: they queue
   * until this turn of the event loop has handled the requests whose data arrived with
   * them (setImmediate), then go as one statement, identical keys once. A read is only
   * answered by a query sent after it was asked, never by one already in flight, so it
   * sees every change that was committed before it was asked.
   */
  private readTableRow(key: string[]): Promise<rows.TableRow | undefined> {
    return new Promise((resolve, reject) => {
      this.tableReads.push({ key, resolve, reject });
      if (this.tableReads.length === 1) setImmediate(() => this.flushTableReads());
    });
  }

  private flushTableReads(): void {
    const reads = this.tableReads;
    this.tableReads = [];
    const byKey = new Map<string, TableRead[]>();
    for (const r of reads) {
      const k = r.key.join('\u0000');
      const same = byKey.get(k);
      if (same) same.push(r);
      else byKey.set(k, [r]);
    }
    const groups = [...byKey.values()];
    for (let i = 0; i < groups.length; i += TABLE_READ_BATCH) {
      const chunk = groups.slice(i, i + TABLE_READ_BATCH);
      const keys = chunk.map((g) => g[0].key);
      const query =
        keys.length === 1
          ? this.query<rows.TableRow>(TABLE_READ, keys[0])
          : this.query<rows.TableRow>(TABLE_READ_MANY, [keys.map((k) => k[0]), keys.map((k) => k[1]), keys.map((k) => k[2])]);
      query.then(
        (res) => {
          const found = new Map(res.rows.map((row) => [`${row.catalog_id}\u0000${row.namespace}\u0000${row.name}`, row]));
          for (const g of chunk) {
            const row = found.get(g[0].key.join('\u0000'));
            for (const r of g) r.resolve(row);
          }
        },
        (e: unknown) => {
          for (const g of chunk) for (const r of g) r.reject(e);
        },
      );
    }
  }

  async listTables(catalogId: string, namespace: string[], kind: TableKind, page?: PageRequest): Promise<Page<TableRecord>> {
    const query: ListQuery = {
      select: `SELECT ${TABLE_COLS} FROM tables`,
      where: ['catalog_id = $?', 'namespace = $?', 'kind = $?'],
      params: [catalogId, namespaceKey(namespace), kind],
      keyColumn: 'name',
    };
    return this.list(query, page, rows.tableFromRow, (t) => t.name);
  }

  // Drop and rename take the object's grants along in the same statement (one round trip).
  async dropTable(ident: TableIdent, kind: TableKind): Promise<TableRecord | undefined> {
    const r = await this.one<rows.TableRow>(DROP_TABLE, [...identParams(ident), kind]);
    return r && rows.tableFromRow(r);
  }

  async renameTable(from: TableIdent, to: TableIdent, kind: TableKind): Promise<void> {
    let r: pg.QueryResult;
    try {
      r = await this.query(RENAME_TABLE, [...identParams(to), new Date().toISOString(), ...identParams(from), kind]);
    } catch (e) {
      throw await this.tableConstraintError(e, to);
    }
    if (r.rowCount === 0) throw new StoreError('not-found', `${kind} ${showIdent(from.namespace, from.name)} does not exist`);
  }

  async swapMetadataLocations(swaps: MetadataSwap[]): Promise<boolean> {
    if (swaps.length === 0) return true;
    const now = new Date().toISOString();
    if (swaps.length === 1) {
      // One row: a single conditional UPDATE is already an atomic compare-and-swap (a
      // concurrent writer's UPDATE waits for the row lock, then re-checks the WHERE against
      // the committed row), in one round trip instead of BEGIN/SELECT FOR UPDATE/UPDATE/COMMIT.
      const s = swaps[0];
      const res = await this.query(
        'UPDATE tables SET metadata_location = $1, updated_at = $2 WHERE catalog_id = $3 AND namespace = $4 AND name = $5 AND kind = $6 AND metadata_location = $7',
        [s.next, now, ...identParams(s.ident), s.kind, s.expected],
      );
      return res.rowCount === 1;
    }
    try {
      await this.tx(async (c) => {
        // Lock every row first, in key order, so concurrent multi-table swaps never deadlock.
        const keys = [...new Map(swaps.map((s) => [identParams(s.ident).join('\u0000'), identParams(s.ident)])).values()].sort(compareIdentParams);
        for (const k of keys) await c.query('SELECT 1 FROM tables WHERE catalog_id = $1 AND namespace = $2 AND name = $3 FOR UPDATE', k);
        for (const s of swaps) {
          const res = await c.query(
            'UPDATE tables SET metadata_location = $1, updated_at = $2 WHERE catalog_id = $3 AND namespace = $4 AND name = $5 AND kind = $6 AND metadata_location = $7',
            [s.next, now, ...identParams(s.ident), s.kind, s.expected],
          );
          if (res.rowCount !== 1) throw new SwapConflict();
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
    await this.insert('metrics_reports', cols, rows.metricsParams(r), `Metrics report ${r.id}`);
  }

  async pruneMetricsReports(catalogId: string, keep: number): Promise<number> {
    // The newest `keep` stay: everything at or below the seq of the (keep+1)-th newest goes.
    const sql = 'DELETE FROM metrics_reports WHERE catalog_id = $1 AND seq <= (SELECT seq FROM metrics_reports WHERE catalog_id = $1 ORDER BY seq DESC LIMIT 1 OFFSET $2)';
    return (await this.query(sql, [catalogId, keep])).rowCount ?? 0;
  }

  async listMetricsReports(catalogId: string, page?: PageRequest): Promise<Page<MetricsReportRecord>> {
    const query: ListQuery = { select: 'SELECT * FROM metrics_reports', where: ['catalog_id = $?'], params: [catalogId], keyColumn: 'seq', keyParam: seqAfter };
    const res = await this.list(query, page, (r: rows.MetricsRow) => r, (r) => String(r.seq));
    return { items: res.items.map(rows.metricsFromRow), nextPageToken: res.nextPageToken };
  }

  async createClient(c: ClientCredential): Promise<ClientCredential> {
    const r = await this.insert<rows.ClientRow>('clients', 'client_id, tenant_id, name, secret_hash, created_at, role', rows.clientParams(c), `Client ${c.clientId}`, () => `Tenant ${c.tenantId} does not exist`);
    return rows.clientFromRow(r);
  }

  async getClient(clientId: string): Promise<ClientCredential | undefined> {
    const r = await this.one<rows.ClientRow>('SELECT * FROM clients WHERE client_id = $1', [clientId]);
    return r && rows.clientFromRow(r);
  }

  // ---- helpers ----

  private requirePool(): pg.Pool {
    if (!this.pool) throw new StoreError('unavailable', 'The PostgreSQL store is not open (call init() first)');
    return this.pool;
  }

  private async query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = [], on: Queryable = this.requirePool()): Promise<pg.QueryResult<R>> {
    try {
      // Named = prepared once per connection, then only bound and executed (the statement
      // texts here are a small fixed set, so the names stay few).
      return await on.query<R>({ name: this.statementName(sql), text: sql, values: params });
    } catch (e) {
      throw translateError(e, this.target, this.schema);
    }
  }

  private statementName(sql: string): string {
    let name = this.statementNames.get(sql);
    if (name === undefined) {
      name = `pangolin_${this.statementNames.size + 1}`;
      this.statementNames.set(sql, name);
    }
    return name;
  }

  private async one<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<R | undefined> {
    return (await this.query<R>(sql, params)).rows[0];
  }

  /** Runs fn in a transaction on one pooled client; rolls back on any error. */
  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.requirePool().connect();
    } catch (e) {
      throw translateError(e, this.target, this.schema);
    }
    let broken = false;
    try {
      await client.query('BEGIN');
      const out = await fn(client);
      await client.query('COMMIT');
      return out;
    } catch (e) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true; // the connection is gone: do not return it to the pool
      }
      throw translateError(e, this.target, this.schema);
    } finally {
      client.release(broken);
    }
  }

  /** INSERT ... RETURNING *; unique violations → already-exists, FK violations → not-found. */
  private async insert<R extends pg.QueryResultRow>(
    table: string,
    cols: string,
    params: unknown[],
    what: string,
    missing?: (constraint: string | undefined) => string,
  ): Promise<R> {
    const marks = params.map((_, i) => `$${i + 1}`).join(', ');
    try {
      return (await this.requirePool().query<R>(`INSERT INTO ${table} (${cols}) VALUES (${marks}) RETURNING *`, params)).rows[0];
    } catch (e) {
      const { code, constraint } = e as { code?: string; constraint?: string };
      if (code === '23505') throw new StoreError('already-exists', `${what} already exists`);
      if (code === '23503') throw new StoreError('not-found', missing ? missing(constraint) : `${what}: a referenced entity does not exist`);
      throw translateError(e, this.target, this.schema);
    }
  }

  /** Maps constraint violations of an insert into / move within `tables`. */
  private async tableConstraintError(e: unknown, ident: TableIdent): Promise<unknown> {
    const { code } = e as { code?: string };
    if (code === '23503') return nsNotFound(ident.namespace);
    if (code === '23505') {
      const r = await this.one<{ kind: string }>('SELECT kind FROM tables WHERE catalog_id = $1 AND namespace = $2 AND name = $3', identParams(ident)).catch(() => undefined);
      return new StoreError('already-exists', `A ${r?.kind ?? 'table or view'} named ${showIdent(ident.namespace, ident.name)} already exists`);
    }
    return translateError(e, this.target, this.schema);
  }

  /** Keyset page: `where` uses `$?` placeholders, numbered here in order. */
  private async list<R extends pg.QueryResultRow, T>(query: ListQuery, page: PageRequest | undefined, map: (row: R) => T, keyOf: (item: T) => string): Promise<Page<T>> {
    const { after, limit } = pageWindow(page);
    const where = [...query.where];
    const params = [...query.params];
    if (after !== undefined) {
      where.push(`${query.keyColumn} > $?`);
      // PostgreSQL text cannot hold U+0000, so no stored key does; for such keys s, s > p+NUL+rest
      // exactly when s > p. (A decoded foreign token may contain NUL.)
      params.push(query.keyParam ? query.keyParam(after) : after.split('\u0000', 1)[0]);
    }
    let sql = query.select + (where.length ? ` WHERE ${where.join(' AND ')}` : '') + ` ORDER BY ${query.keyColumn}`;
    if (limit !== undefined) {
      sql += ' LIMIT $?';
      params.push(limit + 1);
    }
    let n = 0;
    sql = sql.replace(/\$\?/g, () => `$${++n}`);
    const items = (await this.query<R>(sql, params)).rows.map(map);
    return finishPage(items, limit, keyOf);
  }
}

delegateIdentity(PostgresCatalogStore, (s) => s.identity);

const identParams = (t: TableIdent): string[] => [t.catalogId, namespaceKey(t.namespace), t.name];
const nsNotFound = (ns: string[]) => new StoreError('namespace-not-found', `Namespace ${showNamespace(ns)} does not exist`);

function compareIdentParams(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return Buffer.compare(Buffer.from(a[i]), Buffer.from(b[i]));
  }
  return 0;
}

