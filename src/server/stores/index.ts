// Picks the CatalogStore backend. Backends are imported lazily so that, e.g., the
// memory store never loads the native SQLite module.
import { fileURLToPath } from 'node:url';
import type { CatalogStore, StoreKind } from './types.js';

export interface CreateStoreOptions {
  kind: StoreKind;
  /** SQLite file (or ':memory:'): the default when databaseUrl is not a sqlite: URL. */
  sqlitePath?: string;
  /** Connection URL; for sqlite, a `sqlite:<path>` or `file:` URL overrides sqlitePath. */
  databaseUrl?: string;
  /** mongodb: database name, overriding the URL's path (default "pangolin"). */
  dbName?: string;
}

/** Creates (not yet initialised) the store; call init() before use. */
export async function createStore(opts: CreateStoreOptions): Promise<CatalogStore> {
  switch (opts.kind) {
    case 'memory': {
      const { MemoryCatalogStore } = await import('./memory.js');
      return new MemoryCatalogStore();
    }
    case 'sqlite': {
      const path = (opts.databaseUrl && sqlitePathFromUrl(opts.databaseUrl)) || opts.sqlitePath;
      if (!path) throw new Error('createStore: the sqlite store needs sqlitePath (a file path or ":memory:") or DATABASE_URL=sqlite:<path>');
      const { SqliteCatalogStore } = await import('./sqlite.js');
      return new SqliteCatalogStore(path);
    }
    case 'postgres': {
      if (!opts.databaseUrl || !/^postgres(ql)?:\/\//i.test(opts.databaseUrl)) {
        throw new Error('createStore: the postgres store needs DATABASE_URL=postgresql://user:password@host:5432/database');
      }
      const { PostgresCatalogStore } = await import('./postgres.js');
      return new PostgresCatalogStore(opts.databaseUrl);
    }
    case 'mongodb': {
      if (!opts.databaseUrl || !/^mongodb(\+srv)?:\/\//i.test(opts.databaseUrl)) {
        throw new Error('createStore: the mongodb store needs DATABASE_URL=mongodb://[user:password@]host:27017/[database] (database defaults to "pangolin")');
      }
      const { MongoCatalogStore } = await import('./mongo.js');
      return new MongoCatalogStore(opts.databaseUrl, { dbName: opts.dbName });
    }
    default:
      throw new Error(`Unknown store kind: ${String((opts as { kind: unknown }).kind)}`);
  }
}

/**
 * The file of a sqlite DATABASE_URL: `sqlite:<path>` (`sqlite:/abs/x.db`, `sqlite:./x.db`,
 * `sqlite::memory:`), `sqlite:///abs/x.db`, or `file:///abs/x.db`. Undefined for other URLs.
 */
export function sqlitePathFromUrl(url: string): string | undefined {
  if (/^file:/i.test(url)) {
    try {
      return fileURLToPath(new URL(url));
    } catch (e) {
      throw new Error(`DATABASE_URL=${url} is not a valid file: URL (${(e as Error).message})`);
    }
  }
  const m = /^sqlite:(.*)$/is.exec(url);
  if (!m) return undefined;
  const rest = m[1].startsWith('//') ? m[1].slice(2) : m[1];
  if (!rest) throw new Error(`DATABASE_URL=${url} names no file: expected sqlite:<path>`);
  return rest;
}
