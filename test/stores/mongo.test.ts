// MongoDB store conformance; needs a server: PANGOLIN_TEST_MONGO_URL=$(scripts/start-ferretdb.sh)
import { after, test } from 'node:test';
import { MongoClient } from 'mongodb';
import { MongoCatalogStore } from '../../src/server/stores/mongo.js';
import type { CatalogStore } from '../../src/server/stores/types.js';
import { describeCatalogStore } from './conformance.js';

const url = process.env.PANGOLIN_TEST_MONGO_URL;
if (!url) {
  const why = 'PANGOLIN_TEST_MONGO_URL is not set: start a server with scripts/start-ferretdb.sh and export the URL it prints';
  if (process.env.CI) test('mongodb store', () => { throw new Error(why); });
  else { console.log(`# skipping MongoDB store tests: ${why}`); test('mongodb store', (t) => t.skip(why)); }
} else {
  const dbs: string[] = [];
  after(async () => { const c = await MongoClient.connect(url); for (const db of dbs) await c.db(db).dropDatabase(); await c.close(); });
  const fresh = () => { dbs.push(`pangolin_test_${process.pid}_${Date.now().toString(36)}_${dbs.length}`); return new MongoCatalogStore(url, { dbName: dbs.at(-1) }); };
  describeCatalogStore('mongodb', async () => fresh(), { reopen: async (closed: CatalogStore) => new MongoCatalogStore(url, { dbName: (closed as MongoCatalogStore).dbName }) });
}
