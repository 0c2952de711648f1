// What a grant is attached to, in the form every backend stores it: the catalog's id (not
// its name: a new catalog of the same name is another object), the namespace key, and for
// a table or view grant its kind and name. Backends keep these as plain columns/fields so a
// drop or rename can remove or move the grants on an object in the same statement or
// transaction as the object itself (see "Grants belong to their object" in identity-types.ts).
import type { GrantScope } from './identity-types.js';
import { NS_SEP, namespaceKey, namespaceParts } from './names.js';
import type { TableIdent, TableKind } from './types.js';

export interface GrantObject {
  catalogId: string;
  /** null: the whole catalog. */
  nsKey: string | null;
  /** null: a catalog or namespace grant. */
  objectKind: TableKind | null;
  objectName: string | null;
}

export function grantObject(catalogId: string, scope: GrantScope): GrantObject {
  const nsKey = scope.namespace?.length ? namespaceKey(scope.namespace) : null;
  if (scope.table != null) return { catalogId, nsKey, objectKind: 'table', objectName: scope.table };
  if (scope.view != null) return { catalogId, nsKey, objectKind: 'view', objectName: scope.view };
  return { catalogId, nsKey, objectKind: null, objectName: null };
}

/** The API-shaped scope of a stored grant (catalogName: its catalog's name). */
export function scopeOf(catalogName: string, o: Omit<GrantObject, 'catalogId'>): GrantScope {
  const out: GrantScope = { catalog: catalogName };
  if (o.nsKey != null) out.namespace = namespaceParts(o.nsKey);
  if (o.objectKind === 'table' && o.objectName != null) out.table = o.objectName;
  if (o.objectKind === 'view' && o.objectName != null) out.view = o.objectName;
  return out;
}

/** Namespace keys strictly inside `key`: [low, high). */
export function keysInside(key: string): [string, string] {
  return [key + NS_SEP, key + String.fromCharCode(NS_SEP.charCodeAt(0) + 1)];
}

/** True if the grant is on exactly this table or view. */
export const isOnObject = (o: GrantObject, ident: TableIdent, kind: TableKind): boolean =>
  o.catalogId === ident.catalogId && o.nsKey === namespaceKey(ident.namespace) && o.objectKind === kind && o.objectName === ident.name;

/** True if the grant is on the namespace or anything inside it. */
export function isInNamespace(o: GrantObject, catalogId: string, namespace: readonly string[]): boolean {
  if (o.catalogId !== catalogId || o.nsKey == null) return false;
  const key = namespaceKey(namespace);
  const [low, high] = keysInside(key);
  return o.nsKey === key || (o.nsKey >= low && o.nsKey < high);
}

/** Where a table/view grant goes when its object is renamed to `to`. */
export const movedObject = (o: GrantObject, to: TableIdent): GrantObject => ({ ...o, catalogId: to.catalogId, nsKey: namespaceKey(to.namespace), objectName: to.name });
