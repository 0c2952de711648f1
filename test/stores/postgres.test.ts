import { after, test } from 'node:test';
import pg from 'pg';
import { PostgresCatalogStore } from '../../src/server/stores/postgres.js';
import type { CatalogStore } from '../../src/server/stores/types.js';
import { describeCatalogStore } from './conformance.js';

const url = process.env.PANGOLIN_TEST_POSTGRES_URL;
const hint = 'PANGOLIN_TEST_POSTGRES_URL is not set: run scripts/start-postgres.sh and export the URL it prints';
if (!url && process.env.CI) throw new Error(`postgres store tests cannot run in CI: ${hint}`);
if (!url) test('CatalogStore conformance: postgres', (t) => t.skip(hint));
else {
  // Every store gets its own schema (fresh data per test); all are dropped at the end.
  const run = `pgtest_${process.pid}_${Date.now().toString(36)}`;
  let n = 0;
  after(async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const { rows } = await c.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname LIKE $1', [`${run}_%`]);
    for (const r of rows) await c.query(`DROP SCHEMA "${r.nspname}" CASCADE`);
    await c.end();
  });
  describeCatalogStore('postgres', async () => new PostgresCatalogStore(url, { schema: `${run}_${++n}` }), {
    reopen: async (closed: CatalogStore) => new PostgresCatalogStore(url, { schema: (closed as PostgresCatalogStore).schema }),
  });
}
