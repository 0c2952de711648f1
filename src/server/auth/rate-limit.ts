// Failed sign-ins are counted per account and per address (rate-limiter-flexible, in
// memory): past the limit, further attempts get 429 with Retry-After until the window
// passes, even with the right password, so guessing stays slow. A success clears the
// account's count. Applies to user login, client credentials and root Basic auth.
import type { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { createError, type IcebergError } from '../iceberg/errors.js';

export interface SignInLimits {
  /** Failed attempts allowed per account in the window. */
  perAccount: number;
  /** Failed attempts allowed per client address in the window. */
  perAddress: number;
  windowSeconds: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perAccount: 10, perAddress: 50, windowSeconds: 15 * 60 };

/**
 * rate-limiter-flexible is loaded on the first sign-in, not at start-up: its index pulls in
 * every backend it supports (~40 modules, ~15 ms of every start otherwise).
 */
let library: Promise<typeof import('rate-limiter-flexible')> | undefined;

interface Limiters {
  account: RateLimiterMemory;
  address: RateLimiterMemory;
  Res: typeof RateLimiterRes;
}

export class SignInLimiter {
  private limiters: Promise<Limiters> | undefined;

  constructor(readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS) {}

  private get ready(): Promise<Limiters> {
    this.limiters ??= (library ??= import('rate-limiter-flexible')).then(({ RateLimiterMemory, RateLimiterRes }) => ({
      account: new RateLimiterMemory({ keyPrefix: 'acct', points: this.limits.perAccount, duration: this.limits.windowSeconds }),
      address: new RateLimiterMemory({ keyPrefix: 'addr', points: this.limits.perAddress, duration: this.limits.windowSeconds }),
      Res: RateLimiterRes,
    }));
    return this.limiters;
  }

  /** Throws 429 when this account or address is over its limit of failures. */
  async check(accountKey: string, address: string | undefined): Promise<void> {
    const l = await this.ready;
    const [a, b] = await Promise.all([l.account.get(accountKey), address ? l.address.get(address) : null]);
    const over = (r: RateLimiterRes | null, points: number) => r !== null && r.consumedPoints >= points;
    if (over(a, this.limits.perAccount)) throw tooMany('this account', a!.msBeforeNext);
    if (over(b, this.limits.perAddress)) throw tooMany('your address', b!.msBeforeNext);
  }

  async failed(accountKey: string, address: string | undefined): Promise<void> {
    const l = await this.ready;
    // consume() rejects with a RateLimiterRes once over the limit: that is the count, not an error.
    const count = (p: Promise<unknown>) => p.catch((r: unknown) => {
      if (!(r instanceof l.Res)) throw r;
    });
    await Promise.all([count(l.account.consume(accountKey)), address ? count(l.address.consume(address)) : undefined]);
  }

  /**
   * One sign-in attempt: refuses it (429) when over a limit, runs `verify`, and counts the
   * outcome — undefined means wrong credentials (a failure), anything else a success that
   * clears the account's count. What `verify` throws passes through, counted neither way.
   */
  async attempt<T>(accountKey: string, address: string | undefined, verify: () => T | undefined | Promise<T | undefined>): Promise<T | undefined> {
    await this.check(accountKey, address);
    const result = await verify();
    if (result === undefined) await this.failed(accountKey, address);
    else await this.succeeded(accountKey);
    return result;
  }

  async succeeded(accountKey: string): Promise<void> {
    await (await this.ready).account.delete(accountKey);
  }
}

export interface RetryAfterError extends IcebergError {
  retryAfterSeconds: number;
}

function tooMany(who: string, msBeforeNext: number): RetryAfterError {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  const e = createError(429, 'TooManyRequestsException', `Too many failed sign-in attempts for ${who}: try again in ${seconds} s`) as RetryAfterError;
  e.retryAfterSeconds = seconds;
  return e;
}
