// Writes audit events without putting a database round trip on every request: events
// are queued and appended in small batches (flushed at once on close). A failed write is
// logged at error level with the event (never secrets: events hold names and ids only).
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import type { Logger } from '../logger.js';
import type { AuditEvent, AuditOutcome, AuditStore } from '../stores/identity-types.js';
import { principalId, type Principal } from './principal.js';
import { SignInAuditThrottle, type SignInFailure } from './sign-in-failures.js';

const FLUSH_MS = 50;
const MAX_BATCH = 200;

export interface AuditEntry {
  action: string;
  resource: string;
  outcome: AuditOutcome;
  detail?: string;
}

export class AuditLog {
  private queue: AuditEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly signIns = new SignInAuditThrottle();

  constructor(
    private readonly store: AuditStore,
    private readonly logger: Logger,
  ) {}

  /** Records what `principal` (or an unidentified caller) did in `tenantId` (null: no tenant). */
  record(tenantId: string | null, principal: Principal | undefined, entry: AuditEntry, req?: { requestId?: string; address?: string }): void {
    const actor = principal
      ? { kind: principal.kind, id: principalId(principal), name: principal.name }
      : { kind: 'anonymous', id: '', name: 'anonymous' };
    this.enqueue(tenantId, actor, entry, req);
  }

  /**
   * A refused sign-in as `login.failed`: actor = the account tried, detail = the reason.
   * Repeats are thinned out by the throttle (see sign-in-failures.ts), so a flood of
   * refusals costs a map lookup each, not an audit row each.
   */
  signInFailed(f: SignInFailure, req: { resource: string; requestId?: string; address?: string }): void {
    const decision = this.signIns.decide(f, req.address, req.resource);
    if (decision === 'drop-first') this.logger.warn({ address: req.address }, 'Too many failed sign-ins from this address: not auditing more of them for a minute');
    if (decision !== 'record') return;
    this.enqueue(f.tenantId, { kind: f.kind, id: f.id ?? '', name: f.name }, { action: 'login.failed', resource: req.resource, outcome: 'denied', detail: f.reason }, req);
  }

  private enqueue(tenantId: string | null, actor: AuditEvent['actor'], entry: AuditEntry, req?: { requestId?: string; address?: string }): void {
    const e: AuditEvent = { id: randomUUID(), tenantId, at: new Date().toISOString(), actor, ...entry };
    if (entry.detail === undefined) delete e.detail;
    if (req?.requestId) e.requestId = req.requestId;
    if (req?.address) e.address = req.address;
    this.queue.push(e);
    if (this.queue.length >= MAX_BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  /** record() with the request's principal, acting tenant, request id and address. */
  recordFor(res: Response, entry: AuditEntry): void {
    const p = res.locals.principal as Principal | undefined;
    const tenantId = (res.locals.tenantId as string | undefined) ?? (p && p.kind !== 'root' ? p.tenantId : null);
    this.record(tenantId, p, entry, { requestId: res.locals.requestId as string | undefined, address: res.req?.socket?.remoteAddress });
  }

  /** Writes everything queued so far; resolves when it is stored (or its failure logged). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    this.flushing = this.flushing.then(async () => {
      if (batch.length === 0) return;
      try {
        // One write for the batch: a busy server (e.g. writers retrying commits, each 409
        // audited) otherwise paid one store commit (fsync) or round trip per event.
        await this.store.appendAuditEvents(batch);
        return;
      } catch {
        /* one by one below: ids make a retry safe, and a failure names its event */
      }
      for (const e of batch) {
        try {
          await this.store.appendAuditEvent(e);
        } catch (err) {
          this.logger.error({ err, action: e.action, resource: e.resource, outcome: e.outcome, actor: e.actor.name }, 'Could not write an audit event');
        }
      }
    });
    return this.flushing;
  }
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Records every authorized change when its response is sent: allowed (2xx/3xx) or error
 * (4xx/5xx after authorization). Refusals are recorded by the Authorizer itself. Routes
 * whose POSTs change nothing worth auditing (signing, metrics) set res.locals.auditSkip.
 */
export function auditMutations(audit: AuditLog) {
  return (req: import('express').Request, res: Response, next: () => void): void => {
    if (MUTATING.has(req.method)) {
      res.on('finish', () => {
        if (res.locals.auditDone || res.locals.auditSkip || !res.locals.auditAction) return;
        const outcome = res.statusCode < 400 ? 'allowed' : 'error';
        audit.recordFor(res, { action: String(res.locals.auditAction), resource: String(res.locals.auditResource ?? req.path), outcome, ...(outcome === 'error' ? { detail: `HTTP ${res.statusCode}` } : {}) });
      });
    }
    next();
  };
}
