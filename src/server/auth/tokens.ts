// Bearer tokens are HS256 JWTs signed with PANGOLIN_JWT_SECRET, or with a random key
// generated once and kept (mode 0600) in the data dir so tokens survive restarts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { createError, unauthorized } from '../iceberg/errors.js';
import { generateSecret } from './secret-hash.js';
import type { Principal } from './principal.js';

const ISSUER = 'pangolin';

export class TokenService {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    readonly ttlSeconds: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  static fromConfig(jwtSecret: string | undefined, dataDir: string, ttlSeconds: number): TokenService {
    if (jwtSecret) return new TokenService(jwtSecret, ttlSeconds);
    const file = join(dataDir, 'jwt-secret');
    if (!existsSync(file)) {
      mkdirSync(dataDir, { recursive: true });
      try {
        writeFileSync(file, generateSecret(48), { mode: 0o600, flag: 'wx' });
      } catch (e) {
        // Two servers sharing a data dir may race here; the first one's key wins.
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
    return new TokenService(readFileSync(file, 'utf8').trim(), ttlSeconds);
  }

  async issue(p: Principal): Promise<{ token: string; expiresIn: number }> {
    const claims = p.kind === 'root' ? { kind: 'root' } : { kind: 'client', tid: p.tenantId, name: p.name };
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setSubject(p.kind === 'root' ? p.name : p.clientId)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
    return { token, expiresIn: this.ttlSeconds };
  }

  async verify(token: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ['HS256'] });
      if (payload.kind === 'root' && payload.sub) return { kind: 'root', name: payload.sub };
      if (payload.kind === 'client' && payload.sub && typeof payload.tid === 'string') {
        return { kind: 'client', clientId: payload.sub, tenantId: payload.tid, name: String(payload.name ?? payload.sub) };
      }
      throw unauthorized('Malformed bearer token');
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) {
        // 419 tells Iceberg clients to refresh their token and retry.
        throw createError(419, 'AuthenticationTimeoutException', 'Bearer token expired: request a new one from POST /v1/oauth/tokens');
      }
      if (e instanceof joseErrors.JOSEError) throw unauthorized('Invalid bearer token: it was not issued by this server or was tampered with');
      throw e;
    }
  }
}
