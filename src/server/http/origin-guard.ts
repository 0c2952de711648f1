// CSRF's second line of defence (the first: JSON bodies only with a JSON content type,
// which a cross-site form or no-cors fetch cannot send): a state-changing request that a
// browser marks as coming from another origin is refused, and so is every CORS preflight
// (this server approves no cross-origin request; it sends no Access-Control-Allow-*).
// Non-browser clients (PyIceberg, Spark, curl) send neither Origin nor Sec-Fetch-Site.
import type { NextFunction, Request, Response } from 'express';
import { createError } from '../iceberg/errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Does `origin` (scheme://host[:port]) name the same host:port the request was sent to? */
export function sameOrigin(origin: string, hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, file: pages) and junk
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const host = hostHeader.trim().toLowerCase();
  if (url.host === host) return true;
  // The URL drops a default port that the Host header may spell out.
  return url.port === '' && host === `${url.hostname}:${url.protocol === 'https:' ? 443 : 80}`;
}

/** Why a request is refused as cross-origin, or undefined when it may go on. (Pure.) */
export function crossOriginProblem(method: string, headers: Request['headers']): string | undefined {
  const origin = typeof headers.origin === 'string' ? headers.origin : undefined;
  if (method === 'OPTIONS' && headers['access-control-request-method'] !== undefined) {
    if (origin === undefined || !sameOrigin(origin, headers.host)) return `cross-origin requests are not allowed (CORS preflight from ${origin ?? 'an unknown origin'})`;
    return undefined;
  }
  if (SAFE_METHODS.has(method)) return undefined;
  if (headers['sec-fetch-site'] === 'cross-site') return `a ${method} from another site is not allowed (Sec-Fetch-Site: cross-site)`;
  if (origin !== undefined && !sameOrigin(origin, headers.host)) return `a ${method} from origin ${origin.slice(0, 100)} is not allowed: only pages served by this server (${headers.host ?? 'its own origin'}) may change things`;
  return undefined;
}

export function originGuard(req: Request, _res: Response, next: NextFunction): void {
  const problem = crossOriginProblem(req.method, req.headers);
  if (problem === undefined) next();
  else next(createError(403, 'ForbiddenException', `Refused: ${problem}. Use the web UI at this server's own address, or a client such as PyIceberg or curl.`));
}
