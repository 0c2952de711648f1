#!/usr/bin/env node
// Runs every test suite and prints one closing line "N passed, N failed[, N skipped]".
//   node scripts/test.mjs                 all suites (node tests, then Python interop)
//   node scripts/test.mjs --only node     only the node:test suites
//   node scripts/test.mjs --only python   only the PyIceberg interop suite
//   node scripts/test.mjs --only rck      only Apache Iceberg's REST Compatibility Kit (Maven)
//   node scripts/test.mjs test/unit/x.test.ts   only the named node test files
//   node scripts/test.mjs test/unit/inspect    every node test file below a folder
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const isDir = (a) => existsSync(a) && statSync(a).isDirectory();
// Named test files, and every *.test.ts below named folders (e.g. test/unit/inspect).
const files = args.filter((a, i) => (a.endsWith('.ts') || isDir(a)) && args[i - 1] !== '--only').flatMap((a) => (a.endsWith('.ts') ? [a] : findTests(resolve(a))));
const totals = { passed: 0, failed: 0, skipped: 0 };
let ok = true;

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (name.endsWith('.test.ts')) out.push(relative(root, p));
  }
  return out.sort();
}

/** A suite's tool is missing: a failure in CI (a fresh machine must have it), a skip locally. */
function missingTool(msg) {
  if (process.env.CI) {
    console.error(`FAIL ${msg}`);
    ok = false;
    totals.failed += 1;
  } else {
    console.warn(`SKIP ${msg}`);
  }
}

function run(cmd, argv, env = {}) {
  const res = spawnSync(cmd, argv, { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 28 });
  process.stdout.write(res.stdout ?? '');
  process.stderr.write(res.stderr ?? '');
  return res;
}

// Object-storage servers the storage and vending suites run against (they skip without).
const STORAGE_SERVERS = {
  PANGOLIN_TEST_S3_ENDPOINT: 'MinIO (scripts/start-minio.sh)',
  PANGOLIN_TEST_AZURE_ENDPOINT: 'Azurite (scripts/start-azurite.sh)',
  PANGOLIN_TEST_GCS_ENDPOINT: 'fake-gcs-server (scripts/start-fake-gcs.sh)',
};
if (files.length === 0) {
  for (const [name, server] of Object.entries(STORAGE_SERVERS)) {
    if (!process.env[name]) missingTool(`storage tests: ${name} is not set; start ${server} and export its URL`);
  }
}

if (only === undefined || only === 'node') {
  const tests = files.length ? files : findTests(join(root, 'test'));
  const res = run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...tests]);
  const count = (label) => Number((res.stdout.match(new RegExp(`^ℹ ${label} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
  totals.passed += count('pass');
  totals.failed += count('fail') + count('cancelled');
  totals.skipped += count('skipped') + count('todo');
  if (res.status !== 0) ok = false;
}

if ((only === undefined || only === 'rck') && files.length === 0) {
  const hasMvn = spawnSync('mvn', ['-v'], { encoding: 'utf8' }).status === 0;
  if (!hasMvn) {
    missingTool('REST Compatibility Kit: Maven (mvn) and Java 17 are needed (apt-get install maven)');
  } else {
    const res = run('bash', ['test/rck/run.sh']);
    const m = res.stdout.match(/^RCK: (\d+) run, (\d+) passed, (\d+) failed, (\d+) skipped/m);
    if (m) {
      totals.passed += Number(m[2]);
      totals.failed += Number(m[3]);
      totals.skipped += Number(m[4]);
    } else {
      totals.failed += 1;
    }
    if (res.status !== 0) ok = false;
  }
}

/**
 * The PyIceberg matrix: the whole interop suite once per store backend. sqlite and memory
 * always; postgres and mongodb when PANGOLIN_TEST_POSTGRES_URL / PANGOLIN_TEST_MONGO_URL
 * name a server (.ci/run starts both). Each run gets a database of its own.
 */
function interopStores() {
  const stores = [['sqlite', ''], ['memory', '']];
  const pg = process.env.PANGOLIN_TEST_POSTGRES_URL;
  if (pg) {
    const name = `pangolin_interop_${process.pid}`;
    const admin = pg.replace(/\/[^/?]*(\?|$)/, '/postgres$1');
    const made = spawnSync('psql', [admin, '-v', 'ON_ERROR_STOP=1', '-q', '-c', `DROP DATABASE IF EXISTS ${name}`, '-c', `CREATE DATABASE ${name}`], { encoding: 'utf8' });
    if (made.status !== 0) {
      console.error(`FAIL cannot create the interop database on PostgreSQL: ${made.stderr.trim()}`);
      ok = false;
      totals.failed += 1;
    } else {
      stores.push(['postgres', pg.replace(/\/[^/?]*(\?|$)/, `/${name}$1`)]);
    }
  } else if (process.env.CI) {
    missingTool('PyIceberg matrix: PANGOLIN_TEST_POSTGRES_URL is not set (run scripts/start-postgres.sh)');
  }
  const mongo = process.env.PANGOLIN_TEST_MONGO_URL;
  if (mongo) stores.push(['mongodb', mongo.replace(/\/([^/?]*)(\?|$)/, `/pangolin_interop_${process.pid}$2`)]);
  else if (process.env.CI) missingTool('PyIceberg matrix: PANGOLIN_TEST_MONGO_URL is not set (run scripts/start-ferretdb.sh)');
  const only = process.env.PANGOLIN_TEST_STORES?.split(',').map((x) => x.trim());
  return only ? stores.filter(([k]) => only.includes(k)) : stores;
}

if ((only === undefined || only === 'python') && files.length === 0) {
  const py = join(root, '.venv/bin/python');
  if (!existsSync(py)) {
    missingTool('PyIceberg interop: .venv missing; run `bash scripts/setup-python.sh` first');
  } else {
    for (const [store, url] of interopStores()) {
      console.log(`\n== PyIceberg interop on the ${store} store`);
      const res = run(py, ['-m', 'pytest', 'test/interop', '-q', '-p', 'no:cacheprovider', '-rs'], { PANGOLIN_TEST_STORE: store, PANGOLIN_TEST_DATABASE_URL: url });
      const tail = (res.stdout.trim().split('\n').pop() ?? '');
      const num = (label) => Number((tail.match(new RegExp(`(\\d+) ${label}`)) ?? [])[1] ?? 0);
      totals.passed += num('passed');
      totals.failed += num('failed') + num('error');
      totals.skipped += num('skipped');
      if (res.status !== 0) ok = false;
    }
  }
}

if (totals.passed + totals.failed === 0) ok = false;
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(ok ? 0 : 1);
