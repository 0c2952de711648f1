// Bucket browser paths: breadcrumbs of a folder prefix ("db/events/" → root, db, events),
// sizes for people, and the format a file name suggests. Pure.
import type { Int64 } from './json.js';

export interface Crumb {
  label: string;
  /** The prefix this crumb opens ('' = the warehouse root). */
  prefix: string;
}

/** Root first, then one crumb per folder of the prefix. */
export function breadcrumbs(prefix: string, rootLabel: string): Crumb[] {
  const out: Crumb[] = [{ label: rootLabel, prefix: '' }];
  let acc = '';
  for (const part of prefix.split('/').filter(Boolean)) {
    acc += `${part}/`;
    out.push({ label: part, prefix: acc });
  }
  return out;
}

/** The folder above a prefix ('a/b/' → 'a/', 'a/' → ''). */
export function parentPrefix(prefix: string): string {
  const trimmed = prefix.replace(/\/$/, '');
  const i = trimmed.lastIndexOf('/');
  return i < 0 ? '' : trimmed.slice(0, i + 1);
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** 1536 → "1.5 KB" (binary multiples); exact bytes below 1 KB. */
export function formatBytes(size: Int64 | null | undefined): string {
  if (size === null || size === undefined) return '—';
  let n = Number(size);
  if (!Number.isFinite(n) || n < 0) return String(size);
  let u = 0;
  while (n >= 1024 && u < UNITS.length - 1) {
    n /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${n < 10 ? n.toFixed(1) : Math.round(n)} ${UNITS[u]}`;
}

/** Whether the server can show a preview of a file of this name (it detects the rest by content). */
export function previewKind(name: string): 'json' | 'avro' | 'parquet' | 'text' | 'other' {
  const lower = name.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.avro')) return 'avro';
  if (lower.endsWith('.parquet')) return 'parquet';
  if (/\.(txt|text|log|md|csv|tsv|ya?ml|properties|xml)$/.test(lower)) return 'text';
  return 'other';
}
