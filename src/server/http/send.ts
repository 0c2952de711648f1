// Responses go through the lossless serialiser so int64 ids leave exactly as stored.
import type { Response } from 'express';
import { stringifyJson } from '../iceberg/json.js';

export function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status).type('application/json').send(stringifyJson(body));
}

export function sendNoContent(res: Response): void {
  res.status(204).end();
}
