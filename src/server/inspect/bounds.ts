// Iceberg's single-value binary serialization (table spec, appendix D), decoded for
// display: column lower/upper bounds in manifests and partition summaries in manifest
// lists. Also formats partition tuple values by their transform. Pure: no I/O.
//
// Values come out JSON-ready and exact: int → number, long → Int64 (bigint above 2^53),
// date/time/timestamp → ISO-like strings with full precision, decimal → its decimal
// string, uuid → canonical string, binary/fixed/unknown → "0x…" hex.
import type { IcebergType, NestedField, StructType } from '../../shared/iceberg-types.js';
import { canonicalInt64, type Int64 } from '../iceberg/json.js';

export type DisplayValue = string | number | bigint | boolean | null;

export interface Primitive {
  kind: string;
  precision?: number;
  scale?: number;
  length?: number;
}

/** "decimal(9,2)" → {kind:'decimal', precision: 9, scale: 2}; nested types → undefined. */
export function parsePrimitive(type: IcebergType | undefined): Primitive | undefined {
  if (typeof type !== 'string') return undefined;
  const t = type.trim().toLowerCase();
  const dec = /^decimal\(\s*(\d+)\s*,\s*(-?\d+)\s*\)$/.exec(t);
  if (dec) return { kind: 'decimal', precision: Number(dec[1]), scale: Number(dec[2]) };
  const fixed = /^fixed\[\s*(\d+)\s*\]$/.exec(t);
  if (fixed) return { kind: 'fixed', length: Number(fixed[1]) };
  return { kind: t };
}

export const toHex = (bytes: Uint8Array): string => `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`;

/** Decodes one bound (or any single value) serialized as the spec's appendix D says. */
export function decodeBound(type: IcebergType | undefined, bytes: Uint8Array): DisplayValue {
  const p = parsePrimitive(type);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!p) return toHex(bytes);
  try {
    switch (p.kind) {
      case 'boolean':
        return buf.length >= 1 ? buf[0] !== 0 : toHex(bytes);
      case 'int':
        return buf.length === 4 ? buf.readInt32LE(0) : toHex(bytes);
      case 'date':
        return buf.length === 4 ? formatDate(buf.readInt32LE(0)) : toHex(bytes);
      case 'long':
        // A column promoted from int keeps its 4-byte bounds in older files.
        return buf.length === 8 ? canonicalInt64(buf.readBigInt64LE(0)) : buf.length === 4 ? buf.readInt32LE(0) : toHex(bytes);
      case 'float':
        return buf.length === 4 ? formatFloat(buf.readFloatLE(0)) : toHex(bytes);
      case 'double':
        return buf.length === 8 ? formatFloat(buf.readDoubleLE(0)) : buf.length === 4 ? formatFloat(buf.readFloatLE(0)) : toHex(bytes);
      case 'time':
        return buf.length === 8 ? formatTime(buf.readBigInt64LE(0), 6) : toHex(bytes);
      case 'timestamp':
      case 'timestamptz':
        return buf.length === 8 ? formatTimestamp(buf.readBigInt64LE(0), 6, p.kind === 'timestamptz') : toHex(bytes);
      case 'timestamp_ns':
      case 'timestamptz_ns':
        return buf.length === 8 ? formatTimestamp(buf.readBigInt64LE(0), 9, p.kind === 'timestamptz_ns') : toHex(bytes);
      case 'string':
        return new TextDecoder('utf-8', { fatal: false }).decode(buf);
      case 'uuid':
        return buf.length === 16 ? formatUuid(buf) : toHex(bytes);
      case 'decimal':
        return formatDecimal(buf, p.scale ?? 0);
      default:
        // binary, fixed[L], unknown, variant, geometry, geography: show the bytes.
        return toHex(bytes);
    }
  } catch {
    return toHex(bytes);
  }
}

/**
 * Formats a value as Avro decoded it (manifests store partition tuples and some v1 data
 * in Avro types) by its Iceberg type: days → date, micros → timestamp, decimal/uuid
 * bytes → text.
 */
export function formatTypedValue(type: IcebergType | undefined, value: unknown): DisplayValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) {
    const p = parsePrimitive(type);
    if (p?.kind === 'decimal') return formatDecimal(Buffer.from(value.buffer, value.byteOffset, value.byteLength), p.scale ?? 0);
    if (p?.kind === 'uuid' && value.length === 16) return formatUuid(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    if (p?.kind === 'string') return new TextDecoder().decode(value);
    return toHex(value);
  }
  const p = parsePrimitive(type);
  const int = typeof value === 'bigint' ? value : typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : undefined;
  switch (p?.kind) {
    case 'date':
      return int !== undefined ? formatDate(Number(int)) : String(value);
    case 'time':
      return int !== undefined ? formatTime(int, 6) : String(value);
    case 'timestamp':
    case 'timestamptz':
      return int !== undefined ? formatTimestamp(int, 6, p.kind === 'timestamptz') : String(value);
    case 'timestamp_ns':
    case 'timestamptz_ns':
      return int !== undefined ? formatTimestamp(int, 9, p.kind === 'timestamptz_ns') : String(value);
    case 'float':
    case 'double':
      return typeof value === 'number' ? formatFloat(value) : String(value);
  }
  if (typeof value === 'bigint') return canonicalInt64(value);
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return String(value);
}

// ---- partition transforms ----

/** The type a partition field's values have (spec: "Partition Transforms"). */
export function transformResultType(transform: string, sourceType: IcebergType | undefined): IcebergType | undefined {
  const t = transform.trim().toLowerCase();
  if (t === 'identity' || t.startsWith('truncate[') || t === 'void') return sourceType;
  if (t.startsWith('bucket[') || t === 'year' || t === 'month' || t === 'hour') return 'int';
  if (t === 'day') return 'date';
  return undefined;
}

/**
 * A partition value for people, as Iceberg names partition paths: year 54 → "2024",
 * month 650 → "2024-03", day → "2024-03-01", hour → "2024-03-01-12"; others as typed.
 */
export function formatPartitionValue(transform: string, sourceType: IcebergType | undefined, value: unknown): DisplayValue {
  if (value === null || value === undefined) return null;
  const t = transform.trim().toLowerCase();
  const n = typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : NaN;
  if (t === 'year' && Number.isInteger(n)) return pad(1970 + n, 4);
  if (t === 'month' && Number.isInteger(n)) {
    const y = Math.floor(n / 12);
    return `${pad(1970 + y, 4)}-${pad(n - y * 12 + 1, 2)}`;
  }
  if (t === 'day' && Number.isInteger(n)) return formatDate(n);
  if (t === 'hour' && Number.isInteger(n)) {
    const d = Math.floor(n / 24);
    return `${formatDate(d)}-${pad(n - d * 24, 2)}`;
  }
  return formatTypedValue(transformResultType(transform, sourceType), value);
}

// ---- schema index ----

export interface FieldInfo {
  id: number;
  /** Dotted path from the root ("address.city", "tags.element"). */
  name: string;
  type: IcebergType;
}

/** Every field of a schema (nested ones too) by field id. */
export function indexFields(schema: StructType | undefined): Map<number, FieldInfo> {
  const out = new Map<number, FieldInfo>();
  const visit = (type: IcebergType, path: string): void => {
    if (typeof type === 'string') return;
    if (type.type === 'struct') for (const f of type.fields) add(f, path);
    else if (type.type === 'list') {
      const p = `${path}.element`;
      out.set(type['element-id'], { id: type['element-id'], name: p, type: type.element });
      visit(type.element, p);
    } else if (type.type === 'map') {
      out.set(type['key-id'], { id: type['key-id'], name: `${path}.key`, type: type.key });
      out.set(type['value-id'], { id: type['value-id'], name: `${path}.value`, type: type.value });
      visit(type.key, `${path}.key`);
      visit(type.value, `${path}.value`);
    }
  };
  const add = (f: NestedField, parent: string): void => {
    const name = parent ? `${parent}.${f.name}` : f.name;
    out.set(f.id, { id: f.id, name, type: f.type });
    visit(f.type, name);
  };
  if (schema) for (const f of schema.fields ?? []) add(f, '');
  return out;
}

// ---- formatting helpers ----

const pad = (n: number | bigint, width: number): string => {
  const s = (typeof n === 'bigint' ? (n < 0n ? -n : n) : Math.abs(n)).toString().padStart(width, '0');
  return (typeof n === 'bigint' ? n < 0n : n < 0) ? `-${s}` : s;
};

function formatFloat(v: number): number | string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  // Object.is(-0) would print as 0 in JSON; keep it visible.
  return Object.is(v, -0) ? '-0.0' : v;
}

/** Days since 1970-01-01 → "YYYY-MM-DD" (proleptic Gregorian; Howard Hinnant's civil_from_days). */
export function formatDate(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

const floorDiv = (a: bigint, b: bigint): bigint => {
  const q = a / b;
  return a % b !== 0n && (a < 0n) !== (b < 0n) ? q - 1n : q;
};

/** Micros (digits=6) or nanos (digits=9) since midnight → "HH:MM:SS.ffffff". */
export function formatTime(units: bigint, digits: 6 | 9): string {
  const perSecond = digits === 6 ? 1_000_000n : 1_000_000_000n;
  const secs = floorDiv(units, perSecond);
  const frac = units - secs * perSecond;
  const s = Number(secs);
  return `${pad(Math.floor(s / 3600), 2)}:${pad(Math.floor((s % 3600) / 60), 2)}:${pad(s % 60, 2)}.${pad(frac, digits)}`;
}

/** Micros/nanos since the epoch → "2024-03-01T12:00:00.000000" (+ "+00:00" with a zone). */
export function formatTimestamp(units: bigint, digits: 6 | 9, utc: boolean): string {
  const perDay = 86_400n * (digits === 6 ? 1_000_000n : 1_000_000_000n);
  const days = floorDiv(units, perDay);
  return `${formatDate(Number(days))}T${formatTime(units - days * perDay, digits)}${utc ? '+00:00' : ''}`;
}

function formatUuid(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Big-endian two's-complement unscaled value → decimal text with `scale` fraction digits. */
export function formatDecimal(b: Buffer, scale: number): string {
  if (b.length === 0) return '0';
  let v = 0n;
  for (const byte of b) v = (v << 8n) | BigInt(byte);
  if (b[0] & 0x80) v -= 1n << BigInt(b.length * 8);
  const neg = v < 0n;
  const digits = (neg ? -v : v).toString();
  if (scale <= 0) return `${neg ? '-' : ''}${digits}${'0'.repeat(-scale)}`;
  const padded = digits.padStart(scale + 1, '0');
  return `${neg ? '-' : ''}${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
}

export type { Int64 };
