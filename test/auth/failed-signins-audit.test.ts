// Every failed sign-in path leaves a `login.failed` event (actor = the account tried,
// detail = the reason, address, time) that root reads through GET /api/v1/audit: in the
// tenant's log when the account or named tenant is known, else in the system log
// (?system=true). No attempted secret or password reaches the audit answer or the log.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { generateApiKey } from '../../src/server/auth/api-keys.js';
import { TokenService } from '../../src/server/auth/tokens.js';
import { getToken, requestJson, startTestServer, type TestServer } from '../helpers/server.js';
import { createServiceUser, createUser, ROOT_PASSWORD, ROOT_USER } from './principals.js';

interface Event {
  tenant_id: string | null;
  at: string;
  actor: { kind: string; id: string; name: string };
  action: string;
  resource: string;
  outcome: string;
  detail: string | null;
  address: string | null;
}

describe('failed sign-ins are audited', () => {
  let s: TestServer;
  let tenantId: string;
  let logs = '';
  const started = new Date().toISOString();
  /** Every secret or password a test below sent or was given; none may be stored or logged. */
  const secrets: string[] = [ROOT_PASSWORD];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs += chunk.toString();
      done();
    },
  });
  const rootBasic = { authorization: `Basic ${Buffer.from(`${ROOT_USER}:${ROOT_PASSWORD}`).toString('base64')}` };
  const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
  const guess = (label: string) => {
    const value = `${label}-guess-${randomUUID()}`;
    secrets.push(value);
    return value;
  };
  const tokenRequest = (form: Record<string, string>) =>
    fetch(`${s.url}/v1/oauth/tokens`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
  const clientCredentials = (clientId: string, secret: string) => tokenRequest({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret });
  const login = (body: Record<string, string>) => requestJson(`${s.url}/api/v1/users/login`, 'POST', body);
  const me = (headers: Record<string, string>) => requestJson(`${s.url}/api/v1/me`, 'GET', undefined, headers);
  const answers: string[] = [];

  /** The login.failed events of the default tenant's log or of the system log, read as root. */
  async function failures(scope: 'tenant' | 'system'): Promise<Event[]> {
    const r = await requestJson(`${s.url}/api/v1/audit?action=login.failed&page_size=1000${scope === 'system' ? '&system=true' : ''}`, 'GET', undefined, rootBasic);
    assert.equal(r.status, 200, r.text);
    answers.push(r.text);
    return r.body.events as Event[];
  }

  /** Exactly one event for this actor and reason, with every field right. */
  async function expectFailure(scope: 'tenant' | 'system', want: { kind: string; name: string; reason: string; id?: string; resource: string }): Promise<Event> {
    const found = (await failures(scope)).filter((e) => e.actor.kind === want.kind && e.actor.name === want.name && e.detail === want.reason && e.resource === want.resource);
    assert.equal(found.length, 1, `one ${want.reason} event for ${want.kind} "${want.name}" at ${want.resource} in the ${scope} log, got ${found.length}`);
    const e = found[0]!;
    assert.equal(e.action, 'login.failed');
    assert.equal(e.outcome, 'denied');
    assert.equal(e.tenant_id, scope === 'system' ? null : tenantId);
    if (want.id !== undefined) assert.equal(e.actor.id, want.id);
    assert.match(e.address ?? '', /127\.0\.0\.1$/);
    assert.ok(e.at >= started && e.at <= new Date().toISOString(), `time ${e.at}`);
    return e;
  }

  before(async () => {
    s = await startTestServer({ env: { PANGOLIN_ROOT_USER: ROOT_USER, PANGOLIN_ROOT_PASSWORD: ROOT_PASSWORD, PANGOLIN_LOG_LEVEL: 'trace' }, logSink: sink });
    tenantId = s.handle.bootstrap.tenant.id;
    secrets.push(s.handle.bootstrap.clientSecret);
  });
  after(() => s?.stop());

  test('client credentials: wrong secret, unknown client id, disabled service user, root', async () => {
    const svc = await createServiceUser(s, tenantId, 'etl');
    secrets.push(svc.secret);
    const wrong = await clientCredentials(svc.clientId, guess('client-secret'));
    assert.equal(wrong.status, 401);
    assert.equal(((await wrong.json()) as { error: string }).error, 'invalid_client');
    await expectFailure('tenant', { kind: 'client', name: 'etl', id: svc.clientId, reason: 'wrong-secret', resource: 'POST /v1/oauth/tokens' });

    const unknownId = `svc-nobody-${randomUUID().slice(0, 6)}`;
    assert.equal((await clientCredentials(unknownId, guess('unknown-client-secret'))).status, 401);
    await expectFailure('system', { kind: 'client', name: unknownId, id: unknownId, reason: 'unknown-client', resource: 'POST /v1/oauth/tokens' });

    const off = await createServiceUser(s, tenantId, 'off');
    secrets.push(off.secret);
    await s.handle.store.updateClient(off.clientId, { disabled: true });
    assert.equal((await clientCredentials(off.clientId, off.secret)).status, 401);
    await expectFailure('tenant', { kind: 'client', name: 'off', reason: 'disabled', resource: 'POST /v1/oauth/tokens' });

    assert.equal((await clientCredentials(ROOT_USER, guess('root-as-client'))).status, 401);
    await expectFailure('system', { kind: 'root', name: ROOT_USER, id: `root:${ROOT_USER}`, reason: 'wrong-password', resource: 'POST /v1/oauth/tokens' });
  });

  test('a rate-limited client is audited once a minute, not once per refused request', async () => {
    const svc = await createServiceUser(s, tenantId, 'hammered');
    secrets.push(svc.secret);
    // Five free failures, then the client backs off (1 s, doubling) even for the right secret.
    for (let i = 0; i < 5; i++) assert.equal((await clientCredentials(svc.clientId, guess('hammer'))).status, 401);
    for (let i = 0; i < 3; i++) assert.equal((await clientCredentials(svc.clientId, svc.secret)).status, 429);
    assert.equal((await failures('tenant')).filter((e) => e.actor.id === svc.clientId && e.detail === 'wrong-secret').length, 5, 'every guess is recorded');
    // Refused before the account is read (cheap): by client id, in the system log.
    await expectFailure('system', { kind: 'client', name: svc.clientId, id: svc.clientId, reason: 'rate-limited', resource: 'POST /v1/oauth/tokens' });
  });

  test('token exchange: a forged token and the token of a disabled service user', async () => {
    const forged = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from('{"sub":"x"}').toString('base64url')}.${guess('sig').replace(/-/g, '')}`;
    secrets.push(forged);
    const exchange = (subject: string) => tokenRequest({ grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange', subject_token: subject, subject_token_type: 'urn:ietf:params:oauth:token-type:access_token' });
    assert.equal((await exchange(forged)).status, 401);
    await expectFailure('system', { kind: 'token', name: 'bearer token', reason: 'invalid-token', resource: 'POST /v1/oauth/tokens' });

    const svc = await createServiceUser(s, tenantId, 'exchanger');
    const token = await getToken(s.url, svc.clientId, svc.secret);
    secrets.push(svc.secret, token);
    await s.handle.store.updateClient(svc.clientId, { disabled: true });
    assert.equal((await exchange(token)).status, 401);
    await expectFailure('tenant', { kind: 'client', name: 'exchanger', id: svc.clientId, reason: 'disabled', resource: 'POST /v1/oauth/tokens' });
  });

  test('root over HTTP Basic: wrong password, wrong user name', async () => {
    assert.equal((await requestJson(`${s.url}/v1/config`, 'GET', undefined, basic(ROOT_USER, guess('basic')))).status, 401);
    await expectFailure('system', { kind: 'root', name: ROOT_USER, id: `root:${ROOT_USER}`, reason: 'wrong-password', resource: 'GET /v1/config' });
    assert.equal((await me(basic('mallory', guess('basic-user')))).status, 401);
    await expectFailure('system', { kind: 'root', name: 'mallory', reason: 'unknown-user', resource: 'GET /api/v1/me' });
  });

  test('POST /api/v1/users/login: root, wrong password, unknown user, disabled user, unknown tenant', async () => {
    const resource = 'POST /api/v1/users/login';
    assert.equal((await login({ username: ROOT_USER, password: guess('root-login') })).status, 401);
    await expectFailure('system', { kind: 'root', name: ROOT_USER, reason: 'wrong-password', resource });

    const u = await createUser(s, tenantId, 'paula', 'tenant-user');
    secrets.push(u.password);
    assert.equal((await login({ username: 'paula', password: guess('user-login') })).status, 401);
    await expectFailure('tenant', { kind: 'user', name: 'paula', id: u.id, reason: 'wrong-password', resource });
    assert.equal((await login({ username: 'nobody-at-all', password: guess('unknown-user') })).status, 401);
    await expectFailure('tenant', { kind: 'user', name: 'nobody-at-all', id: '', reason: 'unknown-user', resource });
    await s.handle.store.updateUser(u.id, { disabled: true });
    assert.equal((await login({ username: 'paula', password: u.password })).status, 401);
    await expectFailure('tenant', { kind: 'user', name: 'paula', id: u.id, reason: 'disabled', resource });
    assert.equal((await login({ username: 'paula', password: guess('tenant'), tenant: 'no-such-tenant' })).status, 404);
    await expectFailure('system', { kind: 'user', name: 'no-such-tenant/paula', reason: 'unknown-tenant', resource });
  });

  test('refresh: an unknown refresh token, and a replayed one', async () => {
    const resource = 'POST /api/v1/users/refresh';
    const bogus = `prt_${guess('refresh')}`;
    secrets.push(bogus);
    assert.equal((await requestJson(`${s.url}/api/v1/users/refresh`, 'POST', { refresh_token: bogus })).status, 401);
    await expectFailure('system', { kind: 'token', name: 'refresh token', reason: 'invalid-token', resource });
    const u = await createUser(s, tenantId, 'quinn', 'tenant-user');
    const first = (await login({ username: 'quinn', password: u.password })).body;
    secrets.push(u.password, first.token, first.refresh_token);
    const second = await requestJson(`${s.url}/api/v1/users/refresh`, 'POST', { refresh_token: first.refresh_token });
    secrets.push(second.body.token, second.body.refresh_token);
    assert.equal((await requestJson(`${s.url}/api/v1/users/refresh`, 'POST', { refresh_token: first.refresh_token })).status, 401);
    await expectFailure('tenant', { kind: 'user', name: 'quinn', id: u.id, reason: 'token-reused', resource });
  });

  test('API keys: unknown prefix, wrong secret, revoked, expired, malformed', async () => {
    const owner = await createServiceUser(s, tenantId, 'key-owner');
    secrets.push(owner.secret);
    const never = generateApiKey();
    secrets.push(never.key, never.key.slice(21));
    assert.equal((await me({ authorization: `Bearer ${never.key}` })).status, 401);
    await expectFailure('system', { kind: 'api-key', name: `pgk_${never.keyPrefix}`, reason: 'unknown-key', resource: 'GET /api/v1/me' });

    const add = async (name: string, extra: { expiresAt?: string } = {}) => {
      const k = generateApiKey();
      const id = randomUUID();
      secrets.push(k.key, k.key.slice(21));
      await s.handle.store.createApiKey({ id, tenantId, ownerKind: 'client', ownerId: owner.clientId, name, keyPrefix: k.keyPrefix, secretHash: k.secretHash, createdAt: new Date().toISOString(), ...extra });
      return { ...k, id };
    };
    const good = await add('good');
    const tampered = `${good.key.slice(0, -3)}${good.key.endsWith('zzz') ? 'yyy' : 'zzz'}`;
    secrets.push(tampered, tampered.slice(21));
    assert.equal((await me({ 'x-api-key': tampered })).status, 401);
    await expectFailure('tenant', { kind: 'api-key', name: `pgk_${good.keyPrefix}`, id: good.id, reason: 'wrong-secret', resource: 'GET /api/v1/me' });

    const revoked = await add('revoked');
    await s.handle.store.revokeApiKey(revoked.id);
    assert.equal((await requestJson(`${s.url}/v1/config`, 'GET', undefined, { authorization: `Bearer ${revoked.key}` })).status, 401);
    await expectFailure('tenant', { kind: 'api-key', name: `pgk_${revoked.keyPrefix}`, id: revoked.id, reason: 'revoked', resource: 'GET /v1/config' });

    const expired = await add('expired', { expiresAt: new Date(Date.now() - 1000).toISOString() });
    assert.equal((await me({ authorization: `Bearer ${expired.key}` })).status, 401);
    await expectFailure('tenant', { kind: 'api-key', name: `pgk_${expired.keyPrefix}`, id: expired.id, reason: 'expired', resource: 'GET /api/v1/me' });

    const junk = `pgk_${guess('junk')}`;
    secrets.push(junk);
    assert.equal((await me({ 'x-api-key': junk })).status, 401);
    await expectFailure('system', { kind: 'api-key', name: 'malformed API key', reason: 'malformed', resource: 'GET /api/v1/me' });
  });

  test("bearer tokens: a forged one (system log) and a disabled user's (tenant log); an expired one is not a sign-in", async () => {
    const forged = `eyJhbGciOiJIUzI1NiJ9.e30.${guess('bearer').replace(/-/g, '')}`;
    secrets.push(forged);
    assert.equal((await me({ authorization: `Bearer ${forged}` })).status, 401);
    await expectFailure('system', { kind: 'token', name: 'bearer token', reason: 'invalid-token', resource: 'GET /api/v1/me' });
    const u = await createUser(s, tenantId, 'rosa', 'tenant-user');
    const token = (await login({ username: 'rosa', password: u.password })).body.token as string;
    secrets.push(u.password, token);
    await s.handle.store.updateUser(u.id, { disabled: true });
    assert.equal((await me({ authorization: `Bearer ${token}` })).status, 401);
    await expectFailure('tenant', { kind: 'user', name: 'rosa', id: u.id, reason: 'disabled', resource: 'GET /api/v1/me' });

    // Routine (the client refreshes and retries): a 419, not a login.failed.
    const svc = await createServiceUser(s, tenantId, 'late');
    const signer = TokenService.fromConfig(s.handle.config.jwtSecret, s.dataDir, 900);
    const stale = (await signer.issue({ kind: 'client', clientId: svc.clientId, tenantId, name: 'late', role: 'tenant-user' }, -60)).token;
    secrets.push(svc.secret, stale);
    assert.equal((await me({ authorization: `Bearer ${stale}` })).status, 419);
    const all = [...(await failures('tenant')), ...(await failures('system'))];
    assert.ok(!all.some((e) => e.actor.id === svc.clientId || (e.detail === 'expired' && e.actor.kind !== 'api-key')), 'an expired bearer token is not audited');
  });

  test('the system log is root’s: a tenant admin is refused it', async () => {
    const admin = await createUser(s, tenantId, 'tess-admin', 'tenant-admin');
    secrets.push(admin.password);
    const token = (await login({ username: 'tess-admin', password: admin.password })).body.token as string;
    secrets.push(token);
    assert.equal((await requestJson(`${s.url}/api/v1/audit?system=true`, 'GET', undefined, { authorization: `Bearer ${token}` })).status, 403);
    const own = await requestJson(`${s.url}/api/v1/audit?action=login.failed`, 'GET', undefined, { authorization: `Bearer ${token}` });
    assert.equal(own.status, 200);
    assert.ok((own.body.events as Event[]).every((e) => e.tenant_id === tenantId));
  });

  test('no attempted secret or password is in an audit answer or the log', async () => {
    await failures('tenant');
    await failures('system');
    assert.ok(logs.includes('"msg":"request"'), 'the log was captured (the scan is not vacuous)');
    assert.ok(answers.join('').includes('login.failed'));
    for (const secret of secrets) {
      assert.ok(typeof secret === 'string' && secret.length >= 8, 'every secret scanned for is a real one');
      assert.ok(!logs.includes(secret), `a secret reached the log: ${secret.slice(0, 6)}…`);
      for (const a of answers) assert.ok(!a.includes(secret), `a secret reached an audit answer: ${secret.slice(0, 6)}…`);
    }
  });
});
