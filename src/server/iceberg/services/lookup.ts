// Lookups shared by the table and view services.
import { StoreError, type CatalogStore, type NamespaceRecord, type PageRequest, type TableIdent, type TableKind } from '../../stores/types.js';
import type { CatalogContext } from '../catalog-context.js';
import { alreadyExists, noSuchNamespace, noSuchTable, noSuchView } from '../errors.js';
import type { MetadataFiles } from './metadata-files.js';
import { nsName } from './namespaces.js';
import { requireNewName } from './new-names.js';

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

type Ident = { namespace: string[]; name: string };

/** Rename a table or view; the other kind holding the target name blocks it too. */
export async function renameEntry(store: CatalogStore, ctx: CatalogContext, kind: TableKind, source: Ident, destination: Ident): Promise<void> {
  requireNewName(kind, destination.name);
  const from = identOf(ctx, source.namespace, source.name);
  const to = identOf(ctx, destination.namespace, destination.name);
  const [label, other, missing] = kind === 'table' ? (['Table', 'View', noSuchTable] as const) : (['View', 'Table', noSuchView] as const);
  const clash = (what: string) => alreadyExists(`Cannot rename ${qualifiedName(source.namespace, source.name)} to ${qualifiedName(destination.namespace, destination.name)}. ${what} already exists`);
  if (!(await store.getTable(from, kind))) throw missing(`${label} does not exist: ${qualifiedName(source.namespace, source.name)}`);
  await requireNamespace(store, ctx, destination.namespace);
  if (await store.getTable(to, kind === 'table' ? 'view' : 'table')) throw clash(other);
  try {
    await store.renameTable(from, to, kind);
  } catch (e) {
    if (e instanceof StoreError && e.code === 'not-found') throw missing(`${label} does not exist: ${qualifiedName(source.namespace, source.name)}`);
    if (e instanceof StoreError && e.code === 'namespace-not-found') throw noSuchNamespace(`Namespace does not exist: ${nsName(destination.namespace)}`);
    if (e instanceof StoreError && e.code === 'already-exists') throw clash(label);
    throw e;
  }
}

/**
 * Adds the catalog entry for a freshly written metadata file; if the store refuses, the
 * file is discarded so no orphan is left behind.
 */
export async function insertEntry(
  store: CatalogStore,
  files: MetadataFiles,
  ctx: CatalogContext,
  ident: TableIdent,
  kind: TableKind,
  metadataLocation: string,
  nowMs: number,
): Promise<void> {
  const now = new Date(nowMs).toISOString();
  try {
    requireNewName(kind, ident.name); // inside the try: a refused name discards the file too
    await store.createTable({ ...ident, kind, metadataLocation, createdAt: now, updatedAt: now });
  } catch (e) {
    await files.discard(ctx.storage, metadataLocation);
    if (e instanceof StoreError && e.code === 'already-exists') throw alreadyExists(`${kind === 'table' ? 'Table' : 'View'} already exists: ${qualifiedName(ident.namespace, ident.name)}`);
    if (e instanceof StoreError && e.code === 'namespace-not-found') throw noSuchNamespace(`Namespace does not exist: ${nsName(ident.namespace)}`);
    throw e;
  }
}
