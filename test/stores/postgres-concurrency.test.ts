// Two PostgresCatalogStore instances (two pools, as two Pangolin servers would have) on one
// database: concurrent start-up migrates once, and concurrent compare-and-swap writers
// lose no update.
import assert from 'node:assert/strict';
import { after, describe, it, test } from 'node:test';
import pg from 'pg';
import { freshSchemas, POSTGRES_HINT } from './helpers/pg-schemas.js';
import { POSTGRES_MIGRATIONS } from '../../src/server/stores/migrations/postgres.js';
import { PostgresCatalogStore } from '../../src/server/stores/postgres.js';
import { concurrentBumps } from './helpers/cas.js';

const url = process.env.PANGOLIN_TEST_POSTGRES_URL;
const hint = POSTGRES_HINT;
if (!url && process.env.CI) throw new Error(`postgres store tests cannot run in CI: ${hint}`);
if (!url) test('postgres: two servers, one database', (t) => t.skip(hint));
else {
  const schemas = freshSchemas(url, 'pgconc');
  after(schemas.dropAll);

  const a = { catalogId: 'c1', namespace: ['db'], name: 'a' };
  const b = { catalogId: 'c1', namespace: ['db'], name: 'b' };

  /** Two stores on one fresh schema, initialised at the same time, with tables a and b at v0. */
  async function twoServers(): Promise<[PostgresCatalogStore, PostgresCatalogStore]> {
    const schema = schemas.next();
    const s1 = new PostgresCatalogStore(url!, { schema, maxConnections: 5 });
    const s2 = new PostgresCatalogStore(url!, { schema, maxConnections: 5 });
    await Promise.all([s1.init(), s2.init()]);
    await s1.createNamespace({ catalogId: 'c1', namespace: ['db'], properties: {} });
    for (const ident of [a, b]) await s2.createTable({ ...ident, kind: 'table', metadataLocation: 'v0', createdAt: 'x', updatedAt: 'x' });
    return [s1, s2];
  }

  describe('postgres: two servers, one database', () => {
    it('migrates once when both start at the same time', async () => {
      const [s1, s2] = await twoServers();
      try {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        const { rows } = await c.query(`SELECT version FROM "${s1.schema}".schema_migrations`);
        await c.end();
        assert.deepEqual(rows.map((r) => r.version), POSTGRES_MIGRATIONS.map((m) => m.version));
      } finally {
        await Promise.all([s1.close(), s2.close()]);
      }
    });

    it('loses no update when both swap one table pointer concurrently', async () => {
      const [s1, s2] = await twoServers();
      try {
        let i = 0;
        const { successes, conflicts } = await concurrentBumps(() => (i++ % 2 ? s1 : s2), [a], 20, 5);
        assert.equal(successes, 100);
        assert.ok(conflicts > 0, 'the writers should have collided at least once');
        assert.equal((await s1.getTable(a, 'table'))?.metadataLocation, 'v100');
        assert.equal((await s2.getTable(a, 'table'))?.metadataLocation, 'v100');
      } finally {
        await Promise.all([s1.close(), s2.close()]);
      }
    });

    it('keeps multi-table swaps in lockstep, without deadlock, whatever order each server lists them in', async () => {
      const [s1, s2] = await twoServers();
      try {
        const [r1, r2] = await Promise.all([concurrentBumps(s1, [a, b], 8, 4), concurrentBumps(s2, [b, a], 8, 4)]);
        assert.equal(r1.successes + r2.successes, 64);
        assert.equal((await s2.getTable(a, 'table'))?.metadataLocation, 'v64');
        assert.equal((await s1.getTable(b, 'table'))?.metadataLocation, 'v64');
      } finally {
        await Promise.all([s1.close(), s2.close()]);
      }
    });
  });
}
