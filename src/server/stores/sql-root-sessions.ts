// Root sessions on the SQL stores (SQLite and PostgreSQL share the root_sessions table,
// migration 11): one statement per method, so each is atomic on its own. The backends
// lend an executor (SQL with `?` placeholders) and extend this class.
import { notFound } from './entity-rules.js';
import { pickRootSession, type RootSession, type RootSessionStore } from './root-session-types.js';

export interface SqlExec {
  rows<R>(sql: string, params: unknown[]): Promise<R[]>;
  /** Runs a write; how many rows it changed. */
  changes(sql: string, params: unknown[]): Promise<number>;
  /** Runs an insert, a unique violation becoming already-exists(`exists`). */
  insert(sql: string, params: unknown[], exists: string): Promise<void>;
}

interface RootSessionRow {
  id: string;
  root_name: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

const COLS = 'id, root_name, created_at, expires_at, revoked_at';

const fromRow = (r: RootSessionRow): RootSession =>
  pickRootSession({ id: r.id, rootName: r.root_name, createdAt: r.created_at, expiresAt: r.expires_at, revokedAt: r.revoked_at ?? undefined });

export abstract class SqlRootSessions implements RootSessionStore {
  constructor(private readonly sql: SqlExec) {}

  async createRootSession(s: RootSession): Promise<RootSession> {
    const rec = pickRootSession(s);
    await this.sql.insert(`INSERT INTO root_sessions (${COLS}) VALUES (?, ?, ?, ?, ?)`, [rec.id, rec.rootName, rec.createdAt, rec.expiresAt, rec.revokedAt ?? null], `Root session ${rec.id} already exists`);
    return rec;
  }

  async getRootSession(id: string): Promise<RootSession | undefined> {
    const [r] = await this.sql.rows<RootSessionRow>(`SELECT ${COLS} FROM root_sessions WHERE id = ?`, [id]);
    return r && fromRow(r);
  }

  async revokeRootSession(id: string, at = new Date().toISOString()): Promise<boolean> {
    if ((await this.sql.changes('UPDATE root_sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [at, id])) === 1) return true;
    if (!(await this.getRootSession(id))) throw notFound('Root session', id);
    return false;
  }

  revokeRootSessions(at = new Date().toISOString()): Promise<number> {
    return this.sql.changes('UPDATE root_sessions SET revoked_at = ? WHERE revoked_at IS NULL', [at]);
  }

  deleteExpiredRootSessions(now: string): Promise<number> {
    return this.sql.changes('DELETE FROM root_sessions WHERE expires_at < ?', [now]);
  }
}
