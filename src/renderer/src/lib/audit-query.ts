// The audit log's filters → GET /api/v1/audit query string. The time range comes from
// <input type="datetime-local"> (local time, no zone) and is sent as UTC ISO-8601.
import type { AuditOutcomeName } from '../../../shared/api/identity.js';

export interface AuditFilters {
  /** An actor id (user id, service user client id, "root:<name>"); '' = anyone. */
  actor: string;
  /** An exact action, e.g. "user.create"; '' = any. */
  action: string;
  outcome: '' | AuditOutcomeName;
  /** datetime-local values ("2026-01-31T12:00"); '' = open-ended. */
  since: string;
  until: string;
}

export const NO_AUDIT_FILTERS: AuditFilters = { actor: '', action: '', outcome: '', since: '', until: '' };

export const AUDIT_PAGE_SIZE = 50;

/** "2026-01-31T12:00" (local) → "2026-01-31T11:00:00.000Z"; undefined for '' or nonsense. */
export function localToIso(value: string): string | undefined {
  if (!value.trim()) return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** Why the filters cannot be sent (shown next to the time range), or undefined. */
export function auditFilterProblem(f: AuditFilters): string | undefined {
  const since = localToIso(f.since);
  const until = localToIso(f.until);
  if (f.since.trim() && !since) return 'The “from” time is not a date and time';
  if (f.until.trim() && !until) return 'The “to” time is not a date and time';
  if (since && until && since >= until) return 'The “from” time must be before the “to” time';
  return undefined;
}

/** The query string (without "?") for one page. */
export function auditQuery(f: AuditFilters, pageToken?: string, pageSize = AUDIT_PAGE_SIZE): string {
  const q = new URLSearchParams();
  if (f.actor.trim()) q.set('actor_id', f.actor.trim());
  if (f.action.trim()) q.set('action', f.action.trim());
  if (f.outcome) q.set('outcome', f.outcome);
  const since = localToIso(f.since);
  const until = localToIso(f.until);
  if (since) q.set('since', since);
  if (until) q.set('until', until);
  q.set('page_size', String(pageSize));
  if (pageToken) q.set('page_token', pageToken);
  return q.toString();
}

/** Whether any filter is set (the empty state then suggests clearing them). */
export const hasAuditFilters = (f: AuditFilters): boolean => Boolean(f.actor.trim() || f.action.trim() || f.outcome || f.since.trim() || f.until.trim());

/** Actions the server records, offered while typing the action filter. */
export const KNOWN_AUDIT_ACTIONS: readonly string[] = [
  'authenticate',
  'login.failed',
  'user.login',
  'user.logout',
  'user.logout-everywhere',
  'user.create',
  'user.update',
  'user.delete',
  'user.revoke-sessions',
  'service-user.create',
  'service-user.update',
  'service-user.delete',
  'service-user.rotate-secret',
  'api-key.create',
  'api-key.revoke',
  'role.create',
  'role.update',
  'role.delete',
  'role.assign',
  'role.unassign',
  'role.grant',
  'role.revoke',
  'tenant.create',
  'tenant.update',
  'tenant.delete',
  'warehouse.create',
  'warehouse.update',
  'warehouse.delete',
  'catalog.create',
  'catalog.update',
  'catalog.delete',
  'bucket.list',
  'bucket.read',
  'inspector.read',
];
