// Identity rows of the SQL stores (SQLite and PostgreSQL share the schema): row shapes,
// their mapping to the contract's records, and the keyset list query builder.
import { auditAfter, pickApiKey, pickAuditEvent, type AuditEvent, type AuditFilter, pickGrant, pickRole, pickSession, pickUser, type ApiKey, type Grant, type PrincipalKind, type Role, type Session, type User } from './identity-types.js';
import { grantObject, scopeOf } from './grant-objects.js';
import { pageWindow } from './paging.js';
import type { PageRequest, TableKind } from './types.js';

export interface UserRow {
  id: string;
  tenant_id: string;
  username: string;
  email: string | null;
  password_hash: string;
  role: User['role'];
  disabled: number | boolean;
  created_at: string;
  updated_at: string;
}

export const USER_COLS = 'id, tenant_id, username, email, password_hash, role, disabled, created_at, updated_at';

export const userFromRow = (r: UserRow): User =>
  pickUser({
    id: r.id,
    tenantId: r.tenant_id,
    username: r.username,
    email: r.email ?? undefined,
    passwordHash: r.password_hash,
    role: r.role,
    disabled: !!r.disabled,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });

/** Booleans bind as 0/1: SQLite has no boolean type, PostgreSQL reads '0'/'1' as boolean. */
export const userParams = (u: User): unknown[] => [u.id, u.tenantId, u.username, u.email ?? null, u.passwordHash, u.role, u.disabled ? 1 : 0, u.createdAt, u.updatedAt];

export interface SessionRow {
  id: string;
  tenant_id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export const SESSION_COLS = 'id, tenant_id, user_id, token_hash, created_at, expires_at, revoked_at';

export const sessionFromRow = (r: SessionRow): Session =>
  pickSession({ id: r.id, tenantId: r.tenant_id, userId: r.user_id, tokenHash: r.token_hash, createdAt: r.created_at, expiresAt: r.expires_at, revokedAt: r.revoked_at ?? undefined });

export const sessionParams = (x: Session): unknown[] => [x.id, x.tenantId, x.userId, x.tokenHash, x.createdAt, x.expiresAt, x.revokedAt ?? null];

export interface ApiKeyRow {
  id: string;
  tenant_id: string;
  owner_kind: PrincipalKind;
  owner_id: string;
  name: string;
  key_prefix: string;
  secret_hash: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

export const API_KEY_COLS = 'id, tenant_id, owner_kind, owner_id, name, key_prefix, secret_hash, created_at, expires_at, revoked_at, last_used_at';

export const apiKeyFromRow = (r: ApiKeyRow): ApiKey =>
  pickApiKey({
    id: r.id,
    tenantId: r.tenant_id,
    ownerKind: r.owner_kind,
    ownerId: r.owner_id,
    name: r.name,
    keyPrefix: r.key_prefix,
    secretHash: r.secret_hash,
    createdAt: r.created_at,
    expiresAt: r.expires_at ?? undefined,
    revokedAt: r.revoked_at ?? undefined,
    lastUsedAt: r.last_used_at ?? undefined,
  });

export const apiKeyParams = (k: ApiKey): unknown[] => [k.id, k.tenantId, k.ownerKind, k.ownerId, k.name, k.keyPrefix, k.secretHash, k.createdAt, k.expiresAt ?? null, k.revokedAt ?? null, k.lastUsedAt ?? null];

/** SQL selecting 1 if the principal exists in tenant $1/? (params: tenantId, id). */
export const principalSql = (kind: PrincipalKind): string =>
  kind === 'user' ? 'SELECT 1 FROM users WHERE tenant_id = ? AND id = ?' : 'SELECT 1 FROM clients WHERE tenant_id = ? AND client_id = ?';

/** Statements that delete what a principal owns (its API keys, ...), params: kind, id. */
export const PRINCIPAL_CASCADE = ['DELETE FROM api_keys WHERE owner_kind = ? AND owner_id = ?', 'DELETE FROM role_assignments WHERE principal_kind = ? AND principal_id = ?'];

export interface RoleRow {
  id: string;
  tenant_id: string;
  name: string;
  description: string;
  created_at: string;
}

export const ROLE_COLS = 'id, tenant_id, name, description, created_at';
export const roleFromRow = (r: RoleRow): Role => pickRole({ id: r.id, tenantId: r.tenant_id, name: r.name, description: r.description, createdAt: r.created_at });
export const roleParams = (r: Role): unknown[] => [r.id, r.tenantId, r.name, r.description, r.createdAt];

export interface GrantRow {
  id: string;
  tenant_id: string;
  role_id: string;
  catalog_id: string;
  catalog_name: string;
  ns_key: string | null;
  object_kind: TableKind | null;
  object_name: string | null;
  privileges: string;
  created_at: string;
}

export const GRANT_COLS = 'id, tenant_id, role_id, catalog_id, ns_key, object_kind, object_name, privileges, created_at';
/** Grants with their catalog's name; a grant is only ever read through its live catalog. */
export const GRANT_SELECT =
  'SELECT g.id, g.tenant_id, g.role_id, g.catalog_id, c.name AS catalog_name, g.ns_key, g.object_kind, g.object_name, g.privileges, g.created_at FROM grants g JOIN catalogs c ON c.id = g.catalog_id';
export const grantFromRow = (r: GrantRow): Grant =>
  pickGrant({ id: r.id, tenantId: r.tenant_id, roleId: r.role_id, catalogId: r.catalog_id, scope: scopeOf(r.catalog_name, { nsKey: r.ns_key, objectKind: r.object_kind, objectName: r.object_name }), privileges: JSON.parse(r.privileges), createdAt: r.created_at });
export function grantParams(g: Grant): unknown[] {
  const o = grantObject(g.catalogId, g.scope);
  return [g.id, g.tenantId, g.roleId, o.catalogId, o.nsKey, o.objectKind, o.objectName, JSON.stringify(g.privileges), g.createdAt];
}

/**
 * What drops and renames do to the grants on the object, in the same transaction
 * (params in order; `?` placeholders, numbered for PostgreSQL).
 */
export const GRANT_LIFECYCLE = {
  /** catalogId */
  catalog: 'DELETE FROM grants WHERE catalog_id = ?',
  /** catalogId, key, key+SEP, key+SEP+1 (keysInside) */
  namespace: 'DELETE FROM grants WHERE catalog_id = ? AND (ns_key = ? OR (ns_key >= ? AND ns_key < ?))',
  /** catalogId, nsKey, name, kind */
  object: 'DELETE FROM grants WHERE catalog_id = ? AND ns_key = ? AND object_name = ? AND object_kind = ?',
  /** to: catalogId, nsKey, name; from: catalogId, nsKey, name, kind */
  rename: 'UPDATE grants SET catalog_id = ?, ns_key = ?, object_name = ? WHERE catalog_id = ? AND ns_key = ? AND object_name = ? AND object_kind = ?',
};

/** The principal's roles in a tenant (params: tenantId, kind, id); keyset-ordered by r.name. */
export const PRINCIPAL_ROLES = `SELECT r.id, r.tenant_id, r.name, r.description, r.created_at FROM role_assignments a JOIN roles r ON r.id = a.role_id`;
export const PRINCIPAL_ROLES_WHERE = ['a.tenant_id = ?', 'a.principal_kind = ?', 'a.principal_id = ?'];

/** The authorization hot path in one query (params: tenantId, kind, id). */
export const GRANTS_FOR_PRINCIPAL =
  `${GRANT_SELECT} JOIN role_assignments a ON a.role_id = g.role_id ` +
  'WHERE a.tenant_id = ? AND a.principal_kind = ? AND a.principal_id = ? ORDER BY g.id';

export interface AuditRow {
  id: string;
  tenant_id: string | null;
  at: string;
  actor_kind: string;
  actor_id: string;
  actor_name: string;
  action: string;
  resource: string;
  outcome: AuditEvent['outcome'];
  detail: string | null;
  request_id: string | null;
  address: string | null;
}

export const AUDIT_COLS = 'id, tenant_id, at, actor_kind, actor_id, actor_name, action, resource, outcome, detail, request_id, address';

export const auditFromRow = (r: AuditRow): AuditEvent =>
  pickAuditEvent({
    id: r.id,
    tenantId: r.tenant_id,
    at: r.at,
    actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name },
    action: r.action,
    resource: r.resource,
    outcome: r.outcome,
    detail: r.detail ?? undefined,
    requestId: r.request_id ?? undefined,
    address: r.address ?? undefined,
  });

export const auditParams = (e: AuditEvent): unknown[] => [
  e.id, e.tenantId ?? null, e.at, e.actor.kind, e.actor.id, e.actor.name, e.action, e.resource, e.outcome, e.detail ?? null, e.requestId ?? null, e.address ?? null,
];

/** INSERT that ignores an id already stored (placeholders `?`). */
export const AUDIT_INSERT = `INSERT INTO audit_events (${AUDIT_COLS}) VALUES (${Array(12).fill('?').join(', ')}) ON CONFLICT (id) DO NOTHING`;

/** Newest-first page query of audit events (placeholders `?`; numbered $n when `pg`). */
export function auditQuery(tenantId: string | null, f: AuditFilter, page: PageRequest | undefined, pg: boolean) {
  const { after, limit } = pageWindow(page);
  const where: string[] = [tenantId === null ? 'tenant_id IS NULL' : 'tenant_id = ?'];
  const params: unknown[] = tenantId === null ? [] : [tenantId];
  const add = (clause: string, v: unknown) => (where.push(clause), params.push(v));
  if (f.actorId !== undefined) add('actor_id = ?', f.actorId);
  if (f.outcome !== undefined) add('outcome = ?', f.outcome);
  if (f.action !== undefined) add('action = ?', f.action);
  if (f.since !== undefined) add('at >= ?', f.since);
  if (f.until !== undefined) add('at < ?', f.until);
  const from = auditAfter(after === undefined || !pg ? after : after.split('\u0000', 1)[0]);
  if (from) {
    where.push('(at < ? OR (at = ? AND id < ?))');
    params.push(from.at, from.at, from.id);
  }
  let sql = `SELECT ${AUDIT_COLS} FROM audit_events WHERE ${where.join(' AND ')} ORDER BY at DESC, id DESC`;
  if (limit !== undefined) {
    sql += ' LIMIT ?';
    params.push(limit + 1);
  }
  return { sql: pg ? numbered(sql) : sql, params, limit };
}

/** Numbers `?` placeholders as $1, $2, ... for PostgreSQL. */
export const numbered = (sql: string): string => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

export const marks = (n: number, pg: boolean): string => Array.from({ length: n }, (_, i) => (pg ? `$${i + 1}` : '?')).join(', ');

/**
 * One keyset page: `select` + `where` (with `?` placeholders; numbered $n when `pg`),
 * ordered by `keyColumn`, fetching one row more than the page to know if another follows.
 */
export function keysetQuery(select: string, where: string[], params: unknown[], keyColumn: string, page: PageRequest | undefined, pg: boolean) {
  const { after, limit } = pageWindow(page);
  const w = [...where];
  const p = [...params];
  if (after !== undefined) {
    w.push(`${keyColumn} > ?`);
    // PostgreSQL text holds no U+0000: for stored s, s > a+NUL+rest exactly when s > a.
    p.push(pg ? after.split('\u0000', 1)[0] : after);
  }
  let sql = `${select}${w.length ? ` WHERE ${w.join(' AND ')}` : ''} ORDER BY ${keyColumn}`;
  if (limit !== undefined) {
    sql += ' LIMIT ?';
    p.push(limit + 1);
  }
  return { sql: pg ? numbered(sql) : sql, params: p, limit };
}

