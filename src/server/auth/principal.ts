// Who is calling. Decided once per request by authenticate(); handlers only read it.
// `role` is the principal's system role in its tenant, read from the store (not trusted
// from a token), so a demotion takes effect within the liveness window.
import { createHash } from 'node:crypto';
import type { UserRole } from '../stores/identity-types.js';

export type Principal =
  // Root by token names its session and the tag of the root password it signed in with
  // (tokens.ts rootTag); root by HTTP Basic or in no-auth mode has neither.
  | { kind: 'root'; name: string; sessionId?: string; rootTag?: string }
  | { kind: 'user'; id: string; tenantId: string; name: string; role: UserRole; sessionId?: string; apiKeyId?: string }
  // authTime: when its client_credentials grant was made (epoch seconds), kept across token exchanges.
  | { kind: 'client'; clientId: string; tenantId: string; name: string; role: UserRole; apiKeyId?: string; secretTag?: string; authTime?: number };

/** The tenant a principal belongs to (root belongs to none and acts on a chosen one). */
export function principalTenant(p: Principal, defaultTenantId: string): string {
  return p.kind === 'root' ? defaultTenantId : p.tenantId;
}

/** The id the store and the audit log know the principal by. */
export function principalId(p: Principal): string {
  return p.kind === 'root' ? `root:${p.name}` : p.kind === 'user' ? p.id : p.clientId;
}

/** For messages: `user "alice"`, `service user "etl"`, `root`. */
export function describePrincipal(p: Principal): string {
  if (p.kind === 'root') return `root ("${p.name}")`;
  return `${p.kind === 'user' ? 'user' : 'service user'} "${p.name}"${p.role === 'tenant-admin' ? ' (tenant admin)' : ''}`;
}

/**
 * A short fingerprint of a service user's stored secret hash, carried in its tokens: when
 * the secret is rotated the fingerprint changes and tokens issued for the old secret stop.
 */
export function secretTag(secretHash: string): string {
  return createHash('sha256').update(secretHash).digest('base64url').slice(0, 12);
}

export const isTenantAdmin = (p: Principal): boolean => p.kind === 'root' || p.role === 'tenant-admin';
