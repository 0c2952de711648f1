// drop with purgeRequested=true: deletes exactly the files the table's metadata references
// (see purge-references.ts), one by one, never a folder: a table renamed keeps its
// location, and a new table under the old name gets the same default location, so the
// folder holds another table's files. Anything outside `allowed` is left and reported.
import { checkInside } from '../../inspect/locations.js';
import type { ObjectStore } from '../../storage/types.js';
import type { TableMetadata } from '../metadata/types.js';
import { mapBounded } from './bounded.js';
import { FILE_KINDS, collectReferences } from './purge-references.js';
import { emptyPurgeReport, type PurgeReport } from './purge-report.js';

/** Files read and deleted at once. */
export const PURGE_CONCURRENCY = 16;

export type LocationAllowed = (location: string) => boolean;

// Java's Hadoop paths spell local files file:/abs/path; the checks expect file:///abs/path.
const fileUri = (loc: string): string => loc.replace(/^file:\/(?!\/)/i, 'file:///');

/**
 * Stand-in for the location policy: inside `base` (the warehouse location); bare paths,
 * file: URIs and s3a/s3n aliases compared alike, no ".." escapes.
 */
export function insideLocation(base: string): LocationAllowed {
  const root = fileUri(base);
  return (location) => {
    try {
      checkInside(fileUri(location), root);
      return true;
    } catch {
      return false;
    }
  };
}

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
