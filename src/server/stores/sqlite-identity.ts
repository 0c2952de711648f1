// IdentityStore on SQLite (see identity-types.ts). Read-check-write operations run in one
// IMMEDIATE transaction (sqlite.ts tx), so they are atomic against other connections too.
// Uniqueness and tenant references are table constraints (migration 3 on), so a row can
// never outlive its tenant (ON DELETE CASCADE) nor duplicate a name, whatever interleaves.
// Row shapes and the keyset list builder: sql-identity.ts (shared with PostgreSQL).
import Database from 'better-sqlite3';
import { notFound } from './entity-rules.js';
import {
  auditKey, nowAfter, type AuditEvent, type AuditFilter, patchedClient, patchedRole, patchedUser, pickApiKey, pickGrant, pickRole, pickSession, pickUser,
  type ApiKey, type ClientPatch, type Grant, type PrincipalKind, type Role, type RoleAssignment, type RolePatch, type IdentityStore, type Session, type User, type UserPatch } from './identity-types.js';
import { finishPage } from './paging.js';
import {
  AUDIT_INSERT, auditFromRow, auditParams, auditQuery, type AuditRow,
  API_KEY_COLS, apiKeyFromRow, apiKeyParams, GRANT_COLS, GRANT_SELECT, grantFromRow, grantParams, GRANTS_FOR_PRINCIPAL, keysetQuery, marks, principalSql, PRINCIPAL_CASCADE,
  PRINCIPAL_ROLES, PRINCIPAL_ROLES_WHERE, ROLE_COLS, roleFromRow, roleParams, type ApiKeyRow, type GrantRow, type RoleRow, SESSION_COLS, sessionFromRow, sessionParams, USER_COLS, userFromRow, userParams, type SessionRow, type UserRow } from './sql-identity.js';
import { SqlRootSessions } from './sql-root-sessions.js';
import type { SqliteHandle } from './sqlite-entities.js';
import { clientFromRow, type ClientRow } from './sqlite-rows.js';
import { StoreError, type ClientCredential, type Page, type PageRequest } from './types.js';

/** Runs a statement, mapping constraint violations to StoreErrors (busy → unavailable). */
function runMapped<T>(fn: () => T, exists: string, missing?: string): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof Database.SqliteError) {
      if (e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e.code === 'SQLITE_CONSTRAINT_UNIQUE') throw new StoreError('already-exists', exists);
      if (e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new StoreError('not-found', missing ?? `A referenced entity no longer exists: ${e.message}`);
      if (e.code.startsWith('SQLITE_BUSY') || e.code.startsWith('SQLITE_LOCKED')) throw new StoreError('unavailable', `The catalog database is busy: ${e.message}`);
    }
    throw e;
  }
}

// ---- the store ----

export class SqliteIdentity extends SqlRootSessions implements IdentityStore {
  constructor(private readonly h: SqliteHandle) {
    super({
      rows: async (sql, params) => h.q(sql).all(...params) as never[],
      changes: async (sql, params) => h.q(sql).run(...params).changes,
      insert: async (sql, params, exists) => void runMapped(() => h.q(sql).run(...params), exists),
    });
  }

  // ---- users ----

  async createUser(u: User): Promise<User> {
    const rec = pickUser(u);
    this.requireTenant(rec.tenantId);
    this.run(() => this.h.q(`INSERT INTO users (${USER_COLS}) VALUES (${marks(9, false)})`).run(...userParams(rec)), `User ${rec.username} (id ${rec.id}) already exists`);
    return rec;
  }

  async getUser(by: { id: string } | { tenantId: string; username: string }): Promise<User | undefined> {
    const r = ('id' in by
      ? this.h.q(`SELECT ${USER_COLS} FROM users WHERE id = ?`).get(by.id)
      : this.h.q(`SELECT ${USER_COLS} FROM users WHERE tenant_id = ? AND username = ?`).get(by.tenantId, by.username)) as UserRow | undefined;
    return r && userFromRow(r);
  }

  async listUsers(tenantId: string, page?: PageRequest): Promise<Page<User>> {
    return this.list(`SELECT ${USER_COLS} FROM users`, ['tenant_id = ?'], [tenantId], 'username', page, userFromRow, (u) => u.username);
  }

  async updateUser(id: string, patch: UserPatch): Promise<User> {
    return this.h.tx(() => {
      const cur = this.userRow(id);
      const next = patchedUser(userFromRow(cur), patch, nowAfter(cur.updated_at));
      const sql = 'UPDATE users SET username = ?, email = ?, password_hash = ?, role = ?, disabled = ?, updated_at = ? WHERE id = ?';
      const params = [next.username, next.email ?? null, next.passwordHash, next.role, next.disabled ? 1 : 0, next.updatedAt, id];
      this.run(() => this.h.q(sql).run(...params), `User ${next.username} already exists`);
      return next;
    });
  }

  async deleteUser(id: string): Promise<void> {
    this.h.tx(() => {
      this.userRow(id);
      this.h.q('DELETE FROM users WHERE id = ?').run(id); // its sessions: ON DELETE CASCADE
      this.dropOwned('user', id);
    });
  }

  // ---- sessions ----

  async createSession(x: Session): Promise<Session> {
    const rec = pickSession(x);
    if (!this.h.q('SELECT 1 FROM users WHERE id = ? AND tenant_id = ?').get(rec.userId, rec.tenantId)) throw notFound('User', rec.userId);
    this.run(() => this.h.q(`INSERT INTO sessions (${SESSION_COLS}) VALUES (${marks(7, false)})`).run(...sessionParams(rec)), `Session ${rec.id} (or its token) already exists`);
    return rec;
  }

  async getSession(tokenHash: string): Promise<Session | undefined> {
    const r = this.h.q(`SELECT ${SESSION_COLS} FROM sessions WHERE token_hash = ?`).get(tokenHash) as SessionRow | undefined;
    return r && sessionFromRow(r);
  }

  async revokeSession(id: string, at = new Date().toISOString()): Promise<boolean> {
    // Only the statement that flips revoked_at from NULL changes a row: that caller wins.
    if (this.h.q('UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes === 1) return true;
    if (!this.h.q('SELECT 1 FROM sessions WHERE id = ?').get(id)) throw notFound('Session', id);
    return false;
  }

  async revokeUserSessions(userId: string, at = new Date().toISOString()): Promise<number> {
    return this.h.q('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(at, userId).changes;
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    return this.h.q('DELETE FROM sessions WHERE expires_at < ?').run(now).changes;
  }

  // ---- service users (created and read by sqlite.ts) ----

  async listClients(tenantId: string, page?: PageRequest): Promise<Page<ClientCredential>> {
    return this.list('SELECT * FROM clients', ['tenant_id = ?'], [tenantId], 'client_id', page, clientFromRow, (c) => c.clientId);
  }

  async updateClient(clientId: string, patch: ClientPatch): Promise<ClientCredential> {
    return this.h.tx(() => {
      const cur = this.h.q('SELECT * FROM clients WHERE client_id = ?').get(clientId) as ClientRow | undefined;
      if (!cur) throw notFound('Client', clientId);
      const next = patchedClient(clientFromRow(cur), patch);
      this.h.q('UPDATE clients SET name = ?, secret_hash = ?, disabled = ?, role = ? WHERE client_id = ?').run(next.name, next.secretHash, next.disabled ? 1 : 0, next.role, clientId);
      return next;
    });
  }

  async deleteClient(clientId: string): Promise<void> {
    this.h.tx(() => {
      if (this.h.q('DELETE FROM clients WHERE client_id = ?').run(clientId).changes === 0) throw notFound('Client', clientId);
      this.dropOwned('client', clientId);
    });
  }

  // ---- API keys ----

  async createApiKey(k: ApiKey): Promise<ApiKey> {
    const rec = pickApiKey(k);
    this.h.tx(() => {
      if (!this.h.q(principalSql(rec.ownerKind)).get(rec.tenantId, rec.ownerId)) throw notFound(rec.ownerKind === 'user' ? 'User' : 'Client', rec.ownerId);
      this.run(() => this.h.q(`INSERT INTO api_keys (${API_KEY_COLS}) VALUES (${marks(11, false)})`).run(...apiKeyParams(rec)), `API key ${rec.id} (or its prefix) already exists`);
    });
    return rec;
  }

  async getApiKey(by: { id: string } | { keyPrefix: string }): Promise<ApiKey | undefined> {
    const r = ('id' in by
      ? this.h.q(`SELECT ${API_KEY_COLS} FROM api_keys WHERE id = ?`).get(by.id)
      : this.h.q(`SELECT ${API_KEY_COLS} FROM api_keys WHERE key_prefix = ?`).get(by.keyPrefix)) as ApiKeyRow | undefined;
    return r && apiKeyFromRow(r);
  }

  async listApiKeys(tenantId: string, owner?: { kind: PrincipalKind; id: string }, page?: PageRequest): Promise<Page<ApiKey>> {
    const where = owner ? ['tenant_id = ?', 'owner_kind = ?', 'owner_id = ?'] : ['tenant_id = ?'];
    const params = owner ? [tenantId, owner.kind, owner.id] : [tenantId];
    return this.list(`SELECT ${API_KEY_COLS} FROM api_keys`, where, params, 'id', page, apiKeyFromRow, (k) => k.id);
  }

  async revokeApiKey(id: string, at = new Date().toISOString()): Promise<boolean> {
    if (this.h.q('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes === 1) return true;
    if (!this.h.q('SELECT 1 FROM api_keys WHERE id = ?').get(id)) throw notFound('API key', id);
    return false;
  }

  async touchApiKey(id: string, at: string): Promise<void> {
    this.h.q('UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)').run(at, id, at);
  }

  async deleteApiKey(id: string): Promise<void> {
    if (this.h.q('DELETE FROM api_keys WHERE id = ?').run(id).changes === 0) throw notFound('API key', id);
  }

  // ---- roles and grants ----

  async createRole(r: Role): Promise<Role> {
    const rec = pickRole(r);
    this.requireTenant(rec.tenantId);
    this.run(() => this.h.q(`INSERT INTO roles (${ROLE_COLS}) VALUES (${marks(5, false)})`).run(...roleParams(rec)), `Role ${rec.name} (id ${rec.id}) already exists`);
    return rec;
  }

  async getRole(by: { id: string } | { tenantId: string; name: string }): Promise<Role | undefined> {
    const r = ('id' in by
      ? this.h.q(`SELECT ${ROLE_COLS} FROM roles WHERE id = ?`).get(by.id)
      : this.h.q(`SELECT ${ROLE_COLS} FROM roles WHERE tenant_id = ? AND name = ?`).get(by.tenantId, by.name)) as RoleRow | undefined;
    return r && roleFromRow(r);
  }

  async listRoles(tenantId: string, page?: PageRequest): Promise<Page<Role>> {
    return this.list(`SELECT ${ROLE_COLS} FROM roles`, ['tenant_id = ?'], [tenantId], 'name', page, roleFromRow, (r) => r.name);
  }

  async updateRole(id: string, patch: RolePatch): Promise<Role> {
    return this.h.tx(() => {
      const cur = this.h.q(`SELECT ${ROLE_COLS} FROM roles WHERE id = ?`).get(id) as RoleRow | undefined;
      if (!cur) throw notFound('Role', id);
      const next = patchedRole(roleFromRow(cur), patch);
      this.run(() => this.h.q('UPDATE roles SET name = ?, description = ? WHERE id = ?').run(next.name, next.description, id), `Role ${next.name} already exists`);
      return next;
    });
  }

  async deleteRole(id: string): Promise<void> {
    // One statement: its assignments and grants go by ON DELETE CASCADE, atomically.
    if (this.h.q('DELETE FROM roles WHERE id = ?').run(id).changes === 0) throw notFound('Role', id);
  }

  async assignRole(a: RoleAssignment): Promise<boolean> {
    return this.h.tx(() => {
      const r = this.h.q('SELECT tenant_id FROM roles WHERE id = ?').get(a.roleId) as { tenant_id: string } | undefined;
      if (!r) throw notFound('Role', a.roleId);
      if (!this.h.q(principalSql(a.principalKind)).get(r.tenant_id, a.principalId)) throw notFound(a.principalKind === 'user' ? 'User' : 'Client', a.principalId);
      const sql = 'INSERT INTO role_assignments (tenant_id, role_id, principal_kind, principal_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING';
      return this.h.q(sql).run(r.tenant_id, a.roleId, a.principalKind, a.principalId).changes === 1;
    });
  }

  async unassignRole(a: RoleAssignment): Promise<boolean> {
    return this.h.q('DELETE FROM role_assignments WHERE principal_kind = ? AND principal_id = ? AND role_id = ?').run(a.principalKind, a.principalId, a.roleId).changes === 1;
  }

  async listPrincipalRoles(tenantId: string, kind: PrincipalKind, principalId: string, page?: PageRequest): Promise<Page<Role>> {
    return this.list(PRINCIPAL_ROLES, PRINCIPAL_ROLES_WHERE, [tenantId, kind, principalId], 'r.name', page, roleFromRow, (r) => r.name);
  }

  async createGrant(g: Grant): Promise<Grant> {
    const rec = pickGrant(g);
    return this.h.tx(() => {
      if (!this.h.q('SELECT 1 FROM catalogs WHERE id = ? AND tenant_id = ?').get(rec.catalogId, rec.tenantId)) throw notFound('Catalog', rec.catalogId);
      // The foreign key (tenant_id, role_id) → roles refuses a missing role and another tenant's.
      this.run(() => this.h.q(`INSERT INTO grants (${GRANT_COLS}) VALUES (${marks(9, false)})`).run(...grantParams(rec)), `Grant ${rec.id} already exists`, `Role ${rec.roleId} does not exist`);
      return grantFromRow(this.h.q(`${GRANT_SELECT} WHERE g.id = ?`).get(rec.id) as GrantRow);
    });
  }

  async listGrants(roleId: string, page?: PageRequest): Promise<Page<Grant>> {
    return this.list(GRANT_SELECT, ['g.role_id = ?'], [roleId], 'g.id', page, grantFromRow, (g) => g.id);
  }

  async deleteGrant(id: string): Promise<void> {
    if (this.h.q('DELETE FROM grants WHERE id = ?').run(id).changes === 0) throw notFound('Grant', id);
  }

  async grantsForPrincipal(tenantId: string, kind: PrincipalKind, principalId: string): Promise<Grant[]> {
    return (this.h.q(GRANTS_FOR_PRINCIPAL).all(tenantId, kind, principalId) as GrantRow[]).map(grantFromRow);
  }

  // ---- audit log ----

  async appendAuditEvent(e: AuditEvent): Promise<void> {
    this.h.q(AUDIT_INSERT).run(...auditParams(e));
  }

  /** One transaction: one commit (and fsync) for the batch instead of one per event. */
  async appendAuditEvents(events: readonly AuditEvent[]): Promise<void> {
    if (events.length === 0) return;
    const insert = this.h.q(AUDIT_INSERT);
    this.h.tx(() => {
      for (const e of events) insert.run(...auditParams(e));
    });
  }

  async listAuditEvents(tenantId: string | null, filter: AuditFilter = {}, page?: PageRequest): Promise<Page<AuditEvent>> {
    const q = auditQuery(tenantId, filter, page, false);
    return finishPage((this.h.q(q.sql).all(...q.params) as AuditRow[]).map(auditFromRow), q.limit, auditKey);
  }

  // ---- helpers ----

  /** Deletes what a user or client owns (inside the caller's transaction). */
  private dropOwned(kind: PrincipalKind, id: string): void {
    for (const sql of PRINCIPAL_CASCADE) this.h.q(sql).run(kind, id);
  }

  private userRow(id: string): UserRow {
    const r = this.h.q(`SELECT ${USER_COLS} FROM users WHERE id = ?`).get(id) as UserRow | undefined;
    if (!r) throw notFound('User', id);
    return r;
  }

  private requireTenant(id: string): void {
    if (!this.h.q('SELECT 1 FROM tenants WHERE id = ?').get(id)) throw notFound('Tenant', id);
  }

  /** Runs a write, mapping a unique violation to already-exists(`exists`) and a foreign key one to not-found. */
  private run<T>(fn: () => T, exists: string, missing?: string): T {
    return runMapped(fn, exists, missing);
  }

  private list<R, T>(select: string, where: string[], params: unknown[], key: string, page: PageRequest | undefined, map: (r: R) => T, keyOf: (t: T) => string): Page<T> {
    const q = keysetQuery(select, where, params, key, page, false);
    return finishPage((this.h.q(q.sql).all(...q.params) as R[]).map(map), q.limit, keyOf);
  }
}
