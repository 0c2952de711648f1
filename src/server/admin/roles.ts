// /api/v1/roles: named sets of grants a tenant admin gives to users and service users.
// A grant gives privileges on a catalog, a namespace in it, or one table or view. Besides
// tenant admins, a holder of manage-grants on a scope may add and remove grants inside it,
// but only of privileges it holds there itself, and never to a role it holds (no escalation).
import { randomUUID } from 'node:crypto';
import type { Response, Router } from 'express';
import { createGrantRequest, createRoleRequest, principalKind, updateRoleRequest, type GrantResponse, type RoleResponse } from '../../shared/api/identity.js';
import { actingTenant, requestPrincipal } from '../auth/authorize.js';
import { bypassesGrants, describeTarget, targetResource } from '../auth/permissions.js';
import { describePrincipal, principalId } from '../auth/principal.js';
import { sendJson, sendNoContent } from '../http/send.js';
import { badRequest, noSuchWarehouse, notFound } from '../iceberg/errors.js';
import { pickScope, type Grant, type GrantScope, type Privilege, type Role, type RolePatch } from '../stores/identity-types.js';
import { adminPage, findPrincipal, findRole, toApiKind, type IdentityDeps } from './identity-common.js';

export const toRoleResponse = (r: Role): RoleResponse => ({ id: r.id, name: r.name, description: r.description ?? '', created_at: r.createdAt });

const toGrantResponse = (g: Grant, roleName: string): GrantResponse => ({ id: g.id, role: roleName, scope: pickScope(g.scope), privileges: [...g.privileges], created_at: g.createdAt });

function memberKind(raw: string) {
  const parsed = principalKind.safeParse(raw);
  if (!parsed.success) throw badRequest(`Invalid member kind "${raw}": expected user or service-user`);
  return parsed.data;
}

export function registerRoleRoutes(r: Router, { store, authz }: IdentityDeps): void {
  /**
   * Grant management is for tenant admins, and for holders of manage-grants somewhere in
   * the tenant (each grant they touch is then checked against their scopes). Anyone else
   * is refused here (and the refusal audited). True for a tenant admin (or root).
   */
  async function requireGrantManager(res: Response, action: string, resource: string): Promise<boolean> {
    const p = requestPrincipal(res);
    const tenantId = actingTenant(res);
    if (bypassesGrants(p, tenantId)) {
      authz.requireTenantAdmin(res, action, resource);
      return true;
    }
    const held = await authz.grantsOf(p, tenantId);
    if (!held.some((g) => g.privileges.includes('manage-grants'))) authz.requireTenantAdmin(res, action, resource);
    return false;
  }

  /**
   * A delegated grant manager (not a tenant admin) hands out only what it has: every
   * privilege of the new grant must be its own on that scope, and the role must not be
   * one of its own (else manage-grants would be write, drop and more on itself).
   */
  async function requireNoEscalation(res: Response, role: Role, scope: GrantScope, privileges: readonly Privilege[]): Promise<void> {
    const p = requestPrincipal(res);
    const tenantId = actingTenant(res);
    if (bypassesGrants(p, tenantId) || p.kind === 'root') return;
    const resource = `role/${role.name}/grants`;
    const own = await store.listPrincipalRoles(tenantId, p.kind, principalId(p));
    if (own.items.some((r) => r.id === role.id)) {
      authz.refuse(res, 'role.grant', resource, `${describePrincipal(p)} holds role "${role.name}" and so may not grant to it: only a tenant admin may grant to a role it holds`);
    }
    for (const privilege of privileges) {
      if (!(await authz.can(res, privilege, scope))) {
        authz.refuse(res, 'role.grant', `${resource}/${targetResource(scope)}`, `${describePrincipal(p)} may grant only privileges it holds: it lacks "${privilege}" on ${describeTarget(scope)}`);
      }
    }
  }

  r.get('/roles', async (req, res) => {
    const tenantId = authz.requireTenantAdmin(res, 'role.list', 'role');
    const page = await store.listRoles(tenantId, adminPage(req));
    sendJson(res, 200, { roles: page.items.map(toRoleResponse), next_page_token: page.nextPageToken });
  });

  r.post('/roles', async (req, res) => {
    const body = createRoleRequest.parse(req.body);
    const tenantId = authz.requireTenantAdmin(res, 'role.create', `role/${body.name}`);
    const role = await store.createRole({ id: randomUUID(), tenantId, name: body.name, description: body.description, createdAt: new Date().toISOString() });
    sendJson(res, 201, toRoleResponse(role));
  });

  r.get('/roles/:name', async (req, res) => {
    const tenantId = authz.requireTenantAdmin(res, 'role.read', `role/${req.params.name}`);
    sendJson(res, 200, toRoleResponse(await findRole(store, tenantId, req.params.name)));
  });

  r.patch('/roles/:name', async (req, res) => {
    const body = updateRoleRequest.parse(req.body);
    const tenantId = authz.requireTenantAdmin(res, 'role.update', `role/${req.params.name}`);
    const role = await findRole(store, tenantId, req.params.name);
    const patch: RolePatch = {};
    if (body.name !== undefined) patch.name = body.name;
    if (body.description !== undefined) patch.description = body.description;
    sendJson(res, 200, toRoleResponse(await store.updateRole(role.id, patch)));
  });

  r.delete('/roles/:name', async (req, res) => {
    const tenantId = authz.requireTenantAdmin(res, 'role.delete', `role/${req.params.name}`);
    // Its assignments and grants go with it.
    await store.deleteRole((await findRole(store, tenantId, req.params.name)).id);
    sendNoContent(res);
  });

  // ---- members (no member listing: the store has no cheap "who holds this role" query;
  // GET /users/{id}/roles and /service-users/{client_id}/roles answer the other way round) ----

  r.put('/roles/:name/members/:kind/:id', async (req, res) => {
    const kind = memberKind(req.params.kind);
    const tenantId = authz.requireTenantAdmin(res, 'role.assign', `role/${req.params.name}/member/${kind}/${req.params.id}`);
    const role = await findRole(store, tenantId, req.params.name);
    const member = await findPrincipal(store, tenantId, kind, req.params.id);
    const assigned = await store.assignRole({ roleId: role.id, principalKind: member.kind, principalId: member.id });
    sendJson(res, 200, { role: role.name, member: { kind: toApiKind(member.kind), id: member.id }, assigned });
  });

  r.delete('/roles/:name/members/:kind/:id', async (req, res) => {
    const kind = memberKind(req.params.kind);
    const tenantId = authz.requireTenantAdmin(res, 'role.unassign', `role/${req.params.name}/member/${kind}/${req.params.id}`);
    const role = await findRole(store, tenantId, req.params.name);
    const member = await findPrincipal(store, tenantId, kind, req.params.id);
    if (!(await store.unassignRole({ roleId: role.id, principalKind: member.kind, principalId: member.id }))) {
      throw notFound(`${kind === 'user' ? 'User' : 'Service user'} "${req.params.id}" does not hold role "${role.name}"`);
    }
    sendNoContent(res);
  });

  // ---- grants ----

  r.get('/roles/:name/grants', async (req, res) => {
    const admin = await requireGrantManager(res, 'role.grants', `role/${req.params.name}/grants`);
    const role = await findRole(store, actingTenant(res), req.params.name);
    if (admin) {
      const page = await store.listGrants(role.id, adminPage(req));
      sendJson(res, 200, { grants: page.items.map((g) => toGrantResponse(g, role.name)), next_page_token: page.nextPageToken });
      return;
    }
    // A delegated manager sees the role's grants inside its own manage-grants scopes.
    const out: GrantResponse[] = [];
    for (const g of (await store.listGrants(role.id)).items) if (await authz.canManageGrants(res, g.scope)) out.push(toGrantResponse(g, role.name));
    sendJson(res, 200, { grants: out, next_page_token: null });
  });

  r.post('/roles/:name/grants', async (req, res) => {
    const body = createGrantRequest.parse(req.body);
    const scope = pickScope(body.scope);
    // Tenant admins pass; others need manage-grants on a scope covering the new grant's.
    await authz.require(res, 'role.grant', 'manage-grants', scope);
    const tenantId = actingTenant(res);
    const role = await findRole(store, tenantId, req.params.name);
    await requireNoEscalation(res, role, scope, body.privileges);
    const catalog = await store.getCatalog({ tenantId, name: scope.catalog });
    if (!catalog) {
      throw noSuchWarehouse(`Catalog "${scope.catalog}" does not exist in this tenant: a grant names one of the tenant's catalogs (GET /api/v1/catalogs)`);
    }
    // Bound to this catalog (its id), not to the name: a later catalog of the same name is not covered.
    const g = await store.createGrant({ id: randomUUID(), tenantId, roleId: role.id, catalogId: catalog.id, scope, privileges: body.privileges, createdAt: new Date().toISOString() });
    sendJson(res, 201, toGrantResponse(g, role.name));
  });

  r.delete('/roles/:name/grants/:id', async (req, res) => {
    await requireGrantManager(res, 'role.revoke', `role/${req.params.name}/grant/${req.params.id}`);
    const role = await findRole(store, actingTenant(res), req.params.name);
    const g = (await store.listGrants(role.id)).items.find((x) => x.id === req.params.id);
    if (!g) throw notFound(`Role "${role.name}" has no grant "${req.params.id}"`);
    await authz.require(res, 'role.revoke', 'manage-grants', g.scope);
    await store.deleteGrant(g.id);
    sendNoContent(res);
  });
}
