// Mounts the Iceberg REST API under /v1 and /v1/{prefix} (clients drop the prefix
// segment when the config gives none), and Pangolin's /v1/{catalog}/v1/... style onto it.
import express, { type Router } from 'express';
import type { AuthDeps } from '../../auth/authenticate.js';
import { authenticate } from '../../auth/authenticate.js';
import { auditMutations } from '../../auth/audit-log.js';
import { badRequest } from '../errors.js';
import { rewriteCatalogPath } from './catalog-path.js';
import { registerConfigRoute } from './config.js';
import type { IcebergRouteDeps } from './deps.js';
import { registerMetricsRoute } from './metrics.js';
import { registerNamespaceRoutes } from './namespaces.js';
import { registerOAuthRoute } from './oauth.js';
import { registerSignRoutes } from './sign.js';
import { registerTableRoutes } from './tables.js';
import { registerViewRoutes } from './views.js';

/** Catalog names that would shadow an unprefixed route. */
export const RESERVED_CATALOG_NAMES = new Set(['config', 'oauth', 'namespaces', 'tables', 'views', 'transactions', 'sign']);

export function createIcebergRouter(deps: IcebergRouteDeps, auth: AuthDeps): Router {
  const v1 = express.Router();
  // Before everything else, so /v1/{catalog}/v1/oauth/tokens meets the token route too.
  v1.use((req, _res, next) => {
    const rewrite = rewriteCatalogPath(req.url, RESERVED_CATALOG_NAMES);
    if (rewrite && 'error' in rewrite) return next(badRequest(rewrite.error));
    if (rewrite) req.url = rewrite.url;
    next();
  });
  registerOAuthRoute(v1, auth);
  v1.use(authenticate(auth));
  v1.use(auditMutations(deps.audit));
  registerConfigRoute(v1, deps);

  const catalogRoutes = express.Router({ mergeParams: true });
  registerNamespaceRoutes(catalogRoutes, deps);
  registerTableRoutes(catalogRoutes, deps);
  registerMetricsRoute(catalogRoutes, deps);
  registerViewRoutes(catalogRoutes, deps);
  registerSignRoutes(catalogRoutes, deps);

  // Unprefixed paths start with a reserved word (no catalog may be named so). A path that
  // starts with anything else can only be /{prefix}/..., so it skips the unprefixed mount
  // and its ~30 failed route matches (every loadTable through a prefix paid them).
  const heads = routeHeads(catalogRoutes);
  v1.use('/', (req, res, next) => (heads === undefined || heads.has(firstSegment(req.path)) ? catalogRoutes(req, res, next) : next()));
  v1.use('/:prefix', catalogRoutes);
  return v1;
}

/**
 * The first path segments of a router's routes (lower case: routing ignores case), or
 * undefined when it has a layer that is not a plain route (then every path is tried).
 */
function routeHeads(router: Router): Set<string> | undefined {
  const heads = new Set<string>();
  for (const layer of (router as unknown as { stack?: { route?: { path?: unknown } }[] }).stack ?? []) {
    const path = layer.route?.path;
    if (typeof path !== 'string' || !/^\/[a-z]+(\/|$)/i.test(path)) return undefined;
    heads.add(path.split('/')[1].toLowerCase());
  }
  return heads.size > 0 ? heads : undefined;
}

function firstSegment(path: string): string {
  const end = path.indexOf('/', 1);
  return (end < 0 ? path.slice(1) : path.slice(1, end)).toLowerCase();
}
