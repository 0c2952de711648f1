// /api/v1/service-users: machine identities (OAuth2 client credentials, PyIceberg's
// `credential="<client_id>:<client_secret>"`). The secret is generated here, shown once on
// create and on rotate, and stored only as a hash.
import { randomBytes } from 'node:crypto';
import type { Response, Router } from 'express';
import { createServiceUserRequest, updateServiceUserRequest, type ServiceUserResponse, type ServiceUserSecretResponse } from '../../shared/api/identity.js';
import { actingTenant, requestPrincipal } from '../auth/authorize.js';
import { generateSecret, hashGeneratedSecret } from '../auth/secret-hash.js';
import { sendJson, sendNoContent } from '../http/send.js';
import type { ClientPatch } from '../stores/identity-types.js';
import { StoreError, type ClientCredential } from '../stores/types.js';
import { adminPage, findClient, keepOneAdmin, markSelf, type IdentityDeps } from './identity-common.js';
import { toRoleResponse } from './roles.js';
import { fromPangolinServiceUser, pangolinServiceUserExtras } from './pangolin/forms.js';

export const toServiceUserResponse = (c: ClientCredential): ServiceUserResponse => ({ client_id: c.clientId, name: c.name, role: c.role, disabled: !!c.disabled, created_at: c.createdAt });

const withSecret = (c: ClientCredential, secret: string): ServiceUserSecretResponse => ({ ...toServiceUserResponse(c), client_secret: secret, credential: `${c.clientId}:${secret}` });

const newClientId = (): string => `svc-${randomBytes(8).toString('hex')}`;

const isEnabledAdmin = (c: ClientCredential): boolean => c.role === 'tenant-admin' && !c.disabled;

export function registerServiceUserRoutes(r: Router, { store, authz }: IdentityDeps): void {
  /** The service user itself needs no admin role to read itself or its roles. */
  async function selfOrAdmin(res: Response, clientId: string, action: string): Promise<ClientCredential> {
    const p = requestPrincipal(res);
    const resource = `service-user/${clientId}`;
    if (p.kind === 'client' && p.clientId === clientId) {
      markSelf(res, action, resource);
      return findClient(store, actingTenant(res), clientId);
    }
    return findClient(store, authz.requireTenantAdmin(res, action, resource), clientId);
  }

  r.get('/service-users', async (req, res) => {
    const tenantId = authz.requireTenantAdmin(res, 'service-user.list', 'service-user');
    const page = await store.listClients(tenantId, adminPage(req));
    sendJson(res, 200, { service_users: page.items.map(toServiceUserResponse), next_page_token: page.nextPageToken });
  });

  r.post('/service-users', async (req, res) => {
    const form = fromPangolinServiceUser(req.body, 'create');
    const body = createServiceUserRequest.parse(form.body);
    let clientId = newClientId();
    const tenantId = authz.requireTenantAdmin(res, 'service-user.create', `service-user/${clientId}`);
    const secret = generateSecret();
    const record = { tenantId, name: body.name, role: body.role, secretHash: hashGeneratedSecret(secret), createdAt: new Date().toISOString() };
    let created: ClientCredential;
    try {
      created = await store.createClient({ clientId, ...record });
    } catch (e) {
      // 64 random bits collide practically never; one retry covers it.
      if (!(e instanceof StoreError && e.code === 'already-exists')) throw e;
      clientId = newClientId();
      res.locals.auditResource = `service-user/${clientId}`;
      created = await store.createClient({ clientId, ...record });
    }
    res.setHeader('Cache-Control', 'no-store');
    sendJson(res, 201, { ...withSecret(created, secret), ...(form.pangolin ? pangolinServiceUserExtras(created.clientId, secret) : {}) });
  });

  r.get('/service-users/:client_id', async (req, res) => {
    sendJson(res, 200, toServiceUserResponse(await selfOrAdmin(res, req.params.client_id, 'service-user.read')));
  });

  r.patch('/service-users/:client_id', async (req, res) => {
    const body = updateServiceUserRequest.parse(fromPangolinServiceUser(req.body, 'update').body);
    const tenantId = authz.requireTenantAdmin(res, 'service-user.update', `service-user/${req.params.client_id}`);
    const c = await findClient(store, tenantId, req.params.client_id);
    if (isEnabledAdmin(c) && (body.role === 'tenant-user' || body.disabled === true)) {
      await keepOneAdmin(store, res, tenantId, { kind: 'client', id: c.clientId, label: `Service user "${c.name}"` });
    }
    const patch: ClientPatch = {};
    if (body.name !== undefined) patch.name = body.name;
    if (body.role !== undefined) patch.role = body.role;
    if (body.disabled !== undefined) patch.disabled = body.disabled;
    sendJson(res, 200, toServiceUserResponse(await store.updateClient(c.clientId, patch)));
  });

  r.delete('/service-users/:client_id', async (req, res) => {
    const tenantId = authz.requireTenantAdmin(res, 'service-user.delete', `service-user/${req.params.client_id}`);
    const c = await findClient(store, tenantId, req.params.client_id);
    if (isEnabledAdmin(c)) await keepOneAdmin(store, res, tenantId, { kind: 'client', id: c.clientId, label: `Service user "${c.name}"` });
    // Its API keys and role assignments go with it.
    await store.deleteClient(c.clientId);
    sendNoContent(res);
  });

  // ".../rotate" is Pangolin's path: its answer's fields too.
  for (const [path, pangolin] of [['rotate-secret', false], ['rotate', true]] as const) {
    r.post(`/service-users/:client_id/${path}`, async (req, res) => {
      const tenantId = authz.requireTenantAdmin(res, 'service-user.rotate-secret', `service-user/${req.params.client_id}`);
      const c = await findClient(store, tenantId, req.params.client_id);
      const secret = generateSecret();
      const next = await store.updateClient(c.clientId, { secretHash: hashGeneratedSecret(secret) });
      res.setHeader('Cache-Control', 'no-store');
      sendJson(res, 200, { ...withSecret(next, secret), ...(pangolin ? pangolinServiceUserExtras(next.clientId, secret) : {}) });
    });
  }

  r.get('/service-users/:client_id/roles', async (req, res) => {
    const c = await selfOrAdmin(res, req.params.client_id, 'service-user.roles');
    const page = await store.listPrincipalRoles(c.tenantId, 'client', c.clientId, adminPage(req));
    sendJson(res, 200, { roles: page.items.map(toRoleResponse), next_page_token: page.nextPageToken });
  });
}
