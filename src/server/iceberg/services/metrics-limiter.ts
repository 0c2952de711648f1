// Metrics reports per principal (rate-limiter-flexible, in memory): a client may send at
// most `perMinute` reports a minute; past that it gets 429 with Retry-After until the
// minute passes. Java's RESTMetricsReporter logs a failed report and carries on, so a
// refused report costs the client nothing but that report.
import type { RateLimiterMemory } from 'rate-limiter-flexible';
import { createError, type IcebergError } from '../errors.js';

export const DEFAULT_METRICS_REPORTS_PER_MINUTE = 120;
/** Reports kept per catalog: the rate limit bounds growth per minute, this bounds it for good. */
export const DEFAULT_METRICS_REPORTS_KEEP = 1000;

export class MetricsLimiter {
  private limiter: Promise<{ limiter: RateLimiterMemory; Res: typeof import('rate-limiter-flexible').RateLimiterRes }> | undefined;

  constructor(readonly perMinute: number = DEFAULT_METRICS_REPORTS_PER_MINUTE) {}

  /** Counts one report of `principalKey`; throws 429 when it is over the limit. */
  async take(principalKey: string): Promise<void> {
    // Loaded on the first report, not at start-up (its index pulls in every backend it supports).
    this.limiter ??= import('rate-limiter-flexible').then(({ RateLimiterMemory, RateLimiterRes }) => ({
      limiter: new RateLimiterMemory({ keyPrefix: 'metrics', points: this.perMinute, duration: 60 }),
      Res: RateLimiterRes,
    }));
    const { limiter, Res } = await this.limiter;
    try {
      await limiter.consume(principalKey);
    } catch (r) {
      if (!(r instanceof Res)) throw r;
      const seconds = Math.max(1, Math.ceil(r.msBeforeNext / 1000));
      throw Object.assign(
        createError(429, 'TooManyRequestsException', `Too many metrics reports: at most ${this.perMinute} a minute per principal; try again in ${seconds} s`),
        { retryAfterSeconds: seconds },
      ) as IcebergError & { retryAfterSeconds: number };
    }
  }
}
