// Secrets never reach a log line: every request below carries or produces one (client
// secret, root password, bearer token), at the most verbose log level, and the captured
// log is scanned for each.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { randomUUID } from 'node:crypto';
import { generateApiKey } from '../../src/server/auth/api-keys.js';
import { createUser } from '../auth/principals.js';
import { requestJson, startTestServer, type TestServer } from '../helpers/server.js';

describe('secrets never appear in logs', () => {
  let s: TestServer;
  let captured = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      captured += chunk.toString();
      done();
    },
  });
  const rootPassword = 'root-password-that-must-not-leak';
  before(async () => {
    s = await startTestServer({ env: { PANGOLIN_LOG_LEVEL: 'trace', PANGOLIN_ROOT_USER: 'admin', PANGOLIN_ROOT_PASSWORD: rootPassword }, logSink: sink });
  });
  after(() => s.stop());

  test('token requests, Basic auth, failures and errors leave no secret in the log', async () => {
    const form = (secret: string) =>
      fetch(`${s.url}/v1/oauth/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: s.handle.bootstrap.clientId, client_secret: secret }),
      });
    assert.equal((await form(s.handle.bootstrap.clientSecret)).status, 200);
    assert.equal((await form('wrong-secret-value-xyz')).status, 401);
    const basic = `Basic ${Buffer.from(`admin:${rootPassword}`).toString('base64')}`;
    assert.equal((await requestJson(`${s.url}/v1/config`, 'GET', undefined, { authorization: basic })).status, 200);
    const badBasic = `Basic ${Buffer.from('admin:wrong-root-guess').toString('base64')}`;
    assert.equal((await requestJson(`${s.url}/v1/config`, 'GET', undefined, { authorization: badBasic })).status, 401);
    assert.equal((await s.http('POST', '/v1/namespaces', '{broken json', {})).status, 400);
    assert.equal((await s.http('GET', '/v1/namespaces/missing')).status, 404);
    await new Promise((r) => setImmediate(r));

    // Users: login (right and wrong password), refresh, logout; an API key as Bearer.
    const user = await createUser(s, s.handle.bootstrap.tenant.id, 'logger-user', 'tenant-user');
    const login = await requestJson(`${s.url}/api/v1/users/login`, 'POST', { username: 'logger-user', password: user.password });
    assert.equal(login.status, 200);
    assert.equal((await requestJson(`${s.url}/api/v1/users/login`, 'POST', { username: 'logger-user', password: 'wrong-user-password-guess' })).status, 401);
    const refreshed = await requestJson(`${s.url}/api/v1/users/refresh`, 'POST', { refresh_token: login.body.refresh_token });
    assert.equal(refreshed.status, 200);
    assert.equal((await requestJson(`${s.url}/api/v1/users/logout`, 'POST', { refresh_token: refreshed.body.refresh_token }, { authorization: `Bearer ${refreshed.body.token}` })).status, 200);
    const key = generateApiKey();
    await s.handle.store.createApiKey({ id: randomUUID(), tenantId: s.handle.bootstrap.tenant.id, ownerKind: 'user', ownerId: user.id, name: 'k', keyPrefix: key.keyPrefix, secretHash: key.secretHash, createdAt: new Date().toISOString() });
    assert.equal((await requestJson(`${s.url}/api/v1/me`, 'GET', undefined, { authorization: `Bearer ${key.key}` })).status, 200);
    assert.equal((await requestJson(`${s.url}/api/v1/me`, 'GET', undefined, { 'x-api-key': `${key.key.slice(0, -3)}zzz` })).status, 401);

    // Failed sign-ins of every kind (each audited as login.failed): unknown client id, root
    // as a client, Basic with a wrong user name, root login, a bad refresh token, a forged
    // token exchange, a revoked API key.
    const tried = ['unknown-client-secret-xyz', 'root-client-guess-xyz', 'basic-user-password-xyz', 'root-login-guess-xyz', 'prt_refresh-guess-xyz', 'forged.token.exchange-xyz'];
    const oauthForm = (fields: Record<string, string>) => fetch(`${s.url}/v1/oauth/tokens`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });
    assert.equal((await oauthForm({ grant_type: 'client_credentials', client_id: 'no-such-client', client_secret: tried[0]! })).status, 401);
    assert.equal((await oauthForm({ grant_type: 'client_credentials', client_id: 'admin', client_secret: tried[1]! })).status, 401);
    assert.equal((await requestJson(`${s.url}/api/v1/me`, 'GET', undefined, { authorization: `Basic ${Buffer.from(`mallory:${tried[2]}`).toString('base64')}` })).status, 401);
    assert.equal((await requestJson(`${s.url}/api/v1/users/login`, 'POST', { username: 'admin', password: tried[3] })).status, 401);
    assert.equal((await requestJson(`${s.url}/api/v1/users/refresh`, 'POST', { refresh_token: tried[4] })).status, 401);
    assert.equal((await oauthForm({ grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange', subject_token: tried[5]! })).status, 401);
    const revoked = generateApiKey();
    const revokedId = randomUUID();
    await s.handle.store.createApiKey({ id: revokedId, tenantId: s.handle.bootstrap.tenant.id, ownerKind: 'user', ownerId: user.id, name: 'r', keyPrefix: revoked.keyPrefix, secretHash: revoked.secretHash, createdAt: new Date().toISOString() });
    await s.handle.store.revokeApiKey(revokedId);
    assert.equal((await requestJson(`${s.url}/v1/config`, 'GET', undefined, { authorization: `Bearer ${revoked.key}` })).status, 401);
    await new Promise((r) => setTimeout(r, 100)); // audit events are written in batches

    assert.ok(captured.includes('"msg":"request"'), 'requests were logged at all (the scan is not vacuous)');
    const userSecrets = [user.password, 'wrong-user-password-guess', login.body.token, login.body.refresh_token, refreshed.body.token, refreshed.body.refresh_token, key.key, key.key.slice(21), revoked.key, revoked.key.slice(21), ...tried];
    const audit = JSON.stringify((await s.handle.store.listAuditEvents(s.handle.bootstrap.tenant.id)).items) + JSON.stringify((await s.handle.store.listAuditEvents(null)).items);
    assert.ok(audit.includes('user.login'), 'logins were audited (the audit scan is not vacuous)');
    for (const reason of ['unknown-client', 'wrong-secret', 'wrong-password', 'unknown-user', 'invalid-token', 'revoked']) assert.ok(audit.includes(`"detail":"${reason}"`), `a ${reason} sign-in failure was audited`);
    for (const secret of [s.handle.bootstrap.clientSecret, rootPassword, s.token, basic.slice(6), 'wrong-secret-value-xyz', 'wrong-root-guess', ...userSecrets]) {
      assert.ok(!captured.includes(secret), `a secret leaked into the log: ${secret.slice(0, 4)}…`);
      assert.ok(!audit.includes(secret), `a secret leaked into the audit log: ${secret.slice(0, 4)}…`);
    }
  });
});
