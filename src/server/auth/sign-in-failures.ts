// Failed sign-ins, audited as `login.failed` (outcome `denied`) by AuditLog.signInFailed:
// the actor is the account that was tried (principal kind and the name, client id or key
// prefix attempted, never a credential), `detail` the stable kebab-case reason. The code
// that refuses a sign-in tags its error with refused(); the one place that answers the
// request records it. Failures of no tenant (root, unknown accounts, bad tokens) go to the
// system log (tenant null: GET /api/v1/audit?system=true, root only).
import type { SignInClient, SignInLimiter } from './rate-limit.js';

export type SignInReason =
  | 'wrong-password'
  | 'wrong-secret'
  | 'unknown-user'
  | 'unknown-client'
  | 'unknown-key'
  | 'unknown-tenant'
  | 'malformed'
  | 'disabled'
  | 'deleted'
  | 'revoked'
  | 'expired'
  | 'rate-limited'
  | 'root-login-off'
  | 'root-changed'
  | 'invalid-token'
  | 'session-ended'
  | 'secret-rotated'
  | 'token-reused';

/** What was tried: root, a user, a service user (client), an API key, or a token of nobody known. */
export type AttemptedKind = 'root' | 'user' | 'client' | 'api-key' | 'token';

export interface SignInFailure {
  reason: SignInReason;
  kind: AttemptedKind;
  /** The name, client id or API key prefix tried (never a secret). */
  name: string;
  /** The account's id when it exists (user id, client id, `root:<name>`, API key id). */
  id?: string;
  /** Whose log: the account's tenant, the tenant the request named, or null (system log). */
  tenantId: string | null;
}

export type Attempt = Omit<SignInFailure, 'reason'>;

const TAG = Symbol('signInFailure');

/** Marks `e` as the refusal of a sign-in (see the module comment); returns it for `throw`. */
export function refused<E extends object>(e: E, failure: SignInFailure): E {
  (e as { [TAG]?: SignInFailure })[TAG] = failure;
  return e;
}

export const failureOf = (e: unknown): SignInFailure | undefined =>
  typeof e === 'object' && e !== null ? (e as { [TAG]?: SignInFailure })[TAG] : undefined;

/**
 * A user name or client id as typed, safe to store: control characters out (no forged
 * lines in logs), at most 128 characters (an id, not a payload).
 */
export function attemptedName(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > 128 ? `${clean.slice(0, 128)}…` : clean;
}

/** limiter.attempt, with its 429 marked as a rate-limited refusal of `who` (limits unchanged). */
export async function limitedAttempt<T>(limiter: SignInLimiter, accountKey: string, client: SignInClient, who: Attempt, verify: () => T | undefined | Promise<T | undefined>): Promise<T | undefined> {
  try {
    return await limiter.attempt(accountKey, client, verify);
  } catch (e) {
    if ((e as { code?: number }).code === 429 && !failureOf(e)) refused(e as object, { ...who, reason: 'rate-limited' });
    throw e;
  }
}

/** Each of these is one guess, already bounded by the sign-in limiter: every one is recorded. */
const GUESSES = new Set<SignInReason>(['wrong-password', 'wrong-secret', 'unknown-user', 'unknown-client']);
export const THROTTLE_WINDOW_MS = 60_000;
/** Failure events stored per client address per window, whatever the reason. */
export const EVENTS_PER_ADDRESS = 120;
const MAP_MAX = 10_000;

/**
 * Keeps failed sign-ins from becoming an audit write per request an attacker can repeat
 * at will: a refusal that repeats without guessing (rate-limited, a revoked key, a bad
 * token…) is recorded once per address, route, account and reason per minute, and no address
 * gets more than EVENTS_PER_ADDRESS events a minute. In memory, bounded, per process.
 */
export class SignInAuditThrottle {
  private readonly seen = new Map<string, number>();
  private readonly perAddress = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly windowMs = THROTTLE_WINDOW_MS,
    private readonly maxPerAddress = EVENTS_PER_ADDRESS,
  ) {}

  /** 'record', 'drop', or 'drop-first' (the first drop for this address in this window). */
  decide(f: SignInFailure, address: string | undefined, resource: string, now = Date.now()): 'record' | 'drop' | 'drop-first' {
    const addr = address ?? '';
    if (!GUESSES.has(f.reason)) {
      const key = `${addr}\u0000${resource}\u0000${f.kind}\u0000${f.id ?? f.name}\u0000${f.reason}`;
      const last = this.seen.get(key);
      if (last !== undefined && now - last < this.windowMs) return 'drop';
      if (this.seen.size >= MAP_MAX) this.seen.clear();
      this.seen.set(key, now);
    }
    let bucket = this.perAddress.get(addr);
    if (bucket === undefined || now - bucket.start >= this.windowMs) {
      if (this.perAddress.size >= MAP_MAX) this.perAddress.clear();
      bucket = { start: now, count: 0 };
      this.perAddress.set(addr, bucket);
    }
    bucket.count++;
    if (bucket.count <= this.maxPerAddress) return 'record';
    return bucket.count === this.maxPerAddress + 1 ? 'drop-first' : 'drop';
  }
}
