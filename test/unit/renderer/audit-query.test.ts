// The audit log's filters as the query string GET /api/v1/audit takes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { auditFilterProblem, auditQuery, hasAuditFilters, localToIso, NO_AUDIT_FILTERS } from '../../../src/renderer/src/lib/audit-query.js';

describe('audit filters', () => {
  test('no filters: just the page size; a page token when loading more', () => {
    assert.equal(auditQuery(NO_AUDIT_FILTERS), 'page_size=50');
    assert.equal(auditQuery(NO_AUDIT_FILTERS, 'abc/=', 10), 'page_size=10&page_token=abc%2F%3D');
    assert.equal(hasAuditFilters(NO_AUDIT_FILTERS), false);
  });

  test('actor, action, outcome and a local time range in UTC', () => {
    const f = { actor: ' u-1 ', action: 'user.create', outcome: 'denied' as const, since: '2026-01-31T12:00', until: '' };
    const q = new URLSearchParams(auditQuery(f));
    assert.equal(q.get('actor_id'), 'u-1');
    assert.equal(q.get('action'), 'user.create');
    assert.equal(q.get('outcome'), 'denied');
    assert.equal(q.get('since'), new Date('2026-01-31T12:00').toISOString());
    assert.equal(q.has('until'), false);
    assert.equal(hasAuditFilters(f), true);
  });

  test('a range that ends before it starts is refused before asking the server', () => {
    assert.equal(auditFilterProblem({ ...NO_AUDIT_FILTERS, since: '2026-02-01T00:00', until: '2026-01-01T00:00' }), 'The “from” time must be before the “to” time');
    assert.equal(auditFilterProblem({ ...NO_AUDIT_FILTERS, since: 'soon' }), 'The “from” time is not a date and time');
    assert.equal(auditFilterProblem({ ...NO_AUDIT_FILTERS, since: '2026-01-01T00:00', until: '2026-02-01T00:00' }), undefined);
    assert.equal(localToIso(''), undefined);
  });
});
