// Token exchange (POST /v1/oauth/tokens, grant urn:ietf:params:oauth:grant-type:token-exchange)
// renews an access token from itself, so it is bounded by what the token came from, or a
// token could be renewed forever without the credentials ever being shown again:
// - a user's or root's token: its login session must be live, and the new token expires no
//   later than that session;
// - a service user's token: no later than PANGOLIN_SESSION_TTL_SECONDS after its
//   client_credentials grant (auth_time, carried across exchanges); the secret tag still
//   ends it when the secret is rotated.
import { unauthorized } from '../iceberg/errors.js';
import type { AuthDeps } from './authenticate.js';
import { principalId, type Principal } from './principal.js';
import { refused } from './sign-in-failures.js';

/** When the credential behind `p` stops (ms since the epoch); `undefined` when unknown. */
export async function credentialEndsAt(deps: Pick<AuthDeps, 'store' | 'sessionTtlSeconds'>, p: Principal): Promise<number | undefined> {
  if (p.kind === 'client') return p.authTime === undefined ? undefined : (p.authTime + deps.sessionTtlSeconds) * 1000;
  if (!p.sessionId) return undefined;
  const s = p.kind === 'root' ? await deps.store.getRootSession(p.sessionId) : await deps.store.getSession(p.sessionId);
  return s ? Date.parse(s.expiresAt) : undefined;
}

const AGAIN = {
  root: 'log in again (POST /api/v1/users/login or client_credentials with the root user and password)',
  user: 'log in again with POST /api/v1/users/login',
  client: 'get a new token with client_credentials (the client id and secret)',
} as const;

/** A new access token for a live token's principal, expiring no later than its credential. */
export async function exchangeToken(deps: AuthDeps, principal: Principal): Promise<{ token: string; expiresIn: number }> {
  const endsAt = await credentialEndsAt(deps, principal);
  // Less than a second left would be a token that is already expired.
  if (endsAt === undefined || endsAt - Date.now() < 1000) {
    const why = endsAt === undefined ? 'the token has no session or original sign-in time to bound it' : principal.kind === 'client' ? `the token reached its maximum lifetime (PANGOLIN_SESSION_TTL_SECONDS after the client_credentials grant)` : 'the login session has expired';
    throw refused(unauthorized(`This token cannot be renewed: ${why}; ${AGAIN[principal.kind]}`), {
      kind: principal.kind,
      name: principal.name,
      id: principalId(principal),
      tenantId: principal.kind === 'root' ? null : principal.tenantId,
      reason: endsAt === undefined ? 'session-ended' : 'expired',
    });
  }
  return deps.tokens.issue(principal, principal.kind === 'user' ? deps.userTokenTtlSeconds : undefined, endsAt);
}
