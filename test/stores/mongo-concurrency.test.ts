// Two MongoCatalogStore instances (two clients, as two server processes would have) race
// compare-and-swaps on one pointer: no update may be lost. Needs PANGOLIN_TEST_MONGO_URL.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MongoClient } from 'mongodb';
import { MongoCatalogStore } from '../../src/server/stores/mongo.js';
import { concurrentBumps } from './helpers/cas.js';
import { seed, table } from './conformance/fixtures.js';

const url = process.env.PANGOLIN_TEST_MONGO_URL;
test('two clients: concurrent CAS on one pointer loses no update', { skip: !url && !process.env.CI && 'PANGOLIN_TEST_MONGO_URL is not set (run scripts/start-ferretdb.sh)' }, async () => {
  assert.ok(url, 'PANGOLIN_TEST_MONGO_URL is not set: run scripts/start-ferretdb.sh and export the URL it prints');
  const dbName = `pangolin_test_cc_${process.pid}_${Date.now().toString(36)}`;
  const [a, b] = [new MongoCatalogStore(url, { dbName }), new MongoCatalogStore(url, { dbName })];
  try {
    await a.init();
    await b.init();
    const { catalogId } = await seed(a);
    await a.createNamespace({ catalogId, namespace: ['db'], properties: {} });
    await a.createTable(table(catalogId, ['db'], 't', 'table', 'v0'));
    await a.createTable(table(catalogId, ['db'], 'u', 'table', 'v0'));
    const t = { catalogId, namespace: ['db'], name: 't' };
    const u = { catalogId, namespace: ['db'], name: 'u' };
    let n = 0;
    const single = await concurrentBumps(() => (n++ % 2 ? a : b), [t], 10, 5, 3);
    assert.equal(single.successes, 50);
    assert.equal((await b.getTable(t, 'table'))?.metadataLocation, 'v50');
    const multi = await concurrentBumps(() => (n++ % 2 ? a : b), [t, u], 6, 3, 3);
    assert.equal(multi.successes, 18);
    assert.deepEqual([(await a.getTable(t, 'table'))?.metadataLocation, (await a.getTable(u, 'table'))?.metadataLocation], ['v68', 'v18']);
  } finally {
    await a.close();
    await b.close();
    const c = await MongoClient.connect(url!);
    await c.db(dbName).dropDatabase();
    await c.close();
  }
});
