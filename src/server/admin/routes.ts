// /api/v1: the admin API used by the desktop UI: health and sign-in (public), then for a
// signed-in caller server status, warehouses, catalogs, identities, roles and grants, audit.
// Every route asks the Authorizer before acting; changes are audited when they finish.
import express, { type Router } from 'express';
import { authenticate, type AuthDeps } from '../auth/authenticate.js';
import { sendJson } from '../http/send.js';
import { noSuchWarehouse } from '../iceberg/errors.js';
import { parseJson } from '../iceberg/json.js';
import { adminPage } from './identity-common.js';
import type { CatalogStore } from '../stores/types.js';
import { registerCatalogRoutes } from './catalogs.js';
import type { WarehouseService } from './warehouse-service.js';
import { actingTenant, requestPrincipal, type Authorizer } from '../auth/authorize.js';
import { auditMutations, type AuditLog } from '../auth/audit-log.js';
import { LoginService } from '../auth/logins.js';
import { registerPublicAuthRoutes, registerSessionRoutes } from './login-routes.js';
import { registerIdentityRoutes } from './identity-routes.js';
import { registerWarehouseRoutes } from './warehouses.js';
import { registerBucketRoutes } from './bucket-browser.js';
import { registerTableInspectorRoutes } from './table-inspector.js';
import { registerTroubleshootRoutes } from './troubleshoot.js';
import { registerServerActivityRoutes } from './server-activity.js';
import { putAsPatch } from './pangolin/routes.js';
import type { TroubleshootService } from '../troubleshoot/run.js';
import type { RecentRequests } from '../http/recent-requests.js';
import type { ObjectStore } from '../storage/types.js';
import type { ResolveCatalog } from '../iceberg/catalog-context.js';
import type { TableService } from '../iceberg/services/tables.js';
import type { Logger } from '../logger.js';

export interface AdminDeps {
  store: CatalogStore;
  version: string;
  startedAt: string;
  info: () => { storeType: string; dataDir: string; bindAddress: string; port: number | null };
  defaultTenantId: () => string;
  warehouses: WarehouseService;
  /** Every route asks it before acting (see auth/authorize.ts). */
  authz: Authorizer;
  audit: AuditLog;
  /** A warehouse's object store from its stored (encrypted) storage_config: the bucket browser. */
  storageFor: (location: string, storageConfig: Record<string, string>) => Promise<ObjectStore>;
  /** Catalog and table lookups for the table inspector (as the Iceberg routes do them). */
  resolveCatalog: ResolveCatalog;
  tables: TableService;
  /** The guided troubleshooter (/troubleshoot, /warehouses/{name}/create-bucket). */
  troubleshoot: TroubleshootService;
  /** Recent requests and errors for the Server page (/server/requests). */
  recentRequests: RecentRequests;
  /** For failures that cannot reach the client (a clean-up after a failed create). */
  logger: Logger;
}

export function createAdminRouter(deps: AdminDeps, auth: AuthDeps): Router {
  const r = express.Router();
  r.use(putAsPatch);
  r.get('/health', (_req, res) => sendJson(res, 200, { status: 'ok', version: deps.version }));
  const logins = new LoginService(auth);
  registerPublicAuthRoutes(r, auth, logins, deps.audit);
  r.use(authenticate(auth));
  r.use(auditMutations(deps.audit));
  registerSessionRoutes(r, auth, logins);
  registerIdentityRoutes(r, deps, auth, logins);

  // What this server is and the caller's catalogs (only those it can see).
  r.get('/server/status', async (_req, res) => {
    const catalogs = await deps.store.listCatalogs(actingTenant(res));
    const visible = await deps.authz.visibility(res);
    const out = [];
    for (const c of catalogs.items.filter((c) => visible({ catalog: c.name }))) {
      const w = await deps.store.getWarehouse({ id: c.warehouseId });
      out.push({ name: c.name, warehouse: w?.name ?? null, location: w?.location ?? null });
    }
    const info = deps.info();
    // The data dir is the server's own (database, keys): tenants, even their admins, are not told where it is.
    const root = requestPrincipal(res).kind === 'root';
    sendJson(res, 200, { version: deps.version, store_type: info.storeType, data_dir: root ? info.dataDir : null, bind_address: info.bindAddress, port: info.port, started_at: deps.startedAt, catalogs: out });
  });

  registerWarehouseRoutes(r, deps.warehouses, deps.authz);
  registerCatalogRoutes(r, deps.store, deps.authz, deps.warehouses, deps.logger);
  registerBucketRoutes(r, deps);
  registerTableInspectorRoutes(r, deps);
  registerTroubleshootRoutes(r, deps);
  registerServerActivityRoutes(r, deps);

  r.get('/catalogs/:catalog/metrics-reports', async (req, res) => {
    await deps.authz.require(res, 'catalog.metrics-reports', 'read', { catalog: req.params.catalog });
    const catalog = await deps.store.getCatalog({ tenantId: actingTenant(res), name: req.params.catalog });
    if (!catalog) throw noSuchWarehouse(`Catalog "${req.params.catalog}" does not exist`);
    const page = await deps.store.listMetricsReports(catalog.id, adminPage(req));
    sendJson(res, 200, {
      reports: page.items.map((r) => ({ id: r.id, namespace: r.namespace, table: r.table, report_type: r.reportType, received_at: r.receivedAt, report: parseJson(r.reportJson) })),
      next_page_token: page.nextPageToken,
    });
  });
  return r;
}
