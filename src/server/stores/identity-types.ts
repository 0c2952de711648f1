// The IdentityStore contract: who may use a tenant (users, their sessions, service users,
// API keys), what they may do (roles, grants) and what they did (audit log). CatalogStore
// extends it, so every backend implements it; this file keeps it off the catalog's screen.
// Stores persist only: no password hashing, no token checks, no authorization decisions.
// Ids are UUID strings chosen by the caller, times ISO-8601 strings, every entity carries
// its tenantId. Lookups by id are global (ids are UUIDs): the caller compares tenantId.
//
// Deleting a tenant (CatalogStore.deleteTenant) still refuses while warehouses or catalogs
// remain, but does NOT refuse because of identities: its users, sessions, clients, API keys,
// roles, assignments and grants are removed with it (they mean nothing without the tenant),
// in the same atomic step. Audit events are kept (the record must outlive what it records).
import type { ClientCredential, Page, PageRequest } from './types.js';
import { ROOT_SESSION_METHODS, type RootSessionStore } from './root-session-types.js';

// ---- 1. users ----

export type UserRole = 'tenant-admin' | 'tenant-user';

export interface User {
  id: string;
  tenantId: string;
  /** Unique per tenant. */
  username: string;
  /** Absent when none. */
  email?: string;
  passwordHash: string;
  role: UserRole;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Fields an update may change; absent = unchanged; email null clears it. The store stamps updatedAt. */
export interface UserPatch {
  username?: string;
  email?: string | null;
  passwordHash?: string;
  role?: UserRole;
  disabled?: boolean;
}

export interface UserStore {
  /** Throws not-found (tenant) or already-exists (id, or username in the tenant). */
  createUser(u: User): Promise<User>;
  getUser(by: { id: string } | { tenantId: string; username: string }): Promise<User | undefined>;
  /** One tenant's users, ordered by username. */
  listUsers(tenantId: string, page?: PageRequest): Promise<Page<User>>;
  /** Throws not-found, or already-exists when renamed onto another user's username. */
  updateUser(id: string, patch: UserPatch): Promise<User>;
  /** Throws not-found. The user's sessions, API keys and role assignments go with it. */
  deleteUser(id: string): Promise<void>;
}

// ---- 2. sessions (refresh tokens) ----

export interface Session {
  id: string;
  userId: string;
  tenantId: string;
  /** Hash of the refresh token (never the token); unique. */
  tokenHash: string;
  createdAt: string;
  expiresAt: string;
  /** Set once, by the first revocation. */
  revokedAt?: string;
}

export interface SessionStore {
  /** Throws not-found (no such user in that tenant) or already-exists (id or tokenHash). */
  createSession(s: Session): Promise<Session>;
  getSession(tokenHash: string): Promise<Session | undefined>;
  /**
   * Revokes it at `at` (default now). True only for the one call that revoked it, false if
   * it already was: "revoke, then issue the next token" is a race-free rotation. Throws not-found.
   */
  revokeSession(id: string, at?: string): Promise<boolean>;
  /** Revokes every unrevoked session of the user; returns how many this call revoked. */
  revokeUserSessions(userId: string, at?: string): Promise<number>;
  /** Deletes the sessions with expiresAt before `now` (revoked or not); returns how many. */
  deleteExpiredSessions(now: string): Promise<number>;
}

// ---- 3. service users: the catalog's ClientCredential (createClient / getClient) ----

/** Absent = unchanged. secretHash rotates the secret; disabled false re-enables. */
export interface ClientPatch {
  name?: string;
  role?: UserRole;
  secretHash?: string;
  disabled?: boolean;
}

export interface ClientStore {
  /** One tenant's clients, ordered by clientId. */
  listClients(tenantId: string, page?: PageRequest): Promise<Page<ClientCredential>>;
  /** Throws not-found. */
  updateClient(clientId: string, patch: ClientPatch): Promise<ClientCredential>;
  /** Throws not-found. Its API keys and role assignments go with it. */
  deleteClient(clientId: string): Promise<void>;
}

// ---- 4. API keys ----

export type PrincipalKind = 'user' | 'client';

export interface ApiKey {
  id: string;
  tenantId: string;
  ownerKind: PrincipalKind;
  /** A user id or a clientId, of the same tenant. */
  ownerId: string;
  name: string;
  /** The key's public part, unique: the lookup key (the secret is checked against secretHash). */
  keyPrefix: string;
  secretHash: string;
  createdAt: string;
  expiresAt?: string;
  revokedAt?: string;
  lastUsedAt?: string;
}

export interface ApiKeyStore {
  /** Throws not-found (no such owner in that tenant) or already-exists (id or keyPrefix). */
  createApiKey(k: ApiKey): Promise<ApiKey>;
  getApiKey(by: { id: string } | { keyPrefix: string }): Promise<ApiKey | undefined>;
  /** A tenant's keys, or one owner's, ordered by id. */
  listApiKeys(tenantId: string, owner?: { kind: PrincipalKind; id: string }, page?: PageRequest): Promise<Page<ApiKey>>;
  /** True only for the call that revoked it, false if it already was. Throws not-found. */
  revokeApiKey(id: string, at?: string): Promise<boolean>;
  /**
   * Records a use: lastUsedAt becomes `at` unless it is already later. One cheap write that
   * never touches revokedAt (a use racing a revocation cannot undo it); a missing key is ignored.
   * Concurrent touches may land out of order on FerretDB (lastUsedAt is advisory).
   */
  touchApiKey(id: string, at: string): Promise<void>;
  /** Throws not-found. */
  deleteApiKey(id: string): Promise<void>;
}

// ---- 5. roles and grants ----

export interface Role {
  id: string;
  tenantId: string;
  /** Unique per tenant. */
  name: string;
  description: string;
  createdAt: string;
}

export interface RolePatch {
  name?: string;
  description?: string;
}

export interface RoleAssignment {
  roleId: string;
  principalKind: PrincipalKind;
  principalId: string;
}

export type Privilege = 'read' | 'write' | 'create' | 'drop' | 'manage-grants';

/** What a grant covers: a catalog (by name), optionally narrowed to a namespace, then a table or view. */
export interface GrantScope {
  catalog: string;
  namespace?: string[];
  table?: string;
  view?: string;
}

/**
 * Grants belong to their object, not to its name (so a new object of the same name never
 * inherits them): a grant carries its catalog's id, and in the same atomic step as the
 * object (MongoDB: see mongo-grants.ts) deleteCatalog removes the catalog's grants,
 * dropNamespace the grants on the namespace and inside it, dropTable the grants on that
 * table or view, and renameTable moves them to the new name. A grant on a namespace,
 * table or view that does not exist (yet) applies to the one created under that name.
 */
export interface Grant {
  id: string;
  tenantId: string;
  roleId: string;
  /** The catalog's id; createGrant throws not-found unless it is a catalog of tenantId. */
  catalogId: string;
  /** scope.catalog is the catalog's name (stores return the stored catalog's, whatever was passed). */
  scope: GrantScope;
  privileges: Privilege[];
  createdAt: string;
}

export interface RoleStore {
  /** Throws not-found (tenant) or already-exists (id, or name in the tenant). */
  createRole(r: Role): Promise<Role>;
  getRole(by: { id: string } | { tenantId: string; name: string }): Promise<Role | undefined>;
  /** Ordered by name. */
  listRoles(tenantId: string, page?: PageRequest): Promise<Page<Role>>;
  /** Throws not-found, or already-exists when renamed onto another role's name. */
  updateRole(id: string, patch: RolePatch): Promise<Role>;
  /** Throws not-found. Its assignments and grants go with it, in the same atomic step (MongoDB: see mongo-identity.ts). */
  deleteRole(id: string): Promise<void>;
  /** True if newly assigned, false if it already was. Throws not-found: role, or principal not in the role's tenant. */
  assignRole(a: RoleAssignment): Promise<boolean>;
  /** True if it was assigned. */
  unassignRole(a: RoleAssignment): Promise<boolean>;
  /** The principal's roles in the tenant, ordered by name. */
  listPrincipalRoles(tenantId: string, kind: PrincipalKind, principalId: string, page?: PageRequest): Promise<Page<Role>>;
  /** Throws not-found (no such role, or catalog, in g.tenantId) or already-exists (id). */
  createGrant(g: Grant): Promise<Grant>;
  /** Ordered by id. */
  listGrants(roleId: string, page?: PageRequest): Promise<Page<Grant>>;
  /** Throws not-found. */
  deleteGrant(id: string): Promise<void>;
  /**
   * Every grant reachable through the principal's roles in the tenant, ordered by id: the
   * authorization hot path (one query on SQLite and PostgreSQL, two on MongoDB).
   */
  grantsForPrincipal(tenantId: string, kind: PrincipalKind, principalId: string): Promise<Grant[]>;
}

// ---- 6. audit log ----

export type AuditOutcome = 'allowed' | 'denied' | 'error';

export interface AuditEvent {
  id: string;
  /** null: not about one tenant (root, system events). */
  tenantId: string | null;
  at: string;
  actor: { kind: string; id: string; name: string };
  /** e.g. 'table.create' */
  action: string;
  resource: string;
  outcome: AuditOutcome;
  detail?: string;
  requestId?: string;
  address?: string;
}

/** All optional; since is inclusive, until exclusive (ISO times). */
export interface AuditFilter {
  actorId?: string;
  outcome?: AuditOutcome;
  action?: string;
  since?: string;
  until?: string;
}

export interface AuditStore {
  /** One cheap insert; an id already stored is ignored (never already-exists). */
  appendAuditEvent(e: AuditEvent): Promise<void>;
  /**
   * Several events in one write (one transaction or statement where the backend has
   * them); ids already stored, or repeated in the batch, are ignored. After a failure
   * some may be stored: retrying is safe (ids make appends idempotent).
   */
  appendAuditEvents(events: readonly AuditEvent[]): Promise<void>;
  /** A tenant's events (null: those without a tenant), newest first: by at, then id, descending. */
  listAuditEvents(tenantId: string | null, filter?: AuditFilter, page?: PageRequest): Promise<Page<AuditEvent>>;
}

export interface IdentityStore extends UserStore, SessionStore, RootSessionStore, ClientStore, ApiKeyStore, RoleStore, AuditStore {}

/**
 * Every IdentityStore method, for backends that delegate them (see delegateIdentity).
 * The check below fails to compile if a method of the interface is missing here.
 */
export const IDENTITY_METHODS = ['createUser', 'getUser', 'listUsers', 'updateUser', 'deleteUser',
  'createSession', 'getSession', 'revokeSession', 'revokeUserSessions', 'deleteExpiredSessions',
  ...ROOT_SESSION_METHODS,
  'listClients', 'updateClient', 'deleteClient',
  'createApiKey', 'getApiKey', 'listApiKeys', 'revokeApiKey', 'touchApiKey', 'deleteApiKey',
  'createRole', 'getRole', 'listRoles', 'updateRole', 'deleteRole', 'assignRole', 'unassignRole', 'listPrincipalRoles',
  'createGrant', 'listGrants', 'deleteGrant', 'grantsForPrincipal',
  'appendAuditEvent', 'appendAuditEvents', 'listAuditEvents'] as const satisfies readonly (keyof IdentityStore)[];

type Unlisted = Exclude<keyof IdentityStore, (typeof IDENTITY_METHODS)[number]>;
const everyMethodListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyMethodListed;

/**
 * Installs every IdentityStore method on a backend class's prototype, each forwarding to
 * the backend's identity implementation (a plain object of its own file). `mapError`
 * translates driver errors (e.g. connection loss → unavailable).
 */
export function delegateIdentity<S extends object>(
  cls: { prototype: S },
  impl: (self: S) => IdentityStore,
  mapError: (self: S, e: unknown) => unknown = (_s, e) => e,
): void {
  for (const m of IDENTITY_METHODS) {
    Object.defineProperty(cls.prototype, m, {
      configurable: true,
      writable: true,
      async value(this: S, ...args: unknown[]): Promise<unknown> {
        try {
          return await (impl(this)[m] as (...a: unknown[]) => Promise<unknown>)(...args);
        } catch (e) {
          throw mapError(this, e);
        }
      },
    });
  }
}

/** The user after `patch`, stamped `now`. */
export function patchedUser(u: User, p: UserPatch, now: string): User {
  const next: User = {
    ...u,
    username: p.username ?? u.username,
    passwordHash: p.passwordHash ?? u.passwordHash,
    role: p.role ?? u.role,
    disabled: p.disabled ?? u.disabled,
    updatedAt: now,
  };
  if (p.email === null) delete next.email;
  else if (p.email !== undefined) next.email = p.email;
  return next;
}

/** The client after `patch`; disabled present only when true. */
export function patchedClient(c: ClientCredential, p: ClientPatch): ClientCredential {
  const { disabled: _d, ...rest } = c;
  const next: ClientCredential = { ...rest, name: p.name ?? c.name, role: p.role ?? c.role, secretHash: p.secretHash ?? c.secretHash };
  if (p.disabled ?? c.disabled) next.disabled = true;
  return next;
}

export const pickRole = (r: Role): Role => ({ id: r.id, tenantId: r.tenantId, name: r.name, description: r.description ?? '', createdAt: r.createdAt });

export const patchedRole = (r: Role, p: RolePatch): Role => ({ ...r, name: p.name ?? r.name, description: p.description ?? r.description });

/** The scope with only its set fields, in a fixed order (so it serialises the same everywhere). */
export function pickScope(s: GrantScope): GrantScope {
  const out: GrantScope = { catalog: s.catalog };
  if (s.namespace != null) out.namespace = [...s.namespace];
  if (s.table != null) out.table = s.table;
  if (s.view != null) out.view = s.view;
  return out;
}

export const pickGrant = (g: Grant): Grant => ({ id: g.id, tenantId: g.tenantId, roleId: g.roleId, catalogId: g.catalogId, scope: pickScope(g.scope), privileges: [...g.privileges], createdAt: g.createdAt });

export function pickAuditEvent(e: AuditEvent): AuditEvent {
  const out: AuditEvent = { id: e.id, tenantId: e.tenantId ?? null, at: e.at, actor: { kind: e.actor.kind, id: e.actor.id, name: e.actor.name }, action: e.action, resource: e.resource, outcome: e.outcome };
  if (e.detail != null) out.detail = e.detail;
  if (e.requestId != null) out.requestId = e.requestId;
  if (e.address != null) out.address = e.address;
  return out;
}

/** Audit lists page newest first: the token is the last event's "at|id" (ISO times hold no '|'). */
export const auditKey = (e: AuditEvent): string => `${e.at}|${e.id}`;

/** The (at, id) to continue strictly below; undefined at the start. */
export function auditAfter(after: string | undefined): { at: string; id: string } | undefined {
  if (after === undefined) return undefined;
  const i = after.indexOf('|');
  return i < 0 ? { at: after, id: '' } : { at: after.slice(0, i), id: after.slice(i + 1) };
}

/** Only the contract's fields; optional ones omitted when none. */
export function pickApiKey(k: ApiKey): ApiKey {
  const out: ApiKey = { id: k.id, tenantId: k.tenantId, ownerKind: k.ownerKind, ownerId: k.ownerId, name: k.name, keyPrefix: k.keyPrefix, secretHash: k.secretHash, createdAt: k.createdAt };
  if (k.expiresAt != null) out.expiresAt = k.expiresAt;
  if (k.revokedAt != null) out.revokedAt = k.revokedAt;
  if (k.lastUsedAt != null) out.lastUsedAt = k.lastUsedAt;
  return out;
}

/** Only the contract's fields; revokedAt omitted when none. */
export function pickSession(s: Session): Session {
  const out: Session = { id: s.id, userId: s.userId, tenantId: s.tenantId, tokenHash: s.tokenHash, createdAt: s.createdAt, expiresAt: s.expiresAt };
  if (s.revokedAt != null) out.revokedAt = s.revokedAt;
  return out;
}

/** Only the contract's fields (callers may pass richer objects); email omitted when none. */
export function pickUser(u: User): User {
  const out: User = { id: u.id, tenantId: u.tenantId, username: u.username, passwordHash: u.passwordHash, role: u.role, disabled: !!u.disabled, createdAt: u.createdAt, updatedAt: u.updatedAt };
  if (u.email != null) out.email = u.email;
  return out;
}

/** A timestamp strictly after `prev` when the clock has not moved on (ISO strings order as times). */
export function nowAfter(prev: string): string {
  const now = new Date().toISOString();
  const t = Date.parse(prev);
  return now > prev || Number.isNaN(t) ? now : new Date(t + 1).toISOString();
}
