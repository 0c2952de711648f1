// Parquet data files previewed with hyparquet: the footer (schema with Iceberg field ids,
// row groups, per-column chunk stats) and the first rows. The footer needs no
// decompression, so it is always shown; rows need the page codec: snappy (built in),
// gzip and brotli (node:zlib), zstd where node:zlib has it or the optional
// hyparquet-compressors package is installed. Pure apart from that optional import.
import * as zlib from 'node:zlib';
import { parquetMetadata, parquetReadObjects, type AsyncBuffer, type Compressors, type FileMetaData, type SchemaElement } from 'hyparquet';
import type { ParquetPreview } from '../../shared/api/inspect.js';
import { formatDate, formatTimestamp } from './bounds.js';
import { jsonSafe } from './json-safe.js';

type ZstdNode = { zstdDecompressSync?: (b: Uint8Array, opts?: unknown) => Buffer };

/** Decompressors node:zlib provides (hyparquet has snappy itself). */
export function nodeCompressors(): Compressors {
  const z = zlib as unknown as ZstdNode;
  const out: Compressors = {
    GZIP: (input) => zlib.gunzipSync(input),
    BROTLI: (input) => zlib.brotliDecompressSync(input),
  };
  if (typeof z.zstdDecompressSync === 'function') out.ZSTD = (input) => z.zstdDecompressSync!(input);
  return out;
}

let optional: Promise<Compressors> | undefined;

/** nodeCompressors plus those of hyparquet-compressors when that package is installed. */
export function loadCompressors(): Promise<Compressors> {
  optional ??= (async () => {
    const name = 'hyparquet-compressors';
    try {
      const mod = (await import(/* @vite-ignore */ name)) as { compressors?: Compressors };
      return { ...(mod.compressors ?? {}), ...nodeCompressors() };
    } catch {
      return nodeCompressors();
    }
  })();
  return optional;
}

const parsers = {
  timestampFromMilliseconds: (ms: bigint) => formatTimestamp(BigInt(ms) * 1000n, 6, false),
  timestampFromMicroseconds: (us: bigint) => formatTimestamp(BigInt(us), 6, false),
  timestampFromNanoseconds: (ns: bigint) => formatTimestamp(BigInt(ns), 9, false),
  dateFromDays: (days: number) => formatDate(days),
};

function logicalName(e: SchemaElement): string | null {
  const lt = e.logical_type;
  if (lt) {
    if (lt.type === 'DECIMAL') return `DECIMAL(${lt.precision},${lt.scale})`;
    if (lt.type === 'TIMESTAMP' || lt.type === 'TIME') return `${lt.type}(${lt.unit}${lt.isAdjustedToUTC ? ', UTC' : ''})`;
    if (lt.type === 'INTEGER') return `INT(${lt.bitWidth}, ${lt.isSigned ? 'signed' : 'unsigned'})`;
    return lt.type;
  }
  return e.converted_type ?? null;
}

/** The flattened schema: one row per element below the root, with its depth and dotted path. */
function flatSchema(meta: FileMetaData): ParquetPreview['schema'] {
  const out: ParquetPreview['schema'] = [];
  let i = 1;
  const walk = (count: number, depth: number, parent: string) => {
    for (let c = 0; c < count && i < meta.schema.length; c++) {
      const e = meta.schema[i++];
      const path = parent ? `${parent}.${e.name}` : e.name;
      out.push({
        path,
        depth,
        type: e.type ?? (e.num_children ? 'group' : 'unknown'),
        logical_type: logicalName(e),
        repetition: e.repetition_type ?? null,
        field_id: e.field_id ?? null,
      });
      if (e.num_children) walk(e.num_children, depth + 1, path);
    }
  };
  walk(meta.schema[0]?.num_children ?? 0, 0, '');
  return out;
}

const asAsyncBuffer = (bytes: Uint8Array): AsyncBuffer => ({
  byteLength: bytes.byteLength,
  slice: (start, end) => {
    const s = bytes.subarray(start, end);
    return s.buffer.slice(s.byteOffset, s.byteOffset + s.byteLength) as ArrayBuffer;
  },
});

/** Footer and first `limit` rows of a Parquet file held in memory. */
export async function previewParquet(bytes: Uint8Array, opts: { limit: number; compressors?: Compressors }): Promise<{ preview: ParquetPreview; truncated: boolean }> {
  const meta = parquetMetadata(bytes, { parsers });
  const kv: Record<string, string> = {};
  for (const { key, value } of meta.key_value_metadata ?? []) {
    // Arrow's schema is a binary (base64 IPC) blob: name it rather than show it.
    if (key === 'ARROW:schema') kv[key] = `(Arrow IPC schema, ${value?.length ?? 0} base64 characters)`;
    // Iceberg stores the whole table schema here; keep the text short in a preview.
    else kv[key] = value === undefined ? '' : value.length > 4000 ? `${value.slice(0, 4000)}…` : value;
  }
  const numRows = Number(meta.num_rows);
  const columns = topLevelNames(meta);
  let rows: Record<string, unknown>[] = [];
  let rowsError: string | null = null;
  const rowEnd = Math.min(numRows, opts.limit);
  if (rowEnd > 0) {
    try {
      const read = await parquetReadObjects({ file: asAsyncBuffer(bytes), metadata: meta, rowStart: 0, rowEnd, compressors: opts.compressors, parsers });
      rows = read.slice(0, rowEnd).map((r) => jsonSafe(r) as Record<string, unknown>);
    } catch (e) {
      rowsError = describeReadError(e, meta);
    }
  }
  const preview: ParquetPreview = {
    num_rows: jsonSafe(meta.num_rows) as number,
    created_by: meta.created_by ?? null,
    key_value_metadata: kv,
    schema: flatSchema(meta),
    row_groups: meta.row_groups.map((g) => ({
      num_rows: jsonSafe(g.num_rows) as number,
      total_byte_size: jsonSafe(g.total_byte_size) as number,
      columns: g.columns.map((c) => {
        const m = c.meta_data;
        const st = m?.statistics;
        return {
          path: m?.path_in_schema.join('.') ?? '',
          codec: m?.codec ?? 'UNKNOWN',
          num_values: (jsonSafe(m?.num_values) as number | null) ?? 0,
          compressed_size: (jsonSafe(m?.total_compressed_size) as number | null) ?? 0,
          uncompressed_size: (jsonSafe(m?.total_uncompressed_size) as number | null) ?? 0,
          null_count: jsonSafe(st?.null_count) as number | null,
          min: jsonSafe(st?.min_value ?? st?.min),
          max: jsonSafe(st?.max_value ?? st?.max),
        };
      }),
    })),
    columns,
    rows,
    rows_error: rowsError,
  };
  return { preview, truncated: rows.length < numRows };
}

function topLevelNames(meta: FileMetaData): string[] {
  const names: string[] = [];
  let i = 1;
  const skip = (count: number) => {
    for (let c = 0; c < count && i < meta.schema.length; c++) {
      const e = meta.schema[i++];
      if (e.num_children) skip(e.num_children);
    }
  };
  for (let c = 0; c < (meta.schema[0]?.num_children ?? 0) && i < meta.schema.length; c++) {
    const e = meta.schema[i++];
    names.push(e.name);
    if (e.num_children) skip(e.num_children);
  }
  return names;
}

function describeReadError(e: unknown, meta: FileMetaData): string {
  const msg = (e as Error)?.message ?? String(e);
  const codecs = new Set(meta.row_groups.flatMap((g) => g.columns.map((c) => c.meta_data?.codec).filter(Boolean)));
  if (/compression|codec/i.test(msg)) {
    const list = [...codecs].join(', ');
    const zstd = codecs.has('ZSTD') ? ' ZSTD needs Node 22.15+ or the hyparquet-compressors package on the server.' : '';
    return `The rows cannot be decompressed (${list}): ${msg}.${zstd} The schema, row groups and column statistics above come from the footer and are complete.`;
  }
  return `The rows cannot be read: ${msg}`;
}
