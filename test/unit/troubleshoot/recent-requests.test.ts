// The Server page's ring buffers: bounded, newest first, errors kept apart, filterable.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RecentRequests } from '../../../src/server/http/recent-requests.js';

const entry = (i: number, status = 200, tenantId = 't1') => ({ at: Date.UTC(2026, 0, 1, 0, 0, i), method: 'GET', path: `/v1/p${i}`, status, ms: i, requestId: `r${i}`, tenantId });

describe('RecentRequests', () => {
  it('keeps the newest N requests and the newest M errors, newest first', () => {
    const r = new RecentRequests(3, 2);
    for (let i = 0; i < 5; i++) r.record(entry(i, i % 2 ? 404 : 200));
    r.record({ ...entry(5, 500), errorType: 'InternalServerError', error: 'Internal server error (request id r5)' });
    const { requests, errors } = r.list();
    assert.deepEqual(requests.map((x) => x.request_id), ['r5', 'r4', 'r3']);
    assert.deepEqual(errors.map((x) => x.request_id), ['r5', 'r3']);
    assert.equal(errors[0].error_type, 'InternalServerError');
    assert.equal(requests[0].time, '2026-01-01T00:00:05.000Z');
    assert.equal('tenantId' in requests[0], false, 'the tenant is not part of the answer');
  });

  it('filters (one tenant) and truncates long paths and messages', () => {
    const r = new RecentRequests();
    r.record(entry(1, 200, 'a'));
    r.record({ ...entry(2, 400, 'b'), path: `/v1/${'x'.repeat(400)}`, error: 'e'.repeat(900) });
    assert.deepEqual(r.list((e) => e.tenantId === 'a').requests.map((x) => x.request_id), ['r1']);
    const [long] = r.list((e) => e.tenantId === 'b').errors;
    assert.ok(long.path.length <= 301);
    assert.ok((long.error ?? '').length <= 501);
  });
});
