// The data dir (password hashes, sessions, audit log, keys) is private to its owner: made
// 0700 with its database and key files 0600, and tightened at start-up, with a warning,
// when found looser.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, test } from 'node:test';
import { startTestServer } from '../helpers/server.js';

const root = mkdtempSync(join(tmpdir(), 'pangolin-modes-'));
after(() => rmSync(root, { recursive: true, force: true }));
const dataDir = join(root, 'data');
const modeOf = (p: string) => statSync(p).mode & 0o777;
const FILES = ['catalog.db', 'catalog.db-wal', 'catalog.db-shm', 'jwt-secret', 'encryption-key', 'credentials.json'];

function logLines(): { sink: Writable; lines: () => { level: number; msg: string; path?: string }[] } {
  let text = '';
  const sink = new Writable({ write: (chunk, _enc, done) => ((text += String(chunk)), done()) });
  return { sink, lines: () => text.split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

const start = (sink: Writable) => startTestServer({ dataDir, logSink: sink, env: { PANGOLIN_LOG_LEVEL: 'info' } });

test('a fresh data dir is 0700 and its database and key files 0600', { skip: process.platform === 'win32' && 'POSIX modes' }, async () => {
  const log = logLines();
  const s = await start(log.sink);
  try {
    assert.equal(modeOf(dataDir), 0o700);
    for (const f of ['catalog.db', 'catalog.db-wal', 'jwt-secret', 'encryption-key', 'credentials.json']) assert.ok(existsSync(join(dataDir, f)), `${f} exists`);
    for (const f of FILES) if (existsSync(join(dataDir, f))) assert.equal(modeOf(join(dataDir, f)), 0o600, f);
    assert.deepEqual(log.lines().filter((l) => /readable by other users/.test(l.msg)), []);
  } finally {
    await s.stop();
  }
});

test('looser modes are tightened at start-up, each with a warning', { skip: process.platform === 'win32' && 'POSIX modes' }, async () => {
  chmodSync(dataDir, 0o755);
  const loosened = FILES.filter((f) => existsSync(join(dataDir, f)));
  for (const f of loosened) chmodSync(join(dataDir, f), 0o644);
  assert.ok(loosened.includes('catalog.db') && loosened.includes('credentials.json'));
  const log = logLines();
  const s = await start(log.sink);
  try {
    assert.equal(modeOf(dataDir), 0o700);
    for (const f of FILES) if (existsSync(join(dataDir, f))) assert.equal(modeOf(join(dataDir, f)), 0o600, f);
    const warned = log.lines().filter((l) => l.level === 40 && /readable by other users/.test(l.msg));
    assert.deepEqual(warned.map((l) => l.path).sort(), [dataDir, ...loosened.map((f) => join(dataDir, f))].sort());
    assert.match(warned[0].msg, /mode 0755\); changed it to 0700/);
    // The server still works on the data it had.
    assert.equal((await s.http('GET', '/v1/local/namespaces')).status, 200);
  } finally {
    await s.stop();
  }
});
