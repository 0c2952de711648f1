// Root credentials both-or-neither and the token round trip, as steps.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Principal } from '../../../src/server/auth/principal.js';
import { rootAuthStep, tokenLoginStep, type TokenIssuer } from '../../../src/server/troubleshoot/auth-checks.js';

describe('rootAuthStep', () => {
  it('both set: pass, Basic auth is for root only', () => {
    const s = rootAuthStep(true, true);
    assert.equal(s.status, 'pass');
    assert.match(s.message, /Basic auth is only for root/);
  });
  it('neither set: pass, says Basic is off and how to sign in instead', () => {
    const s = rootAuthStep(false, false);
    assert.equal(s.status, 'pass');
    assert.match(s.message, /root Basic auth is off/);
    assert.match(s.message, /\/api\/v1\/users\/login/);
    assert.match(s.fix ?? '', /set both/);
  });
  it('only one set: fail naming the missing one (seed Issue 1)', () => {
    const user = rootAuthStep(true, false);
    assert.equal(user.status, 'fail');
    assert.match(user.message, /PANGOLIN_ROOT_USER is set but PANGOLIN_ROOT_PASSWORD is not/);
    assert.equal(user.fix, 'Set PANGOLIN_ROOT_PASSWORD as well (or unset PANGOLIN_ROOT_USER)');
    assert.match(rootAuthStep(false, true).fix ?? '', /Set PANGOLIN_ROOT_USER as well/);
  });
});

describe('tokenLoginStep', () => {
  const client: Principal = { kind: 'client', clientId: 'c1', tenantId: 't', name: 'etl', role: 'tenant-admin' };
  const working: TokenIssuer = { issue: async () => ({ token: 'tok' }), verify: async () => client };
  it('issues and verifies a token for the caller', async () => {
    const s = await tokenLoginStep(working, client, 'Bearer');
    assert.equal(s.status, 'pass');
    assert.match(s.message, /service user "etl" with a bearer token/);
  });
  it('root over Basic is named as such', async () => {
    const root: Principal = { kind: 'root', name: 'admin' };
    const s = await tokenLoginStep({ issue: async () => ({ token: 't' }), verify: async () => root }, root, 'Basic');
    assert.match(s.message, /root \("admin"\) with HTTP Basic/);
  });
  it('a broken signing key fails with the fix', async () => {
    const broken: TokenIssuer = { issue: async () => ({ token: 'tok' }), verify: async () => Promise.reject(new Error('signature verification failed')) };
    const s = await tokenLoginStep(broken, client, 'Bearer');
    assert.equal(s.status, 'fail');
    assert.match(s.message, /signature verification failed/);
    assert.match(s.fix ?? '', /PANGOLIN_JWT_SECRET/);
  });
});
