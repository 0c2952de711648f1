// One preview for any object: JSON parsed losslessly, Avro records (Iceberg manifests
// recognised), Parquet footer + first rows, text, or a hex dump; always size-limited and
// saying when it is cut. Also the Content-Type a download gets. Pure apart from the
// optional compressor import (see parquet.ts).
import type { Compressors } from 'hyparquet';
import type { FilePreview, PreviewFormat } from '../../shared/api/inspect.js';
import { parseJson } from '../iceberg/json.js';
import { decodeAvroFile, isAvro } from './avro.js';
import { jsonSafe } from './json-safe.js';
import { icebergAvroKind } from './manifest.js';
import { previewParquet } from './parquet.js';

/** JSON up to this size is parsed; larger files are shown as the first part of their text. */
export const JSON_PREVIEW_BYTES = 2 * 1024 * 1024;
/** Text shown of a text (or too large JSON) file. */
export const TEXT_PREVIEW_BYTES = 256 * 1024;
/** Bytes shown as hex of a binary file. */
export const HEX_PREVIEW_BYTES = 1024;
/** Records / rows shown by default. */
export const DEFAULT_PREVIEW_RECORDS = 100;

const PARQUET_MAGIC = Buffer.from('PAR1');

const TYPES: Record<string, string> = {
  json: 'application/json',
  avro: 'application/avro',
  parquet: 'application/vnd.apache.parquet',
  orc: 'application/octet-stream',
  txt: 'text/plain; charset=utf-8',
  log: 'text/plain; charset=utf-8',
  md: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  tsv: 'text/tab-separated-values; charset=utf-8',
  yaml: 'text/plain; charset=utf-8',
  yml: 'text/plain; charset=utf-8',
  properties: 'text/plain; charset=utf-8',
  xml: 'text/plain; charset=utf-8',
  // Never served as HTML or script on the UI's origin: shown as text.
  html: 'text/plain; charset=utf-8',
  htm: 'text/plain; charset=utf-8',
  svg: 'text/plain; charset=utf-8',
  js: 'text/plain; charset=utf-8',
  puffin: 'application/octet-stream',
  gz: 'application/gzip',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
};

const TEXT_EXTENSIONS = new Set(['txt', 'log', 'md', 'csv', 'tsv', 'yaml', 'yml', 'properties', 'xml', 'html', 'htm', 'svg', 'js', 'ts', 'py', 'sql', 'ini', 'conf', 'toml', 'version-hint', 'text']);

export const extensionOf = (name: string): string => {
  const base = name.slice(name.lastIndexOf('/') + 1).toLowerCase();
  const dot = base.lastIndexOf('.');
  return dot < 0 ? '' : base.slice(dot + 1);
};

export function contentTypeFor(name: string): string {
  return TYPES[extensionOf(name)] ?? 'application/octet-stream';
}

/** Format by name first (the way people read a listing), then by the first bytes. */
export function detectFormat(name: string, head: Uint8Array): PreviewFormat {
  const ext = extensionOf(name);
  const buf = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (ext === 'parquet' || (buf.length >= 8 && buf.subarray(0, 4).equals(PARQUET_MAGIC) && buf.subarray(buf.length - 4).equals(PARQUET_MAGIC))) return 'parquet';
  if (ext === 'avro' || isAvro(buf)) return 'avro';
  if (ext === 'json') return 'json';
  if (TEXT_EXTENSIONS.has(ext) || name.endsWith('version-hint.text')) return 'text';
  const first = buf.subarray(0, 1).toString();
  if ((first === '{' || first === '[') && looksLikeText(buf)) return 'json';
  return looksLikeText(buf) ? 'text' : 'binary';
}

function looksLikeText(buf: Buffer): boolean {
  const sample = buf.subarray(0, 4096);
  if (sample.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.length < buf.length ? trimPartialUtf8(sample) : sample);
    return true;
  } catch {
    return false;
  }
}

/** Drops a multi-byte character cut at the end of a sample. */
function trimPartialUtf8(b: Buffer): Buffer {
  let end = b.length;
  for (let i = b.length - 1; i >= Math.max(0, b.length - 4); i--) {
    if ((b[i] & 0xc0) === 0x80) continue;
    if (b[i] >= 0xc0) end = i;
    break;
  }
  return b.subarray(0, end);
}

export interface PreviewInput {
  key: string;
  name: string;
  size: number;
  lastModified: string | null;
  bytes: Uint8Array;
  limit?: number;
  compressors?: Compressors;
}

export async function previewFile(input: PreviewInput): Promise<FilePreview> {
  const { bytes } = input;
  const format = detectFormat(input.name, bytes);
  const limit = input.limit ?? DEFAULT_PREVIEW_RECORDS;
  const base = { key: input.key, name: input.name, size: input.size, last_modified: input.lastModified, content_type: contentTypeFor(input.name), format };
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  if (format === 'json') {
    if (buf.length <= JSON_PREVIEW_BYTES) {
      try {
        return { ...base, truncated: false, note: null, json: parseJson(buf.toString('utf8')) };
      } catch (e) {
        return { ...base, format: 'text', truncated: buf.length > TEXT_PREVIEW_BYTES, note: `Not valid JSON (${(e as Error).message}); shown as text.`, text: textOf(buf) };
      }
    }
    return { ...base, format: 'text', truncated: true, note: `The file is larger than ${JSON_PREVIEW_BYTES / 1024 / 1024} MB: the first ${TEXT_PREVIEW_BYTES / 1024} KB are shown as text. Download it to see all of it.`, text: textOf(buf) };
  }
  if (format === 'avro') {
    try {
      const f = decodeAvroFile(buf, { limit });
      return {
        ...base,
        truncated: f.truncated,
        note: f.truncated ? `The first ${f.records.length} of ${f.totalRecords} records are shown.` : null,
        avro: { schema: f.schema, metadata: f.metadata, codec: f.codec, records: f.records.map((r) => jsonSafe(r)), total_records: f.totalRecords, iceberg_kind: icebergAvroKind(f.metadata, f.schema) },
      };
    } catch (e) {
      return { ...base, format: 'binary', truncated: buf.length > HEX_PREVIEW_BYTES, note: `Cannot decode the Avro file: ${(e as Error).message}`, hex: hexOf(buf) };
    }
  }
  if (format === 'parquet') {
    try {
      const { preview, truncated } = await previewParquet(buf, { limit, compressors: input.compressors });
      const note = preview.rows_error ?? (truncated ? `The first ${preview.rows.length} of ${String(preview.num_rows)} rows are shown.` : null);
      return { ...base, truncated, note, parquet: preview };
    } catch (e) {
      return { ...base, format: 'binary', truncated: buf.length > HEX_PREVIEW_BYTES, note: `Cannot read the Parquet file: ${(e as Error).message}`, hex: hexOf(buf) };
    }
  }
  if (format === 'text') {
    const truncated = buf.length > TEXT_PREVIEW_BYTES;
    return { ...base, truncated, note: truncated ? `The first ${TEXT_PREVIEW_BYTES / 1024} KB are shown.` : null, text: textOf(buf) };
  }
  const truncated = buf.length > HEX_PREVIEW_BYTES;
  return { ...base, truncated, note: truncated ? `A binary file: its first ${HEX_PREVIEW_BYTES} bytes are shown.` : 'A binary file.', hex: hexOf(buf) };
}

const textOf = (buf: Buffer): string => new TextDecoder().decode(buf.length > TEXT_PREVIEW_BYTES ? trimPartialUtf8(buf.subarray(0, TEXT_PREVIEW_BYTES)) : buf);

/** A classic hex dump (offset, 16 bytes, ASCII) of the first HEX_PREVIEW_BYTES. */
export function hexOf(buf: Uint8Array): string {
  const b = Buffer.from(buf.buffer, buf.byteOffset, Math.min(buf.byteLength, HEX_PREVIEW_BYTES));
  const lines: string[] = [];
  for (let i = 0; i < b.length; i += 16) {
    const row = b.subarray(i, i + 16);
    const hex = Array.from(row, (x) => x.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(row, (x) => (x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : '.')).join('');
    lines.push(`${i.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  return lines.join('\n');
}
