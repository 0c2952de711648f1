// Roles, assignments and grants: CRUD, tenant consistency, cascades, grantsForPrincipal.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StoreError } from '../../../src/server/stores/types.js';
import { catalog, rejectsCode, shuffled, tenant, walkPages, warehouse, type Suite } from './fixtures.js';
import { grant, race, role, user } from './identity-fixtures.js';

const svc = (clientId: string, tenantId = 't1') => ({ clientId, tenantId, name: clientId, secretHash: 'h', createdAt: '2024-02-02T00:00:00.000Z', role: 'tenant-user' as const });
const asUser = (roleId: string, principalId = 'u1') => ({ roleId, principalKind: 'user' as const, principalId });

export function roleTests(s: Suite): void {
  describe('roles', () => {
    it('creates, gets by id and by tenant + name, lists by name (paged), names unique per tenant', async () => {
      const names = ['writers', 'admins', 'readers', 'ops', 'zz'];
      for (const n of shuffled(names)) await s.store.createRole(role(`r-${n}`, n));
      assert.deepEqual(await s.store.getRole({ id: 'r-ops' }), role('r-ops', 'ops'));
      assert.deepEqual(await s.store.getRole({ tenantId: 't1', name: 'ops' }), role('r-ops', 'ops'));
      assert.equal(await s.store.getRole({ id: 'nope' }), undefined);
      assert.deepEqual((await s.store.listRoles('t1')).items.map((r) => r.name), [...names].sort());
      assert.deepEqual((await walkPages((p) => s.store.listRoles('t1', p), 2)).flat().map((r) => r.name), [...names].sort());
      await rejectsCode(s.store.createRole(role('r-x', 'ops')), 'already-exists');
      await rejectsCode(s.store.createRole(role('r-ops', 'fresh')), 'already-exists');
      await rejectsCode(s.store.createRole(role('r-y', 'y', 'ghost')), 'not-found');
      await s.store.createTenant(tenant('t2'));
      await s.store.createRole(role('r-t2', 'ops', 't2'));
      assert.deepEqual((await s.store.listRoles('t2')).items.map((r) => r.id), ['r-t2']);
    });

    it('updates name and description; refuses a taken name and a missing role', async () => {
      await s.store.createRole(role('r1', 'a'));
      await s.store.createRole(role('r2', 'b'));
      assert.deepEqual(await s.store.updateRole('r1', { description: 'new' }), { ...role('r1', 'a'), description: 'new' });
      assert.deepEqual(await s.store.updateRole('r1', { name: 'c' }), { ...role('r1', 'c'), description: 'new' });
      await rejectsCode(s.store.updateRole('r2', { name: 'c' }), 'already-exists');
      await rejectsCode(s.store.updateRole('nope', { name: 'x' }), 'not-found');
      assert.deepEqual(await s.store.getRole({ tenantId: 't1', name: 'c' }), { ...role('r1', 'c'), description: 'new' });
    });

    it('assigns idempotently to users and clients of the role tenant; unassigns', async () => {
      await s.store.createTenant(tenant('t2'));
      await s.store.createUser(user('u1'));
      await s.store.createUser(user('u9', 'u9', 't2'));
      await s.store.createClient(svc('k1'));
      for (const [id, n] of [['r1', 'b'], ['r2', 'a']]) await s.store.createRole(role(id, n));
      assert.equal(await s.store.assignRole(asUser('r1')), true);
      assert.equal(await s.store.assignRole(asUser('r1')), false);
      assert.equal(await s.store.assignRole(asUser('r2')), true);
      assert.equal(await s.store.assignRole({ roleId: 'r1', principalKind: 'client', principalId: 'k1' }), true);
      await rejectsCode(s.store.assignRole(asUser('nope')), 'not-found');
      await rejectsCode(s.store.assignRole(asUser('r1', 'ghost')), 'not-found');
      await rejectsCode(s.store.assignRole(asUser('r1', 'u9')), 'not-found'); // another tenant's user
      await rejectsCode(s.store.assignRole({ roleId: 'r1', principalKind: 'client', principalId: 'u1' }), 'not-found');
      assert.deepEqual((await s.store.listPrincipalRoles('t1', 'user', 'u1')).items.map((r) => r.id), ['r2', 'r1']);
      assert.deepEqual((await walkPages((p) => s.store.listPrincipalRoles('t1', 'user', 'u1', p), 1)).flat().map((r) => r.name), ['a', 'b']);
      assert.deepEqual((await s.store.listPrincipalRoles('t1', 'client', 'k1')).items, [role('r1', 'b')]);
      assert.deepEqual((await s.store.listPrincipalRoles('t2', 'user', 'u1')).items, []);
      assert.equal(await s.store.unassignRole(asUser('r1')), true);
      assert.equal(await s.store.unassignRole(asUser('r1')), false);
      assert.deepEqual((await s.store.listPrincipalRoles('t1', 'user', 'u1')).items.map((r) => r.id), ['r2']);
    });

    it('concurrent assignments of one role to one principal: exactly one reports it new', async () => {
      await s.store.createUser(user('u1'));
      await s.store.createRole(role('r1'));
      const res = await Promise.all([1, 2, 3].map(() => s.store.assignRole(asUser('r1'))));
      assert.deepEqual(res.filter(Boolean).length, 1);
      assert.equal((await s.store.listPrincipalRoles('t1', 'user', 'u1')).items.length, 1);
    });

    it('grants: create (role of that tenant), list per role by id, delete; scopes and privileges round-trip', async () => {
      await s.store.createTenant(tenant('t2'));
      await s.store.createRole(role('r1'));
      const g1 = grant('g2', 'r1', { catalog: 'main', namespace: ['db', 'sub'], table: 'events' }, ['read', 'write']);
      const g2 = grant('g1', 'r1', { catalog: 'main', namespace: ['db'], view: 'v' }, ['manage-grants', 'drop', 'create']);
      const g3 = grant('g3', 'r1');
      for (const g of [g1, g2, g3]) assert.deepEqual(await s.store.createGrant(g), g);
      assert.deepEqual((await s.store.listGrants('r1')).items, [g2, g1, g3]);
      assert.deepEqual((await walkPages((p) => s.store.listGrants('r1', p), 2)).flat(), [g2, g1, g3]);
      await rejectsCode(s.store.createGrant(grant('g1', 'r1')), 'already-exists');
      await rejectsCode(s.store.createGrant(grant('g9', 'nope')), 'not-found');
      await rejectsCode(s.store.createGrant(grant('g9', 'r1', undefined, undefined, 't2')), 'not-found');
      await s.store.deleteGrant('g3');
      await rejectsCode(s.store.deleteGrant('g3'), 'not-found');
      assert.deepEqual((await s.store.listGrants('r1')).items.map((g) => g.id), ['g1', 'g2']);
      assert.deepEqual((await s.store.listGrants('nope')).items, []);
    });

    it('grantsForPrincipal: every grant through every role of the principal, in the tenant, by id', async () => {
      await s.store.createUser(user('u1'));
      await s.store.createUser(user('u2'));
      await s.store.createClient(svc('k1'));
      for (const r of ['ra', 'rb', 'rc']) await s.store.createRole(role(r));
      await s.store.createGrant(grant('g-a1', 'ra'));
      await s.store.createGrant(grant('g-b1', 'rb', { catalog: 'other' }, ['write']));
      await s.store.createGrant(grant('g-a2', 'ra', { catalog: 'main', namespace: ['x'] }));
      await s.store.createGrant(grant('g-c1', 'rc'));
      await s.store.assignRole(asUser('ra'));
      await s.store.assignRole(asUser('rb'));
      await s.store.assignRole(asUser('rc', 'u2'));
      await s.store.assignRole({ roleId: 'rb', principalKind: 'client', principalId: 'k1' });
      assert.deepEqual((await s.store.grantsForPrincipal('t1', 'user', 'u1')).map((g) => g.id), ['g-a1', 'g-a2', 'g-b1']);
      assert.deepEqual(await s.store.grantsForPrincipal('t1', 'client', 'k1'), [grant('g-b1', 'rb', { catalog: 'other' }, ['write'])]);
      assert.deepEqual(await s.store.grantsForPrincipal('t1', 'client', 'u1'), []);
      assert.deepEqual(await s.store.grantsForPrincipal('t2', 'user', 'u1'), []);
      assert.deepEqual(await s.store.grantsForPrincipal('t1', 'user', 'nobody'), []);
    });

    it('deleting a role removes its assignments and grants; deleting a principal its assignments', async () => {
      await s.store.createUser(user('u1'));
      await s.store.createClient(svc('k1'));
      await s.store.createRole(role('r1'));
      await s.store.createRole(role('r2'));
      await s.store.createGrant(grant('g1', 'r1'));
      await s.store.createGrant(grant('g2', 'r2'));
      await s.store.assignRole(asUser('r1'));
      await s.store.assignRole(asUser('r2'));
      await s.store.assignRole({ roleId: 'r2', principalKind: 'client', principalId: 'k1' });
      await s.store.deleteRole('r1');
      await rejectsCode(s.store.deleteRole('r1'), 'not-found');
      assert.deepEqual((await s.store.grantsForPrincipal('t1', 'user', 'u1')).map((g) => g.id), ['g2']);
      assert.deepEqual((await s.store.listGrants('r1')).items, []);
      await s.store.createRole(role('r1')); // same id again: starts empty
      assert.deepEqual((await s.store.listPrincipalRoles('t1', 'user', 'u1')).items.map((r) => r.id), ['r2']);
      await s.store.deleteUser('u1');
      await s.store.deleteClient('k1');
      await s.store.createUser(user('u1'));
      await s.store.createClient(svc('k1'));
      assert.deepEqual(await s.store.grantsForPrincipal('t1', 'user', 'u1'), []);
      assert.deepEqual(await s.store.grantsForPrincipal('t1', 'client', 'k1'), []);
    });

    it('a role deleted while grants and assignments are added keeps none of them', async () => {
      await s.store.createUser(user('u1'));
      await s.store.createRole(role('r1'));
      const { failed } = await race<unknown>([
        s.store.createGrant(grant('g1', 'r1')),
        s.store.assignRole(asUser('r1')),
        s.store.deleteRole('r1'),
        s.store.createGrant(grant('g2', 'r1')),
      ]);
      for (const e of failed) assert.ok(e instanceof StoreError && e.code === 'not-found', String(e));
      assert.equal(await s.store.getRole({ id: 'r1' }), undefined);
      assert.deepEqual(await s.store.grantsForPrincipal('t1', 'user', 'u1'), []);
      assert.deepEqual((await s.store.listGrants('r1')).items, []);
      assert.deepEqual((await s.store.listPrincipalRoles('t1', 'user', 'u1')).items, []);
    });

    it('go with their tenant', async () => {
      await s.store.createTenant(tenant('t2'));
      await s.store.createUser(user('u2', 'u2', 't2'));
      await s.store.createRole(role('r2', 'r2', 't2'));
      await s.store.createWarehouse(warehouse('w2', 't2'));
      await s.store.createCatalog(catalog('c2b', 't2', 'w2', 'main'));
      await s.store.createGrant(grant('g2', 'r2', undefined, undefined, 't2', 'c2b'));
      await s.store.assignRole(asUser('r2', 'u2'));
      // A tenant goes only without catalogs; the catalog takes its grants with it.
      await s.store.deleteCatalog('c2b');
      await s.store.deleteWarehouse('w2');
      await s.store.deleteTenant('t2');
      assert.equal(await s.store.getRole({ id: 'r2' }), undefined);
      assert.deepEqual((await s.store.listGrants('r2')).items, []);
      await s.store.createTenant(tenant('t2'));
      await s.store.createUser(user('u2', 'u2', 't2'));
      assert.deepEqual(await s.store.grantsForPrincipal('t2', 'user', 'u2'), []);
    });
  });
}
