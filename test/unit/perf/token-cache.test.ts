// Verified bearer tokens are remembered, but never past their expiry, and only the exact
// token text that verified is accepted from the cache.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import { TokenService } from '../../../src/server/auth/tokens.js';

const SECRET = 'x'.repeat(48);
const client = { kind: 'client' as const, clientId: 'c1', tenantId: 't1', name: 'one', role: 'tenant-user' as const };
/** What verify() gives back: the client, and when its grant was made (the mocked now). */
const verified = { ...client, authTime: Date.UTC(2030, 0, 1) / 1000 };

describe('TokenService verification cache', () => {
  beforeEach(() => mock.timers.enable({ apis: ['Date'], now: Date.UTC(2030, 0, 1) }));
  afterEach(() => mock.timers.reset());

  test('a cached token still expires: 419 after its exp, also when it verified before', async () => {
    const tokens = new TokenService(SECRET, 60);
    const { token } = await tokens.issue(client);
    assert.deepEqual(await tokens.verify(token), verified);
    assert.deepEqual(await tokens.verify(token), verified); // cache hit
    mock.timers.tick(59_000);
    assert.deepEqual(await tokens.verify(token), verified);
    mock.timers.tick(1_000); // now == exp: expired (as jose decides)
    await assert.rejects(tokens.verify(token), (e: { code?: number; type?: string }) => e.code === 419 && e.type === 'AuthenticationTimeoutException');
    await assert.rejects(tokens.verify(token), (e: { code?: number }) => e.code === 419);
  });

  test('a tampered copy of a cached token is rejected', async () => {
    const tokens = new TokenService(SECRET, 60);
    const { token } = await tokens.issue(client);
    await tokens.verify(token);
    const [h, p, s] = token.split('.');
    const tampered = `${h}.${p}.${s.slice(0, -2)}${s.endsWith('AA') ? 'BB' : 'AA'}`;
    await assert.rejects(tokens.verify(tampered), (e: { code?: number }) => e.code === 401);
    const other = new TokenService('y'.repeat(48), 60);
    await assert.rejects(other.verify(token), (e: { code?: number }) => e.code === 401);
  });

  test('the principal handed out is read-only', async () => {
    const tokens = new TokenService(SECRET, 60);
    const { token } = await tokens.issue(client);
    const p = await tokens.verify(token);
    assert.ok(Object.isFrozen(p));
  });

  test('clearVerified() forgets everything', async () => {
    const tokens = new TokenService(SECRET, 60);
    const { token } = await tokens.issue(client);
    await tokens.verify(token);
    tokens.clearVerified();
    assert.deepEqual(await tokens.verify(token), verified);
  });
});
