// Several connections to one SQLite file (as several Pangolin processes would have) race
// compare-and-swap writers: no update may be lost.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SqliteCatalogStore } from '../../src/server/stores/sqlite.js';
import { concurrentBumps } from './helpers/cas.js';

const dir = mkdtempSync(join(tmpdir(), 'pangolin-multiproc-'));
const worker = fileURLToPath(new URL('./helpers/cas-worker.ts', import.meta.url));
const ident = { catalogId: 'c1', namespace: ['db'], name: 'a' };
let n = 0;

async function seededFile(): Promise<string> {
  const path = join(dir, `shared-${++n}.db`);
  const s = new SqliteCatalogStore(path);
  await s.init();
  await s.createNamespace({ catalogId: 'c1', namespace: ['db'], properties: {} });
  await s.createTable({ ...ident, kind: 'table', metadataLocation: 'v0', createdAt: 'x', updatedAt: 'x' });
  await s.close();
  return path;
}

async function pointer(path: string): Promise<string | undefined> {
  const s = new SqliteCatalogStore(path);
  await s.init();
  const rec = await s.getTable(ident, 'table');
  await s.close();
  return rec?.metadataLocation;
}

interface Outcome {
  successes: number;
  conflicts: number;
}

/** Spawns a writer process; resolves once it is connected and waiting for go(). */
function startWorker(path: string, writers: number, perWriter: number, pauseMs: number): Promise<{ go: () => void; result: Promise<Outcome> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', worker, path, 'c1', String(writers), String(perWriter), String(pauseMs)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  const timer = setTimeout(() => child.kill(), 120_000);
  return new Promise((resolveReady, rejectReady) => {
    const result = new Promise<Outcome>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code) => {
        clearTimeout(timer);
        const last = out.trim().split('\n').pop() ?? '';
        if (code === 0) resolve(JSON.parse(last) as Outcome);
        else reject(new Error(`worker exited with ${code}: ${out}`));
      });
    });
    result.catch(rejectReady);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.startsWith('ready\n')) resolveReady({ go: () => child.stdin.write('go\n'), result });
    });
  });
}

describe('sqlite: several connections on one file', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('two store instances in one process: no lost update', async () => {
    const path = await seededFile();
    const a = new SqliteCatalogStore(path);
    const b = new SqliteCatalogStore(path);
    await Promise.all([a.init(), b.init()]);
    let i = 0;
    const { successes, conflicts } = await concurrentBumps(() => (i++ % 2 ? a : b), [ident], 20, 5);
    await Promise.all([a.close(), b.close()]);
    assert.equal(successes, 100);
    assert.ok(conflicts > 0);
    assert.equal(await pointer(path), 'v100');
  });

  describe('separate processes', () => {
    for (const [writers, perWriter, pauseMs] of [
      [8, 10, 0],
      [1, 40, 2], // one writer per process: every conflict comes from another process
    ]) {
      it(`three processes plus this one, ${writers} writer(s) each: successes equal the final chain length`, async () => {
        const path = await seededFile();
        const children = await Promise.all([1, 2, 3].map(() => startWorker(path, writers, perWriter, pauseMs)));
        const here = new SqliteCatalogStore(path);
        await here.init();
        for (const c of children) c.go();
        const mine = await concurrentBumps(here, [ident], writers, perWriter, pauseMs);
        await here.close();
        const results = [mine, ...(await Promise.all(children.map((c) => c.result)))];
        const total = results.reduce((sum, r) => sum + r.successes, 0);
        assert.equal(total, 4 * writers * perWriter);
        assert.equal(await pointer(path), `v${total}`);
        assert.ok(results.some((r) => r.conflicts > 0), `the processes never collided: ${JSON.stringify(results)}`);
      });
    }
  });
});
