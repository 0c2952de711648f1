// Iceberg manifest lists and manifests (Avro) turned into the inspector's JSON: counts,
// sequence numbers and snapshot ids exact, partition tuples and column bounds decoded by
// the field types of the schema the manifest was written with. Handles format v1, v2, v3
// field names. Pure: bytes and table metadata in, plain objects out.
import type { DataFileInfo, ManifestEntry, ManifestFileEntry, ManifestResponse } from '../../shared/api/inspect.js';
import type { IcebergType } from '../../shared/iceberg-types.js';
import { parseJson, type Int64 } from '../iceberg/json.js';
import type { PartitionField, PartitionSpec, Schema } from '../iceberg/metadata/types.js';
import { decodeAvroFile } from './avro.js';
import { decodeBound, formatPartitionValue, formatTypedValue, indexFields, toHex, transformResultType, type FieldInfo } from './bounds.js';

/** What the decoders need from the table's metadata. */
export interface TableShape {
  schemas?: readonly Schema[];
  'current-schema-id'?: number;
  'partition-specs'?: readonly PartitionSpec[];
  'default-spec-id'?: number;
}

type Rec = Record<string, unknown>;

const int64OrNull = (v: unknown): Int64 | null => (typeof v === 'number' || typeof v === 'bigint' ? v : null);
const numOrNull = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null);
const boolOrNull = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function currentSchema(table: TableShape): Schema | undefined {
  const schemas = table.schemas ?? [];
  return schemas.find((s) => s['schema-id'] === table['current-schema-id']) ?? schemas[schemas.length - 1];
}

function specById(table: TableShape, id: number | null): PartitionSpec | undefined {
  const specs = table['partition-specs'] ?? [];
  return specs.find((s) => s['spec-id'] === id) ?? (id === null ? specs.find((s) => s['spec-id'] === table['default-spec-id']) : undefined);
}

/** Decodes a snapshot's manifest list. */
export function decodeManifestList(bytes: Uint8Array, table: TableShape): { formatVersion: number | null; manifests: ManifestFileEntry[] } {
  const file = decodeAvroFile(bytes);
  const fields = indexFields(currentSchema(table));
  const manifests = (file.records as Rec[]).map((r): ManifestFileEntry => {
    const specId = numOrNull(r.partition_spec_id) ?? 0;
    const spec = specById(table, specId);
    const summaries = Array.isArray(r.partitions) ? (r.partitions as Rec[]) : [];
    return {
      manifest_path: String(r.manifest_path),
      manifest_length: int64OrNull(r.manifest_length) ?? 0,
      partition_spec_id: specId,
      content: numOrNull(r.content) === 1 ? 'deletes' : 'data',
      sequence_number: int64OrNull(r.sequence_number),
      min_sequence_number: int64OrNull(r.min_sequence_number),
      added_snapshot_id: int64OrNull(r.added_snapshot_id),
      added_files_count: numOrNull(r.added_files_count ?? r.added_data_files_count),
      existing_files_count: numOrNull(r.existing_files_count ?? r.existing_data_files_count),
      deleted_files_count: numOrNull(r.deleted_files_count ?? r.deleted_data_files_count),
      added_rows_count: int64OrNull(r.added_rows_count),
      existing_rows_count: int64OrNull(r.existing_rows_count),
      deleted_rows_count: int64OrNull(r.deleted_rows_count),
      partitions: summaries.map((s, i) => {
        const pf = spec?.fields[i];
        const sourceType = pf ? fields.get(pf['source-id'])?.type : undefined;
        const bound = (b: unknown) => (b instanceof Uint8Array ? summaryBound(pf, sourceType, b) : null);
        return {
          field_id: pf?.['field-id'] ?? null,
          name: pf?.name ?? `partition_${i}`,
          transform: pf?.transform ?? 'unknown',
          contains_null: s.contains_null === true,
          contains_nan: boolOrNull(s.contains_nan),
          lower_bound: bound(s.lower_bound),
          upper_bound: bound(s.upper_bound),
        };
      }),
      first_row_id: int64OrNull(r.first_row_id),
    };
  });
  const version = Number(file.metadata['format-version']);
  return { formatVersion: Number.isFinite(version) ? version : null, manifests };
}

function summaryBound(pf: PartitionField | undefined, sourceType: IcebergType | undefined, b: Uint8Array) {
  if (!pf) return toHex(b);
  const decoded = decodeBound(transformResultType(pf.transform, sourceType), b);
  // day bounds decode as dates already; year/month/hour are ints shown the way paths name them
  return typeof decoded === 'number' || typeof decoded === 'bigint' ? formatPartitionValue(pf.transform, sourceType, decoded) : decoded;
}

/** The schema and partition spec a manifest was written with: its own header first, the table's as fallback. */
function manifestContext(meta: Record<string, string>, table: TableShape) {
  let schema: Schema | undefined;
  if (meta.schema) {
    try {
      schema = parseJson(meta.schema) as Schema;
    } catch {
      schema = undefined;
    }
  }
  const schemaId = meta['schema-id'] !== undefined ? Number(meta['schema-id']) : (schema?.['schema-id'] ?? null);
  schema ??= (table.schemas ?? []).find((s) => s['schema-id'] === schemaId) ?? currentSchema(table);
  const specId = meta['partition-spec-id'] !== undefined ? Number(meta['partition-spec-id']) : null;
  let specFields: PartitionField[] | undefined;
  if (meta['partition-spec']) {
    try {
      const parsed = parseJson(meta['partition-spec']) as PartitionField[] | { fields: PartitionField[] };
      specFields = Array.isArray(parsed) ? parsed : parsed.fields;
    } catch {
      specFields = undefined;
    }
  }
  specFields ??= specById(table, specId)?.fields ?? [];
  return { schema, schemaId: Number.isFinite(schemaId) ? schemaId : null, specId, specFields };
}

/** Avro stats maps are arrays of {key, value} records (int keys); tolerate a real map too. */
function statsMap(v: unknown): Map<number, unknown> {
  const out = new Map<number, unknown>();
  if (Array.isArray(v)) for (const e of v as Rec[]) out.set(Number(e.key), e.value);
  else if (v && typeof v === 'object' && !(v instanceof Uint8Array)) for (const [k, val] of Object.entries(v)) out.set(Number(k), val);
  return out;
}

const STATUS = ['existing', 'added', 'deleted'] as const;
const CONTENT = ['data', 'position-deletes', 'equality-deletes'] as const;

function dataFile(df: Rec, fields: Map<number, FieldInfo>, specFields: PartitionField[], specId: number | null): DataFileInfo {
  const sizes = statsMap(df.column_sizes);
  const values = statsMap(df.value_counts);
  const nulls = statsMap(df.null_value_counts);
  const nans = statsMap(df.nan_value_counts);
  const lower = statsMap(df.lower_bounds);
  const upper = statsMap(df.upper_bounds);
  const ids = [...new Set([...sizes.keys(), ...values.keys(), ...nulls.keys(), ...nans.keys(), ...lower.keys(), ...upper.keys()])].sort((a, b) => a - b);
  const typeName = (t: IcebergType | undefined) => (t === undefined ? null : typeof t === 'string' ? t : t.type);
  const bound = (m: Map<number, unknown>, id: number) => {
    const b = m.get(id);
    return b instanceof Uint8Array ? decodeBound(fields.get(id)?.type, b) : null;
  };

  const partition: DataFileInfo['partition'] = {};
  const tuple = df.partition && typeof df.partition === 'object' ? (df.partition as Rec) : {};
  const names = Object.keys(tuple);
  names.forEach((name, i) => {
    const pf = specFields.find((f) => f.name === name) ?? specFields[i];
    partition[name] = pf ? formatPartitionValue(pf.transform, fields.get(pf['source-id'])?.type, tuple[name]) : formatTypedValue(undefined, tuple[name]);
  });

  return {
    content: CONTENT[numOrNull(df.content) ?? 0] ?? 'data',
    file_path: String(df.file_path),
    file_format: String(df.file_format ?? ''),
    spec_id: numOrNull(df.spec_id) ?? specId,
    partition,
    record_count: int64OrNull(df.record_count) ?? 0,
    file_size_in_bytes: int64OrNull(df.file_size_in_bytes) ?? 0,
    columns: ids.map((id) => ({
      field_id: id,
      name: fields.get(id)?.name ?? null,
      type: typeName(fields.get(id)?.type),
      column_size: int64OrNull(sizes.get(id)),
      value_count: int64OrNull(values.get(id)),
      null_value_count: int64OrNull(nulls.get(id)),
      nan_value_count: int64OrNull(nans.get(id)),
      lower_bound: bound(lower, id),
      upper_bound: bound(upper, id),
    })),
    split_offsets: Array.isArray(df.split_offsets) ? (df.split_offsets as Int64[]) : null,
    equality_ids: Array.isArray(df.equality_ids) ? (df.equality_ids as number[]) : null,
    sort_order_id: numOrNull(df.sort_order_id),
    referenced_data_file: strOrNull(df.referenced_data_file),
    first_row_id: int64OrNull(df.first_row_id),
  };
}

/** Decodes a manifest: its entries (data or delete files) with partition values and column stats. */
export function decodeManifest(bytes: Uint8Array, table: TableShape, path: string, opts: { limit?: number; offset?: number } = {}): ManifestResponse {
  const offset = opts.offset ?? 0;
  const file = decodeAvroFile(bytes, { limit: opts.limit, offset });
  const ctx = manifestContext(file.metadata, table);
  const fields = indexFields(ctx.schema);
  const formatVersion = file.metadata['format-version'] !== undefined ? Number(file.metadata['format-version']) : null;
  const entries = (file.records as Rec[]).map(
    (r): ManifestEntry => ({
      status: STATUS[numOrNull(r.status) ?? 0] ?? 'existing',
      snapshot_id: int64OrNull(r.snapshot_id),
      sequence_number: int64OrNull(r.sequence_number),
      file_sequence_number: int64OrNull(r.file_sequence_number),
      data_file: dataFile((r.data_file ?? {}) as Rec, fields, ctx.specFields, ctx.specId),
    }),
  );
  return {
    path,
    format_version: Number.isFinite(formatVersion) ? formatVersion : null,
    content: file.metadata.content === 'deletes' ? 'deletes' : 'data',
    partition_spec_id: ctx.specId,
    schema_id: ctx.schemaId,
    partition_fields: ctx.specFields.map((f) => ({ field_id: f['field-id'] ?? null, name: f.name, transform: f.transform, source_id: f['source-id'] })),
    entries,
    total_entries: file.totalRecords,
    offset,
    truncated: offset + entries.length < file.totalRecords,
  };
}

/** Which Iceberg metadata file an Avro header describes, if any. */
export function icebergAvroKind(meta: Record<string, string>, schema: unknown): 'manifest-list' | 'manifest' | null {
  const name = (schema as { name?: string } | null)?.name;
  if (name === 'manifest_file' || meta['snapshot-id'] !== undefined) return 'manifest-list';
  if (name === 'manifest_entry' || meta['partition-spec'] !== undefined) return 'manifest';
  return null;
}
