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
