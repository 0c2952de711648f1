// Azure locations and where a storage config sends requests (pure, no I/O): shared by the
// Azure store (azure.ts), SAS vending and the endpoint checks.
//
// Locations, as Iceberg and PyIceberg spell them:
//   abfs[s]://<container>@<account>.dfs.core.windows.net/<path>
//   wasb[s]://<container>@<account>.blob.core.windows.net/<path>
// (abfs[s]://<container>/<path> without the account is accepted too: the account then
// comes from the config). Every scheme is served through the Blob endpoint; it reaches
// ADLS Gen2 accounts as well.
//
// Config: the Iceberg / PyIceberg ADLS property names (pyiceberg/io/__init__.py):
//   adls.account-name, adls.account-key, adls.sas-token, adls.connection-string,
//   adls.token (a bearer token), adls.account-host, adls.blob-storage-authority,
//   adls.blob-storage-scheme; azure.* spellings (azure.account-name, azure.account-key,
//   azure.sas-token, azure.connection-string) are read as fallbacks.
// Where requests go (first that is set): the connection string's BlobEndpoint (or
// UseDevelopmentStorage=true, Azurite's default), adls.account-host (a URL such as
// http://127.0.0.1:10000/devstoreaccount1 for Azurite; a bare host means https://host, as
// in adlfs), adls.blob-storage-authority (+ adls.blob-storage-scheme, PyArrow's
// convention: ".blob.core.windows.net" = <account>.blob.core.windows.net, "host:port" =
// path-style host:port/<account>), else https://<account>.blob.core.windows.net.
import { StorageError } from './types.js';

const LOCATION = /^(abfss?|wasbs?):\/\/([^/@]*)(?:@([^/]*))?(?:\/(.*))?$/i;
/** Azurite's well-known development account (published in its README). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzureLocation {
  scheme: string;
  container: string;
  /** The storage account named by the location's host, if it has one. */
  account?: string;
  /** The host after '@' (e.g. acct.dfs.core.windows.net), if any. */
  host?: string;
  /** Blob name (or name prefix) inside the container, '' for the container itself. */
  path: string;
  /** `scheme://container@host/` as the caller spelled it: listed objects are returned below it. */
  root: string;
}

/** Parses an abfs[s]:// or wasb[s]:// location. */
export function parseAzureLocation(location: string): AzureLocation {
  const m = LOCATION.exec(location);
  if (!m) {
    throw new StorageError('invalid-location', `Not an Azure location: ${location} (expected abfss://<container>@<account>.dfs.core.windows.net/<path> or wasbs://<container>@<account>.blob.core.windows.net/<path>)`, location);
  }
  const [, scheme, container, host, path = ''] = m;
  if (!container) throw new StorageError('invalid-location', `No container in ${location}: expected ${scheme}://<container>@<account>.dfs.core.windows.net/<path>`, location);
  const account = host ? host.split('.')[0].split(':')[0] || undefined : undefined;
  return { scheme, container, account, host: host || undefined, path, root: `${scheme}://${container}${host !== undefined ? `@${host}` : ''}/` };
}

export interface AzureSettings {
  account: string;
  /** Blob service endpoint, no trailing '/', e.g. https://acct.blob.core.windows.net or http://127.0.0.1:10000/devstoreaccount1 */
  endpoint: string;
  /** The config key the endpoint came from (for messages). */
  endpointKey: string;
  accountKey?: string;
  /** Without a leading '?'. */
  sasToken?: string;
  token?: string;
  anonymous: boolean;
  /** Service-principal keys are set (not supported by this store: needs @azure/identity). */
  servicePrincipal: boolean;
}

/** The first of the keys that has a non-blank value. */
export const firstConfigValue = (config: Record<string, string>, ...keys: string[]): string | undefined => {
  for (const k of keys) {
    const v = config[k]?.trim();
    if (v) return v;
  }
  return undefined;
};

/** Parses an Azure Storage connection string (keys are case-insensitive). */
export function parseConnectionString(cs: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of cs.split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    out[part.slice(0, i).trim().toLowerCase()] = part.slice(i + 1).trim();
  }
  return out;
}

/** Turns adls.account-host into an endpoint URL: a URL stays, a bare host gets https:// (adlfs). */
function hostToUrl(host: string): string {
  return /^https?:\/\//i.test(host) ? host : `https://${host}`;
}

/**
 * Resolves account, endpoint and credentials from a storage config (config first, the
 * location's account only as a fallback, like the S3 bucket rule). Pure, no I/O.
 */
export function azureSettings(config: Record<string, string>, location?: AzureLocation): AzureSettings {
  const csRaw = firstConfigValue(config, 'adls.connection-string', 'azure.connection-string');
  const cs = csRaw ? parseConnectionString(csRaw) : {};
  const devStorage = cs['usedevelopmentstorage']?.toLowerCase() === 'true';
  const account = firstConfigValue(config, 'adls.account-name', 'azure.account-name') ?? cs['accountname'] ?? (devStorage ? AZURITE_ACCOUNT : undefined) ?? location?.account;
  if (!account) {
    throw new StorageError('invalid-location', `Cannot determine the Azure storage account${location ? ` for ${location.root}` : ''}: set adls.account-name or use <container>@<account>.dfs.core.windows.net in the location`);
  }
  let endpoint: string;
  let endpointKey: string;
  const accountHost = firstConfigValue(config, 'adls.account-host');
  const authority = firstConfigValue(config, 'adls.blob-storage-authority');
  if (cs['blobendpoint']) {
    endpoint = cs['blobendpoint'];
    endpointKey = 'adls.connection-string (BlobEndpoint)';
  } else if (devStorage) {
    endpoint = `${cs['developmentstorageproxyuri']?.replace(/\/+$/, '') ?? 'http://127.0.0.1:10000'}/${AZURITE_ACCOUNT}`;
    endpointKey = 'adls.connection-string (UseDevelopmentStorage)';
  } else if (accountHost) {
    endpoint = hostToUrl(accountHost);
    endpointKey = 'adls.account-host';
  } else if (authority) {
    const scheme = (firstConfigValue(config, 'adls.blob-storage-scheme') ?? 'https').toLowerCase();
    endpoint = authority.startsWith('.') ? `${scheme}://${account}${authority}` : `${scheme}://${authority.replace(/\/+$/, '')}/${account}`;
    endpointKey = 'adls.blob-storage-authority';
  } else if (cs['endpointsuffix'] || cs['defaultendpointsprotocol']) {
    endpoint = `${(cs['defaultendpointsprotocol'] ?? 'https').toLowerCase()}://${account}.blob.${cs['endpointsuffix'] ?? 'core.windows.net'}`;
    endpointKey = 'adls.connection-string';
  } else {
    endpoint = `https://${account}.blob.core.windows.net`;
    endpointKey = 'adls.account-name';
  }
  endpoint = endpoint.replace(/\/+$/, '');
  const accountKey = firstConfigValue(config, 'adls.account-key', 'azure.account-key') ?? cs['accountkey'] ?? (devStorage ? AZURITE_KEY : undefined);
  const hostSas = location?.host ? firstConfigValue(config, `adls.sas-token.${location.host}`) : undefined;
  const sas = firstConfigValue(config, 'adls.sas-token', 'azure.sas-token') ?? cs['sharedaccesssignature'] ?? hostSas;
  return {
    account,
    endpoint,
    endpointKey,
    accountKey,
    sasToken: sas?.replace(/^\?/, ''),
    token: firstConfigValue(config, 'adls.token'),
    anonymous: firstConfigValue(config, 'adls.anon')?.toLowerCase() === 'true',
    servicePrincipal: firstConfigValue(config, 'adls.client-id', 'azure.client-id') !== undefined,
  };
}
