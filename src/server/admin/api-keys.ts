// /api/v1/api-keys: long-lived keys a user or service user sends as "Authorization:
// Bearer pgk_…" or "X-API-Key". Everyone manages its own keys; a tenant admin manages
// every key of the tenant. The key is shown once, on create; only a hash is stored.
import { randomUUID } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import { createApiKeyRequest, principalKind, type ApiKeyResponse, type PrincipalKindName } from '../../shared/api/identity.js';
import { actingTenant, requestPrincipal } from '../auth/authorize.js';
import { generateApiKey } from '../auth/api-keys.js';
import type { Principal } from '../auth/principal.js';
import { sendJson, sendNoContent } from '../http/send.js';
import { badRequest, notFound } from '../iceberg/errors.js';
import { firstQuery, parseBoolean } from '../iceberg/routes/params.js';
import type { ApiKey } from '../stores/identity-types.js';
import { adminPage, findPrincipal, isSelf, requireSelfOrTenantAdmin, selfRef, toApiKind, type IdentityDeps } from './identity-common.js';

export const toApiKeyResponse = (k: ApiKey): ApiKeyResponse => ({
  id: k.id,
  name: k.name,
  owner: { kind: toApiKind(k.ownerKind), id: k.ownerId },
  key_prefix: k.keyPrefix,
  created_at: k.createdAt,
  expires_at: k.expiresAt ?? null,
  revoked_at: k.revokedAt ?? null,
  last_used_at: k.lastUsedAt ?? null,
});

const ROOT_OWNS_NO_KEYS =
  'The root user cannot own API keys (root signs in with PANGOLIN_ROOT_USER / PANGOLIN_ROOT_PASSWORD): create a service user (POST /api/v1/service-users) and give it a key with owner {"kind":"service-user","id":"<client_id>"}';

/** Whether (kind, id) names the caller itself; a user may be named by id or user name. */
function namesSelf(p: Principal, kind: PrincipalKindName, id: string): boolean {
  if (kind === 'user') return p.kind === 'user' && (id === p.id || id === p.name);
  return p.kind === 'client' && id === p.clientId;
}

function ownerQuery(req: Request): { kind: PrincipalKindName; id: string } | undefined {
  const kind = firstQuery(req, 'owner_kind');
  const id = firstQuery(req, 'owner_id');
  if (kind === undefined && id === undefined) return undefined;
  if (!kind || !id) throw badRequest('Pass owner_kind and owner_id together (owner_kind: user or service-user)');
  const parsed = principalKind.safeParse(kind);
  if (!parsed.success) throw badRequest(`Invalid owner_kind "${kind}": expected user or service-user`);
  return { kind: parsed.data, id };
}

export function registerApiKeyRoutes(r: Router, { store, authz }: IdentityDeps): void {
  /** A key of the acting tenant (another tenant's is "not found"), for its owner or a tenant admin. */
  async function keyFor(res: Response, id: string, action: string): Promise<ApiKey> {
    const key = await store.getApiKey({ id });
    if (!key || key.tenantId !== actingTenant(res)) throw notFound(`API key "${id}" does not exist`);
    requireSelfOrTenantAdmin(authz, res, isSelf(requestPrincipal(res), key.ownerKind, key.ownerId), action, `api-key/${id}`);
    return key;
  }

  r.get('/api-keys', async (req, res) => {
    const p = requestPrincipal(res);
    const all = parseBoolean(firstQuery(req, 'all'), 'all', false);
    const owner = ownerQuery(req);
    if (all && owner) throw badRequest('Pass either all=true or owner_kind and owner_id, not both');
    let filter: { kind: 'user' | 'client'; id: string } | undefined;
    if (owner && namesSelf(p, owner.kind, owner.id)) filter = selfRef(p);
    else if (owner) filter = await findPrincipal(store, authz.requireTenantAdmin(res, 'api-key.list', `${owner.kind}/${owner.id}`), owner.kind, owner.id);
    // Root owns no keys: without a filter it sees the acting tenant's.
    else if (all || p.kind === 'root') authz.requireTenantAdmin(res, 'api-key.list', 'api-key');
    else filter = selfRef(p);
    const page = await store.listApiKeys(actingTenant(res), filter, adminPage(req));
    sendJson(res, 200, { api_keys: page.items.map(toApiKeyResponse), next_page_token: page.nextPageToken });
  });

  r.post('/api-keys', async (req, res) => {
    const body = createApiKeyRequest.parse(req.body);
    const p = requestPrincipal(res);
    const id = randomUUID();
    const resource = `api-key/${id}`;
    let owner: { kind: 'user' | 'client'; id: string };
    if (body.owner === undefined || namesSelf(p, body.owner.kind, body.owner.id)) {
      const me = selfRef(p);
      if (!me) throw badRequest(ROOT_OWNS_NO_KEYS);
      requireSelfOrTenantAdmin(authz, res, true, 'api-key.create', resource);
      owner = me;
    } else {
      owner = await findPrincipal(store, authz.requireTenantAdmin(res, 'api-key.create', resource), body.owner.kind, body.owner.id);
    }
    const generated = generateApiKey();
    const createdAt = new Date();
    const key = await store.createApiKey({
      id,
      tenantId: actingTenant(res),
      ownerKind: owner.kind,
      ownerId: owner.id,
      name: body.name,
      keyPrefix: generated.keyPrefix,
      secretHash: generated.secretHash,
      createdAt: createdAt.toISOString(),
      ...(body.expires_in_days !== undefined ? { expiresAt: new Date(createdAt.getTime() + body.expires_in_days * 86_400_000).toISOString() } : {}),
    });
    res.setHeader('Cache-Control', 'no-store');
    sendJson(res, 201, { ...toApiKeyResponse(key), key: generated.key });
  });

  r.post('/api-keys/:id/revoke', async (req, res) => {
    const key = await keyFor(res, req.params.id, 'api-key.revoke');
    await store.revokeApiKey(key.id);
    const after = await store.getApiKey({ id: key.id });
    sendJson(res, 200, toApiKeyResponse(after ?? key));
  });

  r.delete('/api-keys/:id', async (req, res) => {
    const key = await keyFor(res, req.params.id, 'api-key.delete');
    await store.deleteApiKey(key.id);
    sendNoContent(res);
  });
}
