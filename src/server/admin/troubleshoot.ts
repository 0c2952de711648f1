// /api/v1/troubleshoot (the guided troubleshooter's checks for a warehouse / catalog /
// table of the acting tenant) and /api/v1/warehouses/{name}/create-bucket (its one-click
// fix for a missing bucket). Tenant admins and root only.
import type { Router } from 'express';
import { troubleshootRequest } from '../../shared/api/troubleshoot.js';
import type { Authorizer } from '../auth/authorize.js';
import { principalOf } from '../auth/authenticate.js';
import { sendJson } from '../http/send.js';
import type { TroubleshootService } from '../troubleshoot/run.js';

export interface TroubleshootRouteDeps {
  authz: Authorizer;
  troubleshoot: TroubleshootService;
}

export function registerTroubleshootRoutes(r: Router, deps: TroubleshootRouteDeps): void {
  r.post('/troubleshoot', async (req, res) => {
    const tenantId = deps.authz.requireTenantAdmin(res, 'troubleshoot.run', 'troubleshoot');
    const body = troubleshootRequest.parse(req.body ?? {});
    sendJson(res, 200, await deps.troubleshoot.run(tenantId, body, { principal: principalOf(res), authorization: req.headers.authorization }));
  });

  r.post('/warehouses/:name/create-bucket', async (req, res) => {
    const tenantId = deps.authz.requireTenantAdmin(res, 'troubleshoot.create-bucket', `warehouse/${req.params.name}`);
    sendJson(res, 200, await deps.troubleshoot.createBucket(tenantId, req.params.name));
  });
}
