// Audit log: append (idempotent by id), newest-first paged lists per tenant, filters,
// events outliving their tenant.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shuffled, tenant, walkPages, type Suite } from './fixtures.js';
import { event } from './identity-fixtures.js';

const at = (n: number) => `2025-01-01T00:00:${String(n).padStart(2, '0')}.000Z`;

export function auditTests(s: Suite): void {
  describe('audit log', () => {
    it('appends and lists newest first (ties by id, descending); optional fields round-trip', async () => {
      const full = event('e-full', at(5), { detail: 'why', requestId: 'req-1', address: '127.0.0.1', outcome: 'denied', actor: { kind: 'client', id: 'k1', name: 'svc' } });
      const evs = [event('e1', at(1)), event('e3', at(3)), event('e2b', at(2)), event('e2a', at(2)), full];
      for (const e of shuffled(evs)) await s.store.appendAuditEvent(e);
      const page = await s.store.listAuditEvents('t1');
      assert.deepEqual(page.items.map((e) => e.id), ['e-full', 'e3', 'e2b', 'e2a', 'e1']);
      assert.deepEqual(page.items[0], full);
      assert.deepEqual(page.items[1], event('e3', at(3)));
      assert.equal(page.nextPageToken, null);
      assert.deepEqual((await walkPages((p) => s.store.listAuditEvents('t1', {}, p), 2)).flat(), page.items);
    });

    it('never refuses an id already stored: the first event stays', async () => {
      await s.store.appendAuditEvent(event('e1', at(1)));
      await s.store.appendAuditEvent(event('e1', at(9), { action: 'other' }));
      await Promise.all([1, 2, 3].map(() => s.store.appendAuditEvent(event('e2', at(2)))));
      assert.deepEqual((await s.store.listAuditEvents('t1')).items, [event('e2', at(2)), event('e1', at(1))]);
    });

    it('appends a batch in one call: ids already stored or repeated in it are ignored, optional fields round-trip', async () => {
      await s.store.appendAuditEvents([]);
      await s.store.appendAuditEvent(event('b1', at(1)));
      const full = event('b3', at(3), { detail: 'why', requestId: 'req-3', address: '::1', outcome: 'error', actor: { kind: 'user', id: 'u1', name: 'ann' } });
      await s.store.appendAuditEvents([event('b1', at(9), { action: 'other' }), event('b2', at(2)), full, event('b2', at(8)), event('b4', at(4), { tenantId: null })]);
      assert.deepEqual((await s.store.listAuditEvents('t1')).items, [full, event('b2', at(2)), event('b1', at(1))]);
      assert.deepEqual((await s.store.listAuditEvents(null)).items, [event('b4', at(4), { tenantId: null })]);
      await s.store.appendAuditEvents([event('b5', at(5))]);
      assert.equal((await s.store.listAuditEvents('t1')).items.length, 4);
    });

    it('concurrent appends all land', async () => {
      await Promise.all(Array.from({ length: 20 }, (_, i) => s.store.appendAuditEvent(event(`e${String(i).padStart(2, '0')}`, at(i)))));
      const ids = (await s.store.listAuditEvents('t1')).items.map((e) => e.id);
      assert.equal(ids.length, 20);
      assert.equal(ids[0], 'e19');
    });

    it('filters by actor, outcome, action and a time window (since inclusive, until exclusive), paged', async () => {
      await s.store.appendAuditEvent(event('a', at(1)));
      await s.store.appendAuditEvent(event('b', at(2), { outcome: 'denied' }));
      await s.store.appendAuditEvent(event('c', at(3), { actor: { kind: 'client', id: 'k1', name: 'svc' } }));
      await s.store.appendAuditEvent(event('d', at(4), { action: 'table.drop', outcome: 'error' }));
      await s.store.appendAuditEvent(event('e', at(5)));
      const ids = async (f: object) => (await s.store.listAuditEvents('t1', f)).items.map((e) => e.id);
      assert.deepEqual(await ids({ actorId: 'k1' }), ['c']);
      assert.deepEqual(await ids({ outcome: 'denied' }), ['b']);
      assert.deepEqual(await ids({ action: 'table.drop' }), ['d']);
      assert.deepEqual(await ids({ since: at(2), until: at(5) }), ['d', 'c', 'b']);
      assert.deepEqual(await ids({ actorId: 'u1', outcome: 'allowed', since: at(1) }), ['e', 'a']);
      const pages = await walkPages((p) => s.store.listAuditEvents('t1', { actorId: 'u1' }, p), 1);
      assert.deepEqual(pages.flat().map((e) => e.id), ['e', 'd', 'b', 'a']);
    });

    it('keeps tenants apart; null lists events without a tenant; events outlive their tenant', async () => {
      await s.store.createTenant(tenant('t2'));
      await s.store.appendAuditEvent(event('mine', at(1)));
      await s.store.appendAuditEvent(event('theirs', at(2), { tenantId: 't2' }));
      await s.store.appendAuditEvent(event('root', at(3), { tenantId: null, actor: { kind: 'root', id: 'root', name: 'root' } }));
      assert.deepEqual((await s.store.listAuditEvents('t1')).items.map((e) => e.id), ['mine']);
      assert.deepEqual((await s.store.listAuditEvents(null)).items.map((e) => e.id), ['root']);
      assert.equal((await s.store.listAuditEvents(null)).items[0].tenantId, null);
      await s.store.deleteTenant('t2');
      assert.deepEqual((await s.store.listAuditEvents('t2')).items.map((e) => e.id), ['theirs']);
    });
  });
}
