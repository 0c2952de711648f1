// Shared, pure paging helpers for every CatalogStore backend. Lists use keyset paging:
// the token is the last key returned (base64url), and the next page starts strictly
// after it. Any token therefore decodes to *some* key, so a foreign or stale token
// never fails: it just resumes after that key.
import type { Page, PageRequest } from './types.js';

export const DEFAULT_PAGE_SIZE = 100;

export interface PageWindow {
  /** Return only keys strictly greater than this; undefined = from the start. */
  after: string | undefined;
  /** Page size; undefined = everything (no pageToken given). */
  limit: number | undefined;
}

export function encodePageToken(lastKey: string): string {
  return Buffer.from(lastKey, 'utf8').toString('base64url');
}

/** "" (a client's "start paging") and undefined mean "from the start". */
export function decodePageToken(token: string | undefined): string | undefined {
  if (token === undefined || token === '') return undefined;
  return Buffer.from(token, 'base64url').toString('utf8');
}

export function pageWindow(page?: PageRequest): PageWindow {
  if (!page || page.pageToken === undefined) return { after: undefined, limit: undefined };
  const size = page.pageSize;
  const limit = size !== undefined && Number.isFinite(size) && size >= 1 ? Math.floor(size) : DEFAULT_PAGE_SIZE;
  return { after: decodePageToken(page.pageToken), limit };
}

/**
 * Builds the page from rows fetched with LIMIT limit+1: the extra row only proves there
 * is a next page, so the last page never needs an empty follow-up request.
 */
export function finishPage<T>(rows: T[], limit: number | undefined, keyOf: (row: T) => string): Page<T> {
  if (limit === undefined || rows.length <= limit) return { items: rows, nextPageToken: null };
  const items = rows.slice(0, limit);
  return { items, nextPageToken: encodePageToken(keyOf(items[items.length - 1])) };
}

/**
 * Orders strings by Unicode code point, which equals byte order of their UTF-8 form:
 * the order SQLite (BINARY collation) and PostgreSQL (COLLATE "C") use, so every
 * backend lists in the same order. (JS `<` compares UTF-16 units, which differs above
 * the BMP.)
 */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (0xD800-0xDFFF) encode code points above 0xFFFF: they sort after all BMP units.
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx !== sy) return sx ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** In-memory paging over items already sorted by `keyOf` with `cmp`. */
export function pageOf<T>(
  sorted: T[],
  keyOf: (item: T) => string,
  page?: PageRequest,
  cmp: (a: string, b: string) => number = compareKeys,
): Page<T> {
  const { after, limit } = pageWindow(page);
  const start = after === undefined ? 0 : firstIndexAfter(sorted, keyOf, after, cmp);
  const rows = limit === undefined ? sorted.slice(start) : sorted.slice(start, start + limit + 1);
  return finishPage(rows, limit, keyOf);
}

function firstIndexAfter<T>(sorted: T[], keyOf: (item: T) => string, after: string, cmp: (a: string, b: string) => number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(keyOf(sorted[mid]), after) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Sequence keys (metrics reports are listed in arrival order) are decimal integers.
 * A token that is not one resumes from the start rather than failing.
 */
export function seqAfter(after: string | undefined): number {
  const n = after === undefined ? NaN : Number(after);
  return Number.isSafeInteger(n) ? n : 0;
}

export const compareSeqKeys = (a: string, b: string): number => seqAfter(a) - seqAfter(b);
