import { after, test } from 'node:test';
import { freshSchemas, POSTGRES_HINT } from './helpers/pg-schemas.js';
import { PostgresCatalogStore } from '../../src/server/stores/postgres.js';
import type { CatalogStore } from '../../src/server/stores/types.js';
import { describeCatalogStore } from './conformance.js';

const url = process.env.PANGOLIN_TEST_POSTGRES_URL;
const hint = POSTGRES_HINT;
if (!url && process.env.CI) throw new Error(`postgres store tests cannot run in CI: ${hint}`);
if (!url) test('CatalogStore conformance: postgres', (t) => t.skip(hint));
else {
  // Every store gets its own schema (fresh data per test); all are dropped at the end.
  const schemas = freshSchemas(url, 'pgtest');
  after(schemas.dropAll);
  describeCatalogStore('postgres', async () => new PostgresCatalogStore(url, { schema: schemas.next() }), {
    reopen: async (closed: CatalogStore) => new PostgresCatalogStore(url, { schema: (closed as PostgresCatalogStore).schema }),
  });
}
