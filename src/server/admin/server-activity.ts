// GET /api/v1/server/requests: the recent requests and errors the server answered (the
// Server page). Tenant admins see their tenant's requests; root sees every request,
// including the ones refused before a tenant was known (failed logins).
import type { Router } from 'express';
import type { RecentRequestsResponse } from '../../shared/api/troubleshoot.js';
import type { Authorizer } from '../auth/authorize.js';
import { principalOf } from '../auth/authenticate.js';
import type { RecentRequests } from '../http/recent-requests.js';
import { sendJson } from '../http/send.js';

export interface ServerActivityDeps {
  authz: Authorizer;
  recentRequests: RecentRequests;
}

export function registerServerActivityRoutes(r: Router, deps: ServerActivityDeps): void {
  r.get('/server/requests', (_req, res) => {
    const tenantId = deps.authz.requireTenantAdmin(res, 'server.read-requests', 'server/requests');
    res.locals.skipRecent = true; // the page polls this: keep it out of the list it shows
    const root = principalOf(res).kind === 'root';
    const { requests, errors } = deps.recentRequests.list(root ? undefined : (e) => e.tenantId === tenantId);
    const body: RecentRequestsResponse = { capacity: { requests: deps.recentRequests.requestCapacity, errors: deps.recentRequests.errorCapacity }, requests, errors };
    sendJson(res, 200, body);
  });
}
