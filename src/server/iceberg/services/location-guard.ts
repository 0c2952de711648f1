// The location policy for what lives in a catalog: every table, view and namespace
// location a client names (and a table's metadata and data paths) must lie inside the
// catalog's warehouse, local folders judged by where they really are (symlinks
// resolved), and a client-chosen table or view location may not overlap another live one.
// Stored pointers are checked again on every load, so a row written before these checks
// (or by hand) is refused instead of trusted. Comparisons live in storage/locations.ts.
import { StorageError } from '../../storage/types.js';
import { realPathInside } from '../../storage/local-real-path.js';
import { LocationError, canonicalLocation, isWithin, localPathOf, overlaps, tryCanonical, type CanonicalLocation } from '../../storage/locations.js';
import type { CatalogStore, TableKind, Warehouse } from '../../stores/types.js';
import { walkNamespaces } from '../../stores/walk-entries.js';
import type { CatalogContext } from '../catalog-context.js';
import { badRequest, forbidden } from '../errors.js';
import type { MetadataFiles } from './metadata-files.js';
import { qualifiedName } from './lookup.js';

/** Table properties that place files somewhere else than `<location>/data` and `<location>/metadata`. */
export const PATH_PROPERTIES = ['write.metadata.path', 'write.data.path', 'write.object-storage.path', 'write.folder-storage.path'] as const;

export interface Placed {
  location: string;
  properties?: Record<string, string>;
}

const CACHE_MAX = 10_000;

export class LocationGuard {
  /** warehouse id + location → canonical root (pure part). */
  private readonly roots = new Map<string, CanonicalLocation>();
  /** Stored locations already found inside their warehouse (they never change: metadata files are immutable). */
  private readonly storedOk = new Set<string>();

  constructor(private readonly deps: { store: CatalogStore; files: MetadataFiles }) {}

  /** The warehouse location in canonical form (no symlink resolution). */
  root(w: Warehouse): CanonicalLocation {
    const key = `${w.id}\u0000${w.location}`;
    let root = this.roots.get(key);
    if (root === undefined) {
      root = canonicalLocation(w.location, optionsOf(w));
      if (this.roots.size >= CACHE_MAX) this.roots.clear();
      this.roots.set(key, root);
    }
    return root;
  }

  /** Throws 403 unless `location` lies inside the catalog's warehouse (local folders by their real path). */
  requireInside(ctx: CatalogContext, location: string, what: string): Promise<CanonicalLocation> {
    return requireInsideWarehouse(ctx.warehouse, location, what);
  }

  /** A table's (or view's) location and every path property inside the warehouse. */
  async requirePlaced(ctx: CatalogContext, placed: Placed, kind: TableKind): Promise<void> {
    await this.requireInside(ctx, placed.location, `${kind} location`);
    for (const key of PATH_PROPERTIES) {
      const v = placed.properties?.[key];
      if (v !== undefined && v !== '') await this.requireInside(ctx, v, `property ${key} =`);
    }
  }

  /**
   * Refuses a client-chosen location that contains, or lies inside, the location of
   * another live table or view of a catalog on the same warehouse. `self` is the entry
   * being changed (its own location may move inside itself).
   */
  async requireNoOverlap(ctx: CatalogContext, location: string, self?: { namespace: string[]; name: string; kind: TableKind }): Promise<void> {
    const mine = canonicalFor(ctx.warehouse, location, 'location');
    for await (const other of this.liveEntries(ctx)) {
      if (self && other.kind === self.kind && other.name === self.name && sameNs(other.namespace, self.namespace) && other.catalogId === ctx.catalog.id) continue;
      const theirs = await this.locationOf(ctx, other.metadataLocation);
      if (theirs !== undefined && overlaps(mine, theirs)) {
        throw badRequest(`The location ${location} overlaps the ${other.kind} ${qualifiedName(other.namespace, other.name)} (at ${theirs.uri}): two tables or views cannot share files; choose another folder`);
      }
    }
  }

  /** A default location that no file occupies yet: `<preferred>`, else `<preferred>-<suffix>` (a renamed table may still live there). */
  async freeDefaultLocation(ctx: CatalogContext, preferred: string, suffix: string): Promise<string> {
    try {
      const listed = await ctx.storage.list(`${preferred.replace(/\/+$/, '')}/`, { pageSize: 1 });
      if (listed.objects.length === 0 && listed.prefixes.length === 0) return preferred;
    } catch (e) {
      if (!(e instanceof StorageError && e.code === 'not-found')) throw e;
      return preferred;
    }
    return `${preferred.replace(/\/+$/, '')}-${suffix}`;
  }

  /**
   * For loads: the stored pointer (and the metadata's location, when known) must lie
   * inside the warehouse; a row that does not is refused, never followed. No I/O.
   */
  checkStored(ctx: CatalogContext, kind: TableKind, ident: { namespace: string[]; name: string }, metadataLocation: string, tableLocation?: string): void {
    const key = `${ctx.warehouse.id}\u0000${metadataLocation}\u0000${tableLocation ?? ''}`;
    if (this.storedOk.has(key)) return;
    for (const [loc, what] of [[metadataLocation, 'metadata file'], [tableLocation, 'location']] as const) {
      if (loc === undefined) continue;
      const c = tryCanonical(loc, optionsOf(ctx.warehouse));
      if (c === undefined || !isWithin(c, this.root(ctx.warehouse))) {
        throw forbidden(
          `The ${kind} ${qualifiedName(ident.namespace, ident.name)} is stored with a ${what} outside its warehouse (${loc}; warehouse ${ctx.warehouse.location}), so it is not opened. ` +
            `It was saved before locations were checked: run \`npm run doctor\` to list such entries, then drop it (without purge) or register its metadata again inside the warehouse`,
        );
      }
    }
    if (this.storedOk.size >= CACHE_MAX) this.storedOk.clear();
    this.storedOk.add(key);
  }

  /** Every live table and view of every catalog of this tenant that uses the same warehouse. */
  private async *liveEntries(ctx: CatalogContext) {
    const catalogs = (await this.deps.store.listCatalogs(ctx.catalog.tenantId)).items.filter((c) => c.warehouseId === ctx.warehouse.id);
    for (const catalog of catalogs) for await (const { entries } of walkNamespaces(this.deps.store, catalog.id)) yield* entries;
  }

  private async locationOf(ctx: CatalogContext, metadataLocation: string): Promise<CanonicalLocation | undefined> {
    try {
      const md = await this.deps.files.read<{ location?: unknown }>(ctx.storage, metadataLocation);
      return typeof md.location === 'string' ? canonicalLocation(md.location, optionsOf(ctx.warehouse)) : undefined;
    } catch {
      return undefined; // an unreadable or odd entry cannot be compared; its load reports it
    }
  }
}

/** How locations of warehouse `w` are read: its `s3.bucket` wins over a location's bucket. */
const optionsOf = (w: Warehouse) => ({ s3Bucket: w.storageConfig['s3.bucket'] });

function canonicalFor(w: Warehouse, location: string, what: string): CanonicalLocation {
  try {
    return canonicalLocation(location, optionsOf(w));
  } catch (e) {
    if (e instanceof LocationError) throw badRequest(`The ${what} ${JSON.stringify(location)} cannot be used: ${e.reason}`);
    throw e;
  }
}

/** Throws 400 (malformed) or 403 (outside) unless `location` lies inside warehouse `w`, local folders judged by their real path. */
export async function requireInsideWarehouse(w: Warehouse, location: string, what: string): Promise<CanonicalLocation> {
  const c = canonicalFor(w, location, what);
  const root = canonicalLocation(w.location, optionsOf(w));
  if (!isWithin(c, root)) {
    throw forbidden(`The ${what} ${location} is outside the warehouse ${w.location}: tables, views and their files must lie inside their catalog's warehouse`);
  }
  if (c.scheme === 'file' && !realPathInside(localPathOf(c), localPathOf(root))) {
    throw forbidden(`The ${what} ${location} leads outside the warehouse ${w.location} through a symbolic link`);
  }
  return c;
}

const sameNs = (a: string[], b: string[]): boolean => a.length === b.length && a.every((s, i) => s === b[i]);
