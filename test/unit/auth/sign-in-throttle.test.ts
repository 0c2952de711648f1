// The sign-in failure throttle: guesses always recorded, repeats once a minute, and a
// ceiling per address; plus the tagging helpers the refusing code uses.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { attemptedName, failureOf, refused, SignInAuditThrottle, type SignInFailure } from '../../../src/server/auth/sign-in-failures.js';

const guess: SignInFailure = { kind: 'user', name: 'alice', id: 'u1', tenantId: 't1', reason: 'wrong-password' };
const limited: SignInFailure = { ...guess, reason: 'rate-limited' };
const R = 'POST /api/v1/users/login';

describe('SignInAuditThrottle', () => {
  test('every guess is recorded; a repeating refusal once per window and route', () => {
    const t = new SignInAuditThrottle(60_000, 1000);
    for (let i = 0; i < 5; i++) assert.equal(t.decide(guess, '10.0.0.1', R, 1000 + i), 'record');
    assert.equal(t.decide(limited, '10.0.0.1', R, 2000), 'record');
    assert.equal(t.decide(limited, '10.0.0.1', R, 3000), 'drop');
    assert.equal(t.decide(limited, '10.0.0.2', R, 3000), 'record', 'another address');
    assert.equal(t.decide({ ...limited, id: 'u2' }, '10.0.0.1', R, 3000), 'record', 'another account');
    assert.equal(t.decide(limited, '10.0.0.1', 'GET /v1/config', 3000), 'record', 'another route');
    assert.equal(t.decide(limited, '10.0.0.1', R, 62_001), 'record', 'a minute later');
  });

  test('no address gets more than its ceiling per window; the first drop is flagged', () => {
    const t = new SignInAuditThrottle(60_000, 3);
    const seen = [0, 1, 2, 3, 4].map((i) => t.decide(guess, '10.0.0.9', R, 100 + i));
    assert.deepEqual(seen, ['record', 'record', 'record', 'drop-first', 'drop']);
    assert.equal(t.decide(guess, '10.0.0.8', R, 200), 'record', 'other addresses are unaffected');
    assert.equal(t.decide(guess, '10.0.0.9', R, 60_200), 'record', 'the next window starts afresh');
  });
});

describe('refusal tags', () => {
  test('refused() marks an error, failureOf() reads it, nothing else carries one', () => {
    const e = refused(new Error('no'), guess);
    assert.deepEqual(failureOf(e), guess);
    assert.equal(failureOf(new Error('plain')), undefined);
    assert.equal(failureOf(undefined), undefined);
    assert.equal(JSON.stringify(e), '{}', 'the tag is not serialised with the error');
  });

  test('attemptedName drops control characters and caps the length', () => {
    assert.equal(attemptedName('bob\n{"forged":1}'), 'bob?{"forged":1}');
    assert.equal(attemptedName('x'.repeat(500)).length, 129);
  });
});
