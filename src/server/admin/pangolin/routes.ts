// Pangolin 0.8's spellings of routes we have under other names: PUT for our PATCH of one
// tenant, warehouse, catalog, user or service user; GET /api/v1/users/me (our /me);
// GET /api/v1/app-config; and the liveness/readiness probes at /health, /health/live,
// /health/ready (outside /api, as Pangolin serves them).
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Logger } from '../../logger.js';
import { sendJson } from '../../http/send.js';
import type { CatalogStore } from '../../stores/types.js';

const PUT_AS_PATCH = /^\/(tenants|warehouses|catalogs|users|service-users)\/[^/]+\/?$/;

/** Pangolin updates with PUT and a partial body, which is what our PATCH takes. */
export function putAsPatch(req: Request, _res: Response, next: NextFunction): void {
  if (req.method === 'PUT' && PUT_AS_PATCH.test(req.path)) req.method = 'PATCH';
  next();
}

/** Pangolin's /api/v1/app-config (public): whether sign-in is required. */
export function appConfigAnswer(noAuth: boolean): { auth_enabled: boolean } {
  return { auth_enabled: !noAuth };
}

/** /health (= ready), /health/live, /health/ready with Pangolin's answers; ready asks the store. */
export function createHealthRouter(store: Pick<CatalogStore, 'listTenants'>, logger: Logger): Router {
  const r = express.Router();
  r.get('/live', (_req, res) => sendJson(res, 200, { status: 'alive' }));
  r.get(['/', '/ready'], async (_req, res) => {
    const started = Date.now();
    try {
      await store.listTenants({ pageSize: 1 });
      sendJson(res, 200, { status: 'ready', store: 'ok', store_latency_ms: Date.now() - started });
    } catch (e) {
      // The reason goes to the log, not to an unauthenticated caller.
      logger.warn({ err: e }, 'readiness probe failed: the metadata store did not answer');
      sendJson(res, 503, { status: 'unready', store: 'unreachable' });
    }
  });
  return r;
}
