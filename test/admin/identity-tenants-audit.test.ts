// Tenants (root only) and the audit log through the admin API, and the bad-input matrix of
// the identity routes: every refusal in the Iceberg error shape, with nothing changed.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { assertError, goodPassword, startIdentityServer, type IdentityServer } from './identity-helpers.js';

describe('tenants and audit admin API', () => {
  let t: IdentityServer;
  before(async () => {
    t = await startIdentityServer();
  });
  after(() => t.stop());

  it('root creates, lists, reads, updates and deletes tenants', async () => {
    const created = await t.root('POST', '/api/v1/tenants', { name: 'acme', properties: { owner: 'ops' } });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(Object.keys(created.body).sort(), ['created_at', 'id', 'name', 'properties']);
    assertError(await t.root('POST', '/api/v1/tenants', { name: 'acme' }), 409);
    const names = (await t.root('GET', '/api/v1/tenants')).body.tenants.map((x: { name: string }) => x.name);
    assert.deepEqual(names.sort(), ['acme', 'default']);
    assert.equal((await t.root('GET', '/api/v1/tenants/acme')).body.id, created.body.id);
    assert.equal((await t.root('GET', `/api/v1/tenants/${created.body.id}`)).body.name, 'acme', 'by id too');
    const patched = await t.root('PATCH', '/api/v1/tenants/acme', { name: 'acme-corp', properties: {} });
    assert.equal(patched.status, 200, patched.text);
    assert.deepEqual(patched.body.properties, {});

    // Paging.
    const page = await t.root('GET', '/api/v1/tenants?page_size=1');
    assert.equal(page.body.tenants.length, 1);
    assert.equal(typeof page.body.next_page_token, 'string');
    const rest = await t.root('GET', `/api/v1/tenants?page_size=1&page_token=${encodeURIComponent(page.body.next_page_token)}`);
    assert.equal(rest.body.tenants.length, 1);
    assert.notEqual(rest.body.tenants[0].name, page.body.tenants[0].name);

    // In use: a warehouse and a catalog in it block deletion, named in the 409.
    const location = pathToFileURL(mkdtempSync(join(tmpdir(), 'pangolin-tenant-'))).href;
    assert.equal((await t.as(`Basic ${Buffer.from(`admin:${t.rootPassword}`).toString('base64')}`, 'POST', '/api/v1/warehouses', { name: 'acme-wh', location }, { 'x-pangolin-tenant': 'acme-corp' })).status, 201);
    assertError(await t.root('DELETE', '/api/v1/tenants/acme-corp'), 409, /acme-wh/);
    assert.equal((await t.root('DELETE', '/api/v1/warehouses/acme-wh', undefined, 'acme-corp')).status, 204);
    // Its users go with it.
    assert.equal((await t.root('POST', '/api/v1/users', { username: 'acme-user', password: goodPassword() }, 'acme-corp')).status, 201);
    assert.equal((await t.root('DELETE', '/api/v1/tenants/acme-corp')).status, 204);
    assertError(await t.root('GET', '/api/v1/tenants/acme-corp'), 404);
    assertError(await t.login('acme-user', 'whatever-pass', 'acme-corp'), 404);

    // The default tenant stays.
    assertError(await t.root('DELETE', '/api/v1/tenants/default'), 409, /default tenant/);
    assertError(await t.root('PATCH', '/api/v1/tenants/default', { name: 'renamed' }), 400, /cannot be renamed/);
  });

  it('only root manages tenants; everyone reads its current tenant', async () => {
    assertError(await t.admin('GET', '/api/v1/tenants'), 403, /only the root user/);
    assertError(await t.admin('POST', '/api/v1/tenants', { name: 'sneaky' }), 403);
    assertError(await t.admin('DELETE', '/api/v1/tenants/default'), 403);
    assertError(await t.root('GET', '/api/v1/tenants/sneaky'), 404);
    const cur = await t.admin('GET', '/api/v1/tenants/current');
    assert.equal(cur.status, 200, cur.text);
    assert.equal(cur.body.name, 'default');
    assert.equal((await t.root('POST', '/api/v1/tenants', { name: 'delta' })).status, 201);
    assert.equal((await t.root('GET', '/api/v1/tenants/current', undefined, 'delta')).body.name, 'delta');
    assertError(await t.as(undefined, 'GET', '/api/v1/tenants/current'), 401);
  });

  it('the audit log lists changes and a denied attempt, newest first, filtered', async () => {
    const started = new Date(Date.now() - 1000).toISOString();
    const password = goodPassword();
    const u = await t.admin('POST', '/api/v1/users', { username: 'audited', password });
    assert.equal(u.status, 201);
    assert.equal((await t.admin('PATCH', `/api/v1/users/${u.body.id}`, { email: 'a@example.com' })).status, 200);
    const auth = await t.userAuth('audited', password);
    assertError(await t.as(auth, 'POST', '/api/v1/roles', { name: 'escalate' }), 403);

    const log = await t.admin('GET', `/api/v1/audit?since=${encodeURIComponent(started)}`);
    assert.equal(log.status, 200, log.text);
    const events = log.body.events as { action: string; outcome: string; resource: string; at: string; actor: { kind: string; id: string; name: string } }[];
    const find = (action: string, outcome: string) => events.find((e) => e.action === action && e.outcome === outcome);
    assert.ok(find('user.create', 'allowed'), JSON.stringify(events));
    assert.equal(find('user.create', 'allowed')!.resource, `user/${u.body.id}`);
    assert.ok(find('user.update', 'allowed'));
    const denied = find('role.create', 'denied');
    assert.ok(denied, 'the refused attempt is recorded');
    assert.equal(denied!.actor.name, 'audited');
    for (let i = 1; i < events.length; i++) assert.ok(events[i - 1]!.at >= events[i]!.at, 'newest first');
    assert.ok(!log.text.includes(password));

    const onlyDenied = await t.admin('GET', `/api/v1/audit?outcome=denied&actor_id=${u.body.id}`);
    assert.ok(onlyDenied.body.events.length >= 1);
    assert.ok(onlyDenied.body.events.every((e: { outcome: string; actor: { id: string } }) => e.outcome === 'denied' && e.actor.id === u.body.id));
    const byAction = await t.admin('GET', '/api/v1/audit?action=user.update');
    assert.ok(byAction.body.events.every((e: { action: string }) => e.action === 'user.update'));
    const paged = await t.admin('GET', '/api/v1/audit?page_size=1');
    assert.equal(paged.body.events.length, 1);
    assert.equal(typeof paged.body.next_page_token, 'string');
    assert.deepEqual((await t.admin('GET', `/api/v1/audit?until=${encodeURIComponent(started)}&action=user.create`)).body.events.filter((e: { resource: string }) => e.resource === `user/${u.body.id}`), []);

    // Tenant admins see their tenant only; system events are root's.
    assertError(await t.as(auth, 'GET', '/api/v1/audit'), 403);
    assertError(await t.admin('GET', '/api/v1/audit?system=true'), 403);
    assert.equal((await t.root('GET', '/api/v1/audit?system=true')).status, 200);
    const other = await t.root('GET', '/api/v1/audit?action=user.create', undefined, 'delta');
    assert.ok(other.body.events.every((e: { resource: string }) => e.resource !== `user/${u.body.id}`));

    for (const q of ['outcome=maybe', 'since=yesterday', 'until=2025-13-45', 'page_size=0', 'system=perhaps', 'colour=blue', 'since=2025-02-01&until=2025-01-01']) {
      assertError(await t.admin('GET', `/api/v1/audit?${q}`), 400);
    }
  });

  it('refuses bad input in the Iceberg error shape and changes nothing', async () => {
    const snapshot = async () =>
      JSON.stringify(await Promise.all(['/api/v1/users', '/api/v1/service-users', '/api/v1/roles', '/api/v1/api-keys?all=true'].map(async (p) => (await t.admin('GET', p)).body)));
    const tenantsBefore = (await t.root('GET', '/api/v1/tenants')).text;
    const before = await snapshot();
    const json = { 'content-type': 'application/json' };
    const cases: [method: string, path: string, body: unknown][] = [
      ['POST', '/api/v1/users', '{"username": "x",'],
      ['POST', '/api/v1/users', { username: 42, password: goodPassword() }],
      ['POST', '/api/v1/users', { username: 'ok-name', password: goodPassword(), admin: true }],
      ['POST', '/api/v1/users', { username: 'ok-name', password: goodPassword(), role: 'root' }],
      ['POST', '/api/v1/users', { username: 'ok-name', password: goodPassword(), email: 'not-an-email' }],
      ['POST', '/api/v1/users', { username: '', password: goodPassword() }],
      ['POST', '/api/v1/users', { username: 'has space', password: goodPassword() }],
      ['POST', '/api/v1/users', ['username']],
      ['PATCH', '/api/v1/users/me/password', { new_password: goodPassword() }],
      ['POST', '/api/v1/service-users', '{bad json'],
      ['POST', '/api/v1/service-users', { name: '' }],
      ['POST', '/api/v1/service-users', { name: 'x', client_secret: 'chosen' }],
      ['POST', '/api/v1/service-users', { name: 'x', role: 'superuser' }],
      ['POST', '/api/v1/api-keys', { name: 'k', expires_in_days: 0 }],
      ['POST', '/api/v1/api-keys', { name: 'k', expires_in_days: '30' }],
      ['POST', '/api/v1/api-keys', { name: 'k', expires_in_days: 1.5 }],
      ['POST', '/api/v1/api-keys', { name: 'k', owner: { kind: 'robot', id: 'x' } }],
      ['POST', '/api/v1/api-keys', { name: 'k', key: 'pgk_mine' }],
      ['POST', '/api/v1/roles', { name: 'bad name!' }],
      ['POST', '/api/v1/roles', { name: 'ok', members: [] }],
      ['POST', '/api/v1/roles', null],
      ['PATCH', '/api/v1/roles/none', { colour: 'red' }],
      ['GET', '/api/v1/api-keys?owner_kind=user', undefined],
      ['GET', '/api/v1/api-keys?owner_kind=robot&owner_id=x', undefined],
      ['GET', '/api/v1/api-keys?all=true&owner_kind=user&owner_id=x', undefined],
      ['GET', '/api/v1/users?page_size=-1', undefined],
    ];
    for (const [method, path, body] of cases) {
      const r = await t.admin(method, path, body, json);
      assertError(r, 400);
      assert.equal(r.body.error.type, 'BadRequestException', `${method} ${path}: ${r.text}`);
    }
    for (const [body] of [[{ name: 'Bad Name' }], [{ name: 'x', properties: { a: 1 } }], [{ name: 'x', extra: true }]]) {
      assertError(await t.root('POST', '/api/v1/tenants', body), 400);
    }
    assert.equal(await snapshot(), before, 'nothing changed');
    assert.equal((await t.root('GET', '/api/v1/tenants')).text, tenantsBefore);
  });
});
