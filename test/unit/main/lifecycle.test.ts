import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, test } from 'node:test';
import { installCleanShutdown, reportFailure, startWhenReady } from '../../../src/main/lifecycle.js';

/** An Electron app stand-in: quit() emits before-quit and quits unless it was prevented. */
class FakeApp extends EventEmitter {
  quits = 0;
  exited = false;
  quit() {
    this.quits += 1;
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.exited = true;
  }
}

function deferred() {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('clean shutdown', () => {
  test('quit waits for the server to stop, then really quits', async () => {
    const app = new FakeApp();
    const stop = deferred();
    let stops = 0;
    installCleanShutdown(app, () => (stops++, stop.promise), { logger: { error: () => undefined } });
    app.quit();
    assert.equal(app.exited, false, 'held while the server stops');
    app.quit(); // a second Quit click while stopping
    assert.equal(stops, 1, 'stop runs once');
    assert.equal(app.exited, false);
    stop.resolve();
    await tick();
    assert.equal(app.exited, true);
  });

  test('an error while stopping is logged and the app still quits', async () => {
    const app = new FakeApp();
    const errors: unknown[] = [];
    installCleanShutdown(app, () => Promise.reject(new Error('store close failed')), { logger: { error: (m, e) => errors.push(m, e) } });
    app.quit();
    await tick();
    assert.equal(app.exited, true);
    assert.match(String(errors[0]), /stopping the catalog server/);
    assert.match((errors[1] as Error).message, /store close failed/);
  });

  test('a stop that hangs is given up on after the time limit', async () => {
    const app = new FakeApp();
    const errors: string[] = [];
    installCleanShutdown(app, () => new Promise<void>(() => undefined), { timeoutMs: 20, logger: { error: (m) => errors.push(m) } });
    app.quit();
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(app.exited, true);
    assert.match(errors[0]!, /did not stop within 20 ms/);
  });

  test('with the real ServerHost: the server is closed before the app exits', async () => {
    const { ServerHost } = await import('../../../src/main/server-host.js');
    const { loadConfig } = await import('../../../src/server/config.js');
    const log: string[] = [];
    const host = new ServerHost({
      loadConfig: (env) => loadConfig({ ...env, PORT: '0' }),
      createServer: async (config) =>
        ({
          config,
          bootstrap: { clientId: 'c', clientSecret: 's' },
          listen: async () => ({ url: 'http://127.0.0.1:5', port: 5 }),
          close: async () => {
            await tick();
            log.push('server closed');
          },
        }) as never,
      fetch: (async () => Response.json({ access_token: 't', expires_in: 3600 })) as typeof fetch,
      logger: { info: () => undefined, warn: () => undefined },
    });
    await host.start({ port: 0, dataDir: '/unused' });
    const app = new FakeApp();
    app.on('before-quit', () => log.push(`before-quit (${host.status().state})`));
    installCleanShutdown(app, () => host.stop());
    app.quit();
    await tick();
    await tick();
    assert.equal(app.exited, true);
    assert.equal(host.status().state, 'stopped');
    assert.deepEqual(log, ['before-quit (running)', 'server closed', 'before-quit (stopped)']);
  });
});

describe('startWhenReady and reportFailure (issue 15: no unhandled rejections in main)', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);

  test('a start that rejects reaches the failure handler, not an unhandled rejection', async () => {
    process.on('unhandledRejection', onUnhandled);
    try {
      const failed: unknown[] = [];
      await startWhenReady(() => Promise.resolve(), () => Promise.reject(new Error('server would not start')), (e) => failed.push(e));
      await startWhenReady(() => Promise.reject(new Error('not ready')), async () => assert.fail('must not start'), (e) => failed.push(e));
      await startWhenReady(() => Promise.resolve(), async () => {}, () => assert.fail('nothing failed'));
      // A failure handler that itself throws is logged, still no unhandled rejection.
      await startWhenReady(() => Promise.resolve(), () => Promise.reject(new Error('x')), () => { throw new Error('dialog broke'); });
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(failed.map((e) => (e as Error).message), ['server would not start', 'not ready']);
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  test('reportFailure runs the task at once and reports a rejection or a throw', async () => {
    process.on('unhandledRejection', onUnhandled);
    try {
      const reported: string[] = [];
      let ran = false;
      reportFailure(() => { ran = true; return Promise.resolve(); }, () => reported.push('no'));
      assert.equal(ran, true, 'synchronously');
      reportFailure(() => Promise.reject(new Error('ERR_CONNECTION_REFUSED')), (e) => reported.push((e as Error).message));
      reportFailure(() => { throw new Error('sync'); }, (e) => reported.push((e as Error).message));
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(reported.sort(), ['ERR_CONNECTION_REFUSED', 'sync']);
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
