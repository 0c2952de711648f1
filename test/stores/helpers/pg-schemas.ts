// Per-test PostgreSQL schemas: every store gets a fresh schema, all dropped at the end.
import pg from 'pg';

export const POSTGRES_HINT = 'PANGOLIN_TEST_POSTGRES_URL is not set: run scripts/start-postgres.sh and export the URL it prints';

export function freshSchemas(url: string, prefix: string) {
  const run = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  let n = 0;
  return {
    next: (): string => `${run}_${++n}`,
    dropAll: async (): Promise<void> => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      const { rows } = await c.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname LIKE $1', [`${run}_%`]);
      for (const r of rows) await c.query(`DROP SCHEMA "${r.nspname}" CASCADE`);
      await c.end();
    },
  };
}
