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
import type { LivePrincipals } from './live-principals.js';
import { secretTag, type Principal } from './principal.js';
import type { SignInLimiter } from './rate-limit.js';
import { safeEqual, verifySecret } from './secret-hash.js';
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

/** Checks a client id + secret pair (service user, or root when configured), counting failures. */
export async function checkClientCredentials(deps: AuthDeps, clientId: string, secret: string, address: string | undefined): Promise<Principal | undefined> {
  return deps.limiter.attempt<Principal>(`client:${clientId}`, address, async () => {
    if (deps.rootUser && deps.rootPassword && safeEqual(clientId, deps.rootUser)) {
      return safeEqual(secret, deps.rootPassword) ? { kind: 'root', name: deps.rootUser } : undefined;
    }
    const client = await deps.store.getClient(clientId);
    if (!client || client.disabled || !(await verifySecret(secret, client.secretHash))) return undefined;
    return { kind: 'client', clientId: client.clientId, tenantId: client.tenantId, name: client.name, role: client.role, secretTag: secretTag(client.secretHash) };
  });
}

function basicPair(value: string): [string, string] {
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const sep = decoded.indexOf(':');
  return sep >= 0 ? [decoded.slice(0, sep), decoded.slice(sep + 1)] : [decoded, ''];
}

async function rootFromBasic(deps: AuthDeps, value: string, address: string | undefined): Promise<Principal> {
  if (!deps.rootUser || !deps.rootPassword) {
    const missing = [!deps.rootUser && 'PANGOLIN_ROOT_USER', !deps.rootPassword && 'PANGOLIN_ROOT_PASSWORD'].filter(Boolean).join(' and ');
    throw unauthorized(`Basic auth is only for the root user and is off because ${missing} is not set (both are needed); otherwise ${HOW_TO}`);
  }
  const [user, password] = basicPair(value);
  if (!safeEqual(user, deps.rootUser)) {
    throw unauthorized(`Basic auth is only for the root user ("${user}" is not it): tenant users log in with POST /api/v1/users/login and send the Bearer token it returns; service users use /v1/oauth/tokens`);
  }
  const rootPassword = deps.rootPassword;
  if (!(await deps.limiter.attempt(`root:${user}`, address, () => (safeEqual(password, rootPassword) ? true : undefined)))) throw unauthorized('Invalid root password');
  return { kind: 'root', name: user };
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
    return deps.live.cached(value) ?? deps.live.fromClaims(value, await deps.tokens.verify(value));
  }
  if (/^basic$/i.test(scheme)) return rootFromBasic(deps, value, clientAddress(req));
  throw unauthorized(`Unsupported authorization scheme "${scheme}": ${HOW_TO}`);
}

/** The tenant this request acts on: the principal's own; root's default or the one it names. */
async function actingTenantId(deps: AuthDeps, req: Request, p: Principal): Promise<string> {
  const named = req.headers[TENANT_HEADER];
  if (typeof named !== 'string' || named === '') return p.kind === 'root' ? deps.defaultTenantId() : p.tenantId;
  const tenant = (await deps.store.getTenant({ name: named })) ?? (await deps.store.getTenant({ id: named }));
  if (p.kind !== 'root') {
    if (tenant?.id === p.tenantId) return p.tenantId;
    throw forbidden(`Only the root user may act on another tenant (${TENANT_HEADER}: ${named})`);
  }
  if (!tenant) throw noSuchWarehouse(`Tenant "${named}" does not exist (${TENANT_HEADER} header)`);
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
      // Failed authentication is audited (who tried, from where), never the credential.
      const code = (e as { code?: number }).code;
      if (code === 401 || code === 403) deps.audit.recordFor(res, { action: 'authenticate', resource: `${req.method} ${req.path}`, outcome: 'denied', detail: (e as Error).message });
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
