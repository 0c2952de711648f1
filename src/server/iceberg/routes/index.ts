// Mounts the Iceberg REST API under /v1 and /v1/{prefix} (clients drop the prefix
// segment when the config gives none).
import express, { type Router } from 'express';
import type { AuthDeps } from '../../auth/authenticate.js';
import { authenticate } from '../../auth/authenticate.js';
import { auditMutations } from '../../auth/audit-log.js';
import { registerConfigRoute } from './config.js';
import type { IcebergRouteDeps } from './deps.js';
import { registerNamespaceRoutes } from './namespaces.js';
import { registerOAuthRoute } from './oauth.js';
import { registerSignRoutes } from './sign.js';
import { registerTableRoutes } from './tables.js';
import { registerViewRoutes } from './views.js';

/** Catalog names that would shadow an unprefixed route. */
export const RESERVED_CATALOG_NAMES = new Set(['config', 'oauth', 'namespaces', 'tables', 'views', 'transactions', 'sign']);

export function createIcebergRouter(deps: IcebergRouteDeps, auth: AuthDeps): Router {
  const v1 = express.Router();
  registerOAuthRoute(v1, auth);
  v1.use(authenticate(auth));
  v1.use(auditMutations(deps.audit));
  registerConfigRoute(v1, deps);

  const catalogRoutes = express.Router({ mergeParams: true });
  registerNamespaceRoutes(catalogRoutes, deps);
  registerTableRoutes(catalogRoutes, deps);
  registerViewRoutes(catalogRoutes, deps);
  registerSignRoutes(catalogRoutes, deps);

  v1.use('/', catalogRoutes);
  v1.use('/:prefix', catalogRoutes);
  return v1;
}
