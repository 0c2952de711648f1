// Troubleshooter step "Stored locations": rows saved before the location policy (or by
// hand) that it would refuse now. The warehouse itself (may it reach the data dir?) and
// every table and view of its catalogs (pointer and metadata location inside the
// warehouse?). Such entries are refused on load; this step names them and the way out.
import type { TroubleshootStep } from '../../shared/api/troubleshoot.js';
import { storedWarehouseProblem } from '../admin/warehouse-locations.js';
import { isWithin, tryCanonical, type CanonicalLocation } from '../storage/locations.js';
import type { ObjectStore } from '../storage/types.js';
import type { CatalogStore, Warehouse } from '../stores/types.js';
import { walkNamespaces } from '../stores/walk-entries.js';

/** Entries read at most (a bigger catalog is reported as checked in part). */
const MAX_ENTRIES = 2000;

export async function storedLocationsStep(deps: { store: CatalogStore; dataDir: string; storage: () => Promise<ObjectStore> }, w: Warehouse): Promise<TroubleshootStep> {
  const title = 'Stored locations';
  const whProblem = await storedWarehouseProblem(w.location, deps.dataDir);
  if (whProblem) {
    return { id: 'locations', title, status: 'fail', message: `The warehouse location ${w.location} cannot be used: ${whProblem}; its catalogs are not opened`, fix: `Move the warehouse to its own folder (PATCH /api/v1/warehouses/${w.name} with a new location) and move its files there` };
  }
  const opts = { s3Bucket: w.storageConfig['s3.bucket'] };
  const root = tryCanonical(w.location, opts);
  if (!root) return { id: 'locations', title, status: 'fail', message: `The warehouse location ${w.location} is malformed` };
  const inside = (loc: unknown): boolean => {
    const c: CanonicalLocation | undefined = typeof loc === 'string' ? tryCanonical(loc, opts) : undefined;
    return c !== undefined && isWithin(c, root);
  };
  const bad: string[] = [];
  let checked = 0;
  const storage = await deps.storage();
  const catalogs = (await deps.store.listCatalogs(w.tenantId)).items.filter((c) => c.warehouseId === w.id);
  for (const catalog of catalogs) {
    if (catalog.properties.location !== undefined && !inside(catalog.properties.location)) bad.push(`catalog ${catalog.name}: location ${catalog.properties.location}`);
    for await (const { ns, entries } of walkNamespaces(deps.store, catalog.id)) {
      if (checked >= MAX_ENTRIES) break;
      if (ns.properties.location !== undefined && !inside(ns.properties.location)) bad.push(`namespace ${catalog.name}.${ns.namespace.join('.')}: location ${ns.properties.location}`);
      for (const t of entries) {
        checked++;
        const name = `${t.kind} ${catalog.name}.${[...t.namespace, t.name].join('.')}`;
        if (!inside(t.metadataLocation)) {
          bad.push(`${name}: metadata file ${t.metadataLocation}`);
          continue;
        }
        const location = await metadataLocationOf(storage, t.metadataLocation);
        if (location !== undefined && !inside(location)) bad.push(`${name}: location ${location}`);
      }
    }
  }
  const part = checked >= MAX_ENTRIES ? ` (the first ${MAX_ENTRIES} entries)` : '';
  if (bad.length === 0) return { id: 'locations', title, status: 'pass', message: `${checked} tables and views${part} lie inside the warehouse ${w.location}` };
  return {
    id: 'locations',
    title,
    status: 'fail',
    message: `${bad.length} entr${bad.length === 1 ? 'y points' : 'ies point'} outside the warehouse ${w.location} and ${bad.length === 1 ? 'is' : 'are'} refused on load: ${bad.slice(0, 20).join('; ')}${bad.length > 20 ? '; …' : ''}`,
    fix: 'Drop such a table or view without purge (its files stay where they are), copy its files into the warehouse and register the metadata file from there; remove a namespace or catalog location property that points outside',
  };
}

async function metadataLocationOf(storage: ObjectStore, metadataLocation: string): Promise<string | undefined> {
  try {
    const md = JSON.parse((await storage.read(metadataLocation)).toString('utf8')) as { location?: unknown };
    return typeof md.location === 'string' ? md.location : undefined;
  } catch {
    return undefined; // unreadable metadata is the load's own error, not a location problem
  }
}
