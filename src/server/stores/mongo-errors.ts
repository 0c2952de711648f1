// Maps MongoDB driver errors to StoreErrors. Messages name host:port, never credentials.
import { StoreError } from './types.js';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The host list of a mongodb:// URL ("h1:27017,h2:27017"), without user or password. */
export function mongoTarget(url: string): string {
  const m = /^mongodb(?:\+srv)?:\/\/(?:[^@/?#]*@)?([^/?#]*)/i.exec(url);
  return m?.[1] || 'the MongoDB server';
}

const UNAVAILABLE = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClosedError',
]);

const SOCKET_CODES = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** Removes the password (and user) of `url` from a message, in case a driver echoes it. */
function scrub(message: string, url: string): string {
  const cred = /^mongodb(?:\+srv)?:\/\/([^@/?#]*)@/i.exec(url)?.[1];
  if (!cred) return message;
  let out = message;
  for (const part of [cred, decodeURIComponent(cred), ...cred.split(':').slice(1)]) if (part) out = out.split(part).join('***');
  return out;
}

/**
 * A unique-index violation: code 11000 on MongoDB (and FerretDB inserts); FerretDB 1.x
 * reports one from an update as a generic error naming SQLite's UNIQUE constraint.
 */
export function isDuplicateKey(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown };
  if (err?.code === 11000 || err?.code === 11001) return true;
  const msg = typeof err?.message === 'string' ? err.message : '';
  return /\bE11000\b|UNIQUE constraint failed/.test(msg);
}

export function mapMongoError(e: unknown, url: string, alreadyExists?: string): unknown {
  if (e instanceof StoreError) return e;
  const err = e as { name?: string; code?: unknown; message?: string };
  if (isDuplicateKey(e)) return new StoreError('already-exists', alreadyExists ?? 'Already exists (duplicate key)');
  // A socket error can also escape the driver unwrapped (e.g. EPIPE writing to a connection the server just closed).
  if ((err?.name && UNAVAILABLE.has(err.name)) || (typeof err?.code === 'string' && SOCKET_CODES.has(err.code))) {
    return new StoreError('unavailable', `Cannot reach MongoDB at ${mongoTarget(url)}: ${scrub(err.message ?? String(e), url)}`);
  }
  if (err instanceof Error && err.message) err.message = scrub(err.message, url);
  return e;
}
