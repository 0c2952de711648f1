// ObjectStore on Azure Blob Storage / ADLS Gen2 (and Azurite) through @azure/storage-blob,
// imported lazily so a file://-only install never loads it.
//
// Locations, config keys and where requests go: azure-settings.ts.
//
// Writes are one Put Blob, which Azure applies atomically (readers see the old or the
// whole new blob); ifNotExists sends If-None-Match: * (409/412 -> already-exists).
// Error messages name the config key to fix and never contain a secret.
//
// Outbound: one guarded agent (outbound.ts: endpoint policy at connect time, connect
// timeout), 30 s per try, redirects not followed, and only Azure answers are believed: an
// answer without x-ms-request-id (Azure and Azurite send it on every response) or one the
// SDK cannot read is a bad-gateway error that does not repeat the body.
import type { BlobServiceClient, ContainerClient, RestError, StoragePipelineOptions } from '@azure/storage-blob';
import { DEFAULT_ENDPOINT_POLICY, type EndpointPolicy } from './endpoint-policy.js';
import { agentFor, refusalIn, REQUEST_TIMEOUT_MS, requireAllowedEndpoint, safeOrigin } from './outbound.js';
import { azureSettings, firstConfigValue as first, parseAzureLocation, parseConnectionString, type AzureLocation, type AzureSettings } from './azure-settings.js';
import { StorageError, type ListResult, type ObjectInfo, type ObjectStore, type StorageErrorCode } from './types.js';

export * from './azure-settings.js';

type Sdk = typeof import('@azure/storage-blob');

const DELETE_CONCURRENCY = 16;
const LIST_PAGE_MAX = 5000; // List Blobs maxresults limit

/** Client options for an endpoint: the guarded agent, short tries, no redirects (core-rest-pipeline options the storage types omit). */
export function azureClientOptions(endpoint: string, policy: EndpointPolicy, maxTries = 3): StoragePipelineOptions {
  const options = {
    retryOptions: { maxTries, retryDelayInMs: 200, maxRetryDelayInMs: 2000, tryTimeoutInMs: REQUEST_TIMEOUT_MS },
    agent: agentFor(endpoint, policy),
    redirectOptions: { maxRetries: 0 },
  };
  return options as StoragePipelineOptions;
}

export class AzureObjectStore implements ObjectStore {
  private readonly config: Record<string, string>;
  /** Values never echoed in a message. */
  private readonly secrets: string[];
  private readonly clients = new Map<string, Promise<{ sdk: Sdk; service: BlobServiceClient; settings: AzureSettings }>>();

  /** Server page size when a listing is not paged by the caller (List Blobs allows up to 5000). */
  private readonly listPageSize: number;

  private readonly policy: EndpointPolicy;

  constructor(config: Record<string, string> = {}, opts: { listPageSize?: number; policy?: EndpointPolicy } = {}) {
    this.config = { ...config };
    this.policy = opts.policy ?? DEFAULT_ENDPOINT_POLICY;
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
        requireAllowedEndpoint(s.endpointKey, s.endpoint, this.policy);
        const options = azureClientOptions(s.endpoint, this.policy);
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
      this.requireAzureAnswer(res.requestId, location, loc);
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
      this.requireAzureAnswer(p.requestId, location, loc);
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
        this.requireAzureAnswer(page.requestId, prefix, loc);
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

  private requireAzureAnswer(requestId: string | undefined, location: string, loc: AzureLocation & { settings: AzureSettings }): void {
    if (!requestId) throw this.notAzure(location, loc, 'no x-ms-request-id in the answer');
  }

  private notAzure(location: string, loc: AzureLocation & { settings: AzureSettings }, why: string): StorageError {
    return new StorageError('bad-gateway', `${safeOrigin(loc.settings.endpoint)} did not answer as Azure Blob Storage (${why}): check ${loc.settings.endpointKey}`, location);
  }

  /** Maps an SDK or network error to a StorageError whose message names what to fix. */
  mapError(e: unknown, location: string, loc: AzureLocation & { settings: AzureSettings }): StorageError {
    if (e instanceof StorageError) return e;
    const refused = refusalIn(e);
    if (refused) return new StorageError('access-denied', `Refused to call ${loc.settings.endpoint}: ${refused}`, location);
    const s = loc.settings;
    const status = (e as RestError)?.statusCode;
    // An HTTP answer without Azure's request id is not from Azure: its body is not worth repeating.
    if (status !== undefined && !(e as RestError).response?.headers.get('x-ms-request-id')) {
      return this.notAzure(location, loc, `HTTP ${status}${status >= 300 && status < 400 ? ', a redirect (not followed)' : ''}`);
    }
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
    if (/^(AbortError|TimeoutError)$/.test(String((e as { name?: string })?.name))) return err('unavailable', `${at} did not answer in time (${REQUEST_TIMEOUT_MS / 1000} s per try): check ${s.endpointKey}`);
    // Not an HTTP error and not a network one: the SDK could not read the answer.
    if (status === undefined && (e as { name?: string })?.name !== 'RestError') return this.notAzure(location, loc, `an answer the Azure SDK could not read: ${(e as Error)?.name ?? 'error'}`);
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
