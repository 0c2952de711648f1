import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createStore, sqlitePathFromUrl } from '../../src/server/stores/index.js';
import { MemoryCatalogStore } from '../../src/server/stores/memory.js';
import { SqliteCatalogStore } from '../../src/server/stores/sqlite.js';

describe('createStore', () => {
  it('builds memory and sqlite stores', async () => {
    assert.ok((await createStore({ kind: 'memory' })) instanceof MemoryCatalogStore);
    const s = await createStore({ kind: 'sqlite', sqlitePath: ':memory:' });
    assert.ok(s instanceof SqliteCatalogStore);
    await s.init();
    assert.equal(s.capabilities().persistent, false);
    await s.close();
    const fromUrl = (await createStore({ kind: 'sqlite', sqlitePath: '/default.db', databaseUrl: 'sqlite:/data/x.db' })) as SqliteCatalogStore;
    assert.equal(fromUrl.path, '/data/x.db');
    await assert.rejects(createStore({ kind: 'sqlite' }), /sqlitePath/);
  });

  it('postgres needs a postgresql:// DATABASE_URL', async () => {
    await assert.rejects(createStore({ kind: 'postgres' }), /needs DATABASE_URL=postgresql:/);
    await assert.rejects(createStore({ kind: 'postgres', databaseUrl: 'mysql://x/y' }), /needs DATABASE_URL=postgresql:/);
  });

  it('reads the file of a sqlite DATABASE_URL', () => {
    assert.equal(sqlitePathFromUrl('sqlite:/abs/a.db'), '/abs/a.db');
    assert.equal(sqlitePathFromUrl('sqlite:./rel.db'), './rel.db');
    assert.equal(sqlitePathFromUrl('sqlite:///abs/a.db'), '/abs/a.db');
    assert.equal(sqlitePathFromUrl('sqlite::memory:'), ':memory:');
    assert.equal(sqlitePathFromUrl('file:///abs/my%20dir/a.db'), '/abs/my dir/a.db');
    assert.equal(sqlitePathFromUrl('postgresql://h/db'), undefined);
    assert.throws(() => sqlitePathFromUrl('sqlite:'), /names no file/);
  });
});
