// Lookups shared by the table and view services.
import type { CatalogStore, NamespaceRecord, TableIdent } from '../../stores/types.js';
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
