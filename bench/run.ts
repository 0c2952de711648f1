/**
 * Pangolin benchmark harness: our catalog server next to Apache Iceberg's Java reference.
 *
 *   npm run bench                                   # full run (~12 min on 2 cores), writes bench/RESULTS.md
 *   BENCH_QUICK=1 BENCH_OUT=/tmp/q.md npm run bench # ~2 min smoke run, small data
 *   BENCH_SCENARIOS=config,hotload npm run bench    # subset
 *
 * Starts our server (bundled, as `npm start` runs it: node out/server/cli.js) on a fresh data dir for every store in
 * BENCH_STORES (sqlite; postgres on a fresh database when a PostgreSQL URL is at hand) and
 * the Java reference REST server (iceberg-open-api runtime jar, JdbcCatalog over SQLite,
 * local-folder warehouse; see bench/reference/), loads them with the same data, and runs
 * every scenario against every server for BENCH_ROUNDS rounds, rotating which goes first.
 * Prints a table and writes bench/RESULTS.md. Everything started is killed at the end, on
 * error and on Ctrl-C; the bench database is dropped.
 *
 * Environment: BENCH_ROUNDS (3), BENCH_DURATION (s per run, 5), BENCH_CONNECTIONS (autocannon
 * connections, 10), BENCH_LIST_TABLES (100000), BENCH_LIST_MAX_S (max seconds per listing
 * walk, 20), BENCH_SCENARIOS (comma list; default all), BENCH_STORES (sqlite,postgres),
 * BENCH_PG_URL (PostgreSQL URL of a role that may CREATE DATABASE; default
 * PANGOLIN_TEST_POSTGRES_URL, else the URL printed by scripts/start-postgres.sh),
 * BENCH_OUT (RESULTS.md path), BENCH_KEEP=1 (keep temp dirs), BENCH_HARD_LIMIT_S (2400),
 * MVN_OFFLINE=1 (passed to bench/reference/fetch.sh), PANGOLIN_LOG_LEVEL (ours; default as shipped).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, openSync, existsSync } from 'node:fs';
import { tmpdir, cpus, totalmem, freemem, release, platform, arch, loadavg } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createServer } from 'node:net';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const QUICK = process.env.BENCH_QUICK === '1';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 1 : 3));
const DURATION = Number(process.env.BENCH_DURATION ?? (QUICK ? 2 : 5));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const HOT_SNAPSHOTS = QUICK ? 20 : 100;
const SPREAD_TABLES = QUICK ? 100 : 1000;
const LIST_TABLES = Number(process.env.BENCH_LIST_TABLES ?? (QUICK ? 2000 : 100_000));
const LIST_MAX_MS = Number(process.env.BENCH_LIST_MAX_S ?? (QUICK ? 5 : 20)) * 1000;
const ONLY = process.env.BENCH_SCENARIOS ? new Set(process.env.BENCH_SCENARIOS.split(',')) : null;
const STORES = (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',').filter(Boolean) as StoreName[];
const OUT = process.env.BENCH_OUT ?? join(HERE, 'RESULTS.md');
const HARD_LIMIT_MS = Number(process.env.BENCH_HARD_LIMIT_S ?? 2400) * 1000;

type StoreName = 'sqlite' | 'postgres';
type TargetName = StoreName | 'ref';

// ------------------------------------------------------------------ process management
const children = new Set<ChildProcess>();
const tmpDirs: string[] = [];
const cleanups: (() => Promise<void>)[] = [];
function killAll(): void {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) {
      try {
        c.kill('SIGKILL');
      } catch {
        /* gone */
      }
    }
  }
  children.clear();
  if (process.env.BENCH_KEEP !== '1') for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    killAll();
    process.exit(130);
  });
}
const hardTimer = setTimeout(() => {
  console.error(`bench: hard time limit ${HARD_LIMIT_MS / 1000}s reached`);
  killAll();
  process.exit(3);
}, HARD_LIMIT_MS);
hardTimer.unref();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const T0 = Date.now();
function log(msg: string): void {
  console.log(`[${((Date.now() - T0) / 1000).toFixed(0).padStart(4)} s] ${msg}`);
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
  });
}

function rssKb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

// ------------------------------------------------------------------ servers
interface Target {
  name: TargetName;
  label: string;
  origin: string; // http://127.0.0.1:port
  api: string; // origin + /v1[/prefix]
  headers: Record<string, string>;
  proc: ChildProcess;
  /** Seeds `count` tables named t000001.. in namespace `ns` by cloning the row of table t000000. */
  seedTables: (ns: string, count: number) => Promise<void>;
}

async function waitHttp(url: string, timeoutMs: number, proc: ChildProcess): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    if (proc.exitCode !== null) throw new Error(`process exited (${proc.exitCode}) before ${url} answered`);
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await r.arrayBuffer();
      return r.status;
    } catch {
      /* not yet */
    }
    await sleep(5);
  }
  throw new Error(`timeout waiting for ${url}`);
}

interface OursProc {
  proc: ChildProcess;
  dataDir: string;
  origin: string;
  t0: number;
}

/** Spawns our server; `entry` is the bundled cli.js (as npm start runs it), else the tsx command (npm run serve). */
async function spawnOurs(opts: { dataDir?: string; store: StoreName; databaseUrl?: string; entry?: string; logName: string }): Promise<OursProc> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'pangolin-bench-'));
  if (!opts.dataDir) tmpDirs.push(dataDir);
  const logFd = openSync(join(dataDir, opts.logName), 'w');
  const args = opts.entry ? [opts.entry, 'serve'] : ['--import', 'tsx', 'src/server/cli.ts', 'serve'];
  const env: Record<string, string | undefined> = { ...process.env, PORT: '0', PANGOLIN_BIND_ADDRESS: '127.0.0.1', PANGOLIN_DATA_DIR: dataDir, PANGOLIN_STORAGE_TYPE: opts.store, DATABASE_URL: opts.databaseUrl };
  if (!opts.databaseUrl) delete env.DATABASE_URL;
  const t0 = performance.now();
  const proc = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', logFd] });
  children.add(proc);
  let buf = '';
  const origin = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error('our server did not print its URL within 60 s')), 60_000);
    proc.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /Pangolin catalog listening on (http:\/\/\S+)/.exec(buf);
      if (m) {
        clearTimeout(timer);
        res(m[1].replace(/\/$/, ''));
      }
      if (buf.length > 1e6) buf = buf.slice(-10000);
    });
    proc.once('exit', (c) => {
      clearTimeout(timer);
      rej(new Error(`our server exited with ${c}; see ${dataDir}/${opts.logName}`));
    });
  });
  proc.stdout!.resume(); // keep draining
  return { proc, dataDir, origin, t0 };
}

async function startOurs(store: StoreName, entry: string, databaseUrl?: string): Promise<Target> {
  const o = await spawnOurs({ store, databaseUrl, entry, logName: 'server.log' });
  const credFile = join(o.dataDir, 'credentials.json');
  for (let i = 0; i < 100 && !existsSync(credFile); i++) await sleep(50);
  const cred = JSON.parse(readFileSync(credFile, 'utf8')) as { client_id: string; client_secret: string };
  const tok = await fetch(`${o.origin}/v1/oauth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: cred.client_id, client_secret: cred.client_secret }),
  });
  if (!tok.ok) throw new Error(`token request failed: ${tok.status} ${await tok.text()}`);
  const { access_token } = (await tok.json()) as { access_token: string };
  const headers = { authorization: `Bearer ${access_token}` };
  const cfg = (await (await fetch(`${o.origin}/v1/config?warehouse=local`, { headers })).json()) as { overrides?: { prefix?: string }; defaults?: { prefix?: string } };
  const prefix = cfg.overrides?.prefix ?? cfg.defaults?.prefix;
  const seedTables =
    store === 'sqlite'
      ? async (ns: string, count: number) => {
          const db = new Database(join(o.dataDir, 'catalog.db'));
          try {
            db.pragma('busy_timeout = 10000');
            const cols = 'catalog_id, namespace, kind, metadata_location, created_at, updated_at';
            db.prepare(
              `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
               INSERT INTO tables (name, ${cols}) SELECT printf('t%06d', i), ${cols} FROM tables, n WHERE namespace = ? AND name = 't000000'`,
            ).run(count, ns);
          } finally {
            db.close();
          }
        }
      : async (ns: string, count: number) => {
          const pg = (await import('pg')).default;
          const c = new pg.Client({ connectionString: databaseUrl });
          await c.connect();
          try {
            const cols = 'catalog_id, namespace, kind, metadata_location, created_at, updated_at';
            await c.query(
              `INSERT INTO tables (name, ${cols}) SELECT 't' || lpad(i::text, 6, '0'), ${cols} FROM tables, generate_series(1, $1) AS i WHERE namespace = $2 AND name = 't000000'`,
              [count, ns],
            );
          } finally {
            await c.end();
          }
        };
  return { name: store, label: `ours (${store})`, origin: o.origin, api: `${o.origin}/v1${prefix ? `/${prefix}` : ''}`, headers, proc: o.proc, seedTables };
}

function refJar(): string {
  const out = execFileSync('bash', [join(HERE, 'reference', 'fetch.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return out.trim().split('\n').pop()!;
}

async function startRef(jar: string): Promise<Target & { startMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'pangolin-bench-ref-'));
  tmpDirs.push(dir);
  const port = await freePort();
  const logFd = openSync(join(dir, 'ref.log'), 'w');
  const t0 = performance.now();
  const dbFile = join(dir, 'ref.db');
  const proc = spawn('java', ['-Xmx2g', '-jar', jar], {
    cwd: dir,
    env: {
      ...process.env,
      CATALOG_URI: `jdbc:sqlite:${dbFile}`,
      CATALOG_WAREHOUSE: `file://${dir}/warehouse`,
      CATALOG_CATALOG__IMPL: 'org.apache.iceberg.jdbc.JdbcCatalog',
      CATALOG_REST_PORT: String(port), // -> rest.port (REST_PORT alone is ignored by the jar)
      REST_PORT: String(port),
    },
    stdio: ['ignore', logFd, logFd],
  });
  children.add(proc);
  const origin = `http://127.0.0.1:${port}`;
  const st = await waitHttp(`${origin}/v1/config`, 60_000, proc);
  if (st !== 200) throw new Error(`reference /v1/config answered ${st}`);
  const startMs = performance.now() - t0;
  // The reference adapter accepts any client credentials and does not check bearer tokens;
  // we still send one so both servers see the same request shape.
  const tok = await fetch(`${origin}/v1/oauth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=bench&client_secret=bench',
  });
  const { access_token } = (await tok.json()) as { access_token: string };
  const seedTables = async (ns: string, count: number) => {
    const db = new Database(dbFile);
    try {
      db.pragma('busy_timeout = 10000');
      const cols = 'catalog_name, table_namespace, metadata_location, previous_metadata_location, iceberg_type';
      db.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
         INSERT INTO iceberg_tables (table_name, ${cols}) SELECT printf('t%06d', i), ${cols} FROM iceberg_tables, n WHERE table_namespace = ? AND table_name = 't000000'`,
      ).run(count, ns);
    } finally {
      db.close();
    }
  };
  return { name: 'ref', label: 'reference', origin, api: `${origin}/v1`, headers: { authorization: `Bearer ${access_token}` }, proc, startMs, seedTables };
}

/** A PostgreSQL URL for the bench (a fresh database on it), or why there is none. */
async function postgresUrl(): Promise<{ admin: string; db: string; url: string; version: string } | { skip: string }> {
  let admin = process.env.BENCH_PG_URL ?? process.env.PANGOLIN_TEST_POSTGRES_URL;
  if (!admin) {
    try {
      admin = execFileSync('bash', [join(ROOT, 'scripts', 'start-postgres.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 }).trim().split('\n').pop();
    } catch (e) {
      return { skip: `scripts/start-postgres.sh failed: ${(e as Error).message.split('\n')[0]}` };
    }
  }
  if (!admin || !/^postgres(ql)?:\/\//.test(admin)) return { skip: 'no PostgreSQL URL (set BENCH_PG_URL)' };
  const pg = (await import('pg')).default;
  const db = `pangolin_bench_${process.pid}_${Date.now() % 1e6}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  let version = '';
  try {
    version = String((await c.query('SHOW server_version')).rows[0].server_version);
    await c.query(`CREATE DATABASE ${db}`);
  } finally {
    await c.end();
  }
  cleanups.push(async () => {
    const d = new pg.Client({ connectionString: admin });
    await d.connect();
    try {
      await d.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    } finally {
      await d.end();
    }
  });
  const u = new URL(admin);
  u.pathname = `/${db}`;
  return { admin, db, url: u.toString(), version };
}

// ------------------------------------------------------------------ REST helpers
const SCHEMA = {
  type: 'struct',
  'schema-id': 0,
  fields: [
    { id: 1, name: 'id', type: 'long', required: false },
    { id: 2, name: 'data', type: 'string', required: false },
  ],
};

async function call(t: Target, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const r = await fetch(`${t.api}${path}`, {
    method,
    headers: { ...t.headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(60_000),
  });
  const text = await r.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: r.status, json };
}
async function must(t: Target, method: string, path: string, body?: unknown): Promise<any> {
  const r = await call(t, method, path, body);
  if (r.status >= 300) throw new Error(`${t.name} ${method} ${path} -> ${r.status} ${JSON.stringify(r.json).slice(0, 300)}`);
  return r.json;
}
const createNs = (t: Target, ns: string) => must(t, 'POST', '/namespaces', { namespace: [ns], properties: {} });
const createTable = (t: Target, ns: string, name: string) => call(t, 'POST', `/namespaces/${ns}/tables`, { name, schema: SCHEMA });
const loadTable = (t: Target, ns: string, name: string) => must(t, 'GET', `/namespaces/${ns}/tables/${name}`);

/** Run fn(i) for i in [0,n) with bounded concurrency. */
async function pool(n: number, conc: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(conc, n) }, async () => {
      while (next < n) {
        const i = next++;
        await fn(i);
      }
    }),
  );
}

let snapCounter = 1_000_000;
/** Append-style commit: add-snapshot + set-snapshot-ref main, asserting main's current snapshot. */
function appendCommit(meta: any): unknown {
  const cur = meta['current-snapshot-id'];
  const current = cur === undefined || cur === null || cur === -1 ? null : cur;
  const id = ++snapCounter * 1000 + Math.floor(Math.random() * 1000); // < 2^53, unique
  return {
    requirements: [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': current }],
    updates: [
      {
        action: 'add-snapshot',
        snapshot: {
          'snapshot-id': id,
          ...(current !== null ? { 'parent-snapshot-id': current } : {}),
          'sequence-number': (meta['last-sequence-number'] ?? 0) + 1,
          'timestamp-ms': Date.now(),
          'manifest-list': `file:///nonexistent/bench/snap-${id}.avro`,
          summary: { operation: 'append', 'added-records': '1' },
          'schema-id': meta['current-schema-id'] ?? 0,
        },
      },
      { action: 'set-snapshot-ref', 'ref-name': 'main', type: 'branch', 'snapshot-id': id },
    ],
  };
}
async function commitOnce(t: Target, ns: string, name: string): Promise<void> {
  const m = (await loadTable(t, ns, name)).metadata;
  await must(t, 'POST', `/namespaces/${ns}/tables/${name}`, appendCommit(m));
}

// ------------------------------------------------------------------ measurement
interface Row {
  id: string;
  scenario: string;
  metric: string;
  unit: string;
  better: 'higher' | 'lower';
  values: Partial<Record<TargetName, number[]>>;
}
const rows: Row[] = [];
const notes: string[] = [];
function row(id: string, scenario: string, metric: string, unit: string, better: 'higher' | 'lower'): Row {
  let r = rows.find((x) => x.id === id && x.metric === metric);
  if (!r) {
    r = { id, scenario, metric, unit, better, values: {} };
    rows.push(r);
  }
  return r;
}
function put(r: Row, t: TargetName, v: number): void {
  (r.values[t] ??= []).push(v);
}
const median = (a: number[]) => {
  if (!a.length) return NaN;
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pct = (a: number[], p: number) => {
  if (!a.length) return NaN;
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

/** Peak RSS per server while load runs (100 ms samples). */
const peakRss: Partial<Record<TargetName, number>> = {};
let sampled: Target[] = [];
async function withRss<T>(fn: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => {
    for (const t of sampled) {
      const r = rssKb(t.proc.pid);
      if (r && r > (peakRss[t.name] ?? 0)) peakRss[t.name] = r;
    }
  }, 100);
  try {
    return await fn();
  } finally {
    clearInterval(timer);
  }
}

async function cannon(t: Target, opts: { path?: string; paths?: string[]; duration?: number }): Promise<{ rps: number; p50: number; p99: number; errors: number; non2xx: number }> {
  let i = 0;
  const res: any = await autocannon({
    url: t.origin,
    connections: CONNECTIONS,
    duration: opts.duration ?? DURATION,
    headers: t.headers,
    requests: [
      {
        method: 'GET',
        setupRequest: (req: any) => ({ ...req, path: opts.paths ? opts.paths[i++ % opts.paths.length] : opts.path! }),
      },
    ],
  });
  return { rps: res.requests.average, p50: res.latency.p50, p99: res.latency.p99, errors: res.errors + res.timeouts, non2xx: res.non2xx };
}

/** Round r runs the targets in a rotated order, so none always goes first. */
const rotated = (targets: Target[], round: number) => targets.map((_, i) => targets[(i + round) % targets.length]);

async function throughputScenario(id: string, scenario: string, targets: Target[], build: (t: Target) => { path?: string; paths?: string[] }): Promise<void> {
  for (let round = 0; round < ROUNDS; round++) {
    for (const t of rotated(targets, round)) {
      const o = build(t);
      await cannon(t, { ...o, duration: 1 }); // warm-up
      const r = await withRss(() => cannon(t, o));
      if (r.errors || r.non2xx) notes.push(`${scenario} [${t.label}] round ${round + 1}: ${r.errors} errors, ${r.non2xx} non-2xx`);
      put(row(id, scenario, 'req/s', 'req/s', 'higher'), t.name, r.rps);
      put(row(id, scenario, 'p50', 'ms', 'lower'), t.name, r.p50);
      put(row(id, scenario, 'p99', 'ms', 'lower'), t.name, r.p99);
      log(`  ${scenario} [${t.label}] round ${round + 1}: ${r.rps.toFixed(0)} req/s p50 ${r.p50} ms p99 ${r.p99} ms`);
    }
  }
}

const want = (id: string) => !ONLY || ONLY.has(id);
/** Cold-start variants: what `npm start` runs, and the tsx dev server. */
const NPM_START = 'npm start: node out/server/cli.js';
const TSX_SERVE = 'tsx, as npm run serve';
const uriPath = (t: Target, p: string) => new URL(`${t.api}${p}`).pathname;

// ------------------------------------------------------------------ scenarios
async function scnConfig(targets: Target[]): Promise<void> {
  log('scenario: GET /v1/config');
  await throughputScenario('config', 'GET /v1/config', targets, (t) => ({ path: t.name === 'ref' ? '/v1/config' : '/v1/config?warehouse=local' }));
}

async function scnHotLoad(targets: Target[]): Promise<void> {
  log(`scenario: loadTable hot (${HOT_SNAPSHOTS} snapshots) - setup`);
  for (const t of targets) {
    await createNs(t, 'hot');
    const c = await createTable(t, 'hot', 't');
    if (c.status >= 300) throw new Error(`${t.name} createTable hot.t -> ${c.status}`);
    for (let i = 0; i < HOT_SNAPSHOTS; i++) await commitOnce(t, 'hot', 't');
    const m = (await loadTable(t, 'hot', 't')).metadata;
    if (m.snapshots.length !== HOT_SNAPSHOTS) throw new Error(`${t.name}: hot table has ${m.snapshots.length} snapshots`);
  }
  await throughputScenario('hotload', `loadTable hot (${HOT_SNAPSHOTS} snapshots)`, targets, (t) => ({ path: uriPath(t, '/namespaces/hot/tables/t') }));
}

async function setupSpread(targets: Target[]): Promise<void> {
  log(`setup: ${SPREAD_TABLES} tables in namespace spread (createTable, 8 clients)`);
  for (const t of targets) {
    await createNs(t, 'spread');
    const t0 = performance.now();
    await pool(SPREAD_TABLES, 8, async (i) => {
      const r = await createTable(t, 'spread', `t${i}`);
      if (r.status >= 300) throw new Error(`${t.name} create spread.t${i} -> ${r.status}`);
    });
    log(`  setup [${t.label}]: ${SPREAD_TABLES} tables in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
}

async function scnSpreadLoad(targets: Target[]): Promise<void> {
  log(`scenario: loadTable over ${SPREAD_TABLES} tables`);
  await throughputScenario('spreadload', `loadTable over ${SPREAD_TABLES} tables`, targets, (t) => ({
    paths: Array.from({ length: SPREAD_TABLES }, (_, i) => uriPath(t, `/namespaces/spread/tables/t${(i * 7919) % SPREAD_TABLES}`)),
  }));
}

interface WriterStats {
  ok: number;
  conflicts: number;
  errors: number;
  lat: number[];
}

/** `writers` loops of load → commit (on 409: reload and retry) until the deadline; pick() chooses the table. */
async function runWriters(t: Target, writers: number, scenario: string, pick: (w: number, n: number) => { ns: string; name: string }, onOk: (ns: string, name: string) => void): Promise<WriterStats> {
  const st: WriterStats = { ok: 0, conflicts: 0, errors: 0, lat: [] };
  const deadline = performance.now() + DURATION * 1000;
  await withRss(() =>
    Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let n = 0; performance.now() < deadline && n < 100_000; n++) {
          const { ns, name } = pick(w, n);
          const s = performance.now();
          let meta: any;
          try {
            meta = (await loadTable(t, ns, name)).metadata;
          } catch {
            st.errors++;
            continue;
          }
          for (let attempt = 0; attempt < 200 && performance.now() < deadline; attempt++) {
            const r = await call(t, 'POST', `/namespaces/${ns}/tables/${name}`, appendCommit(meta));
            if (r.status === 200) {
              st.ok++;
              onOk(ns, name);
              st.lat.push(performance.now() - s);
              break;
            }
            if (r.status === 409) {
              st.conflicts++;
              try {
                meta = (await loadTable(t, ns, name)).metadata;
              } catch {
                st.errors++;
              }
              continue;
            }
            st.errors++;
            if (st.errors <= 3) notes.push(`${scenario} [${t.label}]: commit -> ${r.status} ${JSON.stringify(r.json).slice(0, 200)}`);
            break;
          }
        }
      }),
    ),
  );
  return st;
}

function recordCommits(id: string, scenario: string, t: Target, round: number, st: WriterStats, lost: number, detail: string): void {
  put(row(id, scenario, 'commits/s', 'commits/s', 'higher'), t.name, st.ok / DURATION);
  put(row(id, scenario, 'p50 load+commit', 'ms', 'lower'), t.name, median(st.lat));
  put(row(id, scenario, 'p99 load+commit', 'ms', 'lower'), t.name, pct(st.lat, 99));
  put(row(id, scenario, '409 conflicts', 'count', 'lower'), t.name, st.conflicts);
  put(row(id, scenario, 'LOST updates', 'count', 'lower'), t.name, lost);
  if (lost !== 0) notes.push(`**LOST UPDATES** ${scenario} [${t.label}] round ${round + 1}: ${detail}`);
  if (st.errors) notes.push(`${scenario} [${t.label}] round ${round + 1}: ${st.errors} non-409 errors`);
  log(`  ${scenario} [${t.label}] round ${round + 1}: ${st.ok} ok (${(st.ok / DURATION).toFixed(1)}/s), ${st.conflicts} conflicts, ${st.errors} errors, lost ${lost}`);
}

async function scnCommitHot(targets: Target[], writers: number): Promise<void> {
  const id = `commit${writers}`;
  const scenario = `commit, ${writers} writer${writers > 1 ? 's' : ''} (1 hot table)`;
  log(`scenario: ${scenario}`);
  const ns = `c${writers}`;
  for (const t of targets) await createNs(t, ns);
  for (let round = 0; round < ROUNDS; round++) {
    for (const t of rotated(targets, round)) {
      const name = `r${round}`;
      const c = await createTable(t, ns, name);
      if (c.status >= 300) throw new Error(`${t.name} create ${ns}.${name} -> ${c.status}`);
      const st = await runWriters(t, writers, scenario, () => ({ ns, name }), () => undefined);
      const fin = (await loadTable(t, ns, name)).metadata;
      const lost = st.ok - fin.snapshots.length;
      recordCommits(id, scenario, t, round, st, lost, `${st.ok} successful commits but ${fin.snapshots.length} snapshots`);
    }
  }
}

async function scnCommitSpread(targets: Target[]): Promise<void> {
  const writers = 8;
  const scenario = `commit, ${writers} writers over ${SPREAD_TABLES} tables`;
  log(`scenario: ${scenario}`);
  const expected = new Map<TargetName, Map<string, number>>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const t of rotated(targets, round)) {
      const counts = expected.get(t.name) ?? new Map<string, number>();
      expected.set(t.name, counts);
      const start = Math.floor(Math.random() * SPREAD_TABLES);
      const st = await runWriters(
        t,
        writers,
        scenario,
        (w, n) => ({ ns: 'spread', name: `t${(start + (n * writers + w) * 7919) % SPREAD_TABLES}` }),
        (_ns, name) => counts.set(name, (counts.get(name) ?? 0) + 1),
      );
      // Every table touched so far must hold exactly as many snapshots as commits succeeded on it.
      let lost = 0;
      await pool(counts.size, 8, async (i) => {
        const name = [...counts.keys()][i];
        const m = (await loadTable(t, 'spread', name)).metadata;
        lost += counts.get(name)! - (m.snapshots?.length ?? 0);
      });
      recordCommits('commitspread', scenario, t, round, st, lost, `snapshot counts of ${counts.size} tables are ${lost} short of the successful commits`);
    }
  }
}

async function scnCreate(targets: Target[]): Promise<void> {
  const scenario = 'createTable, 8 concurrent clients';
  log(`scenario: ${scenario}`);
  const limit = QUICK ? 300 : 5000;
  for (const t of targets) await createNs(t, 'create');
  for (let round = 0; round < ROUNDS; round++) {
    for (const t of rotated(targets, round)) {
      let n = 0;
      let errors = 0;
      const lat: number[] = [];
      const t0 = performance.now();
      const deadline = t0 + DURATION * 1000;
      await withRss(() =>
        pool(limit, 8, async (i) => {
          if (performance.now() > deadline) return;
          const s = performance.now();
          const r = await createTable(t, 'create', `r${round}_t${i}`);
          if (r.status === 200) {
            n++;
            lat.push(performance.now() - s);
          } else errors++;
        }),
      );
      const secs = (performance.now() - t0) / 1000;
      put(row('create', scenario, 'tables/s', 'tables/s', 'higher'), t.name, n / secs);
      put(row('create', scenario, 'p50', 'ms', 'lower'), t.name, median(lat));
      put(row('create', scenario, 'p99', 'ms', 'lower'), t.name, pct(lat, 99));
      if (errors) notes.push(`${scenario} [${t.label}] round ${round + 1}: ${errors} errors`);
      log(`  ${scenario} [${t.label}] round ${round + 1}: ${n} tables in ${secs.toFixed(1)} s = ${(n / secs).toFixed(0)}/s`);
    }
  }
}

async function scnList(targets: Target[]): Promise<void> {
  const scenario = `listTables paged (pageSize 100, ${LIST_TABLES} tables)`;
  log(`scenario: ${scenario} - setup`);
  for (const t of targets) {
    // One table through the API, the rest as clones of its catalog row (same for every
    // server): creating 100,000 tables through the reference's API would take ~25 min.
    await createNs(t, 'big');
    const c = await createTable(t, 'big', 't000000');
    if (c.status >= 300) throw new Error(`${t.name} create big.t000000 -> ${c.status}`);
    const s = performance.now();
    await t.seedTables('big', LIST_TABLES - 1);
    log(`  setup [${t.label}]: ${LIST_TABLES - 1} catalog rows cloned in ${((performance.now() - s) / 1000).toFixed(1)} s`);
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const t of rotated(targets, round)) {
      const lat: number[] = [];
      let token = '';
      let total = 0;
      let complete = false;
      const t0 = performance.now();
      await withRss(async () => {
        for (let page = 0; page < LIST_TABLES / 100 + 10; page++) {
          const s = performance.now();
          const r = await must(t, 'GET', `/namespaces/big/tables?pageSize=100&pageToken=${encodeURIComponent(token)}`);
          lat.push(performance.now() - s);
          total += r.identifiers.length;
          if (!r['next-page-token']) {
            complete = true;
            break;
          }
          token = r['next-page-token'];
          if (performance.now() - t0 > LIST_MAX_MS) break;
        }
      });
      const full = performance.now() - t0;
      if (complete && total !== LIST_TABLES) notes.push(`${scenario} [${t.label}] round ${round + 1}: listed ${total} identifiers, expected ${LIST_TABLES}`);
      if (!complete) notes.push(`${scenario} [${t.label}] round ${round + 1}: walk stopped after ${lat.length} pages (${total} identifiers) at the ${LIST_MAX_MS / 1000} s cap; page figures are over those pages`);
      put(row('list', scenario, 'page p50', 'ms', 'lower'), t.name, median(lat));
      put(row('list', scenario, 'page p99', 'ms', 'lower'), t.name, pct(lat, 99));
      if (complete) put(row('list', scenario, 'full listing', 'ms', 'lower'), t.name, full);
      log(`  ${scenario} [${t.label}] round ${round + 1}: ${lat.length} pages, ${total} ids, p50 ${median(lat).toFixed(1)} ms p99 ${pct(lat, 99).toFixed(1)} ms, ${complete ? 'complete' : 'capped'} ${full.toFixed(0)} ms`);
    }
  }
}

/** Builds out/server/cli.js exactly as `npm start` does (`npm run build:server`). */
async function buildServerBundle(): Promise<string> {
  const { buildServer } = (await import(pathToFileURL(join(ROOT, 'scripts', 'build-server.mjs')).href)) as { buildServer: () => Promise<string> };
  return buildServer();
}

async function coldOurs(variant: string, entry: string | undefined, dataDir: string | undefined): Promise<{ ms: number; rss: number | null; dataDir: string }> {
  const o = await spawnOurs({ store: 'sqlite', entry, dataDir, logName: 'cold.log' });
  const st = await waitHttp(`${o.origin}/v1/config`, 60_000, o.proc);
  const ms = performance.now() - o.t0;
  await sleep(1000);
  const rss = rssKb(o.proc.pid);
  o.proc.kill('SIGKILL');
  await new Promise((r) => (o.proc.exitCode !== null || o.proc.signalCode !== null ? r(null) : o.proc.once('exit', r)));
  children.delete(o.proc);
  log(`  cold start [${variant}]: ${ms.toFixed(0)} ms (status ${st}; a 401 without token counts as answered), RSS 1 s later ${rss ? (rss / 1024).toFixed(0) : '?'} MB`);
  return { ms, rss, dataDir: o.dataDir };
}

async function scnColdStart(jar: string | null, bundle: string): Promise<void> {
  log('scenario: cold start to first answered /v1/config (sqlite store)');
  const n = QUICK ? 1 : ROUNDS;
  const variants: [string, string | undefined][] = [
    [NPM_START, bundle],
    [TSX_SERVE, undefined],
  ];
  for (let i = 0; i < n; i++) {
    for (const [variant, entry] of variants) {
      const fresh = await coldOurs(`${variant}, fresh data dir`, entry, undefined);
      put(row(`cold-${variant}-fresh`, `cold start, ours ${variant}: first start (fresh data dir)`, 'spawn → first /v1/config answer', 'ms', 'lower'), 'sqlite', fresh.ms);
      if (fresh.rss) put(row(`rss-${variant}`, `RSS, ours ${variant}`, 'idle, 1 s after a first start', 'MB', 'lower'), 'sqlite', fresh.rss / 1024);
      const again = await coldOurs(`${variant}, restart`, entry, fresh.dataDir);
      put(row(`cold-${variant}-restart`, `cold start, ours ${variant}: restart (existing data dir)`, 'spawn → first /v1/config answer', 'ms', 'lower'), 'sqlite', again.ms);
      if (again.rss) put(row(`rss-${variant}`, `RSS, ours ${variant}`, 'idle, 1 s after a restart', 'MB', 'lower'), 'sqlite', again.rss / 1024);
    }
    if (jar) {
      const r = await startRef(jar);
      await sleep(1000);
      const rss = rssKb(r.proc.pid);
      r.proc.kill('SIGKILL');
      children.delete(r.proc);
      put(row('cold-ref', 'cold start, reference (java -jar, fresh)', 'spawn → first /v1/config answer', 'ms', 'lower'), 'ref', r.startMs);
      if (rss) put(row('rss-ref', 'RSS, reference', 'idle, 1 s after start', 'MB', 'lower'), 'ref', rss / 1024);
      log(`  cold start [reference] ${i + 1}: ${r.startMs.toFixed(0)} ms, RSS ${rss ? (rss / 1024).toFixed(0) : '?'} MB`);
    }
  }
}

// ------------------------------------------------------------------ report
function fmt(x: number): string {
  if (!Number.isFinite(x)) return '–';
  if (Math.abs(x) >= 100) return x.toFixed(0);
  if (Math.abs(x) >= 10) return x.toFixed(1);
  return x.toFixed(2);
}
function cell(a: number[] | undefined): string {
  if (!a?.length) return '–';
  const m = median(a);
  return a.length > 1 ? `${fmt(m)} (${fmt(Math.min(...a))}–${fmt(Math.max(...a))})` : fmt(m);
}
function ratio(r: Row, t: TargetName): string {
  const a = r.values[t];
  const b = r.values.ref;
  if (!a?.length || !b?.length) return '–';
  const mb = median(b);
  return mb !== 0 ? `${(median(a) / mb).toFixed(2)}×` : '–';
}
function table(stores: StoreName[]): string {
  const head = ['scenario', 'metric', ...stores.map((s) => `ours ${s}: median (min–max)`), 'reference: median (min–max)', ...stores.map((s) => `${s}/ref`), 'better'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    lines.push(`| ${[r.scenario, `${r.metric} (${r.unit})`, ...stores.map((s) => cell(r.values[s])), cell(r.values.ref), ...stores.map((s) => ratio(r, s)), r.better].join(' | ')} |`);
  }
  return lines.join('\n');
}

/** The issue's targets, judged on medians. */
function targetsReport(stores: StoreName[]): string {
  const med = (id: string, metric: string, t: TargetName) => {
    const v = rows.find((r) => r.id === id && r.metric === metric)?.values[t];
    return v?.length ? median(v) : NaN;
  };
  const all = (id: string, metric: string, t: TargetName) => rows.find((r) => r.id === id && r.metric === metric)?.values[t] ?? [];
  const verdict = (ok: boolean | null) => (ok === null ? 'not measured' : ok ? '**met**' : '**not met**');
  const lines = ['| target | store | measured (median) | verdict |', '|---|---|---|---|'];
  const ratioTarget = (label: string, id: string, metric: string, min: number) => {
    for (const s of stores) {
      const x = med(id, metric, s) / med(id, metric, 'ref');
      lines.push(`| ${label} ≥ ${min}× reference | ${s} | ${Number.isFinite(x) ? `${x.toFixed(2)}× (${fmt(med(id, metric, s))} vs ${fmt(med(id, metric, 'ref'))})` : '–'} | ${verdict(Number.isFinite(x) ? x >= min : null)} |`);
    }
  };
  ratioTarget(`loadTable hot (${HOT_SNAPSHOTS} snapshots) req/s`, 'hotload', 'req/s', 1.5);
  ratioTarget(`loadTable over ${SPREAD_TABLES} tables req/s`, 'spreadload', 'req/s', 1.5);
  ratioTarget('hot-table commits/s, 8 writers', 'commit8', 'commits/s', 2);
  for (const s of stores) {
    const lost = ['commit1', 'commit8', 'commit32', 'commitspread'].flatMap((id) => all(id, 'LOST updates', s));
    lines.push(`| 0 lost updates at every concurrency (1, 8, 32 writers; 1,000 tables) | ${s} | ${lost.length ? `${lost.reduce((a, b) => a + b, 0)} lost in ${lost.length} runs` : '–'} | ${verdict(lost.length ? lost.every((x) => x === 0) : null)} |`);
  }
  for (const s of stores) {
    const p99 = med('list', 'page p99', s);
    lines.push(`| listTables p99 < 20 ms per page at ${LIST_TABLES} tables | ${s} | ${fmt(p99)} ms | ${LIST_TABLES < 100_000 ? 'not measured at 100,000 tables' : verdict(Number.isFinite(p99) ? p99 < 20 : null)} |`);
  }
  for (const [variant, label] of [
    [NPM_START, 'npm start (bundled)'],
    [TSX_SERVE, 'npm run serve (tsx, dev)'],
  ]) {
    for (const kind of ['fresh', 'restart']) {
      const x = med(`cold-${variant}-${kind}`, 'spawn → first /v1/config answer', 'sqlite');
      lines.push(`| headless cold start < 0.5 s, ${label}, ${kind === 'fresh' ? 'first start' : 'restart'} | sqlite | ${fmt(x)} ms | ${verdict(Number.isFinite(x) ? x < 500 : null)} |`);
    }
  }
  for (const s of stores) {
    const x = med('rss', 'main server idle after start', s);
    lines.push(`| idle RSS < 120 MB (main server, npm start, after its first token) | ${s} | ${fmt(x)} MB | ${verdict(Number.isFinite(x) ? x < 120 : null)} |`);
  }
  for (const [variant, label] of [
    [NPM_START, 'npm start'],
    [TSX_SERVE, 'npm run serve (tsx)'],
  ]) {
    const x = med(`rss-${variant}`, 'idle, 1 s after a restart', 'sqlite');
    lines.push(`| idle RSS < 120 MB (${label}, 1 s after a restart) | sqlite | ${fmt(x)} MB | ${verdict(Number.isFinite(x) ? x < 120 : null)} |`);
  }
  return lines.join('\n');
}

function diskInfo(): string {
  try {
    const df = execFileSync('df', ['-hT', tmpdir()], { encoding: 'utf8' }).trim().split('\n').pop()!.split(/\s+/);
    let model = '';
    try {
      model = execFileSync('lsblk', ['-dno', 'NAME,ROTA,SIZE,MODEL'], { encoding: 'utf8' }).trim().split('\n').join('; ');
    } catch {
      /* none */
    }
    return `${tmpdir()} on ${df[0]} (${df[1]}, ${df[2]} total, ${df[4]} free)${model ? `; block devices (name rota size model): ${model}` : ''}`;
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const started = new Date();
  const load0 = loadavg();
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const refVersion = /<iceberg.version>(.*)<\/iceberg.version>/.exec(readFileSync(join(HERE, 'reference', 'pom.xml'), 'utf8'))![1];
  let javaVersion = '';
  try {
    javaVersion = execFileSync('bash', ['-c', 'java -version 2>&1 | head -1'], { encoding: 'utf8' }).trim();
  } catch {
    /* ignore */
  }
  const versionOf = (p: string) => {
    try {
      return (JSON.parse(readFileSync(join(ROOT, 'node_modules', p, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      return '?';
    }
  };

  log('fetching reference jar (bench/reference/fetch.sh)');
  const jar = refJar();
  const stores: StoreName[] = [];
  let pgInfo: Awaited<ReturnType<typeof postgresUrl>> | null = null;
  if (STORES.includes('sqlite')) stores.push('sqlite');
  if (STORES.includes('postgres')) {
    pgInfo = await postgresUrl();
    if ('skip' in pgInfo) notes.push(`PostgreSQL store not benchmarked: ${pgInfo.skip}`);
    else stores.push('postgres');
  }
  log('building out/server/cli.js (npm run build:server)');
  const bundle = await buildServerBundle();
  log(`starting servers: ${stores.map((s) => `ours (${s})`).join(', ')}, reference`);
  const ours: Target[] = [];
  for (const s of stores) ours.push(await startOurs(s, bundle, s === 'postgres' && pgInfo && !('skip' in pgInfo) ? pgInfo.url : undefined));
  const ref = await startRef(jar);
  const targets = [...ours, ref];
  sampled = targets;
  for (const t of targets) log(`  ${t.label}: ${t.api} (pid ${t.proc.pid})`);
  await sleep(1000);
  const idleStart = Object.fromEntries(targets.map((t) => [t.name, rssKb(t.proc.pid)]));
  const failed: string[] = [];
  const run = async (id: string, fn: () => Promise<void>, wanted = want(id)) => {
    if (!wanted) return;
    try {
      await fn();
    } catch (e: any) {
      failed.push(`${id}: ${e?.message ?? e}`);
      log(`!! scenario ${id} failed: ${e?.stack ?? e}`);
    }
  };
  await run('config', () => scnConfig(targets));
  await run('hotload', () => scnHotLoad(targets));
  await run('setup-spread', () => setupSpread(targets), want('spreadload') || want('commitspread'));
  await run('spreadload', () => scnSpreadLoad(targets));
  await run('commit1', () => scnCommitHot(targets, 1));
  await run('commit8', () => scnCommitHot(targets, 8));
  await run('commit32', () => scnCommitHot(targets, 32));
  await run('commitspread', () => scnCommitSpread(targets));
  await run('create', () => scnCreate(targets));
  await run('list', () => scnList(targets));
  await sleep(2000);
  for (const t of targets) {
    const idle = idleStart[t.name];
    if (idle) put(row('rss', 'RSS (main servers)', 'main server idle after start', 'MB', 'lower'), t.name, idle / 1024);
    const peak = peakRss[t.name];
    if (peak) put(row('rss', 'RSS (main servers)', 'peak under load (100 ms samples)', 'MB', 'lower'), t.name, peak / 1024);
    const after = rssKb(t.proc.pid);
    if (after) put(row('rss', 'RSS (main servers)', 'idle after all scenarios', 'MB', 'lower'), t.name, after / 1024);
  }
  for (const t of targets) {
    t.proc.kill('SIGKILL');
    children.delete(t.proc);
  }
  await run('cold', () => scnColdStart(jar, bundle));
  for (const c of cleanups.splice(0)) await c().catch((e) => notes.push(`cleanup: ${(e as Error).message}`));

  const tbl = table(stores);
  const tgt = targetsReport(stores);
  console.log(`\n${tbl}\n\n${tgt}\n`);
  if (notes.length) console.log(`Notes:\n- ${notes.join('\n- ')}`);
  if (failed.length) console.log(`Failed scenarios:\n- ${failed.join('\n- ')}`);

  const load1 = loadavg();
  const pgLine = pgInfo && !('skip' in pgInfo) ? `\n- PostgreSQL store: PostgreSQL ${pgInfo.version} on 127.0.0.1 (same machine), fresh database per run, pool of 10 connections` : '';
  const md = `# Pangolin benchmark results

Generated by \`npm run bench\` (\`node --import tsx bench/run.ts\`)${QUICK ? ' with BENCH_QUICK=1 (smoke run, not representative)' : ''} on ${started.toISOString()}
(took ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s; load average ${load0.map((x) => x.toFixed(1)).join('/')} at start, ${load1.map((x) => x.toFixed(1)).join('/')} at end).

## Setup

- Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM (${(freemem() / 2 ** 30).toFixed(1)} GiB free at end), ${platform()} ${release()} ${arch()}
- Disk (data dirs under ${tmpdir()}): ${diskInfo()}
- Ours: pangolin-desktop ${pkg.version}, Node ${process.version}, \`node out/server/cli.js serve\` (as \`npm start\`, built by \`npm run build:server\`), stores: ${stores.join(', ')}, fresh data dir, log level ${process.env.PANGOLIN_LOG_LEVEL ?? 'default (info)'}, bearer token from /v1/oauth/tokens; express ${versionOf('express')}, better-sqlite3 ${versionOf('better-sqlite3')}, pg ${versionOf('pg')}${pgLine}
- Reference: Apache Iceberg ${refVersion} \`iceberg-open-api\` runtime jar (RESTCatalogServer → RESTCatalogAdapter → JdbcCatalog on SQLite, Jetty 11), ${javaVersion}, \`java -Xmx2g -jar\`, file:// warehouse
- Load generator: autocannon ${versionOf('autocannon')} (${CONNECTIONS} connections, ${DURATION} s per run after a 1 s warm-up) for GET scenarios; fetch loops for commits, creates and listing. Everything on 127.0.0.1 of the same machine: the load generator and every server share the ${cpus().length} cores (the idle servers wait while one is measured).
- ${ROUNDS} round(s) per scenario, rotating which server goes first; cells show median (min–max) over rounds; x/ref is the ratio of medians (for "higher is better" > 1 means we are faster).

## Targets (medians)

${tgt}

## Results

${tbl}

${notes.length ? `## Notes\n\n- ${notes.join('\n- ')}\n` : ''}${failed.length ? `\n## Failed scenarios\n\n- ${failed.join('\n- ')}\n` : ''}
## Scenario definitions

- autocannon latencies (GET scenarios) have 1 ms resolution, so a p50 of 0 means < 1 ms.
- **GET /v1/config**: ours with \`?warehouse=local\` (bearer), reference without.
- **loadTable hot**: one table with ${HOT_SNAPSHOTS} snapshots (added by add-snapshot + set-snapshot-ref commits with assert-ref-snapshot-id; manifest lists are fake paths, never read).
- **loadTable spread**: ${SPREAD_TABLES} tables in one namespace (created through the API), autocannon cycles through them.
- **commit N writers (1 hot table)**: fresh table per round; each writer loops load → commit (append-style add-snapshot + set-snapshot-ref, assert-ref-snapshot-id on main; the server writes a new metadata file every time); on 409 it reloads and retries. LOST updates = successful commits − snapshots in the final metadata (must be 0). Latency is load+commit including retries. The table grows during a run (a few hundred snapshots), so later commits write larger metadata files.
- **commit, 8 writers over ${SPREAD_TABLES} tables**: the same loop, each commit on the next table of the ${SPREAD_TABLES} spread tables (stride 7919); after each round every table touched must hold exactly as many snapshots as commits succeeded on it.
- **createTable**: 8 concurrent clients for ${DURATION} s.
- **listTables paged**: ${LIST_TABLES} tables in one namespace: one created through the API, the others cloned from its catalog row directly in each server's database (identically for all servers; creating them through the reference's API would take ~25 min). Full walk with pageSize=100 from an empty pageToken, per-page latency; a walk stops after ${LIST_MAX_MS / 1000} s (see notes).
- **cold start**: spawn → first HTTP answer on /v1/config (ours: a 401 without token counts; the reference: 200), sqlite store; "fresh" = first start on an empty data dir (creates the default tenant, warehouse, catalog and a client secret, stored as a SHA-256 hash), "restart" = the same data dir again. \`npm start\` runs the esbuild bundle out/server/cli.js (\`npm run build:server\`: one ES module, lazily imported modules as split chunks, dependencies from node_modules except the inlined pure-ESM zod and lossless-json); \`npm run serve\` (dev) transpiles TypeScript through tsx at start.
- **RSS**: VmRSS from /proc/<pid>/status (ours: the node process; reference: the JVM).
`;
  // A hand-written "## Findings" section (analysis of the causes) is kept across runs.
  const previous = existsSync(OUT) ? readFileSync(OUT, 'utf8') : '';
  const findings = previous.indexOf('\n## Findings');
  writeFileSync(OUT, findings >= 0 ? `${md}${previous.slice(findings)}` : md);
  log(`wrote ${OUT}`);
  if (failed.length) process.exitCode = 1;
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const c of cleanups.splice(0)) await c().catch(() => undefined);
    killAll();
  });
