// Lossless JSON, shared by the server and the renderer. Iceberg snapshot ids and other
// int64 fields exceed 2^53, where JSON.parse silently rounds them. Rule: an integer is a
// `number` when it is a safe integer and a `bigint` otherwise; the same digits always
// parse to the same type, so `===`, `<` and Map keys work on int64 values.
import { isInteger, isSafeNumber, parse, stringify } from 'lossless-json';

export type Int64 = number | bigint;

function parseNumber(text: string): number | bigint {
  if (isInteger(text)) return isSafeNumber(text) ? Number(text) : BigInt(text);
  return Number(text);
}

/** Parse JSON text keeping every integer exact. Throws SyntaxError on bad JSON. */
export function parseJson(text: string): unknown {
  return parse(text, null, parseNumber);
}

/**
 * JSON text already known for an object (e.g. the file an immutable metadata object was
 * parsed from or written to). stringifyJson splices it in instead of walking the object.
 * Only register text for objects that are never mutated afterwards (freeze them).
 */
const knownText = new WeakMap<object, string>();

/** Remembers `text` as the exact JSON of `value` (which must stay unchanged). */
export function rememberJsonText(value: object, text: string): void {
  knownText.set(value, text);
}

/**
 * Serialise a value that may contain bigint values (digits written exactly). Compact
 * output has the same text as lossless-json's stringify (and as JSON.stringify where no
 * bigint is involved); it is produced by the engine's JSON.stringify, with remembered text
 * spliced in at the top level and one level down (a response body wraps its metadata).
 */
export function stringifyJson(value: unknown, indent?: number): string {
  const out = indent === undefined ? compactJson(value) : stringify(value, null, indent);
  if (out === undefined) throw new TypeError('value cannot be serialised to JSON');
  return out;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** Objects above this depth are walked; at it, remembered text or JSON.stringify of the whole object. */
const WALK_DEPTH = 1;

/**
 * JSON.stringify throws on a bigint. When it does, the value is serialised again with a
 * BigInt.prototype.toJSON installed only for the duration of that synchronous call: it
 * writes a marker string that is then replaced by the digits. Markers are counted, so a
 * string that merely looks like one is detected (more matches than bigints) and the value
 * is serialised by the plain walker instead.
 */
const MARK = '\u0000int64:';
const MARK_IN_JSON = /"\\u0000int64:(-?\d+)"/g;
let marked = 0;
function bigintToJson(this: bigint): string {
  marked++;
  return MARK + this.toString();
}

function compactJson(value: unknown): string | undefined {
  try {
    return walk(value, 0);
  } catch (e) {
    if (!(e instanceof TypeError) || !/BigInt/.test(e.message)) throw e;
  }
  const saved = Object.getOwnPropertyDescriptor(BigInt.prototype, 'toJSON');
  Object.defineProperty(BigInt.prototype, 'toJSON', { value: bigintToJson, configurable: true, writable: true });
  marked = 0;
  let out: string | undefined;
  try {
    out = walk(value, 0);
  } finally {
    if (saved) Object.defineProperty(BigInt.prototype, 'toJSON', saved);
    else delete (BigInt.prototype as { toJSON?: unknown }).toJSON;
  }
  if (marked === 0 || out === undefined) return out;
  const expected = marked;
  let found = 0;
  const replaced = out.replace(MARK_IN_JSON, (_m, digits: string) => {
    found++;
    return digits;
  });
  return found === expected ? replaced : walk(value, -Infinity);
}

/**
 * Compact JSON of a value (undefined when it has no JSON form). Objects with remembered
 * text are spliced; below WALK_DEPTH containers are walked, at it JSON.stringify takes the
 * whole object. depth -Infinity walks all the way (bigints written directly).
 */
function walk(value: unknown, depth: number): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      const known = knownText.get(value);
      if (known !== undefined) return known;
      if (depth >= WALK_DEPTH) return JSON.stringify(value); // may throw on a bigint: see compactJson
      if (Array.isArray(value)) {
        if (value.length === 0) return '[]';
        let s = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) s += ',';
          s += walk(value[i], depth + 1) ?? 'null';
        }
        return s + ']';
      }
      if (value instanceof Number || value instanceof String || value instanceof Boolean) return JSON.stringify(value);
      if ((value as { isLosslessNumber?: unknown }).isLosslessNumber === true) return String(value);
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return walk((value as { toJSON(): unknown }).toJSON(), depth);
      let s = '{';
      let first = true;
      for (const key in value) {
        if (!hasOwn.call(value, key)) continue;
        const v = walk((value as Record<string, unknown>)[key], depth + 1);
        if (v === undefined) continue;
        s += first ? JSON.stringify(key) + ':' + v : ',' + JSON.stringify(key) + ':' + v;
        first = false;
      }
      return s + '}';
    }
    default:
      return undefined; // undefined, function, symbol
  }
}
