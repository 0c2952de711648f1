// Service users and API keys through the admin API: the secret and the key are shown once
// and never again, they work (PyIceberg-style client credentials, Bearer and X-API-Key),
// and rotation, disabling, revocation and deletion stop them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertError, assertShownOnce, goodPassword, startIdentityServer, type IdentityServer } from './identity-helpers.js';

describe('service users and API keys admin API', () => {
  let t: IdentityServer;
  before(async () => {
    t = await startIdentityServer();
  });
  after(() => t.stop());

  it('creates a service user with a secret shown once, which works as a PyIceberg credential', async () => {
    const created = await t.admin('POST', '/api/v1/service-users', { name: 'etl job' });
    assert.equal(created.status, 201, created.text);
    const { client_id: clientId, client_secret: secret, credential } = created.body;
    assert.match(clientId, /^svc-[0-9a-f]{16}$/);
    assert.equal(credential, `${clientId}:${secret}`);
    assert.equal(created.body.role, 'tenant-user');
    assert.equal(created.body.disabled, false);
    assert.equal(created.headers.get('cache-control'), 'no-store');

    const auth = await t.clientAuth(clientId, secret);
    const me = await t.as(auth, 'GET', '/api/v1/me');
    assert.equal(me.status, 200, me.text);
    assert.equal(me.body.kind, 'client');
    assert.equal((await t.as(auth, 'GET', `/api/v1/service-users/${clientId}`)).status, 200, 'a service user reads itself');
    assert.equal((await t.as(auth, 'GET', `/api/v1/service-users/${clientId}/roles`)).status, 200);
    assertError(await t.as(auth, 'GET', '/api/v1/service-users'), 403);

    // Later reads: no secret, no hash.
    const list = await t.admin('GET', '/api/v1/service-users');
    const row = list.body.service_users.find((c: { client_id: string }) => c.client_id === clientId);
    assert.deepEqual(Object.keys(row).sort(), ['client_id', 'created_at', 'disabled', 'name', 'role']);
    const one = await t.admin('GET', `/api/v1/service-users/${clientId}`);
    assert.equal(one.body.name, 'etl job');
    assert.ok(!/secret|sha256\$/.test(one.text));

    const patched = await t.admin('PATCH', `/api/v1/service-users/${clientId}`, { name: 'nightly etl', role: 'tenant-admin' });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.body.role, 'tenant-admin');
    assertShownOnce(t.seen, secret);
  });

  it('rotating the secret shows the new one once and the old one stops working', async () => {
    const { client_id: clientId, client_secret: old } = (await t.admin('POST', '/api/v1/service-users', { name: 'rotating' })).body;
    const rotated = await t.admin('POST', `/api/v1/service-users/${clientId}/rotate-secret`);
    assert.equal(rotated.status, 200, rotated.text);
    const fresh = rotated.body.client_secret as string;
    assert.notEqual(fresh, old);
    assert.equal(rotated.body.credential, `${clientId}:${fresh}`);
    await assert.rejects(t.clientAuth(clientId, old), /401/);
    assert.equal((await t.as(await t.clientAuth(clientId, fresh), 'GET', '/api/v1/me')).status, 200);
    assertShownOnce(t.seen, old);
    assertShownOnce(t.seen, fresh);
  });

  it('disabling a service user stops its tokens; deleting it removes it', async () => {
    const { client_id: clientId, client_secret: secret } = (await t.admin('POST', '/api/v1/service-users', { name: 'to disable' })).body;
    const auth = await t.clientAuth(clientId, secret);
    assert.equal((await t.as(auth, 'GET', '/api/v1/me')).status, 200);
    assert.equal((await t.admin('PATCH', `/api/v1/service-users/${clientId}`, { disabled: true })).status, 200);
    assertError(await t.as(auth, 'GET', '/api/v1/me'), 401, /disabled/);
    await assert.rejects(t.clientAuth(clientId, secret), /401/);
    assert.equal((await t.admin('PATCH', `/api/v1/service-users/${clientId}`, { disabled: false })).status, 200);
    assert.equal((await t.as(auth, 'GET', '/api/v1/me')).status, 200);

    assert.equal((await t.admin('DELETE', `/api/v1/service-users/${clientId}`)).status, 204);
    assertError(await t.admin('GET', `/api/v1/service-users/${clientId}`), 404);
    assertError(await t.as(auth, 'GET', '/api/v1/me'), 401);
  });

  it('an API key is shown once, works as Bearer and X-API-Key, and stops when revoked or deleted', async () => {
    const password = goodPassword();
    const user = (await t.admin('POST', '/api/v1/users', { username: 'keyholder', password })).body;
    const auth = await t.userAuth('keyholder', password);

    const created = await t.as(auth, 'POST', '/api/v1/api-keys', { name: 'laptop', expires_in_days: 30 });
    assert.equal(created.status, 201, created.text);
    const key = created.body.key as string;
    assert.match(key, /^pgk_[0-9a-f]{16}_/);
    assert.deepEqual(created.body.owner, { kind: 'user', id: user.id });
    assert.ok(key.includes(created.body.key_prefix));
    const days = (Date.parse(created.body.expires_at) - Date.parse(created.body.created_at)) / 86_400_000;
    assert.equal(Math.round(days), 30);

    const viaBearer = await t.as(`Bearer ${key}`, 'GET', '/api/v1/me');
    assert.equal(viaBearer.status, 200, viaBearer.text);
    assert.equal(viaBearer.body.name, 'keyholder');
    assert.equal(viaBearer.body.via_api_key, true);
    assert.equal((await t.as(undefined, 'GET', '/api/v1/me', undefined, { 'x-api-key': key })).status, 200);

    // The owner lists its keys; later reads never show the key.
    const mine = await t.as(auth, 'GET', '/api/v1/api-keys');
    assert.equal(mine.status, 200, mine.text);
    assert.deepEqual(mine.body.api_keys.map((k: { id: string }) => k.id), [created.body.id]);
    assert.ok(!('key' in mine.body.api_keys[0]));

    const revoked = await t.as(auth, 'POST', `/api/v1/api-keys/${created.body.id}/revoke`);
    assert.equal(revoked.status, 200, revoked.text);
    assert.notEqual(revoked.body.revoked_at, null);
    assertError(await t.as(`Bearer ${key}`, 'GET', '/api/v1/me'), 401, /revoked/);

    const second = await t.as(auth, 'POST', '/api/v1/api-keys', { name: 'ci' });
    assert.equal(second.body.expires_at, null);
    assert.equal((await t.as(`Bearer ${second.body.key}`, 'GET', '/api/v1/me')).status, 200);
    assert.equal((await t.as(auth, 'DELETE', `/api/v1/api-keys/${second.body.id}`)).status, 204);
    assertError(await t.as(`Bearer ${second.body.key}`, 'GET', '/api/v1/me'), 401);
    assertError(await t.as(auth, 'DELETE', `/api/v1/api-keys/${second.body.id}`), 404);

    assertShownOnce(t.seen, key);
    assertShownOnce(t.seen, second.body.key);
  });

  it('owners: admins manage any key of the tenant, users only their own, root owns none', async () => {
    const pw1 = goodPassword();
    const u1 = (await t.admin('POST', '/api/v1/users', { username: 'owner-one', password: pw1 })).body;
    const u2 = (await t.admin('POST', '/api/v1/users', { username: 'owner-two', password: goodPassword() })).body;
    const svc = (await t.admin('POST', '/api/v1/service-users', { name: 'keyed' })).body;
    const a1 = await t.userAuth('owner-one', pw1);

    // An admin issues keys for a user and a service user.
    const forUser = await t.admin('POST', '/api/v1/api-keys', { name: 'for two', owner: { kind: 'user', id: u2.id } });
    assert.equal(forUser.status, 201, forUser.text);
    const forSvc = await t.admin('POST', '/api/v1/api-keys', { name: 'for svc', owner: { kind: 'service-user', id: svc.client_id } });
    assert.equal(forSvc.status, 201, forSvc.text);
    const svcMe = await t.as(`Bearer ${forSvc.body.key}`, 'GET', '/api/v1/me');
    assert.equal(svcMe.body.kind, 'client');

    const byOwner = await t.admin('GET', `/api/v1/api-keys?owner_kind=user&owner_id=${u2.id}`);
    assert.deepEqual(byOwner.body.api_keys.map((k: { id: string }) => k.id), [forUser.body.id]);
    const all = await t.admin('GET', '/api/v1/api-keys?all=true');
    assert.ok(all.body.api_keys.length >= 2);

    // A user cannot issue, list, revoke or delete another's keys.
    assertError(await t.as(a1, 'POST', '/api/v1/api-keys', { name: 'x', owner: { kind: 'user', id: u2.id } }), 403);
    assertError(await t.as(a1, 'GET', '/api/v1/api-keys?all=true'), 403);
    assertError(await t.as(a1, 'GET', `/api/v1/api-keys?owner_kind=user&owner_id=${u2.id}`), 403);
    assertError(await t.as(a1, 'POST', `/api/v1/api-keys/${forUser.body.id}/revoke`), 403);
    assertError(await t.as(a1, 'DELETE', `/api/v1/api-keys/${forUser.body.id}`), 403);
    assert.equal((await t.as(`Bearer ${forUser.body.key}`, 'GET', '/api/v1/me')).status, 200, 'still works');
    // ...but may name itself as the owner.
    assert.equal((await t.as(a1, 'POST', '/api/v1/api-keys', { name: 'mine', owner: { kind: 'user', id: u1.id } })).status, 201);

    // An admin revokes anyone's key.
    assert.equal((await t.admin('POST', `/api/v1/api-keys/${forUser.body.id}/revoke`)).status, 200);
    assertError(await t.as(`Bearer ${forUser.body.key}`, 'GET', '/api/v1/me'), 401);

    // Root owns no keys.
    assertError(await t.root('POST', '/api/v1/api-keys', { name: 'root key' }), 400, /service user/);
    assert.equal((await t.root('POST', '/api/v1/api-keys', { name: 'via root', owner: { kind: 'service-user', id: svc.client_id } })).status, 201);
    assertError(await t.admin('POST', '/api/v1/api-keys', { name: 'ghost', owner: { kind: 'user', id: 'no-such-user' } }), 404);
  });

  it("keeps another tenant's service users and keys out of reach", async () => {
    assert.equal((await t.root('POST', '/api/v1/tenants', { name: 'other' })).status, 201);
    const pw = goodPassword();
    assert.equal((await t.root('POST', '/api/v1/users', { username: 'other-admin', password: pw, role: 'tenant-admin' }, 'other')).status, 201);
    const otherAdmin = await t.userAuth('other-admin', pw, 'other');
    const svc = (await t.admin('POST', '/api/v1/service-users', { name: 'default only' })).body;
    const key = (await t.admin('POST', '/api/v1/api-keys', { name: 'default key', owner: { kind: 'service-user', id: svc.client_id } })).body;

    assert.deepEqual((await t.as(otherAdmin, 'GET', '/api/v1/service-users')).body.service_users, []);
    assertError(await t.as(otherAdmin, 'GET', `/api/v1/service-users/${svc.client_id}`), 404);
    assertError(await t.as(otherAdmin, 'PATCH', `/api/v1/service-users/${svc.client_id}`, { disabled: true }), 404);
    assertError(await t.as(otherAdmin, 'POST', `/api/v1/service-users/${svc.client_id}/rotate-secret`), 404);
    assertError(await t.as(otherAdmin, 'DELETE', `/api/v1/service-users/${svc.client_id}`), 404);
    assert.deepEqual((await t.as(otherAdmin, 'GET', '/api/v1/api-keys?all=true')).body.api_keys, []);
    assertError(await t.as(otherAdmin, 'GET', `/api/v1/api-keys?owner_kind=service-user&owner_id=${svc.client_id}`), 404);
    assertError(await t.as(otherAdmin, 'POST', `/api/v1/api-keys/${key.id}/revoke`), 404);
    assertError(await t.as(otherAdmin, 'DELETE', `/api/v1/api-keys/${key.id}`), 404);
    assertError(await t.as(otherAdmin, 'POST', '/api/v1/api-keys', { name: 'steal', owner: { kind: 'service-user', id: svc.client_id } }), 404);
    assert.equal((await t.as(`Bearer ${key.key}`, 'GET', '/api/v1/me')).status, 200, 'untouched');
  });
});
