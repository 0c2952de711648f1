// Record builders of the identity conformance tests (users, sessions, keys, roles, audit).
import type { ApiKey, AuditEvent, Grant, GrantScope, Privilege, Role, Session, User } from '../../../src/server/stores/identity-types.js';
import { T0 } from './fixtures.js';

export const user = (id: string, username = id, tenantId = 't1'): User => ({
  id,
  tenantId,
  username,
  email: `${username}@example.com`,
  passwordHash: `argon2id$${id}`,
  role: 'tenant-user',
  disabled: false,
  createdAt: T0,
  updatedAt: T0,
});

/** Settles all, returning how many fulfilled and the rejections. */
export async function race<T>(ps: Promise<T>[]): Promise<{ ok: T[]; failed: unknown[] }> {
  const res = await Promise.allSettled(ps);
  return {
    ok: res.filter((r): r is PromiseFulfilledResult<Awaited<T>> => r.status === 'fulfilled').map((r) => r.value as T),
    failed: res.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason),
  };
}

export const session = (id: string, userId: string, expiresAt = '2030-01-01T00:00:00.000Z', tenantId = 't1'): Session => ({
  id,
  userId,
  tenantId,
  tokenHash: `sha256:${id}`,
  createdAt: T0,
  expiresAt,
});

export const apiKey = (id: string, ownerKind: 'user' | 'client', ownerId: string, tenantId = 't1'): ApiKey => ({
  id,
  tenantId,
  ownerKind,
  ownerId,
  name: `key ${id}`,
  keyPrefix: `pk_${id}`,
  secretHash: `scrypt$${id}`,
  createdAt: T0,
});

export const role = (id: string, name = id, tenantId = 't1'): Role => ({ id, tenantId, name, description: `role ${name}`, createdAt: T0 });

/** Seeded catalogs by name (fixtures.ts seed); others: pass catalogId. */
const SEEDED: Record<string, string> = { main: 'c1', other: 'c2' };

export const grant = (id: string, roleId: string, scope: GrantScope = { catalog: 'main' }, privileges: Privilege[] = ['read'], tenantId = 't1', catalogId = SEEDED[scope.catalog] ?? scope.catalog): Grant => ({
  id,
  tenantId,
  roleId,
  catalogId,
  scope,
  privileges,
  createdAt: T0,
});

export const event = (id: string, at: string, over: Partial<AuditEvent> = {}): AuditEvent => ({
  id,
  tenantId: 't1',
  at,
  actor: { kind: 'user', id: 'u1', name: 'alice' },
  action: 'table.create',
  resource: 'main.db.events',
  outcome: 'allowed',
  ...over,
});
