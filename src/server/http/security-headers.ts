// Headers on every response, set before anything else runs (refusals get them too):
// nothing is sniffed into HTML or script, nothing is framed, no URL leaks in Referer.
import type { NextFunction, Request, Response } from 'express';

/** API answers are data: never rendered, never framed, never running anything. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

/**
 * The built UI (out/renderer): one script and one stylesheet from 'self'; React sets
 * styles through the CSSOM, which style-src does not govern, so no 'unsafe-inline'.
 * img-src data: is for the `data:,` favicon; downloads are blob: links (not fetched).
 */
export const UI_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const isApiPath = (path: string): boolean => path === '/v1' || path.startsWith('/v1/') || path === '/api' || path.startsWith('/api/');

export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  // Other sites may not embed our responses (<script src>, <img src>) nor share our window.
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Content-Security-Policy', isApiPath(req.path) ? API_CSP : UI_CSP);
  next();
}
