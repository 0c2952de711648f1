// /api/v1/audit: the acting tenant's audit events, newest first, for its tenant admins
// (root: also system=true, the events that belong to no tenant). Filters: actor_id,
// outcome, action, since (inclusive), until (exclusive).
import type { Request, Router } from 'express';
import { auditOutcome, type AuditEventResponse } from '../../shared/api/identity.js';
import type { AuditLog } from '../auth/audit-log.js';
import { sendJson } from '../http/send.js';
import { badRequest } from '../iceberg/errors.js';
import { firstQuery, parseBoolean } from '../iceberg/routes/params.js';
import type { AuditEvent, AuditFilter } from '../stores/identity-types.js';
import { adminPage, type IdentityDeps } from './identity-common.js';

const KNOWN = new Set(['actor_id', 'outcome', 'action', 'since', 'until', 'system', 'page_token', 'page_size', 'pageToken', 'pageSize']);

export const toAuditEventResponse = (e: AuditEvent): AuditEventResponse => ({
  id: e.id,
  tenant_id: e.tenantId ?? null,
  at: e.at,
  actor: { kind: e.actor.kind, id: e.actor.id, name: e.actor.name },
  action: e.action,
  resource: e.resource,
  outcome: e.outcome,
  detail: e.detail ?? null,
  request_id: e.requestId ?? null,
  address: e.address ?? null,
});

function time(req: Request, name: string): string | undefined {
  const raw = firstQuery(req, name);
  if (raw === undefined || raw === '') return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(raw) ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(ms)) throw badRequest(`Invalid ${name} "${raw}": expected an ISO-8601 date or time, e.g. 2025-01-31 or 2025-01-31T12:00:00Z`);
  return new Date(ms).toISOString();
}

function auditFilter(req: Request): AuditFilter {
  const unknown = Object.keys(req.query).filter((k) => !KNOWN.has(k));
  if (unknown.length) throw badRequest(`Unknown query parameter ${unknown.map((k) => `"${k}"`).join(', ')}: expected ${[...KNOWN].slice(0, 8).join(', ')}`);
  const filter: AuditFilter = {};
  const actorId = firstQuery(req, 'actor_id');
  if (actorId) filter.actorId = actorId;
  const action = firstQuery(req, 'action');
  if (action) filter.action = action;
  const outcome = firstQuery(req, 'outcome');
  if (outcome) {
    const parsed = auditOutcome.safeParse(outcome);
    if (!parsed.success) throw badRequest(`Invalid outcome "${outcome}": expected allowed, denied or error`);
    filter.outcome = parsed.data;
  }
  const since = time(req, 'since');
  const until = time(req, 'until');
  if (since !== undefined) filter.since = since;
  if (until !== undefined) filter.until = until;
  if (since !== undefined && until !== undefined && since >= until) throw badRequest(`since (${since}) must be before until (${until})`);
  return filter;
}

export function registerAuditRoutes(r: Router, { store, authz }: IdentityDeps, audit: Pick<AuditLog, 'flush'>): void {
  r.get('/audit', async (req, res) => {
    const filter = auditFilter(req);
    const page = adminPage(req);
    const system = parseBoolean(firstQuery(req, 'system'), 'system', false);
    const tenantId = system ? (authz.requireRoot(res, 'audit.read', 'audit/system'), null) : authz.requireTenantAdmin(res, 'audit.read', 'audit');
    // What this server did moments ago (this very change, say) is in the answer.
    await audit.flush();
    const events = await store.listAuditEvents(tenantId, filter, page);
    sendJson(res, 200, { events: events.items.map(toAuditEventResponse), next_page_token: events.nextPageToken });
  });
}
