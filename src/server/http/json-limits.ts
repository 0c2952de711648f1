// What a JSON request body may not be, checked on the text before it is parsed: nested
// deeper than MAX_JSON_DEPTH (parsing it, validating it or walking a schema that deep
// would overflow the stack: a 500 instead of an answer), holding a NUL character
// (PostgreSQL refuses it in text and JSON columns, file systems in paths; SQLite would
// store it: one rule for every backend), or a lone UTF-16 surrogate escape such as
// \ud800 (no character: PostgreSQL would store U+FFFD instead, a different name).

/**
 * Jackson's default nesting limit (StreamReadConstraints), so the Java Iceberg client can
 * neither write nor read anything deeper; an Iceberg struct nested 250 levels is ~1,000.
 */
export const MAX_JSON_DEPTH = 1000;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const U = 0x75;

/** Why this JSON text is refused before parsing, or undefined when it may be parsed. */
export function jsonTextProblem(text: string, maxDepth = MAX_JSON_DEPTH): string | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === QUOTE) inString = false;
      else if (c === 0) return NUL_PROBLEM;
      else if (c === BACKSLASH) {
        if (text.charCodeAt(i + 1) === U) {
          const unit = escapedUnit(text, i);
          if (unit === 0) return NUL_PROBLEM;
          if (unit >= 0xd800 && unit <= 0xdbff) {
            const low = text.charCodeAt(i + 6) === BACKSLASH && text.charCodeAt(i + 7) === U ? escapedUnit(text, i + 6) : -1;
            if (low < 0xdc00 || low > 0xdfff) return SURROGATE_PROBLEM;
            i += 6; // the pair's low half
          } else if (unit >= 0xdc00 && unit <= 0xdfff) return SURROGATE_PROBLEM;
        }
        i++; // the escaped character (a quote or backslash must not end or start anything)
      }
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) return `JSON request body is nested deeper than ${maxDepth} levels`;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return undefined;
}

/** The UTF-16 unit of the \uXXXX escape at `i`, or -1 when it is not four hex digits (the parser then refuses it). */
function escapedUnit(text: string, i: number): number {
  const hex = text.slice(i + 2, i + 6);
  return /^[0-9a-fA-F]{4}$/.test(hex) ? parseInt(hex, 16) : -1;
}

const SURROGATE_PROBLEM = 'JSON request body contains a lone UTF-16 surrogate escape (\\uD800-\\uDFFF without its pair), which is no character';
const NUL_PROBLEM = 'JSON request body contains a NUL character (\\u0000): names and values may not hold one';
