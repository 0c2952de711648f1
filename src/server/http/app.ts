// Assembles the express app: request ids and access log, the browser-origin guards
// (security headers, Host check, cross-origin refusal), lossless JSON bodies, the
// Iceberg API (/v1), the admin API (/api/v1), the web UI (/), and one error handler.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { IncomingMessage, ServerResponse, createServer as createHttpServer, type Server, type ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';
import { createError } from '../iceberg/errors.js';
import type { Logger } from '../logger.js';
import { losslessJsonBody } from './body.js';
import { errorHandler } from './error-handler.js';
import { hostGuard, type HostPolicy } from './host-guard.js';
import { originGuard } from './origin-guard.js';
import type { RecentRequests } from './recent-requests.js';
import { securityHeaders } from './security-headers.js';
import { urlGuard } from './url-guard.js';
import { answerClientErrors } from './client-error.js';

export interface AppParts {
  logger: Logger;
  iceberg: Router;
  admin: Router;
  webRoot: string | undefined;
  /** Which Host headers are answered (bind address, PANGOLIN_ALLOWED_HOSTS). */
  hosts: HostPolicy;
  /** Fed with every API request (method, path, status, time; never headers, queries or bodies) for the Server page. */
  recentRequests?: RecentRequests;
  /** How long a client may take to send a request (default: node's own timeouts). */
  timeouts?: RequestTimeouts;
  /** Pangolin's /health probes (admin/pangolin/routes.ts). */
  health?: Router;
}

export interface RequestTimeouts {
  headersTimeoutSeconds: number;
  requestTimeoutSeconds: number;
}

/**
 * node's http options for the timeouts: a client that sends its headers or body too slowly
 * (slowloris) is cut off. node checks them every connectionsCheckingInterval (30 s by
 * default), so that runs often enough for the bound to hold; idle keep-alive sockets close after 5 s.
 */
export function timeoutOptions(t: RequestTimeouts): ServerOptions {
  const headersTimeout = t.headersTimeoutSeconds * 1000;
  return {
    headersTimeout,
    requestTimeout: t.requestTimeoutSeconds * 1000,
    keepAliveTimeout: Math.min(5000, headersTimeout),
    connectionsCheckingInterval: Math.min(5000, Math.max(250, headersTimeout / 4)),
  };
}

function requestLog(logger: Logger, recent?: RecentRequests) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    res.on('finish', () => {
      if (recent && !res.locals.skipRecent) recordRecent(recent, req, res, requestId, started);
      const level = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug';
      if (!logger.isLevelEnabled(level)) return; // most requests at the default level: skip building the line
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger[level]({ requestId, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    next();
  };
}

/** API requests only (not the UI's static files); the path without its query string. */
function recordRecent(recent: RecentRequests, req: Request, res: Response, requestId: string, started: bigint): void {
  const path = req.originalUrl.split('?', 1)[0];
  if (!path.startsWith('/v1/') && !path.startsWith('/api/') && path !== '/v1') return;
  const l = res.locals;
  recent.record({
    at: Date.now(),
    method: req.method,
    path,
    status: res.statusCode,
    ms: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
    requestId,
    ...(typeof l.tenantId === 'string' ? { tenantId: l.tenantId } : {}),
    ...(typeof l.errorType === 'string' ? { errorType: l.errorType } : {}),
    ...(typeof l.errorMessage === 'string' ? { error: l.errorMessage } : {}),
  });
}

/**
 * An http.Server for the app whose requests and responses are created with express's
 * prototypes from the start. Express otherwise calls Object.setPrototypeOf on every
 * request and response, which makes V8 give each of them a new hidden class: property
 * lookups then miss their inline caches all over node's http code and express, and the
 * extra garbage makes the young-generation GC run (and fault pages in) far more often.
 * Measured on our 2-core bench machine: a bare express route goes from ~280 µs to ~100 µs
 * of CPU per request. Express's own setPrototypeOf then finds the prototype already set.
 */
export function createAppServer(app: Express, options: ServerOptions = {}): Server {
  // The trick needs node's function-style constructors; if they ever become classes
  // (not callable without new), fall back to the plain server.
  if (/^class\b/.test(Function.prototype.toString.call(IncomingMessage)) || /^class\b/.test(Function.prototype.toString.call(ServerResponse))) {
    return answerClientErrors(createHttpServer(options, app));
  }
  function AppRequest(this: IncomingMessage, socket: Socket): void {
    (IncomingMessage as unknown as (this: IncomingMessage, socket: Socket) => void).call(this, socket);
  }
  AppRequest.prototype = app.request;
  function AppResponse(this: ServerResponse, req: IncomingMessage, options?: unknown): void {
    (ServerResponse as unknown as (this: ServerResponse, req: IncomingMessage, options?: unknown) => void).call(this, req, options);
  }
  AppResponse.prototype = app.response;
  return answerClientErrors(
    createHttpServer({ ...options, IncomingMessage: AppRequest as unknown as typeof IncomingMessage, ServerResponse: AppResponse as unknown as typeof ServerResponse }, app),
  );
}

export function createApp(parts: AppParts): Express {
  const app = express();
  // app.listen as express defines it, on the server above.
  app.listen = function listen(this: Express, ...args: unknown[]): Server {
    const server = createAppServer(this, parts.timeouts ? timeoutOptions(parts.timeouts) : {});
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      let called = false;
      const done = (...a: unknown[]) => {
        if (called) return;
        called = true;
        (last as (...x: unknown[]) => void)(...a);
      };
      args[args.length - 1] = done;
      server.once('error', done);
    }
    return (server.listen as (...a: unknown[]) => Server).apply(server, args);
  } as Express['listen'];
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(requestLog(parts.logger, parts.recentRequests));
  app.use(securityHeaders);
  app.use(hostGuard(parts.hosts));
  app.use(originGuard);
  app.use(['/v1', '/api'], urlGuard, losslessJsonBody);
  app.use('/v1', parts.iceberg);
  app.use('/api/v1', parts.admin);
  if (parts.health) app.use('/health', parts.health);
  app.use(['/v1', '/api'], (req, _res, next) => next(createError(404, 'NotFoundException', `No route for ${req.method} ${req.originalUrl.split('?')[0]}`)));

  const webRoot = parts.webRoot;
  if (webRoot && existsSync(join(webRoot, 'index.html'))) {
    // Source maps are never served (a stray one in the web root would publish the sources).
    app.use((req, _res, next) => next(/\.map$/i.test(req.path) ? createError(404, 'NotFoundException', 'Not found') : undefined));
    app.use(express.static(webRoot, { index: 'index.html', maxAge: '1h', setHeaders: (res, path) => path.endsWith('.html') && res.setHeader('Cache-Control', 'no-cache') }));
    // SPA fallback: client-side routes get the app shell.
    app.use((req, res, next) => (req.method === 'GET' ? res.sendFile(join(webRoot, 'index.html')) : next()));
  } else {
    app.get('/', (_req, res) => {
      res.type('text/plain').send('Pangolin catalog is running. The web UI is not built: run `npm run build:web` (npm start does it for you).\nIceberg REST API: /v1/config\n');
    });
  }
  app.use(errorHandler(parts.logger));
  return app;
}
