// Start-up and connection errors of the postgres store: clear messages, no password leaks.
import assert from 'node:assert/strict';
import { after, describe, it, test } from 'node:test';
import pg from 'pg';
import { PostgresCatalogStore } from '../../src/server/stores/postgres.js';
import { redactUrl, translateStartupError, pgTarget } from '../../src/server/stores/postgres-errors.js';
import { SchemaTooNewError } from '../../src/server/stores/postgres-migrate.js';
import { StoreError } from '../../src/server/stores/types.js';

describe('postgres error translation (no server needed)', () => {
  const t = pgTarget('postgresql://app:s3cret@db.example:6543/cat');
  it('parses the target and redacts the password', () => {
    assert.deepEqual(t, { host: 'db.example', port: 6543, database: 'cat', user: 'app' });
    assert.equal(redactUrl('postgresql://app:s3cret@db.example:6543/cat'), 'postgresql://app:***@db.example:6543/cat');
  });
  it('explains permission denied on schema public with the GRANT to run', () => {
    const e = translateStartupError({ code: '42501', message: 'permission denied for schema public' }, t) as Error;
    assert.match(e.message, /role app/);
    assert.match(e.message, /GRANT USAGE, CREATE ON SCHEMA public TO app;/);
  });
  it('maps connection errors to unavailable naming host:port', () => {
    for (const code of ['ECONNREFUSED', '57P01', '08006']) {
      const e = translateStartupError({ code, message: 'x' }, t);
      assert.ok(e instanceof StoreError && e.code === 'unavailable' && e.message.includes('db.example:6543'), String(e));
      assert.ok(!e.message.includes('s3cret'));
    }
  });
});

const url = process.env.PANGOLIN_TEST_POSTGRES_URL;
const hint = 'PANGOLIN_TEST_POSTGRES_URL is not set: run scripts/start-postgres.sh and export the URL it prints';
if (!url && process.env.CI) throw new Error(`postgres store tests cannot run in CI: ${hint}`);
if (!url) test('postgres start-up errors against a server', (t) => t.skip(hint));
else {
  const u = new URL(url);
  const with_ = (f: (x: URL) => void) => {
    const x = new URL(url);
    f(x);
    return x.toString();
  };
  const schema = `pgerr_${process.pid}_${Date.now().toString(36)}`;
  after(async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
  });

  describe('postgres start-up errors against a server', () => {
    it('wrong password: authentication failed for user, password not shown', async () => {
      const bad = with_((x) => (x.password = 'definitely-wrong-pw'));
      await assert.rejects(new PostgresCatalogStore(bad, { schema }).init(), (e: Error) => {
        assert.match(e.message, new RegExp(`authentication failed for user ${decodeURIComponent(u.username)}`));
        assert.ok(!e.message.includes('definitely-wrong-pw'));
        return true;
      });
    });
    it('missing database is named', async () => {
      const bad = with_((x) => (x.pathname = '/pangolin_no_such_db'));
      await assert.rejects(new PostgresCatalogStore(bad, { schema }).init(), /database "pangolin_no_such_db" does not exist/);
    });
    it('refused connection: unavailable, naming host:port', async () => {
      const bad = with_((x) => (x.port = '1'));
      await assert.rejects(new PostgresCatalogStore(bad, { schema, connectTimeoutMs: 2000 }).init(), (e: unknown) => {
        assert.ok(e instanceof StoreError && e.code === 'unavailable', String(e));
        assert.match(e.message, /:1\b/);
        assert.ok(!e.message.includes(u.password) || u.password === '');
        return true;
      });
    });
    it('refuses a database written by a newer version, changing nothing', async () => {
      const s = new PostgresCatalogStore(url, { schema });
      await s.init();
      await s.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`INSERT INTO "${schema}".schema_migrations VALUES (99, 'future', 'now')`);
      await c.end();
      await assert.rejects(new PostgresCatalogStore(url, { schema }).init(), (e: unknown) => e instanceof SchemaTooNewError && /schema version 99/.test(e.message));
    });
  });
}
