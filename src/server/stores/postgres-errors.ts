// Translation of PostgreSQL / node-postgres errors into StoreErrors and clear start-up
// messages. Messages name host:port, database and role, never the password.
import { StoreError } from './types.js';

export interface PgTarget {
  host: string;
  port: number;
  database: string;
  user: string;
}

/** Where a postgres:// URL points (libpq defaults for missing parts). */
export function pgTarget(url: string): PgTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`DATABASE_URL is not a valid postgresql:// URL: ${redactUrl(url)}`);
  }
  if (!/^postgres(ql)?:$/i.test(u.protocol)) throw new Error(`DATABASE_URL must be a postgresql:// URL, got ${redactUrl(url)}`);
  const user = decodeURIComponent(u.username) || process.env.PGUSER || process.env.USER || 'postgres';
  return {
    host: decodeURIComponent(u.hostname) || u.searchParams.get('host') || process.env.PGHOST || 'localhost',
    port: Number(u.port || process.env.PGPORT || 5432),
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || user,
    user,
  };
}

/** The URL with any password replaced by ***, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@').replace(/([?&]password=)[^&]*/i, '$1***');
}

export const showTarget = (t: PgTarget): string => `${t.host}:${t.port}/${t.database}`;

interface PgErrorLike {
  code?: string;
  message?: string;
  constraint?: string;
}

const asPg = (e: unknown): PgErrorLike => (e && typeof e === 'object' ? (e as PgErrorLike) : {});

const NODE_NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/** The server is unreachable, shut down, or the connection broke. */
export function isConnectionError(e: unknown): boolean {
  const { code, message = '' } = asPg(e);
  if (code && (NODE_NET_CODES.has(code) || code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300')) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message);
}

/** Errors any operation may hit: connection problems and timeouts become `unavailable`. */
export function translateError(e: unknown, t: PgTarget, schema = 'public'): unknown {
  if (e instanceof StoreError) return e;
  const { code, message = String(e) } = asPg(e);
  if (isConnectionError(e)) {
    return new StoreError('unavailable', `PostgreSQL at ${t.host}:${t.port} is unavailable (${code ?? 'error'}: ${message})`);
  }
  if (code === '57014') return new StoreError('unavailable', `PostgreSQL at ${t.host}:${t.port}: statement timed out (${message})`);
  if (code === '28P01' || code === '28000' || code === '3D000' || code === '42501') return translateStartupError(e, t, schema);
  return e;
}

/** Errors met when connecting and migrating, turned into messages that say what to do. */
export function translateStartupError(e: unknown, t: PgTarget, schema = 'public'): unknown {
  if (e instanceof StoreError) return e;
  const { code, message = String(e) } = asPg(e);
  switch (code) {
    case '28P01':
      return new StoreError('unavailable', `PostgreSQL at ${t.host}:${t.port}: authentication failed for user ${t.user} (check the password in DATABASE_URL)`);
    case '28000':
      return new StoreError('unavailable', `PostgreSQL at ${t.host}:${t.port} refused user ${t.user}: ${message} (check pg_hba.conf and the role)`);
    case '3D000':
      return new StoreError(
        'unavailable',
        `PostgreSQL at ${t.host}:${t.port}: database "${t.database}" does not exist. Create it, e.g. CREATE DATABASE "${t.database}" OWNER "${t.user}";`,
      );
    case '42501':
      return new StoreError(
        'unavailable',
        `PostgreSQL at ${showTarget(t)}: role ${t.user} may not create the catalog tables (${message}). ` +
          `As a superuser or the database owner, run in database "${t.database}": GRANT USAGE, CREATE ON SCHEMA ${schema} TO ${t.user};`,
      );
  }
  return translateError(e, t, schema);
}
