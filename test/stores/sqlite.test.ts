import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { SqliteCatalogStore } from '../../src/server/stores/sqlite.js';
import type { CatalogStore } from '../../src/server/stores/types.js';
import { describeCatalogStore } from './conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'pangolin-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

describeCatalogStore('sqlite', async () => new SqliteCatalogStore(join(dir, `catalog-${++n}.db`)), {
  reopen: async (closed: CatalogStore) => new SqliteCatalogStore((closed as SqliteCatalogStore).path),
});
