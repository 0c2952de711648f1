// Namespace operations of the Iceberg REST API on top of the CatalogStore.
import { StoreError, type CatalogStore, type PageRequest } from '../../stores/types.js';
import type { CatalogContext } from '../catalog-context.js';
import { alreadyExists, namespaceNotEmpty, noSuchNamespace, unprocessable } from '../errors.js';
import type { LocationGuard } from './location-guard.js';
import { requireNewNamespace } from './new-names.js';

export const nsName = (ns: string[]): string => ns.join('.');

export class NamespaceService {
  constructor(
    private readonly store: CatalogStore,
    /** A namespace's `location` property becomes its tables' default folder: it must lie inside the warehouse. */
    private readonly guard: LocationGuard,
  ) {}

  async list(ctx: CatalogContext, parent: string[], page: PageRequest) {
    if (parent.length > 0) await this.load(ctx, parent);
    const res = await this.store.listNamespaces(ctx.catalog.id, parent, page);
    return { namespaces: res.items.map((n) => n.namespace), nextPageToken: res.nextPageToken };
  }

  async create(ctx: CatalogContext, namespace: string[], properties: Record<string, string>) {
    requireNewNamespace(namespace);
    if (properties.location !== undefined) await this.guard.requireInside(ctx, properties.location, 'namespace location');
    try {
      const rec = await this.store.createNamespace({ catalogId: ctx.catalog.id, namespace, properties });
      return { namespace: rec.namespace, properties: rec.properties };
    } catch (e) {
      if (e instanceof StoreError && e.code === 'already-exists') throw alreadyExists(`Namespace already exists: ${nsName(namespace)}`);
      throw e;
    }
  }

  async load(ctx: CatalogContext, namespace: string[]) {
    const rec = await this.store.getNamespace(ctx.catalog.id, namespace);
    if (!rec) throw noSuchNamespace(`Namespace does not exist: ${nsName(namespace)}`);
    return { namespace: rec.namespace, properties: rec.properties };
  }

  async drop(ctx: CatalogContext, namespace: string[]): Promise<void> {
    try {
      await this.store.dropNamespace(ctx.catalog.id, namespace);
    } catch (e) {
      if (e instanceof StoreError && e.code === 'namespace-not-found') throw noSuchNamespace(`Namespace does not exist: ${nsName(namespace)}`);
      if (e instanceof StoreError && e.code === 'not-empty') throw namespaceNotEmpty(`Namespace ${nsName(namespace)} is not empty: ${e.message}`);
      throw e;
    }
  }

  async updateProperties(ctx: CatalogContext, namespace: string[], updates: Record<string, string>, removals: string[]) {
    const both = removals.filter((k) => Object.hasOwn(updates, k));
    if (both.length > 0) throw unprocessable(`Cannot both set and remove properties: ${both.join(', ')}`);
    const before = await this.load(ctx, namespace);
    if (updates.location !== undefined) await this.guard.requireInside(ctx, updates.location, 'namespace location');
    try {
      await this.store.updateNamespaceProperties(ctx.catalog.id, namespace, updates, removals);
    } catch (e) {
      if (e instanceof StoreError && e.code === 'namespace-not-found') throw noSuchNamespace(`Namespace does not exist: ${nsName(namespace)}`);
      throw e;
    }
    const uniqueRemovals = [...new Set(removals)];
    return {
      updated: Object.keys(updates),
      removed: uniqueRemovals.filter((k) => Object.hasOwn(before.properties, k)),
      missing: uniqueRemovals.filter((k) => !Object.hasOwn(before.properties, k)),
    };
  }
}
