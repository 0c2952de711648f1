// Provides the API client and the session: in Electron the preload's per-launch token,
// in a browser the tokens from the login page kept in sessionStorage (per tab), refreshed
// before they expire (lib/session-tokens.ts). A server in no-auth mode needs no sign-in.
// Root may pick the tenant it acts on; every request then names it (X-Pangolin-Tenant).
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getHost, type Host } from '../host/index.js';
import { SessionTokens } from '../lib/session-tokens.js';
import { ApiClient, type ApiError } from './client.js';
import { IdentityApi } from './identity-client.js';

const TENANT_KEY = 'pangolin.acting-tenant';

export interface SignInTokens {
  refreshToken?: string;
  /** Seconds the access token lives (the login answer's expires_in). */
  expiresIn?: number;
}

export interface Session {
  host: Host;
  client: ApiClient;
  identity: IdentityApi;
  token: string | undefined;
  /** "none": the server needs no credentials (PANGOLIN_NO_AUTH); "pending" while asking it. */
  authMode: 'required' | 'none' | 'pending';
  /** A token, or a server that needs none: the app, not the login page. */
  signedIn: boolean;
  /** Set when the server rejected the token (expired or revoked). */
  expired: boolean;
  /** The tenant root acts on (undefined = the default tenant). */
  actingTenant: string | undefined;
  setActingTenant(name: string | undefined): void;
  signIn(token: string, tokens?: SignInTokens): void;
  signOut(): void;
}

const SessionContext = createContext<Session | null>(null);

function browserStorage(): Storage | undefined {
  try {
    return sessionStorage;
  } catch {
    return undefined;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const host = useMemo(getHost, []);
  const queryClient = useQueryClient();
  const [expired, setExpired] = useState(false);
  const [actingTenant, setTenantState] = useState<string | undefined>(() => (host.kind === 'browser' ? (browserStorage()?.getItem(TENANT_KEY) ?? undefined) : undefined));
  const tenantRef = useRef(actingTenant);
  const onAuthErrorRef = useRef<(e: ApiError) => void>(() => undefined);

  // One client, token store and identity API for the provider's life; they read the
  // current token and tenant through refs, so they never need re-creating.
  const { client, identity, tokens } = useMemo(() => {
    let identity: IdentityApi | undefined;
    const tokens =
      host.kind === 'electron'
        ? new SessionTokens({ refresh: () => Promise.reject(new Error('the desktop session is not refreshed')) }, { token: host.sessionToken })
        : new SessionTokens({ storage: browserStorage(), refresh: (rt) => identity!.refresh(rt) });
    const client = new ApiClient({
      getToken: () => tokens.current?.token,
      getTenant: () => tenantRef.current,
      onTokenExpired: (stale) => tokens.refresh(stale),
      onAuthError: (e) => onAuthErrorRef.current(e),
    });
    identity = new IdentityApi(client);
    return { client, identity, tokens };
  }, [host]);
  useEffect(() => {
    tokens.resume();
    return () => tokens.dispose();
  }, [tokens]);

  const token = useSyncExternalStore(
    useCallback((fn: () => void) => tokens.subscribe(fn), [tokens]),
    () => tokens.current?.token,
  );

  const authConfig = useQuery({
    queryKey: ['auth', 'config'],
    queryFn: () => identity.authConfig(),
    enabled: host.kind === 'browser',
    staleTime: Infinity,
    gcTime: Infinity,
    retry: 1,
  });
  // An unreachable server or an older one: assume sign-in is required.
  const authMode = host.kind === 'electron' ? 'required' : authConfig.isPending ? 'pending' : authConfig.data?.mode ?? 'required';

  const setActingTenant = useCallback(
    (name: string | undefined) => {
      tenantRef.current = name;
      setTenantState(name);
      try {
        if (name) browserStorage()?.setItem(TENANT_KEY, name);
        else browserStorage()?.removeItem(TENANT_KEY);
      } catch {
        // storage blocked: the choice lasts until reload
      }
      // Every cached answer belongs to the previous tenant.
      void queryClient.resetQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
    },
    [queryClient],
  );

  onAuthErrorRef.current = () => {
    setExpired(true);
    if (host.kind === 'browser') {
      tokens.clear();
      tenantRef.current = undefined;
      setTenantState(undefined);
      browserStorage()?.removeItem(TENANT_KEY);
    }
  };

  const session = useMemo<Session>(
    () => ({
      host,
      client,
      identity,
      token,
      authMode,
      signedIn: Boolean(token) || authMode === 'none',
      expired,
      actingTenant,
      setActingTenant,
      signIn(next, extra = {}) {
        // A new principal starts in its own tenant, with nothing cached from the last one.
        tenantRef.current = undefined;
        setTenantState(undefined);
        browserStorage()?.removeItem(TENANT_KEY);
        queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
        tokens.set({ token: next, ...(extra.refreshToken ? { refresh_token: extra.refreshToken } : {}), ...(extra.expiresIn !== undefined ? { expires_in: extra.expiresIn } : {}) });
        setExpired(false);
      },
      signOut() {
        const current = tokens.current;
        // Ends the server session too (best effort: the local sign-out happens regardless).
        if (current) void identity.logout(current.token, current.refreshToken).catch(() => undefined);
        tokens.clear();
        tenantRef.current = undefined;
        setTenantState(undefined);
        browserStorage()?.removeItem(TENANT_KEY);
        queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
      },
    }),
    [host, client, identity, tokens, token, authMode, expired, actingTenant, setActingTenant, queryClient],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside <SessionProvider>');
  return s;
}
