// API keys: create for a user or a client of the tenant, lookup by prefix, list, revoke
// (once), touch (never undoes a revocation), delete, and the owner / tenant cascades.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rejectsCode, shuffled, tenant, walkPages, type Suite } from './fixtures.js';
import { apiKey, user } from './identity-fixtures.js';

const svc = (clientId: string, tenantId = 't1') => ({ clientId, tenantId, name: clientId, secretHash: 'h', createdAt: '2024-02-02T00:00:00.000Z', role: 'tenant-user' as const });
const AT = '2025-06-01T00:00:00.000Z';

export function apiKeyTests(s: Suite): void {
  describe('api keys', () => {
    it('creates for a user or a client and gets by id and by prefix; optional fields round-trip', async () => {
      await s.store.createUser(user('u1'));
      await s.store.createClient(svc('k1'));
      const a = apiKey('a', 'user', 'u1');
      const b = { ...apiKey('b', 'client', 'k1'), expiresAt: '2030-01-01T00:00:00.000Z', lastUsedAt: '2024-05-05T00:00:00.000Z' };
      assert.deepEqual(await s.store.createApiKey(a), a);
      assert.deepEqual(await s.store.createApiKey(b), b);
      assert.deepEqual(await s.store.getApiKey({ id: 'a' }), a);
      assert.deepEqual(await s.store.getApiKey({ keyPrefix: 'pk_b' }), b);
      assert.equal(await s.store.getApiKey({ keyPrefix: 'pk_nope' }), undefined);
      assert.equal(await s.store.getApiKey({ id: 'nope' }), undefined);
    });

    it('refuses a missing owner, an owner of another tenant, a duplicate id or prefix', async () => {
      await s.store.createTenant(tenant('t2'));
      await s.store.createUser(user('u1'));
      await s.store.createClient(svc('k2', 't2'));
      await rejectsCode(s.store.createApiKey(apiKey('a', 'user', 'ghost')), 'not-found');
      await rejectsCode(s.store.createApiKey(apiKey('a', 'client', 'u1')), 'not-found');
      await rejectsCode(s.store.createApiKey(apiKey('a', 'client', 'k2')), 'not-found');
      await rejectsCode(s.store.createApiKey(apiKey('a', 'user', 'u1', 't2')), 'not-found');
      await s.store.createApiKey(apiKey('a', 'user', 'u1'));
      await rejectsCode(s.store.createApiKey(apiKey('a', 'user', 'u1')), 'already-exists');
      await rejectsCode(s.store.createApiKey({ ...apiKey('b', 'user', 'u1'), keyPrefix: 'pk_a' }), 'already-exists');
      assert.deepEqual((await s.store.listApiKeys('t1')).items.map((k) => k.id), ['a']);
    });

    it('lists a tenant, or one owner, ordered by id, paged', async () => {
      await s.store.createUser(user('u1'));
      await s.store.createClient(svc('k1'));
      const ids = ['k-5', 'k-1', 'k-9', 'k-3', 'k-7'];
      for (const [i, id] of shuffled(ids).entries()) await s.store.createApiKey(i % 2 ? apiKey(id, 'client', 'k1') : apiKey(id, 'user', 'u1'));
      const all = (await s.store.listApiKeys('t1')).items;
      assert.deepEqual(all.map((k) => k.id), [...ids].sort());
      assert.deepEqual((await walkPages((p) => s.store.listApiKeys('t1', undefined, p), 2)).flat(), all);
      const mine = (await s.store.listApiKeys('t1', { kind: 'client', id: 'k1' })).items;
      assert.deepEqual(mine, all.filter((k) => k.ownerKind === 'client'));
      assert.deepEqual((await s.store.listApiKeys('t1', { kind: 'user', id: 'k1' })).items, []);
      assert.deepEqual((await s.store.listApiKeys('t2')).items, []);
    });

    it('revokes once; touch keeps the latest use; neither undoes the other', async () => {
      await s.store.createUser(user('u1'));
      await s.store.createApiKey(apiKey('a', 'user', 'u1'));
      await s.store.touchApiKey('a', '2025-01-02T00:00:00.000Z');
      await s.store.touchApiKey('a', '2025-01-01T00:00:00.000Z');
      assert.equal((await s.store.getApiKey({ id: 'a' }))?.lastUsedAt, '2025-01-02T00:00:00.000Z');
      assert.equal(await s.store.revokeApiKey('a', AT), true);
      assert.equal(await s.store.revokeApiKey('a'), false);
      await s.store.touchApiKey('a', '2025-07-01T00:00:00.000Z');
      assert.deepEqual(await s.store.getApiKey({ keyPrefix: 'pk_a' }), { ...apiKey('a', 'user', 'u1'), revokedAt: AT, lastUsedAt: '2025-07-01T00:00:00.000Z' });
      await rejectsCode(s.store.revokeApiKey('nope'), 'not-found');
      await s.store.touchApiKey('nope', AT); // ignored
    });

    it('a revocation racing uses (touches): exactly one revoke wins and stays revoked', async () => {
      await s.store.createUser(user('u1'));
      await s.store.createApiKey(apiKey('a', 'user', 'u1'));
      const uses = Array.from({ length: 6 }, (_, i) => s.store.touchApiKey('a', `2025-0${i + 1}-01T00:00:00.000Z`));
      const revokes = [s.store.revokeApiKey('a', AT), s.store.revokeApiKey('a', AT)];
      const [r] = await Promise.all([Promise.all(revokes), Promise.all(uses)]);
      assert.deepEqual([...r].sort(), [false, true]);
      const k = await s.store.getApiKey({ id: 'a' });
      assert.equal(k?.revokedAt, AT);
      // Which concurrent touch lands last is advisory (FerretDB may apply them out of order).
      assert.match(k?.lastUsedAt ?? '', /^2025-0[1-6]-01T/);
    });

    it('deletes (not-found when missing); keys go with their owner and their tenant', async () => {
      await s.store.createUser(user('u1'));
      await s.store.createClient(svc('k1'));
      await s.store.createApiKey(apiKey('a', 'user', 'u1'));
      await s.store.createApiKey(apiKey('b', 'client', 'k1'));
      await s.store.createApiKey(apiKey('c', 'client', 'k1'));
      await s.store.deleteApiKey('c');
      await rejectsCode(s.store.deleteApiKey('c'), 'not-found');
      await s.store.deleteUser('u1');
      assert.equal(await s.store.getApiKey({ keyPrefix: 'pk_a' }), undefined);
      await s.store.deleteClient('k1');
      assert.equal(await s.store.getApiKey({ keyPrefix: 'pk_b' }), undefined);
      await s.store.createTenant(tenant('t2'));
      await s.store.createClient(svc('k2', 't2'));
      await s.store.createApiKey(apiKey('d', 'client', 'k2', 't2'));
      await s.store.deleteTenant('t2');
      assert.equal(await s.store.getApiKey({ id: 'd' }), undefined);
      assert.deepEqual((await s.store.listApiKeys('t1')).items, []);
    });
  });
}
