// Request bodies: JSON is parsed losslessly (int64 ids above 2^53 stay exact), so
// express.json() is not used. Malformed JSON, too deep or with a NUL, becomes a 400 in the
// Iceberg error shape.
// A body is read only when it says it is JSON: a cross-site page can send text/plain or a
// form without a CORS preflight, never application/json. Forms only where a route takes them.
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { badRequest, createError } from '../iceberg/errors.js';
import { parseJson } from '../iceberg/json.js';
import { jsonTextProblem } from './json-limits.js';
import { bodyLimitFor } from './body-limits.js';

/** One text reader per distinct limit (see body-limits.ts). */
const readers = new Map<number, RequestHandler>();
const rawText = (limit: number) => {
  let r = readers.get(limit);
  if (!r) readers.set(limit, (r = express.text({ type: () => true, limit })));
  return r;
};

/** OAuth2's token endpoint, from the app root (express matches routes case-insensitively). */
export const TOKEN_ENDPOINT = /^\/v1\/(?:[^/]+\/v1\/)?oauth\/tokens\/?$/i; // also Pangolin-style /v1/{catalog}/v1/oauth/tokens

/** Routes that use `formBody` below (the token endpoint, as clients send it). */
const FORM_ROUTES: readonly RegExp[] = [TOKEN_ENDPOINT];

/** The media type of a Content-Type header, lower case, without parameters. */
const mediaType = (header: string | undefined): string => (header ?? '').split(';', 1)[0]!.trim().toLowerCase();

/** application/json, or any structured-syntax `+json` type (e.g. application/merge-patch+json). */
export function isJsonType(header: string | undefined): boolean {
  const t = mediaType(header);
  return t === 'application/json' || /^[a-z0-9!#$&^_.-]+\/[a-z0-9!#$&^_.+-]+\+json$/.test(t);
}

export function acceptsForm(path: string): boolean {
  return FORM_ROUTES.some((r) => r.test(path));
}

export function losslessJsonBody(req: Request, res: Response, next: NextFunction): void {
  // No body at all (most GET/HEAD/DELETE): nothing to read.
  if (req.headers['transfer-encoding'] === undefined && (req.headers['content-length'] === undefined || req.headers['content-length'] === '0')) {
    req.body = undefined;
    next();
    return;
  }
  const type = req.headers['content-type'];
  if (!isJsonType(type)) {
    if (mediaType(type) === 'application/x-www-form-urlencoded' && acceptsForm(req.originalUrl.split('?', 1)[0]!)) {
      next();
      return;
    }
    const got = type === undefined ? 'no Content-Type' : `Content-Type "${type.slice(0, 100)}"`;
    next(createError(415, 'UnsupportedMediaTypeException', `Request bodies must be JSON: send Content-Type: application/json (this request has ${got})`));
    return;
  }
  rawText(bodyLimitFor(req.originalUrl.split('?', 1)[0]!))(req, res, (err?: unknown) => {
    if (err) {
      next(err);
      return;
    }
    const text = typeof req.body === 'string' ? req.body : '';
    if (text.trim() === '') {
      req.body = undefined;
      next();
      return;
    }
    const problem = jsonTextProblem(text);
    if (problem !== undefined) {
      next(badRequest(problem));
      return;
    }
    try {
      req.body = parseJson(text);
      next();
    } catch (e) {
      next(badRequest(`Malformed JSON request body: ${(e as Error).message}`));
    }
  });
}

export const formBody: RequestHandler = express.urlencoded({ extended: false, limit: '1mb' });
