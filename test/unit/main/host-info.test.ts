import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hostInfoFor, registerHostInfo } from '../../../src/main/host-info.js';
import { HOST_INFO_CHANNEL } from '../../../src/preload/channel.js';

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
