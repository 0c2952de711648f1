// Users through the admin API: CRUD, the password policy, hashes never returned, the last
// tenant admin kept, self-service password change, disabling and sessions, and another
// tenant's users out of reach.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertError, goodPassword, startIdentityServer, type IdentityServer } from './identity-helpers.js';

describe('users admin API', () => {
  let t: IdentityServer;
  before(async () => {
    t = await startIdentityServer();
  });
  after(() => t.stop());

  it('creates, lists, reads, updates and deletes a user; never returns the hash or password', async () => {
    const password = goodPassword();
    const created = await t.admin('POST', '/api/v1/users', { username: 'alice', password, email: 'alice@example.com', role: 'tenant-user' });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(Object.keys(created.body).sort(), ['created_at', 'disabled', 'email', 'id', 'role', 'updated_at', 'username']);
    assert.equal(created.body.username, 'alice');
    assert.equal(created.body.email, 'alice@example.com');
    assert.equal(created.body.role, 'tenant-user');
    assert.equal(created.body.disabled, false);
    const id = created.body.id as string;

    const list = await t.admin('GET', '/api/v1/users');
    assert.equal(list.status, 200);
    assert.ok(list.body.users.some((u: { id: string }) => u.id === id));
    assert.equal(list.body.next_page_token, null);
    assert.equal((await t.admin('GET', `/api/v1/users/${id}`)).body.username, 'alice');
    assert.equal((await t.admin('GET', '/api/v1/users/alice')).body.id, id, 'a user is found by name too');

    const patched = await t.admin('PATCH', `/api/v1/users/${id}`, { email: null, role: 'tenant-admin' });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.body.email, null);
    assert.equal(patched.body.role, 'tenant-admin');

    // The user signs in and reads itself; its record never carries a hash.
    const auth = await t.userAuth('alice', password);
    const me = await t.as(auth, 'GET', `/api/v1/users/${id}`);
    assert.equal(me.status, 200, me.text);

    for (const text of t.seen) {
      assert.ok(!text.includes(password), 'a password came back in a response');
      assert.ok(!/argon2|passwordHash|password_hash/.test(text), 'a password hash came back in a response');
    }

    assert.equal((await t.admin('DELETE', `/api/v1/users/${id}`)).status, 204);
    assertError(await t.admin('GET', `/api/v1/users/${id}`), 404);
    assertError(await t.admin('DELETE', `/api/v1/users/${id}`), 404);
  });

  it('refuses weak passwords naming why, and creates nothing', async () => {
    const cases: [string, RegExp][] = [
      ['short1', /shorter than 10/],
      ['password123', /well-known/],
      ['xbob-the-builder-x', /user name/],
      ['aaaaaaaaaaaa', /repeats one character/],
    ];
    for (const [password, why] of cases) {
      const r = await t.admin('POST', '/api/v1/users', { username: 'bob-the-builder', password });
      assertError(r, 400, why);
    }
    assertError(await t.admin('GET', '/api/v1/users/bob-the-builder'), 404);
    const u = await t.admin('POST', '/api/v1/users', { username: 'bob-the-builder', password: goodPassword() });
    assert.equal(u.status, 201, u.text);
    assertError(await t.admin('PATCH', `/api/v1/users/${u.body.id}`, { password: 'changeme2024' }), 400, /well-known/);
    assertError(await t.admin('POST', '/api/v1/users', { username: 'bob-the-builder', password: goodPassword() }), 409);
  });

  it('lets a user change its own password: checks the current one, ends its other sessions', async () => {
    const old = goodPassword();
    const created = await t.admin('POST', '/api/v1/users', { username: 'carol', password: old });
    assert.equal(created.status, 201, created.text);
    const first = await t.login('carol', old);
    const second = await t.login('carol', old);
    const a1 = `Bearer ${first.body.token}`;
    const a2 = `Bearer ${second.body.token}`;

    assertError(await t.as(a1, 'PATCH', '/api/v1/users/me/password', { current_password: 'not-the-password', new_password: goodPassword() }), 403, /current password/);
    assertError(await t.as(a1, 'PATCH', '/api/v1/users/me/password', { current_password: old, new_password: 'short' }), 400, /shorter/);
    assertError(await t.as(a1, 'PATCH', '/api/v1/users/me/password', { current_password: old, new_password: old }), 400, /same/);

    const fresh = goodPassword();
    const changed = await t.as(a1, 'PATCH', '/api/v1/users/me/password', { current_password: old, new_password: fresh });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.body.changed, true);
    assert.equal(changed.body.sessions_ended, 2);
    assert.equal(changed.body.session.principal.name, 'carol');

    // Both old sessions ended (tokens and refresh tokens); the new session works.
    assertError(await t.as(a2, 'GET', '/api/v1/me'), 401);
    assertError(await t.as(a1, 'GET', '/api/v1/me'), 401);
    const after = await t.as(`Bearer ${changed.body.session.token}`, 'GET', '/api/v1/me');
    assert.equal(after.status, 200, after.text);
    // (Last: presenting a revoked refresh token ends every session of the user, the new one too.)
    assertError(await t.as(undefined, 'POST', '/api/v1/users/refresh', { refresh_token: second.body.refresh_token }), 401);
    assertError(await t.login('carol', old), 401);
    assert.equal((await t.login('carol', fresh)).status, 200);

    // Service users and root have no password here.
    assertError(await t.admin('PATCH', '/api/v1/users/me/password', { current_password: 'x', new_password: goodPassword() }), 400, /rotate/);
    assertError(await t.root('PATCH', '/api/v1/users/me/password', { current_password: 'x', new_password: goodPassword() }), 400, /PANGOLIN_ROOT_PASSWORD/);
  });

  it('disabling a user stops its tokens at once; revoke-sessions ends its sessions', async () => {
    const password = goodPassword();
    const u = (await t.admin('POST', '/api/v1/users', { username: 'dave', password })).body;
    const auth = await t.userAuth('dave', password);
    assert.equal((await t.as(auth, 'GET', '/api/v1/me')).status, 200);
    assert.equal((await t.admin('PATCH', `/api/v1/users/${u.id}`, { disabled: true })).status, 200);
    assertError(await t.as(auth, 'GET', '/api/v1/me'), 401, /disabled/);
    assertError(await t.login('dave', password), 401);
    assert.equal((await t.admin('PATCH', `/api/v1/users/${u.id}`, { disabled: false })).status, 200);

    const again = await t.login('dave', password);
    const r = await t.admin('POST', `/api/v1/users/${u.id}/revoke-sessions`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.sessions_ended >= 1);
    assertError(await t.as(`Bearer ${again.body.token}`, 'GET', '/api/v1/me'), 401);
  });

  it('a tenant user may read itself but not other users, nor manage users', async () => {
    const password = goodPassword();
    const me = (await t.admin('POST', '/api/v1/users', { username: 'erin', password })).body;
    const other = (await t.admin('POST', '/api/v1/users', { username: 'frank', password: goodPassword() })).body;
    const auth = await t.userAuth('erin', password);
    assert.equal((await t.as(auth, 'GET', `/api/v1/users/${me.id}`)).status, 200);
    assert.equal((await t.as(auth, 'GET', `/api/v1/users/${me.id}/roles`)).status, 200);
    assertError(await t.as(auth, 'GET', `/api/v1/users/${other.id}`), 403, /tenant-admin/);
    assertError(await t.as(auth, 'GET', '/api/v1/users'), 403);
    assertError(await t.as(auth, 'POST', '/api/v1/users', { username: 'mallory', password: goodPassword() }), 403);
    assertError(await t.as(auth, 'PATCH', `/api/v1/users/${me.id}`, { role: 'tenant-admin' }), 403);
    assertError(await t.as(auth, 'DELETE', `/api/v1/users/${other.id}`), 403);
    assert.equal((await t.admin('GET', `/api/v1/users/${me.id}`)).body.role, 'tenant-user', 'nothing changed');
  });

  it('keeps the last enabled tenant admin: it may not delete, demote or disable itself', async () => {
    // A separate tenant with exactly one admin.
    assert.equal((await t.root('POST', '/api/v1/tenants', { name: 'solo' })).status, 201);
    const password = goodPassword();
    const boss = await t.root('POST', '/api/v1/users', { username: 'boss', password, role: 'tenant-admin' }, 'solo');
    assert.equal(boss.status, 201, boss.text);
    const auth = await t.userAuth('boss', password, 'solo');
    const id = boss.body.id as string;
    assertError(await t.as(auth, 'DELETE', `/api/v1/users/${id}`), 409, /last enabled tenant admin of tenant "solo"/);
    assertError(await t.as(auth, 'PATCH', `/api/v1/users/${id}`, { role: 'tenant-user' }), 409, /last enabled tenant admin/);
    assertError(await t.as(auth, 'PATCH', `/api/v1/users/${id}`, { disabled: true }), 409, /last enabled tenant admin/);
    assert.equal((await t.as(auth, 'GET', `/api/v1/users/${id}`)).body.role, 'tenant-admin');

    // With a second admin (here a service user) it may step down.
    const svc = await t.as(auth, 'POST', '/api/v1/service-users', { name: 'ops', role: 'tenant-admin' });
    assert.equal(svc.status, 201, svc.text);
    const demoted = await t.as(auth, 'PATCH', `/api/v1/users/${id}`, { role: 'tenant-user' });
    assert.equal(demoted.status, 200, demoted.text);
    // Now the service user is the last one: it may not disable itself.
    const svcAuth = await t.clientAuth(svc.body.client_id, svc.body.client_secret);
    assertError(await t.as(svcAuth, 'PATCH', `/api/v1/service-users/${svc.body.client_id}`, { disabled: true }), 409, /Service user "ops" is the last/);
    assertError(await t.as(svcAuth, 'DELETE', `/api/v1/service-users/${svc.body.client_id}`), 409);
    // Root is not held to it (it can always repair the tenant).
    assert.equal((await t.root('PATCH', `/api/v1/service-users/${svc.body.client_id}`, { role: 'tenant-user' }, 'solo')).status, 200);
  });

  it("keeps another tenant's users out of reach (404, never revealing them)", async () => {
    assert.equal((await t.root('POST', '/api/v1/tenants', { name: 'beta' })).status, 201);
    const password = goodPassword();
    assert.equal((await t.root('POST', '/api/v1/users', { username: 'beta-admin', password, role: 'tenant-admin' }, 'beta')).status, 201);
    const betaAdmin = await t.userAuth('beta-admin', password, 'beta');
    const victim = (await t.admin('POST', '/api/v1/users', { username: 'victim', password: goodPassword() })).body;

    const list = await t.as(betaAdmin, 'GET', '/api/v1/users');
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.users.map((u: { username: string }) => u.username), ['beta-admin']);
    for (const path of [`/api/v1/users/${victim.id}`, '/api/v1/users/victim', `/api/v1/users/${victim.id}/roles`]) {
      assertError(await t.as(betaAdmin, 'GET', path), 404);
    }
    assertError(await t.as(betaAdmin, 'PATCH', `/api/v1/users/${victim.id}`, { disabled: true }), 404);
    assertError(await t.as(betaAdmin, 'DELETE', `/api/v1/users/${victim.id}`), 404);
    assertError(await t.as(betaAdmin, 'POST', `/api/v1/users/${victim.id}/revoke-sessions`), 404);
    // Naming the other tenant in the header does not help.
    assertError(await t.as(betaAdmin, 'GET', '/api/v1/users', undefined, { 'x-pangolin-tenant': 'default' }), 403);
    const still = await t.admin('GET', `/api/v1/users/${victim.id}`);
    assert.equal(still.body.disabled, false);
  });
});
