// The identity API client: URLs and paging, the tenant header root sends, the refresh and
// single retry on an expired token, and sign-in calls that never trip the sign-out.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiClient, ApiError } from '../../../src/renderer/src/api/client.js';
import { IdentityApi } from '../../../src/renderer/src/api/identity-client.js';

type Answer = { status?: number; body?: unknown };

function fakeFetch(answer: (url: string, init: RequestInit, n: number) => Answer) {
  const calls: { url: string; method: string; headers: Headers; body?: string }[] = [];
  const fetchImpl = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = String(input);
    calls.push({ url, method: init.method ?? 'GET', headers: new Headers(init.headers), body: init.body as string | undefined });
    const a = answer(url, init, calls.length);
    return new Response(a.body === undefined ? null : JSON.stringify(a.body), { status: a.status ?? 200, headers: a.body === undefined ? {} : { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { calls, fetchImpl };
}

const USER = { id: 'u1', username: 'alice', email: null, role: 'tenant-user', disabled: false, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' };
const ME = { kind: 'user', id: 'u1', name: 'alice', role: 'tenant-user', tenant: { id: 't', name: 'default' }, via_api_key: false };
const expired = { status: 419, body: { error: { message: 'Bearer token expired: get a new one', type: 'AuthenticationTimeoutException', code: 419 } } };

describe('ApiClient: tenant header and expired tokens', () => {
  test('root acting on a tenant sends X-Pangolin-Tenant on authenticated requests only', async () => {
    const { calls, fetchImpl } = fakeFetch((url) => (url.includes('auth/config') ? { body: { mode: 'required', root_login: true, login_path: '/api/v1/users/login' } } : { body: ME }));
    const client = new ApiClient({ fetch: fetchImpl, getToken: () => 't', getTenant: () => 'team-a' });
    const api = new IdentityApi(client);
    await api.me();
    await api.authConfig();
    assert.equal(calls[0]!.headers.get('x-pangolin-tenant'), 'team-a');
    assert.equal(calls[1]!.headers.get('x-pangolin-tenant'), null);
    assert.equal(calls[1]!.headers.get('authorization'), null);
  });

  test('an expired token is refreshed and the request retried once', async () => {
    let token = 'old';
    const { calls, fetchImpl } = fakeFetch((_url, init) => (new Headers(init.headers).get('authorization') === 'Bearer new' ? { body: ME } : expired));
    const stale: (string | undefined)[] = [];
    const client = new ApiClient({
      fetch: fetchImpl,
      getToken: () => token,
      onTokenExpired: async (s) => {
        stale.push(s);
        token = 'new';
        return true;
      },
      onAuthError: () => assert.fail('no sign-out when the refresh worked'),
    });
    assert.equal((await new IdentityApi(client).me()).name, 'alice');
    assert.deepEqual(stale, ['old']);
    assert.equal(calls.length, 2);
  });

  test('still expired after the retry, or no refresh possible: the auth error is reported, no loop', async () => {
    const { calls, fetchImpl } = fakeFetch(() => expired);
    const errors: ApiError[] = [];
    let refreshes = 0;
    const client = new ApiClient({ fetch: fetchImpl, getToken: () => 't', onTokenExpired: async () => (refreshes++, true), onAuthError: (e) => errors.push(e) });
    await assert.rejects(new IdentityApi(client).me(), (e: ApiError) => e.status === 419 && e.isExpiredToken);
    assert.equal(refreshes, 1);
    assert.equal(calls.length, 2);
    assert.equal(errors.length, 1);
    const other = new ApiClient({ fetch: fakeFetch(() => expired).fetchImpl, getToken: () => 't', onTokenExpired: async () => false, onAuthError: (e) => errors.push(e) });
    await assert.rejects(new IdentityApi(other).me());
    assert.equal(errors.length, 2);
  });

  test('a 401 that is not about expiry (revoked, wrong key) is not refreshed', async () => {
    const { fetchImpl } = fakeFetch(() => ({ status: 401, body: { error: { message: 'Invalid API key', type: 'NotAuthorizedException', code: 401 } } }));
    let refreshes = 0;
    const client = new ApiClient({ fetch: fetchImpl, getToken: () => 't', onTokenExpired: async () => (refreshes++, true) });
    await assert.rejects(new IdentityApi(client).me(), (e: ApiError) => e.isAuthError && !e.isExpiredToken);
    assert.equal(refreshes, 0);
  });

  test('a wrong password at sign-in is an error for the form, not a sign-out', async () => {
    const { calls, fetchImpl } = fakeFetch(() => ({ status: 401, body: { error: { message: 'Invalid user name or password', type: 'NotAuthorizedException', code: 401 } } }));
    const client = new ApiClient({ fetch: fetchImpl, getToken: () => 'stale', onAuthError: () => assert.fail('sign-in errors do not sign out') });
    await assert.rejects(new IdentityApi(client).login({ username: 'a', password: 'b', tenant: 't' }), /Invalid user name or password/);
    assert.equal(calls[0]!.headers.get('authorization'), null);
    assert.deepEqual(JSON.parse(calls[0]!.body!), { username: 'a', password: 'b', tenant: 't' });
  });

  test('logout sends the given token and the refresh token', async () => {
    const { calls, fetchImpl } = fakeFetch(() => ({ body: { logged_out: true } }));
    assert.equal(await new IdentityApi(new ApiClient({ fetch: fetchImpl })).logout('tok', 'prt_1'), true);
    assert.equal(calls[0]!.url, '/api/v1/users/logout');
    assert.equal(calls[0]!.headers.get('authorization'), 'Bearer tok');
    assert.deepEqual(JSON.parse(calls[0]!.body!), { refresh_token: 'prt_1' });
  });
});

describe('IdentityApi URLs', () => {
  test('paged lists send page_size and page_token; "all" follows next_page_token', async () => {
    const { calls, fetchImpl } = fakeFetch((url) => (url.includes('page_token=p2') ? { body: { users: [{ ...USER, id: 'u2', username: 'bob' }], next_page_token: null } } : { body: { users: [USER], next_page_token: 'p2' } }));
    const api = new IdentityApi(new ApiClient({ fetch: fetchImpl }));
    const first = await api.usersPage();
    assert.deepEqual(first.items.map((u) => u.username), ['alice']);
    assert.equal(first.next, 'p2');
    assert.equal(calls[0]!.url, '/api/v1/users?page_size=50');
    assert.deepEqual((await api.allUsers()).map((u) => u.username), ['alice', 'bob']);
    assert.equal(calls[2]!.url, '/api/v1/users?page_size=50&page_token=p2');
  });

  test('members, grants and API keys', async () => {
    const { calls, fetchImpl } = fakeFetch((url, init) => {
      if (init.method === 'DELETE') return { status: 204 };
      if (url.includes('/members/')) return { body: { role: 'analysts', member: { kind: 'service-user', id: 'svc-1' }, assigned: true } };
      if (url.includes('/grants')) return { status: 201, body: { id: 'g1', role: 'analysts', scope: { catalog: 'c', namespace: ['db'] }, privileges: ['read'], created_at: 'x' } };
      return { body: { api_keys: [], next_page_token: null } };
    });
    const api = new IdentityApi(new ApiClient({ fetch: fetchImpl }));
    await api.addMember('analysts', 'service-user', 'svc-1');
    await api.removeMember('analysts', 'user', 'u 1');
    await api.addGrant('analysts', { scope: { catalog: 'c', namespace: ['db'] }, privileges: ['read'] });
    await api.apiKeysPage(true);
    assert.deepEqual(
      calls.map((c) => `${c.method} ${c.url}`),
      ['PUT /api/v1/roles/analysts/members/service-user/svc-1', 'DELETE /api/v1/roles/analysts/members/user/u%201', 'POST /api/v1/roles/analysts/grants', 'GET /api/v1/api-keys?all=true&page_size=50'],
    );
  });

  test('a server refusal keeps the Iceberg error type and message', async () => {
    const { fetchImpl } = fakeFetch(() => ({ status: 409, body: { error: { message: 'User "a" is the last enabled tenant admin', type: 'ConflictException', code: 409 } } }));
    await assert.rejects(new IdentityApi(new ApiClient({ fetch: fetchImpl })).deleteUser('a'), (e: ApiError) => e.type === 'ConflictException' && /last enabled tenant admin/.test(e.message));
  });
});
