// A database outage: requests answer 503 quickly (no hang, no crash); when the database
// is back, the server reconnects by itself. Real PostgreSQL / FerretDB behind a TCP proxy.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { startTestServer, type HttpResult, type TestServer } from '../helpers/server.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const backends = [
  { kind: 'postgres' as const, url: process.env.PANGOLIN_TEST_POSTGRES_URL, script: 'scripts/start-postgres.sh' },
  { kind: 'mongodb' as const, url: process.env.PANGOLIN_TEST_MONGO_URL, script: 'scripts/start-ferretdb.sh' },
];

for (const b of backends) {
  describe(`${b.kind} outage`, () => {
    if (!b.url) {
      if (process.env.CI) throw new Error(`PANGOLIN_TEST_${b.kind === 'postgres' ? 'POSTGRES' : 'MONGO'}_URL is not set: run ${b.script}`);
      test(`skipped: no ${b.kind} server (run ${b.script})`, { skip: true }, () => {});
      return;
    }
    let proxy: TcpProxy;
    let s: TestServer;
    const dataDir = mkdtempSync(join(tmpdir(), 'pangolin-outage-'));
    after(async () => {
      await s?.stop();
      await proxy?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    test('503 during the outage, recovery afterwards, nothing lost', async () => {
      const target = new URL(b.url!);
      proxy = await startTcpProxy(target.hostname, Number(target.port || (b.kind === 'postgres' ? 5432 : 27017)));
      const viaProxy = new URL(b.url!);
      viaProxy.port = String(proxy.port);
      if (b.kind === 'mongodb') viaProxy.pathname = `/pangolin_outage_${process.pid}`;
      s = await startTestServer({ storeType: b.kind, dataDir, env: { DATABASE_URL: viaProxy.href } });
      const ns = `outage_${process.pid}`;
      assert.equal((await s.http('POST', '/v1/local/namespaces', { namespace: [ns] })).status, 200);

      await proxy.cut();
      const started = Date.now();
      const during = await s.http('GET', `/v1/local/namespaces/${ns}`);
      const took = Date.now() - started;
      assert.equal(during.status, 503, during.text);
      assert.equal(during.body.error.type, 'ServiceUnavailableException');
      assert.ok(!during.text.includes(target.password || '\u0000'), 'the password is not in the message');
      assert.ok(took < 15000, `answered in ${took} ms, not a hang`);

      await proxy.restore();
      let after: HttpResult | undefined;
      for (let i = 0; i < 50; i++) {
        after = await s.http('GET', `/v1/local/namespaces/${ns}`);
        if (after.status === 200) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.equal(after?.status, 200, after?.text);
      assert.deepEqual(after?.body.namespace, [ns]);
    });
  });
}
