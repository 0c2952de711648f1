// IdentityStore in memory (see identity-types.ts). Like memory.ts: records are copied in
// and out, and no method body awaits, so each one is atomic against the others.
import { notFound } from './entity-rules.js';
import { MemoryRootSessions } from './memory-root-sessions.js';
import {
  auditAfter, auditKey, nowAfter, pickAuditEvent, type AuditEvent, type AuditFilter, patchedClient, patchedRole, patchedUser, pickApiKey, pickGrant, pickRole, pickSession, pickUser,
  type ApiKey, type ClientPatch, type Grant, type PrincipalKind, type Role, type RoleAssignment, type RolePatch, type IdentityStore, type Session, type User, type UserPatch } from './identity-types.js';
import { compareKeys, finishPage, pageOf, pageWindow } from './paging.js';
import { grantObject, isOnObject, movedObject, scopeOf, type GrantObject } from './grant-objects.js';
import { StoreError, type ClientCredential, type Page, type PageRequest, type TableIdent, type TableKind } from './types.js';

const copy = <T>(v: T): T => structuredClone(v);

/** What memory.ts lends: tenant existence, catalogs and its client credentials map. */
export interface MemoryIdentityDeps {
  hasTenant(id: string): boolean;
  catalog(id: string): { tenantId: string; name: string } | undefined;
  clients: Map<string, ClientCredential>;
}

export class MemoryIdentity extends MemoryRootSessions implements IdentityStore {
  private users = new Map<string, User>();
  private sessions = new Map<string, Session>();
  private apiKeys = new Map<string, ApiKey>();
  private roles = new Map<string, Role>();
  /** Keyed by assignmentKey. */
  private assignments = new Map<string, RoleAssignment>();
  private grants = new Map<string, Grant>();
  /** Kept when their tenant is deleted. */
  private audit = new Map<string, AuditEvent>();

  constructor(private readonly deps: MemoryIdentityDeps) {
    super();
  }

  /** deleteTenant's cascade: everything of the tenant except audit events. */
  dropTenant(tenantId: string): void {
    for (const u of [...this.users.values()]) if (u.tenantId === tenantId) this.dropUser(u.id);
    for (const [k, x] of this.apiKeys) if (x.tenantId === tenantId) this.apiKeys.delete(k);
    for (const r of [...this.roles.values()]) if (r.tenantId === tenantId) this.dropRole(r.id);
  }

  // ---- users ----

  async createUser(u: User): Promise<User> {
    this.requireTenant(u.tenantId);
    if (this.users.has(u.id)) throw new StoreError('already-exists', `User id ${u.id} already exists`);
    if (this.findUser(u.tenantId, u.username)) throw userExists(u.username);
    const rec = pickUser(copy(u));
    this.users.set(u.id, rec);
    return copy(rec);
  }

  async getUser(by: { id: string } | { tenantId: string; username: string }): Promise<User | undefined> {
    const u = 'id' in by ? this.users.get(by.id) : this.findUser(by.tenantId, by.username);
    return u && copy(u);
  }

  async listUsers(tenantId: string, page?: PageRequest): Promise<Page<User>> {
    const all = [...this.users.values()].filter((u) => u.tenantId === tenantId).sort((a, b) => compareKeys(a.username, b.username));
    return copy(pageOf(all, (u) => u.username, page));
  }

  async updateUser(id: string, patch: UserPatch): Promise<User> {
    const u = this.users.get(id);
    if (!u) throw notFound('User', id);
    const next = patchedUser(u, copy(patch), nowAfter(u.updatedAt));
    const clash = this.findUser(u.tenantId, next.username);
    if (clash && clash.id !== id) throw userExists(next.username);
    this.users.set(id, next);
    return copy(next);
  }

  async deleteUser(id: string): Promise<void> {
    if (!this.users.has(id)) throw notFound('User', id);
    this.dropUser(id);
  }

  // ---- sessions ----

  async createSession(s: Session): Promise<Session> {
    const u = this.users.get(s.userId);
    if (!u || u.tenantId !== s.tenantId) throw notFound('User', s.userId);
    if (this.sessions.has(s.id)) throw new StoreError('already-exists', `Session ${s.id} already exists`);
    for (const x of this.sessions.values()) if (x.tokenHash === s.tokenHash) throw new StoreError('already-exists', 'A session with that token already exists');
    const rec = pickSession(copy(s));
    this.sessions.set(s.id, rec);
    return copy(rec);
  }

  async getSession(tokenHash: string): Promise<Session | undefined> {
    for (const x of this.sessions.values()) if (x.tokenHash === tokenHash) return copy(x);
    return undefined;
  }

  async revokeSession(id: string, at = new Date().toISOString()): Promise<boolean> {
    const x = this.sessions.get(id);
    if (!x) throw notFound('Session', id);
    if (x.revokedAt !== undefined) return false;
    x.revokedAt = at;
    return true;
  }

  async revokeUserSessions(userId: string, at = new Date().toISOString()): Promise<number> {
    let n = 0;
    for (const x of this.sessions.values()) if (x.userId === userId && x.revokedAt === undefined) (x.revokedAt = at), n++;
    return n;
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    let n = 0;
    for (const [id, x] of this.sessions) if (x.expiresAt < now) this.sessions.delete(id), n++;
    return n;
  }

  // ---- service users (the clients map is memory.ts's) ----

  async listClients(tenantId: string, page?: PageRequest): Promise<Page<ClientCredential>> {
    const all = [...this.deps.clients.values()].filter((c) => c.tenantId === tenantId).sort((a, b) => compareKeys(a.clientId, b.clientId));
    return copy(pageOf(all, (c) => c.clientId, page));
  }

  async updateClient(clientId: string, patch: ClientPatch): Promise<ClientCredential> {
    const c = this.deps.clients.get(clientId);
    if (!c) throw notFound('Client', clientId);
    const next = patchedClient(c, copy(patch));
    this.deps.clients.set(clientId, next);
    return copy(next);
  }

  async deleteClient(clientId: string): Promise<void> {
    if (!this.deps.clients.has(clientId)) throw notFound('Client', clientId);
    this.deps.clients.delete(clientId);
    this.dropOwned('client', clientId);
  }

  // ---- API keys ----

  async createApiKey(k: ApiKey): Promise<ApiKey> {
    if (!this.hasPrincipal(k.tenantId, k.ownerKind, k.ownerId)) throw notFound(k.ownerKind === 'user' ? 'User' : 'Client', k.ownerId);
    if (this.apiKeys.has(k.id)) throw new StoreError('already-exists', `API key ${k.id} already exists`);
    for (const x of this.apiKeys.values()) if (x.keyPrefix === k.keyPrefix) throw new StoreError('already-exists', `API key prefix ${k.keyPrefix} already exists`);
    const rec = pickApiKey(copy(k));
    this.apiKeys.set(k.id, rec);
    return copy(rec);
  }

  async getApiKey(by: { id: string } | { keyPrefix: string }): Promise<ApiKey | undefined> {
    const k = 'id' in by ? this.apiKeys.get(by.id) : [...this.apiKeys.values()].find((x) => x.keyPrefix === by.keyPrefix);
    return k && copy(k);
  }

  async listApiKeys(tenantId: string, owner?: { kind: PrincipalKind; id: string }, page?: PageRequest): Promise<Page<ApiKey>> {
    const all = [...this.apiKeys.values()]
      .filter((k) => k.tenantId === tenantId && (!owner || (k.ownerKind === owner.kind && k.ownerId === owner.id)))
      .sort((a, b) => compareKeys(a.id, b.id));
    return copy(pageOf(all, (k) => k.id, page));
  }

  async revokeApiKey(id: string, at = new Date().toISOString()): Promise<boolean> {
    const k = this.apiKeys.get(id);
    if (!k) throw notFound('API key', id);
    if (k.revokedAt !== undefined) return false;
    k.revokedAt = at;
    return true;
  }

  async touchApiKey(id: string, at: string): Promise<void> {
    const k = this.apiKeys.get(id);
    if (k && (k.lastUsedAt === undefined || k.lastUsedAt < at)) k.lastUsedAt = at;
  }

  async deleteApiKey(id: string): Promise<void> {
    if (!this.apiKeys.delete(id)) throw notFound('API key', id);
  }

  // ---- roles and grants ----

  async createRole(r: Role): Promise<Role> {
    this.requireTenant(r.tenantId);
    if (this.roles.has(r.id)) throw new StoreError('already-exists', `Role id ${r.id} already exists`);
    if (this.findRole(r.tenantId, r.name)) throw roleExists(r.name);
    const rec = pickRole(copy(r));
    this.roles.set(r.id, rec);
    return copy(rec);
  }

  async getRole(by: { id: string } | { tenantId: string; name: string }): Promise<Role | undefined> {
    const r = 'id' in by ? this.roles.get(by.id) : this.findRole(by.tenantId, by.name);
    return r && copy(r);
  }

  async listRoles(tenantId: string, page?: PageRequest): Promise<Page<Role>> {
    return copy(pageOf(sortedByName([...this.roles.values()].filter((r) => r.tenantId === tenantId)), (r) => r.name, page));
  }

  async updateRole(id: string, patch: RolePatch): Promise<Role> {
    const r = this.roles.get(id);
    if (!r) throw notFound('Role', id);
    const next = patchedRole(r, patch);
    const clash = this.findRole(r.tenantId, next.name);
    if (clash && clash.id !== id) throw roleExists(next.name);
    this.roles.set(id, next);
    return copy(next);
  }

  async deleteRole(id: string): Promise<void> {
    if (!this.roles.has(id)) throw notFound('Role', id);
    this.dropRole(id);
  }

  async assignRole(a: RoleAssignment): Promise<boolean> {
    const r = this.roles.get(a.roleId);
    if (!r) throw notFound('Role', a.roleId);
    if (!this.hasPrincipal(r.tenantId, a.principalKind, a.principalId)) throw notFound(a.principalKind === 'user' ? 'User' : 'Client', a.principalId);
    const key = assignmentKey(a);
    if (this.assignments.has(key)) return false;
    this.assignments.set(key, { roleId: a.roleId, principalKind: a.principalKind, principalId: a.principalId });
    return true;
  }

  async unassignRole(a: RoleAssignment): Promise<boolean> {
    return this.assignments.delete(assignmentKey(a));
  }

  async listPrincipalRoles(tenantId: string, kind: PrincipalKind, principalId: string, page?: PageRequest): Promise<Page<Role>> {
    return copy(pageOf(sortedByName(this.principalRoles(tenantId, kind, principalId)), (r) => r.name, page));
  }

  async createGrant(g: Grant): Promise<Grant> {
    if (this.roles.get(g.roleId)?.tenantId !== g.tenantId) throw notFound('Role', g.roleId);
    const cat = this.deps.catalog(g.catalogId);
    if (cat?.tenantId !== g.tenantId) throw notFound('Catalog', g.catalogId);
    if (this.grants.has(g.id)) throw new StoreError('already-exists', `Grant ${g.id} already exists`);
    const rec = pickGrant({ ...copy(g), scope: { ...copy(g.scope), catalog: cat.name } });
    this.grants.set(g.id, rec);
    return copy(rec);
  }

  /** The grant lifecycle of memory.ts's drops and renames (see grant-objects.ts). */
  dropGrantsWhere(on: (o: GrantObject) => boolean): void {
    for (const [k, g] of this.grants) if (on(grantObject(g.catalogId, g.scope))) this.grants.delete(k);
  }

  moveObjectGrants(from: TableIdent, to: TableIdent, kind: TableKind): void {
    for (const g of this.grants.values()) {
      const o = grantObject(g.catalogId, g.scope);
      if (!isOnObject(o, from, kind)) continue;
      const next = movedObject(o, to);
      g.catalogId = next.catalogId;
      g.scope = scopeOf(this.deps.catalog(next.catalogId)?.name ?? g.scope.catalog, next);
    }
  }

  async listGrants(roleId: string, page?: PageRequest): Promise<Page<Grant>> {
    const all = [...this.grants.values()].filter((g) => g.roleId === roleId).sort((a, b) => compareKeys(a.id, b.id));
    return copy(pageOf(all, (g) => g.id, page));
  }

  async deleteGrant(id: string): Promise<void> {
    if (!this.grants.delete(id)) throw notFound('Grant', id);
  }

  async grantsForPrincipal(tenantId: string, kind: PrincipalKind, principalId: string): Promise<Grant[]> {
    const roleIds = new Set(this.principalRoles(tenantId, kind, principalId).map((r) => r.id));
    return copy([...this.grants.values()].filter((g) => roleIds.has(g.roleId)).sort((a, b) => compareKeys(a.id, b.id)));
  }

  // ---- audit log ----

  async appendAuditEvent(e: AuditEvent): Promise<void> {
    if (!this.audit.has(e.id)) this.audit.set(e.id, pickAuditEvent(copy(e)));
  }

  async appendAuditEvents(events: readonly AuditEvent[]): Promise<void> {
    for (const e of events) await this.appendAuditEvent(e);
  }

  async listAuditEvents(tenantId: string | null, filter: AuditFilter = {}, page?: PageRequest): Promise<Page<AuditEvent>> {
    const { after, limit } = pageWindow(page);
    const from = auditAfter(after);
    const rows = [...this.audit.values()]
      .filter(
        (e) =>
          e.tenantId === tenantId &&
          (filter.actorId === undefined || e.actor.id === filter.actorId) &&
          (filter.outcome === undefined || e.outcome === filter.outcome) &&
          (filter.action === undefined || e.action === filter.action) &&
          (filter.since === undefined || compareKeys(e.at, filter.since) >= 0) &&
          (filter.until === undefined || compareKeys(e.at, filter.until) < 0) &&
          (from === undefined || compareKeys(e.at, from.at) < 0 || (e.at === from.at && compareKeys(e.id, from.id) < 0)),
      )
      .sort((a, b) => compareKeys(b.at, a.at) || compareKeys(b.id, a.id));
    return copy(finishPage(limit === undefined ? rows : rows.slice(0, limit + 1), limit, auditKey));
  }

  // ---- helpers ----

  private dropUser(id: string): void {
    this.users.delete(id);
    for (const [k, x] of this.sessions) if (x.userId === id) this.sessions.delete(k);
    this.dropOwned('user', id);
  }

  /** A principal's API keys (and, later, role assignments). */
  private dropOwned(kind: PrincipalKind, id: string): void {
    for (const [k, x] of this.apiKeys) if (x.ownerKind === kind && x.ownerId === id) this.apiKeys.delete(k);
    for (const [k, a] of this.assignments) if (a.principalKind === kind && a.principalId === id) this.assignments.delete(k);
  }

  private dropRole(id: string): void {
    this.roles.delete(id);
    for (const [k, a] of this.assignments) if (a.roleId === id) this.assignments.delete(k);
    for (const [k, g] of this.grants) if (g.roleId === id) this.grants.delete(k);
  }

  private hasPrincipal(tenantId: string, kind: PrincipalKind, id: string): boolean {
    const p = kind === 'user' ? this.users.get(id) : this.deps.clients.get(id);
    return p?.tenantId === tenantId;
  }

  private findRole(tenantId: string, name: string): Role | undefined {
    for (const r of this.roles.values()) if (r.tenantId === tenantId && r.name === name) return r;
    return undefined;
  }

  private principalRoles(tenantId: string, kind: PrincipalKind, id: string): Role[] {
    const out: Role[] = [];
    for (const a of this.assignments.values()) {
      const r = a.principalKind === kind && a.principalId === id ? this.roles.get(a.roleId) : undefined;
      if (r && r.tenantId === tenantId) out.push(r);
    }
    return out;
  }

  private findUser(tenantId: string, username: string): User | undefined {
    for (const u of this.users.values()) if (u.tenantId === tenantId && u.username === username) return u;
    return undefined;
  }

  private requireTenant(id: string): void {
    if (!this.deps.hasTenant(id)) throw notFound('Tenant', id);
  }
}

const userExists = (username: string) => new StoreError('already-exists', `User ${username} already exists`);
const roleExists = (name: string) => new StoreError('already-exists', `Role ${name} already exists`);
const assignmentKey = (a: RoleAssignment): string => `${a.principalKind}\u0000${a.principalId}\u0000${a.roleId}`;
const sortedByName = (roles: Role[]): Role[] => roles.sort((a, b) => compareKeys(a.name, b.name));
