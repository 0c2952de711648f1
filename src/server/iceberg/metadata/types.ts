// TableMetadata as written to <location>/metadata/*.metadata.json (Iceberg table spec,
// format versions 1..3). Field names are the JSON names so a parsed file is usable as is.
// int64 fields use Int64 (see ../json.ts for the number/bigint invariant).
import type { StructType } from '../../../shared/iceberg-types.js';
import type { Int64 } from '../json.js';

export type { IcebergType, ListType, MapType, NestedField, StructType } from '../../../shared/iceberg-types.js';

export interface Schema extends StructType {
  'schema-id': number;
  'identifier-field-ids'?: number[];
}

export interface PartitionField {
  'source-id': number;
  'source-ids'?: number[];
  'field-id': number;
  name: string;
  transform: string;
}

export interface PartitionSpec {
  'spec-id': number;
  fields: PartitionField[];
}

export interface SortField {
  'source-id': number;
  'source-ids'?: number[];
  transform: string;
  direction: 'asc' | 'desc';
  'null-order': 'nulls-first' | 'nulls-last';
}

export interface SortOrder {
  'order-id': number;
  fields: SortField[];
}

export interface Snapshot {
  'snapshot-id': Int64;
  'parent-snapshot-id'?: Int64 | null;
  'sequence-number'?: Int64;
  'timestamp-ms': Int64;
  'manifest-list'?: string;
  manifests?: string[]; // v1 only
  summary: { operation: string; [key: string]: string };
  'schema-id'?: number;
  'first-row-id'?: Int64; // v3
  'added-rows'?: Int64; // v3
  'key-id'?: string; // v3 encryption
}

export interface SnapshotRef {
  'snapshot-id': Int64;
  type: 'branch' | 'tag';
  'max-ref-age-ms'?: Int64;
  'max-snapshot-age-ms'?: Int64;
  'min-snapshots-to-keep'?: number;
}

export interface SnapshotLogEntry {
  'snapshot-id': Int64;
  'timestamp-ms': Int64;
}

export interface MetadataLogEntry {
  'metadata-file': string;
  'timestamp-ms': Int64;
}

export interface StatisticsFile {
  'snapshot-id': Int64;
  'statistics-path': string;
  'file-size-in-bytes': Int64;
  'file-footer-size-in-bytes': Int64;
  'key-metadata'?: string;
  'blob-metadata': unknown[];
}

export interface PartitionStatisticsFile {
  'snapshot-id': Int64;
  'statistics-path': string;
  'file-size-in-bytes': Int64;
}

export interface EncryptionKey {
  'key-id': string;
  'encrypted-key-metadata': string;
  'encrypted-by-id'?: string;
  properties?: Record<string, string>;
}

export interface TableMetadata {
  'format-version': 1 | 2 | 3;
  'table-uuid': string;
  location: string;
  'last-sequence-number'?: Int64; // v2+
  'last-updated-ms': Int64;
  'last-column-id': number;
  schema?: Schema; // v1 only (kept in sync with the current schema)
  schemas: Schema[];
  'current-schema-id': number;
  'partition-spec'?: PartitionField[]; // v1 only
  'partition-specs': PartitionSpec[];
  'default-spec-id': number;
  'last-partition-id': number;
  properties: Record<string, string>;
  'current-snapshot-id'?: Int64 | null;
  snapshots: Snapshot[];
  'snapshot-log': SnapshotLogEntry[];
  'metadata-log': MetadataLogEntry[];
  'sort-orders': SortOrder[];
  'default-sort-order-id': number;
  refs: Record<string, SnapshotRef>;
  statistics: StatisticsFile[];
  'partition-statistics': PartitionStatisticsFile[];
  'next-row-id'?: Int64; // v3
  'encryption-keys'?: EncryptionKey[]; // v3
}

/** A TableUpdate as sent in a commit (validated by the zod schemas in ../schemas). */
export type TableUpdate = { action: string } & Record<string, unknown>;
/** A TableRequirement as sent in a commit. */
export type TableRequirement = { type: string } & Record<string, unknown>;

/** View metadata (view spec v1). */
export interface ViewVersion {
  'version-id': number;
  'timestamp-ms': Int64;
  'schema-id': number;
  summary: Record<string, string>;
  representations: { type: 'sql'; sql: string; dialect: string }[];
  'default-catalog'?: string | null;
  'default-namespace': string[];
}

export interface ViewMetadata {
  'view-uuid': string;
  'format-version': 1;
  location: string;
  'current-version-id': number;
  versions: ViewVersion[];
  'version-log': { 'version-id': number; 'timestamp-ms': Int64 }[];
  schemas: Schema[];
  properties: Record<string, string>;
}
