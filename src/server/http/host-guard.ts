// The Host check, a defence against DNS rebinding: a web page on evil.example that
// re-points its own name at 127.0.0.1 can reach this server from the user's browser,
// but its requests still say `Host: evil.example`. So a server on loopback answers
// only to loopback names, its bind address and the names in PANGOLIN_ALLOWED_HOSTS.
import type { NextFunction, Request, Response } from 'express';
import { createError } from '../iceberg/errors.js';

/** A host name or IP literal (lower case, IPv6 without brackets), optionally with a port. */
export interface HostName {
  host: string;
  port?: number;
}

export interface HostPolicy {
  bindAddress: string;
  /** PANGOLIN_ALLOWED_HOSTS; undefined = not set. */
  allowedHosts: readonly HostName[] | undefined;
}

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-f:.]+$/;

/** "name", "name:port", "1.2.3.4:80", "[::1]:8080" → HostName; undefined when not one. */
export function parseHostName(value: string): HostName | undefined {
  const v = value.trim().toLowerCase();
  let host: string;
  let portText: string | undefined;
  if (v.startsWith('[')) {
    const end = v.indexOf(']');
    if (end < 0) return undefined;
    host = v.slice(1, end);
    const rest = v.slice(end + 1);
    if (rest !== '' && !rest.startsWith(':')) return undefined;
    portText = rest === '' ? undefined : rest.slice(1);
    if (!IPV6.test(host) || !host.includes(':')) return undefined;
  } else {
    const colon = v.lastIndexOf(':');
    host = colon < 0 ? v : v.slice(0, colon);
    portText = colon < 0 ? undefined : v.slice(colon + 1);
    // A trailing dot names the same host ("localhost." is localhost).
    if (host.endsWith('.')) host = host.slice(0, -1);
    if (IPV4.test(host)) {
      if (host.split('.').some((o) => Number(o) > 255)) return undefined;
    } else if (host.length > 253 || !host.split('.').every((l) => LABEL.test(l))) return undefined;
  }
  if (portText === undefined) return { host };
  if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) return undefined;
  return { host, port: Number(portText) };
}

/** 127.0.0.0/8, ::1 and localhost: names a page on another site cannot rebind. */
export function isLoopbackName(host: string): boolean {
  return /^127(\.\d{1,3}){3}$/.test(host) || host === '::1' || host === 'localhost';
}

const WILDCARD_BINDS = new Set(['0.0.0.0', '::', '']);

/** May a request with this Host header be answered? (Pure: the middleware's whole decision.) */
export function hostAllowed(hostHeader: string | undefined, policy: HostPolicy): boolean {
  // Browsers always send Host; only non-browser HTTP/1.0 clients omit it.
  if (hostHeader === undefined) return true;
  const bindLoopback = isLoopbackName(policy.bindAddress.toLowerCase());
  if (!bindLoopback && policy.allowedHosts === undefined) return true; // auth is mandatory off loopback
  const name = parseHostName(hostHeader);
  if (!name) return false;
  if (isLoopbackName(name.host)) return true;
  const bind = policy.bindAddress.toLowerCase().replace(/^\[|\]$/g, '');
  if (!WILDCARD_BINDS.has(bind) && name.host === bind) return true;
  // No port in Host means the scheme's default (80, or 443 behind a TLS proxy).
  const portMatches = (want: number | undefined) => want === undefined || (name.port === undefined ? want === 80 || want === 443 : want === name.port);
  return (policy.allowedHosts ?? []).some((a) => a.host === name.host && portMatches(a.port));
}

function refusal(hostHeader: string, policy: HostPolicy) {
  const shown = hostHeader.length > 100 ? `${hostHeader.slice(0, 100)}…` : hostHeader;
  const listed = policy.allowedHosts?.length ? `, ${policy.allowedHosts.map((h) => (h.port ? `${h.host}:${h.port}` : h.host)).join(', ')}` : '';
  return createError(
    421,
    'MisdirectedRequestException',
    `This server does not answer to Host "${shown}" (a defence against DNS rebinding): it accepts localhost, 127.0.0.1, [::1], ${policy.bindAddress}${listed}. ` +
      'To reach it under another name, add that name to PANGOLIN_ALLOWED_HOSTS (comma-separated host names, optionally with :port) and restart it.',
  );
}

/** Every route, the UI's files included: refused before anything else runs. */
export function hostGuard(policy: HostPolicy) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const host = req.headers.host;
    if (hostAllowed(host, policy)) next();
    else next(refusal(host ?? '', policy));
  };
}
