// Audit events the store refuses are kept in the spool file and written later, on the
// next flush or by the next process: a store outage loses none, and none is stored twice.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { AuditLog } from '../../../src/server/auth/audit-log.js';
import { AuditSpool } from '../../../src/server/auth/audit-spool.js';
import { createLogger } from '../../../src/server/logger.js';
import { createStore } from '../../../src/server/stores/index.js';
import type { AuditStore } from '../../../src/server/stores/identity-types.js';
import type { CatalogStore } from '../../../src/server/stores/types.js';

const ROOT = { kind: 'root', name: 'admin' } as const;

describe('audit spool', () => {
  let dir: string;
  let real: CatalogStore;
  let down = false;
  // The real SQLite store, with an outage that can be switched on (what cannot be made to fail for real here).
  const flaky: AuditStore = {
    appendAuditEvent: (e) => (down ? Promise.reject(new Error('store unavailable')) : real.appendAuditEvent(e)),
    appendAuditEvents: (es) => (down ? Promise.reject(new Error('store unavailable')) : real.appendAuditEvents(es)),
    listAuditEvents: (t, f, p) => real.listAuditEvents(t, f, p),
  };
  const logLines: string[] = [];
  const sink = new PassThrough();
  sink.on('data', (b: Buffer) => logLines.push(...b.toString().split('\n').filter(Boolean)));
  const logger = createLogger('info', sink);
  const stored = async () => (await real.listAuditEvents(null, {}, { pageSize: 1000 })).items.map((e) => e.resource).sort();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-spool-'));
    real = await createStore({ kind: 'sqlite', sqlitePath: join(dir, 'catalog.db') });
    await real.init();
  });
  after(async () => {
    await real.close?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps what the store refuses (0600 file), writes it once the store is back, and nothing twice', async () => {
    const spoolPath = join(dir, 'audit-spool.jsonl');
    const audit = new AuditLog(flaky, logger, new AuditSpool(spoolPath));
    down = true;
    audit.record(null, ROOT, { action: 'tenant.create', resource: 'tenant/a', outcome: 'allowed' });
    audit.record(null, ROOT, { action: 'tenant.create', resource: 'tenant/b', outcome: 'allowed' });
    await audit.flush();
    assert.ok(existsSync(spoolPath), 'kept in the spool');
    assert.equal(statSync(spoolPath).mode & 0o777, 0o600);
    assert.deepEqual(await stored(), []);
    assert.ok(logLines.some((l) => l.includes('kept in the spool file')), logLines.join('\n'));
    assert.ok(!logLines.some((l) => l.includes('"level":50')), 'no event lost, so no error');
    // Still down: a new event joins the kept ones.
    audit.record(null, ROOT, { action: 'tenant.create', resource: 'tenant/c', outcome: 'allowed' });
    await audit.flush();
    down = false;
    audit.record(null, ROOT, { action: 'tenant.create', resource: 'tenant/d', outcome: 'allowed' });
    await audit.flush();
    assert.deepEqual(await stored(), ['tenant/a', 'tenant/b', 'tenant/c', 'tenant/d']);
    assert.ok(!existsSync(spoolPath) && !existsSync(`${spoolPath}.draining`), 'spool emptied');
  });

  it('a new process writes what an earlier one kept, skipping torn lines and events already stored', async () => {
    const spoolPath = join(dir, 'restart-spool.jsonl');
    const first = new AuditLog(flaky, logger, new AuditSpool(spoolPath));
    down = true;
    first.record(null, ROOT, { action: 'user.create', resource: 'user/e', outcome: 'allowed' });
    await first.flush();
    down = false;
    // The same event again (a drain interrupted after the write) and a line torn by a crash.
    const line = (await import('node:fs')).readFileSync(spoolPath, 'utf8');
    appendFileSync(spoolPath, `${line}{"id":"torn`);
    const second = new AuditLog(flaky, logger, new AuditSpool(spoolPath));
    await second.flush();
    const resources = await stored();
    assert.equal(resources.filter((r) => r === 'user/e').length, 1, resources.join(','));
    assert.ok(!existsSync(spoolPath));
  });

  it('an interrupted drain (a .draining file left behind) is finished first', async () => {
    const spoolPath = join(dir, 'interrupted-spool.jsonl');
    const e = { id: 'evt-draining', tenantId: null, at: new Date().toISOString(), actor: { kind: 'root', id: 'root:admin', name: 'admin' }, action: 'tenant.delete', resource: 'tenant/f', outcome: 'allowed' };
    writeFileSync(`${spoolPath}.draining`, `${JSON.stringify(e)}\n`, { mode: 0o600 });
    const audit = new AuditLog(flaky, logger, new AuditSpool(spoolPath));
    await audit.flush();
    assert.ok((await stored()).includes('tenant/f'));
    assert.ok(!existsSync(`${spoolPath}.draining`));
  });
});
