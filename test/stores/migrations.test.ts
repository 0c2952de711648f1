// Data written before a schema change reads correctly after it, on every persistent
// backend: warehouses from before clientConfig existed read clientConfig {} (SQLite and
// PostgreSQL by a versioned migration, MongoDB by reading a missing field as {}).
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
import { MongoCatalogStore } from '../../src/server/stores/mongo.js';
import { migratePostgres, quoteIdent } from '../../src/server/stores/postgres-migrate.js';
import { PostgresCatalogStore } from '../../src/server/stores/postgres.js';
import { migrate } from '../../src/server/stores/sqlite-migrate.js';
import { SqliteCatalogStore } from '../../src/server/stores/sqlite.js';
import type { CatalogStore } from '../../src/server/stores/types.js';
import { freshSchemas, POSTGRES_HINT } from './helpers/pg-schemas.js';

const V1 = { version: 1, name: 'initial schema' };
const T0 = '2024-01-01T00:00:00.000Z';
const tenantRow = ['t1', 'acme', '{}', T0];
const warehouseRow = ['w1', 't1', 'old', 'file:///tmp/old', '{"s3.region":"eu-west-1"}', null, T0];
const expected = {
  id: 'w1',
  tenantId: 't1',
  name: 'old',
  location: 'file:///tmp/old',
  storageConfig: { 's3.region': 'eu-west-1' },
  clientConfig: {},
  vendingStrategy: null,
  createdAt: T0,
};

/** The old warehouse reads clientConfig {}, and the new field can then be set and kept. */
async function checkUpgraded(store: CatalogStore): Promise<void> {
  assert.deepEqual(await store.getWarehouse({ id: 'w1' }), expected);
  const updated = await store.updateWarehouse('w1', { clientConfig: { 's3.endpoint': 'http://public:9000' } });
  assert.deepEqual(updated, { ...expected, clientConfig: { 's3.endpoint': 'http://public:9000' } });
  assert.deepEqual(await store.getWarehouse({ id: 'w1' }), updated);
}

describe('migrations: warehouse clientConfig', () => {
  it('sqlite: a version-1 database is upgraded in place; old warehouses read clientConfig {}', async () => {
    assert.deepEqual({ version: SQLITE_MIGRATIONS[0].version, name: SQLITE_MIGRATIONS[0].name }, V1);
    const dir = mkdtempSync(join(tmpdir(), 'pangolin-mig-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'v1.db');
    const db = new Database(path);
    migrate(db, SQLITE_MIGRATIONS.slice(0, 1));
    db.prepare('INSERT INTO tenants (id, name, properties, created_at) VALUES (?, ?, ?, ?)').run(...tenantRow);
    db.prepare('INSERT INTO warehouses (id, tenant_id, name, location, storage_config, vending_strategy, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(...warehouseRow);
    db.close();
    const store = new SqliteCatalogStore(path);
    await store.init();
    try {
      await checkUpgraded(store);
    } finally {
      await store.close();
    }
  });

  const pgUrl = process.env.PANGOLIN_TEST_POSTGRES_URL;
  it('postgres: a version-1 schema is upgraded in place; old warehouses read clientConfig {}', { skip: !pgUrl && !process.env.CI && POSTGRES_HINT }, async () => {
    assert.ok(pgUrl, POSTGRES_HINT);
    const schemas = freshSchemas(pgUrl, 'pgmig');
    after(schemas.dropAll);
    const schema = schemas.next();
    const c = new pg.Client({ connectionString: pgUrl, options: `-c search_path=${schema}` });
    await c.connect();
    try {
      await migratePostgres(c, schema, 'test', POSTGRES_MIGRATIONS.slice(0, 1));
      const q = quoteIdent(schema);
      await c.query(`INSERT INTO ${q}.tenants (id, name, properties, created_at) VALUES ($1, $2, $3, $4)`, tenantRow);
      await c.query(`INSERT INTO ${q}.warehouses (id, tenant_id, name, location, storage_config, vending_strategy, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, warehouseRow);
    } finally {
      await c.end();
    }
    const store = new PostgresCatalogStore(pgUrl, { schema });
    await store.init();
    try {
      await checkUpgraded(store);
    } finally {
      await store.close();
    }
  });

  const mongoUrl = process.env.PANGOLIN_TEST_MONGO_URL;
  it('mongodb: warehouse documents without clientConfig read it as {}', { skip: !mongoUrl && !process.env.CI && 'PANGOLIN_TEST_MONGO_URL is not set (run scripts/start-ferretdb.sh)' }, async () => {
    assert.ok(mongoUrl, 'PANGOLIN_TEST_MONGO_URL is not set: run scripts/start-ferretdb.sh and export the URL it prints');
    const dbName = `pangolin_test_mig_${process.pid}_${Date.now().toString(36)}`;
    const client = await MongoClient.connect(mongoUrl);
    try {
      const db = client.db(dbName);
      await db.collection<{ _id: string; [k: string]: unknown }>('tenants').insertOne({ _id: 't1', name: 'acme', properties: '{}', createdAt: T0 });
      await db.collection<{ _id: string; [k: string]: unknown }>('warehouses').insertOne({ _id: 'w1', tenantId: 't1', name: 'old', location: 'file:///tmp/old', storageConfig: '{"s3.region":"eu-west-1"}', vendingStrategy: null, createdAt: T0 });
      const store = new MongoCatalogStore(mongoUrl, { dbName });
      await store.init();
      try {
        await checkUpgraded(store);
      } finally {
        await store.close();
      }
    } finally {
      await client.db(dbName).dropDatabase();
      await client.close();
    }
  });

  it('mongodb: table documents from before fences (schema 2) start at version 0 and keep committing', { skip: !mongoUrl && !process.env.CI && 'PANGOLIN_TEST_MONGO_URL is not set (run scripts/start-ferretdb.sh)' }, async () => {
    assert.ok(mongoUrl, 'PANGOLIN_TEST_MONGO_URL is not set: run scripts/start-ferretdb.sh and export the URL it prints');
    const dbName = `pangolin_test_mig3_${process.pid}_${Date.now().toString(36)}`;
    const client = await MongoClient.connect(mongoUrl);
    try {
      const db = client.db(dbName);
      await db.collection<{ _id: string; version: number }>('schema_version').insertOne({ _id: 'schema', version: 2 });
      await db.collection<{ _id: string; [k: string]: unknown }>('tables').insertOne({ _id: 'x1', catalogId: 'c1', nsKey: 'db', name: 't', namespace: ['db'], kind: 'table', metadataLocation: 'v0', createdAt: T0, updatedAt: T0 });
      const store = new MongoCatalogStore(mongoUrl, { dbName });
      await store.init();
      try {
        const ident = { catalogId: 'c1', namespace: ['db'], name: 't' };
        assert.equal((await db.collection('tables').findOne({ _id: 'x1' as never }))?.version, 0);
        assert.equal(await store.swapMetadataLocations([{ ident, kind: 'table', expected: 'v0', next: 'v1' }]), true);
        assert.equal(await store.swapMetadataLocations([{ ident, kind: 'table', expected: 'v0', next: 'v2' }]), false);
        assert.equal((await store.getTable(ident, 'table'))?.metadataLocation, 'v1');
      } finally {
        await store.close();
      }
      assert.equal((await db.collection('schema_version').findOne({}))?.version, 3);
    } finally {
      await client.db(dbName).dropDatabase();
      await client.close();
    }
  });
});
