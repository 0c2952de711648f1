// The identity admin API under /api/v1: tenants, users, service users, API keys, roles
// with their members and grants, and the audit log. Mounted after authenticate; every
// route asks the Authorizer (or marks a self-service action) before acting, so changes
// are audited when they finish.
import type { Router } from 'express';
import type { AuditLog } from '../auth/audit-log.js';
import { registerApiKeyRoutes } from './api-keys.js';
import { registerAuditRoutes } from './audit.js';
import type { IdentityAuth, IdentityDeps, IdentityLogins } from './identity-common.js';
import { registerRoleRoutes } from './roles.js';
import { registerServiceUserRoutes } from './service-users.js';
import { registerTenantRoutes } from './tenants.js';
import { registerUserRoutes } from './users.js';

export function registerIdentityRoutes(r: Router, deps: IdentityDeps & { audit: Pick<AuditLog, 'flush'> }, auth: IdentityAuth, logins: IdentityLogins): void {
  registerTenantRoutes(r, deps);
  registerUserRoutes(r, deps, auth, logins);
  registerServiceUserRoutes(r, deps);
  registerApiKeyRoutes(r, deps);
  registerRoleRoutes(r, deps);
  registerAuditRoutes(r, deps, deps.audit);
}
