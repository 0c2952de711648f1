// Roles, members and grants through the admin API, proven against the Iceberg API: a grant
// opens a catalog to a role's members, removing it closes it again; holders of
// manage-grants hand out grants only inside their scope; other tenants see nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertError, goodPassword, startIdentityServer, type IdentityServer } from './identity-helpers.js';

describe('roles and grants admin API', () => {
  let t: IdentityServer;
  let analyst: { id: string; auth: string };
  before(async () => {
    t = await startIdentityServer();
    const password = goodPassword();
    const u = await t.admin('POST', '/api/v1/users', { username: 'analyst', password });
    assert.equal(u.status, 201, u.text);
    analyst = { id: u.body.id, auth: await t.userAuth('analyst', password) };
    assert.equal((await t.admin('POST', '/v1/local/namespaces', { namespace: ['sales'] })).status, 200);
  });
  after(() => t.stop());

  it('creates, lists, reads, renames and deletes roles', async () => {
    const created = await t.admin('POST', '/api/v1/roles', { name: 'readers', description: 'read everything' });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(Object.keys(created.body).sort(), ['created_at', 'description', 'id', 'name']);
    assertError(await t.admin('POST', '/api/v1/roles', { name: 'readers' }), 409);
    assert.ok((await t.admin('GET', '/api/v1/roles')).body.roles.some((r: { name: string }) => r.name === 'readers'));
    assert.equal((await t.admin('GET', '/api/v1/roles/readers')).body.description, 'read everything');
    const renamed = await t.admin('PATCH', '/api/v1/roles/readers', { name: 'viewers' });
    assert.equal(renamed.status, 200, renamed.text);
    assertError(await t.admin('GET', '/api/v1/roles/readers'), 404);
    assert.equal((await t.admin('DELETE', '/api/v1/roles/viewers')).status, 204);
    assertError(await t.admin('DELETE', '/api/v1/roles/viewers'), 404);
    assertError(await t.as(analyst.auth, 'GET', '/api/v1/roles'), 403);
    assertError(await t.as(analyst.auth, 'POST', '/api/v1/roles', { name: 'mine' }), 403);
  });

  it('a grant to a role opens the catalog to its members; removing it closes it', async () => {
    assertError(await t.as(analyst.auth, 'GET', '/v1/local/namespaces'), 403);
    assert.equal((await t.admin('POST', '/api/v1/roles', { name: 'lake-readers' })).status, 201);
    const grant = await t.admin('POST', '/api/v1/roles/lake-readers/grants', { scope: { catalog: 'local' }, privileges: ['read', 'read'] });
    assert.equal(grant.status, 201, grant.text);
    assert.deepEqual(grant.body.scope, { catalog: 'local' });
    assert.deepEqual(grant.body.privileges, ['read']);
    assert.equal(grant.body.role, 'lake-readers');

    const put = await t.admin('PUT', `/api/v1/roles/lake-readers/members/user/${analyst.id}`);
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.body, { role: 'lake-readers', member: { kind: 'user', id: analyst.id }, assigned: true });
    assert.equal((await t.admin('PUT', '/api/v1/roles/lake-readers/members/user/analyst')).body.assigned, false, 'by name, already assigned');

    const roles = await t.as(analyst.auth, 'GET', `/api/v1/users/${analyst.id}/roles`);
    assert.deepEqual(roles.body.roles.map((r: { name: string }) => r.name), ['lake-readers']);
    const ns = await t.as(analyst.auth, 'GET', '/v1/local/namespaces');
    assert.equal(ns.status, 200, ns.text);
    assertError(await t.as(analyst.auth, 'POST', '/v1/local/namespaces', { namespace: ['nope'] }), 403);

    const grants = await t.admin('GET', '/api/v1/roles/lake-readers/grants');
    assert.deepEqual(grants.body.grants.map((g: { id: string }) => g.id), [grant.body.id]);
    assert.equal((await t.admin('DELETE', `/api/v1/roles/lake-readers/grants/${grant.body.id}`)).status, 204);
    assertError(await t.as(analyst.auth, 'GET', '/v1/local/namespaces'), 403);
    assertError(await t.admin('DELETE', `/api/v1/roles/lake-readers/grants/${grant.body.id}`), 404);

    // Membership goes away too; removing it twice is "not found".
    assert.equal((await t.admin('DELETE', `/api/v1/roles/lake-readers/members/user/${analyst.id}`)).status, 204);
    assertError(await t.admin('DELETE', `/api/v1/roles/lake-readers/members/user/${analyst.id}`), 404, /does not hold/);

    // Service users are members the same way.
    const svc = (await t.admin('POST', '/api/v1/service-users', { name: 'reader bot' })).body;
    assert.equal((await t.admin('PUT', `/api/v1/roles/lake-readers/members/service-user/${svc.client_id}`)).status, 200);
    assert.deepEqual((await t.admin('GET', `/api/v1/service-users/${svc.client_id}/roles`)).body.roles.map((r: { name: string }) => r.name), ['lake-readers']);
    assertError(await t.admin('PUT', '/api/v1/roles/lake-readers/members/robot/x'), 400, /user or service-user/);
    assertError(await t.admin('PUT', '/api/v1/roles/lake-readers/members/user/nobody'), 404);
    assertError(await t.admin('PUT', `/api/v1/roles/no-such-role/members/user/${analyst.id}`), 404);
  });

  it('validates grants: catalog of the tenant, table or view, privileges', async () => {
    assert.equal((await t.admin('POST', '/api/v1/roles', { name: 'checked' })).status, 201);
    const bad: [unknown, number, RegExp][] = [
      [{ scope: { catalog: 'no-such-catalog' }, privileges: ['read'] }, 404, /no-such-catalog/],
      [{ scope: { catalog: 'local', namespace: ['sales'], table: 't', view: 'v' }, privileges: ['read'] }, 400, /not both/],
      [{ scope: { catalog: 'local', table: 't' }, privileges: ['read'] }, 400, /namespace/],
      [{ scope: { catalog: 'local' }, privileges: [] }, 400, /at least one privilege/],
      [{ scope: { catalog: 'local' }, privileges: ['admin'] }, 400, /privileges/],
      [{ scope: { catalog: 'local', namespace: [] }, privileges: ['read'] }, 400, /namespace/],
      [{ scope: { catalog: 'local' } }, 400, /privileges/],
      [{ scope: { catalog: 'local', schema: 'x' }, privileges: ['read'] }, 400, /schema/],
    ];
    for (const [body, status, msg] of bad) assertError(await t.admin('POST', '/api/v1/roles/checked/grants', body), status, msg);
    assertError(await t.admin('POST', '/api/v1/roles/missing/grants', { scope: { catalog: 'local' }, privileges: ['read'] }), 404);
    assert.deepEqual((await t.admin('GET', '/api/v1/roles/checked/grants')).body.grants, []);
    const ok = await t.admin('POST', '/api/v1/roles/checked/grants', { scope: { catalog: 'local', namespace: ['sales'], table: 'orders' }, privileges: ['read', 'write'] });
    assert.equal(ok.status, 201, ok.text);
    assert.deepEqual(ok.body.scope, { catalog: 'local', namespace: ['sales'], table: 'orders' });
  });

  it('manage-grants on a scope lets a user hand out grants inside it, and only there', async () => {
    const password = goodPassword();
    const steward = (await t.admin('POST', '/api/v1/users', { username: 'steward', password })).body;
    const auth = await t.userAuth('steward', password);
    assert.equal((await t.admin('POST', '/api/v1/roles', { name: 'sales-stewards' })).status, 201);
    assert.equal((await t.admin('POST', '/api/v1/roles/sales-stewards/grants', { scope: { catalog: 'local', namespace: ['sales'] }, privileges: ['manage-grants', 'read'] })).status, 201);
    assert.equal((await t.admin('PUT', `/api/v1/roles/sales-stewards/members/user/${steward.id}`)).status, 200);
    assert.equal((await t.admin('POST', '/api/v1/roles', { name: 'sales-readers' })).status, 201);
    const outside = await t.admin('POST', '/api/v1/roles/sales-readers/grants', { scope: { catalog: 'local' }, privileges: ['read'] });
    assert.equal(outside.status, 201);

    const inside = await t.as(auth, 'POST', '/api/v1/roles/sales-readers/grants', { scope: { catalog: 'local', namespace: ['sales', 'eu'] }, privileges: ['read'] });
    assert.equal(inside.status, 201, inside.text);
    assertError(await t.as(auth, 'POST', '/api/v1/roles/sales-readers/grants', { scope: { catalog: 'local' }, privileges: ['read'] }), 403, /manage-grants/);
    assertError(await t.as(auth, 'POST', '/api/v1/roles/sales-readers/grants', { scope: { catalog: 'local', namespace: ['hr'] }, privileges: ['read'] }), 403);

    // It sees only the grants it could manage, and removes only those.
    const seen = await t.as(auth, 'GET', '/api/v1/roles/sales-readers/grants');
    assert.equal(seen.status, 200, seen.text);
    assert.deepEqual(seen.body.grants.map((g: { id: string }) => g.id), [inside.body.id]);
    assertError(await t.as(auth, 'DELETE', `/api/v1/roles/sales-readers/grants/${outside.body.id}`), 403);
    assert.equal((await t.as(auth, 'DELETE', `/api/v1/roles/sales-readers/grants/${inside.body.id}`)).status, 204);
    // Managing grants is not managing roles or members.
    assertError(await t.as(auth, 'PUT', `/api/v1/roles/sales-readers/members/user/${steward.id}`), 403);
    assertError(await t.as(auth, 'DELETE', '/api/v1/roles/sales-readers'), 403);
    // Without manage-grants anywhere: refused outright.
    assertError(await t.as(analyst.auth, 'GET', '/api/v1/roles/sales-readers/grants'), 403);
    assertError(await t.as(analyst.auth, 'POST', '/api/v1/roles/sales-readers/grants', { scope: { catalog: 'local', namespace: ['sales'] }, privileges: ['read'] }), 403);
  });

  it('a grant manager grants only privileges it holds, and never to its own roles', async () => {
    const password = goodPassword();
    const keeper = (await t.admin('POST', '/api/v1/users', { username: 'keeper', password })).body;
    const other = (await t.admin('POST', '/api/v1/users', { username: 'keeper-peer', password: goodPassword() })).body;
    const auth = await t.userAuth('keeper', password);
    for (const name of ['keepers', 'peers']) assert.equal((await t.admin('POST', '/api/v1/roles', { name })).status, 201);
    assert.equal((await t.admin('POST', '/api/v1/roles/keepers/grants', { scope: { catalog: 'local' }, privileges: ['manage-grants', 'read', 'create'] })).status, 201);
    assert.equal((await t.admin('PUT', `/api/v1/roles/keepers/members/user/${keeper.id}`)).status, 200);
    assert.equal((await t.admin('PUT', `/api/v1/roles/peers/members/user/${other.id}`)).status, 200);
    const stored = async (role: string) => (await t.admin('GET', `/api/v1/roles/${role}/grants`)).body.grants.length as number;
    const ownBefore = await stored('keepers');

    // Write or drop on itself (even ones it holds): refused, nothing stored.
    for (const privileges of [['write'], ['drop'], ['read']]) {
      assertError(await t.as(auth, 'POST', '/api/v1/roles/keepers/grants', { scope: { catalog: 'local', namespace: ['sales'] }, privileges }), 403, /holds role "keepers"/);
    }
    assert.equal(await stored('keepers'), ownBefore);

    // Another role: what it holds, yes; what it lacks, no (and nothing stored).
    const held = await t.as(auth, 'POST', '/api/v1/roles/peers/grants', { scope: { catalog: 'local', namespace: ['sales'] }, privileges: ['read', 'create'] });
    assert.equal(held.status, 201, held.text);
    for (const privileges of [['write'], ['read', 'drop']]) {
      assertError(await t.as(auth, 'POST', '/api/v1/roles/peers/grants', { scope: { catalog: 'local', namespace: ['sales'] }, privileges }), 403, /may grant only privileges it holds/);
    }
    assert.equal(await stored('peers'), 1);
    const audit = await t.admin('GET', '/api/v1/audit?action=role.grant&outcome=denied&page_size=100');
    assert.equal(audit.status, 200, audit.text);
    assert.ok(audit.body.events.some((e: { actor: { name: string }; detail: string }) => e.actor.name === 'keeper' && /lacks "write"/.test(e.detail)), 'the refusal is audited');
    // A tenant admin is not bound by this.
    assert.equal((await t.admin('POST', '/api/v1/roles/keepers/grants', { scope: { catalog: 'local' }, privileges: ['write'] })).status, 201);
  });

  it("keeps another tenant's roles and members out of reach", async () => {
    assert.equal((await t.root('POST', '/api/v1/tenants', { name: 'gamma' })).status, 201);
    const pw = goodPassword();
    assert.equal((await t.root('POST', '/api/v1/users', { username: 'gamma-admin', password: pw, role: 'tenant-admin' }, 'gamma')).status, 201);
    const gamma = await t.userAuth('gamma-admin', pw, 'gamma');
    assert.equal((await t.admin('POST', '/api/v1/roles', { name: 'secret-role' })).status, 201);

    assert.deepEqual((await t.as(gamma, 'GET', '/api/v1/roles')).body.roles, []);
    assertError(await t.as(gamma, 'GET', '/api/v1/roles/secret-role'), 404);
    assertError(await t.as(gamma, 'DELETE', '/api/v1/roles/secret-role'), 404);
    assertError(await t.as(gamma, 'GET', '/api/v1/roles/secret-role/grants'), 404);
    assertError(await t.as(gamma, 'POST', '/api/v1/roles/secret-role/grants', { scope: { catalog: 'local' }, privileges: ['read'] }), 404);
    // Its own role cannot take the default tenant's user, nor grant on the default tenant's catalog.
    assert.equal((await t.as(gamma, 'POST', '/api/v1/roles', { name: 'gamma-role' })).status, 201);
    assertError(await t.as(gamma, 'PUT', `/api/v1/roles/gamma-role/members/user/${analyst.id}`), 404);
    assertError(await t.as(gamma, 'POST', '/api/v1/roles/gamma-role/grants', { scope: { catalog: 'local' }, privileges: ['read'] }), 404, /catalog/i);
    assert.equal((await t.admin('GET', '/api/v1/roles/secret-role')).status, 200, 'untouched');
  });
});
