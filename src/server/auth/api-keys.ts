// API keys: `pgk_<public prefix>_<secret>`. The prefix finds the key in one indexed read;
// only a hash of the secret is stored. Sent as "Authorization: Bearer <key>" or "X-API-Key".
import { randomBytes } from 'node:crypto';
import { hashGeneratedSecret } from './secret-hash.js';

const PATTERN = /^pgk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKey {
  /** Shown once to its owner, never stored. */
  key: string;
  keyPrefix: string;
  secretHash: string;
}

export function generateApiKey(): NewApiKey {
  const keyPrefix = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `pgk_${keyPrefix}_${secret}`, keyPrefix, secretHash: hashGeneratedSecret(secret) };
}

export const looksLikeApiKey = (text: string): boolean => text.startsWith('pgk_');

export function parseApiKey(text: string): { keyPrefix: string; secret: string } | undefined {
  const m = PATTERN.exec(text);
  return m ? { keyPrefix: m[1]!, secret: m[2]! } : undefined;
}
