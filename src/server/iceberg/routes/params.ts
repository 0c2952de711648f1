// Path and query parameters shared by the Iceberg routes.
import type { Request } from 'express';
import { badRequest } from '../errors.js';
import type { PageRequest } from '../../stores/types.js';

/** The {namespace} path segment: levels joined by the unit separator 0x1F (%1F). */
export function parseNamespace(raw: string | undefined): string[] {
  if (raw === undefined || raw === '') throw badRequest('Namespace must not be empty');
  const parts = raw.split('\u001f');
  if (parts.some((p) => p === '')) throw badRequest(`Invalid namespace "${raw.replaceAll('\u001f', '%1F')}": empty level`);
  return parts;
}

export function parseIdentName(raw: string | undefined, what: string): string {
  if (raw === undefined || raw === '') throw badRequest(`${what} name must not be empty`);
  return raw;
}

function firstQuery(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : undefined;
  return typeof v === 'string' ? v : undefined;
}

export { firstQuery };

/** pageToken absent → no paging (everything); present, even empty → page. */
export function parsePage(req: Request): PageRequest {
  return parsePageParams(req, ['pageToken'], ['pageSize']);
}

/** The same rules under other parameter names (the first one present wins); errors name the first. */
export function parsePageParams(req: Request, tokenNames: readonly string[], sizeNames: readonly string[]): PageRequest {
  const first = (names: readonly string[]) => names.map((n) => firstQuery(req, n)).find((v) => v !== undefined);
  const pageToken = first(tokenNames);
  const sizeRaw = first(sizeNames);
  let pageSize: number | undefined;
  if (sizeRaw !== undefined && sizeRaw !== '') {
    pageSize = Number(sizeRaw);
    if (!Number.isInteger(pageSize) || pageSize < 1) throw badRequest(`Invalid ${sizeNames[0]} "${sizeRaw}": expected a whole number ≥ 1`);
    pageSize = Math.min(pageSize, 1000);
  }
  if (pageToken === undefined && pageSize === undefined) return {};
  return { pageToken: pageToken ?? '', pageSize };
}

/** A list answer: `next-page-token` only when the client paginates (spec 1.6 rules). */
export function pagedBody<K extends string, T>(key: K, items: T[], page: PageRequest, nextPageToken: string | null): Record<string, unknown> {
  return page.pageToken === undefined ? { [key]: items } : { [key]: items, 'next-page-token': nextPageToken };
}

export function parseBoolean(raw: string | undefined, name: string, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (/^true$/i.test(raw)) return true;
  if (/^false$/i.test(raw)) return false;
  throw badRequest(`Invalid ${name} "${raw}": expected true or false`);
}
