// Root sessions in memory (see root-session-types.ts); MemoryIdentity extends this. No
// method body awaits, so each one is atomic against the others.
import { notFound } from './entity-rules.js';
import { pickRootSession, type RootSession, type RootSessionStore } from './root-session-types.js';
import { StoreError } from './types.js';

export abstract class MemoryRootSessions implements RootSessionStore {
  private readonly rootSessions = new Map<string, RootSession>();

  async createRootSession(s: RootSession): Promise<RootSession> {
    if (this.rootSessions.has(s.id)) throw new StoreError('already-exists', `Root session ${s.id} already exists`);
    const rec = pickRootSession(s);
    this.rootSessions.set(rec.id, rec);
    return { ...rec };
  }

  async getRootSession(id: string): Promise<RootSession | undefined> {
    const x = this.rootSessions.get(id);
    return x && { ...x };
  }

  async revokeRootSession(id: string, at = new Date().toISOString()): Promise<boolean> {
    const x = this.rootSessions.get(id);
    if (!x) throw notFound('Root session', id);
    if (x.revokedAt !== undefined) return false;
    x.revokedAt = at;
    return true;
  }

  async revokeRootSessions(at = new Date().toISOString()): Promise<number> {
    let n = 0;
    for (const x of this.rootSessions.values()) if (x.revokedAt === undefined) (x.revokedAt = at), n++;
    return n;
  }

  async deleteExpiredRootSessions(now: string): Promise<number> {
    let n = 0;
    for (const [id, x] of this.rootSessions) if (x.expiresAt < now) this.rootSessions.delete(id), n++;
    return n;
  }
}
