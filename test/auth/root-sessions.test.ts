// Root tokens are sessions: logout and "sign out everywhere" end them, a new
// PANGOLIN_ROOT_PASSWORD (a restart on the same data) refuses them, and token exchange
// never renews any token (root, user, service user) past the session or grant it came
// from. Real server, real SQLite store; tokens near their bound are minted with the
// server's own key (TokenService on the data dir) for sessions written to its store.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { hashGeneratedSecret } from '../../src/server/auth/secret-hash.js';
import { TokenService } from '../../src/server/auth/tokens.js';
import { requestJson, startTestServer, type TestServer } from '../helpers/server.js';
import { createServiceUser, createUser, ROOT_ENV, ROOT_PASSWORD, ROOT_USER } from './principals.js';

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
const form = (url: string, fields: Record<string, string>) =>
  requestJson(`${url}/v1/oauth/tokens`, 'POST', new URLSearchParams(fields).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
const exchange = (url: string, token: string) =>
  form(url, { grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange', subject_token: token, subject_token_type: 'urn:ietf:params:oauth:token-type:access_token' });
const rootLogin = async (url: string, password = ROOT_PASSWORD): Promise<string> => {
  const r = await requestJson(`${url}/api/v1/users/login`, 'POST', { username: ROOT_USER, password });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.principal.kind, 'root');
  return r.body.token as string;
};
const rootClientCredentials = async (url: string): Promise<string> => {
  const r = await form(url, { grant_type: 'client_credentials', client_id: ROOT_USER, client_secret: ROOT_PASSWORD });
  assert.equal(r.status, 200, r.text);
  return r.body.access_token as string;
};
const me = (url: string, token: string) => requestJson(`${url}/api/v1/me`, 'GET', undefined, bearer(token));
const claims = (token: string): { exp: number; iat: number; sid?: string; auth_time?: number } => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('root sessions', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ env: ROOT_ENV });
  });
  after(() => s?.stop());

  test('logout ends root’s session: its token is refused (login and client_credentials alike)', async () => {
    for (const token of [await rootLogin(s.url), await rootClientCredentials(s.url)]) {
      assert.equal((await me(s.url, token)).body.role, 'root');
      const out = await requestJson(`${s.url}/api/v1/users/logout`, 'POST', {}, bearer(token));
      assert.equal(out.status, 200, out.text);
      assert.equal(out.body.logged_out, true);
      const after = await me(s.url, token);
      assert.equal(after.status, 401);
      assert.match(after.body.error.message, /root session ended/);
      assert.equal((await exchange(s.url, token)).status, 401, 'an ended session cannot be renewed either');
    }
  });

  test('sign out everywhere ends every root session; HTTP Basic (no session) still works and can do it too', async () => {
    const a = await rootLogin(s.url);
    const b = await rootClientCredentials(s.url);
    const out = await requestJson(`${s.url}/api/v1/users/logout`, 'POST', { everywhere: true }, bearer(a));
    assert.equal(out.status, 200, out.text);
    assert.deepEqual(out.body, { logged_out: true, sessions_ended: 2 });
    assert.equal((await me(s.url, a)).status, 401);
    assert.equal((await me(s.url, b)).status, 401);

    const c = await rootLogin(s.url);
    const basic = { authorization: `Basic ${Buffer.from(`${ROOT_USER}:${ROOT_PASSWORD}`).toString('base64')}` };
    const byBasic = await requestJson(`${s.url}/api/v1/users/logout`, 'POST', { everywhere: true }, basic);
    assert.deepEqual(byBasic.body, { logged_out: false, sessions_ended: 1 });
    assert.equal((await me(s.url, c)).status, 401);
    assert.equal((await requestJson(`${s.url}/api/v1/me`, 'GET', undefined, basic)).status, 200);
    assert.equal((await requestJson(`${s.url}/api/v1/users/logout`, 'POST', { everywhere: 'yes' }, basic)).status, 400);
  });

  test('a user signs out everywhere: every session of theirs ends, nobody else’s', async () => {
    const tenantId = s.handle.bootstrap.tenant.id;
    const u = await createUser(s, tenantId, 'una', 'tenant-user');
    const other = await createUser(s, tenantId, 'otto', 'tenant-user');
    const login = async (username: string, password: string) => (await requestJson(`${s.url}/api/v1/users/login`, 'POST', { username, password })).body.token as string;
    const [x, y, z] = [await login('una', u.password), await login('una', u.password), await login('otto', other.password)];
    const out = await requestJson(`${s.url}/api/v1/users/logout`, 'POST', { everywhere: true }, bearer(x));
    assert.deepEqual(out.body, { logged_out: true, sessions_ended: 2 });
    assert.equal((await me(s.url, y)).status, 401);
    assert.equal((await me(s.url, z)).status, 200);
  });

  test('a root token of no session (older versions issued them) is refused', async () => {
    const signer = TokenService.fromConfig(s.handle.config.jwtSecret, s.dataDir, 900);
    const old = (await signer.issue({ kind: 'root', name: ROOT_USER })).token;
    const r = await me(s.url, old);
    assert.equal(r.status, 401);
    assert.match(r.body.error.message, /no login session/);
  });
});

describe('root tokens are bound to the root password', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pangolin-root-pw-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('a restart with a new PANGOLIN_ROOT_PASSWORD refuses the old root tokens; the same password keeps them', async () => {
    let s = await startTestServer({ env: ROOT_ENV, dataDir });
    const token = await rootLogin(s.url);
    const viaClient = await rootClientCredentials(s.url);
    await s.stop();

    s = await startTestServer({ env: ROOT_ENV, dataDir });
    assert.equal((await me(s.url, token)).status, 200, 'same password: the session lives on');
    await s.stop();

    const NEW_PASSWORD = 'another-Root-Pa55word';
    s = await startTestServer({ env: { ...ROOT_ENV, PANGOLIN_ROOT_PASSWORD: NEW_PASSWORD }, dataDir });
    try {
      for (const t of [token, viaClient]) {
        const r = await me(s.url, t);
        assert.equal(r.status, 401);
        assert.match(r.body.error.message, /root password changed/);
        assert.equal((await exchange(s.url, t)).status, 401);
      }
      const basic = { authorization: `Basic ${Buffer.from(`${ROOT_USER}:${NEW_PASSWORD}`).toString('base64')}` };
      const audit = await requestJson(`${s.url}/api/v1/audit?action=login.failed&system=true`, 'GET', undefined, basic);
      assert.ok((audit.body.events as { detail: string; actor: { kind: string } }[]).some((e) => e.detail === 'root-changed' && e.actor.kind === 'root'), audit.text);
      assert.equal((await me(s.url, await rootLogin(s.url, NEW_PASSWORD))).status, 200);
    } finally {
      await s.stop();
    }
  });
});

describe('token exchange is bounded by the session or grant it came from', () => {
  let s: TestServer;
  let signer: TokenService;
  let tenantId: string;
  const SESSION_TTL = 300;
  before(async () => {
    // Access tokens (900 s) longer than a session (300 s): only the session bounds them.
    s = await startTestServer({ env: { ...ROOT_ENV, PANGOLIN_SESSION_TTL_SECONDS: String(SESSION_TTL), PANGOLIN_TOKEN_TTL_SECONDS: '900' } });
    signer = TokenService.fromConfig(s.handle.config.jwtSecret, s.dataDir, 900);
    tenantId = s.handle.bootstrap.tenant.id;
  });
  after(() => s?.stop());

  /** Exchanges `token` until the bound refuses it; every token's exp must be ≤ endsAt (s). */
  async function exchangeUntilRefused(token: string, endsAt: number): Promise<void> {
    let current = token;
    let renewed = 0;
    for (;;) {
      const r = await exchange(s.url, current);
      if (r.status !== 200) {
        assert.equal(r.status, 401, r.text);
        assert.equal(r.body.error, 'invalid_grant');
        break;
      }
      renewed++;
      current = r.body.access_token;
      assert.ok(claims(current).exp <= endsAt, `exp ${claims(current).exp} beyond the bound ${endsAt}`);
      assert.equal(r.body.expires_in, claims(current).exp - claims(current).iat);
      assert.ok(Date.now() / 1000 < endsAt + 2, 'still renewing after the bound');
      await sleep(300);
    }
    assert.ok(renewed > 0, 'renewed at least once while the bound held');
    assert.ok(Date.now() / 1000 >= endsAt - 1, 'refused only near the bound');
  }

  test('a login’s and an exchanged token’s exp never pass the session’s expiry', async () => {
    const token = await rootLogin(s.url);
    const c = claims(token);
    assert.ok(c.exp - c.iat <= SESSION_TTL, `root login token lasts ${c.exp - c.iat}s, the session ${SESSION_TTL}s`);
    const session = await s.handle.store.getRootSession(c.sid!);
    const endsAt = Date.parse(session!.expiresAt) / 1000;
    assert.ok(c.exp <= endsAt);
    for (let i = 0; i < 3; i++) {
      const r = await exchange(s.url, token);
      assert.equal(r.status, 200, r.text);
      assert.ok(claims(r.body.access_token).exp <= endsAt);
    }
  });

  test('root: repeated exchanges stop at the session’s end', async () => {
    const id = randomUUID();
    const now = Date.now();
    const expiresAt = new Date(Math.ceil(now / 1000) * 1000 + 2000);
    await s.handle.store.createRootSession({ id, rootName: ROOT_USER, createdAt: new Date(now).toISOString(), expiresAt: expiresAt.toISOString() });
    const { token } = await signer.issue({ kind: 'root', name: ROOT_USER, sessionId: id, rootTag: signer.rootTag(ROOT_PASSWORD) }, 900, expiresAt.getTime());
    await exchangeUntilRefused(token, expiresAt.getTime() / 1000);
  });

  test('user: repeated exchanges stop at the session’s end; an ended session cannot be exchanged', async () => {
    const u = await createUser(s, tenantId, 'uma', 'tenant-user');
    const hash = hashGeneratedSecret(`prt_${randomUUID()}`);
    const now = Date.now();
    const expiresAt = new Date(Math.ceil(now / 1000) * 1000 + 2000);
    await s.handle.store.createSession({ id: randomUUID(), userId: u.id, tenantId, tokenHash: hash, createdAt: new Date(now).toISOString(), expiresAt: expiresAt.toISOString() });
    const { token } = await signer.issue({ kind: 'user', id: u.id, tenantId, name: 'uma', role: 'tenant-user', sessionId: hash }, 900, expiresAt.getTime());
    await exchangeUntilRefused(token, expiresAt.getTime() / 1000);

    const login = await requestJson(`${s.url}/api/v1/users/login`, 'POST', { username: 'uma', password: u.password });
    assert.equal((await requestJson(`${s.url}/api/v1/users/logout`, 'POST', {}, bearer(login.body.token))).status, 200);
    const refused = await exchange(s.url, login.body.token);
    assert.equal(refused.status, 401);
    assert.match(refused.body.error_description, /session ended/);
  });

  test('service user: exchanges stop PANGOLIN_SESSION_TTL_SECONDS after the client_credentials grant', async () => {
    const svc = await createServiceUser(s, tenantId, 'renewer');
    const granted = await form(s.url, { grant_type: 'client_credentials', client_id: svc.clientId, client_secret: svc.secret });
    const first = claims(granted.body.access_token);
    assert.equal(first.auth_time, first.iat);
    const renewed = await exchange(s.url, granted.body.access_token);
    assert.equal(renewed.status, 200, renewed.text);
    assert.equal(claims(renewed.body.access_token).auth_time, first.auth_time, 'the grant time is carried, not reset');
    assert.ok(claims(renewed.body.access_token).exp <= first.auth_time! + SESSION_TTL);

    // A grant made almost a session ago: renewed up to its bound, then refused.
    const nowS = Math.ceil(Date.now() / 1000);
    const authTime = nowS + 2 - SESSION_TTL;
    const p = { kind: 'client' as const, clientId: svc.clientId, tenantId, name: 'renewer', role: 'tenant-user' as const, authTime };
    await exchangeUntilRefused((await signer.issue(p)).token, authTime + SESSION_TTL);
    const old = await exchange(s.url, (await signer.issue({ ...p, authTime: nowS - SESSION_TTL - 10 })).token);
    assert.equal(old.status, 401);
    assert.match(old.body.error_description, /maximum lifetime/);
  });

  test('refreshing a user login keeps the session’s end (a login lasts PANGOLIN_SESSION_TTL_SECONDS)', async () => {
    const u = await createUser(s, tenantId, 'ursula', 'tenant-user');
    const first = await requestJson(`${s.url}/api/v1/users/login`, 'POST', { username: 'ursula', password: u.password });
    const firstEnd = (await s.handle.store.getSession(hashGeneratedSecret(first.body.refresh_token)))!.expiresAt;
    await sleep(1100);
    const second = await requestJson(`${s.url}/api/v1/users/refresh`, 'POST', { refresh_token: first.body.refresh_token });
    assert.equal(second.status, 200, second.text);
    assert.equal((await s.handle.store.getSession(hashGeneratedSecret(second.body.refresh_token)))!.expiresAt, firstEnd);
    assert.ok(second.body.refresh_expires_in < SESSION_TTL);
    assert.ok(claims(second.body.token).exp <= Date.parse(firstEnd) / 1000);
  });
});

describe('no-auth mode with root sessions', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ env: { PANGOLIN_NO_AUTH: 'true' } });
  });
  after(() => s?.stop());

  test('requests without credentials still act as root; logout without a session is a no-op', async () => {
    assert.equal((await requestJson(`${s.url}/api/v1/me`, 'GET')).body.role, 'root');
    const out = await requestJson(`${s.url}/api/v1/users/logout`, 'POST', {});
    assert.deepEqual(out.body, { logged_out: false });
    const all = await requestJson(`${s.url}/api/v1/users/logout`, 'POST', { everywhere: true });
    assert.deepEqual(all.body, { logged_out: false, sessions_ended: 0 });
    assert.equal((await requestJson(`${s.url}/v1/namespaces`, 'GET')).status, 200);
  });
});
