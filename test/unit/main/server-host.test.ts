import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createNetServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { findFreePort, isPortFree, PortInUseError, ServerHost } from '../../../src/main/server-host.js';
import { loadConfig, type ServerConfig } from '../../../src/server/config.js';
import type { ServerHandle } from '../../../src/server/index.js';

const quiet = { info: () => undefined, warn: () => undefined };

function occupy(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createNetServer();
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

/** A ServerHandle stand-in that records what happened to it. */
function fakeHandle(config: ServerConfig, log: string[]): ServerHandle {
  return {
    config,
    bootstrap: { clientId: 'cid', clientSecret: 'secret' },
    listen: async () => {
      log.push('listen');
      return { url: 'http://127.0.0.1:5555', port: 5555 };
    },
    close: async () => {
      log.push('close');
    },
  } as unknown as ServerHandle;
}

const tokenFetch = (async (_url: string | URL | Request, init?: RequestInit) => {
  const form = new URLSearchParams(String(init?.body));
  if (form.get('client_secret') !== 'secret') return new Response('{"error":"invalid_client"}', { status: 401 });
  return Response.json({ access_token: 'minted', token_type: 'bearer', expires_in: 3600 });
}) as typeof fetch;

describe('port probing', () => {
  test('a listening port is reported in use, a closed one free', async () => {
    const { server, port } = await occupy();
    try {
      assert.equal(await isPortFree(port), false);
    } finally {
      await new Promise((r) => server.close(r));
    }
    assert.equal(await isPortFree(port), true);
  });

  test('findFreePort skips ports in use', async () => {
    const { server, port } = await occupy();
    try {
      const free = await findFreePort(port);
      assert.ok(free !== undefined && free > port);
      assert.equal(await isPortFree(free), true);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe('ServerHost with an injected server', () => {
  test('forces 127.0.0.1, lets env PORT win, passes data dir and web root, mints a token', async () => {
    const seen: Record<string, string | undefined>[] = [];
    const log: string[] = [];
    const host = new ServerHost({
      loadConfig: (env) => {
        seen.push(env);
        return loadConfig({ ...env, PORT: '0' });
      },
      createServer: async (config) => fakeHandle(config, log),
      fetch: tokenFetch,
      logger: quiet,
    });
    await host.start({ port: 8080, dataDir: '/data', webRoot: '/web', env: { PORT: '9191', PANGOLIN_BIND_ADDRESS: '0.0.0.0' } });
    assert.equal(seen[0]?.PANGOLIN_BIND_ADDRESS, '127.0.0.1');
    assert.equal(seen[0]?.PORT, '9191');
    assert.equal(seen[0]?.PANGOLIN_DATA_DIR, '/data');
    assert.equal(seen[0]?.PANGOLIN_WEB_ROOT, '/web');
    assert.equal(host.sessionToken, 'minted');
    assert.deepEqual(host.status(), { state: 'running', url: 'http://127.0.0.1:5555', port: 5555, dataDir: '/data' });
    await assert.rejects(host.start({ port: 1, dataDir: '/data' }), /already running/);
    await host.stop();
    assert.deepEqual(log, ['listen', 'close']);
    assert.deepEqual(host.status(), { state: 'stopped' });
    assert.equal(host.sessionToken, undefined);
  });

  test('status changes are reported to listeners (window title, tray)', async () => {
    const host = new ServerHost({
      loadConfig: (env) => loadConfig({ ...env, PORT: '0' }),
      createServer: async (config) => fakeHandle(config, []),
      fetch: tokenFetch,
      logger: quiet,
    });
    const states: string[] = [];
    const off = host.onStatusChange((s) => states.push(s.state));
    host.onStatusChange(() => {
      throw new Error('a broken listener does not break the host');
    });
    await host.start({ port: 0, dataDir: '/d' });
    await host.stop();
    off();
    await host.start({ port: 0, dataDir: '/d' });
    await host.stop();
    assert.deepEqual(states, ['starting', 'running', 'stopping', 'stopped']);
  });

  test('an empty PANGOLIN_DATA_DIR counts as unset (as in the server config)', async () => {
    const seen: Record<string, string | undefined>[] = [];
    const host = new ServerHost({
      loadConfig: (env) => (seen.push(env), loadConfig({ ...env, PORT: '0' })),
      createServer: async (config) => fakeHandle(config, []),
      fetch: tokenFetch,
      logger: quiet,
    });
    await host.start({ port: 0, dataDir: '/user-data', env: { PANGOLIN_DATA_DIR: '' } });
    await host.stop();
    assert.equal(seen[0]?.PANGOLIN_DATA_DIR, '/user-data');
  });

  test('a port in use fails before the server is created, naming a free port', async () => {
    const { server, port } = await occupy();
    let created = 0;
    const host = new ServerHost({ createServer: async (c) => (created++, fakeHandle(c, [])), fetch: tokenFetch, logger: quiet });
    try {
      const err = await host.start({ port, dataDir: '/unused' }).then(
        () => assert.fail('start should fail'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof PortInUseError);
      assert.equal(err.port, port);
      assert.equal(err.code, 'EADDRINUSE');
      assert.ok(err.suggestedPort && err.suggestedPort !== port);
      assert.match(err.message, new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use.*Port ${err.suggestedPort} is free`));
      assert.equal(created, 0);
      assert.equal(host.status().state, 'failed');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  test('a failed token request stops the server again', async () => {
    const log: string[] = [];
    const host = new ServerHost({
      loadConfig: (env) => loadConfig({ ...env, PORT: '0' }),
      createServer: async (config) => ({ ...fakeHandle(config, log), bootstrap: { clientId: 'cid', clientSecret: 'wrong' } }) as unknown as ServerHandle,
      fetch: tokenFetch,
      logger: quiet,
    });
    await assert.rejects(host.start({ port: 0, dataDir: '/d' }), /session token.*401/);
    assert.deepEqual(log, ['listen', 'close']);
    assert.equal(host.status().state, 'failed');
  });

  test('a bad environment variable surfaces as the config error', async () => {
    const host = new ServerHost({ logger: quiet });
    await assert.rejects(host.start({ port: 0, dataDir: '/d', env: { PANGOLIN_STORAGE_TYPE: 'oracle' } }), /PANGOLIN_STORAGE_TYPE/);
  });
});

describe('ServerHost with the real server', () => {
  let dataDir: string;
  before(() => (dataDir = mkdtempSync(join(tmpdir(), 'pangolin-host-'))));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('starts on 127.0.0.1, the session token works, stop closes the port', async () => {
    const host = new ServerHost({ logger: quiet });
    const { url, port } = await host.start({ port: 0, dataDir, env: { PORT: '0', PANGOLIN_STORAGE_TYPE: 'memory', PANGOLIN_LOG_LEVEL: 'silent' } });
    try {
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${url}/api/v1/server/status`, { headers: { authorization: `Bearer ${host.sessionToken}` } });
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { bind_address: string }).bind_address, '127.0.0.1');
      assert.equal((await fetch(`${url}/api/v1/server/status`)).status, 401);
    } finally {
      // A failed check must not leave the server running (the test process would never end).
      await host.stop();
    }
    assert.equal(await isPortFree(port), true);
    await assert.rejects(fetch(`${url}/api/v1/health`));
  });
});
