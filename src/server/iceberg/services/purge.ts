// drop with purgeRequested=true: deletes exactly the files the table's metadata references
// (see purge-references.ts), one by one, never a folder: a table's folder may hold other
// files (a renamed table keeps its location; files a client or another table put there).
// Anything the location policy (`allowed`) refuses is neither read nor deleted, only reported.
import type { ObjectStore } from '../../storage/types.js';
import type { TableMetadata } from '../metadata/types.js';
import { mapBounded } from './bounded.js';
import { FILE_KINDS, collectReferences, type LocationAllowed } from './purge-references.js';
import { emptyPurgeReport, type PurgeReport } from './purge-report.js';

export type { LocationAllowed };

/** Files read and deleted at once. */
export const PURGE_CONCURRENCY = 16;

export async function purgeTableFiles(storage: ObjectStore, metadataLocation: string, m: TableMetadata, allowed: LocationAllowed, concurrency = PURGE_CONCURRENCY): Promise<PurgeReport> {
  const refs = await collectReferences(storage, metadataLocation, m, allowed, concurrency);
  const report = emptyPurgeReport();
  report.refused = [...refs.refused];
  report.unreadable = refs.unreadable;
  // Leaves first, the metadata files last: until the end, what is left still names the rest.
  for (const kind of FILE_KINDS) {
    await mapBounded([...refs.files[kind]], concurrency, async (location) => {
      try {
        if (await storage.delete(location)) report.deleted++;
        else report.missing.push(location);
      } catch (e) {
        report.failed.push({ location, message: (e as Error).message });
      }
    });
  }
  report.missing.sort();
  report.refused.sort();
  report.failed.sort((a, b) => a.location.localeCompare(b.location));
  report.unreadable.sort((a, b) => a.location.localeCompare(b.location));
  return report;
}

/** The current metadata could not be read (or may not be): nothing is known, so nothing is deleted. */
export function unreadablePurge(metadataLocation: string, allowed: boolean, message: string): PurgeReport {
  const report = emptyPurgeReport();
  if (allowed) report.unreadable.push({ location: metadataLocation, message });
  else report.refused.push(metadataLocation);
  return report;
}
