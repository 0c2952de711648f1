// /api/v1: the admin API used by the desktop UI. Grows with the tenancy issue; for now
// health, server status, warehouses, catalogs and the metrics reports clients sent.
import express, { type Router } from 'express';
import { authenticate, principalOf, type AuthDeps } from '../auth/authenticate.js';
import { principalTenant } from '../auth/principal.js';
import { sendJson } from '../http/send.js';
import { noSuchWarehouse } from '../iceberg/errors.js';
import { parseJson } from '../iceberg/json.js';
import { parsePage } from '../iceberg/routes/params.js';
import type { CatalogStore } from '../stores/types.js';
import { registerCatalogRoutes } from './catalogs.js';
import type { WarehouseService } from './warehouse-service.js';
import { registerWarehouseRoutes } from './warehouses.js';

export interface AdminDeps {
  store: CatalogStore;
  version: string;
  startedAt: string;
  info: () => { storeType: string; dataDir: string; bindAddress: string; port: number | null };
  defaultTenantId: () => string;
  warehouses: WarehouseService;
}

export function createAdminRouter(deps: AdminDeps, auth: AuthDeps): Router {
  const r = express.Router();
  r.get('/health', (_req, res) => sendJson(res, 200, { status: 'ok', version: deps.version }));
  r.use(authenticate(auth));

  r.get('/server/status', async (_req, res) => {
    const tenantId = principalTenant(principalOf(res), deps.defaultTenantId());
    const catalogs = await deps.store.listCatalogs(tenantId);
    const out = [];
    for (const c of catalogs.items) {
      const w = await deps.store.getWarehouse({ id: c.warehouseId });
      out.push({ name: c.name, warehouse: w?.name ?? null, location: w?.location ?? null });
    }
    sendJson(res, 200, { version: deps.version, ...deps.info(), startedAt: deps.startedAt, catalogs: out });
  });

  registerWarehouseRoutes(r, deps.warehouses, deps.defaultTenantId);
  registerCatalogRoutes(r, deps.store, deps.defaultTenantId);

  r.get('/catalogs/:catalog/metrics-reports', async (req, res) => {
    const tenantId = principalTenant(principalOf(res), deps.defaultTenantId());
    const catalog = await deps.store.getCatalog({ tenantId, name: req.params.catalog });
    if (!catalog) throw noSuchWarehouse(`Catalog "${req.params.catalog}" does not exist`);
    const page = await deps.store.listMetricsReports(catalog.id, parsePage(req));
    sendJson(res, 200, {
      reports: page.items.map((r) => ({ id: r.id, namespace: r.namespace, table: r.table, reportType: r.reportType, receivedAt: r.receivedAt, report: parseJson(r.reportJson) })),
      nextPageToken: page.nextPageToken,
    });
  });
  return r;
}
