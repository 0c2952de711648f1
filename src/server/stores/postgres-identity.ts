// IdentityStore on PostgreSQL (see identity-types.ts): the SQLite schema and row mapping
// (sqlite-identity.ts). Single-statement writes lean on constraints (unique → already-exists,
// foreign key → not-found, ON DELETE CASCADE for the tenant); read-check-write operations
// run in one transaction that first locks the row they change FOR UPDATE.
import type pg from 'pg';
import { notFound } from './entity-rules.js';
import {
  auditKey, nowAfter, type AuditEvent, type AuditFilter, patchedClient, patchedRole, patchedUser, pickApiKey, pickGrant, pickRole, pickSession, pickUser,
  type ApiKey, type ClientPatch, type Grant, type PrincipalKind, type Role, type RoleAssignment, type RolePatch, type IdentityStore, type Session, type User, type UserPatch } from './identity-types.js';
import { finishPage } from './paging.js';
import {
  AUDIT_COLS, AUDIT_INSERT, auditFromRow, auditParams, auditQuery, type AuditRow,
  API_KEY_COLS, apiKeyFromRow, apiKeyParams, GRANT_COLS, GRANT_SELECT, grantFromRow, grantParams, GRANTS_FOR_PRINCIPAL, keysetQuery, marks, numbered, principalSql, PRINCIPAL_CASCADE,
  PRINCIPAL_ROLES, PRINCIPAL_ROLES_WHERE, ROLE_COLS, roleFromRow, roleParams, type ApiKeyRow, type GrantRow, type RoleRow, SESSION_COLS, sessionFromRow, sessionParams, USER_COLS, userFromRow, userParams, type SessionRow, type UserRow } from './sql-identity.js';
import { SqlRootSessions } from './sql-root-sessions.js';
import { clientFromRow, type ClientRow } from './sqlite-rows.js';
import { StoreError, type ClientCredential, type Page, type PageRequest } from './types.js';

/** What postgres.ts lends: its pooled (prepared-statement) query and its transaction runner. */
export interface PgIdentityHandle {
  query<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<pg.QueryResult<R>>;
  tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T>;
}

const PG_GRANTS_FOR_PRINCIPAL = numbered(GRANTS_FOR_PRINCIPAL);
const PG_AUDIT_INSERT = numbered(AUDIT_INSERT);
/** A batch of events as one statement: one array per column (every column is text). */
const PG_AUDIT_INSERT_MANY = `INSERT INTO audit_events (${AUDIT_COLS}) SELECT * FROM unnest(${Array.from({ length: 12 }, (_, i) => `$${i + 1}::text[]`).join(', ')}) ON CONFLICT (id) DO NOTHING`;

const pgCode = (e: unknown): string | undefined => (e as { code?: string })?.code;

/** Runs a write, mapping a unique violation to already-exists(`exists`) and a foreign key one to not-found(`missing`). */
async function write<T>(p: Promise<T>, exists: string, missing = 'A referenced entity does not exist'): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (pgCode(e) === '23505') throw new StoreError('already-exists', exists);
    if (pgCode(e) === '23503') throw new StoreError('not-found', missing);
    throw e;
  }
}

/** Deletes what a user or client owns, inside the caller's transaction. */
async function dropOwned(c: pg.PoolClient, kind: PrincipalKind, id: string): Promise<void> {
  for (const sql of PRINCIPAL_CASCADE) await c.query(numbered(sql), [kind, id]);
}

export class PostgresIdentity extends SqlRootSessions implements IdentityStore {
  constructor(private readonly h: PgIdentityHandle) {
    super({
      rows: async (sql, params) => (await h.query(numbered(sql), params)).rows as never[],
      changes: async (sql, params) => (await h.query(numbered(sql), params)).rowCount ?? 0,
      insert: async (sql, params, exists) => void (await write(h.query(numbered(sql), params), exists)),
    });
  }

  // ---- users ----

  async createUser(u: User): Promise<User> {
    const rec = pickUser(u);
    await write(this.h.query(`INSERT INTO users (${USER_COLS}) VALUES (${marks(9, true)})`, userParams(rec)), `User ${rec.username} (id ${rec.id}) already exists`, `Tenant ${rec.tenantId} does not exist`);
    return rec;
  }

  async getUser(by: { id: string } | { tenantId: string; username: string }): Promise<User | undefined> {
    const r =
      'id' in by
        ? await this.h.query<UserRow>(`SELECT ${USER_COLS} FROM users WHERE id = $1`, [by.id])
        : await this.h.query<UserRow>(`SELECT ${USER_COLS} FROM users WHERE tenant_id = $1 AND username = $2`, [by.tenantId, by.username]);
    return r.rows[0] && userFromRow(r.rows[0]);
  }

  async listUsers(tenantId: string, page?: PageRequest): Promise<Page<User>> {
    return this.list(`SELECT ${USER_COLS} FROM users`, ['tenant_id = ?'], [tenantId], 'username', page, userFromRow, (u) => u.username);
  }

  async updateUser(id: string, patch: UserPatch): Promise<User> {
    return this.h.tx(async (c) => {
      const cur = (await c.query<UserRow>(`SELECT ${USER_COLS} FROM users WHERE id = $1 FOR UPDATE`, [id])).rows[0];
      if (!cur) throw notFound('User', id);
      const next = patchedUser(userFromRow(cur), patch, nowAfter(cur.updated_at));
      const sql = 'UPDATE users SET username = $1, email = $2, password_hash = $3, role = $4, disabled = $5, updated_at = $6 WHERE id = $7';
      await write(c.query(sql, [next.username, next.email ?? null, next.passwordHash, next.role, next.disabled, next.updatedAt, id]), `User ${next.username} already exists`);
      return next;
    });
  }

  async deleteUser(id: string): Promise<void> {
    await this.h.tx(async (c) => {
      // Deleting the row first locks it: a concurrent createApiKey (FOR SHARE on it) finishes
      // before us, and our cascade below sees its key; or it waits and then finds no owner.
      const r = await c.query('DELETE FROM users WHERE id = $1', [id]); // its sessions: ON DELETE CASCADE
      if (!r.rowCount) throw notFound('User', id);
      await dropOwned(c, 'user', id);
    });
  }

  // ---- sessions ----

  async createSession(x: Session): Promise<Session> {
    const rec = pickSession(x);
    // The foreign key (tenant_id, user_id) → users refuses a user of another tenant too.
    await write(this.h.query(`INSERT INTO sessions (${SESSION_COLS}) VALUES (${marks(7, true)})`, sessionParams(rec)), `Session ${rec.id} (or its token) already exists`, `User ${rec.userId} does not exist`);
    return rec;
  }

  async getSession(tokenHash: string): Promise<Session | undefined> {
    const r = await this.h.query<SessionRow>(`SELECT ${SESSION_COLS} FROM sessions WHERE token_hash = $1`, [tokenHash]);
    return r.rows[0] && sessionFromRow(r.rows[0]);
  }

  async revokeSession(id: string, at = new Date().toISOString()): Promise<boolean> {
    // A concurrent UPDATE waits for the row lock, then re-checks revoked_at IS NULL: one wins.
    if ((await this.h.query('UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id])).rowCount === 1) return true;
    if (!(await this.h.query('SELECT 1 FROM sessions WHERE id = $1', [id])).rowCount) throw notFound('Session', id);
    return false;
  }

  async revokeUserSessions(userId: string, at = new Date().toISOString()): Promise<number> {
    return (await this.h.query('UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL', [at, userId])).rowCount ?? 0;
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    return (await this.h.query('DELETE FROM sessions WHERE expires_at < $1', [now])).rowCount ?? 0;
  }

  // ---- service users (created and read by postgres.ts) ----

  async listClients(tenantId: string, page?: PageRequest): Promise<Page<ClientCredential>> {
    return this.list('SELECT * FROM clients', ['tenant_id = ?'], [tenantId], 'client_id', page, clientFromRow, (c) => c.clientId);
  }

  async updateClient(clientId: string, patch: ClientPatch): Promise<ClientCredential> {
    return this.h.tx(async (c) => {
      const cur = (await c.query<ClientRow>('SELECT * FROM clients WHERE client_id = $1 FOR UPDATE', [clientId])).rows[0];
      if (!cur) throw notFound('Client', clientId);
      const next = patchedClient(clientFromRow(cur), patch);
      await c.query('UPDATE clients SET name = $1, secret_hash = $2, disabled = $3, role = $4 WHERE client_id = $5', [next.name, next.secretHash, !!next.disabled, next.role, clientId]);
      return next;
    });
  }

  async deleteClient(clientId: string): Promise<void> {
    await this.h.tx(async (c) => {
      if (!(await c.query('DELETE FROM clients WHERE client_id = $1', [clientId])).rowCount) throw notFound('Client', clientId);
      await dropOwned(c, 'client', clientId);
    });
  }

  // ---- API keys ----

  async createApiKey(k: ApiKey): Promise<ApiKey> {
    const rec = pickApiKey(k);
    await this.h.tx(async (c) => {
      // FOR SHARE holds the owner until we commit: a concurrent delete of it waits, then removes our key too.
      if (!(await c.query(numbered(principalSql(rec.ownerKind) + ' FOR SHARE'), [rec.tenantId, rec.ownerId])).rowCount) {
        throw notFound(rec.ownerKind === 'user' ? 'User' : 'Client', rec.ownerId);
      }
      await write(c.query(`INSERT INTO api_keys (${API_KEY_COLS}) VALUES (${marks(11, true)})`, apiKeyParams(rec)), `API key ${rec.id} (or its prefix) already exists`, `Tenant ${rec.tenantId} does not exist`);
    });
    return rec;
  }

  async getApiKey(by: { id: string } | { keyPrefix: string }): Promise<ApiKey | undefined> {
    const r =
      'id' in by
        ? await this.h.query<ApiKeyRow>(`SELECT ${API_KEY_COLS} FROM api_keys WHERE id = $1`, [by.id])
        : await this.h.query<ApiKeyRow>(`SELECT ${API_KEY_COLS} FROM api_keys WHERE key_prefix = $1`, [by.keyPrefix]);
    return r.rows[0] && apiKeyFromRow(r.rows[0]);
  }

  async listApiKeys(tenantId: string, owner?: { kind: PrincipalKind; id: string }, page?: PageRequest): Promise<Page<ApiKey>> {
    const where = owner ? ['tenant_id = ?', 'owner_kind = ?', 'owner_id = ?'] : ['tenant_id = ?'];
    const params = owner ? [tenantId, owner.kind, owner.id] : [tenantId];
    return this.list(`SELECT ${API_KEY_COLS} FROM api_keys`, where, params, 'id', page, apiKeyFromRow, (k) => k.id);
  }

  async revokeApiKey(id: string, at = new Date().toISOString()): Promise<boolean> {
    if ((await this.h.query('UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id])).rowCount === 1) return true;
    if (!(await this.h.query('SELECT 1 FROM api_keys WHERE id = $1', [id])).rowCount) throw notFound('API key', id);
    return false;
  }

  async touchApiKey(id: string, at: string): Promise<void> {
    await this.h.query('UPDATE api_keys SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $1)', [at, id]);
  }

  async deleteApiKey(id: string): Promise<void> {
    if (!(await this.h.query('DELETE FROM api_keys WHERE id = $1', [id])).rowCount) throw notFound('API key', id);
  }

  // ---- roles and grants ----

  async createRole(r: Role): Promise<Role> {
    const rec = pickRole(r);
    await write(this.h.query(`INSERT INTO roles (${ROLE_COLS}) VALUES (${marks(5, true)})`, roleParams(rec)), `Role ${rec.name} (id ${rec.id}) already exists`, `Tenant ${rec.tenantId} does not exist`);
    return rec;
  }

  async getRole(by: { id: string } | { tenantId: string; name: string }): Promise<Role | undefined> {
    const r =
      'id' in by
        ? await this.h.query<RoleRow>(`SELECT ${ROLE_COLS} FROM roles WHERE id = $1`, [by.id])
        : await this.h.query<RoleRow>(`SELECT ${ROLE_COLS} FROM roles WHERE tenant_id = $1 AND name = $2`, [by.tenantId, by.name]);
    return r.rows[0] && roleFromRow(r.rows[0]);
  }

  async listRoles(tenantId: string, page?: PageRequest): Promise<Page<Role>> {
    return this.list(`SELECT ${ROLE_COLS} FROM roles`, ['tenant_id = ?'], [tenantId], 'name', page, roleFromRow, (r) => r.name);
  }

  async updateRole(id: string, patch: RolePatch): Promise<Role> {
    return this.h.tx(async (c) => {
      const cur = (await c.query<RoleRow>(`SELECT ${ROLE_COLS} FROM roles WHERE id = $1 FOR UPDATE`, [id])).rows[0];
      if (!cur) throw notFound('Role', id);
      const next = patchedRole(roleFromRow(cur), patch);
      await write(c.query('UPDATE roles SET name = $1, description = $2 WHERE id = $3', [next.name, next.description, id]), `Role ${next.name} already exists`);
      return next;
    });
  }

  async deleteRole(id: string): Promise<void> {
    // One statement: its assignments and grants go by ON DELETE CASCADE, atomically. Inserts
    // referencing the role hold a key-share lock on it until they commit, so none survives.
    if (!(await this.h.query('DELETE FROM roles WHERE id = $1', [id])).rowCount) throw notFound('Role', id);
  }

  async assignRole(a: RoleAssignment): Promise<boolean> {
    return this.h.tx(async (c) => {
      const r = (await c.query<{ tenant_id: string }>('SELECT tenant_id FROM roles WHERE id = $1 FOR SHARE', [a.roleId])).rows[0];
      if (!r) throw notFound('Role', a.roleId);
      if (!(await c.query(numbered(principalSql(a.principalKind) + ' FOR SHARE'), [r.tenant_id, a.principalId])).rowCount) {
        throw notFound(a.principalKind === 'user' ? 'User' : 'Client', a.principalId);
      }
      const sql = 'INSERT INTO role_assignments (tenant_id, role_id, principal_kind, principal_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING';
      return (await c.query(sql, [r.tenant_id, a.roleId, a.principalKind, a.principalId])).rowCount === 1;
    });
  }

  async unassignRole(a: RoleAssignment): Promise<boolean> {
    const sql = 'DELETE FROM role_assignments WHERE principal_kind = $1 AND principal_id = $2 AND role_id = $3';
    return (await this.h.query(sql, [a.principalKind, a.principalId, a.roleId])).rowCount === 1;
  }

  async listPrincipalRoles(tenantId: string, kind: PrincipalKind, principalId: string, page?: PageRequest): Promise<Page<Role>> {
    return this.list(PRINCIPAL_ROLES, PRINCIPAL_ROLES_WHERE, [tenantId, kind, principalId], 'r.name', page, roleFromRow, (r) => r.name);
  }

  async createGrant(g: Grant): Promise<Grant> {
    const rec = pickGrant(g);
    // Foreign keys refuse a missing role or catalog, and another tenant's (their key
    // checks also lock the rows against a concurrent delete).
    const sql = `WITH g AS (INSERT INTO grants (${GRANT_COLS}) VALUES (${marks(9, true)}) RETURNING *) ${GRANT_SELECT.replace('FROM grants g', 'FROM g')}`;
    try {
      return grantFromRow((await this.h.query<GrantRow>(sql, grantParams(rec))).rows[0]);
    } catch (e) {
      if (pgCode(e) === '23503' && (e as { constraint?: string }).constraint === 'grants_catalog') throw notFound('Catalog', rec.catalogId);
      return write(Promise.reject(e), `Grant ${rec.id} already exists`, `Role ${rec.roleId} does not exist`);
    }
  }

  async listGrants(roleId: string, page?: PageRequest): Promise<Page<Grant>> {
    return this.list(GRANT_SELECT, ['g.role_id = ?'], [roleId], 'g.id', page, grantFromRow, (g) => g.id);
  }

  async deleteGrant(id: string): Promise<void> {
    if (!(await this.h.query('DELETE FROM grants WHERE id = $1', [id])).rowCount) throw notFound('Grant', id);
  }

  async grantsForPrincipal(tenantId: string, kind: PrincipalKind, principalId: string): Promise<Grant[]> {
    return (await this.h.query<GrantRow>(PG_GRANTS_FOR_PRINCIPAL, [tenantId, kind, principalId])).rows.map(grantFromRow);
  }

  // ---- audit log ----

  async appendAuditEvent(e: AuditEvent): Promise<void> {
    await this.h.query(PG_AUDIT_INSERT, auditParams(e));
  }

  /** One INSERT (one round trip, one WAL flush) for the batch. */
  async appendAuditEvents(events: readonly AuditEvent[]): Promise<void> {
    if (events.length === 0) return;
    if (events.length === 1) return this.appendAuditEvent(events[0]);
    const columns: unknown[][] = Array.from({ length: 12 }, () => []);
    for (const e of events) auditParams(e).forEach((v, i) => columns[i].push(v));
    await this.h.query(PG_AUDIT_INSERT_MANY, columns);
  }

  async listAuditEvents(tenantId: string | null, filter: AuditFilter = {}, page?: PageRequest): Promise<Page<AuditEvent>> {
    const q = auditQuery(tenantId, filter, page, true);
    return finishPage((await this.h.query<AuditRow>(q.sql, q.params)).rows.map(auditFromRow), q.limit, auditKey);
  }

  // ---- helpers ----

  private async list<R extends pg.QueryResultRow, T>(select: string, where: string[], params: unknown[], key: string, page: PageRequest | undefined, map: (r: R) => T, keyOf: (t: T) => string): Promise<Page<T>> {
    const q = keysetQuery(select, where, params, key, page, true);
    return finishPage((await this.h.query<R>(q.sql, q.params)).rows.map(map), q.limit, keyOf);
  }
}
