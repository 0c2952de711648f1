// Decides who the caller is, once per request: a Bearer JWT (from /v1/oauth/tokens or
// /api/v1/users/login), an API key (Bearer pgk_… or X-API-Key), or HTTP Basic for root
// (only when PANGOLIN_ROOT_USER and PANGOLIN_ROOT_PASSWORD are both set). Sets
// res.locals.principal and res.locals.tenantId (the tenant the request acts on); handlers
// never parse credentials themselves.
import type { NextFunction, Request, Response } from 'express';
import { forbidden, noSuchWarehouse, unauthorized } from '../iceberg/errors.js';
import type { CatalogStore } from '../stores/types.js';
import type { AuditLog } from './audit-log.js';
import { looksLikeApiKey } from './api-keys.js';
import { decodeBasic } from './basic-credentials.js';
import type { LivePrincipals } from './live-principals.js';
import { secretTag, type Principal } from './principal.js';
import type { SignInClient, SignInLimiter } from './rate-limit.js';
import { safeEqual, verifySecret } from './secret-hash.js';
import { attemptedName, failureOf, limitedAttempt, refused, type Attempt, type SignInReason } from './sign-in-failures.js';
import type { TokenService } from './tokens.js';

export interface AuthDeps {
  store: CatalogStore;
  tokens: TokenService;
  live: LivePrincipals;
  limiter: SignInLimiter;
  audit: AuditLog;
  rootUser: string | undefined;
  rootPassword: string | undefined;
  /** Explicit no-auth mode (loopback only): requests without credentials act as root. */
  noAuth: boolean;
  defaultTenantId: () => string;
  /** Access-token lifetime for users (short; they refresh). */
  userTokenTtlSeconds: number;
  /** Refresh-token (login session) lifetime. */
  sessionTtlSeconds: number;
}

/** Root may act on another tenant by naming it in this header (audited like any request). */
export const TENANT_HEADER = 'x-pangolin-tenant';

const HOW_TO =
  'send "Authorization: Bearer <token>" (service users: POST /v1/oauth/tokens with grant_type=client_credentials — PyIceberg does it for you with credential="<client_id>:<client_secret>"; users: POST /api/v1/users/login), or an API key';

export const NO_AUTH_PRINCIPAL: Principal = Object.freeze({ kind: 'root', name: 'local (no-auth mode)' });

export const clientAddress = (req: Request): string | undefined => req.socket?.remoteAddress;

/** The client a sign-in is counted against (see rate-limit.ts). */
export const signInClient = (req: Request): SignInClient => ({ address: clientAddress(req), agent: req.headers['user-agent'] });

/** Audits `e` when it is a refused sign-in (tagged with refused()); false when it is not one. */
export function auditSignInFailure(audit: AuditLog, e: unknown, req: Request, res: Response): boolean {
  const failure = failureOf(e);
  if (!failure) return false;
  audit.signInFailed(failure, { resource: `${req.method} ${req.baseUrl}${req.path}`, requestId: res.locals.requestId as string | undefined, address: clientAddress(req) });
  return true;
}

const BAD_CLIENT = 'Unknown client id, wrong client secret, or the service user is disabled';

/**
 * Checks a client id + secret pair (service user, or root when configured), counting
 * failures; a refusal throws 401 (or the limiter's 429) tagged with who and why.
 */
export async function checkClientCredentials(deps: AuthDeps, clientId: string, secret: string, from: SignInClient): Promise<Principal> {
  const { rootUser, rootPassword } = deps;
  const isRoot = Boolean(rootUser && rootPassword && safeEqual(clientId, rootUser));
  // Before the account is read (a rate-limited refusal stays cheap: system log, by client id).
  let who: Attempt = isRoot ? { kind: 'root', name: clientId, id: `root:${clientId}`, tenantId: null } : { kind: 'client', name: attemptedName(clientId), id: attemptedName(clientId), tenantId: null };
  let reason: SignInReason = 'wrong-secret';
  // Root is one account whichever way it signs in (one budget, not one per route).
  const principal = await limitedAttempt<Principal>(deps.limiter, isRoot ? `root:${clientId}` : `client:${clientId}`, from, who, async () => {
    if (isRoot) {
      reason = 'wrong-password';
      return safeEqual(secret, rootPassword!) ? { kind: 'root', name: rootUser! } : undefined;
    }
    const client = await deps.store.getClient(clientId);
    if (!client) {
      reason = 'unknown-client';
      return undefined;
    }
    who = { kind: 'client', name: client.name, id: client.clientId, tenantId: client.tenantId };
    // The secret first, so the audit says "wrong-secret" or "disabled" truly (same answer, same count).
    if (!(await verifySecret(secret, client.secretHash))) return undefined;
    if (client.disabled) {
      reason = 'disabled';
      return undefined;
    }
    return { kind: 'client', clientId: client.clientId, tenantId: client.tenantId, name: client.name, role: client.role, secretTag: secretTag(client.secretHash) };
  });
  if (!principal) throw refused(unauthorized(BAD_CLIENT), { ...who, reason });
  return principal;
}

function basicPair(value: string): [string, string] {
  const decoded = decodeBasic(value);
  if (decoded === undefined) throw unauthorized('Malformed Basic credentials: expected "Authorization: Basic <base64 of user:password>"');
  const sep = decoded.indexOf(':');
  return sep >= 0 ? [decoded.slice(0, sep), decoded.slice(sep + 1)] : [decoded, ''];
}

async function rootFromBasic(deps: AuthDeps, value: string, client: SignInClient): Promise<Principal> {
  const [user, password] = basicPair(value);
  const tried: Attempt = { kind: 'root', name: attemptedName(user), tenantId: null };
  if (!deps.rootUser || !deps.rootPassword) {
    const missing = [!deps.rootUser && 'PANGOLIN_ROOT_USER', !deps.rootPassword && 'PANGOLIN_ROOT_PASSWORD'].filter(Boolean).join(' and ');
    throw refused(unauthorized(`Basic auth is only for the root user and is off because ${missing} is not set (both are needed); otherwise ${HOW_TO}`), { ...tried, reason: 'root-login-off' });
  }
  if (!safeEqual(user, deps.rootUser)) {
    throw refused(
      unauthorized(`Basic auth is only for the root user ("${tried.name}" is not it): tenant users log in with POST /api/v1/users/login and send the Bearer token it returns; service users use /v1/oauth/tokens`),
      { ...tried, reason: 'unknown-user' },
    );
  }
  const rootPassword = deps.rootPassword;
  const root: Attempt = { ...tried, id: `root:${user}` };
  if (!(await limitedAttempt(deps.limiter, `root:${user}`, client, root, () => (safeEqual(password, rootPassword) ? true : undefined)))) {
    throw refused(unauthorized('Invalid root password'), { ...root, reason: 'wrong-password' });
  }
  return { kind: 'root', name: user };
}

/** A bearer token's claims; a token that fails verification is an audited refusal (an expired one is not: clients refresh). */
export async function verifiedClaims(deps: AuthDeps, token: string): Promise<Principal> {
  try {
    return await deps.tokens.verify(token);
  } catch (e) {
    if ((e as { code?: number }).code === 401) refused(e as object, { kind: 'token', name: 'bearer token', tenantId: null, reason: 'invalid-token' });
    throw e;
  }
}

async function principalFromRequest(deps: AuthDeps, req: Request): Promise<Principal> {
  const header = req.headers.authorization;
  const apiKey = req.headers['x-api-key'];
  if (!header) {
    if (typeof apiKey === 'string' && apiKey) return deps.live.fromApiKey(apiKey);
    if (deps.noAuth) return NO_AUTH_PRINCIPAL;
    throw unauthorized(`Missing authorization header: ${HOW_TO}`);
  }
  const [scheme = '', value = ''] = header.split(/\s+/, 2);
  if (/^bearer$/i.test(scheme)) {
    if (looksLikeApiKey(value)) return deps.live.fromApiKey(value);
    return deps.live.cached(value) ?? deps.live.fromClaims(value, await verifiedClaims(deps, value));
  }
  if (/^basic$/i.test(scheme)) return rootFromBasic(deps, value, signInClient(req));
  throw unauthorized(`Unsupported authorization scheme "${scheme}": ${HOW_TO}`);
}

/** The tenant this request acts on: the principal's own; root's default or the one it names. */
async function actingTenantId(deps: AuthDeps, req: Request, p: Principal): Promise<string> {
  const named = req.headers[TENANT_HEADER];
  if (typeof named !== 'string' || named === '') return p.kind === 'root' ? deps.defaultTenantId() : p.tenantId;
  return namedTenantId(deps.store, p, named, `${TENANT_HEADER} header`);
}

/** A tenant named by name or id (`where`: the header or body field naming it): root may name any, others only their own. */
export async function namedTenantId(store: CatalogStore, p: Principal, named: string, where: string): Promise<string> {
  const tenant = (await store.getTenant({ name: named })) ?? (await store.getTenant({ id: named }));
  if (p.kind !== 'root') {
    if (tenant?.id === p.tenantId) return p.tenantId;
    throw forbidden(`Only the root user may act on another tenant (${where}: ${named})`);
  }
  if (!tenant) throw noSuchWarehouse(`Tenant "${named}" does not exist (${where})`);
  return tenant.id;
}

export function authenticate(deps: AuthDeps) {
  const slow = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const principal = await principalFromRequest(deps, req);
      res.locals.principal = principal;
      res.locals.tenantId = await actingTenantId(deps, req, principal);
      next();
    } catch (e) {
      // Failed authentication is audited (who tried, from where), never the credential:
      // refused sign-ins as login.failed, other refusals (no credentials, another tenant) as authenticate.
      const code = (e as { code?: number }).code;
      if (!auditSignInFailure(deps.audit, e, req, res) && (code === 401 || code === 403)) {
        deps.audit.recordFor(res, { action: 'authenticate', resource: `${req.method} ${req.path}`, outcome: 'denied', detail: (e as Error).message });
      }
      next(e);
    }
  };
  return (req: Request, res: Response, next: NextFunction): void | Promise<void> => {
    // Fast path, synchronous: a bearer token already verified and checked live moments ago.
    const header = req.headers.authorization;
    if (header !== undefined && req.headers[TENANT_HEADER] === undefined) {
      const [scheme, value = ''] = header.split(/\s+/, 2);
      if (/^bearer$/i.test(scheme ?? '') && deps.tokens.cachedPrincipal(value) !== undefined) {
        const principal = deps.live.cached(value);
        if (principal !== undefined) {
          res.locals.principal = principal;
          res.locals.tenantId = principal.kind === 'root' ? deps.defaultTenantId() : principal.tenantId;
          next();
          return;
        }
      }
    }
    return slow(req, res, next);
  };
}

export function principalOf(res: Response): Principal {
  const p = res.locals.principal as Principal | undefined;
  if (!p) throw unauthorized(`Not authenticated: ${HOW_TO}`);
  return p;
}
