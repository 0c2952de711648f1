import type { Router } from 'express';
import { principalOf } from '../../auth/authenticate.js';
import { sendJson } from '../../http/send.js';
import { firstQuery } from './params.js';
import { SERVED_ENDPOINTS } from './endpoints.js';
import type { IcebergRouteDeps } from './deps.js';

/** GET /v1/config?warehouse=<catalog>: the catalog becomes the client's {prefix}. */
export function registerConfigRoute(router: Router, deps: IcebergRouteDeps): void {
  router.get('/config', async (req, res) => {
    const warehouse = firstQuery(req, 'warehouse') || undefined;
    const ctx = await deps.resolveCatalog(principalOf(res), warehouse);
    sendJson(res, 200, {
      defaults: {},
      overrides: { prefix: ctx.catalog.name },
      endpoints: SERVED_ENDPOINTS,
    });
  });
}
