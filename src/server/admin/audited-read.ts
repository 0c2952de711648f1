// Reads of stored bytes (bucket browser, table inspector) are audited like changes: who
// read which warehouse key or table file, and whether it was served or refused. Never the
// content: the resource names the warehouse and key (or the table and path) only.
import type { Request, Response } from 'express';
import type { AuditLog } from '../auth/audit-log.js';
import type { AuditOutcome } from '../stores/identity-types.js';

const MAX_RESOURCE = 512;

/** A query parameter as the client sent it, safe to store: no control characters, capped. */
export function queryText(req: Request, name: string): string {
  const v = req.query[name];
  const text = typeof v === 'string' ? v : '';
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > MAX_RESOURCE ? `${clean.slice(0, MAX_RESOURCE)}…` : clean;
}

/** 400 (a key or path refused, e.g. leaving its place), 401 and 403 are refusals; other failures errors. */
export function readOutcome(status: number): AuditOutcome {
  if (status < 400) return 'allowed';
  return status === 400 || status === 401 || status === 403 ? 'denied' : 'error';
}

/**
 * Records `action` on `resource` when the response is sent. A refusal the Authorizer has
 * already recorded (res.locals.auditDone) is not recorded twice.
 */
export function auditRead(audit: AuditLog, res: Response, action: string, resource: string): void {
  res.on('finish', () => {
    if (res.locals.auditDone) return;
    const outcome = readOutcome(res.statusCode);
    const why = typeof res.locals.errorMessage === 'string' ? `: ${res.locals.errorMessage.slice(0, MAX_RESOURCE)}` : '';
    audit.recordFor(res, { action, resource, outcome, ...(outcome === 'allowed' ? {} : { detail: `HTTP ${res.statusCode}${why}` }) });
  });
}
