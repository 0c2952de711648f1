// The single place that turns a thrown error into an HTTP answer in the Iceberg error
// shape. Known errors keep their status; anything else is a 500 without internals,
// logged with the request id so it can be found.
import type { NextFunction, Request, Response } from 'express';
import { ZodError } from 'zod';
import { IcebergError, createError } from '../iceberg/errors.js';
import type { Logger } from '../logger.js';
import { SecretDecryptError } from '../secrets/cipher.js';
import { StorageError } from '../storage/types.js';
import { StoreError } from '../stores/types.js';
import { TOKEN_ENDPOINT } from './body.js';
import { formatBytes } from './body-limits.js';
import { sendJson } from './send.js';

const STORE_STATUS: Record<StoreError['code'], [number, string]> = {
  'already-exists': [409, 'AlreadyExistsException'],
  'not-found': [404, 'NotFoundException'],
  'namespace-not-found': [404, 'NoSuchNamespaceException'],
  'not-empty': [409, 'NamespaceNotEmptyException'],
  'in-use': [409, 'ConflictException'],
  unavailable: [503, 'ServiceUnavailableException'],
};

const STORAGE_STATUS: Record<StorageError['code'], [number, string]> = {
  'not-found': [404, 'NotFoundException'],
  'already-exists': [409, 'AlreadyExistsException'],
  'access-denied': [403, 'ForbiddenException'],
  unavailable: [503, 'ServiceUnavailableException'],
  'invalid-location': [400, 'BadRequestException'],
  // The storage endpoint answered, but not as storage (a web page, a redirect): the body is not relayed.
  'bad-gateway': [502, 'BadGatewayException'],
};

export function describeZodError(err: ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`)
    .join('; ');
}

/** Maps any error to an IcebergError (unknown errors → undefined). */
export function toIcebergError(err: unknown): IcebergError | undefined {
  if (err instanceof IcebergError) return err;
  if (err instanceof ZodError) return createError(400, 'BadRequestException', `Invalid request: ${describeZodError(err)}`);
  if (err instanceof StoreError) {
    const [code, type] = STORE_STATUS[err.code];
    return createError(code, type, err.message);
  }
  if (err instanceof StorageError) {
    const [code, type] = STORAGE_STATUS[err.code];
    return createError(code, type, err.message);
  }
  if (err instanceof SecretDecryptError) return createError(500, 'SecretDecryptException', err.message);
  const httpErr = err as { type?: string; status?: number; message?: string; limit?: unknown };
  if (httpErr?.type === 'entity.too.large') {
    const limit = typeof httpErr.limit === 'number' ? `: this endpoint accepts at most ${formatBytes(httpErr.limit)}` : '';
    return createError(413, 'BadRequestException', `Request body too large${limit}`);
  }
  if (typeof httpErr?.status === 'number' && httpErr.status >= 400 && httpErr.status < 500) {
    return createError(httpErr.status, 'BadRequestException', httpErr.message ?? 'Bad request');
  }
  return undefined;
}

/** The OAuth2 error code (RFC 6749 5.2) for an HTTP status, on the token endpoint. */
export function oauthErrorCode(status: number): string {
  if (status === 401) return 'invalid_client';
  if (status === 429) return 'slow_down';
  if (status === 503) return 'temporarily_unavailable';
  return status >= 500 ? 'server_error' : 'invalid_request';
}

export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const requestId = String(res.locals.requestId ?? '');
    let known = toIcebergError(err);
    if (!known) {
      logger.error({ err, requestId, method: req.method, path: req.path }, 'unhandled error');
      known = createError(500, 'InternalServerError', `Internal server error (request id ${requestId})`);
    } else if (known.code >= 500) {
      logger.error({ err, requestId, method: req.method, path: req.path }, known.message);
    } else {
      logger.debug({ requestId, type: known.type, status: known.code }, known.message);
    }
    // For the Server page's recent errors (http/recent-requests.ts): what the client was told.
    res.locals.errorType = known.type;
    res.locals.errorMessage = known.message;
    if (res.headersSent) return;
    const retryAfter = (err as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
    if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
    if (req.method === 'HEAD') {
      res.status(known.code).end();
      return;
    }
    // OAuth2 clients (PyIceberg, the Java client) read only this shape from the token endpoint.
    if (TOKEN_ENDPOINT.test(req.originalUrl.split('?', 1)[0]!)) {
      sendJson(res, known.code, { error: oauthErrorCode(known.code), error_description: known.message });
      return;
    }
    // A failed "save & check" also carries the check's steps, for the UI to show.
    const check = (err as { check?: unknown } | null)?.check;
    sendJson(res, known.code, check === undefined ? known.toBody() : { ...known.toBody(), check });
  };
}
