// Assembles the express app: request ids and access log, lossless JSON bodies, the
// Iceberg API (/v1), the admin API (/api/v1), the web UI (/), and one error handler.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';
import { createError } from '../iceberg/errors.js';
import type { Logger } from '../logger.js';
import { losslessJsonBody } from './body.js';
import { errorHandler } from './error-handler.js';

export interface AppParts {
  logger: Logger;
  iceberg: Router;
  admin: Router;
  webRoot: string | undefined;
}

function requestLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const level = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug';
      logger[level]({ requestId, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    next();
  };
}

export function createApp(parts: AppParts): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(requestLog(parts.logger));
  app.use(['/v1', '/api'], losslessJsonBody);
  app.use('/v1', parts.iceberg);
  app.use('/api/v1', parts.admin);
  app.use(['/v1', '/api'], (req, _res, next) => next(createError(404, 'NotFoundException', `No route for ${req.method} ${req.originalUrl.split('?')[0]}`)));

  const webRoot = parts.webRoot;
  if (webRoot && existsSync(join(webRoot, 'index.html'))) {
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
