// Users: create/get/list/update/delete, per-tenant username uniqueness, the tenant cascade.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StoreError } from '../../../src/server/stores/types.js';
import { rejectsCode, shuffled, tenant, walkPages, type Suite } from './fixtures.js';
import { race, user } from './identity-fixtures.js';

export function userTests(s: Suite): void {
  describe('users', () => {
    it('creates and gets by id and by tenant + username; email is optional', async () => {
      const u = user('u1', 'alice');
      assert.deepEqual(await s.store.createUser(u), u);
      assert.deepEqual(await s.store.getUser({ id: 'u1' }), u);
      assert.deepEqual(await s.store.getUser({ tenantId: 't1', username: 'alice' }), u);
      const { email: _e, ...noMail } = user('u2', 'bob');
      assert.deepEqual(await s.store.createUser(noMail), noMail);
      assert.deepEqual(await s.store.getUser({ id: 'u2' }), noMail);
      assert.equal(await s.store.getUser({ id: 'nope' }), undefined);
      assert.equal(await s.store.getUser({ tenantId: 'other', username: 'alice' }), undefined);
    });

    it('usernames are unique per tenant; ids globally; the tenant must exist', async () => {
      await s.store.createUser(user('u1', 'alice'));
      await rejectsCode(s.store.createUser(user('u2', 'alice')), 'already-exists');
      await rejectsCode(s.store.createUser(user('u1', 'carol')), 'already-exists');
      await rejectsCode(s.store.createUser(user('u3', 'dave', 'ghost')), 'not-found');
      await s.store.createTenant(tenant('t2'));
      await s.store.createUser(user('u4', 'alice', 't2'));
      assert.equal((await s.store.getUser({ tenantId: 't2', username: 'alice' }))?.id, 'u4');
      assert.equal(await s.store.getUser({ id: 'u3' }), undefined);
    });

    it('two concurrent creates of one username: exactly one wins', async () => {
      const { ok, failed } = await race([s.store.createUser(user('ua', 'same')), s.store.createUser(user('ub', 'same')), s.store.createUser(user('uc', 'same'))]);
      assert.equal(ok.length, 1);
      assert.equal(failed.length, 2);
      for (const e of failed) assert.ok(e instanceof StoreError && e.code === 'already-exists', String(e));
      assert.equal((await s.store.listUsers('t1')).items.length, 1);
    });

    it('lists one tenant ordered by username, paged', async () => {
      const names = ['zed', 'amy', 'Émile', 'bo', 'carl', 'dee', 'eve'];
      for (const [i, n] of shuffled(names).entries()) await s.store.createUser(user(`u${i}`, n));
      await s.store.createTenant(tenant('t2'));
      await s.store.createUser(user('x', 'outsider', 't2'));
      const all = (await s.store.listUsers('t1')).items.map((u) => u.username);
      assert.deepEqual(all, ['amy', 'bo', 'carl', 'dee', 'eve', 'zed', 'Émile']);
      const pages = await walkPages((p) => s.store.listUsers('t1', p), 3);
      assert.deepEqual(pages.flat().map((u) => u.username), all);
      assert.deepEqual((await s.store.listUsers('nobody')).items, []);
    });

    it('updates only the given fields, stamps updatedAt, clears email with null', async () => {
      const u = await s.store.createUser(user('u1', 'alice'));
      const a = await s.store.updateUser('u1', { role: 'tenant-admin', disabled: true });
      assert.deepEqual({ ...a, updatedAt: T }, { ...u, role: 'tenant-admin', disabled: true, updatedAt: T });
      assert.ok(a.updatedAt > u.updatedAt);
      const b = await s.store.updateUser('u1', { email: null, passwordHash: 'new-hash', username: 'alicia' });
      assert.equal(b.email, undefined);
      assert.ok(!('email' in b));
      assert.deepEqual({ ...b, updatedAt: T }, { ...stripEmail(a), passwordHash: 'new-hash', username: 'alicia', updatedAt: T });
      assert.deepEqual(await s.store.getUser({ tenantId: 't1', username: 'alicia' }), b);
      assert.equal(await s.store.getUser({ tenantId: 't1', username: 'alice' }), undefined);
      const c = await s.store.updateUser('u1', { email: 'x@y.z' });
      assert.equal(c.email, 'x@y.z');
      assert.deepEqual(await s.store.getUser({ id: 'u1' }), c);
    });

    it('refuses a rename onto a taken username and a missing user', async () => {
      await s.store.createUser(user('u1', 'alice'));
      await s.store.createUser(user('u2', 'bob'));
      await rejectsCode(s.store.updateUser('u2', { username: 'alice' }), 'already-exists');
      assert.equal((await s.store.getUser({ id: 'u2' }))?.username, 'bob');
      await rejectsCode(s.store.updateUser('nope', { disabled: true }), 'not-found');
      assert.deepEqual(await s.store.updateUser('u2', { username: 'bob' }), { ...(await s.store.getUser({ id: 'u2' }))! });
    });

    it('concurrent patches of different fields all land', async () => {
      await s.store.createUser(user('u1', 'alice'));
      await Promise.all([
        s.store.updateUser('u1', { role: 'tenant-admin' }),
        s.store.updateUser('u1', { disabled: true }),
        s.store.updateUser('u1', { passwordHash: 'p2' }),
        s.store.updateUser('u1', { email: 'new@x' }),
      ]);
      const u = (await s.store.getUser({ id: 'u1' }))!;
      assert.deepEqual([u.role, u.disabled, u.passwordHash, u.email], ['tenant-admin', true, 'p2', 'new@x']);
    });

    it('deletes (not-found when missing); the name is free again', async () => {
      await s.store.createUser(user('u1', 'alice'));
      await s.store.deleteUser('u1');
      assert.equal(await s.store.getUser({ id: 'u1' }), undefined);
      await rejectsCode(s.store.deleteUser('u1'), 'not-found');
      await s.store.createUser(user('u2', 'alice'));
    });

    it('deleting the tenant deletes its users, and only its users', async () => {
      await s.store.createTenant(tenant('t2'));
      await s.store.createUser(user('u1', 'alice', 't2'));
      await s.store.createUser(user('u2', 'alice', 't1'));
      await s.store.deleteTenant('t2');
      assert.equal(await s.store.getUser({ id: 'u1' }), undefined);
      assert.ok(await s.store.getUser({ id: 'u2' }));
      await s.store.createTenant(tenant('t2'));
      assert.deepEqual((await s.store.listUsers('t2')).items, []);
    });

    it('keeps its own copies', async () => {
      const u = user('u1', 'alice');
      const created = await s.store.createUser(u);
      u.username = 'mutated';
      created.role = 'tenant-admin';
      (await s.store.getUser({ id: 'u1' }))!.disabled = true;
      assert.deepEqual(await s.store.getUser({ id: 'u1' }), user('u1', 'alice'));
    });
  });
}

const T = 'T';
function stripEmail<U extends { email?: string }>(u: U): U {
  const { email: _e, ...rest } = u;
  return rest as U;
}
