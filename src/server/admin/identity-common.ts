// What the identity admin routes (tenants, users, service users, API keys, roles, audit)
// share: their dependencies, paging, lookups that never reveal another tenant's ids, the
// "last tenant admin" guard, and the audit mark for self-service routes.
import type { Request, Response } from 'express';
import type { PrincipalKindName } from '../../shared/api/identity.js';
import { actingTenant, requestPrincipal, type Authorizer } from '../auth/authorize.js';
import type { AuthDeps } from '../auth/authenticate.js';
import type { LoginService } from '../auth/logins.js';
import type { Principal } from '../auth/principal.js';
import { badRequest, createError, notFound } from '../iceberg/errors.js';
import { parsePageParams } from '../iceberg/routes/params.js';
import type { PrincipalKind, Role, User } from '../stores/identity-types.js';
import type { CatalogStore, ClientCredential, PageRequest } from '../stores/types.js';

export interface IdentityDeps {
  store: CatalogStore;
  authz: Authorizer;
  defaultTenantId: () => string;
}

/** For the routes that check a password (self-service password change). */
export type IdentityAuth = Pick<AuthDeps, 'limiter'>;
export type IdentityLogins = Pick<LoginService, 'login'>;

/** page_token / page_size (pageToken / pageSize also accepted, as on the other admin lists). */
export function adminPage(req: Request): PageRequest {
  return parsePageParams(req, ['page_token', 'pageToken'], ['page_size', 'pageSize']);
}

/** API names a service user "service-user"; the store calls it "client". */
export const toStoreKind = (k: PrincipalKindName): PrincipalKind => (k === 'user' ? 'user' : 'client');
export const toApiKind = (k: PrincipalKind): PrincipalKindName => (k === 'user' ? 'user' : 'service-user');

/** The principal as a (store kind, id) pair; undefined for root (it owns nothing in a tenant). */
export function selfRef(p: Principal): { kind: PrincipalKind; id: string } | undefined {
  if (p.kind === 'root') return undefined;
  return p.kind === 'user' ? { kind: 'user', id: p.id } : { kind: 'client', id: p.clientId };
}

export function isSelf(p: Principal, kind: PrincipalKind, id: string): boolean {
  const me = selfRef(p);
  return me !== undefined && me.kind === kind && me.id === id;
}

/**
 * The principal acting on itself needs no admin role; anyone else must be a tenant admin
 * (asked of the Authorizer, which audits a refusal). Returns the acting tenant's id.
 */
export function requireSelfOrTenantAdmin(authz: Authorizer, res: Response, self: boolean, action: string, resource: string): string {
  if (!self) return authz.requireTenantAdmin(res, action, resource);
  markSelf(res, action, resource);
  return actingTenant(res);
}

/** Marks a self-service request for the audit record (as the Authorizer does for what it allows). */
export function markSelf(res: Response, action: string, resource: string): void {
  requestPrincipal(res);
  res.locals.auditAction ??= action;
  res.locals.auditResource ??= resource;
}

/** A user of the tenant by id, or else by user name; another tenant's user is "not found". */
export async function findUser(store: CatalogStore, tenantId: string, idOrName: string): Promise<User> {
  const byId = await store.getUser({ id: idOrName });
  if (byId && byId.tenantId === tenantId) return byId;
  const byName = await store.getUser({ tenantId, username: idOrName });
  if (byName) return byName;
  throw notFound(`User "${idOrName}" does not exist`);
}

export async function findClient(store: CatalogStore, tenantId: string, clientId: string): Promise<ClientCredential> {
  const c = await store.getClient(clientId);
  if (c && c.tenantId === tenantId) return c;
  throw notFound(`Service user "${clientId}" does not exist`);
}

export async function findRole(store: CatalogStore, tenantId: string, name: string): Promise<Role> {
  const r = await store.getRole({ tenantId, name });
  if (r) return r;
  throw notFound(`Role "${name}" does not exist`);
}

/** The store id of a user (id or name) or service user (client id) of the tenant. */
export async function findPrincipal(store: CatalogStore, tenantId: string, kind: PrincipalKindName, id: string): Promise<{ kind: PrincipalKind; id: string }> {
  return kind === 'user' ? { kind: 'user', id: (await findUser(store, tenantId, id)).id } : { kind: 'client', id: (await findClient(store, tenantId, id)).clientId };
}

const enabledAdmin = (x: { role: string; disabled?: boolean }): boolean => x.role === 'tenant-admin' && !x.disabled;

/**
 * Refuses (409) a change that would leave the tenant without an enabled tenant admin (user
 * or service user): deleting, demoting or disabling the last one. Root is not held to it:
 * it can always administer the tenant, and repair it.
 */
export async function keepOneAdmin(store: CatalogStore, res: Response, tenantId: string, target: { kind: PrincipalKind; id: string; label: string }): Promise<void> {
  if (requestPrincipal(res).kind === 'root') return;
  const [users, clients] = await Promise.all([store.listUsers(tenantId), store.listClients(tenantId)]);
  const others = users.items.filter((u) => enabledAdmin(u) && !(target.kind === 'user' && u.id === target.id)).length + clients.items.filter((c) => enabledAdmin(c) && !(target.kind === 'client' && c.clientId === target.id)).length;
  if (others > 0) return;
  const tenant = await store.getTenant({ id: tenantId });
  throw createError(
    409,
    'ConflictException',
    `${target.label} is the last enabled tenant admin of tenant "${tenant?.name ?? tenantId}": make another user or service user a tenant admin first, so that the tenant can still be administered`,
  );
}
