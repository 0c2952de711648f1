// Tenants, warehouses, catalogs, client credentials and metrics reports of the MongoDB
// store (mongo.ts wires them into the CatalogStore).
//
// References without transactions (FerretDB 1.x has none, and applies a conditional or
// partial update as "read, then write the whole document back"): every update or delete of
// a tenant, warehouse or catalog runs under that entity's lock (mongo-swap.ts withLocks),
// so updates never overwrite each other. A delete holds the lock while it checks for
// referrers and deletes. A writer that adds a reference (createWarehouse/Catalog/Client,
// updateCatalog onto another warehouse) writes first, then calls parentStands(): it waits
// while the parent's lock is held and only then reads the parent. Either the delete's check
// ran after our write and saw it (in-use), or the delete finished before our read and we
// see the parent gone and take our write back (not-found). Reading the lock BEFORE the
// parent matters: parent-then-lock could read the parent just before the delete and the
// lock just after it.
// Residual, as for every lock here: a writer that crashes between its write and taking it
// back leaves a referrer of a deleted parent, and the FerretDB lease-takeover caveat of
// mongo-locks.ts applies. A referrer can also be briefly visible before it is taken back.
import type { Db, Document } from 'mongodb';
import { catalogNotEmpty, NAMED_REFS, notFound, patchedCatalog, patchedTenant, patchedWarehouse, tenantInUse, warehouseInUse } from './entity-rules.js';
import { isDuplicateKey, sleep } from './mongo-errors.js';
import { dropTenantIdentity } from './mongo-identity.js';
import { dropCatalogGrants } from './mongo-grants.js';
import { entityLockId, MongoDocs, type Doc } from './mongo-docs.js';
import { namespaceParts, showNamespace } from './names.js';
import { finishPage, pageWindow, seqAfter } from './paging.js';
import {
  StoreError,
  type Catalog,
  type CatalogPatch,
  type ClientCredential,
  type MetricsReportRecord,
  type Page,
  type PageRequest,
  type Tenant,
  type TenantPatch,
  type Warehouse,
  type WarehousePatch,
} from './types.js';



export const json = (v: unknown): string => JSON.stringify(v ?? {});

/** One keyset page of `collection`, ordered by `keyField`. */
export async function listDocs<T>(
  db: Db,
  collection: string,
  filter: Document,
  keyField: string,
  page: PageRequest | undefined,
  map: (d: Document) => T,
  keyParam: (after: string) => unknown = (after) => after,
): Promise<Page<T>> {
  const { after, limit } = pageWindow(page);
  const f: Document = { ...filter };
  if (after !== undefined) f[keyField] = { $gt: keyParam(after) };
  // MongoDB (and FerretDB) compare strings by UTF-8 bytes = code point order, like the other backends.
  let cur = db.collection(collection).find(f).sort({ [keyField]: 1 });
  if (limit !== undefined) cur = cur.limit(limit + 1);
  const docs = await cur.toArray();
  const res = finishPage(docs, limit, (d) => String(d[keyField]));
  return { items: res.items.map(map), nextPageToken: res.nextPageToken };
}

/**
 * After a write that refers to `id` in `collection`: true if that parent still stands.
 * Waits while the parent's lock is held (a delete or update in progress), then reads it.
 */
export async function parentStands(db: Db, collection: string, id: string, lockId = entityLockId(collection, id)): Promise<boolean> {
  for (let i = 0; ; i++) {
    if (!(await db.collection<Doc>('locks').findOne({ _id: lockId }, { projection: { _id: 1 } }))) {
      return !!(await db.collection<Doc>(collection).findOne({ _id: id }, { projection: { _id: 1 } }));
    }
    if (i > 2000) throw new StoreError('unavailable', `${collection} entry ${id} is locked by another request; retry`);
    await sleep(10);
  }
}

/** Maps a duplicate-key error of `p` to already-exists with `message`. */
async function unique<T>(p: Promise<T>, message: string): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (isDuplicateKey(e)) throw new StoreError('already-exists', message);
    throw e;
  }
}

export class MongoEntities extends MongoDocs {
  // ---- tenants ----

  async createTenant(t: Tenant): Promise<Tenant> {
    await unique(this.col('tenants').insertOne({ _id: t.id, name: t.name, properties: json(t.properties), createdAt: t.createdAt }), `Tenant ${t.name} (id ${t.id}) already exists`);
    return (await this.getTenant({ id: t.id }))!;
  }

  async getTenant(by: { id: string } | { name: string }): Promise<Tenant | undefined> {
    const d = await this.col('tenants').findOne('id' in by ? { _id: by.id } : { name: by.name });
    return d ? tenantOf(d) : undefined;
  }

  listTenants(page?: PageRequest): Promise<Page<Tenant>> {
    return listDocs(this.db, 'tenants', {}, 'name', page, tenantOf);
  }

  async updateTenant(id: string, patch: TenantPatch): Promise<Tenant> {
    return this.locked('tenants', id, async () => {
      const next = patchedTenant(tenantOf(await this.must('tenants', id, 'Tenant')), patch);
      // The unique index on name refuses a taken name atomically.
      await unique(this.col('tenants').updateOne({ _id: id }, { $set: { name: next.name, properties: json(next.properties) } }), `Tenant ${next.name} already exists`);
      return next;
    });
  }

  async deleteTenant(id: string): Promise<void> {
    await this.locked('tenants', id, async () => {
      const t = await this.must('tenants', id, 'Tenant');
      const [warehouses, catalogs] = await Promise.all([this.names('warehouses', { tenantId: id }), this.names('catalogs', { tenantId: id })]);
      if (warehouses.length || catalogs.length) throw tenantInUse(t.name, warehouses, catalogs);
      await dropTenantIdentity(this.db, id);
      await this.col('clients').deleteMany({ tenantId: id });
      await this.col('tenants').deleteOne({ _id: id });
    });
  }

  // ---- warehouses ----

  async createWarehouse(w: Warehouse): Promise<Warehouse> {
    await this.requireDoc('tenants', w.tenantId, 'Tenant');
    const doc = { _id: w.id, tenantId: w.tenantId, name: w.name, location: w.location, storageConfig: json(w.storageConfig), clientConfig: json(w.clientConfig), vendingStrategy: vendingDoc(w.vendingStrategy), createdAt: w.createdAt };
    await unique(this.col('warehouses').insertOne(doc), `Warehouse ${w.name} (id ${w.id}) already exists`);
    await this.settleInsert('warehouses', w.id, [['tenants', w.tenantId, 'Tenant']]);
    return warehouseOf(doc);
  }

  async getWarehouse(by: { id: string } | { tenantId: string; name: string }): Promise<Warehouse | undefined> {
    const d = await this.col('warehouses').findOne('id' in by ? { _id: by.id } : { tenantId: by.tenantId, name: by.name });
    return d ? warehouseOf(d) : undefined;
  }

  listWarehouses(tenantId: string, page?: PageRequest): Promise<Page<Warehouse>> {
    return listDocs(this.db, 'warehouses', { tenantId }, 'name', page, warehouseOf);
  }

  async updateWarehouse(id: string, patch: WarehousePatch): Promise<Warehouse> {
    return this.locked('warehouses', id, async () => {
      const next = patchedWarehouse(warehouseOf(await this.must('warehouses', id, 'Warehouse')), patch);
      const set = { location: next.location, storageConfig: json(next.storageConfig), clientConfig: json(next.clientConfig), vendingStrategy: vendingDoc(next.vendingStrategy) };
      await this.col('warehouses').updateOne({ _id: id }, { $set: set });
      return next;
    });
  }

  async deleteWarehouse(id: string): Promise<void> {
    await this.locked('warehouses', id, async () => {
      const w = await this.must('warehouses', id, 'Warehouse');
      const users = await this.names('catalogs', { warehouseId: id });
      if (users.length) throw warehouseInUse(w.name, users);
      await this.col('warehouses').deleteOne({ _id: id });
    });
  }

  // ---- catalogs ----

  async createCatalog(c: Catalog): Promise<Catalog> {
    await this.requireDoc('tenants', c.tenantId, 'Tenant');
    await this.requireDoc('warehouses', c.warehouseId, 'Warehouse');
    const doc = { _id: c.id, tenantId: c.tenantId, name: c.name, warehouseId: c.warehouseId, properties: json(c.properties), createdAt: c.createdAt };
    await unique(this.col('catalogs').insertOne(doc), `Catalog ${c.name} (id ${c.id}) already exists`);
    await this.settleInsert('catalogs', c.id, [
      ['tenants', c.tenantId, 'Tenant'],
      ['warehouses', c.warehouseId, 'Warehouse'],
    ]);
    return catalogOf(doc);
  }

  async getCatalog(by: { id: string } | { tenantId: string; name: string }): Promise<Catalog | undefined> {
    const d = await this.col('catalogs').findOne('id' in by ? { _id: by.id } : { tenantId: by.tenantId, name: by.name });
    return d ? catalogOf(d) : undefined;
  }

  listCatalogs(tenantId: string, page?: PageRequest): Promise<Page<Catalog>> {
    return listDocs(this.db, 'catalogs', { tenantId }, 'name', page, catalogOf);
  }

  async updateCatalog(id: string, patch: CatalogPatch): Promise<Catalog> {
    return this.locked('catalogs', id, async () => {
      const cur = catalogOf(await this.must('catalogs', id, 'Catalog'));
      const next = patchedCatalog(cur, patch);
      const moves = next.warehouseId !== cur.warehouseId;
      if (moves) await this.requireDoc('warehouses', next.warehouseId, 'Warehouse');
      await this.col('catalogs').updateOne({ _id: id }, { $set: { properties: json(next.properties), warehouseId: next.warehouseId } });
      if (moves && !(await parentStands(this.db, 'warehouses', next.warehouseId))) {
        // The new warehouse was deleted under us: put the catalog back as it was.
        await this.col('catalogs').updateOne({ _id: id }, { $set: { properties: json(cur.properties), warehouseId: cur.warehouseId } });
        throw notFound('Warehouse', next.warehouseId);
      }
      return next;
    });
  }

  /**
   * Refuses while the catalog holds namespaces. Residual race: createNamespace does not
   * check its catalog (by contract), so a namespace created while this runs can outlive
   * the catalog, as it can when created after it (the same holds on every backend).
   */
  async deleteCatalog(id: string): Promise<void> {
    await this.locked('catalogs', id, async () => {
      const c = await this.must('catalogs', id, 'Catalog');
      const held = await this.col('namespaces').find({ catalogId: id }, { projection: { key: 1 } }).sort({ key: 1 }).limit(NAMED_REFS + 1).toArray();
      if (held.length) throw catalogNotEmpty(c.name, held.map((d) => showNamespace(namespaceParts(d.key))));
      await this.col('metrics_reports').deleteMany({ catalogId: id });
      await dropCatalogGrants(this.db, id); // first: interrupted, the catalog stays with fewer grants
      await this.col('catalogs').deleteOne({ _id: id });
    });
  }

  // ---- clients, metrics reports ----

  async createClient(c: ClientCredential): Promise<ClientCredential> {
    await this.requireDoc('tenants', c.tenantId, 'Tenant');
    const doc = { _id: c.clientId, tenantId: c.tenantId, name: c.name, secretHash: c.secretHash, createdAt: c.createdAt, role: c.role };
    await unique(this.col('clients').insertOne(doc), `Client ${c.clientId} already exists`);
    await this.settleInsert('clients', c.clientId, [['tenants', c.tenantId, 'Tenant']]);
    return clientOf(doc);
  }

  async getClient(clientId: string): Promise<ClientCredential | undefined> {
    const d = await this.col('clients').findOne({ _id: clientId });
    return d ? clientOf(d) : undefined;
  }

  async addMetricsReport(r: MetricsReportRecord): Promise<void> {
    // Arrival order = a counter taken before the insert (atomic $inc). A failed insert
    // only leaves a gap. Two concurrent adds may become visible out of seq order, so a
    // reader paging at that instant can miss the lower one; reports are advisory.
    const counter = await this.db.collection<{ _id: string; seq: number }>('counters').findOneAndUpdate(
      { _id: 'metrics_reports' },
      { $inc: { seq: 1 } },
      { upsert: true, returnDocument: 'after' },
    );
    const doc = { _id: r.id, seq: counter!.seq, catalogId: r.catalogId, namespace: [...r.namespace], table: r.table, reportType: r.reportType, reportJson: r.reportJson, receivedAt: r.receivedAt };
    await unique(this.col('metrics_reports').insertOne(doc), `Metrics report ${r.id} already exists`);
  }

  async pruneMetricsReports(catalogId: string, keep: number): Promise<number> {
    // The newest `keep` stay: everything at or below the seq of the (keep+1)-th newest goes.
    const edge = await this.col('metrics_reports').find({ catalogId }, { projection: { seq: 1 } }).sort({ seq: -1 }).skip(keep).limit(1).next();
    if (!edge) return 0;
    return (await this.col('metrics_reports').deleteMany({ catalogId, seq: { $lte: edge.seq } })).deletedCount;
  }

  listMetricsReports(catalogId: string, page?: PageRequest): Promise<Page<MetricsReportRecord>> {
    return listDocs(this.db, 'metrics_reports', { catalogId }, 'seq', page, metricsOf, seqAfter);
  }

  // ---- helpers ----


  /** After inserting `id`: if a parent was deleted meanwhile, deletes it again and throws not-found. */
  private async settleInsert(collection: string, id: string, parents: [string, string, string][]): Promise<void> {
    for (const [parentCol, parentId, what] of parents) {
      // A parent we could not settle (its lock outlived our wait) fails the create too: take the doc back.
      const stands = await parentStands(this.db, parentCol, parentId).catch(async (e) => {
        await this.col(collection).deleteOne({ _id: id });
        throw e;
      });
      if (!stands) {
        await this.col(collection).deleteOne({ _id: id });
        throw notFound(what, parentId);
      }
    }
  }

  /** Up to NAMED_REFS + 1 names of the docs matching `filter`, ordered. */
  private async names(collection: string, filter: Document): Promise<string[]> {
    const docs = await this.col(collection).find(filter, { projection: { name: 1 } }).sort({ name: 1 }).limit(NAMED_REFS + 1).toArray();
    return docs.map((d) => d.name);
  }
}

const vendingDoc = (v: Record<string, unknown> | null | undefined): string | null => (v == null ? null : JSON.stringify(v));

const tenantOf = (d: Document): Tenant => ({ id: d._id, name: d.name, properties: JSON.parse(d.properties), createdAt: d.createdAt });

const warehouseOf = (d: Document): Warehouse => ({
  id: d._id,
  tenantId: d.tenantId,
  name: d.name,
  location: d.location,
  storageConfig: JSON.parse(d.storageConfig),
  // Documents written before clientConfig existed have no such field: {}.
  clientConfig: d.clientConfig == null ? {} : JSON.parse(d.clientConfig),
  vendingStrategy: d.vendingStrategy == null ? null : JSON.parse(d.vendingStrategy),
  createdAt: d.createdAt,
});

const catalogOf = (d: Document): Catalog => ({
  id: d._id,
  tenantId: d.tenantId,
  name: d.name,
  warehouseId: d.warehouseId,
  properties: JSON.parse(d.properties),
  createdAt: d.createdAt,
});

// Documents written before roles existed have no role: those clients acted as tenant admins.
export const clientOf = (d: Document): ClientCredential => ({ clientId: d._id, tenantId: d.tenantId, name: d.name, secretHash: d.secretHash, createdAt: d.createdAt, role: d.role === 'tenant-user' ? 'tenant-user' : 'tenant-admin', ...(d.disabled ? { disabled: true } : {}) });

const metricsOf = (d: Document): MetricsReportRecord => ({
  id: d._id,
  catalogId: d.catalogId,
  namespace: [...d.namespace],
  table: d.table,
  reportType: d.reportType,
  reportJson: d.reportJson,
  receivedAt: d.receivedAt,
});
