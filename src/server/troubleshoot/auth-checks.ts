// Step 1 of the seed guide's debugging workflow, "Verify Authentication", as checks:
// root Basic auth needs PANGOLIN_ROOT_USER and PANGOLIN_ROOT_PASSWORD both (or neither),
// and bearer tokens must be issued and verified with this server's signing key. Used by
// the troubleshooter (server side) and the doctor CLI (environment side). No secret is
// ever part of a message.
import type { TroubleshootStep } from '../../shared/api/troubleshoot.js';
import type { Principal } from '../auth/principal.js';

const HOW_TENANT_USERS =
  'tenant users sign in with POST /api/v1/users/login and send "Authorization: Bearer <token>"; PyIceberg, Spark and Trino use client credentials (credential="<client_id>:<client_secret>") against /v1/oauth/tokens';

/** Whether the two root variables are set: both (Basic auth on), neither (off), or only one (broken). */
export function rootAuthStep(rootUserSet: boolean, rootPasswordSet: boolean): TroubleshootStep {
  const title = 'Root credentials (PANGOLIN_ROOT_USER + PANGOLIN_ROOT_PASSWORD)';
  if (rootUserSet && rootPasswordSet) {
    return { id: 'auth-root', title, status: 'pass', message: `Both are set: root may use HTTP Basic auth (curl -u <user>:<password> …/api/v1/…). Basic auth is only for root; ${HOW_TENANT_USERS}` };
  }
  if (!rootUserSet && !rootPasswordSet) {
    return {
      id: 'auth-root',
      title,
      status: 'pass',
      message: `Neither is set: root Basic auth is off ("curl -u admin:password …" gets 401), which is fine when everyone signs in with tokens: ${HOW_TENANT_USERS}`,
      fix: 'Only if you want root Basic auth: set both PANGOLIN_ROOT_USER and PANGOLIN_ROOT_PASSWORD and restart the server',
    };
  }
  const [set, missing] = rootUserSet ? ['PANGOLIN_ROOT_USER', 'PANGOLIN_ROOT_PASSWORD'] : ['PANGOLIN_ROOT_PASSWORD', 'PANGOLIN_ROOT_USER'];
  return {
    id: 'auth-root',
    title,
    status: 'fail',
    message: `${set} is set but ${missing} is not: Basic auth needs both, and the server refuses to start with only one`,
    fix: `Set ${missing} as well (or unset ${set})`,
  };
}

export interface TokenIssuer {
  issue(p: Principal): Promise<{ token: string }>;
  verify(token: string): Promise<Principal>;
}

/** How the caller signed in, and whether this server can issue and verify a bearer token for it. */
export async function tokenLoginStep(tokens: TokenIssuer, caller: Principal, scheme: string | undefined): Promise<TroubleshootStep> {
  const title = 'Token login';
  const who = caller.kind === 'root' ? `root ("${caller.name}")` : `${caller.kind === 'user' ? 'user' : 'service user'} "${caller.name}"`;
  const via = /^basic$/i.test(scheme ?? '') ? 'HTTP Basic (root)' : /^bearer$/i.test(scheme ?? '') ? 'a bearer token' : 'this session';
  try {
    const { token } = await tokens.issue(caller);
    const back = await tokens.verify(token);
    if (back.kind !== caller.kind) throw new Error(`the token came back as ${back.kind}, not ${caller.kind}`);
    return { id: 'auth-token', title, status: 'pass', message: `You are signed in as ${who} with ${via}; the server issued and verified a bearer token for you, so token login (/v1/oauth/tokens, /api/v1/users/login) works` };
  } catch (e) {
    return {
      id: 'auth-token',
      title,
      status: 'fail',
      message: `The server could not issue and verify a bearer token: ${(e as Error).message}`,
      fix: 'Check PANGOLIN_JWT_SECRET (at least 32 characters) or the jwt-secret file in the data folder; servers sharing one store need the same PANGOLIN_JWT_SECRET',
    };
  }
}
