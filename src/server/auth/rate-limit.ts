// Failed sign-ins are counted per account and per address (rate-limiter-flexible, in
// memory): past the limit, further attempts get 429 with Retry-After until the window
// passes, even with the right password, so guessing stays slow. A success clears the
// account's count. Applies to user login, client credentials and root Basic auth.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { createError, type IcebergError } from '../iceberg/errors.js';

export interface SignInLimits {
  /** Failed attempts allowed per account in the window. */
  perAccount: number;
  /** Failed attempts allowed per client address in the window. */
  perAddress: number;
  windowSeconds: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perAccount: 10, perAddress: 50, windowSeconds: 15 * 60 };

export class SignInLimiter {
  private readonly account: RateLimiterMemory;
  private readonly address: RateLimiterMemory;

  constructor(readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS) {
    this.account = new RateLimiterMemory({ keyPrefix: 'acct', points: limits.perAccount, duration: limits.windowSeconds });
    this.address = new RateLimiterMemory({ keyPrefix: 'addr', points: limits.perAddress, duration: limits.windowSeconds });
  }

  /** Throws 429 when this account or address is over its limit of failures. */
  async check(accountKey: string, address: string | undefined): Promise<void> {
    const [a, b] = await Promise.all([this.account.get(accountKey), address ? this.address.get(address) : null]);
    const over = (r: RateLimiterRes | null, points: number) => r !== null && r.consumedPoints >= points;
    if (over(a, this.limits.perAccount)) throw tooMany('this account', a!.msBeforeNext);
    if (over(b, this.limits.perAddress)) throw tooMany('your address', b!.msBeforeNext);
  }

  async failed(accountKey: string, address: string | undefined): Promise<void> {
    // consume() rejects with a RateLimiterRes once over the limit: that is the count, not an error.
    const count = (p: Promise<unknown>) => p.catch((r: unknown) => {
      if (!(r instanceof RateLimiterRes)) throw r;
    });
    await Promise.all([count(this.account.consume(accountKey)), address ? count(this.address.consume(address)) : undefined]);
  }

  async succeeded(accountKey: string): Promise<void> {
    await this.account.delete(accountKey);
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
