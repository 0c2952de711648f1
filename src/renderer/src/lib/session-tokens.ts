// The browser session's tokens: the access token, the refresh token (user sign-in) and
// when the access token expires, kept in sessionStorage (per tab). Refreshes the access
// token shortly before it expires, and on demand when the server says it expired; one
// refresh at a time, since the server rotates refresh tokens and treats a reused one as
// stolen (it then ends every session of the user).
export const TOKEN_KEY = 'pangolin.session-token';
export const REFRESH_KEY = 'pangolin.refresh-token';
export const EXPIRES_KEY = 'pangolin.token-expires-at';

export interface StoredSession {
  token: string;
  refreshToken?: string;
  /** Epoch ms when the access token expires. */
  expiresAt?: number;
}

export interface IssuedTokens {
  token: string;
  refresh_token?: string;
  expires_in?: number;
}

export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface SessionTokensOptions {
  storage?: StorageLike;
  /** POST /api/v1/users/refresh. Rejects when the refresh token is refused. */
  refresh(refreshToken: string): Promise<IssuedTokens>;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** Ms from `now` until the refresh: a minute before expiry, or at 80% of a short lifetime; never below 1 s. */
export function refreshDelay(expiresAt: number, now: number): number {
  const left = expiresAt - now;
  return Math.max(1000, left - 60_000, left * 0.8);
}

export function readStoredSession(storage: StorageLike | undefined): StoredSession | undefined {
  try {
    const token = storage?.getItem(TOKEN_KEY);
    if (!token) return undefined;
    const refreshToken = storage?.getItem(REFRESH_KEY) ?? undefined;
    const expiresAt = Number(storage?.getItem(EXPIRES_KEY) ?? NaN);
    return { token, ...(refreshToken ? { refreshToken } : {}), ...(Number.isFinite(expiresAt) ? { expiresAt } : {}) };
  } catch {
    return undefined;
  }
}

export class SessionTokens {
  private session: StoredSession | undefined;
  private inFlight: Promise<boolean> | undefined;
  private timer: unknown;
  private readonly listeners = new Set<() => void>();
  private readonly now: () => number;

  constructor(private readonly options: SessionTokensOptions, initial?: StoredSession) {
    this.now = options.now ?? Date.now;
    this.session = initial ?? readStoredSession(options.storage);
    this.schedule();
  }

  get current(): StoredSession | undefined {
    return this.session;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** After a sign-in or refresh: store the tokens and plan the next refresh. */
  set(issued: IssuedTokens): void {
    const next: StoredSession = { token: issued.token };
    if (issued.refresh_token) next.refreshToken = issued.refresh_token;
    if (issued.expires_in !== undefined) next.expiresAt = this.now() + issued.expires_in * 1000;
    this.update(next);
  }

  clear(): void {
    this.update(undefined);
  }

  /**
   * Gets a fresh access token with the refresh token. `stale` is the token a request was
   * refused with: if it was replaced meanwhile, the caller just retries. True when there is
   * a new token to retry with.
   */
  refresh(stale?: string): Promise<boolean> {
    const s = this.session;
    if (!s) return Promise.resolve(false);
    if (stale !== undefined && s.token !== stale) return Promise.resolve(true);
    if (this.inFlight) return this.inFlight;
    if (!s.refreshToken) return Promise.resolve(false);
    const refreshToken = s.refreshToken;
    this.inFlight = this.options
      .refresh(refreshToken)
      .then(
        (issued) => {
          // Signed out (or in as someone else) while the refresh ran: keep that.
          if (this.session?.refreshToken !== refreshToken) return false;
          this.set(issued);
          return true;
        },
        () => {
          // Refused: the refresh token is spent; the next 401 signs the user out.
          if (this.session?.refreshToken === refreshToken) {
            const { refreshToken: _spent, ...rest } = this.session;
            this.update(rest);
          }
          return false;
        },
      )
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  /** (Re)plans the refresh timer, e.g. when the provider mounts again after dispose(). */
  resume(): void {
    this.schedule();
  }

  /** Stops the refresh timer (the provider unmounted). */
  dispose(): void {
    if (this.timer !== undefined) (this.options.clearTimer ?? clearTimeout)(this.timer as ReturnType<typeof setTimeout>);
    this.timer = undefined;
  }

  private update(next: StoredSession | undefined): void {
    this.session = next;
    this.persist();
    this.schedule();
    for (const l of this.listeners) l();
  }

  private persist(): void {
    const st = this.options.storage;
    if (!st) return;
    try {
      const s = this.session;
      if (s) st.setItem(TOKEN_KEY, s.token);
      else st.removeItem(TOKEN_KEY);
      if (s?.refreshToken) st.setItem(REFRESH_KEY, s.refreshToken);
      else st.removeItem(REFRESH_KEY);
      if (s?.expiresAt !== undefined) st.setItem(EXPIRES_KEY, String(s.expiresAt));
      else st.removeItem(EXPIRES_KEY);
    } catch {
      // Storage full or blocked: the session lasts as long as the page.
    }
  }

  private schedule(): void {
    this.dispose();
    const s = this.session;
    if (!s?.refreshToken || s.expiresAt === undefined) return;
    const token = s.token;
    this.timer = (this.options.setTimer ?? setTimeout)(() => {
      this.timer = undefined;
      void this.refresh(token);
    }, refreshDelay(s.expiresAt, this.now()));
  }
}
