// Lossless JSON for Iceberg: snapshot ids and other int64 fields exceed 2^53, so
// JSON.parse would round them. Invariant used everywhere in the server: an integer
// is a `number` when it is a safe integer and a `bigint` otherwise. Because the same
// digits always parse to the same type, `===`, `<` and Map keys work on int64 values.
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

/** Serialise a value that may contain bigint values. */
export function stringifyJson(value: unknown, indent?: number): string {
  const out = stringify(value, null, indent);
  if (out === undefined) throw new TypeError('value cannot be serialised to JSON');
  return out;
}

/** Bring an int64 to the canonical representation (number when safe). */
export function canonicalInt64(value: Int64): Int64 {
  if (typeof value === 'bigint' && value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)) {
    return Number(value);
  }
  return value;
}

/** a + b for int64 values in canonical form. */
export function addInt64(a: Int64, b: Int64): Int64 {
  if (typeof a === 'number' && typeof b === 'number' && Number.isSafeInteger(a + b)) return a + b;
  return canonicalInt64(BigInt(a) + BigInt(b));
}
