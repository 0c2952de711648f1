// AzureSas: a short-lived service SAS signed with the warehouse's account key, as narrow as
// the storage allows:
// - scope "directory" (the default): a directory SAS (sr=d, sdd=<depth>) on the table's
//   folder. Azure accepts directory SAS only on accounts with a hierarchical namespace
//   (ADLS Gen2); before signing one, the account is asked (Get Account Information, cached)
//   and a flat account is refused with a message saying what to do, rather than handing
//   out a token that every request would fail with.
// - scope "container" (opt-in, in the warehouse's vending_strategy): a container SAS
//   (sr=c). The client can then reach every blob of the container, not only this table's:
//   for flat (non-HNS) accounts and for Azurite, which implements neither hierarchical
//   namespaces nor directory SAS (it accepts sr=c, sr=b and sr=bs only). Give such a
//   warehouse a container of its own.
// Permissions: r,l for 'read'; r,a,c,w,d,l for 'read-write'. Lifetime: duration_seconds
// (default 3600, 60..86400), no start time (no clock-skew failures), HTTPS-only unless the
// endpoint itself is http (Azurite).
//
// Keys, as clients read them:
// - PyIceberg 0.12 (FsspecFileIO/adlfs, its default for abfs/wasb): `adls.sas-token` with
//   `adls.account-name`, or `adls.sas-token.<account host>` (account = first label); for a
//   non-Azure endpoint (Azurite) adlfs only takes a connection string (its account-host is
//   always https), so we vend `adls.connection-string` = BlobEndpoint + SharedAccessSignature.
// - Iceberg Java (ADLSFileIO): `adls.sas-token.<account host>` (the location's host, e.g.
//   acct.dfs.core.windows.net), `adls.sas-token-expires-at-ms.<host>`, and
//   `adls.connection-string.<host>` = the endpoint URL when it is not the Azure default.
// - PyArrowFileIO: adls.account-name, adls.sas-token, adls.blob-storage-authority/-scheme.
// The same config goes in one storage-credentials entry whose prefix is the table location.
import { createHmac } from 'node:crypto';
import type { BlobServiceClient } from '@azure/storage-blob';
import { azureClientOptions, azureSettings, parseAzureLocation, type AzureLocation } from '../storage/azure.js';
import { DEFAULT_ENDPOINT_POLICY, type EndpointPolicy } from '../storage/endpoint-policy.js';
import { refusalIn, requireAllowedEndpoint } from '../storage/outbound.js';
import { isSecretKey } from '../storage/storage-config.js';
import { StorageError } from '../storage/types.js';
import type { CredentialVendor, TableAccess, VendingStrategy } from './types.js';

type Sdk = typeof import('@azure/storage-blob');
type AzureSasStrategy = Extract<VendingStrategy, { type: 'AzureSas' }>;
export type SasScope = 'directory' | 'container';

export const DEFAULT_DURATION_SECONDS = 3600;
export const MIN_DURATION_SECONDS = 60;
export const MAX_DURATION_SECONDS = 86400;
const HNS_CACHE_MS = 10 * 60_000;

export function clampDuration(seconds: number | undefined): number {
  const d = seconds === undefined || !Number.isFinite(seconds) ? DEFAULT_DURATION_SECONDS : Math.floor(seconds);
  return Math.min(MAX_DURATION_SECONDS, Math.max(MIN_DURATION_SECONDS, d));
}

/** SAS permissions in the order the service requires. */
export function sasPermissions(access: TableAccess): string {
  return access === 'read-write' ? 'racwdl' : 'rl';
}

/** The scope asked for in the strategy: `scope` ('directory' unless 'container'). */
export function sasScope(strategy: AzureSasStrategy): SasScope {
  const scope = (strategy as { scope?: unknown }).scope;
  if (scope === undefined || scope === 'directory') return 'directory';
  if (scope === 'container') return 'container';
  throw new StorageError('invalid-location', `AzureSas scope must be "directory" or "container", not ${JSON.stringify(scope)}`);
}

/** The table's folder inside its container: no leading or trailing '/'. */
export function tableDirectory(loc: AzureLocation): string {
  return loc.path.replace(/^\/+|\/+$/g, '');
}

/** ISO 8601 without milliseconds, as SAS times are signed ("2026-01-02T03:04:05Z"). */
const sasTime = (d: Date): string => `${d.toISOString().slice(0, 19)}Z`;

export interface DirectorySasInput {
  account: string;
  accountKey: string;
  container: string;
  /** Folder below the container, no leading/trailing '/', not empty. */
  directory: string;
  permissions: string;
  expiresOn: Date;
  protocol?: 'https' | 'https,http';
  version: string;
}

/**
 * A directory SAS (sr=d). Signed like @azure/storage-blob signs a blob SAS (the service SAS
 * string-to-sign of version 2020-12-06 and later, with signedResource "d"; sdd is not
 * signed); written out here because the SDK's BlobSASPermissions cannot carry the list
 * permission that directory SAS allows. test/unit/vending/azure-sas.test.ts checks it
 * against the SDK's own isDirectory output.
 */
export function directorySas(i: DirectorySasInput): string {
  if (!i.directory) throw new StorageError('invalid-location', 'A directory SAS needs a folder below the container');
  const stringToSign = [
    i.permissions,
    '', // start
    sasTime(i.expiresOn),
    `/blob/${i.account}/${i.container}/${i.directory}`,
    '', // identifier
    '', // ip range
    i.protocol ?? '',
    i.version,
    'd',
    '', // snapshot time
    '', // encryption scope
    '', '', '', '', '', // rscc, rscd, rsce, rscl, rsct
  ].join('\n');
  const sig = createHmac('sha256', Buffer.from(i.accountKey, 'base64')).update(stringToSign, 'utf8').digest('base64');
  const q = new URLSearchParams();
  q.set('sv', i.version);
  if (i.protocol) q.set('spr', i.protocol);
  q.set('se', sasTime(i.expiresOn));
  q.set('sr', 'd');
  q.set('sp', i.permissions);
  q.set('sdd', String(i.directory.split('/').length));
  q.set('sig', sig);
  return q.toString();
}

/** A container SAS (sr=c) through the SDK; also tells the SAS version the SDK signs with. */
export function containerSas(sdk: Sdk, i: Omit<DirectorySasInput, 'directory' | 'version'> & { version?: string }): { sas: string; version: string } {
  const params = sdk.generateBlobSASQueryParameters(
    {
      containerName: i.container,
      permissions: sdk.ContainerSASPermissions.parse(i.permissions),
      expiresOn: i.expiresOn,
      ...(i.protocol ? { protocol: i.protocol === 'https' ? sdk.SASProtocol.Https : sdk.SASProtocol.HttpsAndHttp } : {}),
      ...(i.version ? { version: i.version } : {}),
    },
    new sdk.StorageSharedKeyCredential(i.account, i.accountKey),
  );
  return { sas: params.toString(), version: params.version };
}

const ENDPOINT_KEYS = ['adls.connection-string', 'adls.account-host', 'adls.blob-storage-authority', 'adls.blob-storage-scheme'];
/** Keys a client never gets from the warehouse: only the SAS made here. */
const CREDENTIAL_KEYS = /^(adls|azure)\.(account-key|sas-token|connection-string|token|client-secret|client-id|tenant-id)(\.|$)|^adls\.auth\./;

/**
 * Where the client reaches the Blob service: the warehouse's client_config endpoint keys
 * when it has any (the client may see the storage at another address), else the server's.
 */
export function clientEndpoint(storageConfig: Record<string, string>, clientConfig: Record<string, string>, loc: AzureLocation, account: string): string {
  const pick = (cfg: Record<string, string>) => Object.fromEntries(ENDPOINT_KEYS.filter((k) => cfg[k]?.trim()).map((k) => [k, cfg[k]]));
  const fromClient = pick(clientConfig);
  const endpointConfig = Object.keys(fromClient).length ? fromClient : pick(storageConfig);
  return azureSettings({ ...endpointConfig, 'adls.account-name': account }, loc).endpoint;
}

/** The client config for one SAS (pure): see the header for which client reads which key. */
export function sasClientConfig(opts: { account: string; loc: AzureLocation; endpoint: string; sas: string; expiresAt: Date; clientConfig?: Record<string, string> }): Record<string, string> {
  const { account, loc, endpoint, sas, expiresAt } = opts;
  const host = loc.host ?? `${account}.${/^wasb/i.test(loc.scheme) ? 'blob' : 'dfs'}.core.windows.net`;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.clientConfig ?? {})) {
    if (typeof v !== 'string' || !v.trim() || ENDPOINT_KEYS.includes(k) || CREDENTIAL_KEYS.test(k) || isSecretKey(k)) continue;
    out[k] = v;
  }
  Object.assign(out, {
    'adls.account-name': account,
    'adls.sas-token': sas,
    [`adls.sas-token.${host}`]: sas,
    [`adls.sas-token-expires-at-ms.${host}`]: String(expiresAt.getTime()),
  });
  const url = new URL(endpoint);
  if (endpoint !== `https://${account}.blob.core.windows.net`) {
    const protocol = url.protocol.replace(':', '');
    out['adls.connection-string'] = `DefaultEndpointsProtocol=${protocol};AccountName=${account};BlobEndpoint=${endpoint};SharedAccessSignature=${sas}`;
    out[`adls.connection-string.${host}`] = endpoint;
    // PyArrow's AzureFileSystem: a path-style endpoint (host:port/<account>) is an authority
    // without a leading '.'; a host-style one is ".<suffix>".
    const pathStyle = url.pathname.replace(/\/+$/, '') === `/${account}`;
    const authority = pathStyle ? url.host : url.host.startsWith(`${account}.`) ? url.host.slice(account.length) : undefined;
    if (authority) {
      out['adls.blob-storage-authority'] = authority;
      out['adls.blob-storage-scheme'] = protocol;
      out['adls.dfs-storage-authority'] = pathStyle ? authority : authority.replace(/^\.blob\./, '.dfs.');
      out['adls.dfs-storage-scheme'] = protocol;
    }
  }
  return out;
}

const hnsCache = new Map<string, { value: boolean; at: number }>();

/** Does the account have a hierarchical namespace (ADLS Gen2)? Asked once per 10 minutes. */
async function hierarchicalNamespace(sdk: Sdk, endpoint: string, endpointKey: string, account: string, accountKey: string, policy: EndpointPolicy): Promise<boolean> {
  requireAllowedEndpoint(endpointKey, endpoint, policy);
  const key = `${endpoint}\n${account}`;
  const hit = hnsCache.get(key);
  if (hit && Date.now() - hit.at < HNS_CACHE_MS) return hit.value;
  const service: BlobServiceClient = new sdk.BlobServiceClient(endpoint, new sdk.StorageSharedKeyCredential(account, accountKey), azureClientOptions(endpoint, policy, 2));
  let value: boolean;
  try {
    value = (await service.getAccountInfo()).isHierarchicalNamespaceEnabled === true;
  } catch (e) {
    const refused = refusalIn(e);
    if (refused) throw new StorageError('access-denied', `Refused to call ${endpoint}: ${refused}`);
    const status = (e as { statusCode?: number })?.statusCode;
    if (status === 403) throw new StorageError('access-denied', `${endpoint} rejected the account key of storage account "${account}" (check adls.account-key)`);
    // Not the SDK's message: for an answer that is not from Azure it would repeat the body.
    throw new StorageError('unavailable', `Cannot ask ${endpoint} whether storage account "${account}" has a hierarchical namespace${status ? ` (HTTP ${status})` : ''}: check ${endpointKey}`);
  }
  hnsCache.set(key, { value, at: Date.now() });
  return value;
}

export const vend: CredentialVendor = async (req) => {
  if (req.strategy.type !== 'AzureSas') throw new Error(`azure-sas cannot vend for strategy ${req.strategy.type}`);
  const loc = parseAzureLocation(req.tableLocation);
  const settings = azureSettings(req.storageConfig, loc);
  if (!settings.accountKey) {
    throw new StorageError('access-denied', `Credential vending (AzureSas) signs SAS tokens with the storage account key: set adls.account-key (or AccountKey in adls.connection-string) for account "${settings.account}"`);
  }
  let sdk: Sdk;
  try {
    sdk = await import('@azure/storage-blob');
  } catch {
    throw new StorageError('unavailable', 'The AzureSas vending strategy needs the @azure/storage-blob package: run npm install @azure/storage-blob');
  }
  const scope = sasScope(req.strategy);
  const directory = tableDirectory(loc);
  const expiresAt = new Date(Date.now() + clampDuration(req.strategy.duration_seconds) * 1000);
  const base = {
    account: settings.account,
    accountKey: settings.accountKey,
    container: loc.container,
    permissions: sasPermissions(req.access),
    expiresOn: expiresAt,
    protocol: settings.endpoint.startsWith('https:') ? ('https' as const) : ('https,http' as const),
  };
  let sas: string;
  if (scope === 'container' || directory === '') {
    sas = containerSas(sdk, base).sas;
  } else {
    if (!(await hierarchicalNamespace(sdk, settings.endpoint, settings.endpointKey, settings.account, settings.accountKey, req.endpointPolicy ?? DEFAULT_ENDPOINT_POLICY))) {
      throw new StorageError(
        'invalid-location',
        `Storage account "${settings.account}" has no hierarchical namespace, so Azure cannot limit a SAS to the table's folder ${req.tableLocation}: use an ADLS Gen2 account (hierarchical namespace enabled), or set the warehouse's vending_strategy to {"type":"AzureSas","scope":"container"} to hand out SAS tokens for the whole container "${loc.container}" (give the warehouse a container of its own)`,
      );
    }
    const { version } = containerSas(sdk, base); // the service version the SDK signs with
    sas = directorySas({ ...base, directory, version });
  }
  const endpoint = clientEndpoint(req.storageConfig, req.clientConfig, loc, settings.account);
  const config = sasClientConfig({ account: settings.account, loc, endpoint, sas, expiresAt, clientConfig: req.clientConfig });
  return { config, storageCredentials: [{ prefix: req.tableLocation.replace(/\/+$/, ''), config: { ...config } }], expiresAt };
};
