// /api/v1 bucket browser and table inspector: query parameters (validated by the server)
// and responses (checked by the renderer). snake_case like the rest of /api/v1. int64
// values (snapshot ids, sequence numbers, sizes, counts) are `number` when safe and
// `bigint` above 2^53: parse the JSON losslessly.
import { z } from 'zod';
import { int64 } from './catalog.js';

// ---- query parameters (server side) ----

const pageSize = z
  .string()
  .regex(/^\d+$/, 'must be a whole number')
  .transform(Number)
  .pipe(z.number().int().min(1).max(1000));
const limit = (max: number) => z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(1).max(max));
const flag = z.enum(['1', 'true', '0', 'false', '']).transform((v) => v === '1' || v === 'true');

export const listObjectsQuery = z.object({
  prefix: z.string().max(4096).default(''),
  page_token: z.string().max(4096).optional(),
  page_size: pageSize.optional(),
});

export const objectQuery = z.object({
  key: z.string().min(1, 'key is required').max(4096),
  download: flag.optional(),
});

/** Preview limits: records/rows shown (Avro, Parquet). */
export const PREVIEW_MAX_RECORDS = 500;
export const previewQuery = z.object({
  key: z.string().min(1, 'key is required').max(4096),
  limit: limit(PREVIEW_MAX_RECORDS).optional(),
});

export const manifestListQuery = z.object({
  /** Decimal digits (int64 stays exact); the current snapshot when absent. */
  snapshot_id: z.string().regex(/^-?\d{1,20}$/, 'must be a snapshot id (digits)').optional(),
});

export const manifestQuery = z.object({
  path: z.string().min(1, 'path is required').max(8192),
  limit: limit(5000).optional(),
  offset: z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).optional(),
});

export const tableFileQuery = z.object({
  path: z.string().min(1, 'path is required').max(8192),
  limit: limit(PREVIEW_MAX_RECORDS).optional(),
});

// ---- responses ----

const displayValue = z.union([z.string(), z.number(), z.bigint(), z.boolean(), z.null()]);
export type DisplayValue = z.infer<typeof displayValue>;

export const objectEntry = z.object({ key: z.string(), name: z.string(), size: z.number(), last_modified: z.string() });
export type ObjectEntry = z.infer<typeof objectEntry>;
export const folderEntry = z.object({ prefix: z.string(), name: z.string() });
export type FolderEntry = z.infer<typeof folderEntry>;

export const listObjectsResponse = z.object({
  warehouse: z.string(),
  /** The warehouse location every key is relative to (ends in '/'). */
  location: z.string(),
  prefix: z.string(),
  folders: z.array(folderEntry),
  objects: z.array(objectEntry),
  next_page_token: z.string().nullable(),
});
export type ListObjectsResponse = z.infer<typeof listObjectsResponse>;

export const previewFormat = z.enum(['json', 'avro', 'parquet', 'text', 'binary']);
export type PreviewFormat = z.infer<typeof previewFormat>;

export const avroPreview = z.object({
  schema: z.unknown(),
  metadata: z.record(z.string(), z.string()),
  codec: z.string(),
  records: z.array(z.unknown()),
  total_records: z.number(),
  /** "manifest-list" or "manifest" when the header says it is an Iceberg metadata file. */
  iceberg_kind: z.enum(['manifest-list', 'manifest']).nullable(),
});
export type AvroPreview = z.infer<typeof avroPreview>;

export const parquetColumnChunk = z.object({
  path: z.string(),
  codec: z.string(),
  num_values: int64,
  compressed_size: int64,
  uncompressed_size: int64,
  null_count: int64.nullable(),
  min: z.unknown(),
  max: z.unknown(),
});
export const parquetPreview = z.object({
  num_rows: int64,
  created_by: z.string().nullable(),
  key_value_metadata: z.record(z.string(), z.string()),
  schema: z.array(
    z.object({
      path: z.string(),
      depth: z.number(),
      type: z.string(),
      logical_type: z.string().nullable(),
      repetition: z.string().nullable(),
      field_id: z.number().nullable(),
    }),
  ),
  row_groups: z.array(z.object({ num_rows: int64, total_byte_size: int64, columns: z.array(parquetColumnChunk) })),
  columns: z.array(z.string()),
  rows: z.array(z.record(z.string(), z.unknown())),
  /** Why rows could not be read (e.g. an unsupported compression codec); the metadata is still shown. */
  rows_error: z.string().nullable(),
});
export type ParquetPreview = z.infer<typeof parquetPreview>;

export const filePreview = z.object({
  /** The key (bucket browser) or full path (table inspector). */
  key: z.string(),
  name: z.string(),
  size: z.number(),
  last_modified: z.string().nullable(),
  content_type: z.string(),
  format: previewFormat,
  /** Only part of the content is shown (first records/rows/bytes). */
  truncated: z.boolean(),
  /** Why a part is missing, in words. */
  note: z.string().nullable(),
  json: z.unknown().optional(),
  text: z.string().optional(),
  hex: z.string().optional(),
  avro: avroPreview.optional(),
  parquet: parquetPreview.optional(),
});
export type FilePreview = z.infer<typeof filePreview>;

export const inspectTableResponse = z.object({
  catalog: z.string(),
  namespace: z.array(z.string()),
  table: z.string(),
  metadata_location: z.string().nullable(),
  metadata: z.looseObject({ location: z.string() }),
});
export type InspectTableResponse = z.infer<typeof inspectTableResponse>;

export const partitionSummary = z.object({
  field_id: z.number().nullable(),
  name: z.string(),
  transform: z.string(),
  contains_null: z.boolean(),
  contains_nan: z.boolean().nullable(),
  lower_bound: displayValue,
  upper_bound: displayValue,
});

export const manifestFileEntry = z.object({
  manifest_path: z.string(),
  manifest_length: int64,
  partition_spec_id: z.number(),
  content: z.enum(['data', 'deletes']),
  sequence_number: int64.nullable(),
  min_sequence_number: int64.nullable(),
  added_snapshot_id: int64.nullable(),
  added_files_count: z.number().nullable(),
  existing_files_count: z.number().nullable(),
  deleted_files_count: z.number().nullable(),
  added_rows_count: int64.nullable(),
  existing_rows_count: int64.nullable(),
  deleted_rows_count: int64.nullable(),
  partitions: z.array(partitionSummary),
  first_row_id: int64.nullable(),
});
export type ManifestFileEntry = z.infer<typeof manifestFileEntry>;

export const manifestListResponse = z.object({
  snapshot_id: int64,
  /** Where the list is; null for a v1 snapshot that names its manifests inline. */
  manifest_list: z.string().nullable(),
  format_version: z.number().nullable(),
  manifests: z.array(manifestFileEntry),
});
export type ManifestListResponse = z.infer<typeof manifestListResponse>;

export const columnStats = z.object({
  field_id: z.number(),
  name: z.string().nullable(),
  type: z.string().nullable(),
  column_size: int64.nullable(),
  value_count: int64.nullable(),
  null_value_count: int64.nullable(),
  nan_value_count: int64.nullable(),
  lower_bound: displayValue,
  upper_bound: displayValue,
});
export type ColumnStats = z.infer<typeof columnStats>;

export const dataFileInfo = z.object({
  content: z.enum(['data', 'position-deletes', 'equality-deletes']),
  file_path: z.string(),
  file_format: z.string(),
  spec_id: z.number().nullable(),
  partition: z.record(z.string(), displayValue),
  record_count: int64,
  file_size_in_bytes: int64,
  columns: z.array(columnStats),
  split_offsets: z.array(int64).nullable(),
  equality_ids: z.array(z.number()).nullable(),
  sort_order_id: z.number().nullable(),
  referenced_data_file: z.string().nullable(),
  first_row_id: int64.nullable(),
});
export type DataFileInfo = z.infer<typeof dataFileInfo>;

export const manifestEntry = z.object({
  status: z.enum(['existing', 'added', 'deleted']),
  snapshot_id: int64.nullable(),
  sequence_number: int64.nullable(),
  file_sequence_number: int64.nullable(),
  data_file: dataFileInfo,
});
export type ManifestEntry = z.infer<typeof manifestEntry>;

export const manifestResponse = z.object({
  path: z.string(),
  format_version: z.number().nullable(),
  content: z.enum(['data', 'deletes']),
  partition_spec_id: z.number().nullable(),
  schema_id: z.number().nullable(),
  partition_fields: z.array(z.object({ field_id: z.number().nullable(), name: z.string(), transform: z.string(), source_id: z.number() })),
  entries: z.array(manifestEntry),
  total_entries: z.number(),
  offset: z.number(),
  truncated: z.boolean(),
});
export type ManifestResponse = z.infer<typeof manifestResponse>;
