// Writes audit events without putting a database round trip on every request: events
// are queued and appended in small batches (flushed at once on close). Events the store
// refuses are kept in a spool file and written on a later flush or the next start
// (audit-spool.ts), so a store outage loses none; only when that file cannot be written
// either is an event lost, logged at error level (never secrets: names and ids only).
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import type { Logger } from '../logger.js';
import type { AuditEvent, AuditOutcome, AuditStore } from '../stores/identity-types.js';
import { principalId, type Principal } from './principal.js';
import type { AuditSpool } from './audit-spool.js';
import { SignInAuditThrottle, type SignInFailure } from './sign-in-failures.js';

const FLUSH_MS = 50;
const MAX_BATCH = 200;
/** How soon kept events are tried again while nothing new arrives. */
const RETRY_MS = 5_000;

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
    private readonly spool?: AuditSpool,
  ) {
    // Events kept by an earlier run go to the store as soon as it can take them.
    if (spool?.hasPending) this.timer = setTimeout(() => void this.flush(), FLUSH_MS).unref();
  }

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
      if (this.spool?.hasPending) {
        try {
          const n = await this.spool.drain(this.store);
          if (n > 0) this.logger.info({ events: n }, 'Wrote audit events kept while the store could not take them');
        } catch (err) {
          this.logger.warn({ err }, 'The store still cannot take audit events: they stay kept in the spool file');
          this.retrySoon();
        }
      }
      if (batch.length === 0) return;
      try {
        // One write for the batch: a busy server (e.g. writers retrying commits, each 409
        // audited) otherwise paid one store commit (fsync) or round trip per event.
        await this.store.appendAuditEvents(batch);
        return;
      } catch (err) {
        if (this.keep(batch, err)) return;
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

  /** Kept events are tried again without waiting for new ones (the timer does not hold the process open). */
  private retrySoon(): void {
    this.timer ??= setTimeout(() => void this.flush(), RETRY_MS);
    this.timer.unref();
  }

  /** Puts a batch the store refused in the spool; false when there is none or it failed too. */
  private keep(batch: AuditEvent[], storeError: unknown): boolean {
    if (!this.spool) return false;
    try {
      this.spool.keep(batch);
      this.logger.warn({ err: storeError, events: batch.length, spool: this.spool.path }, 'The store could not take audit events: kept in the spool file, written when it can');
      this.retrySoon();
      return true;
    } catch (err) {
      this.logger.error({ err, spool: this.spool.path }, 'Could not keep audit events in the spool file either');
      return false;
    }
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
