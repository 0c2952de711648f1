// /api/v1/tenants: root manages tenants; any signed-in caller reads its acting tenant
// (/tenants/current). A tenant is deleted only once its warehouses and catalogs are gone;
// its users, service users, keys, roles and grants go with it (audit events stay).
import { randomUUID } from 'node:crypto';
import type { Router } from 'express';
import { createTenantRequest, updateTenantRequest, type TenantResponse } from '../../shared/api/identity.js';
import { actingTenant } from '../auth/authorize.js';
import { DEFAULT_TENANT } from '../bootstrap.js';
import { sendJson, sendNoContent } from '../http/send.js';
import { badRequest, createError, notFound } from '../iceberg/errors.js';
import type { CatalogStore, Tenant } from '../stores/types.js';
import { adminPage, markSelf, type IdentityDeps } from './identity-common.js';

export const toTenantResponse = (t: Tenant): TenantResponse => ({ id: t.id, name: t.name, properties: { ...t.properties }, created_at: t.createdAt });

/** By name, or by id. */
async function findTenant(store: CatalogStore, nameOrId: string): Promise<Tenant> {
  const t = (await store.getTenant({ name: nameOrId })) ?? (await store.getTenant({ id: nameOrId }));
  if (!t) throw notFound(`Tenant "${nameOrId}" does not exist`);
  return t;
}

export function registerTenantRoutes(r: Router, { store, authz, defaultTenantId }: IdentityDeps): void {
  // Before /tenants/:name, so "current" is not taken for a tenant name.
  r.get('/tenants/current', async (_req, res) => {
    markSelf(res, 'tenant.read-current', 'tenant/current');
    const t = await store.getTenant({ id: actingTenant(res) });
    if (!t) throw notFound('The tenant this request acts on no longer exists');
    sendJson(res, 200, toTenantResponse(t));
  });

  r.get('/tenants', async (req, res) => {
    authz.requireRoot(res, 'tenant.list', 'tenant');
    const page = await store.listTenants(adminPage(req));
    sendJson(res, 200, { tenants: page.items.map(toTenantResponse), next_page_token: page.nextPageToken });
  });

  r.post('/tenants', async (req, res) => {
    const body = createTenantRequest.parse(req.body);
    authz.requireRoot(res, 'tenant.create', `tenant/${body.name}`);
    const t = await store.createTenant({ id: randomUUID(), name: body.name, properties: body.properties, createdAt: new Date().toISOString() });
    sendJson(res, 201, toTenantResponse(t));
  });

  r.get('/tenants/:name', async (req, res) => {
    authz.requireRoot(res, 'tenant.read', `tenant/${req.params.name}`);
    sendJson(res, 200, toTenantResponse(await findTenant(store, req.params.name)));
  });

  r.patch('/tenants/:name', async (req, res) => {
    const body = updateTenantRequest.parse(req.body);
    authz.requireRoot(res, 'tenant.update', `tenant/${req.params.name}`);
    const t = await findTenant(store, req.params.name);
    if (body.name !== undefined && body.name !== t.name && t.id === defaultTenantId()) {
      throw badRequest(`The default tenant cannot be renamed: the server finds it by the name "${DEFAULT_TENANT}" when it starts`);
    }
    const next = await store.updateTenant(t.id, { ...(body.name !== undefined ? { name: body.name } : {}), ...(body.properties !== undefined ? { properties: body.properties } : {}) });
    sendJson(res, 200, toTenantResponse(next));
  });

  r.delete('/tenants/:name', async (req, res) => {
    authz.requireRoot(res, 'tenant.delete', `tenant/${req.params.name}`);
    const t = await findTenant(store, req.params.name);
    if (t.id === defaultTenantId()) throw createError(409, 'ConflictException', `The default tenant "${t.name}" cannot be deleted: the server and its bootstrap credentials use it`);
    // The store refuses (in-use → 409 naming them) while warehouses or catalogs remain.
    await store.deleteTenant(t.id);
    sendNoContent(res);
  });
}
