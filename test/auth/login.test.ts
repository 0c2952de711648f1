// Signing in: user login with refresh rotation and reuse detection, logout, Basic refused
// for tenant users, rate limits, API keys as Bearer / X-API-Key, and revocation or
// disabling taking effect at once. Real server, real store, real argon2.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { generateApiKey } from '../../src/server/auth/api-keys.js';
import { hashGeneratedSecret } from '../../src/server/auth/secret-hash.js';
import { getToken, requestJson, startTestServer, type TestServer } from '../helpers/server.js';
import { createServiceUser, createUser, ROOT_ENV, ROOT_PASSWORD, ROOT_USER } from './principals.js';

describe('signing in', () => {
  let s: TestServer;
  let tenantId: string;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) => requestJson(`${s.url}${path}`, 'POST', body, headers);
  const get = (path: string, headers: Record<string, string>) => requestJson(`${s.url}${path}`, 'GET', undefined, headers);
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

  before(async () => {
    s = await startTestServer({ env: ROOT_ENV });
    tenantId = s.handle.bootstrap.tenant.id;
  });
  after(() => s?.stop());

  test('a user logs in, uses the token, refreshes (rotating), and a replayed refresh token ends every session', async () => {
    const u = await createUser(s, tenantId, 'carol', 'tenant-user');
    const first = await post('/api/v1/users/login', { username: 'carol', password: u.password });
    assert.equal(first.status, 200, first.text);
    assert.equal(first.body.token_type, 'bearer');
    assert.equal(first.body.token, first.body.access_token);
    assert.equal(first.body.expires_in, 900);
    assert.match(first.body.refresh_token, /^prt_/);
    assert.deepEqual({ kind: first.body.principal.kind, name: first.body.principal.name, role: first.body.principal.role }, { kind: 'user', name: 'carol', role: 'tenant-user' });
    assert.equal((await get('/api/v1/me', bearer(first.body.token))).body.name, 'carol');

    const second = await post('/api/v1/users/refresh', { refresh_token: first.body.refresh_token });
    assert.equal(second.status, 200, second.text);
    assert.notEqual(second.body.refresh_token, first.body.refresh_token);
    assert.equal((await get('/api/v1/me', bearer(second.body.token))).status, 200);
    // The rotated-away session's access token is over.
    assert.equal((await get('/api/v1/me', bearer(first.body.token))).status, 401);

    const replay = await post('/api/v1/users/refresh', { refresh_token: first.body.refresh_token });
    assert.equal(replay.status, 401);
    assert.match(replay.body.error.message, /already used or revoked.*every session/);
    assert.equal((await get('/api/v1/me', bearer(second.body.token))).status, 401, 'the replay ended the newer session too');
    assert.equal((await post('/api/v1/users/refresh', { refresh_token: second.body.refresh_token })).status, 401);
  });

  test('two refreshes racing with one token: exactly one wins', async () => {
    const u = await createUser(s, tenantId, 'dave', 'tenant-user');
    const login = await post('/api/v1/users/login', { username: 'dave', password: u.password });
    const results = await Promise.all([0, 1, 2, 3].map(() => post('/api/v1/users/refresh', { refresh_token: login.body.refresh_token })));
    assert.ok(results.filter((r) => r.status === 200).length <= 1, results.map((r) => r.status).join(','));
  });

  test('logout ends the session: its access token and refresh token stop working', async () => {
    const u = await createUser(s, tenantId, 'erin', 'tenant-user');
    const login = await post('/api/v1/users/login', { username: 'erin', password: u.password });
    const out = await post('/api/v1/users/logout', {}, bearer(login.body.token));
    assert.equal(out.status, 200, out.text);
    assert.equal(out.body.logged_out, true);
    const after = await get('/api/v1/me', bearer(login.body.token));
    assert.equal(after.status, 401);
    assert.match(after.body.error.message, /session ended/);
    const other = await post('/api/v1/users/login', { username: 'erin', password: u.password });
    const stale = await post('/api/v1/users/refresh', { refresh_token: login.body.refresh_token });
    assert.equal(stale.status, 401);
    assert.match(stale.body.error.message, /session was ended/);
    // An ended session coming back is not theft: the user's other session lives on.
    assert.equal((await get('/api/v1/me', bearer(other.body.token))).status, 200);
    assert.equal((await post('/api/v1/users/refresh', { refresh_token: other.body.refresh_token })).status, 200);
  });

  test('wrong password and unknown user get the same answer; bad input is a 400', async () => {
    await createUser(s, tenantId, 'frank', 'tenant-user');
    const wrong = await post('/api/v1/users/login', { username: 'frank', password: 'not-his-password' });
    const unknown = await post('/api/v1/users/login', { username: 'nobody-here', password: 'whatever-pass' });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.equal(wrong.body.error.message, unknown.body.error.message);
    assert.equal((await post('/api/v1/users/login', { username: 'frank', password: 'x', tenant: 'no-such-tenant' })).status, 404);
    for (const body of ['{not json', { username: 'frank' }, { username: 1, password: 'x' }, { username: 'frank', password: 'x', extra: true }]) {
      const r = await post('/api/v1/users/login', body);
      assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
      assert.equal(r.body.error.code, 400);
    }
  });

  test('root logs in with its password too; Basic for a tenant user says to log in', async () => {
    const root = await post('/api/v1/users/login', { username: ROOT_USER, password: ROOT_PASSWORD });
    assert.equal(root.status, 200, root.text);
    assert.equal(root.body.principal.role, 'root');
    assert.equal(root.body.refresh_token, undefined);
    const u = await createUser(s, tenantId, 'gina', 'tenant-user');
    const basic = await get('/api/v1/me', { authorization: `Basic ${Buffer.from(`gina:${u.password}`).toString('base64')}` });
    assert.equal(basic.status, 401);
    assert.match(basic.body.error.message, /Basic auth is only for the root user.*POST \/api\/v1\/users\/login/);
  });

  test('failed logins back off per account and client: 429 with Retry-After, even with the right password', async () => {
    const u = await createUser(s, tenantId, 'hank', 'tenant-user');
    for (let i = 0; i < 5; i++) assert.equal((await post('/api/v1/users/login', { username: 'hank', password: `guess-number-${i}` })).status, 401);
    const blocked = await post('/api/v1/users/login', { username: 'hank', password: u.password });
    assert.equal(blocked.status, 429, blocked.text);
    assert.equal(blocked.body.error.type, 'TooManyRequestsException');
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
    // The same account from another client, and another account from this one, are let in.
    assert.equal((await post('/api/v1/users/login', { username: 'hank', password: u.password }, { 'user-agent': 'another-client' })).status, 200);
    const other = await createUser(s, tenantId, 'iris', 'tenant-user');
    assert.equal((await post('/api/v1/users/login', { username: 'iris', password: other.password })).status, 200);
  });

  test('a disabled user and a disabled or deleted service user lose access at once', async () => {
    const u = await createUser(s, tenantId, 'jack', 'tenant-user');
    const login = await post('/api/v1/users/login', { username: 'jack', password: u.password });
    assert.equal((await get('/api/v1/me', bearer(login.body.token))).status, 200);
    await s.handle.store.updateUser(u.id, { disabled: true });
    const r = await get('/api/v1/me', bearer(login.body.token));
    assert.equal(r.status, 401);
    assert.match(r.body.error.message, /disabled/);
    const refused = await post('/api/v1/users/login', { username: 'jack', password: u.password });
    assert.equal(refused.status, 401);
    assert.equal(refused.body.error.message, 'Invalid user name or password', 'the answer does not tell the password was right');

    const svc = await createServiceUser(s, tenantId, 'job');
    const token = await getToken(s.url, svc.clientId, svc.secret);
    assert.equal((await get('/api/v1/me', bearer(token))).status, 200);
    await s.handle.store.updateClient(svc.clientId, { disabled: true });
    assert.equal((await get('/api/v1/me', bearer(token))).status, 401);
    await assert.rejects(getToken(s.url, svc.clientId, svc.secret), /401/);
    await s.handle.store.updateClient(svc.clientId, { disabled: false });
    assert.equal((await get('/api/v1/me', bearer(token))).status, 200);
    await s.handle.store.deleteClient(svc.clientId);
    assert.equal((await get('/api/v1/me', bearer(token))).status, 401);
  });

  test("rotating a service user's secret ends the tokens issued for the old one", async () => {
    const svc = await createServiceUser(s, tenantId, 'rotated');
    const token = await getToken(s.url, svc.clientId, svc.secret);
    assert.equal((await get('/api/v1/me', bearer(token))).status, 200);
    await s.handle.store.updateClient(svc.clientId, { secretHash: hashGeneratedSecret('a-brand-new-secret-value') });
    const old = await get('/api/v1/me', bearer(token));
    assert.equal(old.status, 401);
    assert.match(old.body.error.message, /was rotated/);
    const fresh = await getToken(s.url, svc.clientId, 'a-brand-new-secret-value');
    assert.equal((await get('/api/v1/me', bearer(fresh))).status, 200);
  });

  test('an API key works as Bearer and as X-API-Key until revoked or expired', async () => {
    const svc = await createServiceUser(s, tenantId, 'keyed', 'tenant-admin');
    const k = generateApiKey();
    const id = randomUUID();
    await s.handle.store.createApiKey({ id, tenantId, ownerKind: 'client', ownerId: svc.clientId, name: 'ci', keyPrefix: k.keyPrefix, secretHash: k.secretHash, createdAt: new Date().toISOString() });
    const me = await get('/api/v1/me', bearer(k.key));
    assert.equal(me.status, 200, me.text);
    assert.equal(me.body.via_api_key, true);
    assert.equal(me.body.name, 'keyed');
    assert.equal((await get('/v1/local/namespaces', { 'x-api-key': k.key })).status, 200);
    const tampered = k.key.slice(0, -2) + (k.key.endsWith('AA') ? 'BB' : 'AA');
    assert.equal((await get('/api/v1/me', bearer(tampered))).status, 401);
    await s.handle.store.revokeApiKey(id);
    const revoked = await get('/api/v1/me', bearer(k.key));
    assert.equal(revoked.status, 401);
    assert.match(revoked.body.error.message, /revoked/);

    const k2 = generateApiKey();
    await s.handle.store.createApiKey({ id: randomUUID(), tenantId, ownerKind: 'client', ownerId: svc.clientId, name: 'old', keyPrefix: k2.keyPrefix, secretHash: k2.secretHash, createdAt: new Date().toISOString(), expiresAt: new Date(Date.now() - 1000).toISOString() });
    const expired = await get('/api/v1/me', bearer(k2.key));
    assert.equal(expired.status, 401);
    assert.match(expired.body.error.message, /expired/);
  });

  test('a service user token refreshed by token exchange is checked again', async () => {
    const svc = await createServiceUser(s, tenantId, 'refresher');
    const token = await getToken(s.url, svc.clientId, svc.secret);
    const form = () =>
      fetch(`${s.url}/v1/oauth/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${token}` },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange', subject_token: token, subject_token_type: 'urn:ietf:params:oauth:token-type:access_token' }),
      });
    assert.equal((await form()).status, 200);
    await s.handle.store.updateClient(svc.clientId, { disabled: true });
    assert.equal((await form()).status, 401);
  });
});

describe('no-auth mode (loopback only)', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ env: { PANGOLIN_NO_AUTH: 'true' } });
  });
  after(() => s?.stop());

  test('requests without credentials act as root; credentials, when sent, are still checked', async () => {
    const me = await requestJson(`${s.url}/api/v1/me`, 'GET');
    assert.equal(me.status, 200, me.text);
    assert.equal(me.body.role, 'root');
    assert.equal((await requestJson(`${s.url}/v1/namespaces`, 'GET')).status, 200);
    assert.equal((await requestJson(`${s.url}/api/v1/auth/config`, 'GET')).body.mode, 'none');
    assert.equal((await requestJson(`${s.url}/api/v1/me`, 'GET', undefined, { authorization: 'Bearer garbage' })).status, 401);
  });
});
