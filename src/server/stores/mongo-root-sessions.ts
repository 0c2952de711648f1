// Root sessions on MongoDB / FerretDB (collection root_sessions, see root-session-types.ts);
// MongoIdentity extends this. As in mongo-identity.ts, a revocation (read, then write)
// runs under the document's lock, and nothing else rewrites the document.
import type { Db, Document } from 'mongodb';
import { MongoDocs } from './mongo-docs.js';
import { isDuplicateKey } from './mongo-errors.js';
import { pickRootSession, type RootSession, type RootSessionStore } from './root-session-types.js';
import { StoreError } from './types.js';

const COLLECTION = 'root_sessions';

export async function createRootSessionIndexes(db: Db): Promise<void> {
  await db.collection(COLLECTION).createIndex({ expiresAt: 1 }, { name: 'root_sessions_expiry' });
}

const rootSessionOf = (d: Document): RootSession =>
  pickRootSession({ id: d._id, rootName: d.rootName, createdAt: d.createdAt, expiresAt: d.expiresAt, revokedAt: d.revokedAt ?? undefined });

export abstract class MongoRootSessions extends MongoDocs implements RootSessionStore {
  async createRootSession(s: RootSession): Promise<RootSession> {
    const rec = pickRootSession(s);
    try {
      await this.col(COLLECTION).insertOne({ _id: rec.id, rootName: rec.rootName, createdAt: rec.createdAt, expiresAt: rec.expiresAt, revokedAt: rec.revokedAt ?? null });
    } catch (e) {
      if (isDuplicateKey(e)) throw new StoreError('already-exists', `Root session ${rec.id} already exists`);
      throw e;
    }
    return rec;
  }

  async getRootSession(id: string): Promise<RootSession | undefined> {
    const d = await this.col(COLLECTION).findOne({ _id: id });
    return d ? rootSessionOf(d) : undefined;
  }

  async revokeRootSession(id: string, at = new Date().toISOString()): Promise<boolean> {
    return this.locked(COLLECTION, id, async () => {
      const d = await this.must(COLLECTION, id, 'Root session');
      if (d.revokedAt != null) return false;
      await this.col(COLLECTION).updateOne({ _id: id }, { $set: { revokedAt: at } });
      return true;
    });
  }

  async revokeRootSessions(at = new Date().toISOString()): Promise<number> {
    let n = 0;
    for (const d of await this.col(COLLECTION).find({ revokedAt: null }, { projection: { _id: 1 } }).toArray()) {
      // One deleted meanwhile (expired) is simply not counted.
      if (await this.revokeRootSession(d._id, at).catch((e) => (e instanceof StoreError && e.code === 'not-found' ? false : Promise.reject(e)))) n++;
    }
    return n;
  }

  async deleteExpiredRootSessions(now: string): Promise<number> {
    return (await this.col(COLLECTION).deleteMany({ expiresAt: { $lt: now } })).deletedCount;
  }
}
