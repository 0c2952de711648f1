// PostgreSQL schema privileges (seed Issue 5): the GRANT statements, the step for each
// situation, and (with PANGOLIN_TEST_POSTGRES_URL) the real catalog of privileges: role
// `pangolin` may create in its own database's schema but not in database "postgres".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { PANGOLIN_TABLES, databasePermissionsStep, databaseStepFrom, grantStatements, pgIdent, readPgPrivileges, type PgPrivileges } from '../../../src/server/troubleshoot/database-permissions.js';

const PG = process.env.PANGOLIN_TEST_POSTGRES_URL;
const ok: PgPrivileges = { user: 'pangolin', database: 'pangolin', schema: 'public', schemaExists: true, canUse: true, canCreate: true, canCreateSchema: false, tablesWithoutReadWrite: [], tablesOwnedByOthers: [] };

describe('database permissions (pure)', () => {
  it('knows Pangolin’s tables from the migrations', () => {
    for (const t of ['schema_migrations', 'tenants', 'warehouses', 'catalogs', 'tables', 'namespaces']) assert.ok(PANGOLIN_TABLES.includes(t), t);
  });

  it('quotes only unusual identifiers', () => {
    assert.equal(pgIdent('public'), 'public');
    assert.equal(pgIdent('My"Schema'), '"My""Schema"');
  });

  it('GRANT statements as in the seed guide, for the role and schema at hand', () => {
    assert.equal(
      grantStatements({ user: 'pangolin', database: 'pangolin', schema: 'public', schemaExists: true }),
      [
        '-- Run as a superuser or the owner of schema public, e.g.: sudo -u postgres psql -d pangolin',
        'GRANT USAGE, CREATE ON SCHEMA public TO pangolin;',
        'GRANT ALL ON ALL TABLES IN SCHEMA public TO pangolin;',
        'GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO pangolin;',
      ].join('\n'),
    );
    const missing = grantStatements({ user: 'app-user', database: 'db', schema: 'cat', schemaExists: false, tablesOwnedByOthers: [{ table: 'tenants', owner: 'postgres' }] });
    assert.match(missing, /^CREATE SCHEMA IF NOT EXISTS cat AUTHORIZATION "app-user";$/m);
    assert.match(missing, /^ALTER TABLE cat\.tenants OWNER TO "app-user";$/m);
  });

  it('pass when the role may create, read and write', () => {
    const s = databaseStepFrom(ok);
    assert.equal(s.status, 'pass');
    assert.equal(s.action, undefined);
  });

  it('no CREATE on the schema: fail, the GRANTs in the fix and as a copy action', () => {
    const s = databaseStepFrom({ ...ok, canCreate: false });
    assert.equal(s.status, 'fail');
    assert.match(s.message, /no CREATE on schema "public" \(start-up fails with "permission denied for schema public"/);
    assert.match(s.fix ?? '', /GRANT USAGE, CREATE ON SCHEMA public TO pangolin;/);
    assert.equal(s.action?.kind, 'copy');
    assert.match(s.action?.kind === 'copy' ? s.action.text : '', /GRANT ALL ON ALL TABLES IN SCHEMA public TO pangolin;/);
  });

  it('tables it cannot write, a missing schema it cannot create, tables owned by another role', () => {
    assert.match(databaseStepFrom({ ...ok, tablesWithoutReadWrite: ['tables', 'tenants'] }).message, /cannot read and write table\(s\) tables, tenants/);
    assert.match(databaseStepFrom({ ...ok, schemaExists: false, canUse: false, canCreate: false }).message, /does not exist and the role may not create schemas/);
    assert.equal(databaseStepFrom({ ...ok, schemaExists: false, canUse: false, canCreate: false, canCreateSchema: true }).status, 'pass');
    const owned = databaseStepFrom({ ...ok, tablesOwnedByOthers: [{ table: 'tenants', owner: 'postgres' }] });
    assert.equal(owned.status, 'warn');
    assert.match(owned.fix ?? '', /ALTER TABLE public\.tenants OWNER TO pangolin;/);
  });

  it('other stores: not applicable', async () => {
    for (const kind of ['sqlite', 'memory', 'mongodb']) {
      const s = await databasePermissionsStep({ kind });
      assert.equal(s.status, 'skip');
      assert.match(s.message, /Not applicable/);
    }
  });

  it('a connection failure is a fail without the password', async () => {
    const s = await databasePermissionsStep({ kind: 'postgres', databaseUrl: 'postgresql://u:hunter2@127.0.0.1:1/db' }, async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1 (postgresql://u:hunter2@127.0.0.1:1/db)'), { code: 'ECONNREFUSED' });
    });
    assert.equal(s.status, 'fail');
    assert.ok(!s.message.includes('hunter2'));
    assert.match(s.fix ?? '', /DATABASE_URL/);
  });
});

describe('database permissions on a real PostgreSQL', { skip: PG ? false : 'PANGOLIN_TEST_POSTGRES_URL is not set (scripts/start-postgres.sh)' }, () => {
  it('the test role may create in its own database', async () => {
    const p = await readPgPrivileges(PG!, 'public');
    assert.equal(p.schemaExists, true);
    assert.equal(p.canCreate, true);
    assert.equal(databaseStepFrom(p).status === 'fail', false);
  });

  it('database "postgres", schema public (PostgreSQL 15+): no CREATE for the role, and the GRANTs that fix it', async () => {
    const url = PG!.replace(/\/[^/?]*(\?|$)/, '/postgres$1');
    const client = new pg.Client(url);
    await client.connect();
    const version = Number((await client.query<{ v: string }>('SELECT current_setting($1) AS v', ['server_version_num'])).rows[0].v);
    await client.end();
    if (version < 150000) return; // before 15 every role may create in public
    const s = await databasePermissionsStep({ kind: 'postgres', databaseUrl: url, schema: 'public' });
    assert.equal(s.status, 'fail', s.message);
    assert.match(s.message, /role "pangolin" on database "postgres", schema "public": no CREATE on schema "public"/);
    assert.match(s.fix ?? '', /sudo -u postgres psql -d postgres\nGRANT USAGE, CREATE ON SCHEMA public TO pangolin;/);
  });

  it('a schema that does not exist, in a database the role owns: created on start-up', async () => {
    const p = await readPgPrivileges(PG!, 'no_such_schema_here');
    assert.equal(p.schemaExists, false);
    assert.equal(databaseStepFrom(p).status, 'pass');
  });
});
