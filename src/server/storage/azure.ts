// ObjectStore on Azure Blob Storage / ADLS Gen2 (and Azurite) through @azure/storage-blob,
// imported lazily so a file://-only install never loads it.
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
//
// Writes are one Put Blob, which Azure applies atomically (readers see the old or the
// whole new blob); ifNotExists sends If-None-Match: * (409/412 -> already-exists).
// Error messages name the config key to fix and never contain a secret.
import type { BlobServiceClient, ContainerClient, RestError } from '@azure/storage-blob';
import { StorageError, type ListResult, type ObjectInfo, type ObjectStore, type StorageErrorCode } from './types.js';

type Sdk = typeof import('@azure/storage-blob');

const LOCATION = /^(abfss?|wasbs?):\/\/([^/@]*)(?:@([^/]*))?(?:\/(.*))?$/i;
const DELETE_CONCURRENCY = 16;
const LIST_PAGE_MAX = 5000; // List Blobs maxresults limit
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

const first = (config: Record<string, string>, ...keys: string[]): string | undefined => {
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
  const csRaw = first(config, 'adls.connection-string', 'azure.connection-string');
  const cs = csRaw ? parseConnectionString(csRaw) : {};
  const devStorage = cs['usedevelopmentstorage']?.toLowerCase() === 'true';
  const account = first(config, 'adls.account-name', 'azure.account-name') ?? cs['accountname'] ?? (devStorage ? AZURITE_ACCOUNT : undefined) ?? location?.account;
  if (!account) {
    throw new StorageError('invalid-location', `Cannot determine the Azure storage account${location ? ` for ${location.root}` : ''}: set adls.account-name or use <container>@<account>.dfs.core.windows.net in the location`);
  }
  let endpoint: string;
  let endpointKey: string;
  const accountHost = first(config, 'adls.account-host');
  const authority = first(config, 'adls.blob-storage-authority');
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
    const scheme = (first(config, 'adls.blob-storage-scheme') ?? 'https').toLowerCase();
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
  const accountKey = first(config, 'adls.account-key', 'azure.account-key') ?? cs['accountkey'] ?? (devStorage ? AZURITE_KEY : undefined);
  const hostSas = location?.host ? first(config, `adls.sas-token.${location.host}`) : undefined;
  const sas = first(config, 'adls.sas-token', 'azure.sas-token') ?? cs['sharedaccesssignature'] ?? hostSas;
  return {
    account,
    endpoint,
    endpointKey,
    accountKey,
    sasToken: sas?.replace(/^\?/, ''),
    token: first(config, 'adls.token'),
    anonymous: first(config, 'adls.anon')?.toLowerCase() === 'true',
    servicePrincipal: first(config, 'adls.client-id', 'azure.client-id') !== undefined,
  };
}

export class AzureObjectStore implements ObjectStore {
  private readonly config: Record<string, string>;
  /** Values never echoed in a message. */
  private readonly secrets: string[];
  private readonly clients = new Map<string, Promise<{ sdk: Sdk; service: BlobServiceClient; settings: AzureSettings }>>();

  /** Server page size when a listing is not paged by the caller (List Blobs allows up to 5000). */
  private readonly listPageSize: number;

  constructor(config: Record<string, string> = {}, opts: { listPageSize?: number } = {}) {
    this.config = { ...config };
    this.listPageSize = Math.max(1, Math.min(LIST_PAGE_MAX, opts.listPageSize ?? LIST_PAGE_MAX));
    const cs = first(config, 'adls.connection-string', 'azure.connection-string');
    const parsed = cs ? parseConnectionString(cs) : {};
    this.secrets = [
      first(config, 'adls.account-key', 'azure.account-key'),
      first(config, 'adls.sas-token', 'azure.sas-token')?.replace(/^\?/, ''),
      first(config, 'adls.token'),
      cs,
      parsed['accountkey'],
      parsed['sharedaccesssignature'],
      ...Object.entries(config).filter(([k]) => k.startsWith('adls.sas-token.')).map(([, v]) => v),
    ].filter((v): v is string => typeof v === 'string' && v.length >= 4);
    const key = first(config, 'adls.account-key', 'azure.account-key');
    if (key && !/^[A-Za-z0-9+/=\s]+$/.test(key)) {
      throw new StorageError('access-denied', 'adls.account-key is not a storage account key (expected the base64 key from the portal: Storage account > Access keys)');
    }
  }

  /** Container, blob path and settings for a location. */
  resolve(location: string): AzureLocation & { settings: AzureSettings } {
    const loc = parseAzureLocation(location);
    return { ...loc, settings: azureSettings(this.config, loc) };
  }

  private objectPath(location: string): AzureLocation & { settings: AzureSettings } {
    const r = this.resolve(location);
    if (r.path === '' || r.path.endsWith('/')) throw new StorageError('invalid-location', `Not an object location (no blob name, or a folder): ${location}`, location);
    return r;
  }

  private async container(loc: AzureLocation & { settings: AzureSettings }): Promise<{ sdk: Sdk; client: ContainerClient; settings: AzureSettings }> {
    const s = loc.settings;
    const key = `${s.account}\n${s.endpoint}`;
    let p = this.clients.get(key);
    if (!p) {
      p = (async () => {
        let sdk: Sdk;
        try {
          sdk = await import('@azure/storage-blob');
        } catch {
          throw new StorageError('unavailable', 'Azure storage needs the @azure/storage-blob package: run npm install @azure/storage-blob');
        }
        const options = { retryOptions: { maxTries: 3, retryDelayInMs: 200, maxRetryDelayInMs: 2000, tryTimeoutInMs: 120_000 } };
        let service: BlobServiceClient;
        if (s.accountKey) {
          service = new sdk.BlobServiceClient(s.endpoint, new sdk.StorageSharedKeyCredential(s.account, s.accountKey), options);
        } else if (s.sasToken) {
          service = new sdk.BlobServiceClient(`${s.endpoint}?${s.sasToken}`, new sdk.AnonymousCredential(), options);
        } else if (s.token) {
          const token = s.token;
          service = new sdk.BlobServiceClient(s.endpoint, { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3600_000 }) }, options);
        } else if (s.anonymous) {
          service = new sdk.BlobServiceClient(s.endpoint, new sdk.AnonymousCredential(), options);
        } else if (s.servicePrincipal) {
          throw new StorageError('access-denied', `Azure service-principal login (adls.client-id / adls.client-secret / adls.tenant-id) is not supported by the catalog server yet: set adls.account-key or adls.sas-token for account "${s.account}"`);
        } else {
          throw new StorageError('access-denied', `No Azure credentials for storage account "${s.account}": set adls.account-key (or adls.sas-token, or adls.connection-string)`);
        }
        return { sdk, service, settings: s };
      })();
      this.clients.set(key, p);
      p.catch(() => this.clients.delete(key));
    }
    const { sdk, service } = await p;
    return { sdk, client: service.getContainerClient(loc.container), settings: s };
  }

  /** Creates the location's container; false when it already exists. */
  async createContainer(location: string): Promise<boolean> {
    const loc = this.resolve(location);
    const { client } = await this.container(loc);
    try {
      return (await client.createIfNotExists()).succeeded;
    } catch (e) {
      throw this.mapError(e, location, loc);
    }
  }

  async read(location: string): Promise<Buffer> {
    const loc = this.objectPath(location);
    const { client } = await this.container(loc);
    try {
      const res = await client.getBlobClient(loc.path).download(0);
      const body = res.readableStreamBody;
      if (!body) return Buffer.alloc(0);
      const chunks: Buffer[] = [];
      for await (const chunk of body) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
      return Buffer.concat(chunks);
    } catch (e) {
      throw this.mapError(e, location, loc);
    }
  }

  async write(location: string, data: Buffer | string, opts: { ifNotExists?: boolean } = {}): Promise<void> {
    const loc = this.objectPath(location);
    const { client } = await this.container(loc);
    const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    try {
      await client.getBlockBlobClient(loc.path).upload(body, body.length, opts.ifNotExists ? { conditions: { ifNoneMatch: '*' } } : {});
    } catch (e) {
      throw this.mapError(e, location, loc);
    }
  }

  async stat(location: string): Promise<ObjectInfo | undefined> {
    const loc = this.resolve(location);
    if (loc.path === '' || loc.path.endsWith('/')) return undefined;
    const { client } = await this.container(loc);
    try {
      const p = await client.getBlobClient(loc.path).getProperties();
      if (p.metadata?.hdi_isfolder === 'true') return undefined; // an ADLS Gen2 directory
      return { location, size: p.contentLength ?? 0, modifiedAt: (p.lastModified ?? new Date(0)).toISOString() };
    } catch (e) {
      const err = this.mapError(e, location, loc);
      if (err.code === 'not-found' && errorCode(e) !== 'ContainerNotFound') return undefined;
      throw err;
    }
  }

  async list(prefix: string, opts: { delimiter?: string; pageToken?: string; pageSize?: number } = {}): Promise<ListResult> {
    if (opts.delimiter !== undefined && opts.delimiter !== '/') {
      throw new StorageError('invalid-location', `Unsupported delimiter ${JSON.stringify(opts.delimiter)}: only "/" is supported`, prefix);
    }
    const loc = this.resolve(prefix);
    const { client } = await this.container(loc);
    const paged = opts.pageToken !== undefined || opts.pageSize !== undefined;
    const maxPageSize = opts.pageSize !== undefined ? Math.max(1, Math.min(LIST_PAGE_MAX, Math.floor(opts.pageSize))) : this.listPageSize;
    const result: ListResult = { objects: [], prefixes: [], nextPageToken: null };
    const listOpts = { prefix: loc.path, includeMetadata: true };
    const pages = opts.delimiter ? client.listBlobsByHierarchy(opts.delimiter, listOpts).byPage({ continuationToken: opts.pageToken, maxPageSize }) : client.listBlobsFlat(listOpts).byPage({ continuationToken: opts.pageToken, maxPageSize });
    try {
      for await (const page of pages) {
        for (const b of page.segment.blobItems) {
          if (b.metadata?.hdi_isfolder === 'true') continue; // ADLS Gen2 directory entries are not objects
          result.objects.push({ location: loc.root + b.name, size: b.properties.contentLength ?? 0, modifiedAt: (b.properties.lastModified ?? new Date(0)).toISOString() });
        }
        const segment = page.segment as { blobPrefixes?: { name: string }[] };
        for (const p of segment.blobPrefixes ?? []) result.prefixes.push(loc.root + p.name);
        if (paged) {
          result.nextPageToken = page.continuationToken || null;
          break;
        }
      }
    } catch (e) {
      throw this.mapError(e, prefix, loc);
    }
    return result;
  }

  async delete(location: string): Promise<boolean> {
    const loc = this.resolve(location);
    if (loc.path === '' || loc.path.endsWith('/')) return false;
    const { client } = await this.container(loc);
    try {
      const res = await client.getBlobClient(loc.path).deleteIfExists();
      return res.succeeded;
    } catch (e) {
      throw this.mapError(e, location, loc);
    }
  }

  async deletePrefix(prefix: string): Promise<number> {
    const loc = this.resolve(prefix);
    if (loc.path === '') throw new StorageError('invalid-location', `Refusing to delete every blob in container "${loc.container}": ${prefix}`, prefix);
    const { client } = await this.container(loc);
    const files: string[] = [];
    const folders: string[] = [];
    try {
      for await (const page of client.listBlobsFlat({ prefix: loc.path, includeMetadata: true }).byPage({ maxPageSize: this.listPageSize })) {
        for (const b of page.segment.blobItems) (b.metadata?.hdi_isfolder === 'true' ? folders : files).push(b.name);
      }
    } catch (e) {
      throw this.mapError(e, prefix, loc);
    }
    let deleted = 0;
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const name = files[next++];
        try {
          if ((await client.getBlobClient(name).deleteIfExists()).succeeded) deleted++;
        } catch (e) {
          throw this.mapError(e, loc.root + name, loc);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(DELETE_CONCURRENCY, files.length) }, worker));
    // ADLS Gen2 directories (hierarchical namespace): emptied ones go too, deepest first; not counted.
    for (const name of folders.sort((a, b) => b.length - a.length)) await client.getBlobClient(name).deleteIfExists().catch(() => undefined);
    return deleted;
  }

  /** Maps an SDK or network error to a StorageError whose message names what to fix. */
  mapError(e: unknown, location: string, loc: AzureLocation & { settings: AzureSettings }): StorageError {
    if (e instanceof StorageError) return e;
    const s = loc.settings;
    const status = (e as RestError)?.statusCode;
    const code = errorCode(e);
    const at = s.endpoint;
    const auth = s.accountKey ? 'adls.account-key' : s.sasToken ? 'adls.sas-token' : s.token ? 'adls.token' : 'the credentials';
    const err = (c: StorageErrorCode, msg: string) => new StorageError(c, this.redact(msg), location);
    switch (code) {
      case 'BlobNotFound':
        return err('not-found', `Not found: ${location}`);
      case 'ContainerNotFound':
        return err('not-found', `Container "${loc.container}" does not exist in storage account "${s.account}" at ${at}: create it (az storage container create --name ${loc.container} --account-name ${s.account}) or fix the warehouse location`);
      case 'BlobAlreadyExists':
      case 'ConditionNotMet':
        return err('already-exists', `Object already exists: ${location}`);
      case 'AuthenticationFailed':
      case 'AuthorizationFailure':
        if (s.accountKey) return err('access-denied', `${at} rejected the request signature for storage account "${s.account}": adls.account-key is not this account's key (check adls.account-key and adls.account-name)`);
        if (s.sasToken) return err('access-denied', `${at} rejected the SAS token in adls.sas-token for ${location} (expired, not yet valid, signed for another account or resource, or malformed)`);
        return err('access-denied', `${at} refused the credentials for storage account "${s.account}" (${code}): check ${auth}`);
      case 'AuthorizationPermissionMismatch':
      case 'AuthorizationResourceTypeMismatch':
      case 'AuthorizationServiceMismatch':
      case 'InsufficientAccountPermissions':
        return err('access-denied', `Access denied to ${location} at ${at}: ${auth} does not allow this operation here (${code})`);
      case 'AuthorizationProtocolMismatch':
        return err('access-denied', `Access denied to ${location}: the SAS in adls.sas-token is for HTTPS only but ${at} is HTTP`);
      case 'AuthorizationSourceIPMismatch':
        return err('access-denied', `Access denied to ${location}: the SAS in adls.sas-token is limited to other IP addresses`);
      case 'AccountIsDisabled':
        return err('access-denied', `Storage account "${s.account}" is disabled`);
      case 'PublicAccessNotPermitted':
      case 'NoAuthenticationInformation':
        return err('access-denied', `${at} requires credentials for ${location}: set adls.account-key or adls.sas-token`);
      case 'InvalidHeaderValue':
        if (/API version/i.test(errorMessage(e))) return err('unavailable', `${at} does not support the API version of @azure/storage-blob (Azurite: start it with --skipApiVersionCheck, see scripts/start-azurite.sh)`);
        break;
      case 'InvalidResourceName':
      case 'OutOfRangeInput':
        return err('invalid-location', `Invalid container or blob name in ${location} (container names are 3-63 lower-case letters, digits and "-")`);
    }
    if (status === 412) return err('already-exists', `Object already exists: ${location}`);
    if (status === 404) return err('not-found', `Not found: ${location}`);
    if (status === 403) return err('access-denied', `Access denied to ${location} at ${at} (HTTP 403${code ? ` ${code}` : ''}): check ${auth}`);
    if (status === 401) return err('access-denied', `${at} refused the credentials (HTTP 401): check ${auth}`);
    const net = networkCode(e);
    if (net) return err('unavailable', `Cannot reach ${at} (${net}): check ${s.endpointKey} and that the storage service is running`);
    return err('unavailable', `Azure request for ${location} at ${at} failed: ${code ?? (e as Error)?.name ?? 'error'}${status ? ` (HTTP ${status})` : ''}: ${errorMessage(e).split('\n')[0]}`);
  }

  /** No secret ever leaves in a message: account key, SAS (and its signature), token. */
  private redact(msg: string): string {
    let out = msg;
    for (const secret of this.secrets) out = out.split(secret).join('***');
    return out.replace(/([?&]sig=)[^&\s"']+/gi, '$1***');
  }
}

function errorCode(e: unknown): string | undefined {
  const r = e as { code?: string; details?: { errorCode?: string } };
  return r?.details?.errorCode ?? (r?.code && !/^(REQUEST_SEND_ERROR|PARSE_ERROR)$/.test(r.code) ? r.code : undefined);
}

function errorMessage(e: unknown): string {
  return (e as Error)?.message ?? String(e);
}

function networkCode(e: unknown): string | undefined {
  const pattern = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE)\b/;
  const r = e as { code?: string; cause?: { code?: string }; message?: string };
  for (const c of [r?.code, r?.cause?.code]) if (c && pattern.test(c)) return c;
  if (r?.code === 'REQUEST_SEND_ERROR') return pattern.exec(r.message ?? '')?.[1] ?? 'REQUEST_SEND_ERROR';
  return undefined;
}
