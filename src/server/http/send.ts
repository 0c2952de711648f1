// Responses go through the lossless serialiser so int64 ids leave exactly as stored.
import type { Response } from 'express';
import { stringifyJson } from '../iceberg/json.js';

const JSON_TYPE = 'application/json; charset=utf-8';

export function sendJson(res: Response, status: number, body: unknown): void {
  const text = stringifyJson(body);
  const req = res.req;
  if (
    req.method === 'HEAD' ||
    status === 204 ||
    status === 205 ||
    status === 304 ||
    req.headers['if-none-match'] !== undefined ||
    req.headers['if-modified-since'] !== undefined ||
    res.getHeader('Transfer-Encoding') !== undefined
  ) {
    // Conditional requests, HEAD and body-less statuses: express's send() rules.
    res.status(status).type('application/json').send(text);
    return;
  }
  // The common case, as express's send() would answer it but in one write: headers and
  // the JSON text go out together (send() turns large strings into a Buffer first, which
  // makes node write them separately).
  res.statusCode = status;
  res.setHeader('Content-Type', JSON_TYPE);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

export function sendNoContent(res: Response): void {
  res.status(204).end();
}
