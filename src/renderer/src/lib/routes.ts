// Hash routes (#/explorer?catalog=local&ns=a%1Fb&table=t). Hash routing keeps the app a
// single static index.html with relative assets: no server rewrite, works from file: too.
import { decodeNamespace, encodeNamespace } from './namespace.js';

export type Route =
  | { page: 'status' }
  | { page: 'explorer'; catalog?: string; namespace?: string[]; table?: string }
  /** The list; `name` opens one for editing, `create` the empty form. */
  | { page: 'warehouses'; name?: string; create?: boolean }
  | { page: 'catalogs'; name?: string; create?: boolean };

export const DEFAULT_ROUTE: Route = { page: 'explorer' };

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = raw.split('?', 2);
  if (path === 'status') return { page: 'status' };
  if (path !== 'explorer' && path !== '' && path !== 'warehouses' && path !== 'catalogs') return DEFAULT_ROUTE;
  const params = new Map<string, string>();
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    params.set(key, value);
  }
  if (path === 'warehouses' || path === 'catalogs') {
    if (params.has('new')) return { page: path, create: true };
    try {
      const name = params.get('name');
      return name ? { page: path, name: decodeURIComponent(name) } : { page: path };
    } catch {
      return { page: path };
    }
  }
  const route: Route = { page: 'explorer' };
  try {
    const catalog = params.get('catalog');
    if (catalog) route.catalog = decodeURIComponent(catalog);
    const ns = params.get('ns');
    if (route.catalog && ns) route.namespace = decodeNamespace(ns);
    const table = params.get('table');
    if (route.namespace && table) route.table = decodeURIComponent(table);
  } catch {
    return DEFAULT_ROUTE; // malformed percent-encoding
  }
  return route;
}

export function formatRoute(route: Route): string {
  if (route.page === 'status') return '#/status';
  if (route.page === 'warehouses' || route.page === 'catalogs') {
    if (route.create) return `#/${route.page}?new`;
    return route.name ? `#/${route.page}?name=${encodeURIComponent(route.name)}` : `#/${route.page}`;
  }
  const q: string[] = [];
  if (route.catalog) {
    q.push(`catalog=${encodeURIComponent(route.catalog)}`);
    if (route.namespace?.length) {
      q.push(`ns=${encodeNamespace(route.namespace)}`);
      if (route.table) q.push(`table=${encodeURIComponent(route.table)}`);
    }
  }
  return q.length ? `#/explorer?${q.join('&')}` : '#/explorer';
}
