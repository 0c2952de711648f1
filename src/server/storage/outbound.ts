// Every call the server makes to a storage endpoint a tenant admin chose goes through the
// agents made here: the endpoint policy (endpoint-policy.ts) is applied to literal
// addresses and to every address a host name resolves to, at connect time, so a name
// that re-resolves to 169.254.169.254 after it was checked (DNS rebinding) is refused
// too; connecting has a short timeout. Node's http never follows redirects by itself;
// the SDK clients are configured not to (s3.ts, azure.ts; gcs-api.ts has no redirect code).
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { addressProblem, endpointProblem, normaliseHost, type EndpointPolicy } from './endpoint-policy.js';
import { StorageError } from './types.js';

export const CONNECT_TIMEOUT_MS = 5_000;
export const REQUEST_TIMEOUT_MS = 30_000;
/** How long creating or updating a warehouse waits for DNS before leaving it to connect time. */
export const VALIDATION_DNS_TIMEOUT_MS = 2_000;

export class EndpointRefusedError extends Error {
  readonly code = 'EENDPOINTREFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'EndpointRefusedError';
  }
}

export type LookupAll = (hostname: string, options: dns.LookupOptions) => Promise<dns.LookupAddress[]>;

const systemLookup: LookupAll = (hostname, options) => dns.promises.lookup(hostname, { ...options, all: true });

/** A `lookup` for net.connect that refuses a name when any address it resolves to is not allowed. */
export function guardedLookup(policy: EndpointPolicy, resolve: LookupAll = systemLookup): net.LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, options).then(
      (addresses) => {
        const problem = addresses.map((a) => addressProblem(a.address, policy, normaliseHost(hostname) ?? hostname)).find((p) => p !== undefined);
        if (problem) return callback(new EndpointRefusedError(problem), '', 0);
        if (!addresses.length) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0].address, addresses[0].family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    );
  };
}

/** Adds the policy (literal addresses; names through the lookup) and a connect timeout to an agent. */
function guard<A extends http.Agent>(agent: A, policy: EndpointPolicy, secure: boolean, resolve?: LookupAll): A {
  const create = agent.createConnection.bind(agent) as (o: http.ClientRequestArgs, cb?: (err: Error | null, s: Duplex) => void) => Duplex | null | undefined;
  const lookup = guardedLookup(policy, resolve);
  agent.createConnection = (options: http.ClientRequestArgs, callback?: (err: Error | null, s: Duplex) => void) => {
    const host = String(options.host ?? options.hostname ?? '').replace(/^\[|\]$/g, '');
    const problem = net.isIP(host) ? addressProblem(host, policy) : undefined;
    if (problem) {
      // Reported through the callback, as a failed connection: the request emits 'error'.
      process.nextTick(() => callback?.(new EndpointRefusedError(problem), undefined as unknown as Duplex));
      return undefined;
    }
    const socket = create({ ...options, lookup } as http.ClientRequestArgs, callback) as net.Socket | undefined;
    if (socket) {
      const timer = setTimeout(() => socket.destroy(Object.assign(new Error(`connect ETIMEDOUT ${host} (no connection within ${CONNECT_TIMEOUT_MS} ms)`), { code: 'ETIMEDOUT' })), CONNECT_TIMEOUT_MS);
      timer.unref();
      socket.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
    }
    return socket;
  };
  return agent;
}

export interface OutboundAgents {
  http: http.Agent;
  https: https.Agent;
}

const agents = new WeakMap<EndpointPolicy, OutboundAgents>();

/** New guarded agents; `resolve` replaces the system DNS (tests). */
export function createOutboundAgents(policy: EndpointPolicy, resolve?: LookupAll): OutboundAgents {
  return {
    http: guard(new http.Agent({ keepAlive: true, maxSockets: 64 }), policy, false, resolve),
    https: guard(new https.Agent({ keepAlive: true, maxSockets: 64 }), policy, true, resolve),
  };
}

/** The agents for one policy (shared: keep-alive connections are reused across stores). */
export function outboundAgents(policy: EndpointPolicy): OutboundAgents {
  let a = agents.get(policy);
  if (!a) {
    a = createOutboundAgents(policy);
    agents.set(policy, a);
  }
  return a;
}

/** The guarded agents as the AWS SDK's NodeHttpHandler takes them. */
export function outboundAgentOptions(policy: EndpointPolicy): { httpAgent: http.Agent; httpsAgent: https.Agent } {
  const a = outboundAgents(policy);
  return { httpAgent: a.http, httpsAgent: a.https };
}

export const agentFor = (url: string, policy: EndpointPolicy): http.Agent => (url.startsWith('https:') ? outboundAgents(policy).https : outboundAgents(policy).http);

/** Before any request: refuses an endpoint the policy does not allow (403, naming the key and why). */
export function requireAllowedEndpoint(key: string, url: string, policy: EndpointPolicy): void {
  const problem = endpointProblem(url, policy);
  if (problem) throw new StorageError('access-denied', `The storage endpoint ${key} (${safeOrigin(url)}) cannot be used: ${problem}`);
}

/** The endpoint without path or credentials, for messages. */
export function safeOrigin(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return 'not a URL';
  }
}

/** The refusal inside an SDK's error (it may be wrapped, or copied into a RestError). */
export function refusalIn(e: unknown): string | undefined {
  for (let cur = e as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; cur && depth < 5; cur = cur.cause as typeof cur, depth++) {
    if (cur instanceof EndpointRefusedError || cur.code === 'EENDPOINTREFUSED') return String(cur.message);
  }
  return undefined;
}

/**
 * At create / update: the addresses a host name resolves to now. A name that does not
 * resolve (yet) is left to connect time, where the same check runs on every connection.
 */
export async function resolvedHostProblem(hostname: string, policy: EndpointPolicy, resolve: LookupAll = systemLookup, timeoutMs = VALIDATION_DNS_TIMEOUT_MS): Promise<string | undefined> {
  const host = normaliseHost(hostname);
  if (!host || net.isIP(host)) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolveTimeout) => {
    timer = setTimeout(() => resolveTimeout(undefined), timeoutMs);
    timer.unref();
  });
  try {
    const addresses = await Promise.race([resolve(host, { all: true }), timeout]);
    return addresses?.map((a) => addressProblem(a.address, policy, host)).find((p) => p !== undefined);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
