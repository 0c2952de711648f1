// Root sign-in by token (POST /api/v1/users/login, or /v1/oauth/tokens client_credentials
// with the root user and password) opens a root session in the store: its access tokens
// name it (sid) and carry the root password's tag (rtag), so logout, "sign out everywhere"
// and a new PANGOLIN_ROOT_PASSWORD each end them (checked by LivePrincipals). Root by HTTP
// Basic presents the password on every request and has no session.
import { randomUUID } from 'node:crypto';
import type { AuthDeps } from './authenticate.js';
import type { Principal } from './principal.js';

export interface RootSignIn {
  token: string;
  expiresIn: number;
  principal: Principal;
}

type RootSessionDeps = Pick<AuthDeps, 'store' | 'tokens' | 'rootPassword' | 'sessionTtlSeconds'>;

/** Opens a root session (lasting PANGOLIN_SESSION_TTL_SECONDS) and its first access token. */
export async function startRootSession(deps: RootSessionDeps, name: string, ttlSeconds: number): Promise<RootSignIn> {
  if (!deps.rootPassword) throw new Error('startRootSession: root login is off');
  const now = Date.now();
  const nowIso = new Date(now).toISOString();
  // Root logs in rarely: the sweep of ended sessions rides along (no background job needed).
  await deps.store.deleteExpiredRootSessions(nowIso);
  const session = await deps.store.createRootSession({ id: randomUUID(), rootName: name, createdAt: nowIso, expiresAt: new Date(now + deps.sessionTtlSeconds * 1000).toISOString() });
  const principal: Principal = { kind: 'root', name, sessionId: session.id, rootTag: deps.tokens.rootTag(deps.rootPassword) };
  const { token, expiresIn } = await deps.tokens.issue(principal, ttlSeconds, Date.parse(session.expiresAt));
  return { token, expiresIn, principal };
}
