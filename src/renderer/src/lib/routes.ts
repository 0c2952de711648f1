// Hash routes (#/explorer?catalog=local&ns=a%1Fb&table=t). Hash routing keeps the app a
// single static index.html with relative assets: no server rewrite, works from file: too.
import { decodeNamespace, encodeNamespace } from './namespace.js';

type BaseRoute =
  | { page: 'status' }
  | { page: 'explorer'; catalog?: string; namespace?: string[]; table?: string }
  /** The list; `name` opens one for editing, `create` the empty form. */
  | { page: 'warehouses'; name?: string; create?: boolean }
  | { page: 'catalogs'; name?: string; create?: boolean }
  /** The guided troubleshooter, optionally with its target chosen. */
  | { page: 'troubleshoot'; catalog?: string; warehouse?: string; table?: string }
  /** Client snippets for a catalog. */
  | { page: 'connect'; catalog?: string }
  /** The bucket browser: a warehouse, the folder prefix shown, and the object previewed. */
  | { page: 'buckets'; warehouse?: string; prefix?: string; key?: string };

/** Identity screens (lib/access.ts: who may open which); a role opens by `name`. */
export type IdentityRoute = { page: 'tenants' | 'users' | 'service-users' | 'api-keys' | 'audit' } | { page: 'roles'; name?: string };
export type Route = BaseRoute | IdentityRoute;

const IDENTITY_PAGES: readonly string[] = ['tenants', 'users', 'service-users', 'roles', 'api-keys', 'audit'];
export const isIdentityRoute = (r: Route): r is IdentityRoute => IDENTITY_PAGES.includes(r.page);

export const DEFAULT_ROUTE: Route = { page: 'explorer' };

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = raw.split('?', 2);
  if (path === 'status') return { page: 'status' };
  if (IDENTITY_PAGES.includes(path)) return parseIdentityRoute(path as IdentityRoute['page'], query);
  if (path === 'troubleshoot' || path === 'connect' || path === 'buckets') return parseToolRoute(path, query);
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
  if (isIdentityRoute(route)) return route.page === 'roles' && route.name ? `#/roles?name=${encodeURIComponent(route.name)}` : `#/${route.page}`;
  if (route.page === 'troubleshoot' || route.page === 'connect' || route.page === 'buckets') return formatToolRoute(route);
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

type ToolRoute = Extract<Route, { page: 'troubleshoot' | 'connect' | 'buckets' }>;
const TOOL_PARAMS = { troubleshoot: ['catalog', 'warehouse', 'table'], connect: ['catalog'], buckets: ['warehouse', 'prefix', 'key'] } as const;

/** #/troubleshoot?catalog=a&table=db.t, #/connect?catalog=a: plain key=value parameters. */
function parseToolRoute(page: ToolRoute['page'], query: string): ToolRoute {
  const route: Record<string, string> = {};
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const key = pair.slice(0, eq);
    if (!(TOOL_PARAMS[page] as readonly string[]).includes(key)) continue;
    try {
      const value = decodeURIComponent(pair.slice(eq + 1));
      if (value) route[key] = value;
    } catch {
      // malformed percent-encoding: ignore the parameter
    }
  }
  return { ...route, page } as ToolRoute;
}

function formatToolRoute(route: ToolRoute): string {
  const q = TOOL_PARAMS[route.page].flatMap((k) => {
    const v = (route as Record<string, string | undefined>)[k];
    return v ? [`${k}=${encodeURIComponent(v)}`] : [];
  });
  return `#/${route.page}${q.length ? `?${q.join('&')}` : ''}`;
}

function parseIdentityRoute(page: IdentityRoute['page'], query: string): IdentityRoute {
  if (page !== 'roles') return { page };
  const m = /(?:^|&)name=([^&]*)/.exec(query);
  try {
    const name = m ? decodeURIComponent(m[1]!) : '';
    return name ? { page, name } : { page };
  } catch {
    return { page };
  }
}
