// Exponential back-off per key, pure (the caller passes the time): the counting behind the
// sign-in limiter (rate-limit.ts). A key may fail `free` times without waiting; each failure
// beyond those doubles the wait before its next attempt, up to `capMs`. Failures are
// forgotten `forgetMs` after the key's last one. An attempt is reserved as a failure before
// it is verified (so concurrent attempts cannot all slip under the limit) and refunded when
// it turns out not to be one.

export interface BackOffPolicy {
  /** Failures allowed before any wait. */
  free: number;
  /** The wait after the first failure beyond the free ones; each further one doubles it. */
  baseMs: number;
  /** The longest wait. */
  capMs: number;
  /** A key's failures are forgotten this long after its last one. */
  forgetMs: number;
  /** Keys kept at most (memory stays bounded); the longest-quiet key is forgotten first. */
  maxKeys: number;
}

/** The wait before the next attempt of a key that has `failures` failures (0 within the free budget). */
export function waitAfter(failures: number, p: Pick<BackOffPolicy, 'free' | 'baseMs' | 'capMs'>): number {
  if (failures < p.free) return 0;
  return Math.min(p.capMs, p.baseMs * 2 ** Math.min(failures - p.free, 40));
}

interface Entry {
  failures: number;
  /** When the latest failure (or reservation) was made. */
  last: number;
}

export class BackOffTable {
  private readonly entries = new Map<string, Entry>();

  constructor(readonly policy: BackOffPolicy) {}

  private live(key: string, now: number): Entry | undefined {
    const e = this.entries.get(key);
    if (e !== undefined && now - e.last >= this.policy.forgetMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  /** Milliseconds `key` must still wait before its next attempt (0: it may try now). */
  waitFor(key: string, now: number): number {
    const e = this.live(key, now);
    return e === undefined ? 0 : Math.max(0, e.last + waitAfter(e.failures, this.policy) - now);
  }

  /** Counts an attempt of `key` as a failure now; call only when waitFor(key, now) is 0. */
  reserve(key: string, now: number): void {
    const e = this.live(key, now) ?? { failures: 0, last: now };
    e.failures++;
    e.last = now;
    // Re-inserted so the map's order is the order of last failure: the oldest goes first.
    this.entries.delete(key);
    this.entries.set(key, e);
    if (this.entries.size > this.policy.maxKeys) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Takes back one reserved failure (the attempt succeeded or could not be verified). */
  refund(key: string): void {
    const e = this.entries.get(key);
    if (e === undefined) return;
    if (--e.failures <= 0) this.entries.delete(key);
  }

  /** Forgets every failure of `key`. */
  clear(key: string): void {
    this.entries.delete(key);
  }

  failures(key: string, now: number): number {
    return this.live(key, now)?.failures ?? 0;
  }
}
