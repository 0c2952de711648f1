// Lossless JSON for API responses. Iceberg snapshot ids and sequence numbers are int64
// and often exceed 2^53, where JSON.parse silently rounds them. Rule (same as the
// server): an integer is a `number` when it is a safe integer, a `bigint` otherwise.
import { parseJson, stringifyJson, type Int64 } from '../../../shared/lossless-json.js';

export type { Int64 };

/** Parse JSON text keeping every integer exact. Throws SyntaxError on bad JSON. */
export const parseApiJson = parseJson;

/** Serialise a value that may hold bigint values (digits written exactly). */
export const stringifyApiJson = (value: unknown, indent?: number): string => stringifyJson(value, indent);

/** The exact decimal digits of an int64 for display. */
export function formatInt64(value: Int64 | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'bigint' ? value.toString() : String(value);
}

/** Milliseconds since the epoch (possibly a bigint) as an ISO-like local string. */
export function formatTimestampMs(value: Int64 | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const d = new Date(Number(value));
  if (Number.isNaN(d.getTime())) return formatInt64(value);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Compare two int64 values exactly (bigint-safe). */
export function compareInt64(a: Int64, b: Int64): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
