/**
 * Commit soak (issue 15): on every store, writers race compare-and-swap commits on three
 * tables (each commit moves a random 1-3 of them at once) for a bounded time, from two
 * processes sharing the store (memory: one process), then the final pointers are checked
 * against the acknowledged commits. Prints commits, 409s, errors and lost updates per store;
 * lost updates must be 0 (the exit code is 1 otherwise).
 *
 *   node --import tsx bench/soak.ts                 # 60 s per store, 16 writers in 2 processes
 *   SOAK_SECONDS=10 SOAK_STORES=sqlite,mongodb node --import tsx bench/soak.ts
 *
 * Stores: memory and sqlite always; postgres with PANGOLIN_TEST_POSTGRES_URL; mongodb with
 * PANGOLIN_TEST_MONGO_URL (each on a fresh schema / database, dropped afterwards).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryCatalogStore } from '../src/server/stores/memory.js';
import type { CatalogStore } from '../src/server/stores/types.js';
import { seed, table } from '../test/stores/conformance/fixtures.js';
import { dropSoakTarget, openSoakStore, runWriters, SOAK_TABLES, type SoakResult, type StoreName } from './soak-lib.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const WRITERS = Number(process.env.SOAK_WRITERS ?? 16);
const PROCESSES = 2;
const worker = fileURLToPath(new URL('./soak-worker.ts', import.meta.url));
const tag = `pangolin_soak_${process.pid}_${Date.now().toString(36)}`;
const dir = mkdtempSync(join(tmpdir(), 'pangolin-soak-'));

const targets: [string, string | undefined][] = [
  ['memory', ''],
  ['sqlite', join(dir, 'soak.db')],
  ['postgres', process.env.PANGOLIN_TEST_POSTGRES_URL && `${process.env.PANGOLIN_TEST_POSTGRES_URL}#${tag}`],
  ['mongodb', process.env.PANGOLIN_TEST_MONGO_URL && `${process.env.PANGOLIN_TEST_MONGO_URL}#${tag}`],
];
const only = process.env.SOAK_STORES?.split(',');

function runWorker(store: StoreName, target: string, catalogId: string, writers: number): { ready: Promise<void>; go: () => void; done: Promise<SoakResult> } {
  const child = spawn(process.execPath, ['--import', 'tsx', worker, store, target, catalogId, String(writers), String(SECONDS)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((r) => (onReady = r));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.startsWith('ready\n')) onReady();
  });
  const done = new Promise<SoakResult>((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`${store} soak worker exited with ${code}`)))),
  );
  return { ready, go: () => child.stdin.write('go\n'), done };
}

async function soak(store: string, target: string): Promise<boolean> {
  const setup: CatalogStore = store === 'memory' ? new MemoryCatalogStore() : await openSoakStore(store as StoreName, target);
  if (store === 'memory') await setup.init();
  const { catalogId } = await seed(setup);
  await setup.createNamespace({ catalogId, namespace: ['soak'], properties: {} });
  for (const t of SOAK_TABLES) await setup.createTable(table(catalogId, ['soak'], t, 'table', 'v0'));
  let results: SoakResult[];
  if (store === 'memory') {
    results = [await runWriters(setup, catalogId, WRITERS, SECONDS)];
  } else {
    const workers = Array.from({ length: PROCESSES }, () => runWorker(store as StoreName, target, catalogId, WRITERS / PROCESSES));
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.go();
    results = await Promise.all(workers.map((w) => w.done));
  }
  let lost = 0;
  for (const t of SOAK_TABLES) {
    const final = Number((await setup.getTable({ catalogId, namespace: ['soak'], name: t }, 'table'))!.metadataLocation.slice(1));
    lost += Math.abs(results.reduce((n, r) => n + r.perTable[t], 0) - final);
  }
  await setup.close();
  if (store !== 'memory') await dropSoakTarget(store as StoreName, target);
  const sum = (k: 'commits' | 'conflicts' | 'errors') => results.reduce((n, r) => n + r[k], 0);
  const procs = store === 'memory' ? 1 : PROCESSES;
  const firstError = results.find((r) => r.firstError)?.firstError;
  console.log(`| ${store} | ${procs} × ${WRITERS / procs} | ${SECONDS} s | ${sum('commits')} | ${sum('conflicts')} | ${sum('errors')} | ${lost} |${firstError ? ` first error: ${firstError}` : ''}`);
  return lost === 0;
}

console.log('| store | processes × writers | time | commits | 409s | errors | lost updates |\n| --- | --- | --- | --- | --- | --- | --- |');
let ok = true;
try {
  for (const [store, target] of targets) {
    if (only && !only.includes(store)) continue;
    if (target === undefined || (store !== 'memory' && !target)) {
      console.log(`| ${store} | skipped: no server URL | | | | | |`);
      continue;
    }
    ok = (await soak(store, target)) && ok;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
