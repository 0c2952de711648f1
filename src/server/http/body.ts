// Request bodies: JSON is parsed losslessly (int64 ids above 2^53 stay exact), so
// express.json() is not used. Malformed JSON becomes a 400 in the Iceberg error shape.
import express, { type NextFunction, type Request, type Response } from 'express';
import { badRequest } from '../iceberg/errors.js';
import { parseJson } from '../iceberg/json.js';

const MAX_BODY = '64mb';

const rawText = express.text({ type: () => true, limit: MAX_BODY });

export function losslessJsonBody(req: Request, res: Response, next: NextFunction): void {
  // No body at all (most GET/HEAD/DELETE): nothing to read.
  if (req.headers['transfer-encoding'] === undefined && (req.headers['content-length'] === undefined || req.headers['content-length'] === '0')) {
    req.body = undefined;
    next();
    return;
  }
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data')) {
    next();
    return;
  }
  rawText(req, res, (err?: unknown) => {
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
    try {
      req.body = parseJson(text);
      next();
    } catch (e) {
      next(badRequest(`Malformed JSON request body: ${(e as Error).message}`));
    }
  });
}

export const formBody = express.urlencoded({ extended: false, limit: '1mb' });
