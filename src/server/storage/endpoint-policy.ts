// Which hosts the server may call as a storage endpoint (s3.endpoint, adls.account-host,
// gcs.service.host, an STS endpoint, ...): PANGOLIN_STORAGE_ENDPOINT_ALLOW, parsed once
// at start-up (config.ts). Pure: the DNS side (every address a name resolves to passes the
// same check, at connect time) is in outbound.ts.
//
// A tenant admin chooses these URLs, and the server sends signed requests there and shows
// the answers (bucket browser, connection check): without a policy that is a way to make
// the server read its cloud metadata service (instance credentials) or any local port.
//
// The setting is a comma list: at most one level, plus host names / addresses / CIDRs that
// are allowed whatever their class.
//   private (default)  public, private (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7)
//                      and loopback addresses: MinIO / Azurite on this machine or the LAN
//   public             public addresses only
//   any                everything, link-local and cloud metadata included
//   (no level)         only the listed entries, e.g. "minio.lan,10.0.0.0/8"
// Link-local (169.254/16, fe80::/10), metadata (169.254.169.254, fd00:ec2::254, ...),
// 0.0.0.0, multicast, broadcast and reserved addresses are refused below `any` unless listed.
import { classifyIp, inNet, parseIp, type AddressClass, type Net } from './ip-address.js';
import { editDistance } from './storage-config.js';

export type EndpointLevel = 'none' | 'public' | 'private' | 'any';

export interface EndpointPolicy {
  /** The setting as given (normalised), for messages. */
  readonly spec: string;
  readonly level: EndpointLevel;
  /** Host names allowed whatever they resolve to; "*.lan" allows every name below lan. */
  readonly names: readonly string[];
  readonly nets: readonly Net[];
}

export const ENDPOINT_POLICY_VARIABLE = 'PANGOLIN_STORAGE_ENDPOINT_ALLOW';

const LEVEL_CLASSES: Record<EndpointLevel, readonly AddressClass[]> = {
  none: [],
  public: ['public'],
  private: ['public', 'private', 'loopback'],
  any: ['public', 'private', 'loopback', 'link-local', 'metadata', 'unspecified', 'multicast', 'broadcast', 'reserved'],
};

/** Names that reach a cloud metadata service without looking like an address. */
const METADATA_NAMES = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data', 'instance-data.ec2.internal']);

const DESCRIBE: Record<AddressClass, string> = {
  public: 'a public address',
  private: 'a private-network address',
  loopback: 'a loopback address (this machine)',
  'link-local': 'a link-local address (where cloud metadata services live)',
  metadata: 'a cloud metadata service address',
  unspecified: 'the unspecified address (it reaches this machine)',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
};

const HOST_NAME = /^(\*\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/;

/** A host as the URL parser normalises it: lower case, IPv4 in dotted form, no brackets, no trailing dot. */
export function normaliseHost(host: string): string | undefined {
  try {
    const h = new URL(`http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}/`).hostname;
    return h.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  } catch {
    return undefined;
  }
}

function parseEntry(entry: string): { name: string } | { net: Net } {
  if (entry.includes('://')) throw new Error(`"${entry}" is a URL: list the host only, e.g. minio.lan`);
  const slash = entry.lastIndexOf('/');
  if (slash > 0) {
    const ip = parseIp(normaliseHost(entry.slice(0, slash)) ?? '');
    const prefix = entry.slice(slash + 1);
    if (!ip || !/^\d{1,3}$/.test(prefix) || Number(prefix) > (ip.family === 4 ? 32 : 128)) throw new Error(`"${entry}" is not a CIDR range such as 10.0.0.0/8 or fd00::/8`);
    return { net: { ip, prefix: Number(prefix) } };
  }
  if (entry.startsWith('*.') && HOST_NAME.test(entry)) return { name: entry };
  if ((/:\d+$/.test(entry) && entry.split(':').length === 2) || /\]:\d*$/.test(entry)) throw new Error(`"${entry}" has a port: list hosts without one`);
  const host = normaliseHost(entry);
  const ip = host === undefined ? undefined : parseIp(host);
  if (ip) return { net: { ip, prefix: ip.family === 4 ? 32 : 128 } };
  if (host === undefined || !HOST_NAME.test(host)) throw new Error(`"${entry}" is not a host name, IP address or CIDR range`);
  // A misspelt level would silently become the only allowed host.
  const level = (['public', 'private', 'any'] as const).find((l) => !host.includes('.') && editDistance(host, l) <= (l.length >= 6 ? 2 : 1));
  if (level) throw new Error(`"${entry}" is not a level: did you mean "${level}"? (a host without a dot would be the only one allowed)`);
  return { name: host };
}

/** Parses the setting; throws an Error whose message says which entry is wrong. */
export function parseEndpointPolicy(raw: string | undefined): EndpointPolicy {
  const text = (raw ?? '').trim().toLowerCase();
  if (text === '') return DEFAULT_ENDPOINT_POLICY;
  let level: EndpointLevel | undefined;
  const names: string[] = [];
  const nets: Net[] = [];
  for (const entry of text.split(',').map((e) => e.trim())) {
    if (entry === '') throw new Error('an entry is empty (two commas in a row?)');
    if (entry === 'none') throw new Error('"none" is not a level: list only hosts to allow nothing else');
    if (entry === 'public' || entry === 'private' || entry === 'any') {
      if (level && level !== entry) throw new Error(`two levels given ("${level}" and "${entry}"): keep one`);
      level = entry;
      continue;
    }
    const parsed = parseEntry(entry);
    if ('name' in parsed) names.push(parsed.name);
    else nets.push(parsed.net);
  }
  return Object.freeze({ spec: text, level: level ?? 'none', names: Object.freeze(names), nets: Object.freeze(nets) });
}

export const DEFAULT_ENDPOINT_POLICY: EndpointPolicy = Object.freeze({ spec: 'private', level: 'private', names: Object.freeze([]), nets: Object.freeze([]) });

function nameListed(host: string, policy: EndpointPolicy): boolean {
  return policy.names.some((n) => (n.startsWith('*.') ? host.endsWith(n.slice(1)) : host === n));
}

function refusal(what: string): string {
  return `${what}, which the server does not call (${ENDPOINT_POLICY_VARIABLE} is not set to allow it)`;
}

/** Why an address (literal, or one a name resolved to) may not be called; undefined when it may. */
export function addressProblem(address: string, policy: EndpointPolicy, viaName?: string): string | undefined {
  if (viaName !== undefined && nameListed(viaName, policy)) return undefined;
  const ip = parseIp(address);
  if (!ip) return `${address} is not an IP address`;
  if (policy.nets.some((n) => inNet(ip, n))) return undefined;
  const cls = classifyIp(ip);
  if (LEVEL_CLASSES[policy.level].includes(cls)) return undefined;
  const what = viaName !== undefined ? `${viaName} resolves to ${address}, ${DESCRIBE[cls]}` : `${address} is ${DESCRIBE[cls]}`;
  return refusal(policy.level === 'none' ? `${what} and not listed` : what);
}

/** Why a host (name or literal address, as URL.hostname gives it) may not be called, before DNS. */
export function hostProblem(hostname: string, policy: EndpointPolicy): string | undefined {
  const host = normaliseHost(hostname);
  if (!host) return `"${hostname}" is not a host name`;
  if (parseIp(host)) return addressProblem(host, policy);
  if (nameListed(host, policy)) return undefined;
  if (METADATA_NAMES.has(host) && policy.level !== 'any') return refusal(`${host} is a cloud metadata service`);
  if (policy.level === 'none') return refusal(`${host} is not listed`);
  return undefined;
}

/** The host of an endpoint URL, or why the URL is not one (scheme, user info, query, fragment). */
export function parseEndpointUrl(value: string): { url: URL } | { problem: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: 'is not a URL (expected http:// or https://host[:port])' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: `must be an http:// or https:// URL, not ${url.protocol}//` };
  if (url.username || url.password) return { problem: 'must not contain a user name or password' };
  if (url.search || url.hash) return { problem: 'must not have a query or fragment' };
  if (!url.hostname) return { problem: 'has no host' };
  return { url };
}

/** Why the server may not call this endpoint URL (syntax and host; DNS is checked separately). */
export function endpointProblem(value: string, policy: EndpointPolicy): string | undefined {
  const parsed = parseEndpointUrl(value);
  if ('problem' in parsed) return parsed.problem;
  return hostProblem(parsed.url.hostname, policy);
}
