// View operations: same pointer discipline as tables (metadata files written by the
// server, the pointer moved only by compare-and-swap). Tables and views share one
// identifier space, so every create/rename checks both kinds.
import { randomUUID } from 'node:crypto';
import { StoreError, type CatalogStore, type PageRequest, type TableIdent } from '../../stores/types.js';
import type { CatalogContext } from '../catalog-context.js';
import { alreadyExists, badRequest, commitFailed, noSuchNamespace, noSuchView } from '../errors.js';
import { applyViewUpdates, checkViewRequirements, metadataFileLocation, newViewMetadata, nextMetadataFileName } from '../metadata/index.js';
import type { ViewMetadata } from '../metadata/types.js';
import { MetadataFiles } from './metadata-files.js';
import { nsName } from './namespaces.js';
import { identOf, insertEntry, listIdentifiers, qualifiedName, renameEntry, requireNamespace } from './lookup.js';
import { requireNewName } from './new-names.js';
import type { TableService } from './tables.js';

const MAX_ATTEMPTS = 8;
const VIEW_UPDATE_ACTIONS = new Set(['assign-uuid', 'upgrade-format-version', 'add-schema', 'set-location', 'set-properties', 'remove-properties', 'add-view-version', 'set-current-view-version']);

export interface LoadedView {
  metadataLocation: string;
  metadata: ViewMetadata;
}


export class ViewService {
  constructor(
    private readonly store: CatalogStore,
    private readonly files: MetadataFiles,
    /** Placement and the location policy are the tables' (one identifier space, one policy). */
    private readonly tables: TableService,
    private readonly now: () => number = Date.now,
  ) {}

  list(ctx: CatalogContext, namespace: string[], page: PageRequest) {
    return listIdentifiers(this.store, ctx, namespace, 'view', page);
  }

  async create(ctx: CatalogContext, namespace: string[], req: Record<string, unknown> & { name: string; location?: string | null }): Promise<LoadedView> {
    const ns = await requireNamespace(this.store, ctx, namespace);
    const ident = identOf(ctx, namespace, req.name);
    if (await this.store.getTable(ident, 'table')) throw alreadyExists(`Table with same name already exists: ${qualifiedName(namespace, req.name)}`);
    if (await this.store.getTable(ident, 'view')) throw alreadyExists(`View already exists: ${qualifiedName(namespace, req.name)}`);
    const location = await this.tables.placeNew(ctx, namespace, ns.properties, req.name, req.location ?? undefined, 'view');
    const metadata = newViewMetadata(req, { uuid: randomUUID(), nowMs: this.now(), location });
    await this.tables.guard.requirePlaced(ctx, metadata, 'view');
    const metadataLocation = metadataFileLocation(location, nextMetadataFileName(undefined, randomUUID()), metadata.properties);
    await this.files.write(ctx.storage, metadataLocation, metadata);
    await insertEntry(this.store, this.files, ctx, ident, 'view', metadataLocation, this.now());
    return { metadataLocation, metadata };
  }

  async load(ctx: CatalogContext, namespace: string[], name: string): Promise<LoadedView> {
    const entry = await this.store.getTable(identOf(ctx, namespace, name), 'view');
    if (!entry) throw noSuchView(`View does not exist: ${qualifiedName(namespace, name)}`);
    const metadata = await this.readStored(ctx, { namespace, name }, entry.metadataLocation, { verifyExists: true });
    return { metadataLocation: entry.metadataLocation, metadata };
  }

  private async readStored(ctx: CatalogContext, ident: { namespace: string[]; name: string }, metadataLocation: string, opts: { verifyExists?: boolean } = {}): Promise<ViewMetadata> {
    this.tables.guard.checkStored(ctx, 'view', ident, metadataLocation);
    const metadata = await this.files.read<ViewMetadata>(ctx.storage, metadataLocation, opts);
    this.tables.guard.checkStored(ctx, 'view', ident, metadataLocation, metadata.location);
    return metadata;
  }

  async exists(ctx: CatalogContext, namespace: string[], name: string): Promise<boolean> {
    return (await this.store.getTable(identOf(ctx, namespace, name), 'view')) !== undefined;
  }

  async replace(ctx: CatalogContext, namespace: string[], name: string, requirements: { type: string }[], updates: ({ action: string } & Record<string, unknown>)[]): Promise<LoadedView> {
    for (const u of updates) if (!VIEW_UPDATE_ACTIONS.has(u.action)) throw badRequest(`Unknown view update action: ${u.action}`);
    for (const r of requirements) if (r.type !== 'assert-view-uuid') throw badRequest(`Unknown view requirement type: ${r.type}`);
    const ident = identOf(ctx, namespace, name);
    for (let attempt = 1; ; attempt++) {
      const entry = await this.store.getTable(ident, 'view');
      if (!entry) throw noSuchView(`View does not exist: ${qualifiedName(namespace, name)}`);
      const base = await this.readStored(ctx, { namespace, name }, entry.metadataLocation);
      checkViewRequirements(base, requirements);
      if (updates.length === 0) return { metadataLocation: entry.metadataLocation, metadata: base };
      const next = applyViewUpdates(base, updates, this.now());
      if (next.location !== base.location || next.properties?.['write.metadata.path'] !== base.properties?.['write.metadata.path']) {
        await this.tables.guard.requirePlaced(ctx, next, 'view');
        if (next.location !== base.location) await this.tables.guard.requireNoOverlap(ctx, next.location, { namespace, name, kind: 'view' });
      }
      const nextLocation = metadataFileLocation(next.location, nextMetadataFileName(entry.metadataLocation, randomUUID()), next.properties);
      await this.files.write(ctx.storage, nextLocation, next);
      if (await this.store.swapMetadataLocations([{ ident, kind: 'view', expected: entry.metadataLocation, next: nextLocation }])) {
        return { metadataLocation: nextLocation, metadata: next };
      }
      await this.files.discard(ctx.storage, nextLocation);
      if (attempt >= MAX_ATTEMPTS) throw commitFailed(`Commit failed: view ${qualifiedName(namespace, name)} kept changing; retry`);
    }
  }

  async drop(ctx: CatalogContext, namespace: string[], name: string): Promise<void> {
    const dropped = await this.store.dropTable(identOf(ctx, namespace, name), 'view');
    if (!dropped) throw noSuchView(`View does not exist: ${qualifiedName(namespace, name)}`);
  }

  rename(ctx: CatalogContext, source: { namespace: string[]; name: string }, destination: { namespace: string[]; name: string }): Promise<void> {
    return renameEntry(this.store, ctx, 'view', source, destination);
  }

  async register(ctx: CatalogContext, namespace: string[], name: string, metadataLocation: string): Promise<LoadedView> {
    requireNewName('view', name);
    await requireNamespace(this.store, ctx, namespace);
    const ident = identOf(ctx, namespace, name);
    if (await this.store.getTable(ident, 'table')) throw alreadyExists(`Table with same name already exists: ${qualifiedName(namespace, name)}`);
    if (await this.store.getTable(ident, 'view')) throw alreadyExists(`View already exists: ${qualifiedName(namespace, name)}`);
    await this.tables.guard.requireInside(ctx, metadataLocation, 'metadata file');
    const metadata = await this.files.readForRegister<ViewMetadata>(
      ctx.storage,
      metadataLocation,
      'view',
      (md) => typeof md['view-uuid'] === 'string' && typeof md.location === 'string' && Array.isArray(md.versions),
    );
    await this.tables.guard.requirePlaced(ctx, metadata, 'view');
    await this.tables.guard.requireNoOverlap(ctx, metadata.location);
    const now = new Date(this.now()).toISOString();
    try {
      await this.store.createTable({ ...ident, kind: 'view', metadataLocation, createdAt: now, updatedAt: now });
    } catch (e) {
      if (e instanceof StoreError && e.code === 'already-exists') throw alreadyExists(`View already exists: ${qualifiedName(namespace, name)}`);
      throw e;
    }
    return { metadataLocation, metadata };
  }
}
