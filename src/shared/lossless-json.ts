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

/** Serialise a value that may contain bigint values (digits written exactly). */
export function stringifyJson(value: unknown, indent?: number): string {
  const out = stringify(value, null, indent);
  if (out === undefined) throw new TypeError('value cannot be serialised to JSON');
  return out;
}
