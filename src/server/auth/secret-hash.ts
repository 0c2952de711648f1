// Generated secrets are stored as SHA-256 hashes (sha256$<b64>); older client secrets as
// salted scrypt hashes (scrypt$<N>$<salt b64>$<hash b64>). Both compare in constant time.
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 16384;
const KEYLEN = 32;

function scrypt(secret: string, salt: Buffer, n: number): Promise<Buffer> {
  const opts: ScryptOptions = { N: n, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scryptCb(secret, salt, KEYLEN, opts, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(secret, salt, N);
  return `scrypt$${N}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  if (stored.startsWith('sha256$')) return safeEqual(hashGeneratedSecret(secret), stored);
  const [scheme, n, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(secret, Buffer.from(salt, 'base64'), Number(n));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Constant-time string comparison for configured secrets (root password). */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export function generateSecret(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Secrets this server generates (client secrets, API keys) carry 192+ random bits, so a
 * plain SHA-256 resists guessing as well as a slow hash does, and checks in microseconds.
 */
export function hashGeneratedSecret(secret: string): string {
  return `sha256$${createHash('sha256').update(secret).digest('base64')}`;
}
