// Applies the versioned SQLite migrations. Pending migrations run in one IMMEDIATE
// transaction: a failure leaves the database exactly as it was, and two processes
// opening the same fresh file serialise on the write lock instead of both migrating.
import type { Database } from 'better-sqlite3';
import { SQLITE_MIGRATIONS, type Migration } from './migrations/sqlite.js';

export class SchemaTooNewError extends Error {
  constructor(
    readonly dbVersion: number,
    readonly codeVersion: number,
    file: string,
  ) {
    super(
      `The catalog database ${file} has schema version ${dbVersion}, but this version of Pangolin only knows up to ` +
        `${codeVersion}. It was written by a newer Pangolin: upgrade Pangolin, or point it at another database. ` +
        `(Nothing was changed.)`,
    );
    this.name = 'SchemaTooNewError';
  }
}

export interface MigrationResult {
  from: number;
  to: number;
  applied: Migration[];
}

export function checkMigrations(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration "${m.name}" has version ${m.version}, expected ${i + 1}: versions must be 1, 2, 3, ...`);
  });
}

export function schemaVersion(db: Database): number {
  const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).get();
  if (!exists) return 0;
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

export function migrate(db: Database, migrations: readonly Migration[] = SQLITE_MIGRATIONS): MigrationResult {
  checkMigrations(migrations);
  const latest = migrations.length;
  const run = db.transaction((): MigrationResult => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version     INTEGER PRIMARY KEY,
      name        TEXT NOT NULL,
      applied_at  TEXT NOT NULL
    )`);
    const from = schemaVersion(db);
    if (from > latest) throw new SchemaTooNewError(from, latest, db.name);
    const pending = migrations.slice(from);
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const m of pending) {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    }
    return { from, to: latest, applied: pending };
  });
  return run.immediate();
}
