// The sign-in limiter over HTTP (every client here is 127.0.0.1, told apart by its
// User-Agent): concurrent guesses are counted before they are verified, guessing from one
// local client does not keep root, users or service users out of other clients, a client
// that rotates its User-Agent meets the per-account budget (a bounded wait, not a
// lockout), and a disabled account answers the same whatever the password.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { requestJson, startTestServer, type HttpResult, type TestServer } from '../helpers/server.js';
import { createServiceUser, createUser, ROOT_ENV, ROOT_PASSWORD, ROOT_USER } from './principals.js';

describe('sign-in limits', () => {
  let s: TestServer;
  let tenantId: string;
  const ua = (agent: string) => ({ 'user-agent': agent });
  const login = (agent: string, username: string, password: string) => requestJson(`${s.url}/api/v1/users/login`, 'POST', { username, password }, ua(agent));
  const basic = (agent: string, password: string) =>
    requestJson(`${s.url}/api/v1/me`, 'GET', undefined, { ...ua(agent), authorization: `Basic ${Buffer.from(`${ROOT_USER}:${password}`).toString('base64')}` });
  const clientCredentials = async (agent: string, clientId: string, secret: string): Promise<HttpResult> => {
    const res = await fetch(`${s.url}/v1/oauth/tokens`, {
      method: 'POST',
      headers: { ...ua(agent), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: JSON.parse(text) };
  };
  const statuses = (rs: HttpResult[]) => rs.map((r) => r.status);
  const count = (rs: HttpResult[], status: number) => rs.filter((r) => r.status === status).length;
  const retryAfter = (r: HttpResult) => Number(r.headers.get('retry-after'));

  before(async () => {
    s = await startTestServer({ env: ROOT_ENV });
    tenantId = s.handle.bootstrap.tenant.id;
  });
  after(() => s?.stop());

  test('30 concurrent wrong passwords: only the free budget (5) is verified, the rest get 429 with Retry-After', async () => {
    await createUser(s, tenantId, 'tess', 'tenant-user');
    const svc = await createServiceUser(s, tenantId, 'loader');
    const parallel = (f: (i: number) => Promise<HttpResult>) => Promise.all(Array.from({ length: 30 }, (_, i) => f(i)));
    const paths: Array<[string, HttpResult[], number]> = [
      ['user login', await parallel((i) => login('guesser-a', 'tess', `wrong-password-${i}`)), 401],
      ['client credentials', await parallel((i) => clientCredentials('guesser-b', svc.clientId, `wrong-secret-${i}`)), 401],
      ['root Basic', await parallel((i) => basic('guesser-c', `wrong-root-${i}`)), 401],
    ];
    for (const [name, rs, refused] of paths) {
      assert.equal(count(rs, refused), 5, `${name}: ${statuses(rs).join(',')}`);
      assert.equal(count(rs, 429), 25, `${name}: ${statuses(rs).join(',')}`);
      for (const r of rs.filter((x) => x.status === 429)) assert.ok(retryAfter(r) >= 1 && retryAfter(r) <= 60, `${name}: Retry-After ${r.headers.get('retry-after')}`);
    }
    assert.equal(paths[0]![1].find((r) => r.status === 429)!.body.error.type, 'TooManyRequestsException');
    assert.equal(paths[1]![1].find((r) => r.status === 429)!.body.error, 'slow_down');
  });

  test('a local client hammering root, a user and a service user does not keep them out of their own clients', async () => {
    const victim = await createUser(s, tenantId, 'vera', 'tenant-user');
    const py = await createServiceUser(s, tenantId, 'pyiceberg');
    const attacker = 'Mozilla/5.0 (a web page)';
    const hammer = await Promise.all(
      Array.from({ length: 30 }, (_, i) => [
        login(attacker, ROOT_USER, `guess-${i}`),
        basic(attacker, `guess-${i}`),
        clientCredentials(attacker, ROOT_USER, `guess-${i}`),
        login(attacker, 'vera', `guess-${i}`),
        clientCredentials(attacker, py.clientId, `guess-${i}`),
      ]).flat(),
    );
    assert.equal(count(hammer, 429) + count(hammer, 401), 150);
    assert.equal(count(hammer, 401), 15, 'five guesses at each of root, vera and the service user');
    assert.equal((await login(attacker, ROOT_USER, ROOT_PASSWORD)).status, 429, 'the guessing client itself waits');

    assert.equal((await login('Pangolin Desktop', ROOT_USER, ROOT_PASSWORD)).status, 200);
    assert.equal((await basic('curl/8.5.0', ROOT_PASSWORD)).status, 200);
    assert.equal((await clientCredentials('Spark/3.5', ROOT_USER, ROOT_PASSWORD)).status, 200);
    assert.equal((await login('Firefox', 'vera', victim.password)).status, 200);
    assert.equal((await clientCredentials('PyIceberg/0.9.1', py.clientId, py.secret)).status, 200);
  });

  test('a disabled account answers the same to the right and a wrong password', async () => {
    const u = await createUser(s, tenantId, 'dora', 'tenant-user');
    await s.handle.store.updateUser(u.id, { disabled: true });
    const right = await login('disabled-check', 'dora', u.password);
    const wrong = await login('disabled-check', 'dora', 'not-doras-password');
    assert.equal(right.status, 401);
    assert.deepEqual([wrong.status, wrong.text], [right.status, right.text]);
    assert.doesNotMatch(right.text, /disabled/);

    const svc = await createServiceUser(s, tenantId, 'parked');
    await s.handle.store.updateClient(svc.clientId, { disabled: true });
    const rightSecret = await clientCredentials('disabled-check', svc.clientId, svc.secret);
    const wrongSecret = await clientCredentials('disabled-check', svc.clientId, 'not-the-secret');
    assert.equal(rightSecret.status, 401);
    assert.deepEqual([wrongSecret.status, wrongSecret.text], [rightSecret.status, rightSecret.text]);
  });

  // Last: it leaves root's account backing off.
  test('guesses under ever-new User-Agents meet the per-account budget: root waits at most 60 s, then gets in', async () => {
    const rs = await Promise.all(Array.from({ length: 80 }, (_, i) => basic(`bot-${i}`, `guess-${i}`)));
    assert.ok(count(rs, 401) <= 50, `at most 50 guesses verified, got ${count(rs, 401)}`);
    assert.equal(count(rs, 401) + count(rs, 429), 80);
    const waited = await login('Pangolin Desktop', ROOT_USER, ROOT_PASSWORD);
    assert.equal(waited.status, 429, waited.text);
    assert.match(waited.body.error.message, /for this account:/);
    assert.ok(retryAfter(waited) >= 1 && retryAfter(waited) <= 60, `Retry-After ${waited.headers.get('retry-after')}`);
    await sleep(retryAfter(waited) * 1000);
    assert.equal((await login('Pangolin Desktop', ROOT_USER, ROOT_PASSWORD)).status, 200, 'let in once the wait is over');
    const other = await createUser(s, tenantId, 'otto', 'tenant-user');
    assert.equal((await login('bot-1', 'otto', other.password)).status, 200, 'other accounts are not affected');
  });
});
