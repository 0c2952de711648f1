// Decides who the caller is, once per request: Bearer JWT (from /v1/oauth/tokens) or
// HTTP Basic for root (only when PANGOLIN_ROOT_USER and PANGOLIN_ROOT_PASSWORD are both
// set). Handlers read res.locals.principal and never parse credentials themselves.
import type { NextFunction, Request, Response } from 'express';
import { unauthorized } from '../iceberg/errors.js';
import type { CatalogStore } from '../stores/types.js';
import type { Principal } from './principal.js';
import { safeEqual, verifySecret } from './secret-hash.js';
import type { TokenService } from './tokens.js';

export interface AuthDeps {
  store: CatalogStore;
  tokens: TokenService;
  rootUser: string | undefined;
  rootPassword: string | undefined;
}

const HOW_TO =
  'send "Authorization: Bearer <token>" (get a token from POST /v1/oauth/tokens with grant_type=client_credentials; PyIceberg does this for you with credential="<client_id>:<client_secret>")';

/** Checks a client id + secret pair (service client, or root when configured). */
export async function checkClientCredentials(deps: AuthDeps, clientId: string, secret: string): Promise<Principal | undefined> {
  if (deps.rootUser && deps.rootPassword && safeEqual(clientId, deps.rootUser)) {
    return safeEqual(secret, deps.rootPassword) ? { kind: 'root', name: deps.rootUser } : undefined;
  }
  const client = await deps.store.getClient(clientId);
  if (!client || !(await verifySecret(secret, client.secretHash))) return undefined;
  return { kind: 'client', clientId: client.clientId, tenantId: client.tenantId, name: client.name };
}

async function principalFromHeader(deps: AuthDeps, header: string | undefined): Promise<Principal> {
  if (!header) throw unauthorized(`Missing authorization header: ${HOW_TO}`);
  const [scheme, value = ''] = header.split(/\s+/, 2);
  if (/^bearer$/i.test(scheme ?? '')) return deps.tokens.verify(value);
  if (/^basic$/i.test(scheme ?? '')) {
    if (!deps.rootUser || !deps.rootPassword) {
      const missing = [!deps.rootUser && 'PANGOLIN_ROOT_USER', !deps.rootPassword && 'PANGOLIN_ROOT_PASSWORD'].filter(Boolean).join(' and ');
      throw unauthorized(`Basic auth is only for the root user and is off because ${missing} is not set; otherwise ${HOW_TO}`);
    }
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const sep = decoded.indexOf(':');
    const user = sep >= 0 ? decoded.slice(0, sep) : decoded;
    const password = sep >= 0 ? decoded.slice(sep + 1) : '';
    if (safeEqual(user, deps.rootUser) && safeEqual(password, deps.rootPassword)) return { kind: 'root', name: user };
    throw unauthorized('Invalid root user name or password');
  }
  throw unauthorized(`Unsupported authorization scheme "${scheme}": ${HOW_TO}`);
}

export function authenticate(deps: AuthDeps) {
  const slow = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      res.locals.principal = await principalFromHeader(deps, req.headers.authorization);
      next();
    } catch (e) {
      next(e);
    }
  };
  return (req: Request, res: Response, next: NextFunction): void | Promise<void> => {
    // Fast path, synchronous: a bearer token this server already verified and that has not
    // expired (the same split as principalFromHeader, so the same token text).
    const header = req.headers.authorization;
    if (header !== undefined) {
      const [scheme, value = ''] = header.split(/\s+/, 2);
      if (/^bearer$/i.test(scheme ?? '')) {
        const principal = deps.tokens.cachedPrincipal(value);
        if (principal !== undefined) {
          res.locals.principal = principal;
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
