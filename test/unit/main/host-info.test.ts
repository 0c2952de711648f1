import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { DesktopSecrets } from '../../../src/main/desktop-secrets.js';
import { hostInfoFor, registerHostInfo, registerRootPasswordAck } from '../../../src/main/host-info.js';
import { SecretBox } from '../../../src/main/secrets.js';
import { HOST_INFO_CHANNEL, ROOT_PASSWORD_SHOWN_CHANNEL, type HostInfo } from '../../../src/preload/channel.js';
import { fakeSafeStorage } from './fakes.js';

const INFO = { serverUrl: 'http://127.0.0.1:8080', sessionToken: 'tok' };

describe('host info for the preload', () => {
  test('only frames on an allowed origin get the token', () => {
    assert.deepEqual(hostInfoFor('http://127.0.0.1:8080/#/status', [INFO.serverUrl], INFO), INFO);
    assert.equal(hostInfoFor('https://evil.example/', [INFO.serverUrl], INFO), null);
    assert.equal(hostInfoFor('file:///tmp/x.html', [INFO.serverUrl], INFO), null);
    assert.equal(hostInfoFor(undefined, [INFO.serverUrl], INFO), null);
    assert.equal(hostInfoFor('http://127.0.0.1:8080/', [INFO.serverUrl], undefined), null, 'server not started yet');
  });

  test('the IPC handler answers synchronously through returnValue', () => {
    let handler: ((e: { senderFrame: { url: string } | null; returnValue?: unknown }) => void) | undefined;
    registerHostInfo(
      {
        on: (channel: string, h: never) => {
          assert.equal(channel, HOST_INFO_CHANNEL);
          handler = h;
          return undefined as never;
        },
      },
      () => [INFO.serverUrl],
      () => INFO,
    );
    const ok: { senderFrame: { url: string }; returnValue?: unknown } = { senderFrame: { url: `${INFO.serverUrl}/` } };
    handler!(ok);
    assert.deepEqual(ok.returnValue, INFO);
    const bad: { senderFrame: { url: string }; returnValue?: unknown } = { senderFrame: { url: 'http://127.0.0.1:1/' } };
    handler!(bad);
    assert.equal(bad.returnValue, null);
  });
});

describe('the root password in the host info', () => {
  const SERVER = 'http://127.0.0.1:8080';
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pangolin-host-info-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Wires both IPC handlers the way index.ts does, against fake ipcMain registrations. */
  function wire(secrets: DesktopSecrets) {
    const on = new Map<string, (e: { senderFrame: { url: string } | null; returnValue?: unknown }) => void>();
    const handle = new Map<string, (e: { senderFrame: { url: string } | null }) => unknown>();
    registerHostInfo({ on: ((c: string, h: never) => on.set(c, h)) as never }, () => [SERVER], () => {
      const rootPassword = secrets.pendingRootPassword();
      return { serverUrl: SERVER, sessionToken: 'tok', ...(rootPassword ? { rootPassword } : {}) };
    });
    registerRootPasswordAck({ handle: ((c: string, h: never) => handle.set(c, h)) as never }, () => [SERVER], () => secrets.markRootPasswordShown());
    return {
      /** What the preload of a page load on `url` receives. */
      pageLoad(url = `${SERVER}/`) {
        const event: { senderFrame: { url: string }; returnValue?: unknown } = { senderFrame: { url } };
        on.get(HOST_INFO_CHANNEL)!(event);
        return event.returnValue as HostInfo | null;
      },
      acknowledge(url = `${SERVER}/`) {
        return handle.get(ROOT_PASSWORD_SHOWN_CHANNEL)!({ senderFrame: { url } });
      },
    };
  }

  const load = () => DesktopSecrets.load({ dir, dataDir: dir, box: new SecretBox(fakeSafeStorage(), { warn: () => undefined }), env: {} });

  test('delivered on every page load until the window acknowledges it, then never again', () => {
    const secrets = load();
    const ipc = wire(secrets);
    const first = ipc.pageLoad();
    assert.deepEqual(first, { serverUrl: SERVER, sessionToken: 'tok', rootPassword: { user: 'admin', password: secrets.rootPassword } });
    assert.deepEqual(ipc.pageLoad()?.rootPassword, first?.rootPassword, 'a reload before acknowledging shows it again');
    assert.equal(ipc.acknowledge(), true);
    assert.deepEqual(ipc.pageLoad(), { serverUrl: SERVER, sessionToken: 'tok' });
    // Next launch: still acknowledged.
    assert.deepEqual(wire(load()).pageLoad(), { serverUrl: SERVER, sessionToken: 'tok' });
  });

  test('frames on another origin neither see it nor can acknowledge it', () => {
    const secrets = load();
    const ipc = wire(secrets);
    assert.equal(ipc.pageLoad('https://evil.example/'), null);
    assert.equal(ipc.acknowledge('https://evil.example/'), false);
    assert.equal(ipc.pageLoad()?.rootPassword?.password, secrets.rootPassword, 'still pending');
  });

  test('hostInfoFor copies only the known fields', () => {
    const info = { serverUrl: SERVER, sessionToken: 't', rootPassword: { user: 'admin', password: 'p', extra: 1 }, other: 2 } as unknown as HostInfo;
    assert.deepEqual(hostInfoFor(`${SERVER}/`, [SERVER], info), { serverUrl: SERVER, sessionToken: 't', rootPassword: { user: 'admin', password: 'p' } });
  });
});
