import type { Request, Response } from 'express';
import { actingTenant } from '../../auth/authorize.js';
import type { Target } from '../../auth/permissions.js';
import type { Privilege } from '../../stores/identity-types.js';
import type { Authorizer } from '../../auth/authorize.js';
import type { AuditLog } from '../../auth/audit-log.js';
import type { Logger } from '../../logger.js';
import type { SecretCipher } from '../../secrets/cipher.js';
import type { EndpointPolicy } from '../../storage/endpoint-policy.js';
import type { CatalogStore } from '../../stores/types.js';
import type { CatalogContext, ResolveCatalog } from '../catalog-context.js';
import type { MetricsLimiter } from '../services/metrics-limiter.js';
import type { NamespaceService } from '../services/namespaces.js';
import type { TableService } from '../services/tables.js';
import type { ViewService } from '../services/views.js';

export interface IcebergRouteDeps {
  store: CatalogStore;
  logger: Logger;
  resolveCatalog: ResolveCatalog;
  namespaces: NamespaceService;
  tables: TableService;
  views: ViewService;
  /** Decrypts warehouse secrets (storage keys) for storage access and vending. */
  cipher: SecretCipher;
  /** Every route asks it before acting (see auth/authorize.ts). */
  authz: Authorizer;
  audit: AuditLog;
  /** Which endpoints credential vending may call (PANGOLIN_STORAGE_ENDPOINT_ALLOW). */
  endpointPolicy?: EndpointPolicy;
  /** Metrics reports per principal (PANGOLIN_METRICS_REPORTS_PER_MINUTE); a default one when absent. */
  metricsLimiter?: MetricsLimiter;
  /** Metrics reports kept per catalog (default DEFAULT_METRICS_REPORTS_KEEP). */
  metricsReportsKeep?: number;
}

/** The catalog addressed by this request's {prefix} (or the default catalog) in the acting tenant. */
export function catalogFor(deps: IcebergRouteDeps, req: Request, res: Response): Promise<CatalogContext> {
  const prefix = (req.params as Record<string, string | undefined>).prefix;
  return deps.resolveCatalog(actingTenant(res), prefix);
}

/** What a request touches inside its catalog (the catalog itself is the context's). */
export type Inside = Omit<Target, 'catalog'>;

/**
 * Resolves the request's catalog, then asks the Authorizer for `privilege` on `inside`
 * of it ('see': any grant on or within it, as for loading a namespace). Throws 403 naming
 * what is missing.
 */
export async function authorizedCatalog(deps: IcebergRouteDeps, req: Request, res: Response, action: string, privilege: Privilege | 'see', inside: Inside = {}): Promise<CatalogContext> {
  const ctx = await catalogFor(deps, req, res);
  const target: Target = { catalog: ctx.catalog.name, ...inside };
  if (privilege === 'see') await deps.authz.requireVisible(res, action, target);
  else await deps.authz.require(res, action, privilege, target);
  return ctx;
}

/** The enclosing scope a new namespace is created in: the parent namespace, or the catalog. */
export const parentOf = (namespace: string[]): Inside => (namespace.length > 1 ? { namespace: namespace.slice(0, -1) } : {});
