// Decoded file contents (Avro records, Parquet rows) made JSON-ready for the lossless
// serializer: bytes → "0x…" hex, bigint kept exact (number when safe), Date → ISO text,
// NaN/±Infinity → text, Maps → objects. Pure.
import { canonicalInt64 } from '../iceberg/json.js';

/** Longest hex shown for one bytes value; longer ones are cut with "…". */
const MAX_HEX_BYTES = 256;

export function jsonSafe(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'bigint':
      return canonicalInt64(value);
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'string':
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      return String(value);
  }
  if (depth > 64) return '…';
  if (value instanceof Uint8Array) {
    const b = Buffer.from(value.buffer, value.byteOffset, Math.min(value.byteLength, MAX_HEX_BYTES));
    return `0x${b.toString('hex')}${value.byteLength > MAX_HEX_BYTES ? '…' : ''}`;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value)) return value.map((v) => jsonSafe(v, depth + 1));
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), jsonSafe(v, depth + 1)]));
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number | bigint>, (v) => jsonSafe(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = jsonSafe(v, depth + 1);
  return out;
}
