// The seed guide's "docker hostname vs localhost" trap, as a pure check: the server and
// its clients may reach the storage at different addresses. A single-label host such as
// `minio` resolves only inside a container network; `localhost` means a different machine
// inside a container. client_config carries the address clients should use.
import type { CheckStep } from '../../shared/api/admin.js';
import { storageSchemeOf } from '../storage/storage-config.js';

const ENDPOINT_KEY: Record<string, string> = { s3: 's3.endpoint', azure: 'adls.account-host', gcs: 'gcs.service.host' };

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

const isLoopback = (h: string) => h === 'localhost' || h === '::1' || h === '[::1]' || /^127\./.test(h);
const isContainerName = (h: string) => !isLoopback(h) && !h.includes('.') && !h.includes(':');

export function endpointReachability(location: string, storageConfig: Record<string, string>, clientConfig: Record<string, string>): CheckStep[] {
  const scheme = storageSchemeOf(location);
  const key = scheme ? ENDPOINT_KEY[scheme] : undefined;
  if (!key) return [];
  const serverEndpoint = storageConfig[key];
  const clientEndpoint = clientConfig[key];
  if (!serverEndpoint) return [];
  const title = 'Endpoint as clients see it';
  const serverHost = hostOf(serverEndpoint);
  if (!serverHost) return [{ id: 'endpoint', title, status: 'fail', message: `${key} "${serverEndpoint}" is not a URL`, fix: `Set ${key} to a URL such as http://localhost:9000` }];
  if (clientEndpoint) {
    const clientHost = hostOf(clientEndpoint);
    if (!clientHost) return [{ id: 'endpoint', title, status: 'fail', message: `client_config ${key} "${clientEndpoint}" is not a URL`, fix: `Set client_config ${key} to a URL such as http://localhost:9000` }];
    return [{ id: 'endpoint', title, status: 'pass', message: `The server uses ${serverEndpoint}; clients are told ${clientEndpoint}` }];
  }
  if (isContainerName(serverHost)) {
    return [{
      id: 'endpoint',
      title,
      status: 'warn',
      message: `${key} uses the host name "${serverHost}", which usually resolves only inside a Docker network: PyIceberg or Spark on your machine will fail with "could not resolve host" when writing data files`,
      fix: `Add client_config {"${key}": "${serverEndpoint.replace(serverHost, 'localhost')}"} (the address clients reach), keeping ${key} for the server`,
    }];
  }
  if (isLoopback(serverHost)) {
    return [{
      id: 'endpoint',
      title,
      status: 'pass',
      message: `Clients receive ${serverEndpoint}; that works for clients on this machine. Clients inside a container would reach themselves at ${serverHost}: for them set client_config ${key} to an address they can reach (e.g. the Docker service name)`,
    }];
  }
  return [{ id: 'endpoint', title, status: 'pass', message: `Clients receive ${serverEndpoint}` }];
}

/**
 * The client_config that fixes a "Docker host name" warning: the endpoint key pointed at
 * localhost for clients (the server keeps its own). Undefined when there is nothing to fix.
 */
export function suggestedClientConfig(location: string, storageConfig: Record<string, string>, clientConfig: Record<string, string>): Record<string, string> | undefined {
  const scheme = storageSchemeOf(location);
  const key = scheme ? ENDPOINT_KEY[scheme] : undefined;
  if (!key || clientConfig[key]) return undefined;
  const serverEndpoint = storageConfig[key];
  const host = serverEndpoint ? hostOf(serverEndpoint) : undefined;
  if (!serverEndpoint || !host || !isContainerName(host)) return undefined;
  return { ...clientConfig, [key]: serverEndpoint.replace(host, 'localhost') };
}
