// Applies the versioned PostgreSQL migrations. Everything runs in one transaction that
// first takes a transaction-scoped advisory lock, so servers starting at once against the
// same database serialise instead of racing; a failure leaves the schema as it was.
import type pg from 'pg';
import { POSTGRES_MIGRATIONS, type Migration } from './migrations/postgres.js';
import { checkMigrations, SchemaTooNewError, type MigrationResult } from './sqlite-migrate.js';

export { SchemaTooNewError, type MigrationResult } from './sqlite-migrate.js';

/** A quoted SQL identifier. */
export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export async function schemaVersion(client: pg.ClientBase, schema: string): Promise<number> {
  const exists = await client.query('SELECT to_regclass($1) AS t', [`${quoteIdent(schema)}.schema_migrations`]);
  if (exists.rows[0].t === null) return 0;
  const r = await client.query(`SELECT MAX(version) AS v FROM ${quoteIdent(schema)}.schema_migrations`);
  return r.rows[0].v ?? 0;
}

/**
 * Migrates `schema` (which the connection's search_path must name first) to the latest
 * version. `where` describes the database in error messages (no password).
 */
export async function migratePostgres(
  client: pg.ClientBase,
  schema: string,
  where: string,
  migrations: readonly Migration[] = POSTGRES_MIGRATIONS,
): Promise<MigrationResult> {
  checkMigrations(migrations);
  const latest = migrations.length;
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`pangolin-migrate:${schema}`]);
    // Create only what is missing: CREATE ... IF NOT EXISTS still needs CREATE privilege.
    const hasSchema = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (hasSchema.rowCount === 0) await client.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
    const from = await schemaVersion(client, schema);
    if (from > latest) throw new SchemaTooNewError(from, latest, where);
    if (from === latest) {
      await client.query('COMMIT');
      return { from, to: latest, applied: [] };
    }
    const q = quoteIdent(schema);
    if (from === 0) {
      await client.query(`CREATE TABLE IF NOT EXISTS ${q}.schema_migrations (
        version     INTEGER PRIMARY KEY,
        name        TEXT NOT NULL,
        applied_at  TEXT NOT NULL
      )`);
    }
    const pending = migrations.slice(from);
    for (const m of pending) {
      await client.query(m.sql);
      await client.query(`INSERT INTO ${q}.schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`, [m.version, m.name, new Date().toISOString()]);
    }
    await client.query('COMMIT');
    return { from, to: latest, applied: pending };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
