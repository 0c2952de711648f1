// A token or key proves who signed in; whether that identity may still act is the store's
// to say: the user or service user exists, is enabled and belongs to the tenant, the
// login session (root's too) is not revoked, root's password is the one it signed in with, the API key is not revoked or expired. Those answers are
// reused for LIVENESS_TTL_MS, and forgotten at once when this process changes identities
// (forget()); another server process sharing the database sees the change within the TTL.
import { unauthorized } from '../iceberg/errors.js';
import type { Logger } from '../logger.js';
import type { CatalogStore } from '../stores/types.js';
import { parseApiKey } from './api-keys.js';
import { principalId, secretTag, type Principal } from './principal.js';
import { hashGeneratedSecret, safeEqual } from './secret-hash.js';
import { refused, type SignInReason } from './sign-in-failures.js';

export const LIVENESS_TTL_MS = 5000;
const CACHE_MAX = 10_000;
/** lastUsedAt is advisory: written at most this often per key. */
const TOUCH_EVERY_MS = 60_000;

export interface LivePrincipalsDeps {
  store: CatalogStore;
  logger: Logger;
  rootUser: string | undefined;
  /** TokenService.rootTag of PANGOLIN_ROOT_PASSWORD (undefined: root login is off). */
  rootTag: string | undefined;
}

export class LivePrincipals {
  private readonly cache = new Map<string, { principal: Principal; until: number }>();
  private readonly touched = new Map<string, number>();
  private generation = 0;

  constructor(
    private readonly deps: LivePrincipalsDeps,
    private readonly ttlMs = LIVENESS_TTL_MS,
  ) {}

  /** A principal checked less than the TTL ago for this credential text; no I/O. */
  cached(credential: string): Principal | undefined {
    const hit = this.cache.get(credential);
    return hit !== undefined && Date.now() < hit.until ? hit.principal : undefined;
  }

  /** The live principal for a verified token's claims (role read from the store). */
  async fromClaims(token: string, claims: Principal): Promise<Principal> {
    const gen = this.generation;
    return this.remember(token, await this.check(claims), gen);
  }

  /** The live principal an API key stands for: its owner, marked with the key's id. */
  async fromApiKey(text: string): Promise<Principal> {
    const hit = this.cached(text);
    if (hit) return hit;
    const gen = this.generation;
    const parsed = parseApiKey(text);
    // Audited by the key's public prefix (never the text: a malformed one may hold anything).
    const name = parsed ? `pgk_${parsed.keyPrefix}` : 'malformed API key';
    const invalid = (reason: SignInReason, tenantId: string | null = null, id?: string) =>
      refused(unauthorized('Invalid API key: it was not issued by this server, was deleted, or is mistyped'), { kind: 'api-key', name, tenantId, reason, ...(id ? { id } : {}) });
    if (!parsed) throw invalid('malformed');
    const key = await this.deps.store.getApiKey({ keyPrefix: parsed.keyPrefix });
    if (!key) throw invalid('unknown-key');
    if (!safeEqual(hashGeneratedSecret(parsed.secret), key.secretHash)) throw invalid('wrong-secret', key.tenantId, key.id);
    const keyAttempt = { kind: 'api-key', name, id: key.id, tenantId: key.tenantId } as const;
    if (key.revokedAt) throw refused(unauthorized(`API key "${key.name}" was revoked: create a new one`), { ...keyAttempt, reason: 'revoked' });
    if (key.expiresAt && Date.parse(key.expiresAt) <= Date.now()) throw refused(unauthorized(`API key "${key.name}" expired at ${key.expiresAt}: create a new one`), { ...keyAttempt, reason: 'expired' });
    const owner: Principal =
      key.ownerKind === 'user'
        ? { kind: 'user', id: key.ownerId, tenantId: key.tenantId, name: key.ownerId, role: 'tenant-user' }
        : { kind: 'client', clientId: key.ownerId, tenantId: key.tenantId, name: key.ownerId, role: 'tenant-user' };
    const principal = Object.freeze({ ...(await this.check(owner)), apiKeyId: key.id }) as Principal;
    this.touch(key.id);
    return this.remember(text, principal, gen);
  }

  /** After this process changed users, service users, sessions or keys. */
  forget(): void {
    this.generation++;
    this.cache.clear();
  }

  private async check(claims: Principal): Promise<Principal> {
    const { store } = this.deps;
    // A refusal here is of a token or key we issued: audited in the principal's tenant.
    const no = (reason: SignInReason, message: string, name = claims.name) =>
      refused(unauthorized(message), { kind: claims.kind, name, id: principalId(claims), tenantId: claims.kind === 'root' ? null : claims.tenantId, reason });
    if (claims.kind === 'root') {
      const { rootUser, rootTag } = this.deps;
      if (!rootUser || !rootTag || claims.name !== rootUser) throw no('root-changed', 'This root token is no longer valid: the root user changed or root login is off (PANGOLIN_ROOT_USER, PANGOLIN_ROOT_PASSWORD)');
      // A token of an older version has no session: it cannot be ended, so it is not accepted.
      if (!claims.sessionId || !claims.rootTag) throw no('session-ended', 'This root token has no login session (it predates root sessions): log in again');
      if (claims.rootTag !== rootTag) throw no('root-changed', 'This root token is no longer valid: the root password changed (PANGOLIN_ROOT_PASSWORD): log in again with the new one');
      const s = await store.getRootSession(claims.sessionId);
      if (!s || s.rootName !== claims.name || s.revokedAt || Date.parse(s.expiresAt) <= Date.now()) {
        throw no('session-ended', 'Your root session ended (logged out, signed out everywhere or expired): log in again');
      }
      return claims;
    }
    if (claims.kind === 'client') {
      const c = await store.getClient(claims.clientId);
      if (!c || c.tenantId !== claims.tenantId) throw no('deleted', `Service user "${claims.name}" no longer exists`);
      if (c.disabled) throw no('disabled', `Service user "${c.name}" is disabled: a tenant admin can re-enable it`, c.name);
      const tag = secretTag(c.secretHash);
      if (claims.secretTag !== undefined && claims.secretTag !== tag) throw no('secret-rotated', `The secret of service user "${c.name}" was rotated: get a new token with the new secret`, c.name);
      return Object.freeze({ kind: 'client', clientId: c.clientId, tenantId: c.tenantId, name: c.name, role: c.role, ...(claims.secretTag !== undefined ? { secretTag: tag } : {}), ...(claims.authTime !== undefined ? { authTime: claims.authTime } : {}) });
    }
    const u = await store.getUser({ id: claims.id });
    if (!u || u.tenantId !== claims.tenantId) throw no('deleted', 'This user no longer exists');
    if (u.disabled) throw no('disabled', `User "${u.username}" is disabled: a tenant admin can re-enable it`, u.username);
    if (claims.sessionId !== undefined) {
      const s = await store.getSession(claims.sessionId);
      if (!s || s.userId !== u.id || s.revokedAt || Date.parse(s.expiresAt) <= Date.now()) {
        throw no('session-ended', 'Your session ended (logged out, revoked or expired): log in again with POST /api/v1/users/login', u.username);
      }
    }
    const p: Principal = { kind: 'user', id: u.id, tenantId: u.tenantId, name: u.username, role: u.role };
    if (claims.sessionId !== undefined) p.sessionId = claims.sessionId;
    return Object.freeze(p);
  }

  /** Not remembered when forget() ran while it was being checked. */
  private remember(credential: string, principal: Principal, generation: number): Principal {
    if (generation !== this.generation) return principal;
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(credential, { principal, until: Date.now() + this.ttlMs });
    return principal;
  }

  private touch(keyId: string): void {
    const now = Date.now();
    if ((this.touched.get(keyId) ?? 0) + TOUCH_EVERY_MS > now) return;
    if (this.touched.size >= CACHE_MAX) this.touched.clear();
    this.touched.set(keyId, now);
    this.deps.store.touchApiKey(keyId, new Date(now).toISOString()).catch((err: unknown) => this.deps.logger.warn({ err, keyId }, 'Could not record API key use'));
  }
}
