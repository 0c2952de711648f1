// The browser session's tokens: stored per tab, refreshed before expiry and on demand,
// one refresh at a time (a replayed refresh token ends every session of the user).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EXPIRES_KEY, REFRESH_KEY, refreshDelay, SessionTokens, TOKEN_KEY, type IssuedTokens } from '../../../src/renderer/src/lib/session-tokens.js';

function memoryStorage() {
  const m = new Map<string, string>();
  return { map: m, getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
}

function fakeTimers() {
  const timers: { fn: () => void; ms: number; cleared: boolean }[] = [];
  return {
    timers,
    setTimer: (fn: () => void, ms: number) => {
      const t = { fn, ms, cleared: false };
      timers.push(t);
      return t;
    },
    clearTimer: (h: unknown) => void ((h as { cleared: boolean }).cleared = true),
    live: () => timers.filter((t) => !t.cleared),
  };
}

describe('refreshDelay', () => {
  test('a minute before expiry for long tokens, 80% of short ones, at least a second', () => {
    assert.equal(refreshDelay(900_000, 0), 840_000);
    assert.equal(refreshDelay(60_000, 0), 48_000);
    assert.equal(refreshDelay(500, 0), 1000);
    assert.equal(refreshDelay(0, 10_000), 1000);
  });
});

describe('SessionTokens', () => {
  test('stores the tokens in sessionStorage and reads them back', () => {
    const storage = memoryStorage();
    const t = fakeTimers();
    const s = new SessionTokens({ storage, refresh: async () => ({ token: 'x' }), now: () => 1_000, ...t });
    s.set({ token: 'a', refresh_token: 'prt_1', expires_in: 900 });
    assert.equal(storage.map.get(TOKEN_KEY), 'a');
    assert.equal(storage.map.get(REFRESH_KEY), 'prt_1');
    assert.equal(storage.map.get(EXPIRES_KEY), String(1_000 + 900_000));
    const again = new SessionTokens({ storage, refresh: async () => ({ token: 'x' }), ...t });
    assert.deepEqual(again.current, { token: 'a', refreshToken: 'prt_1', expiresAt: 901_000 });
    s.clear();
    assert.equal(storage.map.size, 0);
  });

  test('plans a refresh before expiry and swaps the tokens when it fires', async () => {
    const t = fakeTimers();
    const calls: string[] = [];
    let n = 0;
    const s = new SessionTokens({ storage: memoryStorage(), now: () => 0, ...t, refresh: async (rt) => (calls.push(rt), { token: `t${++n}`, refresh_token: `prt_${n + 1}`, expires_in: 900 }) });
    s.set({ token: 't0', refresh_token: 'prt_1', expires_in: 900 });
    assert.equal(t.live().length, 1);
    assert.equal(t.live()[0]!.ms, 840_000);
    let notified = 0;
    s.subscribe(() => notified++);
    const due = t.live()[0]!;
    due.cleared = true; // fired
    due.fn();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(calls, ['prt_1']);
    assert.equal(s.current?.token, 't1');
    assert.equal(s.current?.refreshToken, 'prt_2');
    assert.equal(notified, 1);
    assert.equal(t.live().length, 1, 'the next refresh is planned');
  });

  test('concurrent refreshes share one request; a request refused with an old token just retries', async () => {
    let release!: (v: IssuedTokens) => void;
    let calls = 0;
    const s = new SessionTokens({ storage: memoryStorage(), ...fakeTimers(), refresh: () => (calls++, new Promise((r) => (release = r))) });
    s.set({ token: 'old', refresh_token: 'prt_1', expires_in: 900 });
    const a = s.refresh('old');
    const b = s.refresh('old');
    release({ token: 'new', refresh_token: 'prt_2', expires_in: 900 });
    assert.deepEqual(await Promise.all([a, b]), [true, true]);
    assert.equal(calls, 1);
    assert.equal(await s.refresh('old'), true, 'stale token: the new one is already there');
    assert.equal(calls, 1);
  });

  test('a refused refresh spends the refresh token; no refresh token, no refresh', async () => {
    const storage = memoryStorage();
    let calls = 0;
    const s = new SessionTokens({ storage, ...fakeTimers(), refresh: async () => (calls++, Promise.reject(new Error('401'))) });
    s.set({ token: 'a', refresh_token: 'prt_1', expires_in: 900 });
    assert.equal(await s.refresh('a'), false);
    assert.equal(s.current?.token, 'a');
    assert.equal(s.current?.refreshToken, undefined);
    assert.equal(storage.map.has(REFRESH_KEY), false);
    assert.equal(await s.refresh('a'), false);
    assert.equal(calls, 1);
    const service = new SessionTokens({ storage: memoryStorage(), ...fakeTimers(), refresh: async () => ({ token: 'never' }) });
    service.set({ token: 'client-credentials', expires_in: 3600 });
    assert.equal(await service.refresh('client-credentials'), false);
  });

  test('dispose stops the timer; resume plans it again (a remount)', () => {
    const t = fakeTimers();
    const s = new SessionTokens({ storage: memoryStorage(), now: () => 0, ...t, refresh: async () => ({ token: 'x' }) });
    s.set({ token: 'a', refresh_token: 'prt_1', expires_in: 120 });
    assert.equal(t.live().length, 1);
    s.dispose();
    assert.equal(t.live().length, 0);
    s.resume();
    assert.equal(t.live().length, 1);
    assert.equal(t.live()[0]!.ms, 96_000);
  });

  test('signing out while a refresh runs keeps the sign-out', async () => {
    let release!: (v: IssuedTokens) => void;
    const s = new SessionTokens({ storage: memoryStorage(), ...fakeTimers(), refresh: () => new Promise((r) => (release = r)) });
    s.set({ token: 'a', refresh_token: 'prt_1', expires_in: 900 });
    const pending = s.refresh('a');
    s.clear();
    release({ token: 'b', refresh_token: 'prt_2', expires_in: 900 });
    assert.equal(await pending, false);
    assert.equal(s.current, undefined);
  });
});
