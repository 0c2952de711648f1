// Lookups shared by the table and view services.
import type { CatalogStore, NamespaceRecord, PageRequest, TableIdent, TableKind } from '../../stores/types.js';
import type { CatalogContext } from '../catalog-context.js';
import { noSuchNamespace } from '../errors.js';
import { nsName } from './namespaces.js';

export const identOf = (ctx: CatalogContext, namespace: string[], name: string): TableIdent => ({ catalogId: ctx.catalog.id, namespace, name });

export const qualifiedName = (ns: string[], name: string): string => `${nsName(ns)}.${name}`;

export async function requireNamespace(store: CatalogStore, ctx: CatalogContext, namespace: string[]): Promise<NamespaceRecord> {
  const ns = await store.getNamespace(ctx.catalog.id, namespace);
  if (!ns) throw noSuchNamespace(`Namespace does not exist: ${nsName(namespace)}`);
  return ns;
}

/** Identifiers of the tables or views in a namespace (which must exist). */
export async function listIdentifiers(store: CatalogStore, ctx: CatalogContext, namespace: string[], kind: TableKind, page: PageRequest) {
  await requireNamespace(store, ctx, namespace);
  const res = await store.listTables(ctx.catalog.id, namespace, kind, page);
  return { identifiers: res.items.map((t) => ({ namespace: t.namespace, name: t.name })), nextPageToken: res.nextPageToken };
}
