// Grants stored before they were bound to their object (SQLite/PostgreSQL schema 9, MongoDB
// schema 1: a JSON scope naming the catalog) upgrade to bound grants: each binds to the
// catalog of its name that existed when it was made; a deleted namesake's grant, and grants
// whose table, view or namespace is gone (left by drops and renames), are removed.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { POSTGRES_MIGRATIONS } from '../../src/server/stores/migrations/postgres.js';
import { SQLITE_MIGRATIONS } from '../../src/server/stores/migrations/sqlite.js';
import { MONGO_SCHEMA_VERSION, MongoCatalogStore } from '../../src/server/stores/mongo.js';
import { quoteIdent } from '../../src/server/stores/postgres-migrate.js';
import { PostgresCatalogStore } from '../../src/server/stores/postgres.js';
import { SqliteCatalogStore } from '../../src/server/stores/sqlite.js';
import type { CatalogStore } from '../../src/server/stores/types.js';
import { freshSchemas, POSTGRES_HINT } from './helpers/pg-schemas.js';

const at = (day: number) => `2024-01-0${day}T00:00:00.000Z`;
const BEFORE_GRANTS = 9; // the SQL schema version before grants were bound

/** Catalog "lake" (c-new, made on day 2, after a namesake was deleted), with db.t, view db.v and a.b. */
async function seedObjects(store: CatalogStore): Promise<void> {
  await store.createTenant({ id: 't1', name: 'acme', properties: {}, createdAt: at(1) });
  await store.createWarehouse({ id: 'w1', tenantId: 't1', name: 'wh', location: 'file:///tmp/wh', storageConfig: {}, clientConfig: {}, vendingStrategy: null, createdAt: at(1) });
  await store.createCatalog({ id: 'c-new', tenantId: 't1', name: 'lake', warehouseId: 'w1', properties: {}, createdAt: at(2) });
  for (const ns of [['db'], ['a', 'b']]) await store.createNamespace({ catalogId: 'c-new', namespace: ns, properties: {} });
  for (const [name, kind] of [['t', 'table'], ['v', 'view']] as const) {
    await store.createTable({ catalogId: 'c-new', namespace: ['db'], name, kind, metadataLocation: 'file:///tmp/wh/m.json', createdAt: at(3), updatedAt: at(3) });
  }
  await store.createUser({ id: 'u1', tenantId: 't1', username: 'rita', passwordHash: 'h', role: 'tenant-user', disabled: false, createdAt: at(1), updatedAt: at(1) });
  await store.createRole({ id: 'r1', tenantId: 't1', name: 'readers', description: '', createdAt: at(1) });
  await store.assignRole({ roleId: 'r1', principalKind: 'user', principalId: 'u1' });
}

/** Old grant rows: [id, scope, created day]. */
const LEGACY: [string, Record<string, unknown>, number][] = [
  ['g-stale', { catalog: 'lake' }, 1], // made before this "lake" existed: its deleted namesake's
  ['g-cat', { catalog: 'lake' }, 4],
  ['g-t', { catalog: 'lake', namespace: ['db'], table: 't' }, 4],
  ['g-v', { catalog: 'lake', namespace: ['db'], view: 'v' }, 4],
  ['g-renamed-away', { catalog: 'lake', namespace: ['db'], table: 'old' }, 4],
  ['g-wrong-kind', { catalog: 'lake', namespace: ['db'], view: 't' }, 4],
  ['g-ns', { catalog: 'lake', namespace: ['db'] }, 4],
  ['g-ns-parent', { catalog: 'lake', namespace: ['a'] }, 4], // a.b exists
  ['g-ns-gone', { catalog: 'lake', namespace: ['gone'] }, 4],
  ['g-nowhere', { catalog: 'nowhere' }, 4],
];

async function checkMigrated(store: CatalogStore): Promise<void> {
  const held = await store.grantsForPrincipal('t1', 'user', 'u1');
  assert.deepEqual(held.map((g) => g.id), ['g-cat', 'g-ns', 'g-ns-parent', 'g-t', 'g-v']);
  assert.ok(held.every((g) => g.catalogId === 'c-new' && g.scope.catalog === 'lake' && g.privileges[0] === 'read'));
  assert.deepEqual(held.find((g) => g.id === 'g-t')?.scope, { catalog: 'lake', namespace: ['db'], table: 't' });
  assert.deepEqual((await store.listGrants('r1')).items.map((g) => g.id), held.map((g) => g.id));
  // From now on they follow their object.
  await store.renameTable({ catalogId: 'c-new', namespace: ['db'], name: 't' }, { catalogId: 'c-new', namespace: ['db'], name: 't2' }, 'table');
  assert.deepEqual((await store.grantsForPrincipal('t1', 'user', 'u1')).find((g) => g.id === 'g-t')?.scope, { catalog: 'lake', namespace: ['db'], table: 't2' });
}

describe('migrations: grants bound to their object', () => {
  it('sqlite: schema 9 grants upgrade in place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pangolin-grants-mig-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'catalog.db');
    const old = new SqliteCatalogStore(path, { migrations: SQLITE_MIGRATIONS.slice(0, BEFORE_GRANTS) });
    await old.init();
    await seedObjects(old);
    await old.close();
    const db = new Database(path);
    const insert = db.prepare('INSERT INTO grants (id, tenant_id, role_id, scope, privileges, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    for (const [id, scope, day] of LEGACY) insert.run(id, 't1', 'r1', JSON.stringify(scope), '["read"]', at(day));
    db.close();
    const store = new SqliteCatalogStore(path);
    await store.init();
    try {
      await checkMigrated(store);
    } finally {
      await store.close();
    }
  });

  const pgUrl = process.env.PANGOLIN_TEST_POSTGRES_URL;
  it('postgres: schema 9 grants upgrade in place', { skip: !pgUrl && !process.env.CI && POSTGRES_HINT }, async () => {
    assert.ok(pgUrl, POSTGRES_HINT);
    const schemas = freshSchemas(pgUrl, 'pggrants');
    after(schemas.dropAll);
    const schema = schemas.next();
    const old = new PostgresCatalogStore(pgUrl, { schema, migrations: POSTGRES_MIGRATIONS.slice(0, BEFORE_GRANTS) });
    await old.init();
    await seedObjects(old);
    await old.close();
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    try {
      for (const [id, scope, day] of LEGACY) {
        await c.query(`INSERT INTO ${quoteIdent(schema)}.grants (id, tenant_id, role_id, scope, privileges, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [id, 't1', 'r1', JSON.stringify(scope), '["read"]', at(day)]);
      }
    } finally {
      await c.end();
    }
    const store = new PostgresCatalogStore(pgUrl, { schema });
    await store.init();
    try {
      await checkMigrated(store);
    } finally {
      await store.close();
    }
  });

  const mongoUrl = process.env.PANGOLIN_TEST_MONGO_URL;
  it('mongodb: schema 1 grant documents upgrade at start-up', { skip: !mongoUrl && !process.env.CI && 'PANGOLIN_TEST_MONGO_URL is not set (run scripts/start-ferretdb.sh)' }, async () => {
    assert.ok(mongoUrl, 'PANGOLIN_TEST_MONGO_URL is not set: run scripts/start-ferretdb.sh and export the URL it prints');
    const dbName = `pangolin_test_gmig_${process.pid}_${Date.now().toString(36)}`;
    const client = await MongoClient.connect(mongoUrl);
    try {
      const old = new MongoCatalogStore(mongoUrl, { dbName });
      await old.init();
      await seedObjects(old);
      await old.close();
      const docs = LEGACY.map(([id, scope, day]) => ({ _id: id, tenantId: 't1', roleId: 'r1', scope: JSON.stringify(scope), privileges: ['read'], createdAt: at(day) }));
      await client.db(dbName).collection<{ _id: string }>('grants').insertMany(docs);
      await client.db(dbName).collection<{ _id: string; version: number }>('schema_version').updateOne({ _id: 'schema' }, { $set: { version: 1 } });
      const store = new MongoCatalogStore(mongoUrl, { dbName });
      await store.init();
      try {
        await checkMigrated(store);
      } finally {
        await store.close();
      }
      assert.equal((await client.db(dbName).collection('schema_version').findOne({}))?.version, MONGO_SCHEMA_VERSION);
    } finally {
      await client.db(dbName).dropDatabase();
      await client.close();
    }
  });
});
