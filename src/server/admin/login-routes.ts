// Sign-in for people: /api/v1/users/login (password → access + refresh token), refresh,
// logout, /api/v1/me (who am I), and the public /api/v1/auth/config the UI starts from.
import type { Response, Router } from 'express';
import { authConfigResponse, loginRequest, logoutRequest, refreshRequest, type PrincipalResponse } from '../../shared/api/auth.js';
import { auditSignInFailure, clientAddress, principalOf, signInClient, type AuthDeps } from '../auth/authenticate.js';
import type { AuditLog } from '../auth/audit-log.js';
import type { LoginService, LoginResult } from '../auth/logins.js';
import { principalId, type Principal } from '../auth/principal.js';
import { sendJson } from '../http/send.js';
import type { CatalogStore } from '../stores/types.js';
import { fromPangolinLogin, pangolinLoginExtras } from './pangolin/forms.js';
import { appConfigAnswer } from './pangolin/routes.js';

export async function principalResponse(store: CatalogStore, p: Principal, actingTenantId?: string): Promise<PrincipalResponse> {
  const tenantId = p.kind === 'root' ? actingTenantId : p.tenantId;
  const tenant = tenantId ? await store.getTenant({ id: tenantId }) : undefined;
  return {
    kind: p.kind,
    id: principalId(p),
    name: p.name,
    role: p.kind === 'root' ? 'root' : p.role,
    tenant: tenant ? { id: tenant.id, name: tenant.name } : null,
    via_api_key: p.kind !== 'root' && p.apiKeyId !== undefined,
  };
}

async function sendLogin(res: Response, store: CatalogStore, r: LoginResult, pangolin = false): Promise<void> {
  const { principal, ...tokens } = r;
  const p = await principalResponse(store, principal);
  sendJson(res, 200, { ...tokens, principal: p, ...(pangolin ? pangolinLoginExtras(p, tokens.expires_in) : {}) });
}

/** Routes that need no credentials (mounted before authenticate). */
export function registerPublicAuthRoutes(r: Router, auth: AuthDeps, logins: LoginService, audit: AuditLog): void {
  r.get('/auth/config', (_req, res) => {
    sendJson(res, 200, authConfigResponse.parse({ mode: auth.noAuth ? 'none' : 'required', root_login: Boolean(auth.rootUser && auth.rootPassword), login_path: '/api/v1/users/login' }));
  });

  r.get('/app-config', (_req, res) => sendJson(res, 200, appConfigAnswer(auth.noAuth)));

  r.post('/users/login', async (req, res) => {
    const form = fromPangolinLogin(req.body);
    const body = loginRequest.parse(form.body);
    try {
      const result = await logins.login(body, signInClient(req));
      audit.record(result.principal.kind === 'root' ? null : result.principal.tenantId, result.principal, { action: 'user.login', resource: `user/${body.username}`, outcome: 'allowed' }, { requestId: res.locals.requestId, address: clientAddress(req) });
      await sendLogin(res, auth.store, result, form.pangolin);
    } catch (e) {
      // login.failed: who was tried, why, from where (the tenant's log, root's in the system log); never the password.
      auditSignInFailure(audit, e, req, res);
      throw e;
    }
  });

  r.post('/users/refresh', async (req, res) => {
    const body = refreshRequest.parse(req.body);
    try {
      await sendLogin(res, auth.store, await logins.refresh(body.refresh_token));
    } catch (e) {
      auditSignInFailure(audit, e, req, res);
      throw e;
    }
  });
}

/** Routes for a signed-in caller (mounted after authenticate). */
export function registerSessionRoutes(r: Router, auth: AuthDeps, logins: LoginService): void {
  r.post('/users/logout', async (req, res) => {
    const body = logoutRequest.parse(req.body ?? {});
    const p = principalOf(res);
    res.locals.auditAction = 'user.logout';
    res.locals.auditResource = `user/${p.name}`;
    const ended =
      p.kind === 'root'
        ? await logins.logoutRoot(p.sessionId)
        : await logins.logout({ ...(body.refresh_token ? { refreshToken: body.refresh_token } : {}), ...(p.kind === 'user' && p.sessionId ? { sessionId: p.sessionId } : {}) });
    if (!body.everywhere) return sendJson(res, 200, { logged_out: ended });
    // Every session of the caller (root: every root session), this one included.
    res.locals.auditAction = 'user.logout-everywhere';
    sendJson(res, 200, { logged_out: ended, sessions_ended: (ended ? 1 : 0) + (await logins.endAllSessions(p)) });
  });

  r.get('/me', async (_req, res) => {
    sendJson(res, 200, await principalResponse(auth.store, principalOf(res), res.locals.tenantId as string | undefined));
  });

  // Pangolin's spelling (before /users/:id, so "me" is not taken for a user name), with its user fields too.
  r.get('/users/me', async (_req, res) => {
    const p = await principalResponse(auth.store, principalOf(res), res.locals.tenantId as string | undefined);
    sendJson(res, 200, { ...p, username: p.name, 'tenant-id': p.tenant?.id ?? null });
  });
}
