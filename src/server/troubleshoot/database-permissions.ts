// The seed guide's Issue 5, "permission denied for schema public", as a check: for the
// PostgreSQL store, may the connected role create and change the catalog's tables in its
// schema? If not, the GRANT statements that fix it (PostgreSQL 15+ no longer lets every
// role create in schema public). Other stores: not applicable. pg is imported lazily.
import type { TroubleshootStep } from '../../shared/api/troubleshoot.js';
import { POSTGRES_MIGRATIONS } from '../stores/migrations/postgres.js';

const TITLE = 'Database permissions';

export interface PgPrivileges {
  user: string;
  database: string;
  schema: string;
  schemaExists: boolean;
  canUse: boolean;
  canCreate: boolean;
  /** CREATE on the database (needed to create a missing schema). */
  canCreateSchema: boolean;
  /** Pangolin tables the role may not read and write. */
  tablesWithoutReadWrite: string[];
  /** Pangolin tables owned by another role (later migrations cannot ALTER them). */
  tablesOwnedByOthers: { table: string; owner: string }[];
}

/** The tables Pangolin's migrations create, plus its migrations table. */
export const PANGOLIN_TABLES: readonly string[] = [
  'schema_migrations',
  ...new Set(POSTGRES_MIGRATIONS.flatMap((m) => [...m.sql.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?([a-z_][a-z0-9_]*)/gi)].map((x) => x[1].toLowerCase()))),
];

/** "public" stays bare; anything unusual is double-quoted. */
export function pgIdent(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** What an administrator runs (as a superuser or the schema owner) so `user` may use the schema. */
export function grantStatements(p: Pick<PgPrivileges, 'user' | 'database' | 'schema' | 'schemaExists'> & { tablesOwnedByOthers?: PgPrivileges['tablesOwnedByOthers'] }): string {
  const u = pgIdent(p.user);
  const s = pgIdent(p.schema);
  const lines = [`-- Run as a superuser or the owner of schema ${p.schema}, e.g.: sudo -u postgres psql -d ${p.database}`];
  if (!p.schemaExists) lines.push(`CREATE SCHEMA IF NOT EXISTS ${s} AUTHORIZATION ${u};`);
  lines.push(`GRANT USAGE, CREATE ON SCHEMA ${s} TO ${u};`, `GRANT ALL ON ALL TABLES IN SCHEMA ${s} TO ${u};`, `GRANT ALL ON ALL SEQUENCES IN SCHEMA ${s} TO ${u};`);
  for (const t of p.tablesOwnedByOthers ?? []) lines.push(`ALTER TABLE ${s}.${pgIdent(t.table)} OWNER TO ${u};`);
  return lines.join('\n');
}

/** The step for what the database reported (pure). */
export function databaseStepFrom(p: PgPrivileges): TroubleshootStep {
  const where = `role "${p.user}" on database "${p.database}", schema "${p.schema}"`;
  const copy = (statements: string) => ({ kind: 'copy' as const, label: 'Copy GRANT statements', text: statements });
  const problems: string[] = [];
  if (!p.schemaExists && !p.canCreateSchema) problems.push(`schema "${p.schema}" does not exist and the role may not create schemas in the database`);
  if (p.schemaExists && !p.canUse) problems.push(`no USAGE on schema "${p.schema}"`);
  if (p.schemaExists && !p.canCreate) problems.push(`no CREATE on schema "${p.schema}" (start-up fails with "permission denied for schema ${p.schema}" when a migration creates a table)`);
  if (p.tablesWithoutReadWrite.length) problems.push(`cannot read and write table(s) ${p.tablesWithoutReadWrite.join(', ')}`);
  if (problems.length) {
    const statements = grantStatements(p);
    return { id: 'database', title: TITLE, status: 'fail', message: `PostgreSQL store, ${where}: ${problems.join('; ')}`, fix: `Ask the database administrator to run:\n${statements}`, action: copy(statements) };
  }
  if (p.tablesOwnedByOthers.length) {
    const statements = grantStatements(p);
    const list = p.tablesOwnedByOthers.map((t) => `${t.table} (owner ${t.owner})`).join(', ');
    return { id: 'database', title: TITLE, status: 'warn', message: `PostgreSQL store, ${where}: may read and write, but ${list} belong to another role, so a future migration that alters them will fail`, fix: `Make "${p.user}" the owner:\n${statements}`, action: copy(statements) };
  }
  return { id: 'database', title: TITLE, status: 'pass', message: `PostgreSQL store, ${where}: may create, read and write the catalog tables${p.schemaExists ? '' : ' (the schema is created on start-up)'}` };
}

/** Asks PostgreSQL what the role of `databaseUrl` may do in `schema` (one short connection). */
export async function readPgPrivileges(databaseUrl: string, schema = 'public'): Promise<PgPrivileges> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000, statement_timeout: 5000, application_name: 'pangolin-troubleshoot' });
  await client.connect();
  try {
    const who = await client.query<{ usr: string; db: string; can_create_schema: boolean }>(
      "SELECT current_user AS usr, current_database() AS db, has_database_privilege(current_database(), 'CREATE') AS can_create_schema",
    );
    const ns = await client.query<{ can_use: boolean; can_create: boolean }>(
      "SELECT has_schema_privilege(n.oid, 'USAGE') AS can_use, has_schema_privilege(n.oid, 'CREATE') AS can_create FROM pg_namespace n WHERE n.nspname = $1",
      [schema],
    );
    const tables = await client.query<{ name: string; owner: string; owned: boolean; rw: boolean }>(
      `SELECT c.relname AS name, pg_get_userbyid(c.relowner) AS owner, pg_has_role(c.relowner, 'USAGE') AS owned,
              has_table_privilege(c.oid, 'SELECT') AND has_table_privilege(c.oid, 'INSERT') AND has_table_privilege(c.oid, 'UPDATE') AND has_table_privilege(c.oid, 'DELETE') AS rw
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname = ANY($2)`,
      [schema, PANGOLIN_TABLES],
    );
    const w = who.rows[0];
    const n = ns.rows[0];
    return {
      user: w.usr,
      database: w.db,
      schema,
      schemaExists: n !== undefined,
      canUse: n?.can_use ?? false,
      canCreate: n?.can_create ?? false,
      canCreateSchema: w.can_create_schema,
      tablesWithoutReadWrite: tables.rows.filter((t) => !t.rw).map((t) => t.name).sort(),
      tablesOwnedByOthers: tables.rows.filter((t) => !t.owned).map((t) => ({ table: t.name, owner: t.owner })).sort((a, b) => a.table.localeCompare(b.table)),
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The store the server runs on, as far as this check needs it. */
export interface StoreInfo {
  kind: string;
  databaseUrl?: string;
  schema?: string;
}

/** The database-permissions step for a store: checked for PostgreSQL, not applicable otherwise. */
export async function databasePermissionsStep(store: StoreInfo, read: typeof readPgPrivileges = readPgPrivileges): Promise<TroubleshootStep> {
  if (store.kind !== 'postgres') {
    const what = store.kind === 'sqlite' ? 'the SQLite file in the data folder (checked by "Data folder writable" in npm run doctor)' : store.kind === 'mongodb' ? 'MongoDB (it creates collections on first use; the user needs readWrite on the database)' : 'memory (nothing is stored)';
    return { id: 'database', title: TITLE, status: 'skip', message: `Not applicable: the metadata store is ${what}. Only the PostgreSQL store needs schema privileges` };
  }
  if (!store.databaseUrl) return { id: 'database', title: TITLE, status: 'skip', message: 'The PostgreSQL store did not say which database it uses' };
  try {
    return databaseStepFrom(await read(store.databaseUrl, store.schema ?? 'public'));
  } catch (e) {
    const err = e as { code?: string; message?: string };
    return {
      id: 'database',
      title: TITLE,
      status: 'fail',
      message: `Could not ask PostgreSQL about privileges: ${redactUrl(err.message ?? String(e))}${err.code ? ` (${err.code})` : ''}`,
      fix: err.code === '28P01' ? 'Check the user name and password in DATABASE_URL' : err.code === '3D000' ? 'Create the database named in DATABASE_URL (createdb …) or fix its name' : 'Check DATABASE_URL and that PostgreSQL is running and reachable',
    };
  }
}

/** Never echo a password that a driver message might carry in a URL. */
function redactUrl(msg: string): string {
  return msg.replace(/(postgres(?:ql)?:\/\/[^:/@\s]+:)[^@\s]+@/gi, '$1***@');
}
