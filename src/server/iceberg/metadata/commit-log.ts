// Metadata-log maintenance and metadata file naming for a commit (Java
// TableMetadata.Builder.addPreviousFile, BaseMetastoreTableOperations naming,
// CatalogUtil.deleteRemovedMetadataFiles). Pure: the caller writes / deletes files.
import type { Int64 } from '../json.js';
import type { MetadataLogEntry, TableMetadata } from './types.js';
import { parseBooleanProperty, parseIntProperty } from './util.js';

export const METADATA_PREVIOUS_VERSIONS_MAX = 'write.metadata.previous-versions-max';
export const METADATA_PREVIOUS_VERSIONS_MAX_DEFAULT = 100;
export const METADATA_DELETE_AFTER_COMMIT_ENABLED = 'write.metadata.delete-after-commit.enabled';
export const WRITE_METADATA_LOCATION = 'write.metadata.path';

export interface FinalizeCommitOptions {
  /** metadata file of `base`; undefined for a create (nothing to log) */
  previousMetadataLocation?: string;
  /** accepted for symmetry with the other entry points; timestamps come from `base` */
  nowMs?: Int64;
}

export interface FinalizedCommit {
  metadata: TableMetadata;
  /** metadata files dropped from the log by this commit */
  evicted: string[];
  /** `write.metadata.delete-after-commit.enabled`: whether the caller should delete `evicted` */
  deleteAfterCommit: boolean;
  /** applyUpdates returned `base` itself: Java skips the commit (no new metadata file) */
  unchanged: boolean;
}

/**
 * Appends `{metadata-file: previous, timestamp-ms: base.last-updated-ms}` to the new
 * metadata's log and trims it to `write.metadata.previous-versions-max` (at least 1),
 * oldest first. Returns a new object; neither input is mutated.
 */
export function finalizeCommit(base: TableMetadata | undefined, next: TableMetadata, opts: FinalizeCommitOptions = {}): FinalizedCommit {
  const props = next.properties ?? {};
  const deleteAfterCommit = parseBooleanProperty(props, METADATA_DELETE_AFTER_COMMIT_ENABLED, false);
  const unchanged = base !== undefined && next === base;
  const log: MetadataLogEntry[] = [...(next['metadata-log'] ?? [])];
  if (base === undefined || opts.previousMetadataLocation === undefined || unchanged) {
    return { metadata: unchanged ? base : { ...next, 'metadata-log': log }, evicted: [], deleteAfterCommit, unchanged };
  }
  const max = Math.max(1, parseIntProperty(props, METADATA_PREVIOUS_VERSIONS_MAX, METADATA_PREVIOUS_VERSIONS_MAX_DEFAULT));
  const evicted: string[] = [];
  // keep max - 1 old entries so the log holds at most `max` after appending
  while (log.length >= max) evicted.push(log.shift()!['metadata-file']);
  log.push({ 'timestamp-ms': base['last-updated-ms'], 'metadata-file': opts.previousMetadataLocation });
  return { metadata: { ...next, 'metadata-log': log }, evicted, deleteAfterCommit, unchanged };
}

/** Version number in a `<version>-<uuid>.metadata.json` file name; -1 when unparseable. */
export function parseMetadataVersion(location: string): number {
  const start = location.lastIndexOf('/') + 1;
  const end = location.indexOf('-', start);
  if (end < 0) return -1;
  const digits = location.slice(start, end);
  if (!/^\d+$/.test(digits)) return -1;
  const n = Number.parseInt(digits, 10);
  return Number.isSafeInteger(n) ? n : -1;
}

/** `00000-<uuid>.metadata.json`, or the previous file's version + 1 (5-digit zero padded). */
export function nextMetadataFileName(previousLocation: string | undefined, uuid: string): string {
  const version = previousLocation === undefined ? 0 : parseMetadataVersion(previousLocation) + 1;
  return `${String(version).padStart(5, '0')}-${uuid}.metadata.json`;
}

/**
 * `<table>/metadata/<file>`, or `<write.metadata.path>/<file>` when that property is set;
 * trailing slashes are trimmed so there are never double slashes.
 */
export function metadataFileLocation(tableLocation: string, fileName: string, properties: Record<string, string> = {}): string {
  const trim = (s: string) => s.replace(/\/+$/, '');
  const custom = properties[WRITE_METADATA_LOCATION];
  const dir = custom ? trim(custom) : `${trim(tableLocation)}/metadata`;
  return `${dir}/${fileName.replace(/^\/+/, '')}`;
}
