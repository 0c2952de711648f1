// Which shell runs the UI: Electron (the preload supplied the server URL and a session
// token) or a plain browser (the user signs in).
export type Host =
  | { kind: 'electron'; serverUrl: string; sessionToken: string }
  | { kind: 'browser'; serverUrl: string };

export function getHost(): Host {
  const p = window.pangolin;
  if (p && typeof p.serverUrl === 'string' && typeof p.sessionToken === 'string') {
    return { kind: 'electron', serverUrl: p.serverUrl, sessionToken: p.sessionToken };
  }
  return { kind: 'browser', serverUrl: window.location.origin };
}

/** The generated root password, which the Electron host delivers until acknowledged. */
export interface RootPasswordNotice {
  user: string;
  password: string;
  /** Resolves once main has recorded it as shown; it is then never delivered again. */
  acknowledge(): Promise<void>;
}

export function getRootPasswordNotice(): RootPasswordNotice | undefined {
  const p = window.pangolin;
  const rp = p?.rootPassword;
  const ack = p?.acknowledgeRootPassword;
  if (!rp || typeof rp.user !== 'string' || typeof rp.password !== 'string' || typeof ack !== 'function') return undefined;
  return {
    user: rp.user,
    password: rp.password,
    acknowledge: async () => {
      if (!(await ack())) throw new Error('The app did not accept the acknowledgement; please try again.');
    },
  };
}
