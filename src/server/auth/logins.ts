// User sign-in: password → a short-lived access token plus a refresh token (a login
// session in the store). Refreshing rotates the refresh token, the new session ending when
// the first did (a login lasts PANGOLIN_SESSION_TTL_SECONDS, however often it is refreshed); presenting one that was
// already rotated away revokes all of that user's sessions (it was stolen or replayed).
import { randomBytes, randomUUID } from 'node:crypto';
import { noSuchWarehouse, unauthorized } from '../iceberg/errors.js';
import type { Session, User } from '../stores/identity-types.js';
import type { CatalogStore } from '../stores/types.js';
import type { AuthDeps } from './authenticate.js';
import { verifyPassword } from './passwords.js';
import type { Principal } from './principal.js';
import type { SignInClient } from './rate-limit.js';
import { startRootSession } from './root-sessions.js';
import { hashGeneratedSecret, safeEqual } from './secret-hash.js';
import { attemptedName, limitedAttempt, refused, type Attempt, type SignInReason } from './sign-in-failures.js';

export interface LoginResult {
  token: string;
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  refresh_token?: string;
  refresh_expires_in?: number;
  principal: Principal;
}

const REFRESH_PREFIX = 'prt_';

/**
 * The revokedAt of a session ended on purpose (logout, password change, an admin's
 * "sign out everywhere"), as opposed to one rotated away by a refresh (revoked at the real
 * time). Presenting the refresh token of an ended session is a plain 401; presenting a
 * rotated-away one means it was copied, and ends every session of the user.
 */
export const SESSION_ENDED_AT = '1970-01-01T00:00:00.000Z';

/** Ends every session of a user on purpose (not a sign of theft when their tokens come back). */
export function endUserSessions(store: Pick<CatalogStore, 'revokeUserSessions'>, userId: string): Promise<number> {
  return store.revokeUserSessions(userId, SESSION_ENDED_AT);
}
const BAD_LOGIN = 'Invalid user name or password';

export class LoginService {
  constructor(private readonly deps: AuthDeps) {}

  /**
   * Root (when configured, and no tenant named) or a tenant user. Failures are rate limited
   * per account and client (rate-limit.ts), and tagged for the audit (the same answer either way).
   */
  async login(req: { tenant?: string; username: string; password: string }, client: SignInClient): Promise<LoginResult> {
    const { deps } = this;
    if (!req.tenant && deps.rootUser && deps.rootPassword && safeEqual(req.username, deps.rootUser)) {
      const rootPassword = deps.rootPassword;
      const root: Attempt = { kind: 'root', name: req.username, id: `root:${req.username}`, tenantId: null };
      if (!(await limitedAttempt(deps.limiter, `root:${req.username}`, client, root, () => (safeEqual(req.password, rootPassword) ? true : undefined)))) {
        throw refused(unauthorized(BAD_LOGIN), { ...root, reason: 'wrong-password' });
      }
      const { token, expiresIn, principal } = await startRootSession(deps, req.username, deps.userTokenTtlSeconds);
      return { token, access_token: token, token_type: 'bearer', expires_in: expiresIn, principal };
    }
    // By name, or by id (Pangolin's tenant-id).
    const tenant = req.tenant ? ((await deps.store.getTenant({ name: req.tenant })) ?? (await deps.store.getTenant({ id: req.tenant }))) : await deps.store.getTenant({ id: deps.defaultTenantId() });
    // In the system log (no such tenant) the name says which tenant was named.
    if (!tenant) throw refused(noSuchWarehouse(`Tenant "${req.tenant}" does not exist`), { kind: 'user', name: attemptedName(`${req.tenant}/${req.username}`), tenantId: null, reason: 'unknown-tenant' });
    // Who was tried, in that tenant's log (its admins see it); the id once the user is found.
    let who: Attempt = { kind: 'user', name: attemptedName(req.username), tenantId: tenant.id };
    let reason: SignInReason = 'unknown-user';
    const user = await limitedAttempt(deps.limiter, `user:${tenant.id}:${req.username}`, client, who, async () => {
      const found = await deps.store.getUser({ tenantId: tenant.id, username: req.username });
      if (found) [who, reason] = [{ ...who, id: found.id }, 'wrong-password'];
      if (!(await verifyPassword(req.password, found?.passwordHash)) || !found) return undefined;
      // The right password for a disabled user: the same answer and count as a wrong one (the
      // answer must not tell the password is right); only the audit says 'disabled'.
      if (found.disabled) {
        reason = 'disabled';
        return undefined;
      }
      return found;
    });
    if (!user) throw refused(unauthorized(BAD_LOGIN), { ...who, reason });
    return this.startSession(user);
  }

  /** Trades a refresh token for a new access token and a new refresh token. */
  async refresh(refreshToken: string): Promise<LoginResult> {
    const { store } = this.deps;
    const invalid = () => refused(unauthorized('Invalid refresh token: log in again with POST /api/v1/users/login'), { kind: 'token', name: 'refresh token', tenantId: null, reason: 'invalid-token' });
    if (!refreshToken.startsWith(REFRESH_PREFIX)) throw invalid();
    const session = await store.getSession(hashGeneratedSecret(refreshToken));
    if (!session) throw invalid();
    if (Date.parse(session.expiresAt) <= Date.now()) throw await this.sessionRefused(session, 'expired', 'Your session expired: log in again with POST /api/v1/users/login');
    if (session.revokedAt === SESSION_ENDED_AT) throw await this.sessionRefused(session, 'session-ended', 'This session was ended (logged out, password changed or signed out everywhere): log in again');
    // Only the one caller whose revoke wins gets the next token: a replayed token loses.
    if (session.revokedAt || !(await store.revokeSession(session.id))) {
      await store.revokeUserSessions(session.userId);
      this.deps.live.forget();
      throw await this.sessionRefused(session, 'token-reused', 'This refresh token was already used or revoked, so every session of this user was ended: log in again');
    }
    this.deps.live.forget();
    const user = await store.getUser({ id: session.userId });
    if (!user || user.disabled) throw await this.sessionRefused(session, user ? 'disabled' : 'deleted', 'This user no longer exists or is disabled', user);
    return this.startSession(user, Date.parse(session.expiresAt));
  }

  /** A refused refresh of a real session: audited in its tenant, by the user's name. */
  private async sessionRefused(session: Session, reason: SignInReason, message: string, known?: User): Promise<Error> {
    const user = known ?? (await this.deps.store.getUser({ id: session.userId }));
    return refused(unauthorized(message), { kind: 'user', name: user?.username ?? session.userId, id: session.userId, tenantId: session.tenantId, reason });
  }

  /** Ends root's session behind its access token. True if this call ended it. */
  async logoutRoot(sessionId: string | undefined): Promise<boolean> {
    if (!sessionId) return false; // root by HTTP Basic (or no-auth mode) has no session
    const ended = (await this.deps.store.getRootSession(sessionId)) !== undefined && (await this.deps.store.revokeRootSession(sessionId));
    this.deps.live.forget();
    return ended;
  }

  /** "Sign out everywhere" for the caller: every session of the user, or every root session. How many ended. */
  async endAllSessions(p: Principal): Promise<number> {
    const n = p.kind === 'root' ? await this.deps.store.revokeRootSessions() : p.kind === 'user' ? await endUserSessions(this.deps.store, p.id) : 0;
    this.deps.live.forget();
    return n;
  }

  /** Ends the session behind a refresh token or an access token's session id. True if one was ended. */
  async logout(by: { refreshToken?: string; sessionId?: string }): Promise<boolean> {
    const { store } = this.deps;
    const hash = by.refreshToken ? hashGeneratedSecret(by.refreshToken) : by.sessionId;
    if (!hash) return false;
    const session = await store.getSession(hash);
    if (!session) return false;
    const ended = await store.revokeSession(session.id, SESSION_ENDED_AT);
    this.deps.live.forget();
    return ended;
  }

  /** A new session (ending at `endsAt`, default a full session from now) and its first access token. */
  private async startSession(user: User, endsAt = Date.now() + this.deps.sessionTtlSeconds * 1000): Promise<LoginResult> {
    const { deps } = this;
    const refreshToken = `${REFRESH_PREFIX}${randomBytes(32).toString('base64url')}`;
    const tokenHash = hashGeneratedSecret(refreshToken);
    const now = Date.now();
    await deps.store.createSession({
      id: randomUUID(),
      userId: user.id,
      tenantId: user.tenantId,
      tokenHash,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(endsAt).toISOString(),
    });
    // The access token names its session by the refresh token's hash (what the store looks sessions up by).
    const principal: Principal = { kind: 'user', id: user.id, tenantId: user.tenantId, name: user.username, role: user.role, sessionId: tokenHash };
    const { token, expiresIn } = await deps.tokens.issue(principal, deps.userTokenTtlSeconds, endsAt);
    return { token, access_token: token, token_type: 'bearer', expires_in: expiresIn, refresh_token: refreshToken, refresh_expires_in: Math.floor((endsAt - now) / 1000), principal };
  }
}
