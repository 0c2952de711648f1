// SQLite schema migrations: fresh databases, in-place upgrades, refusal of newer schemas,
// and rollback of a failing migration.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS, type Migration } from '../../src/server/stores/migrations/sqlite.js';
import { SchemaTooNewError, migrate, schemaVersion } from '../../src/server/stores/sqlite-migrate.js';
import { SqliteCatalogStore } from '../../src/server/stores/sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'pangolin-migrations-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshPath = () => join(dir, `m-${++n}.db`);
const tenant = { id: 't1', name: 'acme', properties: { a: '1' }, createdAt: '2024-01-01T00:00:00.000Z' };
const latest = SQLITE_MIGRATIONS.length;
/** A future migration, as a later release would append it. */
const next: Migration = {
  version: latest + 1,
  name: 'tenant notes',
  sql: `ALTER TABLE tenants ADD COLUMN note TEXT; CREATE TABLE audit_log (id TEXT PRIMARY KEY, at TEXT NOT NULL);`,
};

function versionOf(path: string): { version: number; rows: { version: number; name: string }[] } {
  const db = new Database(path, { readonly: true });
  try {
    return { version: schemaVersion(db), rows: db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as never };
  } finally {
    db.close();
  }
}

describe('sqlite migrations', () => {
  it('a fresh database gets every migration, recorded in schema_migrations', async () => {
    const path = freshPath();
    const store = new SqliteCatalogStore(path);
    await store.init();
    await store.init(); // idempotent
    await store.close();
    const v = versionOf(path);
    assert.equal(v.version, latest);
    assert.deepEqual(v.rows, SQLITE_MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    // reopening applies nothing again
    const db = new Database(path);
    assert.deepEqual(migrate(db).applied, []);
    db.close();
  });

  it('upgrades an older database in place, keeping its data', async () => {
    const path = freshPath();
    const old = new SqliteCatalogStore(path); // today's schema = "older" than the one with `next`
    await old.init();
    await old.createTenant(tenant);
    await old.close();

    const upgraded = new SqliteCatalogStore(path, { migrations: [...SQLITE_MIGRATIONS, next] });
    await upgraded.init();
    assert.deepEqual(await upgraded.getTenant({ id: 't1' }), tenant);
    await upgraded.createTenant({ ...tenant, id: 't2', name: 'beta' });
    await upgraded.close();

    assert.equal(versionOf(path).version, latest + 1);
    const db = new Database(path);
    const cols = (db.prepare(`SELECT name FROM pragma_table_info('tenants')`).all() as { name: string }[]).map((c) => c.name);
    assert.ok(cols.includes('note'));
    assert.equal((db.prepare('SELECT COUNT(*) AS c FROM tenants').get() as { c: number }).c, 2);
    db.close();
  });

  it('refuses a database written by a newer version, changing nothing', async () => {
    const path = freshPath();
    const newer = new SqliteCatalogStore(path, { migrations: [...SQLITE_MIGRATIONS, next] });
    await newer.init();
    await newer.createTenant(tenant);
    await newer.close();

    const store = new SqliteCatalogStore(path);
    await assert.rejects(store.init(), (e: unknown) => {
      assert.ok(e instanceof SchemaTooNewError);
      assert.match(e.message, new RegExp(`schema version ${latest + 1}.*only knows up to ${latest}`));
      assert.match(e.message, /upgrade Pangolin/);
      return true;
    });
    await assert.rejects(store.getTenant({ id: 't1' }), /not open/); // never opened
    assert.equal(versionOf(path).version, latest + 1);
  });

  it('rolls a failing migration back completely', async () => {
    const path = freshPath();
    const store = new SqliteCatalogStore(path);
    await store.init();
    await store.createTenant(tenant);
    await store.close();

    const broken: Migration = { version: latest + 1, name: 'broken', sql: 'CREATE TABLE half_done (x TEXT); INSERT INTO no_such_table VALUES (1);' };
    await assert.rejects(new SqliteCatalogStore(path, { migrations: [...SQLITE_MIGRATIONS, broken] }).init(), /no such table/);
    const db = new Database(path);
    assert.equal(schemaVersion(db), latest);
    assert.equal(db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'half_done'`).get(), undefined);
    db.close();
    const again = new SqliteCatalogStore(path);
    await again.init();
    assert.deepEqual(await again.getTenant({ id: 't1' }), tenant);
    await again.close();
  });

  it('rejects a migration list with gaps or wrong order', () => {
    const db = new Database(':memory:');
    assert.throws(() => migrate(db, [SQLITE_MIGRATIONS[0], { ...next, version: latest + 2 }]), /expected 2/);
    assert.equal(schemaVersion(db), 0);
    db.close();
  });
});
