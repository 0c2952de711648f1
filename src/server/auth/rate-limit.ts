// The sign-in limiter: user and root login, client credentials, root HTTP Basic and the
// current password of a password change. Every attempt first reserves a failure (in
// memory, synchronously, so concurrent attempts are counted one by one) in three tables,
// and is verified only when none of them asks it to wait; else 429 with Retry-After.
//   - per account and client (the address plus the User-Agent it sends): 5 failures free,
//     then each further one doubles the wait before that client's next try of the account,
//     from 1 s up to 60 s. This is what a guesser meets first.
//   - per account, from every client together: 50 failures free, then the same back-off.
//     It bounds guessing by clients that change their User-Agent (which anyone can send).
//   - per address across accounts (password spraying): 100 failures free, then the same
//     back-off; loopback is exempt, as every local process shares 127.0.0.1.
// Failures are forgotten 15 minutes after the last one. A success clears its client's
// failures on that account and refunds its own reservation elsewhere; an error from
// verification (the store is down) refunds all three. There is no hard lockout: anonymous
// traffic from this machine cannot shut root or another account out, only make clients
// that fail wait, and at most 60 s at a time for everyone once an account is past 50.
import { createHash } from 'node:crypto';
import { isLoopback } from '../config.js';
import { createError, type IcebergError } from '../iceberg/errors.js';
import { BackOffTable, type BackOffPolicy } from './back-off.js';

export interface SignInLimits {
  /** Per account and client (address + User-Agent). */
  perClient: BackOffPolicy;
  /** Per account, all clients together. */
  perAccount: BackOffPolicy;
  /** Per non-loopback address, all accounts together. */
  perAddress: BackOffPolicy;
}

const backOff = (free: number, maxKeys: number): BackOffPolicy => ({ free, baseMs: 1000, capMs: 60_000, forgetMs: 15 * 60_000, maxKeys });

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  perClient: backOff(5, 50_000),
  perAccount: backOff(50, 50_000),
  perAddress: backOff(100, 10_000),
};

/** Who is signing in, as far as the request tells: its address and User-Agent. */
export interface SignInClient {
  address: string | undefined;
  agent: string | undefined;
}

const isLocal = (address: string) => isLoopback(address.replace(/^::ffff:/i, ''));

/** The User-Agent only distinguishes clients (never trusted): hashed, so keys stay short. */
const clientKey = (c: SignInClient) => `${c.address ?? ''}\u0000${createHash('sha256').update(c.agent ?? '').digest('base64url').slice(0, 16)}`;

interface Tier {
  table: BackOffTable;
  key: string;
  who: string;
}

export class SignInLimiter {
  private readonly perClient: BackOffTable;
  private readonly perAccount: BackOffTable;
  private readonly perAddress: BackOffTable;

  constructor(
    readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {
    this.perClient = new BackOffTable(limits.perClient);
    this.perAccount = new BackOffTable(limits.perAccount);
    this.perAddress = new BackOffTable(limits.perAddress);
  }

  private tiers(accountKey: string, client: SignInClient): Tier[] {
    const tiers: Tier[] = [
      { table: this.perClient, key: `${accountKey}\u0000${clientKey(client)}`, who: 'this account from your client' },
      { table: this.perAccount, key: accountKey, who: 'this account' },
    ];
    if (client.address !== undefined && !isLocal(client.address)) tiers.push({ table: this.perAddress, key: client.address, who: 'your address' });
    return tiers;
  }

  /**
   * One sign-in attempt: reserved as a failure, refused (429, `verify` not run) when a table
   * asks it to wait, then verified — undefined means wrong credentials (the failure stays),
   * anything else a success (see the module comment). What `verify` throws passes through,
   * refunded.
   */
  async attempt<T>(accountKey: string, client: SignInClient, verify: () => T | undefined | Promise<T | undefined>): Promise<T | undefined> {
    const now = this.now();
    const tiers = this.tiers(accountKey, client);
    // Checked and reserved with no await in between: nothing else runs meanwhile.
    let longest: { wait: number; who: string } | undefined;
    for (const t of tiers) {
      const wait = t.table.waitFor(t.key, now);
      if (wait > 0 && wait > (longest?.wait ?? 0)) longest = { wait, who: t.who };
    }
    if (longest) throw tooMany(longest.who, longest.wait);
    for (const t of tiers) t.table.reserve(t.key, now);
    let result: T | undefined;
    try {
      result = await verify();
    } catch (e) {
      for (const t of tiers) t.table.refund(t.key);
      throw e;
    }
    if (result !== undefined) {
      const [own, ...shared] = tiers;
      own!.table.clear(own!.key);
      for (const t of shared) t.table.refund(t.key);
    }
    return result;
  }
}

export interface RetryAfterError extends IcebergError {
  retryAfterSeconds: number;
}

function tooMany(who: string, waitMs: number): RetryAfterError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const e = createError(429, 'TooManyRequestsException', `Too many failed sign-in attempts for ${who}: try again in ${seconds} s`) as RetryAfterError;
  e.retryAfterSeconds = seconds;
  return e;
}
