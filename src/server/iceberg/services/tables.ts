// Table operations of the Iceberg REST API. The commit path (the heart of the catalog):
// read pointer → read metadata → check requirements → apply updates (pure) → write the
// new metadata file → compare-and-swap the pointer. A lost swap re-reads and re-checks,
// so concurrent writers never lose an update, and a pointer only ever names a file that
// was completely written.
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../logger.js';
import { StoreError, type CatalogStore, type MetadataSwap, type PageRequest, type TableIdent } from '../../stores/types.js';
import type { CatalogContext } from '../catalog-context.js';
import { alreadyExists, commitFailed, noSuchNamespace, noSuchTable, notImplemented } from '../errors.js';
import {
  applyUpdates,
  checkRequirements,
  emptyTableMetadata,
  finalizeCommit,
  metadataFileLocation,
  newTableMetadata,
  nextMetadataFileName,
} from '../metadata/index.js';
import type { TableMetadata, TableRequirement, TableUpdate } from '../metadata/types.js';
import type { CommitTableRequest, CreateTableRequest, RegisterTableRequest } from '../schemas/requests.js';
import { MetadataFiles } from './metadata-files.js';
import { nsName } from './namespaces.js';
import { identOf, insertEntry, listIdentifiers, qualifiedName, renameEntry, requireNamespace } from './lookup.js';
import { requireNewName } from './new-names.js';
import { defaultTableLocation, etagFor } from './table-location.js';
import { purgeTableFiles, unreadablePurge } from './purge.js';
import { purgeComplete, purgeCounts, purgeDetail, type PurgeReport } from './purge-report.js';
import { LocationGuard, PATH_PROPERTIES } from './location-guard.js';
import { validateCommitShape } from './commit-shape.js';

const MAX_COMMIT_ATTEMPTS = 8;

export interface LoadedTable {
  metadataLocation: string | null;
  metadata: TableMetadata;
  etag?: string;
}

export type SnapshotsMode = 'all' | 'refs';


interface PreparedCommit {
  ident: TableIdent;
  /** Pointer read; undefined when the commit creates the table. */
  expected: string | undefined;
  base: TableMetadata | undefined;
  next: TableMetadata;
  nextLocation: string;
  evicted: string[];
  deleteEvicted: boolean;
}

export class TableService {
  /**
   * Commits to one table run one at a time in this process. The store's compare-and-swap
   * stays the authority (other processes, and the retry below); the queue only stops
   * concurrent writers of a hot table from all writing a metadata file (with fsyncs) for
   * the same base when at most one of them can win: a queued commit prepares against the
   * pointer its predecessor left, so a stale requirement fails fast with 409.
   */
  private readonly commitLock = new KeyedLock();
  private readonly etags = new Map<string, string>();
  /** Per table: the last commit this process made (location, metadata) and when (commitSeq). */
  private readonly lastCommitted = new Map<string, { seq: number; location: string; metadata: TableMetadata }>();
  private commitSeq = 0;
  /**
   * Per table: a pointer swap of this process in flight (settles, never rejects). A load
   * that arrives meanwhile waits for it (a few ms at most, one store round trip) and then
   * reads the store: it answers with the state the commit is making, not the one it is
   * replacing. Both answers are correct for a load concurrent with a commit, but the old
   * one is certain to make its client's next commit fail: with a store reached over the
   * network (PostgreSQL, MongoDB) the swap's round trip left the event loop free to serve
   * such loads, and every writer of a hot table paid an extra 409 and reload for it.
   */
  private readonly swapsInFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly store: CatalogStore,
    private readonly files: MetadataFiles,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    readonly guard: LocationGuard = new LocationGuard({ store, files }),
  ) {}

  list(ctx: CatalogContext, namespace: string[], page: PageRequest) {
    return listIdentifiers(this.store, ctx, namespace, 'table', page);
  }

  async create(ctx: CatalogContext, namespace: string[], req: CreateTableRequest): Promise<LoadedTable> {
    const ns = await requireNamespace(this.store, ctx, namespace);
    const ident = identOf(ctx, namespace, req.name);
    await this.assertNameFree(ident);
    const location = await this.placeNew(ctx, namespace, ns.properties, req.name, req.location ?? undefined, 'table');
    await this.guard.requirePlaced(ctx, { location, properties: req.properties ?? {} }, 'table');
    const metadata = newTableMetadata({
      schema: req.schema,
      partitionSpec: req['partition-spec'] ?? undefined,
      writeOrder: req['write-order'] ?? undefined,
      location,
      properties: req.properties ?? {},
      uuid: randomUUID(),
      nowMs: this.now(),
    });
    // A staged create claims nothing: the table appears when its commit (assert-create) lands.
    if (req['stage-create']) return { metadataLocation: null, metadata };
    const metadataLocation = metadataFileLocation(location, nextMetadataFileName(undefined, randomUUID()), metadata.properties);
    await this.files.write(ctx.storage, metadataLocation, metadata);
    await insertEntry(this.store, this.files, ctx, ident, 'table', metadataLocation, this.now());
    return { metadataLocation, metadata, etag: etagFor(metadataLocation, 'all') };
  }

  /**
   * Where a new table or view goes: the client's location (inside the warehouse, sharing
   * no live table's folder), else the default one, made unique when files already occupy
   * it (a renamed table keeps its folder; a table dropped without purge leaves its files).
   */
  async placeNew(ctx: CatalogContext, namespace: string[], nsProperties: Record<string, string>, name: string, requested: string | undefined, kind: 'table' | 'view'): Promise<string> {
    if (requested !== undefined) {
      const location = requested.replace(/\/+$/, '');
      await this.guard.requireInside(ctx, location, `${kind} location`);
      await this.guard.requireNoOverlap(ctx, location);
      return location;
    }
    const preferred = defaultTableLocation(ctx, namespace, nsProperties, name);
    await this.guard.requireInside(ctx, preferred, `default ${kind} location (from the namespace's location property)`);
    return this.guard.freeDefaultLocation(ctx, preferred, randomUUID().replace(/-/g, '').slice(0, 12));
  }

  /** A commit may not move a table, or its metadata and data paths, out of the warehouse or onto another table. */
  private async checkPlacement(ctx: CatalogContext, p: PreparedCommit): Promise<void> {
    const moved = p.base === undefined || p.base.location !== p.next.location;
    const pathsChanged = p.base === undefined || PATH_PROPERTIES.some((k) => p.base!.properties?.[k] !== p.next.properties?.[k]);
    if (moved || pathsChanged) await this.guard.requirePlaced(ctx, p.next, 'table');
    if (moved) await this.guard.requireNoOverlap(ctx, p.next.location, { namespace: p.ident.namespace, name: p.ident.name, kind: 'table' });
  }

  private async assertNameFree(ident: TableIdent): Promise<void> {
    if (await this.store.getTable(ident, 'table')) throw alreadyExists(`Table already exists: ${qualifiedName(ident.namespace, ident.name)}`);
    if (await this.store.getTable(ident, 'view')) throw alreadyExists(`View with same name already exists: ${qualifiedName(ident.namespace, ident.name)}`);
  }

  private async readCurrent(ctx: CatalogContext, ident: TableIdent, verifyExists: boolean) {
    const entry = await this.store.getTable(ident, 'table');
    if (!entry) throw noSuchTable(`Table does not exist: ${qualifiedName(ident.namespace, ident.name)}`);
    const metadata = await this.readStored(ctx, ident, entry.metadataLocation, { verifyExists });
    return { entry, metadata };
  }

  /** A stored pointer's metadata, read only if the pointer and the table's location lie inside the warehouse. */
  async readStored(ctx: CatalogContext, ident: { namespace: string[]; name: string }, metadataLocation: string, opts: { verifyExists?: boolean } = {}): Promise<TableMetadata> {
    this.guard.checkStored(ctx, 'table', ident, metadataLocation);
    const metadata = await this.files.read<TableMetadata>(ctx.storage, metadataLocation, opts);
    this.guard.checkStored(ctx, 'table', ident, metadataLocation, metadata.location);
    return metadata;
  }

  async load(ctx: CatalogContext, namespace: string[], name: string, mode: SnapshotsMode): Promise<LoadedTable & { etag: string }> {
    const ident = identOf(ctx, namespace, name);
    const swap = this.swapsInFlight.get(lockKey(ident));
    if (swap !== undefined) await swap;
    const { entry, metadata } = await this.readCurrent(ctx, ident, true);
    return { metadataLocation: entry.metadataLocation, metadata: mode === 'refs' ? onlyReferencedSnapshots(metadata) : metadata, etag: this.etag(entry.metadataLocation, mode) };
  }

  /** etagFor (a SHA-256) remembered per location: every load of an unchanged table asks again. */
  private etag(location: string, mode: SnapshotsMode): string {
    const key = `${mode}\u0000${location}`;
    let tag = this.etags.get(key);
    if (tag === undefined) {
      if (this.etags.size >= 10_000) this.etags.clear();
      tag = etagFor(location, mode);
      this.etags.set(key, tag);
    }
    return tag;
  }

  async exists(ctx: CatalogContext, namespace: string[], name: string): Promise<boolean> {
    return (await this.store.getTable(identOf(ctx, namespace, name), 'table')) !== undefined;
  }

  /** Builds the next metadata for one table change against the table's current state. */
  private async prepare(
    ctx: CatalogContext,
    ident: TableIdent,
    requirements: TableRequirement[],
    updates: TableUpdate[],
    hint?: { location: string; metadata: TableMetadata },
  ): Promise<PreparedCommit | 'unchanged'> {
    if (hint !== undefined) {
      // Optimistic: build on the state this process committed last, skipping the store
      // read. Only a real change is kept, and only the compare-and-swap against the hinted
      // location can make it land, so a stale hint costs a retry, never an update. Anything
      // else (a failed requirement, an invalid update, no change) is decided again on the
      // store's state below.
      try {
        const p = this.prepareOn(ident, hint.location, hint.metadata, requirements, updates);
        if (p !== 'unchanged') return p;
      } catch {
        /* decided below */
      }
    }
    const entry = await this.store.getTable(ident, 'table');
    const creating = requirements.some((r) => r.type === 'assert-create');
    if (!entry) {
      if (!creating) throw noSuchTable(`Table does not exist: ${qualifiedName(ident.namespace, ident.name)}`);
      requireNewName('table', ident.name);
      await requireNamespace(this.store, ctx, ident.namespace);
      if (await this.store.getTable(ident, 'view')) throw alreadyExists(`View with same name already exists: ${qualifiedName(ident.namespace, ident.name)}`);
      checkRequirements(undefined, requirements);
      const next = applyUpdates(emptyTableMetadata(), updates, this.now());
      const nextLocation = metadataFileLocation(next.location, nextMetadataFileName(undefined, randomUUID()), next.properties);
      return { ident, expected: undefined, base: undefined, next, nextLocation, evicted: [], deleteEvicted: false };
    }
    const base = await this.readStored(ctx, ident, entry.metadataLocation);
    return this.prepareOn(ident, entry.metadataLocation, base, requirements, updates);
  }

  /** The next metadata for a change to `base`, the table's state at `location`. */
  private prepareOn(ident: TableIdent, location: string, base: TableMetadata, requirements: TableRequirement[], updates: TableUpdate[]): PreparedCommit | 'unchanged' {
    checkRequirements(base, requirements);
    if (updates.length === 0) return 'unchanged';
    const nowMs = this.now();
    const applied = applyUpdates(base, updates, nowMs);
    const done = finalizeCommit(base, applied, { previousMetadataLocation: location, nowMs });
    // Updates that change nothing write no new metadata file (as the Java reference).
    if (done.unchanged) return 'unchanged';
    const nextLocation = metadataFileLocation(done.metadata.location, nextMetadataFileName(location, randomUUID()), done.metadata.properties);
    return { ident, expected: location, base, next: done.metadata, nextLocation, evicted: done.evicted, deleteEvicted: done.deleteAfterCommit };
  }

  async commit(ctx: CatalogContext, namespace: string[], name: string, req: CommitTableRequest): Promise<LoadedTable> {
    const requirements = req.requirements as TableRequirement[];
    const updates = req.updates as TableUpdate[];
    validateCommitShape(requirements, updates);
    const ident = identOf(ctx, namespace, name);
    const key = lockKey(ident);
    const arrived = ++this.commitSeq;
    return this.commitLock.run([key], () => {
      // A commit to this table that succeeded in this process while we waited made a state
      // that was current after this request arrived: requirements that fail against it can
      // be answered 409 at once (as if evaluated at that instant), without a store read;
      // the usual prepare (store pointer, then compare-and-swap) decides everything else.
      const last = this.lastCommitted.get(key);
      if (last !== undefined && last.seq > arrived) checkRequirements(last.metadata, requirements);
      return this.commitLocked(ctx, ident, requirements, updates);
    });
  }

  private async commitLocked(ctx: CatalogContext, ident: TableIdent, requirements: TableRequirement[], updates: TableUpdate[]): Promise<LoadedTable> {
    const { namespace, name } = ident;
    const creating = requirements.some((r) => r.type === 'assert-create');
    for (let attempt = 1; ; attempt++) {
      const hint = attempt === 1 && !creating ? this.lastCommitted.get(lockKey(ident)) : undefined;
      const prepared = await this.prepare(ctx, ident, requirements, updates, hint);
      if (prepared === 'unchanged') {
        const { entry, metadata } = await this.readCurrent(ctx, ident, false);
        return { metadataLocation: entry.metadataLocation, metadata, etag: etagFor(entry.metadataLocation, 'all') };
      }
      await this.checkPlacement(ctx, prepared);
      await this.files.write(ctx.storage, prepared.nextLocation, prepared.next);
      if (prepared.expected === undefined) {
        try {
          await insertEntry(this.store, this.files, ctx, ident, 'table', prepared.nextLocation, this.now());
        } catch (e) {
          if ((e as { type?: string }).type === 'AlreadyExistsException') throw commitFailed(`Requirement failed: table already exists: ${qualifiedName(namespace, name)}`);
          throw e;
        }
        return { metadataLocation: prepared.nextLocation, metadata: prepared.next, etag: etagFor(prepared.nextLocation, 'all') };
      }
      const swapped = await this.swapVisibly([ident], [{ ident, kind: 'table', expected: prepared.expected, next: prepared.nextLocation }]);
      if (swapped) {
        if (this.lastCommitted.size >= 1000) this.lastCommitted.clear();
        this.lastCommitted.set(lockKey(ident), { seq: ++this.commitSeq, location: prepared.nextLocation, metadata: prepared.next });
        await this.cleanUp(ctx, [prepared]);
        return { metadataLocation: prepared.nextLocation, metadata: prepared.next, etag: etagFor(prepared.nextLocation, 'all') };
      }
      await this.files.discard(ctx.storage, prepared.nextLocation);
      if (attempt >= MAX_COMMIT_ATTEMPTS) {
        throw commitFailed(`Commit failed: table ${qualifiedName(namespace, name)} kept changing (${attempt} attempts); retry`);
      }
      this.logger.debug({ table: qualifiedName(namespace, name), attempt }, 'concurrent commit detected; re-checking requirements');
    }
  }

  /** All table changes land atomically, or none does. */
  async commitTransaction(ctx: CatalogContext, changes: { identifier: { namespace: string[]; name: string }; requirements: TableRequirement[]; updates: TableUpdate[] }[]): Promise<void> {
    for (const c of changes) validateCommitShape(c.requirements, c.updates);
    // Never half a transaction: a store that cannot show it all at once does not take one.
    if (changes.length > 1 && !this.store.capabilities().atomicMultiSwap) {
      throw notImplemented(`This server's ${this.store.kind} store cannot make a multi-table commit visible all at once; commit the tables one by one`);
    }
    const seen = new Set<string>();
    for (const c of changes) {
      const key = qualifiedName(c.identifier.namespace, c.identifier.name);
      if (seen.has(key)) throw commitFailed(`Transaction changes table ${key} more than once; merge the changes into one entry`);
      seen.add(key);
      if (c.requirements.some((r) => r.type === 'assert-create')) {
        throw commitFailed(`Creating tables inside a multi-table transaction is not supported (table ${key}); create it first`);
      }
    }
    const keys = changes.map((c) => lockKey(identOf(ctx, c.identifier.namespace, c.identifier.name)));
    await this.commitLock.run(keys, () => this.commitTransactionLocked(ctx, changes));
  }

  private async commitTransactionLocked(ctx: CatalogContext, changes: { identifier: { namespace: string[]; name: string }; requirements: TableRequirement[]; updates: TableUpdate[] }[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const prepared: PreparedCommit[] = [];
      for (const c of changes) {
        const p = await this.prepare(ctx, identOf(ctx, c.identifier.namespace, c.identifier.name), c.requirements, c.updates);
        if (p !== 'unchanged') prepared.push(p);
      }
      if (prepared.length === 0) return;
      for (const p of prepared) await this.checkPlacement(ctx, p);
      const written: string[] = [];
      try {
        for (const p of prepared) {
          await this.files.write(ctx.storage, p.nextLocation, p.next);
          written.push(p.nextLocation);
        }
      } catch (e) {
        for (const loc of written) await this.files.discard(ctx.storage, loc);
        throw e;
      }
      const swapped = await this.swapVisibly(
        prepared.map((p) => p.ident),
        prepared.map((p) => ({ ident: p.ident, kind: 'table' as const, expected: p.expected as string, next: p.nextLocation })),
      );
      if (swapped) {
        await this.cleanUp(ctx, prepared);
        return;
      }
      for (const loc of written) await this.files.discard(ctx.storage, loc);
      if (attempt >= MAX_COMMIT_ATTEMPTS) throw commitFailed('Transaction failed: tables kept changing; retry');
    }
  }

  /** The store's compare-and-swap, announced to loads of the tables while in flight (see swapsInFlight). */
  private async swapVisibly(idents: TableIdent[], swaps: MetadataSwap[]): Promise<boolean> {
    const swapping = this.store.swapMetadataLocations(swaps);
    const settled = swapping.then(
      () => undefined,
      () => undefined,
    );
    const keys = idents.map(lockKey);
    for (const k of keys) this.swapsInFlight.set(k, settled);
    try {
      return await swapping;
    } finally {
      for (const k of keys) if (this.swapsInFlight.get(k) === settled) this.swapsInFlight.delete(k);
    }
  }

  private async cleanUp(ctx: CatalogContext, prepared: PreparedCommit[]): Promise<void> {
    for (const p of prepared) {
      if (!p.deleteEvicted) continue;
      for (const loc of p.evicted) await this.files.discard(ctx.storage, loc);
    }
  }

  /** Drops the entry; with purge, deletes the files its metadata references and reports what it could not. */
  async drop(ctx: CatalogContext, namespace: string[], name: string, purge: boolean): Promise<PurgeReport | undefined> {
    const ident = identOf(ctx, namespace, name);
    const existing = await this.store.getTable(ident, 'table');
    if (!existing) throw noSuchTable(`Table does not exist: ${qualifiedName(namespace, name)}`);
    const dropped = await this.store.dropTable(ident, 'table');
    if (!dropped) throw noSuchTable(`Table does not exist: ${qualifiedName(namespace, name)}`);
    if (!purge) return undefined;
    // The location policy: only files inside this catalog's warehouse (by their real path) are read or deleted.
    const allowed = (file: string) => this.guard.requireInside(ctx, file, 'file').then(() => true, () => false);
    const location = dropped.metadataLocation; // read after the drop: the file the dropped pointer named
    const inside = await allowed(location);
    let metadata: TableMetadata | undefined;
    let unreadable = 'outside the warehouse';
    if (inside) {
      try {
        metadata = await this.files.read<TableMetadata>(ctx.storage, location);
      } catch (e) {
        unreadable = (e as Error).message;
      }
    }
    const report = metadata ? await purgeTableFiles(ctx.storage, location, metadata, allowed) : unreadablePurge(location, inside, unreadable);
    if (!purgeComplete(report)) this.logger.warn({ table: qualifiedName(namespace, name), ...purgeCounts(report), detail: purgeDetail(report, 3) }, 'purge: some files the table referenced were not deleted');
    return report;
  }

  rename(ctx: CatalogContext, source: { namespace: string[]; name: string }, destination: { namespace: string[]; name: string }): Promise<void> {
    return renameEntry(this.store, ctx, 'table', source, destination);
  }

  async register(ctx: CatalogContext, namespace: string[], req: RegisterTableRequest): Promise<LoadedTable> {
    if (!req.overwrite) requireNewName('table', req.name); // before any I/O; an overwrite may keep an older name
    await requireNamespace(this.store, ctx, namespace);
    const ident = identOf(ctx, namespace, req.name);
    const location = req['metadata-location'];
    await this.guard.requireInside(ctx, location, 'metadata file');
    const metadata = await this.files.readForRegister<TableMetadata>(ctx.storage, location, 'table', isTableMetadataShape);
    await this.guard.requirePlaced(ctx, metadata, 'table');
    const existing = await this.store.getTable(ident, 'table');
    if (existing && !req.overwrite) throw alreadyExists(`Table already exists: ${qualifiedName(namespace, req.name)}`);
    await this.guard.requireNoOverlap(ctx, metadata.location, existing ? { namespace, name: req.name, kind: 'table' } : undefined);
    if (existing) {
      const ok = await this.store.swapMetadataLocations([{ ident, kind: 'table', expected: existing.metadataLocation, next: location }]);
      if (!ok) throw commitFailed(`Table ${qualifiedName(namespace, req.name)} changed while registering; retry`);
    } else {
      if (await this.store.getTable(ident, 'view')) throw alreadyExists(`View with same name already exists: ${qualifiedName(namespace, req.name)}`);
      requireNewName('table', req.name);
      const now = new Date(this.now()).toISOString();
      try {
        await this.store.createTable({ ...ident, kind: 'table', metadataLocation: location, createdAt: now, updatedAt: now });
      } catch (e) {
        if (e instanceof StoreError && e.code === 'already-exists') throw alreadyExists(`Table already exists: ${qualifiedName(namespace, req.name)}`);
        throw e;
      }
    }
    return { metadataLocation: location, metadata, etag: etagFor(location, 'all') };
  }
}

/** Enough of a table metadata file to register it (the rest is validated as it is used). */
function isTableMetadataShape(md: Record<string, unknown>): boolean {
  return [1, 2, 3].includes(Number(md['format-version'])) && typeof md['table-uuid'] === 'string' && typeof md.location === 'string' && (Array.isArray(md.schemas) || typeof md.schema === 'object');
}

/** snapshots=refs: keep only snapshots some branch or tag points at. */
function onlyReferencedSnapshots(m: TableMetadata): TableMetadata {
  const referenced = new Set(Object.values(m.refs ?? {}).map((r) => r['snapshot-id']));
  return { ...m, snapshots: (m.snapshots ?? []).filter((s) => referenced.has(s['snapshot-id'])) };
}

const lockKey = (ident: TableIdent): string => `${ident.catalogId}\u0000${ident.namespace.join('\u001f')}\u0000${ident.name}`;

/** Runs tasks holding the same keys one at a time (FIFO); keys are taken in sorted order, so no deadlock. */
class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(keys: string[], fn: () => Promise<T>): Promise<T> {
    const releases: (() => void)[] = [];
    try {
      for (const key of [...new Set(keys)].sort()) releases.push(await this.acquire(key));
      return await fn();
    } finally {
      for (const release of releases.reverse()) release();
    }
  }

  private async acquire(key: string): Promise<() => void> {
    const previous = this.tails.get(key);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const tail = previous ? previous.then(() => held) : held;
    this.tails.set(key, tail);
    if (previous) await previous;
    return () => {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }
}
