// /api/v1/users: a tenant admin manages the tenant's users (people who sign in with a
// password); every user may read itself, list its roles, end its sessions and change its
// own password. Password hashes never leave the server. Ids of another tenant are "not found".
import { randomUUID } from 'node:crypto';
import type { Response, Router } from 'express';
import { changePasswordRequest, createUserRequest, updateUserRequest, type UserResponse } from '../../shared/api/identity.js';
import { actingTenant, requestPrincipal } from '../auth/authorize.js';
import { endUserSessions } from '../auth/logins.js';
import { namedTenantId, signInClient } from '../auth/authenticate.js';
import { passwordProblem } from '../auth/password-policy.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { sendJson, sendNoContent } from '../http/send.js';
import { badRequest, forbidden } from '../iceberg/errors.js';
import type { User, UserPatch } from '../stores/identity-types.js';
import { adminPage, findUser, keepOneAdmin, markSelf, type IdentityAuth, type IdentityDeps, type IdentityLogins } from './identity-common.js';
import { principalResponse } from './login-routes.js';
import { toRoleResponse } from './roles.js';
import { fromPangolinUser, fromPangolinUserUpdate } from './pangolin/forms.js';

export const toUserResponse = (u: User): UserResponse => ({
  id: u.id,
  username: u.username,
  email: u.email ?? null,
  role: u.role,
  disabled: !!u.disabled,
  created_at: u.createdAt,
  updated_at: u.updatedAt,
});

function checkPassword(password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw badRequest(`This password is refused: ${problem}. Choose a longer, less guessable one`);
}

const isEnabledAdmin = (u: User): boolean => u.role === 'tenant-admin' && !u.disabled;

export function registerUserRoutes(r: Router, { store, authz }: IdentityDeps, auth: IdentityAuth, logins: IdentityLogins): void {
  /**
   * The user named by the path (id or user name): the caller itself needs no admin role,
   * anyone else must be a tenant admin (asked before the lookup, so nobody probes ids).
   */
  async function selfOrAdmin(res: Response, param: string, action: string): Promise<User> {
    const p = requestPrincipal(res);
    const maybeSelf = p.kind === 'user' && (param === p.id || param === p.name);
    const resource = `user/${param}`;
    const tenantId = maybeSelf ? actingTenant(res) : authz.requireTenantAdmin(res, action, resource);
    const u = await findUser(store, tenantId, param);
    if (maybeSelf) {
      if (u.id === p.id) markSelf(res, action, resource);
      else authz.requireTenantAdmin(res, action, resource);
    }
    return u;
  }

  // Self-service; before /users/:id so "me" is not taken for a user.
  r.patch('/users/me/password', async (req, res) => {
    const body = changePasswordRequest.parse(req.body);
    const p = requestPrincipal(res);
    if (p.kind !== 'user') {
      throw badRequest(
        p.kind === 'root'
          ? "The root user's password is PANGOLIN_ROOT_PASSWORD (or the desktop app's settings), not changed through the API"
          : 'Service users have a secret, not a password: rotate it with POST /api/v1/service-users/{client_id}/rotate-secret',
      );
    }
    markSelf(res, 'user.change-password', `user/${p.id}`);
    // A wrong current password counts as a failed sign-in, so a stolen token cannot guess it.
    const client = signInClient(req);
    const u = await auth.limiter.attempt(`user:${p.tenantId}:${p.name}`, client, async () => {
      const found = await store.getUser({ id: p.id });
      return found && (await verifyPassword(body.current_password, found.passwordHash)) ? found : undefined;
    });
    if (!u) throw forbidden('The current password is not correct');
    if (body.new_password === body.current_password) throw badRequest('The new password is the same as the current one');
    checkPassword(body.new_password, u.username);
    await store.updateUser(u.id, { passwordHash: await hashPassword(body.new_password) });
    // Every session ends (a thief's too); a caller signed in with a session gets a new one.
    const ended = await endUserSessions(store, u.id);
    let session = null;
    if (p.sessionId !== undefined) {
      const tenant = await store.getTenant({ id: u.tenantId });
      const { principal, ...tokens } = await logins.login({ tenant: tenant?.name, username: u.username, password: body.new_password }, client);
      session = { ...tokens, principal: await principalResponse(store, principal) };
    }
    if (session) res.setHeader('Cache-Control', 'no-store');
    sendJson(res, 200, { changed: true, sessions_ended: ended, session });
  });

  r.get('/users', async (req, res) => {
    const tenantId = authz.requireTenantAdmin(res, 'user.list', 'user');
    const page = await store.listUsers(tenantId, adminPage(req));
    sendJson(res, 200, { users: page.items.map(toUserResponse), next_page_token: page.nextPageToken });
  });

  r.post('/users', async (req, res) => {
    const form = fromPangolinUser(req.body);
    const body = createUserRequest.parse(form.body);
    const id = randomUUID();
    // Pangolin's root names the user's tenant in the body (id or name), as X-Pangolin-Tenant does.
    if (form.extra?.tenant) res.locals.tenantId = await namedTenantId(store, requestPrincipal(res), form.extra.tenant, 'tenant_id');
    const tenantId = authz.requireTenantAdmin(res, 'user.create', `user/${id}`);
    checkPassword(body.password, body.username);
    const now = new Date().toISOString();
    const u = await store.createUser({
      id,
      tenantId,
      username: body.username,
      ...(body.email !== undefined ? { email: body.email } : {}),
      passwordHash: await hashPassword(body.password),
      role: body.role,
      disabled: body.disabled,
      createdAt: now,
      updatedAt: now,
    });
    sendJson(res, 201, toUserResponse(u));
  });

  r.get('/users/:id', async (req, res) => {
    sendJson(res, 200, toUserResponse(await selfOrAdmin(res, req.params.id, 'user.read')));
  });

  r.patch('/users/:id', async (req, res) => {
    const body = updateUserRequest.parse(fromPangolinUserUpdate(req.body).body);
    const tenantId = authz.requireTenantAdmin(res, 'user.update', `user/${req.params.id}`);
    const u = await findUser(store, tenantId, req.params.id);
    if (body.password !== undefined) checkPassword(body.password, body.username ?? u.username);
    if (isEnabledAdmin(u) && (body.role === 'tenant-user' || body.disabled === true)) {
      await keepOneAdmin(store, res, tenantId, { kind: 'user', id: u.id, label: `User "${u.username}"` });
    }
    const patch: UserPatch = {};
    if (body.username !== undefined) patch.username = body.username;
    if (body.email !== undefined) patch.email = body.email;
    if (body.role !== undefined) patch.role = body.role;
    if (body.disabled !== undefined) patch.disabled = body.disabled;
    if (body.password !== undefined) patch.passwordHash = await hashPassword(body.password);
    const next = await store.updateUser(u.id, patch);
    // A password set by an admin ends the sessions started with the old one.
    if (body.password !== undefined) await endUserSessions(store, u.id);
    sendJson(res, 200, toUserResponse(next));
  });

  r.delete('/users/:id', async (req, res) => {
    const tenantId = authz.requireTenantAdmin(res, 'user.delete', `user/${req.params.id}`);
    const u = await findUser(store, tenantId, req.params.id);
    if (isEnabledAdmin(u)) await keepOneAdmin(store, res, tenantId, { kind: 'user', id: u.id, label: `User "${u.username}"` });
    // Its sessions, API keys and role assignments go with it.
    await store.deleteUser(u.id);
    sendNoContent(res);
  });

  r.post('/users/:id/revoke-sessions', async (req, res) => {
    const u = await selfOrAdmin(res, req.params.id, 'user.revoke-sessions');
    sendJson(res, 200, { sessions_ended: await endUserSessions(store, u.id) });
  });

  r.get('/users/:id/roles', async (req, res) => {
    const u = await selfOrAdmin(res, req.params.id, 'user.roles');
    const page = await store.listPrincipalRoles(u.tenantId, 'user', u.id, adminPage(req));
    sendJson(res, 200, { roles: page.items.map(toRoleResponse), next_page_token: page.nextPageToken });
  });
}
