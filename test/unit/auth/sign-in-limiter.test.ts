// The sign-in limiter with a fake clock: reserve-then-verify (concurrent attempts counted
// one by one), exponential back-off with a cap, per-client before per-account, loopback
// exempt from the per-address budget, refunds on success and on errors.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BackOffTable, waitAfter } from '../../../src/server/auth/back-off.js';
import { DEFAULT_SIGN_IN_LIMITS, SignInLimiter, type RetryAfterError, type SignInClient } from '../../../src/server/auth/rate-limit.js';

const LOCAL: SignInClient = { address: '127.0.0.1', agent: 'attacker/1.0' };
const app: SignInClient = { address: '127.0.0.1', agent: 'Pangolin Desktop' };

function setup() {
  const clock = { t: 1_000_000 };
  const limiter = new SignInLimiter(DEFAULT_SIGN_IN_LIMITS, () => clock.t);
  const attempt = async (account: string, client: SignInClient, ok: boolean): Promise<number> => {
    try {
      return (await limiter.attempt(account, client, () => (ok ? true : undefined))) ? 200 : 401;
    } catch (e) {
      return (e as RetryAfterError).code;
    }
  };
  /** The Retry-After (s) of the next attempt, or 0 when it is let in (and fails). */
  const retryAfter = async (account: string, client: SignInClient): Promise<number> => {
    try {
      await limiter.attempt(account, client, () => undefined);
      return 0;
    } catch (e) {
      return (e as RetryAfterError).retryAfterSeconds;
    }
  };
  return { clock, limiter, attempt, retryAfter };
}

describe('back-off', () => {
  test('free budget, then the wait doubles with each failure, capped', () => {
    const p = { free: 5, baseMs: 1000, capMs: 60_000 };
    assert.deepEqual([0, 4, 5, 6, 7, 10, 11, 12, 1000].map((n) => waitAfter(n, p)), [0, 0, 1000, 2000, 4000, 32_000, 60_000, 60_000, 60_000]);
  });

  test('failures are forgotten after a quiet period; the table stays bounded', () => {
    const t = new BackOffTable({ free: 1, baseMs: 1000, capMs: 60_000, forgetMs: 10_000, maxKeys: 2 });
    t.reserve('a', 0);
    assert.equal(t.waitFor('a', 0), 1000);
    assert.equal(t.waitFor('a', 9_999), 0);
    assert.equal(t.failures('a', 9_999), 1);
    assert.equal(t.failures('a', 10_000), 0, 'forgotten');
    t.reserve('a', 20_000);
    t.reserve('b', 20_001);
    t.reserve('c', 20_002);
    assert.deepEqual(['a', 'b', 'c'].map((k) => t.failures(k, 20_003)), [0, 1, 1], 'the longest-quiet key went first');
  });
});

describe('SignInLimiter', () => {
  test('concurrent attempts: only the free budget is verified, the rest refused before verification', async () => {
    const { limiter } = setup();
    let verified = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const results = Array.from({ length: 30 }, () =>
      limiter.attempt('user:t:alice', LOCAL, async () => {
        verified++;
        await gate;
        return undefined;
      }).then(
        () => 401,
        (e: RetryAfterError) => e.code,
      ),
    );
    release();
    const codes = await Promise.all(results);
    assert.equal(verified, 5);
    assert.equal(codes.filter((c) => c === 401).length, 5);
    assert.equal(codes.filter((c) => c === 429).length, 25);
  });

  test('back-off grows exponentially per client and is capped at 60 s', async () => {
    const { clock, retryAfter } = setup();
    for (let i = 0; i < 5; i++) assert.equal(await retryAfter('root:admin', LOCAL), 0);
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      const wait = await retryAfter('root:admin', LOCAL);
      waits.push(wait);
      clock.t += wait * 1000;
      assert.equal(await retryAfter('root:admin', LOCAL), 0, 'let in once the wait is over');
    }
    assert.deepEqual(waits, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  test('a client that has not failed gets in while another is backing off; success clears its own failures', async () => {
    const { attempt } = setup();
    for (let i = 0; i < 8; i++) await attempt('root:admin', LOCAL, false);
    assert.equal(await attempt('root:admin', LOCAL, true), 429, 'the guessing client waits, even with the right password');
    assert.equal(await attempt('root:admin', app, true), 200);
    // Failing again then succeeding from the app: its slate is clean again.
    for (let i = 0; i < 4; i++) await attempt('root:admin', app, false);
    assert.equal(await attempt('root:admin', app, true), 200);
    for (let i = 0; i < 5; i++) assert.equal(await attempt('root:admin', app, false), 401, 'five free failures again');
    // Other accounts from the guessing client are not affected.
    assert.equal(await attempt('user:t:bob', LOCAL, true), 200);
  });

  test('clients that change their User-Agent meet the per-account budget: a bounded wait for everyone', async () => {
    const { clock, attempt, limiter } = setup();
    let refused = 0;
    for (let i = 0; i < 120; i++) if ((await attempt('root:admin', { address: '127.0.0.1', agent: `bot-${i}` }, false)) === 429) refused++;
    assert.equal(refused, 70, 'only 50 guesses verified');
    const e = await limiter.attempt('root:admin', app, () => true).then(
      () => undefined,
      (x: RetryAfterError) => x,
    );
    assert.ok(e !== undefined && e.code === 429 && e.retryAfterSeconds <= 60, 'a bounded wait');
    assert.match(e.message, /for this account:/);
    clock.t += e.retryAfterSeconds * 1000;
    assert.equal(await attempt('root:admin', app, true), 200);
    assert.equal(await attempt('user:t:bob', { address: '127.0.0.1', agent: 'bot-1' }, true), 200, 'other accounts are not affected');
  });

  test('per address: loopback is exempt, another address backs off after 100 failures across accounts', async () => {
    const { attempt } = setup();
    for (let i = 0; i < 150; i++) assert.equal(await attempt(`user:t:u${i}`, LOCAL, false), 401);
    const remote = { address: '203.0.113.7', agent: 'x' };
    for (let i = 0; i < 100; i++) assert.equal(await attempt(`user:t:v${i}`, remote, false), 401);
    assert.equal(await attempt('user:t:fresh', remote, false), 429);
    assert.equal(await attempt('user:t:fresh', { ...remote, address: '::ffff:203.0.113.8' }, true), 200);
  });

  test('an error from verification refunds the reservation; a 429 does not run verify', async () => {
    const { attempt, limiter } = setup();
    for (let i = 0; i < 10; i++) await assert.rejects(limiter.attempt('user:t:carl', LOCAL, () => Promise.reject(new Error('store down'))), /store down/);
    for (let i = 0; i < 5; i++) assert.equal(await attempt('user:t:carl', LOCAL, false), 401, 'the errors cost nothing');
    let ran = false;
    const e = await limiter.attempt('user:t:carl', LOCAL, () => (ran = true)).catch((x: RetryAfterError) => x);
    assert.equal((e as RetryAfterError).code, 429);
    assert.equal(ran, false);
  });
});
