// Root's login sessions. Root is no user row (it lives in PANGOLIN_ROOT_USER /
// PANGOLIN_ROOT_PASSWORD), so its sessions have a table of their own, without the users
// foreign key and tenant of users' sessions. A root access token names its session by id.

export interface RootSession {
  id: string;
  /** PANGOLIN_ROOT_USER when it was opened (a renamed root does not inherit it). */
  rootName: string;
  createdAt: string;
  expiresAt: string;
  /** Set once, by the first revocation. */
  revokedAt?: string;
}

export interface RootSessionStore {
  /** Throws already-exists (id). */
  createRootSession(s: RootSession): Promise<RootSession>;
  getRootSession(id: string): Promise<RootSession | undefined>;
  /** Revokes it at `at` (default now); true only for the call that revoked it. Throws not-found. */
  revokeRootSession(id: string, at?: string): Promise<boolean>;
  /** Revokes every unrevoked root session ("sign out everywhere"); how many this call revoked. */
  revokeRootSessions(at?: string): Promise<number>;
  /** Deletes the root sessions with expiresAt before `now` (revoked or not); how many. */
  deleteExpiredRootSessions(now: string): Promise<number>;
}

export const ROOT_SESSION_METHODS = ['createRootSession', 'getRootSession', 'revokeRootSession', 'revokeRootSessions', 'deleteExpiredRootSessions'] as const satisfies readonly (keyof RootSessionStore)[];

/** Only the contract's fields; revokedAt omitted when none. */
export function pickRootSession(s: RootSession): RootSession {
  const out: RootSession = { id: s.id, rootName: s.rootName, createdAt: s.createdAt, expiresAt: s.expiresAt };
  if (s.revokedAt != null) out.revokedAt = s.revokedAt;
  return out;
}
