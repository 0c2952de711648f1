// Grants on MongoDB / FerretDB: documents with the object's catalog id, namespace key and
// table/view name as fields (grant-objects.ts), and what drops and renames do to them.
// Without transactions "the same step" is an order chosen so that an interrupted step errs
// towards fewer privileges: deletes remove the grants first, then the object (under the
// object's lock; an insert settles against that lock). A rename moves the object, then its
// grants: a crash between the two leaves the grants on the old name, where the next object
// created under it would find them (the one residual window, as for the other locks here).
import type { Db, Document } from 'mongodb';
import { grantObject, keysInside, scopeOf } from './grant-objects.js';
import { pickGrant, type Grant } from './identity-types.js';
import { namespaceKey } from './names.js';
import type { TableIdent, TableKind } from './types.js';

export function grantDoc(g: Grant, catalogName: string): Document {
  const o = grantObject(g.catalogId, g.scope);
  return { _id: g.id, tenantId: g.tenantId, roleId: g.roleId, ...o, catalog: catalogName, privileges: [...g.privileges], createdAt: g.createdAt };
}

export const grantOf = (d: Document): Grant =>
  pickGrant({ id: d._id, tenantId: d.tenantId, roleId: d.roleId, catalogId: d.catalogId, scope: scopeOf(d.catalog, d as never), privileges: d.privileges, createdAt: d.createdAt });

const objectFilter = (ident: TableIdent, kind: TableKind): Document => ({ catalogId: ident.catalogId, nsKey: namespaceKey(ident.namespace), objectName: ident.name, objectKind: kind });

const grants = (db: Db) => db.collection('grants');

export async function dropCatalogGrants(db: Db, catalogId: string): Promise<void> {
  await grants(db).deleteMany({ catalogId });
}

export async function dropNamespaceGrants(db: Db, catalogId: string, namespace: string[]): Promise<void> {
  const key = namespaceKey(namespace);
  const [low, high] = keysInside(key);
  await grants(db).deleteMany({ catalogId, $or: [{ nsKey: key }, { nsKey: { $gte: low, $lt: high } }] });
}

export async function dropObjectGrants(db: Db, ident: TableIdent, kind: TableKind): Promise<void> {
  await grants(db).deleteMany(objectFilter(ident, kind));
}

export async function moveObjectGrants(db: Db, from: TableIdent, to: TableIdent, kind: TableKind): Promise<void> {
  await grants(db).updateMany(objectFilter(from, kind), { $set: { catalogId: to.catalogId, nsKey: namespaceKey(to.namespace), objectName: to.name } });
}

/**
 * Schema 2: grant documents of schema 1 (a JSON `scope` naming the catalog) bind to the
 * catalog of that name that existed when they were made (a grant older than the catalog
 * was a deleted namesake's and goes); table, view and namespace grants whose object is gone
 * (left by drops and renames before schema 2) go too. Idempotent: only old documents are read.
 */
export async function migrateGrantDocs(db: Db): Promise<void> {
  for (const d of await grants(db).find({ scope: { $exists: true } }).toArray()) {
    const scope = JSON.parse(d.scope as string);
    const cat = await db.collection('catalogs').findOne({ tenantId: d.tenantId, name: scope.catalog, createdAt: { $lte: d.createdAt } });
    const o = cat && grantObject(cat._id as unknown as string, scope);
    if (!o || !(await objectExists(db, o))) {
      await grants(db).deleteOne({ _id: d._id });
      continue;
    }
    await grants(db).updateOne({ _id: d._id }, { $set: { ...o, catalog: cat.name }, $unset: { scope: '' } });
  }
}

async function objectExists(db: Db, o: ReturnType<typeof grantObject>): Promise<boolean> {
  if (o.nsKey == null) return true;
  if (o.objectKind != null) return !!(await db.collection('tables').findOne({ catalogId: o.catalogId, nsKey: o.nsKey, name: o.objectName, kind: o.objectKind }, { projection: { _id: 1 } }));
  const [low, high] = keysInside(o.nsKey);
  return !!(await db.collection('namespaces').findOne({ catalogId: o.catalogId, $or: [{ key: o.nsKey }, { key: { $gte: low, $lt: high } }] }, { projection: { _id: 1 } }));
}
