// Quotas and timeouts: metrics reports are bounded in size (refused while streaming,
// before any parse) and in rate per principal; slow clients are cut off.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { getToken, requestJson, SIMPLE_SCHEMA, startTestServer, type TestServer } from '../helpers/server.js';

const REPORT = { 'report-type': 'scan-report', 'table-name': 'local.db.t', 'snapshot-id': 1, filter: true, 'schema-id': 0, 'projected-field-ids': [1], 'projected-field-names': ['id'], metrics: { 'total-planning-duration': { count: 1, 'time-unit': 'nanoseconds', 'total-duration': 2000 }, 'result-data-files': { unit: 'count', value: 3 } } };
const METRICS = '/v1/local/namespaces/db/tables/t/metrics';

function dbBytes(dataDir: string): number {
  return ['catalog.db', 'catalog.db-wal'].reduce((n, f) => {
    try {
      return n + statSync(join(dataDir, f)).size;
    } catch {
      return n;
    }
  }, 0);
}

describe('metrics report limits', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ env: { PANGOLIN_METRICS_REPORTS_PER_MINUTE: '5' } });
    await s.http('POST', '/v1/local/namespaces', { namespace: ['db'] });
    assert.equal((await s.http('POST', '/v1/local/namespaces/db/tables', { name: 't', schema: SIMPLE_SCHEMA })).status, 200);
  });
  after(() => s?.stop());

  const count = async () => (await s.http('GET', '/api/v1/catalogs/local/metrics-reports')).body.reports.length;

  test('a 20 MB report is refused with 413 at once; nothing is stored and the database does not grow', async () => {
    const huge = JSON.stringify({ ...REPORT, 'projected-field-names': Array.from({ length: 20 * 1024 }, () => 'x'.repeat(1030)) });
    assert.ok(huge.length > 20 * 1024 * 1024, String(huge.length));
    const before = { reports: await count(), bytes: dbBytes(s.dataDir) };
    const started = Date.now();
    const r = await s.http('POST', METRICS, huge);
    assert.equal(r.status, 413, r.text);
    assert.equal(r.body.error.code, 413);
    assert.match(r.body.error.message, /too large.*256 KB/);
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    // Sent without a length (chunked), it is cut off the same way.
    const chunked = await fetch(s.url + METRICS, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
      body: new Blob([huge]).stream(),
      duplex: 'half',
    } as RequestInit);
    assert.equal(chunked.status, 413);
    assert.equal(await count(), before.reports);
    assert.ok(dbBytes(s.dataDir) - before.bytes < 1024 * 1024, `database grew by ${dbBytes(s.dataDir) - before.bytes} bytes`);
  });

  test('only the validated fields are stored; a malformed report is 400', async () => {
    const other = await startTestServer();
    try {
      await other.http('POST', '/v1/local/namespaces', { namespace: ['db'] });
      await other.http('POST', '/v1/local/namespaces/db/tables', { name: 't', schema: SIMPLE_SCHEMA });
      const r = await other.http('POST', METRICS, { ...REPORT, junk: 'y'.repeat(10_000) });
      assert.equal(r.status, 204, r.text);
      const stored = (await other.http('GET', '/api/v1/catalogs/local/metrics-reports')).body.reports[0].report;
      assert.equal(stored.junk, undefined);
      assert.deepEqual(stored.metrics, REPORT.metrics);
      const bad = await other.http('POST', METRICS, { ...REPORT, metrics: { m: { unit: 'count', value: 'lots' } } });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.type, 'BadRequestException');
      const commit = await other.http('POST', METRICS, { 'table-name': 'local.db.t', 'snapshot-id': 2, 'sequence-number': 1, operation: 'append', metrics: {} });
      assert.equal(commit.status, 204, commit.text);
    } finally {
      await other.stop();
    }
  });

  test('a catalog keeps only its newest PANGOLIN_METRICS_REPORTS_KEEP reports', async () => {
    const kept = await startTestServer({ env: { PANGOLIN_METRICS_REPORTS_KEEP: '3' } });
    try {
      await kept.http('POST', '/v1/local/namespaces', { namespace: ['db'] });
      await kept.http('POST', '/v1/local/namespaces/db/tables', { name: 't', schema: SIMPLE_SCHEMA });
      for (let i = 1; i <= 6; i++) assert.equal((await kept.http('POST', METRICS, { ...REPORT, 'snapshot-id': i })).status, 204);
      const reports = (await kept.http('GET', '/api/v1/catalogs/local/metrics-reports')).body.reports;
      assert.deepEqual(reports.map((r: { report: { 'snapshot-id': number } }) => r.report['snapshot-id']), [4, 5, 6]);
    } finally {
      await kept.stop();
    }
  });

  test('past the per-principal rate, reports get 429 with Retry-After; another principal is not affected', async () => {
    let accepted = 0;
    let limited: { status: number; headers: Headers; body: any } | undefined;
    for (let i = 0; i < 8 && !limited; i++) {
      const r = await s.http('POST', METRICS, REPORT);
      if (r.status === 204) accepted++;
      else limited = r;
    }
    assert.ok(limited, 'no report was limited');
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error.type, 'TooManyRequestsException');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    assert.ok(accepted <= 5);
    const stored = await count();
    assert.equal((await s.http('POST', METRICS, REPORT)).status, 429);
    assert.equal(await count(), stored);
    // A second service user has its own allowance.
    const su = await s.http('POST', '/api/v1/service-users', { name: 'second', role: 'tenant-admin' });
    assert.equal(su.status, 201, su.text);
    const token = await getToken(s.url, su.body.client_id, su.body.client_secret);
    const r = await requestJson(s.url + METRICS, 'POST', REPORT, { authorization: `Bearer ${token}` });
    assert.equal(r.status, 204, r.text);
  });
});

describe('request timeouts', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ env: { PANGOLIN_HEADERS_TIMEOUT_SECONDS: '1', PANGOLIN_REQUEST_TIMEOUT_SECONDS: '2' } });
  });
  after(() => s?.stop());

  /** Opens a socket, writes `first`, then `trickle` every 200 ms; resolves with ms until the server closes it. */
  function slowClient(first: string, trickle: string, giveUpMs: number): Promise<number> {
    const { port } = new URL(s.url);
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const sock = connect(Number(port), '127.0.0.1', () => sock.write(first));
      const timer = setInterval(() => sock.writable && sock.write(trickle), 200);
      const giveUp = setTimeout(() => {
        sock.destroy();
        reject(new Error(`the server kept the connection open for ${giveUpMs} ms`));
      }, giveUpMs);
      sock.on('data', () => {});
      sock.on('error', () => {});
      sock.on('close', () => {
        clearInterval(timer);
        clearTimeout(giveUp);
        resolve(Date.now() - started);
      });
    });
  }

  test('a client sending its headers slowly is cut off within the headers timeout', async () => {
    const ms = await slowClient('GET /v1/config HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: 1\r\n', 6000);
    assert.ok(ms < 4000, `closed after ${ms} ms`);
  });

  test('a client sending its body slowly is cut off within the request timeout', async () => {
    const head = `POST /v1/namespaces HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${s.token}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n`;
    const ms = await slowClient(head, ' ', 8000);
    assert.ok(ms < 5000, `closed after ${ms} ms`);
  });

  test('ordinary requests are unaffected', async () => {
    assert.equal((await s.http('GET', '/v1/config')).status, 200);
  });
});
