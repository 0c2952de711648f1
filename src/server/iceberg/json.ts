// Server-side int64 helpers on top of the shared lossless JSON (see src/shared).
import type { Int64 } from '../../shared/lossless-json.js';

export { parseJson, rememberJsonText, stringifyJson, type Int64 } from '../../shared/lossless-json.js';

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
