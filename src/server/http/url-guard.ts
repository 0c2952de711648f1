// Refuses, before any route runs, a URL whose path or query string holds a NUL (%00: no
// name, key or location may contain one, and PostgreSQL or the file system would fail on
// it with a 5xx) or a `%` that does not start a valid escape (%zz: it would otherwise be
// taken literally in a query, or fail later in a route).
import type { NextFunction, Request, Response } from 'express';
import { badRequest } from '../iceberg/errors.js';

/** Why this raw request URL (path and query) is refused, or undefined. Pure. */
export function urlProblem(url: string): string | undefined {
  if (/%00/.test(url)) return 'The URL contains a NUL character (%00): names, keys and locations may not hold one';
  const bad = /%(?![0-9a-f]{2})/i.exec(url);
  if (bad) return `Malformed percent-encoding in the URL near "${url.slice(bad.index, bad.index + 3)}": a % must start an escape like %2F (send a literal % as %25)`;
  return undefined;
}

export function urlGuard(req: Request, _res: Response, next: NextFunction): void {
  const problem = urlProblem(req.originalUrl);
  next(problem === undefined ? undefined : badRequest(problem));
}
