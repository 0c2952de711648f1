/**
 * Pangolin benchmark harness (first version).
 *
 *   node --import tsx bench/run.ts            # full run (~10-15 min on 2 cores)
 *   BENCH_QUICK=1 node --import tsx bench/run.ts   # smoke run: short durations, small data
 *
 * Starts our server (sqlite store, fresh data dir) and the Java reference REST server
 * (iceberg-open-api shaded runtime jar, JdbcCatalog over SQLite; see bench/reference/) side by
 * side on 127.0.0.1, loads both with the same data through their REST APIs, and runs each
 * scenario alternating ours/ref for BENCH_ROUNDS rounds (default 3). Prints a table and writes
 * bench/RESULTS.md. Both servers are killed at the end, also on error / Ctrl-C.
 *
 * Environment: BENCH_ROUNDS (3), BENCH_DURATION (seconds per autocannon run, 5),
 * BENCH_CONNECTIONS (autocannon connections, 10), BENCH_LIST_TABLES (10000),
 * BENCH_SCENARIOS (comma list of scenario ids to run; default all), BENCH_OUT (RESULTS.md path),
 * MVN_OFFLINE=1 (passed to bench/reference/fetch.sh), PANGOLIN_LOG_LEVEL (ours, default as shipped).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, openSync, existsSync } from 'node:fs';
import { tmpdir, cpus, totalmem, freemem, release, platform, arch } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import autocannon from 'autocannon';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const QUICK = process.env.BENCH_QUICK === '1';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 1 : 3));
const DURATION = Number(process.env.BENCH_DURATION ?? (QUICK ? 2 : 5));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const HOT_SNAPSHOTS = QUICK ? 20 : 100;
const SPREAD_TABLES = QUICK ? 100 : 1000;
const LIST_TABLES = Number(process.env.BENCH_LIST_TABLES ?? (QUICK ? 500 : 10000));
const ONLY = process.env.BENCH_SCENARIOS ? new Set(process.env.BENCH_SCENARIOS.split(',')) : null;
const OUT = process.env.BENCH_OUT ?? join(HERE, 'RESULTS.md');
const HARD_LIMIT_MS = Number(process.env.BENCH_HARD_LIMIT_S ?? 2400) * 1000;

// ------------------------------------------------------------------ process management
const children = new Set<ChildProcess>();
const tmpDirs: string[] = [];
function killAll(): void {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) {
      try { c.kill('SIGKILL'); } catch { /* gone */ }
    }
  }
  children.clear();
  if (process.env.BENCH_KEEP !== '1') for (const d of tmpDirs) { try { rmSync(d, { recursive: true, force: true }); } catch { /* ignore */ } }
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => { killAll(); process.exit(130); });
const hardTimer = setTimeout(() => { console.error(`bench: hard time limit ${HARD_LIMIT_MS / 1000}s reached`); killAll(); process.exit(3); }, HARD_LIMIT_MS);
hardTimer.unref();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function log(msg: string): void { console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`); }

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => res(p)); });
  });
}

function rssKb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch { return null; }
}

// ------------------------------------------------------------------ servers
interface Target {
  name: 'ours' | 'ref';
  origin: string; // http://127.0.0.1:port
  api: string; // origin + /v1[/prefix]
  headers: Record<string, string>;
  proc: ChildProcess;
  startMs: number;
}

async function waitHttp(url: string, timeoutMs: number, proc: ChildProcess): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    if (proc.exitCode !== null) throw new Error(`process exited (${proc.exitCode}) before ${url} answered`);
    try { const r = await fetch(url, { signal: AbortSignal.timeout(1000) }); await r.arrayBuffer(); return r.status; } catch { /* not yet */ }
    await sleep(20);
  }
  throw new Error(`timeout waiting for ${url}`);
}

interface OursProc { proc: ChildProcess; dataDir: string; origin: string; t0: number; tListen: number; }
async function spawnOurs(logName: string): Promise<OursProc> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pangolin-bench-'));
  tmpDirs.push(dataDir);
  const logFd = openSync(join(dataDir, logName), 'w');
  const t0 = performance.now();
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', 'serve'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PANGOLIN_DATA_DIR: dataDir, PANGOLIN_STORAGE_TYPE: 'sqlite' },
    stdio: ['ignore', 'pipe', logFd],
  });
  children.add(proc);
  let buf = '';
  const origin = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error('our server did not print its URL within 60 s')), 60_000);
    proc.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /Pangolin catalog listening on (http:\/\/\S+)/.exec(buf);
      if (m) { clearTimeout(timer); res(m[1].replace(/\/$/, '')); }
      if (buf.length > 1e6) buf = buf.slice(-10000);
    });
    proc.once('exit', (c) => { clearTimeout(timer); rej(new Error(`our server exited with ${c}; see ${dataDir}/${logName}`)); });
  });
  const tListen = performance.now();
  proc.stdout!.resume(); // keep draining (request logs)
  return { proc, dataDir, origin, t0, tListen };
}

async function startOurs(): Promise<Target> {
  const o = await spawnOurs('server.log');
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
  return { name: 'ours', origin: o.origin, api: `${o.origin}/v1${prefix ? `/${prefix}` : ''}`, headers, proc: o.proc, startMs: o.tListen - o.t0 };
}

function refJar(): string {
  const out = execFileSync('bash', [join(HERE, 'reference', 'fetch.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return out.trim().split('\n').pop()!;
}

async function startRef(jar: string): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'pangolin-bench-ref-'));
  tmpDirs.push(dir);
  const port = await freePort();
  const logFd = openSync(join(dir, 'ref.log'), 'w');
  const t0 = performance.now();
  const proc = spawn('java', ['-Xmx2g', '-jar', jar], {
    cwd: dir,
    env: {
      ...process.env,
      CATALOG_URI: `jdbc:sqlite:${dir}/ref.db`,
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
  const tok = await fetch(`${origin}/v1/oauth/tokens`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials&client_id=bench&client_secret=bench' });
  const { access_token } = (await tok.json()) as { access_token: string };
  return { name: 'ref', origin, api: `${origin}/v1`, headers: { authorization: `Bearer ${access_token}` }, proc, startMs };
}

// ------------------------------------------------------------------ REST helpers
const SCHEMA = { type: 'struct', 'schema-id': 0, fields: [{ id: 1, name: 'id', type: 'long', required: false }, { id: 2, name: 'data', type: 'string', required: false }] };

async function call(t: Target, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const r = await fetch(`${t.api}${path}`, {
    method,
    headers: { ...t.headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await r.text();
  let json: any = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = text; }
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
  await Promise.all(Array.from({ length: Math.min(conc, n) }, async () => { while (next < n) { const i = next++; await fn(i); } }));
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
interface Row { id: string; scenario: string; metric: string; unit: string; better: 'higher' | 'lower'; ours: number[]; ref: number[]; note?: string }
const rows: Row[] = [];
const notes: string[] = [];
function row(id: string, scenario: string, metric: string, unit: string, better: 'higher' | 'lower'): Row {
  let r = rows.find((x) => x.id === id && x.metric === metric);
  if (!r) { r = { id, scenario, metric, unit, better, ours: [], ref: [] }; rows.push(r); }
  return r;
}
const median = (a: number[]) => { if (!a.length) return NaN; const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const pct = (a: number[], p: number) => { if (!a.length) return NaN; const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };

/** Sample RSS of our server while fn runs. */
let oursPid = 0;
let peakRssKb = 0;
async function withRss<T>(fn: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => { const r = rssKb(oursPid); if (r && r > peakRssKb) peakRssKb = r; }, 100);
  try { return await fn(); } finally { clearInterval(timer); }
}

async function cannon(t: Target, opts: { path?: string; paths?: string[]; method?: string; duration?: number }): Promise<{ rps: number; p50: number; p99: number; errors: number; non2xx: number }> {
  let i = 0;
  const res: any = await autocannon({
    url: t.origin,
    connections: CONNECTIONS,
    duration: opts.duration ?? DURATION,
    headers: t.headers,
    requests: [{
      method: (opts.method ?? 'GET') as any,
      setupRequest: (req: any) => {
        const p = opts.paths ? opts.paths[i++ % opts.paths.length] : opts.path!;
        return { ...req, path: p };
      },
    }],
  });
  return { rps: res.requests.average, p50: res.latency.p50, p99: res.latency.p99, errors: res.errors + res.timeouts, non2xx: res.non2xx };
}

async function throughputScenario(id: string, scenario: string, targets: Target[], build: (t: Target) => { path?: string; paths?: string[] }): Promise<void> {
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    for (const t of order) {
      const o = build(t);
      await cannon(t, { ...o, duration: 1 }); // warm-up
      const r = await withRss(() => cannon(t, o));
      if (r.errors || r.non2xx) notes.push(`${scenario} [${t.name}] round ${round + 1}: ${r.errors} errors, ${r.non2xx} non-2xx`);
      row(id, scenario, 'req/s', 'req/s', 'higher')[t.name].push(r.rps);
      row(id, scenario, 'p50', 'ms', 'lower')[t.name].push(r.p50);
      row(id, scenario, 'p99', 'ms', 'lower')[t.name].push(r.p99);
      log(`  ${scenario} [${t.name}] round ${round + 1}: ${r.rps.toFixed(0)} req/s p50 ${r.p50} ms p99 ${r.p99} ms`);
    }
  }
}

const want = (id: string) => !ONLY || ONLY.has(id);
const uriPath = (t: Target, p: string) => new URL(`${t.api}${p}`).pathname;

// ------------------------------------------------------------------ scenarios
async function scnConfig(targets: Target[]): Promise<void> {
  log('scenario: GET /v1/config');
  await throughputScenario('config', 'GET /v1/config', targets, (t) => ({ path: t.name === 'ours' ? '/v1/config?warehouse=local' : '/v1/config' }));
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

async function scnSpreadLoad(targets: Target[]): Promise<void> {
  log(`scenario: loadTable over ${SPREAD_TABLES} tables - setup`);
  for (const t of targets) {
    await createNs(t, 'spread');
    const t0 = performance.now();
    await pool(SPREAD_TABLES, 8, async (i) => { const r = await createTable(t, 'spread', `t${i}`); if (r.status >= 300) throw new Error(`${t.name} create spread.t${i} -> ${r.status}`); });
    log(`  setup [${t.name}]: ${SPREAD_TABLES} tables in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  await throughputScenario('spreadload', `loadTable over ${SPREAD_TABLES} tables`, targets, (t) => ({
    paths: Array.from({ length: SPREAD_TABLES }, (_, i) => uriPath(t, `/namespaces/spread/tables/t${(i * 7919) % SPREAD_TABLES}`)),
  }));
}

async function scnCommit(targets: Target[], writers: number): Promise<void> {
  const id = `commit${writers}`;
  const scenario = `commit, ${writers} writer${writers > 1 ? 's' : ''} (1 table)`;
  log(`scenario: ${scenario}`);
  for (const t of targets) await createNs(t, `c${writers}`).catch(() => undefined);
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    for (const t of order) {
      const ns = `c${writers}`;
      const name = `r${round}`;
      const c = await createTable(t, ns, name);
      if (c.status >= 300) throw new Error(`${t.name} create ${ns}.${name} -> ${c.status}`);
      let ok = 0, conflicts = 0, errors = 0;
      const lat: number[] = [];
      const deadline = performance.now() + DURATION * 1000;
      await withRss(() => Promise.all(Array.from({ length: writers }, async () => {
        let guard = 0;
        while (performance.now() < deadline && guard++ < 100_000) {
          const s = performance.now();
          let meta: any;
          try { meta = (await loadTable(t, ns, name)).metadata; } catch { errors++; continue; }
          // retry loop: on 409 reload and retry
          for (let attempt = 0; attempt < 50 && performance.now() < deadline; attempt++) {
            const r = await call(t, 'POST', `/namespaces/${ns}/tables/${name}`, appendCommit(meta));
            if (r.status === 200) { ok++; lat.push(performance.now() - s); break; }
            if (r.status === 409) { conflicts++; try { meta = (await loadTable(t, ns, name)).metadata; } catch { errors++; } continue; }
            errors++;
            if (errors <= 3) notes.push(`${scenario} [${t.name}]: commit -> ${r.status} ${JSON.stringify(r.json).slice(0, 200)}`);
            break;
          }
        }
      })));
      const fin = (await loadTable(t, ns, name)).metadata;
      const lost = ok - fin.snapshots.length;
      row(id, scenario, 'commits/s', 'commits/s', 'higher')[t.name].push(ok / DURATION);
      row(id, scenario, 'p50 load+commit', 'ms', 'lower')[t.name].push(median(lat));
      row(id, scenario, 'p99 load+commit', 'ms', 'lower')[t.name].push(pct(lat, 99));
      row(id, scenario, '409 conflicts', 'count', 'lower')[t.name].push(conflicts);
      row(id, scenario, 'LOST updates', 'count', 'lower')[t.name].push(lost);
      if (lost !== 0) notes.push(`**LOST UPDATES** ${scenario} [${t.name}] round ${round + 1}: ${ok} successful commits but ${fin.snapshots.length} snapshots`);
      if (errors) notes.push(`${scenario} [${t.name}] round ${round + 1}: ${errors} non-409 errors`);
      log(`  ${scenario} [${t.name}] round ${round + 1}: ${ok} ok (${(ok / DURATION).toFixed(1)}/s), ${conflicts} conflicts, ${errors} errors, lost ${lost}`);
    }
  }
}

async function scnCreate(targets: Target[]): Promise<void> {
  const scenario = 'createTable, 8 concurrent clients';
  log(`scenario: ${scenario}`);
  const limit = QUICK ? 200 : 3000;
  for (const t of targets) await createNs(t, 'create');
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    for (const t of order) {
      let n = 0, errors = 0;
      const lat: number[] = [];
      const t0 = performance.now();
      const deadline = t0 + DURATION * 1000;
      await withRss(() => pool(limit, 8, async (i) => {
        if (performance.now() > deadline) return;
        const s = performance.now();
        const r = await createTable(t, 'create', `r${round}_t${i}`);
        if (r.status === 200) { n++; lat.push(performance.now() - s); } else errors++;
      }));
      const secs = (performance.now() - t0) / 1000;
      row('create', scenario, 'tables/s', 'tables/s', 'higher')[t.name].push(n / secs);
      row('create', scenario, 'p50', 'ms', 'lower')[t.name].push(median(lat));
      row('create', scenario, 'p99', 'ms', 'lower')[t.name].push(pct(lat, 99));
      if (errors) notes.push(`${scenario} [${t.name}] round ${round + 1}: ${errors} errors`);
      log(`  ${scenario} [${t.name}] round ${round + 1}: ${n} tables in ${secs.toFixed(1)} s = ${(n / secs).toFixed(0)}/s`);
    }
  }
}

async function scnList(targets: Target[]): Promise<void> {
  const scenario = `listTables paged (pageSize 100, ${LIST_TABLES} tables)`;
  log(`scenario: ${scenario} - setup`);
  for (const t of targets) {
    await createNs(t, 'big');
    const t0 = performance.now();
    const setupDeadline = t0 + 600_000;
    await withRss(() => pool(LIST_TABLES, 16, async (i) => {
      if (performance.now() > setupDeadline) throw new Error(`${t.name}: list setup exceeded 600 s`);
      const r = await createTable(t, 'big', `t${String(i).padStart(6, '0')}`);
      if (r.status >= 300) throw new Error(`${t.name} create big.t${i} -> ${r.status}`);
    }));
    const secs = (performance.now() - t0) / 1000;
    log(`  setup [${t.name}]: ${LIST_TABLES} tables in ${secs.toFixed(1)} s (${(LIST_TABLES / secs).toFixed(0)}/s, 16 clients)`);
    row('listsetup', `createTable bulk load (16 clients, ${LIST_TABLES} tables, 1 run)`, 'tables/s', 'tables/s', 'higher')[t.name].push(LIST_TABLES / secs);
  }
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    for (const t of order) {
      const lat: number[] = [];
      let token = '';
      let total = 0;
      const t0 = performance.now();
      for (let page = 0; page < LIST_TABLES / 100 + 10; page++) {
        const s = performance.now();
        const r = await must(t, 'GET', `/namespaces/big/tables?pageSize=100&pageToken=${encodeURIComponent(token)}`);
        lat.push(performance.now() - s);
        total += r.identifiers.length;
        if (!r['next-page-token']) break;
        token = r['next-page-token'];
      }
      const full = performance.now() - t0;
      if (total !== LIST_TABLES) notes.push(`${scenario} [${t.name}] round ${round + 1}: listed ${total} identifiers, expected ${LIST_TABLES} (pages ${lat.length})`);
      row('list', scenario, 'page p50', 'ms', 'lower')[t.name].push(median(lat));
      row('list', scenario, 'page p99', 'ms', 'lower')[t.name].push(pct(lat, 99));
      row('list', scenario, 'full listing', 'ms', 'lower')[t.name].push(full);
      log(`  ${scenario} [${t.name}] round ${round + 1}: ${lat.length} pages, ${total} ids, p50 ${median(lat).toFixed(1)} ms p99 ${pct(lat, 99).toFixed(1)} ms, total ${full.toFixed(0)} ms`);
    }
  }
}

async function scnColdStart(ref: Target | null, jar: string | null): Promise<void> {
  log('scenario: cold start to first answered /v1/config');
  const n = QUICK ? 1 : ROUNDS;
  for (let i = 0; i < n; i++) {
    const o = await spawnOurs('cold.log');
    const st = await waitHttp(`${o.origin}/v1/config`, 60_000, o.proc);
    const ms = performance.now() - o.t0;
    await sleep(1000);
    const idle = rssKb(o.proc.pid!);
    o.proc.kill('SIGKILL'); children.delete(o.proc);
    row('cold', 'cold start: spawn → first /v1/config response', 'time', 'ms', 'lower').ours.push(ms);
    if (idle) row('rss', 'RSS', 'fresh, idle (1 s after start)', 'MB', 'lower').ours.push(idle / 1024);
    log(`  cold start [ours] ${i + 1}: ${ms.toFixed(0)} ms (status ${st}; 401 without token counts as answered), RSS ${idle ? (idle / 1024).toFixed(0) : '?'} MB`);
    if (jar) {
      const r = await startRef(jar);
      await sleep(1000);
      const idleRef = rssKb(r.proc.pid!);
      r.proc.kill('SIGKILL'); children.delete(r.proc);
      row('cold', 'cold start: spawn → first /v1/config response', 'time', 'ms', 'lower').ref.push(r.startMs);
      if (idleRef) row('rss', 'RSS', 'fresh, idle (1 s after start)', 'MB', 'lower').ref.push(idleRef / 1024);
      log(`  cold start [ref] ${i + 1}: ${r.startMs.toFixed(0)} ms, RSS ${idleRef ? (idleRef / 1024).toFixed(0) : '?'} MB`);
    }
  }
  void ref;
}

// ------------------------------------------------------------------ report
function fmt(x: number): string {
  if (!Number.isFinite(x)) return '–';
  if (Math.abs(x) >= 100) return x.toFixed(0);
  if (Math.abs(x) >= 10) return x.toFixed(1);
  return x.toFixed(2);
}
function cell(a: number[]): string {
  if (!a.length) return '–';
  const m = median(a);
  return a.length > 1 ? `${fmt(m)} (${fmt(Math.min(...a))}–${fmt(Math.max(...a))})` : fmt(m);
}
function table(): string {
  const lines = [
    '| scenario | metric | ours: median (min–max) | reference: median (min–max) | ours/ref | better |',
    '|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const mo = median(r.ours), mr = median(r.ref);
    const ratio = r.ours.length && r.ref.length && mr !== 0 ? `${(mo / mr).toFixed(2)}×` : '–';
    lines.push(`| ${r.scenario} | ${r.metric} (${r.unit}) | ${cell(r.ours)} | ${cell(r.ref)} | ${ratio} | ${r.better} |`);
  }
  return lines.join('\n');
}
function diskInfo(): string {
  try {
    const df = execFileSync('df', ['-hT', tmpdir()], { encoding: 'utf8' }).trim().split('\n').pop()!.split(/\s+/);
    let model = '';
    try { model = execFileSync('lsblk', ['-dno', 'NAME,ROTA,SIZE,MODEL'], { encoding: 'utf8' }).trim().split('\n').join('; '); } catch { /* none */ }
    return `${tmpdir()} on ${df[0]} (${df[1]}, ${df[2]} total, ${df[4]} free)${model ? `; block devices (name rota size model): ${model}` : ''}`;
  } catch { return 'unknown'; }
}

async function main(): Promise<void> {
  const started = new Date();
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const refVersion = /<iceberg.version>(.*)<\/iceberg.version>/.exec(readFileSync(join(HERE, 'reference', 'pom.xml'), 'utf8'))![1];
  let javaVersion = '';
  try { javaVersion = execFileSync('java', ['-version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }); } catch (e: any) { javaVersion = String(e.stderr ?? ''); }
  try { javaVersion = execFileSync('bash', ['-c', 'java -version 2>&1 | head -1'], { encoding: 'utf8' }).trim(); } catch { /* ignore */ }

  log('fetching reference jar (bench/reference/fetch.sh)');
  const jar = refJar();
  log(`starting servers`);
  const [ours, ref] = await Promise.all([startOurs(), startRef(jar)]);
  oursPid = ours.proc.pid!;
  log(`ours: ${ours.api} (pid ${ours.proc.pid}, listening after ${ours.startMs.toFixed(0)} ms); ref: ${ref.api} (pid ${ref.proc.pid})`);
  await sleep(1000);
  const idleStart = rssKb(oursPid);
  const targets = [ours, ref];
  const failed: string[] = [];
  const run = async (id: string, fn: () => Promise<void>) => {
    if (!want(id)) return;
    try { await fn(); } catch (e: any) { failed.push(`${id}: ${e?.message ?? e}`); log(`!! scenario ${id} failed: ${e?.stack ?? e}`); }
  };
  await run('config', () => scnConfig(targets));
  await run('hotload', () => scnHotLoad(targets));
  await run('spreadload', () => scnSpreadLoad(targets));
  await run('commit1', () => scnCommit(targets, 1));
  await run('commit8', () => scnCommit(targets, 8));
  await run('create', () => scnCreate(targets));
  await run('list', () => scnList(targets));
  await sleep(2000);
  const idleAfter = rssKb(oursPid);
  const refRss = rssKb(ref.proc.pid!);
  if (idleStart) row('rss', 'RSS', 'main server idle after start', 'MB', 'lower').ours.push(idleStart / 1024);
  if (peakRssKb) row('rss', 'RSS', 'main server peak under load (100 ms samples)', 'MB', 'lower').ours.push(peakRssKb / 1024);
  if (idleAfter) row('rss', 'RSS', 'main server idle after all scenarios', 'MB', 'lower').ours.push(idleAfter / 1024);
  if (refRss) row('rss', 'RSS', 'main server idle after all scenarios', 'MB', 'lower').ref.push(refRss / 1024);
  ours.proc.kill('SIGKILL'); ref.proc.kill('SIGKILL');
  children.delete(ours.proc); children.delete(ref.proc);
  await run('cold', () => scnColdStart(null, jar));

  const tbl = table();
  console.log(`\n${tbl}\n`);
  if (notes.length) console.log(`Notes:\n- ${notes.join('\n- ')}`);
  if (failed.length) console.log(`Failed scenarios:\n- ${failed.join('\n- ')}`);

  const md = `# Pangolin benchmark results

Generated by \`node --import tsx bench/run.ts\`${QUICK ? ' (BENCH_QUICK=1: smoke run, not representative)' : ''} on ${started.toISOString()}
(took ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s).

## Setup

- Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM (${(freemem() / 2 ** 30).toFixed(1)} GiB free at end), ${platform()} ${release()} ${arch()}
- Disk (data dirs under ${tmpdir()}): ${diskInfo()}
- Ours: pangolin-desktop ${pkg.version}, Node ${process.version}, \`node --import tsx src/server/cli.ts serve\`, store **sqlite**, fresh data dir, log level ${process.env.PANGOLIN_LOG_LEVEL ?? 'default (info)'}, bearer token from /v1/oauth/tokens
- Reference: Apache Iceberg ${refVersion} \`iceberg-open-api\` runtime jar (RESTCatalogServer → RESTCatalogAdapter → JdbcCatalog on SQLite, Jetty 11), ${javaVersion}, \`java -Xmx2g -jar\`, file:// warehouse
- Load generator: autocannon (${CONNECTIONS} connections, ${DURATION} s per run after a 1 s warm-up) for GET scenarios; fetch loops for commits/creates/listing. Same machine, everything on 127.0.0.1; the load generator shares the ${cpus().length} cores with the server under test.
- ${ROUNDS} round(s) per scenario, alternating which server goes first; cells show median (min–max) over rounds. ours/ref is the ratio of medians (for "higher is better" metrics > 1 means we are faster).

## Results

${tbl}

${notes.length ? `## Notes\n\n- ${notes.join('\n- ')}\n` : ''}${failed.length ? `\n## Failed scenarios\n\n- ${failed.join('\n- ')}\n` : ''}
## Scenario definitions

- autocannon latencies (GET scenarios) have 1 ms resolution, so a reference p50 of 0 means < 1 ms.
- **GET /v1/config**: ours with \`?warehouse=local\` (bearer), reference without.
- **loadTable hot**: one table with ${HOT_SNAPSHOTS} snapshots (added by add-snapshot + set-snapshot-ref commits with assert-ref-snapshot-id; manifest lists are fake paths, never read).
- **loadTable spread**: ${SPREAD_TABLES} tables in one namespace, autocannon cycles through them.
- **commit N writers**: fresh table per round; each writer loops load → commit (append-style, assert-ref-snapshot-id on main); on 409 reload and retry. LOST updates = successful commits − snapshots in the final metadata (must be 0). Latency is load+commit including retries.
- **createTable**: 8 concurrent clients for ${DURATION} s (max ${QUICK ? 200 : 3000} per round).
- **listTables paged**: ${LIST_TABLES} tables in one namespace, full walk with pageSize=100 starting from an empty pageToken; per-page latency.
- **cold start**: spawn → first HTTP answer on /v1/config (ours: 401 without token counts; the reference: 200). Ours runs through tsx (TypeScript transpiled at start).
- **RSS**: VmRSS from /proc/<pid>/status (for ours: the node process; reference: the JVM).
`;
  writeFileSync(OUT, md);
  log(`wrote ${OUT}`);
  if (failed.length) process.exitCode = 1;
}

main().catch((e) => { console.error(e); process.exitCode = 1; }).finally(() => { killAll(); });
