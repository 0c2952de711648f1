// Root sessions: create, get by id, revocation (once), "sign out everywhere", expiry
// sweep, and that they survive a reopen of a persistent store.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RootSession } from '../../../src/server/stores/root-session-types.js';
import { rejectsCode, type Suite } from './fixtures.js';

const AT = '2025-06-01T00:00:00.000Z';
const rs = (id: string, expiresAt = '2030-01-01T00:00:00.000Z'): RootSession => ({ id, rootName: 'admin', createdAt: '2025-01-01T00:00:00.000Z', expiresAt });

export function rootSessionTests(s: Suite): void {
  describe('root sessions', () => {
    it('creates and gets by id; revokedAt absent until revoked; refuses a duplicate id', async () => {
      assert.deepEqual(await s.store.createRootSession(rs('r1')), rs('r1'));
      assert.deepEqual(await s.store.getRootSession('r1'), rs('r1'));
      assert.equal(await s.store.getRootSession('nope'), undefined);
      await rejectsCode(s.store.createRootSession(rs('r1')), 'already-exists');
    });

    it('revokes once: the first revocation wins and keeps its time', async () => {
      await s.store.createRootSession(rs('r1'));
      const res = await Promise.all([s.store.revokeRootSession('r1', AT), s.store.revokeRootSession('r1', AT), s.store.revokeRootSession('r1', AT)]);
      assert.equal(res.filter(Boolean).length, 1);
      assert.equal(await s.store.revokeRootSession('r1', '2026-01-01T00:00:00.000Z'), false);
      assert.deepEqual(await s.store.getRootSession('r1'), { ...rs('r1'), revokedAt: AT });
      await rejectsCode(s.store.revokeRootSession('nope'), 'not-found');
    });

    it('revokes every live root session and counts them', async () => {
      for (const id of ['a', 'b', 'c']) await s.store.createRootSession(rs(id));
      await s.store.revokeRootSession('a', AT);
      assert.equal(await s.store.revokeRootSessions('2025-07-01T00:00:00.000Z'), 2);
      assert.equal(await s.store.revokeRootSessions(), 0);
      assert.equal((await s.store.getRootSession('a'))?.revokedAt, AT);
      assert.equal((await s.store.getRootSession('c'))?.revokedAt, '2025-07-01T00:00:00.000Z');
    });

    it('deletes expired root sessions only', async () => {
      await s.store.createRootSession(rs('old', '2025-01-01T00:00:00.000Z'));
      await s.store.createRootSession(rs('live'));
      assert.equal(await s.store.deleteExpiredRootSessions(AT), 1);
      assert.equal(await s.store.getRootSession('old'), undefined);
      assert.ok(await s.store.getRootSession('live'));
    });

    it('are kept across close and reopen', async (t) => {
      const { reopen } = s.options;
      if (!s.store.capabilities().persistent || !reopen) return t.skip('backend is not persistent (or no reopen given)');
      await s.store.createRootSession(rs('r1'));
      await s.store.revokeRootSession('r1', AT);
      await s.store.close();
      s.store = await reopen(s.store);
      await s.store.init();
      assert.deepEqual(await s.store.getRootSession('r1'), { ...rs('r1'), revokedAt: AT });
    });
  });
}
