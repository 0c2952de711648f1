// Bearer tokens are HS256 JWTs signed with PANGOLIN_JWT_SECRET, or with a random key
// generated once and kept (mode 0600) in the data dir so tokens survive restarts.
import { createHmac, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { JWTPayload } from 'jose';
import { createError, unauthorized } from '../iceberg/errors.js';
import { readOrCreateKeyFile } from '../secrets/key-file.js';
import { generateSecret } from './secret-hash.js';
import type { Principal } from './principal.js';

const ISSUER = 'pangolin';

/**
 * The principal a token names. Its role is a placeholder ('tenant-user'): the real one is
 * read from the store by LivePrincipals before anything is authorized.
 */
function principalFromClaims(c: JWTPayload): Principal | undefined {
  if (!c.sub) return undefined;
  if (c.kind === 'root') return { kind: 'root', name: c.sub, ...(typeof c.sid === 'string' ? { sessionId: c.sid } : {}), ...(typeof c.rtag === 'string' ? { rootTag: c.rtag } : {}) };
  if (typeof c.tid !== 'string') return undefined;
  const name = typeof c.name === 'string' ? c.name : c.sub;
  if (c.kind === 'client') {
    // Tokens from before auth_time existed count from their own issue.
    const authTime = typeof c.auth_time === 'number' ? c.auth_time : c.iat;
    return { kind: 'client', clientId: c.sub, tenantId: c.tid, name, role: 'tenant-user', ...(typeof c.stag === 'string' ? { secretTag: c.stag } : {}), ...(authTime !== undefined ? { authTime } : {}) };
  }
  if (c.kind === 'user') return { kind: 'user', id: c.sub, tenantId: c.tid, name, role: 'tenant-user', ...(typeof c.sid === 'string' ? { sessionId: c.sid } : {}) };
  return undefined;
}

/**
 * jose is imported on first use: loading it takes ~65 ms on our bench machine, a good
 * part of a cold start, and a start-up answers its first requests without it.
 */
let jose: Promise<typeof import('jose')> | undefined;
const loadJose = () => (jose ??= import('jose'));
/** Verified tokens remembered (a client reuses its token for many requests). */
const VERIFIED_CACHE_MAX = 10_000;

interface Verified {
  principal: Principal;
  /** `exp` claim in ms: the token is valid while Date.now() < expMs (as jose checks it). */
  expMs: number;
}

export class TokenService {
  private readonly key: Uint8Array;
  /**
   * token text → principal, for tokens whose signature and claims already verified.
   * The text includes the signature, so the same text always verifies the same way,
   * except for time: expiry is checked again on every hit (an expired entry is dropped
   * and the token re-verified, which gives the usual 419).
   */
  private readonly verified = new Map<string, Verified>();

  constructor(
    secret: string,
    readonly ttlSeconds: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  static fromConfig(jwtSecret: string | undefined, dataDir: string, ttlSeconds: number): TokenService {
    if (jwtSecret) return new TokenService(jwtSecret, ttlSeconds);
    return new TokenService(readOrCreateKeyFile(join(dataDir, 'jwt-secret'), () => generateSecret(48)), ttlSeconds);
  }

  /**
   * A short tag of the root password (keyed with the signing key, so it says nothing about
   * the password), carried in root tokens: when the password changes they stop working.
   */
  rootTag(password: string): string {
    return createHmac('sha256', this.key).update(`root-password\u0000${password}`).digest('base64url').slice(0, 16);
  }

  /**
   * Signs an access token. Claims say who the caller is, never what it may do: the role
   * and liveness (not disabled, session not revoked) are read from the store per request
   * (see LivePrincipals). `ttlSeconds` overrides the default (user tokens are shorter);
   * `notAfterMs` caps the expiry (a token exchange never outlives its session).
   */
  async issue(p: Principal, ttlSeconds = this.ttlSeconds, notAfterMs = Infinity): Promise<{ token: string; expiresIn: number }> {
    const now = Math.floor(Date.now() / 1000);
    const exp = Math.min(now + ttlSeconds, Math.floor(notAfterMs / 1000));
    const claims: Record<string, string | number> =
      p.kind === 'root'
        ? { kind: 'root', ...(p.sessionId ? { sid: p.sessionId } : {}), ...(p.rootTag ? { rtag: p.rootTag } : {}) }
        : { kind: p.kind, tid: p.tenantId, name: p.name, ...(p.kind === 'user' && p.sessionId ? { sid: p.sessionId } : {}), ...(p.kind === 'client' ? { auth_time: p.authTime ?? now, ...(p.secretTag ? { stag: p.secretTag } : {}) } : {}) };
    const { SignJWT } = await loadJose();
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setSubject(p.kind === 'root' ? p.name : p.kind === 'user' ? p.id : p.clientId)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresIn: exp - now };
  }

  /** The principal of a token verify() already accepted, if it has not expired since; no signature work. */
  cachedPrincipal(token: string): Principal | undefined {
    const hit = this.verified.get(token);
    return hit !== undefined && Date.now() < hit.expMs ? hit.principal : undefined;
  }

  async verify(token: string): Promise<Principal> {
    const hit = this.verified.get(token);
    if (hit !== undefined) {
      if (Date.now() < hit.expMs) return hit.principal;
      this.verified.delete(token);
    }
    const { jwtVerify, errors: joseErrors } = await loadJose();
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ['HS256'] });
      const principal = principalFromClaims(payload);
      if (!principal) throw unauthorized('Malformed bearer token');
      Object.freeze(principal);
      // Only tokens that expire are remembered, and never past their expiry.
      if (typeof payload.exp === 'number') this.remember(token, { principal, expMs: payload.exp * 1000 });
      return principal;
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) {
        // 419 tells Iceberg clients to refresh their token and retry.
        throw createError(419, 'AuthenticationTimeoutException', 'Bearer token expired: get a new one (POST /v1/oauth/tokens for client credentials, POST /api/v1/users/refresh with a refresh token, or log in again)');
      }
      if (e instanceof joseErrors.JOSEError) throw unauthorized('Invalid bearer token: it was not issued by this server or was tampered with');
      throw e;
    }
  }

  /** Forgets every remembered verification (e.g. after revoking credentials). */
  clearVerified(): void {
    this.verified.clear();
  }

  private remember(token: string, v: Verified): void {
    if (this.verified.size >= VERIFIED_CACHE_MAX) {
      // drop expired entries; if none, the oldest
      const now = Date.now();
      for (const [t, e] of this.verified) if (e.expMs <= now) this.verified.delete(t);
      if (this.verified.size >= VERIFIED_CACHE_MAX) {
        const oldest = this.verified.keys().next().value;
        if (oldest !== undefined) this.verified.delete(oldest);
      }
    }
    this.verified.set(token, v);
  }
}
