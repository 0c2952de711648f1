// Sessions (refresh tokens): create, lookup by token hash, revocation (once), expiry sweep.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rejectsCode, tenant, type Suite } from './fixtures.js';
import { session, user } from './identity-fixtures.js';

const AT = '2025-06-01T00:00:00.000Z';

export function sessionTests(s: Suite): void {
  describe('sessions', () => {
    it('creates and gets by token hash; revokedAt absent until revoked', async () => {
      await s.store.createUser(user('u1'));
      const x = session('s1', 'u1');
      assert.deepEqual(await s.store.createSession(x), x);
      assert.deepEqual(await s.store.getSession(x.tokenHash), x);
      assert.equal(await s.store.getSession('sha256:nope'), undefined);
    });

    it('refuses a missing user, a user of another tenant, a duplicate id or token hash', async () => {
      await s.store.createUser(user('u1'));
      await s.store.createTenant(tenant('t2'));
      await rejectsCode(s.store.createSession(session('s1', 'ghost')), 'not-found');
      await rejectsCode(s.store.createSession(session('s1', 'u1', undefined, 't2')), 'not-found');
      await s.store.createSession(session('s1', 'u1'));
      await rejectsCode(s.store.createSession(session('s1', 'u1')), 'already-exists');
      await rejectsCode(s.store.createSession({ ...session('s2', 'u1'), tokenHash: 'sha256:s1' }), 'already-exists');
      assert.equal(await s.store.getSession('sha256:s2'), undefined);
    });

    it('revokes once: the first revocation wins and keeps its time', async () => {
      await s.store.createUser(user('u1'));
      await s.store.createSession(session('s1', 'u1'));
      assert.equal(await s.store.revokeSession('s1', AT), true);
      assert.equal(await s.store.revokeSession('s1', '2026-01-01T00:00:00.000Z'), false);
      assert.deepEqual(await s.store.getSession('sha256:s1'), { ...session('s1', 'u1'), revokedAt: AT });
      await rejectsCode(s.store.revokeSession('nope'), 'not-found');
      assert.ok((await s.store.createSession(session('s2', 'u1'))) && (await s.store.revokeSession('s2')));
      assert.ok((await s.store.getSession('sha256:s2'))?.revokedAt);
    });

    it('concurrent revocations of one session (a rotation race): exactly one wins', async () => {
      await s.store.createUser(user('u1'));
      await s.store.createSession(session('s1', 'u1'));
      await s.store.createSession(session('s2', 'u1'));
      const res = await Promise.all([s.store.revokeSession('s1', AT), s.store.revokeSession('s1', AT), s.store.revokeUserSessions('u1', AT), s.store.revokeSession('s1', AT)]);
      const wins = res.filter((r) => r === true).length + (res[2] as number);
      assert.equal(wins, 2, `s1 and s2 revoked exactly once each: ${JSON.stringify(res)}`);
      assert.equal((await s.store.getSession('sha256:s1'))?.revokedAt, AT);
    });

    it('revokes all sessions of one user and counts them', async () => {
      await s.store.createUser(user('u1'));
      await s.store.createUser(user('u2'));
      for (const id of ['a', 'b', 'c']) await s.store.createSession(session(id, 'u1'));
      await s.store.createSession(session('d', 'u2'));
      await s.store.revokeSession('a', AT);
      assert.equal(await s.store.revokeUserSessions('u1', '2025-07-01T00:00:00.000Z'), 2);
      assert.equal(await s.store.revokeUserSessions('u1'), 0);
      assert.equal((await s.store.getSession('sha256:a'))?.revokedAt, AT);
      assert.equal((await s.store.getSession('sha256:c'))?.revokedAt, '2025-07-01T00:00:00.000Z');
      assert.equal((await s.store.getSession('sha256:d'))?.revokedAt, undefined);
      assert.equal(await s.store.revokeUserSessions('nobody'), 0);
    });

    it('deletes expired sessions only', async () => {
      await s.store.createUser(user('u1'));
      await s.store.createSession(session('old', 'u1', '2025-01-01T00:00:00.000Z'));
      await s.store.createSession(session('old-revoked', 'u1', '2025-02-01T00:00:00.000Z'));
      await s.store.revokeSession('old-revoked', AT);
      await s.store.createSession(session('live', 'u1', '2030-01-01T00:00:00.000Z'));
      assert.equal(await s.store.deleteExpiredSessions('2025-06-01T00:00:00.000Z'), 2);
      assert.equal(await s.store.getSession('sha256:old'), undefined);
      assert.ok(await s.store.getSession('sha256:live'));
      assert.equal(await s.store.deleteExpiredSessions('2025-06-01T00:00:00.000Z'), 0);
    });

    it('go with their user and with their tenant', async () => {
      await s.store.createUser(user('u1'));
      await s.store.createSession(session('s1', 'u1'));
      await s.store.deleteUser('u1');
      assert.equal(await s.store.getSession('sha256:s1'), undefined);
      await s.store.createTenant(tenant('t2'));
      await s.store.createUser(user('u2', 'u2', 't2'));
      await s.store.createSession(session('s2', 'u2', undefined, 't2'));
      await s.store.deleteTenant('t2');
      assert.equal(await s.store.getSession('sha256:s2'), undefined);
    });
  });
}
