// Service users (client credentials): list per tenant, patch (rename, rotate, disable), delete.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClientCredential } from '../../../src/server/stores/types.js';
import { rejectsCode, shuffled, tenant, walkPages, type Suite } from './fixtures.js';
import { race } from './identity-fixtures.js';

const client = (clientId: string, tenantId = 't1'): ClientCredential => ({ clientId, tenantId, name: `svc ${clientId}`, secretHash: `h-${clientId}`, createdAt: '2024-02-02T00:00:00.000Z', role: 'tenant-user' });

export function clientTests(s: Suite): void {
  describe('service users (clients)', () => {
    it('lists one tenant ordered by clientId, paged', async () => {
      const ids = ['pangolin-k', 'pangolin-a', 'pangolin-z', 'pangolin-c', 'pangolin-b'];
      for (const id of shuffled(ids)) await s.store.createClient(client(id));
      await s.store.createTenant(tenant('t2'));
      await s.store.createClient(client('elsewhere', 't2'));
      const all = (await s.store.listClients('t1')).items;
      assert.deepEqual(all.map((c) => c.clientId), [...ids].sort());
      assert.deepEqual(all[0], client('pangolin-a'));
      assert.deepEqual((await walkPages((p) => s.store.listClients('t1', p), 2)).flat(), all);
      assert.deepEqual((await s.store.listClients('nobody')).items, []);
    });

    it('renames, rotates the secret, disables and re-enables; getClient shows it', async () => {
      await s.store.createClient(client('k1'));
      const a = await s.store.updateClient('k1', { name: 'ingest', secretHash: 'rotated', role: 'tenant-admin' });
      assert.deepEqual(a, { ...client('k1'), name: 'ingest', secretHash: 'rotated', role: 'tenant-admin' });
      const b = await s.store.updateClient('k1', { disabled: true });
      assert.deepEqual(b, { ...a, disabled: true });
      assert.deepEqual(await s.store.getClient('k1'), b);
      assert.deepEqual((await s.store.listClients('t1')).items, [b]);
      const c = await s.store.updateClient('k1', { disabled: false });
      assert.deepEqual(c, a);
      assert.deepEqual(await s.store.getClient('k1'), a);
      await rejectsCode(s.store.updateClient('nope', { name: 'x' }), 'not-found');
    });

    it('createClient ignores disabled (a client starts enabled)', async () => {
      assert.deepEqual(await s.store.createClient({ ...client('k1'), disabled: true }), client('k1'));
      assert.deepEqual(await s.store.getClient('k1'), client('k1'));
    });

    it('concurrent patches of different fields all land', async () => {
      await s.store.createClient(client('k1'));
      await Promise.all([s.store.updateClient('k1', { name: 'n2' }), s.store.updateClient('k1', { secretHash: 's2' }), s.store.updateClient('k1', { disabled: true })]);
      assert.deepEqual(await s.store.getClient('k1'), { ...client('k1'), name: 'n2', secretHash: 's2', disabled: true });
    });

    it('deletes (not-found when missing); a rotation racing the delete never resurrects it', async () => {
      await s.store.createClient(client('k1'));
      const { failed } = await race<unknown>([s.store.updateClient('k1', { secretHash: 'r' }), s.store.deleteClient('k1'), s.store.updateClient('k1', { disabled: true })]);
      for (const e of failed) assert.equal((e as { code?: string }).code, 'not-found', String(e));
      assert.equal(await s.store.getClient('k1'), undefined);
      assert.deepEqual((await s.store.listClients('t1')).items, []);
      await rejectsCode(s.store.deleteClient('k1'), 'not-found');
    });
  });
}
