// CatalogStore on MongoDB (official `mongodb` driver); also runs on FerretDB 1.x.
//
// Layout: one collection per entity; tables AND views share `tables` with a unique index
// on {catalogId, nsKey, name}, so they share one identifier space. Table docs have a
// random _id, so a rename is one atomic updateOne. Property maps are stored as JSON
// strings: keys like "s3.endpoint" or "$x" are not safe field names everywhere.
//
// Pointer moves are fenced (mongo-fences.ts) and, like renames, drops, namespace property
// updates and namespace drops, run under lease locks (mongo-locks.ts): FerretDB 1.x does
// not execute a conditional updateOne atomically, and has no multi-document transactions;
// an insert against a unique index is atomic everywhere, so the same code is correct on
// MongoDB and FerretDB. Table reads follow the fences (SwapEngine.read).
// Tenants, warehouses, catalogs, clients and metrics reports live in mongo-entities.ts
// (their updates and deletes use the same locks); this file wires the store together and
// holds namespaces and tables.
import { randomUUID } from 'node:crypto';
import type { Collection, Db, Document, MongoClient, MongoClientOptions } from 'mongodb';
import { NS_SEP, namespaceKey, namespaceParts, parentKey, showIdent, showNamespace } from './names.js';
import { isDuplicateKey, mapMongoError, mongoTarget, sleep } from './mongo-errors.js';
import { json, listDocs, MongoEntities } from './mongo-entities.js';
import { SwapEngine, type SwapOptions, type TableDoc } from './mongo-swap.js';
import { delegateIdentity, type IdentityStore } from './identity-types.js';
import { createIdentityIndexes, MongoIdentity } from './mongo-identity.js';
import { dropNamespaceGrants, dropObjectGrants, migrateGrantDocs, moveObjectGrants } from './mongo-grants.js';
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

/** 2: grants bound to their object (mongo-grants.ts). 3: fenced pointers (table docs carry `version`). */
export const MONGO_SCHEMA_VERSION = 3;
export const MONGO_DEFAULT_DB = 'pangolin';

export interface MongoStoreOptions {
  /** Database name; default: the URL's path, else "pangolin". */
  dbName?: string;
  serverSelectionTimeoutMS?: number;
  /** Extra driver options. */
  clientOptions?: MongoClientOptions;
  /** Lock lease, total wait, clock and fault injection of pointer swaps (mongo-swap.ts). */
  swap?: SwapOptions;
}

/** The database named by a mongodb:// URL's path, if any. */
export function mongoDbNameFromUrl(url: string): string | undefined {
  const m = /^mongodb(?:\+srv)?:\/\/[^/?#]*\/([^?#]*)/i.exec(url);
  const name = m?.[1] ? decodeURIComponent(m[1]) : '';
  return name || undefined;
}

interface NamespaceDoc {
  _id: string;
  catalogId: string;
  key: string;
  parent: string;
  depth: number;
  namespace: string[];
  properties: string;
}

// Identity methods (users, roles, ...) live in mongo-identity.ts, installed below.
export interface MongoCatalogStore extends IdentityStore {}
export class MongoCatalogStore implements CatalogStore {
  readonly kind = 'mongodb' as const;
  readonly dbName: string;
  private client: MongoClient | undefined;
  private db: Db | undefined;
  private swap: SwapEngine | undefined;
  private entities: MongoEntities | undefined;
  /** @internal */ identity: MongoIdentity | undefined;

  constructor(
    readonly url: string,
    private readonly opts: MongoStoreOptions = {},
  ) {
    this.dbName = opts.dbName || mongoDbNameFromUrl(url) || MONGO_DEFAULT_DB;
  }

  async init(): Promise<void> {
    if (this.db) return;
    const { MongoClient } = await import('mongodb');
    const client = new MongoClient(this.url, {
      serverSelectionTimeoutMS: this.opts.serverSelectionTimeoutMS ?? 5000,
      ...this.opts.clientOptions,
    });
    try {
      await client.connect();
      const db = client.db(this.dbName);
      const version = await db.collection<{ _id: string; version: number }>('schema_version').findOne({ _id: 'schema' });
      if (version && version.version > MONGO_SCHEMA_VERSION) {
        throw new Error(
          `The MongoDB database ${this.dbName} has schema version ${version.version}, newer than this Pangolin supports (${MONGO_SCHEMA_VERSION}): upgrade Pangolin`,
        );
      }
      await createIndexes(db);
      await migrateGrantDocs(db);
      const swap = new SwapEngine(db, this.opts.swap);
      await swap.recover();
      // Schema 3: docs written before fences start at version 0.
      await db.collection('tables').updateMany({ version: { $exists: false } }, { $set: { version: 0 } });
      await db.collection<{ _id: string; version: number }>('schema_version').updateOne(
        { _id: 'schema' },
        { $max: { version: MONGO_SCHEMA_VERSION } },
        { upsert: true },
      );
      this.client = client;
      this.db = db;
      this.swap = swap;
      this.entities = new MongoEntities(db, swap);
      this.identity = new MongoIdentity(db, swap);
    } catch (e) {
      await client.close().catch(() => {});
      throw mapMongoError(e, this.url);
    }
  }

  async close(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    this.db = undefined;
    this.swap = undefined;
    this.entities = undefined;
    this.identity = undefined;
    await c?.close();
  }

  capabilities(): StoreCapabilities {
    return { atomicMultiSwap: true, persistent: true };
  }

  // ---- tenants, warehouses, catalogs (mongo-entities.ts) ----

  createTenant(t: Tenant): Promise<Tenant> { return this.op(() => this.ents().createTenant(t)); }
  getTenant(by: { id: string } | { name: string }): Promise<Tenant | undefined> { return this.op(() => this.ents().getTenant(by)); }
  listTenants(page?: PageRequest): Promise<Page<Tenant>> { return this.op(() => this.ents().listTenants(page)); }
  updateTenant(id: string, patch: TenantPatch): Promise<Tenant> { return this.op(() => this.ents().updateTenant(id, patch)); }
  deleteTenant(id: string): Promise<void> { return this.op(() => this.ents().deleteTenant(id)); }

  createWarehouse(w: Warehouse): Promise<Warehouse> { return this.op(() => this.ents().createWarehouse(w)); }
  getWarehouse(by: { id: string } | { tenantId: string; name: string }): Promise<Warehouse | undefined> { return this.op(() => this.ents().getWarehouse(by)); }
  listWarehouses(tenantId: string, page?: PageRequest): Promise<Page<Warehouse>> { return this.op(() => this.ents().listWarehouses(tenantId, page)); }
  updateWarehouse(id: string, patch: WarehousePatch): Promise<Warehouse> { return this.op(() => this.ents().updateWarehouse(id, patch)); }
  deleteWarehouse(id: string): Promise<void> { return this.op(() => this.ents().deleteWarehouse(id)); }

  createCatalog(c: Catalog): Promise<Catalog> { return this.op(() => this.ents().createCatalog(c)); }
  getCatalog(by: { id: string } | { tenantId: string; name: string }): Promise<Catalog | undefined> { return this.op(() => this.ents().getCatalog(by)); }
  listCatalogs(tenantId: string, page?: PageRequest): Promise<Page<Catalog>> { return this.op(() => this.ents().listCatalogs(tenantId, page)); }
  updateCatalog(id: string, patch: CatalogPatch): Promise<Catalog> { return this.op(() => this.ents().updateCatalog(id, patch)); }
  deleteCatalog(id: string): Promise<void> { return this.op(() => this.ents().deleteCatalog(id)); }

  // ---- namespaces ----

  async createNamespace(ns: NamespaceRecord): Promise<NamespaceRecord> {
    return this.op(async () => {
      const doc: NamespaceDoc = {
        _id: randomUUID(),
        catalogId: ns.catalogId,
        key: namespaceKey(ns.namespace),
        parent: parentKey(ns.namespace),
        depth: ns.namespace.length,
        namespace: [...ns.namespace],
        properties: json(ns.properties),
      };
      // Parents need not exist, so a concurrent drop of an ancestor cannot be violated:
      // "drop parent, then create child" is a valid serial order.
      await this.nsCol().insertOne(doc);
      return namespaceOf(doc);
    }, `Namespace ${showNamespace(ns.namespace)} already exists`);
  }

  async getNamespace(catalogId: string, namespace: string[]): Promise<NamespaceRecord | undefined> {
    return this.op(async () => {
      const d = await this.nsCol().findOne({ catalogId, key: namespaceKey(namespace) });
      return d ? namespaceOf(d) : undefined;
    });
  }

  async listNamespaces(catalogId: string, parent: string[], page?: PageRequest): Promise<Page<NamespaceRecord>> {
    return this.op(() => listDocs(this.db!, 'namespaces', { catalogId, parent: namespaceKey(parent), depth: parent.length + 1 }, 'key', page, namespaceOf));
  }

  async updateNamespaceProperties(catalogId: string, namespace: string[], updates: Record<string, string>, removals: string[]): Promise<NamespaceRecord> {
    return this.op(async () => {
      // Read-modify-write under the namespace's lock (serialises with other updates and drops).
      return this.engine().withLocks([nsLockId(catalogId, namespace)], async () => {
        const d = await this.nsCol().findOne({ catalogId, key: namespaceKey(namespace) });
        if (!d) throw nsNotFound(namespace);
        const props: Record<string, string> = JSON.parse(d.properties);
        for (const k of removals) delete props[k];
        Object.assign(props, updates);
        await this.nsCol().updateOne({ _id: d._id }, { $set: { properties: JSON.stringify(props) } });
        return { catalogId, namespace: [...namespace], properties: props };
      });
    });
  }

  /**
   * Race-free against createTable/renameTable into this namespace: we hold the namespace's
   * lock while checking emptiness and deleting. Table writers insert first and then
   * re-check the namespace (settleTableInNamespace), waiting while the lock is held: so
   * either our emptiness check sees their entry, or they see the namespace gone and take
   * their entry back out. (A table briefly listed in a namespace being dropped can be seen.)
   */
  async dropNamespace(catalogId: string, namespace: string[]): Promise<void> {
    return this.op(async () => {
      const key = namespaceKey(namespace);
      await this.engine().withLocks([nsLockId(catalogId, namespace)], async () => {
        const ns = await this.nsCol().findOne({ catalogId, key });
        if (!ns) throw nsNotFound(namespace);
        const t = await this.col('tables').findOne({ catalogId, nsKey: key }, { projection: { kind: 1, name: 1 } });
        if (t) throw new StoreError('not-empty', `Namespace ${showNamespace(namespace)} still contains ${t.kind} ${t.name}`);
        const child = await this.nsCol().findOne(
          { catalogId, key: { $gt: key + NS_SEP, $lt: key + String.fromCharCode(NS_SEP.charCodeAt(0) + 1) } },
          { projection: { namespace: 1 } },
        );
        if (child) throw new StoreError('not-empty', `Namespace ${showNamespace(namespace)} still contains namespace ${showNamespace(child.namespace)}`);
        await dropNamespaceGrants(this.db!, catalogId, namespace);
        await this.nsCol().deleteOne({ _id: ns._id });
      });
    });
  }

  // ---- tables and views ----

  async createTable(t: TableRecord): Promise<TableRecord> {
    return this.op(async () => {
      await this.requireNamespace(t.catalogId, t.namespace);
      const doc: TableDoc = {
        _id: randomUUID(),
        catalogId: t.catalogId,
        nsKey: namespaceKey(t.namespace),
        name: t.name,
        namespace: [...t.namespace],
        kind: t.kind,
        metadataLocation: t.metadataLocation,
        version: 0,
        createdAt: t.createdAt,
        updatedAt: t.updatedAt,
      };
      try {
        await this.tablesCol().insertOne(doc);
      } catch (e) {
        throw await this.nameTaken(e, t);
      }
      if (!(await this.settleTableInNamespace(t.catalogId, t.namespace))) {
        await this.tablesCol().deleteOne({ _id: doc._id });
        throw nsNotFound(t.namespace);
      }
      return tableOf(doc);
    });
  }

  async getTable(ident: TableIdent, kind: TableKind): Promise<TableRecord | undefined> {
    return this.op(async () => {
      const d = await this.tablesCol().findOne(identFilter(ident, kind));
      return d ? tableOf(await this.engine().read(d)) : undefined;
    });
  }

  async listTables(catalogId: string, namespace: string[], kind: TableKind, page?: PageRequest): Promise<Page<TableRecord>> {
    return this.op(async () => {
      const docs = await listDocs(this.db!, 'tables', { catalogId, nsKey: namespaceKey(namespace), kind }, 'name', page, (d) => d as TableDoc);
      return { ...docs, items: (await this.engine().readAll(docs.items)).map(tableOf) };
    });
  }

  async dropTable(ident: TableIdent, kind: TableKind): Promise<TableRecord | undefined> {
    return this.op(async () => {
      const found = await this.tablesCol().findOne(identFilter(ident, kind), { projection: { _id: 1 } });
      if (!found) return undefined;
      return this.engine().withLocks([found._id], async () => {
        const raw = await this.tablesCol().findOne({ _id: found._id, ...identFilter(ident, kind) });
        if (!raw) return undefined;
        const d = await this.engine().read(raw);
        await dropObjectGrants(this.db!, ident, kind);
        await this.tablesCol().deleteOne({ _id: d._id });
        await this.engine().fences.forget(d._id);
        return tableOf(d);
      });
    });
  }

  async renameTable(from: TableIdent, to: TableIdent, kind: TableKind): Promise<void> {
    return this.op(async () => {
      const notFound = () => new StoreError('not-found', `${kind} ${showIdent(from.namespace, from.name)} does not exist`);
      const found = await this.tablesCol().findOne(identFilter(from, kind), { projection: { _id: 1 } });
      if (!found) throw notFound();
      await this.requireNamespace(to.catalogId, to.namespace);
      await this.engine().withLocks([found._id], async () => {
        const src = await this.tablesCol().findOne({ _id: found._id, ...identFilter(from, kind) });
        if (!src) throw notFound();
        const target = { catalogId: to.catalogId, nsKey: namespaceKey(to.namespace), name: to.name, namespace: [...to.namespace] };
        try {
          // The unique index {catalogId, nsKey, name} refuses a taken name atomically.
          await this.tablesCol().updateOne({ _id: src._id }, { $set: { ...target, updatedAt: new Date().toISOString() } });
        } catch (e) {
          throw await this.nameTaken(e, to);
        }
        if (!(await this.settleTableInNamespace(to.catalogId, to.namespace))) {
          // The target namespace was dropped under us: move the entry back.
          const back = { catalogId: from.catalogId, nsKey: namespaceKey(from.namespace), name: from.name, namespace: [...from.namespace] };
          await this.tablesCol().updateOne({ _id: src._id }, { $set: { ...back, updatedAt: src.updatedAt } });
          throw nsNotFound(to.namespace);
        }
        await moveObjectGrants(this.db!, from, to, kind);
      });
    });
  }

  async swapMetadataLocations(swaps: MetadataSwap[]): Promise<boolean> {
    return this.op(() => this.engine().swap(swaps));
  }

  // ---- metrics reports, clients (mongo-entities.ts) ----

  addMetricsReport(r: MetricsReportRecord): Promise<void> { return this.op(() => this.ents().addMetricsReport(r)); }
  listMetricsReports(catalogId: string, page?: PageRequest): Promise<Page<MetricsReportRecord>> { return this.op(() => this.ents().listMetricsReports(catalogId, page)); }
  pruneMetricsReports(catalogId: string, keep: number): Promise<number> { return this.op(() => this.ents().pruneMetricsReports(catalogId, keep)); }
  createClient(c: ClientCredential): Promise<ClientCredential> { return this.op(() => this.ents().createClient(c)); }
  getClient(clientId: string): Promise<ClientCredential | undefined> { return this.op(() => this.ents().getClient(clientId)); }

  // ---- helpers ----

  /** Runs a store operation, mapping driver errors (duplicate key, connection) to StoreErrors. */
  private async op<T>(fn: () => Promise<T>, alreadyExists?: string): Promise<T> {
    if (!this.db) throw new StoreError('unavailable', 'The MongoDB store is not open (call init() first)');
    try {
      return await fn();
    } catch (e) {
      throw mapMongoError(e, this.url, alreadyExists);
    }
  }

  private col(name: string): Collection<Document & { _id: string }> {
    if (!this.db) throw new StoreError('unavailable', 'The MongoDB store is not open (call init() first)');
    return this.db.collection<Document & { _id: string }>(name);
  }

  private nsCol(): Collection<NamespaceDoc> {
    return this.col('namespaces') as unknown as Collection<NamespaceDoc>;
  }

  private tablesCol(): Collection<TableDoc> {
    return this.col('tables') as unknown as Collection<TableDoc>;
  }

  private ents(): MongoEntities {
    if (!this.entities) throw new StoreError('unavailable', 'The MongoDB store is not open (call init() first)');
    return this.entities;
  }

  private engine(): SwapEngine {
    if (!this.swap) throw new StoreError('unavailable', 'The MongoDB store is not open (call init() first)');
    return this.swap;
  }

  private async requireNamespace(catalogId: string, namespace: string[]): Promise<void> {
    if (!(await this.nsCol().findOne({ catalogId, key: namespaceKey(namespace) }, { projection: { _id: 1 } }))) throw nsNotFound(namespace);
  }

  /**
   * After a table entered a namespace: true if the namespace still stands. While a drop
   * is in progress, waits for its outcome (it either saw our entry and fails, or it
   * deletes the namespace and we must take our entry back out).
   */
  private async settleTableInNamespace(catalogId: string, namespace: string[]): Promise<boolean> {
    const lockId = nsLockId(catalogId, namespace);
    for (let i = 0; ; i++) {
      // The lock first, then the namespace: read the other way round, the namespace could be
      // seen just before a drop deletes it and the lock just after the drop released it.
      if (!(await this.db!.collection<{ _id: string }>('locks').findOne({ _id: lockId }))) {
        return !!(await this.nsCol().findOne({ catalogId, key: namespaceKey(namespace) }, { projection: { _id: 1 } }));
      }
      if (i > 2000) throw new StoreError('unavailable', `Namespace ${showNamespace(namespace)} is locked by another request; retry`);
      await sleep(10);
    }
  }

  /** already-exists naming whether a table or a view holds the name; other errors pass. */
  private async nameTaken(e: unknown, ident: TableIdent): Promise<unknown> {
    if (!isDuplicateKey(e)) return e;
    const other = await this.tablesCol().findOne({ catalogId: ident.catalogId, nsKey: namespaceKey(ident.namespace), name: ident.name });
    return new StoreError('already-exists', `A ${other?.kind ?? 'table or view'} named ${showIdent(ident.namespace, ident.name)} already exists`);
  }
}

async function createIndexes(db: Db): Promise<void> {
  // Index names are fixed so a re-run is a no-op. FerretDB 1.x supports unique and
  // compound indexes (not partial ones, which we do not use).
  await db.collection('tenants').createIndex({ name: 1 }, { unique: true, name: 'tenants_name' });
  await db.collection('warehouses').createIndex({ tenantId: 1, name: 1 }, { unique: true, name: 'warehouses_tenant_name' });
  await db.collection('catalogs').createIndex({ tenantId: 1, name: 1 }, { unique: true, name: 'catalogs_tenant_name' });
  await db.collection('catalogs').createIndex({ warehouseId: 1 }, { name: 'catalogs_warehouse' });
  await db.collection('namespaces').createIndex({ catalogId: 1, key: 1 }, { unique: true, name: 'namespaces_key' });
  await db.collection('namespaces').createIndex({ catalogId: 1, parent: 1, depth: 1, key: 1 }, { name: 'namespaces_children' });
  await db.collection('tables').createIndex({ catalogId: 1, nsKey: 1, name: 1 }, { unique: true, name: 'tables_ident' });
  await db.collection('tables').createIndex({ catalogId: 1, nsKey: 1, kind: 1, name: 1 }, { name: 'tables_list' });
  await db.collection('metrics_reports').createIndex({ catalogId: 1, seq: 1 }, { name: 'metrics_catalog_seq' });
  await db.collection('clients').createIndex({ tenantId: 1 }, { name: 'clients_tenant' });
  await createIdentityIndexes(db);
}

delegateIdentity(
  MongoCatalogStore,
  (s) => s.identity ?? (() => { throw new StoreError('unavailable', 'The MongoDB store is not open (call init() first)'); })(),
  (s, e) => mapMongoError(e, s.url),
);

/** Lock id of a namespace (held by property updates and drops). */
const nsLockId = (catalogId: string, namespace: string[]): string => JSON.stringify(['namespace', catalogId, namespaceKey(namespace)]);

function identFilter(ident: TableIdent, kind: TableKind): Document {
  return { catalogId: ident.catalogId, nsKey: namespaceKey(ident.namespace), name: ident.name, kind };
}

const nsNotFound = (ns: string[]) => new StoreError('namespace-not-found', `Namespace ${showNamespace(ns)} does not exist`);

const namespaceOf = (d: Document): NamespaceRecord => ({
  catalogId: d.catalogId,
  namespace: namespaceParts(d.key),
  properties: JSON.parse(d.properties),
});

const tableOf = (d: TableDoc): TableRecord => ({
  catalogId: d.catalogId,
  namespace: namespaceParts(d.nsKey),
  name: d.name,
  kind: d.kind,
  metadataLocation: d.metadataLocation,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

export { mongoTarget };
