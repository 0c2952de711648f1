// POST /v1/oauth/tokens (client_credentials, and token-exchange to refresh a token).
// Deprecated in the spec but what PyIceberg's `credential=` and the Java client use.
// Errors here use the OAuth2 shape {error, error_description}, as clients expect.
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { decodeBasic } from '../../auth/basic-credentials.js';
import { auditSignInFailure, checkClientCredentials, signInClient, verifiedClaims, type AuthDeps } from '../../auth/authenticate.js';
import type { Principal } from '../../auth/principal.js';
import { startRootSession } from '../../auth/root-sessions.js';
import { exchangeToken } from '../../auth/token-exchange.js';
import { refused } from '../../auth/sign-in-failures.js';
import { formBody } from '../../http/body.js';
import { IcebergError } from '../errors.js';

const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

function oauthError(res: Response, status: number, error: string, description: string): void {
  res.status(status).json({ error, error_description: description });
}

/** The fields read here; each at most once (a repeated form field or a JSON object is refused). */
const tokenRequest = z.looseObject({
  grant_type: z.string().optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  subject_token: z.string().optional(),
});
type TokenRequest = z.infer<typeof tokenRequest>;

function parseTokenRequest(body: unknown): TokenRequest | string {
  const parsed = tokenRequest.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const field = parsed.error.issues[0]?.path[0];
  return field === undefined ? 'The token request must be a form (or a JSON object) of fields' : `${String(field)} must be a single text value`;
}

/** The client id and secret of an "Authorization: Basic" header (form-urlencoded, RFC 6749 2.3.1), or why it is malformed. */
function basicClient(req: Request): [string, string] | string | undefined {
  const h = req.headers.authorization;
  if (!h || !/^basic\s/i.test(h)) return undefined;
  const decoded = decodeBasic(h.slice(6));
  const i = decoded?.indexOf(':') ?? -1;
  if (decoded === undefined || i < 0) return 'Authorization: Basic must be base64 of client_id:client_secret';
  try {
    return [decodeURIComponent(decoded.slice(0, i)), decodeURIComponent(decoded.slice(i + 1))];
  } catch {
    return 'Authorization: Basic holds malformed percent-encoding (a % must start an escape like %25)';
  }
}

export function registerOAuthRoute(router: Router, deps: AuthDeps): void {
  router.post('/oauth/tokens', formBody, async (req, res) => {
    const body = parseTokenRequest(req.body);
    if (typeof body === 'string') return oauthError(res, 400, 'invalid_request', body);
    const grant = body.grant_type;
    if (grant === 'client_credentials') {
      const pair = body.client_id !== undefined ? [body.client_id, body.client_secret ?? ''] : basicClient(req);
      if (typeof pair === 'string') return oauthError(res, 400, 'invalid_request', pair);
      if (!pair) return oauthError(res, 400, 'invalid_request', 'client_id and client_secret are required');
      let principal: Principal;
      try {
        principal = await checkClientCredentials(deps, pair[0]!, pair[1]!, signInClient(req));
      } catch (e) {
        auditSignInFailure(deps.audit, e, req, res);
        if (e instanceof IcebergError && e.code === 429) {
          res.setHeader('Retry-After', String((e as IcebergError & { retryAfterSeconds?: number }).retryAfterSeconds ?? 60));
          return oauthError(res, 429, 'slow_down', e.message);
        }
        if (e instanceof IcebergError && e.code === 401) return oauthError(res, 401, 'invalid_client', e.message);
        throw e;
      }
      // Root gets a session (logout can end it); a service user's token counts from now (auth_time).
      const { token, expiresIn } = principal.kind === 'root' ? await startRootSession(deps, principal.name, deps.tokens.ttlSeconds) : await deps.tokens.issue(principal);
      return res.json({ access_token: token, token_type: 'bearer', expires_in: expiresIn, issued_token_type: ACCESS_TOKEN_TYPE });
    }
    if (grant === 'urn:ietf:params:oauth:grant-type:token-exchange') {
      if (!body.subject_token) return oauthError(res, 400, 'invalid_request', 'subject_token is required');
      try {
        // A refreshed token is for a caller that is still allowed in (not disabled or deleted),
        // and lasts no longer than the session or grant it came from (token-exchange.ts).
        const principal = await deps.live.fromClaims(body.subject_token, await verifiedClaims(deps, body.subject_token));
        const { token, expiresIn } = await exchangeToken(deps, principal);
        return res.json({ access_token: token, token_type: 'bearer', expires_in: expiresIn, issued_token_type: ACCESS_TOKEN_TYPE });
      } catch (e) {
        if (!(e instanceof IcebergError)) throw e;
        // Refreshing with an expired token is refused too: audited here (a sign-in), unlike on a plain request.
        if (e.code === 419) refused(e, { kind: 'token', name: 'bearer token', tenantId: null, reason: 'expired' });
        auditSignInFailure(deps.audit, e, req, res);
        return oauthError(res, 401, 'invalid_grant', e.message);
      }
    }
    return oauthError(res, 400, 'unsupported_grant_type', `grant_type must be client_credentials or urn:ietf:params:oauth:grant-type:token-exchange, got "${grant ?? ''}"`);
  });
}
