// Grants belong to their object, not to its name: bound to the catalog's id, removed with
// the catalog, namespace, table or view, moved by a rename, never inherited by a new object
// of the same name. Every backend does it in the same step as the object change.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { GrantScope } from '../../../src/server/stores/identity-types.js';
import { catalog, rejectsCode, table, tenant, warehouse, type Suite } from './fixtures.js';
import { grant, role, user } from './identity-fixtures.js';

export function grantLifecycleTests(s: Suite): void {
  describe('grants follow their object', () => {
    /** The user's grants as id → scope. */
    const held = async (): Promise<Record<string, GrantScope>> =>
      Object.fromEntries((await s.store.grantsForPrincipal('t1', 'user', 'u1')).map((g) => [g.id, g.scope]));
    const add = (id: string, scope: GrantScope, catalogId?: string) => s.store.createGrant(grant(id, 'r1', scope, ['read'], 't1', catalogId));

    beforeEach(async () => {
      await s.store.createUser(user('u1'));
      await s.store.createRole(role('r1'));
      await s.store.assignRole({ roleId: 'r1', principalKind: 'user', principalId: 'u1' });
    });

    it('name their catalog by id: a missing or another tenant catalog is refused; scope.catalog is the catalog name', async () => {
      await s.store.createTenant(tenant('t2'));
      await s.store.createWarehouse(warehouse('w2', 't2'));
      await s.store.createCatalog(catalog('c-t2', 't2', 'w2', 'main'));
      await rejectsCode(add('g1', { catalog: 'main' }, 'nope'), 'not-found');
      await rejectsCode(add('g1', { catalog: 'main' }, 'c-t2'), 'not-found');
      const g = await add('g1', { catalog: 'stale name', namespace: ['db'] }, 'c2');
      assert.deepEqual(g.scope, { catalog: 'other', namespace: ['db'] });
      assert.equal(g.catalogId, 'c2');
      assert.deepEqual(await held(), { g1: { catalog: 'other', namespace: ['db'] } });
      assert.deepEqual((await s.store.listGrants('r1')).items.map((x) => [x.catalogId, x.scope.catalog]), [['c2', 'other']]);
    });

    it('deleting a catalog removes its grants; a new catalog of the same name has none', async () => {
      await add('g-cat', { catalog: 'other' });
      await add('g-ns', { catalog: 'other', namespace: ['db'] });
      await add('g-t', { catalog: 'other', namespace: ['db'], table: 't' });
      await add('g-main', { catalog: 'main' });
      await s.store.createNamespace({ catalogId: 'c2', namespace: ['db'], properties: {} });
      await rejectsCode(s.store.deleteCatalog('c2'), 'not-empty');
      assert.deepEqual(Object.keys(await held()), ['g-cat', 'g-main', 'g-ns', 'g-t'], 'a refused delete removes nothing');
      await s.store.dropNamespace('c2', ['db']);
      await s.store.deleteCatalog('c2');
      assert.deepEqual(Object.keys(await held()), ['g-main']);
      await s.store.createCatalog(catalog('c3', 't1', 'w1', 'other'));
      assert.deepEqual(Object.keys(await held()), ['g-main']);
      assert.deepEqual((await s.store.listGrants('r1')).items.map((g) => g.id), ['g-main']);
    });

    it('dropping a table or view removes the grants on it; a new one of the same name has none', async () => {
      for (const ns of [['db'], ['db2']]) await s.store.createNamespace({ catalogId: 'c1', namespace: ns, properties: {} });
      await s.store.createNamespace({ catalogId: 'c2', namespace: ['db'], properties: {} });
      await s.store.createTable(table('c1', ['db'], 't'));
      await s.store.createTable(table('c1', ['db'], 'v', 'view'));
      await s.store.createTable(table('c1', ['db2'], 't'));
      await s.store.createTable(table('c2', ['db'], 't'));
      await add('g-t', { catalog: 'main', namespace: ['db'], table: 't' });
      await add('g-v', { catalog: 'main', namespace: ['db'], view: 'v' });
      await add('g-ns', { catalog: 'main', namespace: ['db'] });
      await add('g-db2', { catalog: 'main', namespace: ['db2'], table: 't' });
      await add('g-other', { catalog: 'other', namespace: ['db'], table: 't' });
      assert.equal(await s.store.dropTable({ catalogId: 'c1', namespace: ['db'], name: 't' }, 'view'), undefined);
      assert.equal(Object.keys(await held()).length, 5, 'dropping a view that is not there removes nothing');
      await s.store.dropTable({ catalogId: 'c1', namespace: ['db'], name: 't' }, 'table');
      await s.store.dropTable({ catalogId: 'c1', namespace: ['db'], name: 'v' }, 'view');
      assert.deepEqual(Object.keys(await held()), ['g-db2', 'g-ns', 'g-other']);
      await s.store.createTable(table('c1', ['db'], 't'));
      await s.store.createTable(table('c1', ['db'], 'v', 'view'));
      assert.deepEqual(Object.keys(await held()), ['g-db2', 'g-ns', 'g-other']);
    });

    it('renaming moves the grants on a table or view to its new name; the old name keeps none', async () => {
      for (const ns of [['db'], ['db2']]) await s.store.createNamespace({ catalogId: 'c1', namespace: ns, properties: {} });
      await s.store.createTable(table('c1', ['db'], 't'));
      await s.store.createTable(table('c1', ['db'], 'v', 'view'));
      await s.store.createTable(table('c1', ['db'], 'taken'));
      await add('g-t', { catalog: 'main', namespace: ['db'], table: 't' });
      await add('g-v', { catalog: 'main', namespace: ['db'], view: 'v' });
      await add('g-ns', { catalog: 'main', namespace: ['db'] });
      const t = { catalogId: 'c1', namespace: ['db'], name: 't' };
      await rejectsCode(s.store.renameTable(t, { ...t, name: 'taken' }, 'table'), 'already-exists');
      assert.deepEqual((await held())['g-t'], { catalog: 'main', namespace: ['db'], table: 't' }, 'a refused rename moves nothing');
      await s.store.renameTable(t, { catalogId: 'c1', namespace: ['db2'], name: 't2' }, 'table');
      await s.store.renameTable({ ...t, name: 'v' }, { ...t, name: 'v2' }, 'view');
      await s.store.createTable(table('c1', ['db'], 't'));
      await s.store.createTable(table('c1', ['db'], 'v', 'view'));
      assert.deepEqual(await held(), {
        'g-ns': { catalog: 'main', namespace: ['db'] },
        'g-t': { catalog: 'main', namespace: ['db2'], table: 't2' },
        'g-v': { catalog: 'main', namespace: ['db'], view: 'v2' },
      });
      assert.deepEqual((await s.store.listGrants('r1')).items.find((g) => g.id === 'g-t')?.scope, { catalog: 'main', namespace: ['db2'], table: 't2' });
      // And it keeps following: dropped under its new name, it takes them along.
      await s.store.dropTable({ catalogId: 'c1', namespace: ['db2'], name: 't2' }, 'table');
      assert.deepEqual(Object.keys(await held()), ['g-ns', 'g-v']);
    });

    it('dropping a namespace removes the grants on it and inside it, not on its siblings', async () => {
      for (const ns of [['a'], ['ab'], ['b'], ['a', 'b']]) await s.store.createNamespace({ catalogId: 'c1', namespace: ns, properties: {} });
      await add('g-a', { catalog: 'main', namespace: ['a'] });
      await add('g-ab', { catalog: 'main', namespace: ['ab'] });
      await add('g-b', { catalog: 'main', namespace: ['b'] });
      await add('g-a-b', { catalog: 'main', namespace: ['a', 'b'] });
      await add('g-a-x-t', { catalog: 'main', namespace: ['a', 'x'], table: 't' });
      await add('g-other', { catalog: 'other', namespace: ['a'] });
      await rejectsCode(s.store.dropNamespace('c1', ['a']), 'not-empty');
      assert.equal(Object.keys(await held()).length, 6, 'a refused drop removes nothing');
      await s.store.dropNamespace('c1', ['a', 'b']);
      assert.deepEqual(Object.keys(await held()), ['g-a', 'g-a-x-t', 'g-ab', 'g-b', 'g-other']);
      await s.store.dropNamespace('c1', ['a']);
      assert.deepEqual(Object.keys(await held()), ['g-ab', 'g-b', 'g-other']);
      await s.store.createNamespace({ catalogId: 'c1', namespace: ['a'], properties: {} });
      assert.deepEqual(Object.keys(await held()), ['g-ab', 'g-b', 'g-other']);
    });

    it('a grant on a name without an object applies to the object later created under it', async () => {
      await add('g-t', { catalog: 'main', namespace: ['db'], table: 't' });
      await s.store.createNamespace({ catalogId: 'c1', namespace: ['db'], properties: {} });
      await s.store.createTable(table('c1', ['db'], 't'));
      assert.deepEqual(Object.keys(await held()), ['g-t']);
    });
  });
}
