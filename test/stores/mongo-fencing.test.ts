// Fault injection on the MongoDB store's pointer swaps (issue 15): a writer in another
// process is paused (SIGSTOP) past its lease or killed (SIGKILL) at a chosen phase, while
// this process's store takes over; and two stores whose clocks differ by minutes.
// Needs PANGOLIN_TEST_MONGO_URL (FerretDB: scripts/start-ferretdb.sh).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { MongoClient, type Db } from 'mongodb';
import { LockManager } from '../../src/server/stores/mongo-locks.js';
import { StoreError } from '../../src/server/stores/types.js';
import { MongoCatalogStore } from '../../src/server/stores/mongo.js';
import type { SwapOptions } from '../../src/server/stores/mongo-swap.js';
import { concurrentBumps } from './helpers/cas.js';
import { seed, table } from './conformance/fixtures.js';

const url = process.env.PANGOLIN_TEST_MONGO_URL;
const worker = fileURLToPath(new URL('./helpers/mongo-swap-worker.ts', import.meta.url));
const LEASE = 500;
const skip = !url && !process.env.CI && 'PANGOLIN_TEST_MONGO_URL is not set (run scripts/start-ferretdb.sh)';

interface Writer {
  child: ChildProcess;
  reached: Promise<void>;
  outcome: Promise<{ result?: boolean; error?: string; signal?: string }>;
}

/** A writer process that moves `tables` to `next`, announcing when it reaches `phase`. */
function startWriter(dbName: string, catalogId: string, tables: string[], next: string, phase: string): Writer {
  const child = spawn(process.execPath, ['--import', 'tsx', worker, url!, dbName, catalogId, tables.join(','), next, phase, String(LEASE)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  let reachedFn: () => void = () => {};
  const reached = new Promise<void>((r) => (reachedFn = r));
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes(`at ${phase}\n`)) reachedFn();
  });
  const outcome = new Promise<{ result?: boolean; error?: string; signal?: string }>((resolve) => {
    child.on('exit', (code, signal) => {
      if (signal) return resolve({ signal });
      const last = out.trim().split('\n').pop() ?? '';
      resolve(code === 0 ? JSON.parse(last) : { error: `exit ${code}: ${out}` });
    });
  });
  return { child, reached, outcome };
}

describe('MongoDB swaps under faults', { skip }, () => {
  const dbName = `pangolin_test_fence_${process.pid}_${Date.now().toString(36)}`;
  const stores: MongoCatalogStore[] = [];
  let catalogId = '';
  const open = async (swap: SwapOptions = {}) => {
    const s = new MongoCatalogStore(url!, { dbName, swap: { leaseMs: LEASE, ...swap } });
    await s.init();
    stores.push(s);
    return s;
  };
  let main: MongoCatalogStore;
  const ident = (name: string) => ({ catalogId, namespace: ['db'], name });
  const loc = async (name: string) => (await main.getTable(ident(name), 'table'))?.metadataLocation;
  const swap = (name: string, expected: string, next: string) => ({ ident: ident(name), kind: 'table' as const, expected, next });

  before(async () => {
    main = await open();
    ({ catalogId } = await seed(main));
    await main.createNamespace({ catalogId, namespace: ['db'], properties: {} });
    for (const n of ['a', 'b', 'c', 'd', 'e', 'f']) await main.createTable(table(catalogId, ['db'], n, 'table', 'v0'));
  });
  after(async () => {
    for (const s of stores) await s.close();
    const c = await MongoClient.connect(url!);
    await c.db(dbName).dropDatabase();
    await c.close();
  });

  it('a holder paused past its lease resumes and is refused: the takeover commit stands', async () => {
    const w = startWriter(dbName, catalogId, ['a'], 'stale', 'locked');
    await w.reached;
    w.child.kill('SIGSTOP');
    await sleep(LEASE * 2);
    assert.equal(await main.swapMetadataLocations([swap('a', 'v0', 'taker')]), true);
    w.child.kill('SIGCONT');
    assert.deepEqual(await w.outcome, { result: false });
    assert.equal(await loc('a'), 'taker');
  });

  it('a multi-table holder paused after claiming resumes and is refused; readers never saw its claims', async () => {
    const w = startWriter(dbName, catalogId, ['b', 'c'], 'stale', 'claimed');
    await w.reached;
    w.child.kill('SIGSTOP');
    assert.deepEqual([await loc('b'), await loc('c')], ['v0', 'v0']);
    await sleep(LEASE * 2);
    assert.equal(await main.swapMetadataLocations([swap('b', 'v0', 'taker'), swap('c', 'v0', 'taker')]), true);
    w.child.kill('SIGCONT');
    assert.deepEqual(await w.outcome, { result: false });
    assert.deepEqual([await loc('b'), await loc('c')], ['taker', 'taker']);
  });

  it('a holder killed while holding locks: others proceed after the lease', async () => {
    const w = startWriter(dbName, catalogId, ['d', 'e'], 'dead', 'locked');
    await w.reached;
    w.child.kill('SIGKILL');
    assert.deepEqual(await w.outcome, { signal: 'SIGKILL' });
    const t0 = Date.now();
    assert.equal(await main.swapMetadataLocations([swap('d', 'v0', 'next'), swap('e', 'v0', 'next')]), true);
    assert.ok(Date.now() - t0 < LEASE + 3000, `took ${Date.now() - t0} ms`);
    assert.deepEqual([await loc('d'), await loc('e')], ['next', 'next']);
  });

  it('a single-table writer killed right after its commit point: its commit is visible and builds on', async () => {
    const w = startWriter(dbName, catalogId, ['f'], 'landed', 'claimed');
    await w.reached;
    w.child.kill('SIGKILL');
    await w.outcome;
    assert.equal(await loc('f'), 'landed');
    assert.equal(await main.swapMetadataLocations([swap('f', 'v0', 'lost')]), false);
    assert.equal(await main.swapMetadataLocations([swap('f', 'landed', 'after')]), true);
    assert.equal(await loc('f'), 'after');
  });

  it('a failed release is logged and reported, and the lock frees itself after the lease', async () => {
    const client = await MongoClient.connect(url!);
    try {
      const db = client.db(dbName);
      // The real database, except that deleting a lock fails (the connection dropped).
      const failingDb = { command: db.command.bind(db), collection: (n: string) => Object.assign(Object.create(db.collection(n)), { deleteOne: () => Promise.reject(new Error('connection reset')) }) } as unknown as Db;
      const logged: string[] = [];
      const broken = new LockManager(failingDb, { leaseMs: LEASE, onError: (m) => logged.push(m) });
      await assert.rejects(broken.withLocks(['release-test'], async () => 'done'), (e: unknown) => e instanceof StoreError && e.code === 'unavailable' && /Releasing MongoDB locks failed.*connection reset/.test(e.message));
      assert.equal(logged.length, 1);
      const t0 = Date.now();
      assert.equal(await new LockManager(db, { leaseMs: LEASE }).withLocks(['release-test'], async () => 'next'), 'next');
      assert.ok(Date.now() - t0 < LEASE + 2000, `waited ${Date.now() - t0} ms`);
    } finally {
      await client.close();
    }
  });

  it('two stores whose clocks differ by 20 minutes: a live lease is respected, no update is lost', async () => {
    let pause = true;
    const ahead = await open({ clock: () => Date.now() + 600_000, onPhase: async (p) => { if (p === 'locked' && pause) { pause = false; await sleep(LEASE * 3); } } });
    const behind = await open({ clock: () => Date.now() - 600_000 });
    const from = (await loc('a'))!;
    // `ahead` holds a's lock (renewing it) for three leases; `behind` must wait, not take over.
    const first = ahead.swapMetadataLocations([swap('a', from, 'slow')]);
    await sleep(50);
    const second = behind.swapMetadataLocations([swap('a', from, 'fast')]);
    assert.deepEqual([await first, await second], [true, false]);
    assert.equal(await loc('a'), 'slow');
    await main.swapMetadataLocations([swap('a', 'slow', 'v0'), swap('b', 'taker', 'v0')]);
    let n = 0;
    const r = await concurrentBumps(() => (n++ % 2 ? ahead : behind), [ident('a'), ident('b')], 6, 3);
    assert.equal(r.successes, 18);
    assert.deepEqual([await loc('a'), await loc('b')], ['v18', 'v18']);
  });
});
