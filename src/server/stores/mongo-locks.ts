// Lease locks for the MongoDB store: mutual exclusion between writers, not the safety net.
//
// A lock is a doc {_id, owner, renewedAt} in `locks`. Taking it is an upsert filtered on
// {_id, owner}: when someone else holds it, the upsert's insert hits the unique _id (a
// duplicate key), which is atomic on MongoDB and FerretDB alike. renewedAt is always the
// SERVER's time ($currentDate), and staleness is judged against the server's clock (the
// `hello` reply's localTime), so skewed client clocks neither shorten nor void a lease. The
// client clock (injectable) only measures local durations: the renewal period and the
// bounded total wait. Holders renew their leases while they wait and work.
//
// A holder paused past its lease (GC, SIGSTOP, a slow disk) can still resume and write:
// that is why pointer writes are fenced (mongo-fences.ts) and never rely on these locks.
// Caveat for the store's other read-modify-writes (renames, namespace properties, entity
// updates), which are not fenced: they can overlap only after a holder stalled past its
// lease, or — FerretDB only, whose deleteOne finds then deletes — when two writers take
// over the same stale lock at once.
import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { isDuplicateKey, sleep } from './mongo-errors.js';
import { StoreError } from './types.js';

interface LockDoc {
  _id: string;
  owner: string;
  renewedAt: Date;
}

export interface LockOptions {
  /** A lock not renewed for this long (server time) is presumed abandoned. Default 10 s. */
  leaseMs?: number;
  /** Longest total wait for all the locks of one operation. Default 20 s. */
  waitMs?: number;
  /** Local clock in ms (only durations are taken from it). Default Date.now. */
  clock?: () => number;
  /** Where lock problems are reported. Default console.error. */
  onError?: (message: string) => void;
}

export const LOCK_LEASE_MS = 10_000;
export const LOCK_WAIT_MS = 20_000;
/** The server-minus-local clock difference is measured again after this long. */
const OFFSET_MAX_AGE_MS = 30_000;

/** The locks held by one operation, renewed in the background until released. */
export class Held {
  readonly owner = randomUUID();
  readonly ids: string[] = [];
  /** Set when a renewal found the lock gone (taken over) or failed. */
  lost: string | undefined;
  timer: NodeJS.Timeout | undefined;
}

export class LockManager {
  private readonly locks: Collection<LockDoc>;
  readonly leaseMs: number;
  private readonly waitMs: number;
  private readonly clock: () => number;
  readonly onError: (message: string) => void;
  private offset: { serverMinusLocal: number; measuredAt: number } | undefined;

  constructor(
    private readonly db: Db,
    opts: LockOptions = {},
  ) {
    this.locks = db.collection<LockDoc>('locks');
    this.leaseMs = opts.leaseMs ?? LOCK_LEASE_MS;
    this.waitMs = opts.waitMs ?? LOCK_WAIT_MS;
    this.clock = opts.clock ?? Date.now;
    this.onError = opts.onError ?? ((m) => console.error(`pangolin: ${m}`));
  }

  /** Runs fn holding the locks of `ids`, taken in sorted order (no deadlock) within one total wait. */
  async withLocks<T>(ids: string[], fn: (held: Held) => Promise<T>): Promise<T> {
    const held = new Held();
    const deadline = this.clock() + this.waitMs;
    held.timer = setInterval(() => void this.renew(held), Math.max(10, Math.floor(this.leaseMs / 3)));
    held.timer.unref();
    let result: { ok: true; value: T } | { ok: false; error: unknown };
    try {
      for (const id of [...new Set(ids)].sort()) {
        await this.acquire(id, held.owner, deadline);
        held.ids.push(id);
      }
      result = { ok: true, value: await fn(held) };
    } catch (e) {
      result = { ok: false, error: e };
    }
    clearInterval(held.timer);
    const released = await this.release(held);
    if (!result.ok) throw result.error;
    // The work is done (a commit is durable), but the caller must learn that others may
    // now wait up to a lease: we do not pretend the operation went cleanly.
    if (released) throw released;
    return result.value;
  }

  /** The server's current time: leases are judged on one clock, the server's. */
  async serverNow(): Promise<number> {
    const hello = await this.db.command({ hello: 1 });
    const t = hello.localTime instanceof Date ? hello.localTime.getTime() : NaN;
    if (!Number.isFinite(t)) throw new StoreError('unavailable', 'The MongoDB server did not report its time (hello.localTime); cannot judge lock leases');
    this.offset = { serverMinusLocal: t - this.clock(), measuredAt: this.clock() };
    return t;
  }

  /** The server's time estimated from our clock and a recent measurement of the difference. */
  private async serverEstimate(): Promise<number> {
    const o = this.offset;
    if (!o || Math.abs(this.clock() - o.measuredAt) > OFFSET_MAX_AGE_MS) return this.serverNow();
    return this.clock() + o.serverMinusLocal;
  }

  private async acquire(id: string, owner: string, deadline: number): Promise<void> {
    for (let delay = 1; ; delay = Math.min(delay * 2, 50)) {
      try {
        await this.locks.updateOne({ _id: id, owner }, { $currentDate: { renewedAt: true } }, { upsert: true });
        return;
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
      const cur = await this.locks.findOne({ _id: id });
      if (!cur) continue; // released meanwhile: try again at once
      // The estimate spares a round trip per poll; a takeover is confirmed on the server's clock itself.
      if ((await this.serverEstimate()) - cur.renewedAt.getTime() > this.leaseMs && (await this.serverNow()) - cur.renewedAt.getTime() > this.leaseMs) {
        // Abandoned (its holder died or is paused): free it. If the holder resumes, the
        // fences refuse its pointer writes.
        await this.locks.deleteOne({ _id: id, owner: cur.owner, renewedAt: cur.renewedAt });
        continue;
      }
      if (this.clock() > deadline) {
        throw new StoreError('unavailable', `Timed out after ${this.waitMs} ms waiting for a lock on a catalog entry (held by another writer); retry`);
      }
      await sleep(delay * (0.5 + Math.random()));
    }
  }

  private async renew(held: Held): Promise<void> {
    for (const id of [...held.ids]) {
      try {
        const r = await this.locks.updateOne({ _id: id, owner: held.owner }, { $currentDate: { renewedAt: true } });
        if (r.matchedCount === 0) held.lost ??= `the lock on ${id} was taken over by another writer`;
      } catch (e) {
        held.lost ??= `renewing the lock on ${id} failed: ${(e as Error).message}`;
      }
    }
  }

  /** Releases every held lock; returns (after logging) the error if any release failed. */
  private async release(held: Held): Promise<StoreError | undefined> {
    const failed: string[] = [];
    await Promise.all(
      held.ids.map((id) =>
        this.locks.deleteOne({ _id: id, owner: held.owner }).catch((e: Error) => {
          failed.push(`${id}: ${e.message}`);
        }),
      ),
    );
    if (failed.length === 0) return undefined;
    const message = `Releasing MongoDB locks failed (the operation itself completed; others may wait up to ${this.leaseMs} ms for the lease to expire): ${failed.join('; ')}`;
    this.onError(message);
    return new StoreError('unavailable', message);
  }
}
