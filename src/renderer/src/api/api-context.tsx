// Provides the API client and the session: in Electron the preload's per-launch token,
// in a browser a token from the login page kept in sessionStorage (per tab).
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { getHost, type Host } from '../host/index.js';
import { ApiClient, type ApiError } from './client.js';

const TOKEN_KEY = 'pangolin.session-token';

export interface Session {
  host: Host;
  client: ApiClient;
  token: string | undefined;
  /** Set when the server rejected the token (expired or revoked). */
  expired: boolean;
  signIn(token: string): void;
  signOut(): void;
}

const SessionContext = createContext<Session | null>(null);

function storedToken(): string | undefined {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const host = useMemo(getHost, []);
  const queryClient = useQueryClient();
  const [token, setToken] = useState<string | undefined>(() => (host.kind === 'electron' ? host.sessionToken : storedToken()));
  const [expired, setExpired] = useState(false);

  const onAuthError = useCallback(
    (_error: ApiError) => {
      setExpired(true);
      if (host.kind === 'browser') {
        sessionStorage.removeItem(TOKEN_KEY);
        setToken(undefined);
      }
    },
    [host.kind],
  );

  // The client reads the token through a ref, so it stays one stable instance.
  const tokenRef = useRef(token);
  tokenRef.current = token;
  const client = useMemo(() => new ApiClient({ getToken: () => tokenRef.current, onAuthError }), [tokenRef, onAuthError]);

  const session = useMemo<Session>(
    () => ({
      host,
      client,
      token,
      expired,
      signIn(next) {
        sessionStorage.setItem(TOKEN_KEY, next);
        tokenRef.current = next;
        setExpired(false);
        setToken(next);
      },
      signOut() {
        sessionStorage.removeItem(TOKEN_KEY);
        setToken(undefined);
        queryClient.clear();
      },
    }),
    [host, client, token, expired, tokenRef, queryClient],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside <SessionProvider>');
  return s;
}
