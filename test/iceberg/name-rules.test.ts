// Name rules for every object kind: a name that is too long or carries a control character
// is refused with 400 naming the rule, and nothing is created. Names stored before the
// rules stay readable, renamable and deletable.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startIdentityServer, goodPassword, type IdentityServer } from '../admin/identity-helpers.js';
import { NS_SEP, SIMPLE_SCHEMA } from '../helpers/server.js';

const BAD_ADMIN = ['a'.repeat(129), 'tab\tname', 'nul\u0000name', 'del\u007fname'];
const BAD_LABEL = ['a'.repeat(201), 'bell\u0007label', 'line\nbreak', 'nul\u0000'];
const BAD_ICEBERG = ['a'.repeat(256), 'bell\u0007', 'nul\u0000x', 'sep\u001fx', 'del\u007f'];

function refused(r: { status: number; body: any; text: string }, rule: RegExp): void {
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.code, 400);
  assert.equal(r.body.error.type, 'BadRequestException');
  assert.match(r.body.error.message, rule);
}

// A NUL anywhere in a JSON body is refused before the name is looked at (http/json-limits.ts).
const RULE = /character|control|empty|levels|separator/i;

describe('name rules', () => {
  let t: IdentityServer;
  before(async () => {
    t = await startIdentityServer();
    assert.equal((await t.admin('POST', '/v1/local/namespaces', { namespace: ['db'] })).status, 200);
    assert.equal((await t.admin('POST', '/v1/local/namespaces/db/tables', { name: 'good', schema: SIMPLE_SCHEMA })).status, 200);
    const view = { name: 'gv', schema: SIMPLE_SCHEMA, 'view-version': viewVersion() };
    assert.equal((await t.admin('POST', '/v1/local/namespaces/db/views', view)).status, 200);
  });
  after(() => t?.stop());

  const names = async (path: string, key: string, field = 'name'): Promise<string[]> => {
    const r = await t.root('GET', path);
    assert.equal(r.status, 200, r.text);
    return r.body[key].map((x: any) => x[field]);
  };

  test('admin objects: tenants, warehouses, catalogs, roles, users', async () => {
    const before = {
      tenants: await names('/api/v1/tenants', 'tenants'),
      warehouses: await names('/api/v1/warehouses', 'warehouses'),
      catalogs: await names('/api/v1/catalogs', 'catalogs'),
      roles: await names('/api/v1/roles', 'roles'),
      users: await names('/api/v1/users', 'users', 'username'),
    };
    for (const bad of BAD_ADMIN) {
      refused(await t.root('POST', '/api/v1/tenants', { name: bad }), /character/);
      refused(await t.admin('POST', '/api/v1/warehouses', { name: bad, location: 'file:///tmp/nowhere' }), /character/);
      refused(await t.admin('POST', '/api/v1/catalogs', { name: bad, warehouse: 'default' }), /character/);
      refused(await t.admin('POST', '/api/v1/roles', { name: bad }), /character/);
      refused(await t.admin('POST', '/api/v1/users', { username: bad, password: goodPassword() }), /character/);
    }
    // Renames follow the same rules.
    assert.equal((await t.admin('POST', '/api/v1/roles', { name: 'readers' })).status, 201);
    refused(await t.admin('PATCH', '/api/v1/roles/readers', { name: 'x\u0001' }), /character/);
    assert.deepEqual(await names('/api/v1/tenants', 'tenants'), before.tenants);
    assert.deepEqual(await names('/api/v1/warehouses', 'warehouses'), before.warehouses);
    assert.deepEqual(await names('/api/v1/catalogs', 'catalogs'), before.catalogs);
    assert.deepEqual(await names('/api/v1/roles', 'roles'), [...before.roles, 'readers']);
    assert.deepEqual(await names('/api/v1/users', 'users', 'username'), before.users);
  });

  test('service users and API keys: labels with spaces, but no control characters and at most 200 characters', async () => {
    const before = { clients: await names('/api/v1/service-users', 'service_users'), keys: await names('/api/v1/api-keys', 'api_keys') };
    for (const bad of BAD_LABEL) {
      refused(await t.admin('POST', '/api/v1/service-users', { name: bad }), RULE);
      refused(await t.admin('POST', '/api/v1/api-keys', { name: bad }), RULE);
    }
    assert.deepEqual(await names('/api/v1/service-users', 'service_users'), before.clients);
    assert.deepEqual(await names('/api/v1/api-keys', 'api_keys'), before.keys);
    const ok = await t.admin('POST', '/api/v1/service-users', { name: 'Nightly ETL (prod)' });
    assert.equal(ok.status, 201, ok.text);
    refused(await t.admin('PATCH', `/api/v1/service-users/${ok.body.client_id}`, { name: 'x\u001b[31m' }), /control/);
  });

  test('namespaces: each level, and at most 32 levels', async () => {
    for (const bad of [...BAD_ICEBERG, '']) {
      refused(await t.admin('POST', '/v1/local/namespaces', { namespace: [bad] }), RULE);
      refused(await t.admin('POST', '/v1/local/namespaces', { namespace: ['db', bad] }), RULE);
    }
    refused(await t.admin('POST', '/v1/local/namespaces', { namespace: Array.from({ length: 33 }, (_, i) => `l${i}`) }), /32 levels/);
    const list = await t.admin('GET', '/v1/local/namespaces');
    assert.deepEqual(list.body.namespaces, [['db']]);
    // Any other Unicode is fine, up to 255 characters.
    assert.equal((await t.admin('POST', '/v1/local/namespaces', { namespace: ['db', 'Ünïcode ✓ ' + 'é'.repeat(245)] })).status, 200);
  });

  test('tables: create, register, staged create commit and rename', async () => {
    for (const bad of BAD_ICEBERG) {
      refused(await t.admin('POST', '/v1/local/namespaces/db/tables', { name: bad, schema: SIMPLE_SCHEMA }), RULE);
      refused(await t.admin('POST', '/v1/local/namespaces/db/register', { name: bad, 'metadata-location': 'file:///tmp/x.metadata.json' }), RULE);
      refused(await t.admin('POST', '/v1/local/tables/rename', { source: { namespace: ['db'], name: 'good' }, destination: { namespace: ['db'], name: bad } }), RULE);
    }
    // A staged create only lands at its commit, whose name comes from the path.
    const bad = encodeURIComponent('a'.repeat(256));
    const staged = await t.admin('POST', `/v1/local/namespaces/db/tables/${bad}`, {
      requirements: [{ type: 'assert-create' }],
      updates: [{ action: 'assign-uuid', uuid: '9c12d441-03fe-4693-9a96-a0705ddf69c1' }, { action: 'upgrade-format-version', 'format-version': 2 }, { action: 'add-schema', schema: SIMPLE_SCHEMA }, { action: 'set-current-schema', 'schema-id': -1 }, { action: 'set-location', location: 'file:///tmp/staged-bad' }],
    });
    assert.equal(staged.body?.error?.type, 'BadRequestException', staged.text);
    refused(staged, /character/);
    const list = await t.admin('GET', '/v1/local/namespaces/db/tables');
    assert.deepEqual(list.body.identifiers.map((i: any) => i.name), ['good']);
  });

  test('views: create, register and rename', async () => {
    for (const bad of BAD_ICEBERG) {
      refused(await t.admin('POST', '/v1/local/namespaces/db/views', { name: bad, schema: SIMPLE_SCHEMA, 'view-version': viewVersion() }), RULE);
      refused(await t.admin('POST', '/v1/local/namespaces/db/register-view', { name: bad, 'metadata-location': 'file:///tmp/v.metadata.json' }), RULE);
      refused(await t.admin('POST', '/v1/local/views/rename', { source: { namespace: ['db'], name: 'gv' }, destination: { namespace: ['db'], name: bad } }), RULE);
    }
    const list = await t.admin('GET', '/v1/local/namespaces/db/views');
    assert.deepEqual(list.body.identifiers.map((i: any) => i.name), ['gv']);
  });

  test('names stored before the rules stay readable, renamable and deletable', async () => {
    const store = t.s.handle.store;
    const catalog = (await store.getCatalog({ tenantId: t.s.handle.bootstrap.tenant.id, name: 'local' }))!;
    const legacy = 'old\u0007name';
    await store.createNamespace({ catalogId: catalog.id, namespace: ['db', legacy], properties: {} });
    const path = `/v1/local/namespaces/db${NS_SEP}${encodeURIComponent(legacy)}`;
    const got = await t.admin('GET', path);
    assert.equal(got.status, 200, got.text);
    // A table can be renamed into it and out again (only the new table name is checked), then the namespace dropped.
    const into = await t.admin('POST', '/v1/local/tables/rename', { source: { namespace: ['db'], name: 'good' }, destination: { namespace: ['db', legacy], name: 'good' } });
    assert.equal(into.status, 204, into.text);
    const out = await t.admin('POST', '/v1/local/tables/rename', { source: { namespace: ['db', legacy], name: 'good' }, destination: { namespace: ['db'], name: 'good' } });
    assert.equal(out.status, 204, out.text);
    assert.equal((await t.admin('DELETE', path)).status, 204);
    // A table stored under an old name: loaded, renamed to a good name, dropped.
    const good = await t.admin('GET', '/v1/local/namespaces/db/tables/good');
    await store.createTable({ catalogId: catalog.id, namespace: ['db'], name: legacy, kind: 'table', metadataLocation: good.body['metadata-location'], createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() });
    const tablePath = `/v1/local/namespaces/db/tables/${encodeURIComponent(legacy)}`;
    assert.equal((await t.admin('GET', tablePath)).status, 200);
    const fixed = await t.admin('POST', '/v1/local/tables/rename', { source: { namespace: ['db'], name: legacy }, destination: { namespace: ['db'], name: 'fixed' } });
    assert.equal(fixed.status, 204, fixed.text);
    assert.equal((await t.admin('DELETE', '/v1/local/namespaces/db/tables/fixed')).status, 204);
  });
});

function viewVersion() {
  return {
    'version-id': 1,
    'timestamp-ms': 1700000000000,
    'schema-id': 0,
    summary: { 'engine-name': 'test' },
    representations: [{ type: 'sql', sql: 'select 1', dialect: 'spark' }],
    'default-namespace': ['db'],
  };
}
