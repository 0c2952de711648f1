// The stores the commit soak runs on, each opened on a fresh, disposable target.
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { MongoCatalogStore } from '../src/server/stores/mongo.js';
import { PostgresCatalogStore } from '../src/server/stores/postgres.js';
import { SqliteCatalogStore } from '../src/server/stores/sqlite.js';
import type { CatalogStore } from '../src/server/stores/types.js';

export interface SoakResult {
  commits: number;
  conflicts: number;
  errors: number;
  firstError: string;
  /** Acknowledged commits that moved each table. */
  perTable: Record<string, number>;
}

export type StoreName = 'sqlite' | 'postgres' | 'mongodb';
export const SOAK_TABLES = ['t1', 't2', 't3'];

/** target: the SQLite file, "<postgres url>#<schema>", or "<mongodb url>#<db name>". */
export async function openSoakStore(store: StoreName, target: string): Promise<CatalogStore> {
  const [url, name] = target.split('#');
  const s =
    store === 'sqlite' ? new SqliteCatalogStore(target, { busyTimeoutMs: 30_000 })
    : store === 'postgres' ? new PostgresCatalogStore(url, { schema: name })
    : new MongoCatalogStore(url, { dbName: name });
  await s.init();
  return s;
}

/** Drops a postgres schema or mongodb database the soak made (SQLite files go with their temp dir). */
export async function dropSoakTarget(store: StoreName, target: string): Promise<void> {
  const [url, name] = target.split('#');
  if (store === 'postgres') {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    await c.end();
  } else if (store === 'mongodb') {
    const c = await MongoClient.connect(url);
    await c.db(name).dropDatabase();
    await c.close();
  }
}

/**
 * `writers` writers for `seconds`, each moving a random 1-3 of the soak tables at once
 * (v<n> -> v<n+1>) by compare-and-swap; counts acknowledged commits, conflicts (409s) and errors.
 */
export async function runWriters(s: CatalogStore, catalogId: string, writers: number, seconds: number): Promise<SoakResult> {
  const perTable: Record<string, number> = Object.fromEntries(SOAK_TABLES.map((t) => [t, 0]));
  const out = { commits: 0, conflicts: 0, errors: 0, firstError: '' };
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (Date.now() < until) {
        const names = SOAK_TABLES.filter(() => Math.random() < 0.5);
        if (names.length === 0) names.push(SOAK_TABLES[Math.floor(Math.random() * SOAK_TABLES.length)]);
        const idents = names.map((name) => ({ catalogId, namespace: ['soak'], name }));
        try {
          const cur = await Promise.all(idents.map((i) => s.getTable(i, 'table')));
          const ok = await s.swapMetadataLocations(idents.map((ident, i) => ({ ident, kind: 'table' as const, expected: cur[i]!.metadataLocation, next: `v${Number(cur[i]!.metadataLocation.slice(1)) + 1}` })));
          if (!ok) out.conflicts++;
          else {
            out.commits++;
            for (const n of names) perTable[n]++;
          }
        } catch (e) {
          out.errors++;
          out.firstError ||= (e as Error).message;
        }
      }
    }),
  );
  return { ...out, perTable };
}
