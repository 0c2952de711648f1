// Parts of table metadata the typed API schema leaves loose (sort orders, logs, refs by
// snapshot), read defensively for the inspector. Pure.
import type { Int64, TableMetadata } from '../../../shared/api/catalog.js';
import { compareInt64, formatInt64 } from './json.js';

export interface SortField {
  'source-id': number;
  transform: string;
  direction: string;
  'null-order': string;
}
export interface SortOrder {
  'order-id': number;
  fields: SortField[];
}
export interface MetadataLogEntry {
  'metadata-file': string;
  'timestamp-ms': Int64;
}

const arr = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

export function sortOrders(m: TableMetadata): SortOrder[] {
  return arr<SortOrder>((m as Record<string, unknown>)['sort-orders']);
}

export function defaultSortOrderId(m: TableMetadata): number | undefined {
  const v = (m as Record<string, unknown>)['default-sort-order-id'];
  return typeof v === 'number' ? v : undefined;
}

/** Previous metadata files, newest first. */
export function metadataLog(m: TableMetadata): MetadataLogEntry[] {
  return arr<MetadataLogEntry>((m as Record<string, unknown>)['metadata-log']).sort((a, b) => compareInt64(b['timestamp-ms'], a['timestamp-ms']));
}

/** Branch and tag names per snapshot id (exact digits). */
export function refsBySnapshot(m: TableMetadata): Map<string, { name: string; type: string }[]> {
  const out = new Map<string, { name: string; type: string }[]>();
  for (const [name, ref] of Object.entries(m.refs ?? {})) {
    const id = formatInt64(ref['snapshot-id']);
    out.set(id, [...(out.get(id) ?? []), { name, type: ref.type }]);
  }
  return out;
}

/** Snapshot summary numbers people look for first, in a fixed order. */
export const SUMMARY_HIGHLIGHTS: [key: string, label: string][] = [
  ['added-data-files', 'files added'],
  ['deleted-data-files', 'files deleted'],
  ['added-records', 'records added'],
  ['deleted-records', 'records deleted'],
  ['added-delete-files', 'delete files added'],
  ['added-files-size', 'bytes added'],
  ['total-records', 'total records'],
  ['total-data-files', 'total files'],
];
