import type { Router } from 'express';
import { actingTenant } from '../../auth/authorize.js';
import { sendJson } from '../../http/send.js';
import type { VendingStrategy } from '../../vending/types.js';
import type { Warehouse } from '../../stores/types.js';
import { firstQuery } from './params.js';
import { servedEndpoints } from './endpoints.js';
import type { IcebergRouteDeps } from './deps.js';

/**
 * Client defaults: `header.*` properties become request headers in PyIceberg and Iceberg
 * Java, so a vending warehouse asks clients to request its credentials (a client's own
 * setting still wins: defaults rank below client properties).
 */
export function configDefaults(warehouse: Pick<Warehouse, 'vendingStrategy'>): Record<string, string> {
  const type = (warehouse.vendingStrategy as VendingStrategy | null)?.type ?? 'none';
  if (type === 'none') return {};
  return { 'header.X-Iceberg-Access-Delegation': type === 'S3RemoteSigning' ? 'remote-signing' : 'vended-credentials' };
}

/** GET /v1/config?warehouse=<catalog>: the catalog becomes the client's {prefix}. */
export function registerConfigRoute(router: Router, deps: IcebergRouteDeps): void {
  router.get('/config', async (req, res) => {
    const warehouse = firstQuery(req, 'warehouse') || undefined;
    const ctx = await deps.resolveCatalog(actingTenant(res), warehouse);
    // A client may configure itself for a catalog it holds some grant in (on anything inside).
    await deps.authz.requireVisible(res, 'catalog.config', { catalog: ctx.catalog.name });
    sendJson(res, 200, {
      defaults: configDefaults(ctx.warehouse),
      overrides: { prefix: ctx.catalog.name },
      endpoints: servedEndpoints(deps.store.capabilities()),
    });
  });
}
