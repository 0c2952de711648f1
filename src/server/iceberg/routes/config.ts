import type { Router } from 'express';
import { actingTenant } from '../../auth/authorize.js';
import { sendJson } from '../../http/send.js';
import { firstQuery } from './params.js';
import { servedEndpoints } from './endpoints.js';
import type { IcebergRouteDeps } from './deps.js';

/** GET /v1/config?warehouse=<catalog>: the catalog becomes the client's {prefix}. */
export function registerConfigRoute(router: Router, deps: IcebergRouteDeps): void {
  router.get('/config', async (req, res) => {
    const warehouse = firstQuery(req, 'warehouse') || undefined;
    const ctx = await deps.resolveCatalog(actingTenant(res), warehouse);
    // A client may configure itself for a catalog it holds some grant in (on anything inside).
    await deps.authz.requireVisible(res, 'catalog.config', { catalog: ctx.catalog.name });
    sendJson(res, 200, {
      defaults: {},
      overrides: { prefix: ctx.catalog.name },
      endpoints: servedEndpoints(deps.store.capabilities()),
    });
  });
}
