// The endpoints a warehouse definition makes the server (or its clients) call, each named
// by the key it comes from, checked against the endpoint policy when a warehouse is
// created or updated (pure; the DNS side is resolvedEndpointProblems). The stores and
// vending strategies check again before every call (outbound.ts).
import { azureSettings, parseAzureLocation } from './azure-settings.js';
import { endpointProblem, parseEndpointUrl, type EndpointPolicy } from './endpoint-policy.js';
import { resolvedHostProblem, safeOrigin, type LookupAll } from './outbound.js';
import { storageSchemeOf } from './storage-config.js';

export interface NamedEndpoint {
  /** Where the key lives, for messages: storage_config, vending_strategy or the server's environment. */
  where: 'storage_config' | 'vending_strategy' | 'environment';
  key: string;
  url: string;
}

/** storage_config keys holding a URL (Iceberg FileIO properties). */
const URL_KEYS = ['s3.endpoint', 's3.proxy-uri', 's3.signer.uri', 'gcs.service.host', 'gcs.oauth2.refresh-credentials-endpoint'];

export function warehouseEndpoints(location: string, storageConfig: Record<string, string>, strategy: unknown): NamedEndpoint[] {
  const out: NamedEndpoint[] = [];
  for (const key of URL_KEYS) {
    const v = storageConfig[key]?.trim();
    if (v) out.push({ where: 'storage_config', key, url: v });
  }
  if (storageSchemeOf(location) === 'azure') {
    try {
      // Wherever it comes from (account-host, a connection string's BlobEndpoint, an authority).
      const s = azureSettings(storageConfig, parseAzureLocation(location));
      out.push({ where: 'storage_config', key: s.endpointKey, url: s.endpoint });
    } catch {
      // no account or a bad location: the definition checks report it
    }
  }
  const sts = (strategy as { type?: unknown; sts_endpoint?: unknown } | null | undefined) ?? undefined;
  if (sts?.type === 'AwsSts' && typeof sts.sts_endpoint === 'string') out.push({ where: 'vending_strategy', key: 'sts_endpoint', url: sts.sts_endpoint });
  return out;
}

const describe = (e: NamedEndpoint, problem: string) => `${e.where}: ${e.key} (${safeOrigin(e.url)}) cannot be used: ${problem}`;

/** Scheme, user info, query / fragment and the host itself (a literal address or a metadata name). */
export function endpointProblems(endpoints: NamedEndpoint[], policy: EndpointPolicy): string[] {
  return endpoints.flatMap((e) => {
    const problem = endpointProblem(e.url, policy);
    return problem ? [describe(e, problem)] : [];
  });
}

/** What each host name resolves to now (refused: any address the policy does not allow). */
export async function resolvedEndpointProblems(endpoints: NamedEndpoint[], policy: EndpointPolicy, lookup?: LookupAll): Promise<string[]> {
  const problems = await Promise.all(
    endpoints.map(async (e) => {
      const parsed = parseEndpointUrl(e.url);
      if ('problem' in parsed) return undefined;
      const problem = await resolvedHostProblem(parsed.url.hostname, policy, lookup);
      return problem ? describe(e, problem) : undefined;
    }),
  );
  return problems.filter((p): p is string => p !== undefined);
}
