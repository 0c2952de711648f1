// What a purge did, in the shapes it is reported in: the drop response's
// X-Pangolin-Purge header, the audit event's detail and the warning log. Locations only,
// never storage settings or keys.

export interface PurgeProblem {
  location: string;
  message: string;
}

export interface PurgeReport {
  /** Referenced files deleted now. */
  deleted: number;
  /** Referenced but already gone. */
  missing: string[];
  /** Referenced but outside what the catalog may delete: left alone. */
  refused: string[];
  /** Deletes that failed. */
  failed: PurgeProblem[];
  /** Metadata, manifest lists or manifests that could not be read: the files they name are unknown and stay. */
  unreadable: PurgeProblem[];
}

export const PURGE_HEADER = 'X-Pangolin-Purge';

export const emptyPurgeReport = (): PurgeReport => ({ deleted: 0, missing: [], refused: [], failed: [], unreadable: [] });

export function purgeCounts(r: PurgeReport): Record<'deleted' | 'missing' | 'refused' | 'failed' | 'unreadable', number> {
  return { deleted: r.deleted, missing: r.missing.length, refused: r.refused.length, failed: r.failed.length, unreadable: r.unreadable.length };
}

/** Everything the metadata named is gone (deleted now or before) and all of it could be read. */
export const purgeComplete = (r: PurgeReport): boolean => r.refused.length === 0 && r.failed.length === 0 && r.unreadable.length === 0 && r.missing.length === 0;

/** `deleted=12; missing=1; refused=0; failed=0; unreadable=0` */
export function purgeHeader(r: PurgeReport): string {
  return Object.entries(purgeCounts(r))
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
}

const MAX_MESSAGE = 200;
const short = (s: string): string => (s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE)}…` : s);

/** The counts, then the first `n` locations of each kind of problem (with the error of a failed delete or read). */
export function purgeDetail(r: PurgeReport, n = 10): string {
  const parts = [purgeHeader(r)];
  const list = (name: string, items: string[]) => {
    if (items.length === 0) return;
    const more = items.length > n ? ` (+${items.length - n} more)` : '';
    parts.push(`${name}: ${items.slice(0, n).join(', ')}${more}`);
  };
  list('unreadable', r.unreadable.map((p) => `${p.location} (${short(p.message)})`));
  list('failed', r.failed.map((p) => `${p.location} (${short(p.message)})`));
  list('refused', r.refused);
  list('missing', r.missing);
  return parts.join('; ');
}
