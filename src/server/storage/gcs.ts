// ObjectStore on Google Cloud Storage (and GCS emulators such as fake-gcs-server) through
// the JSON API (gcs-api.ts, over the server's guarded transport: endpoint policy, timeouts,
// no redirects). Locations: gs://<bucket>/<object name>.
//
// Config: the Iceberg / PyIceberg GCS property names (pyiceberg/io/__init__.py):
//   gcs.project-id, gcs.service.host (endpoint, e.g. http://127.0.0.1:4443 for an
//   emulator), gcs.oauth2.token (+ gcs.oauth2.token-expires-at, epoch ms), gcs.user-project
//   (requester pays), gcs.no-auth=true (send no credentials).
// Credentials: gcs.oauth2.token when set; otherwise no credentials for a custom
// gcs.service.host (an emulator) or with gcs.no-auth=true; otherwise Google's Application
// Default Credentials of the server process (google-auth-library, imported lazily:
// GOOGLE_APPLICATION_CREDENTIALS naming a service-account JSON key, gcloud's login, or the
// metadata server). Iceberg defines no property for a JSON key itself, so none is invented.
//
// Writes are one single-request (non-resumable) media upload, which GCS applies
// atomically; ifNotExists sends ifGenerationMatch=0 (412 -> already-exists). Listing uses a
// page token of our own (the last name returned, resumed with startOffset) so a page never
// holds more than pageSize objects and prefixes together, on GCS and emulators alike. Error
// messages name the config key to fix and never contain a secret or an answer's body.
import { DEFAULT_ENDPOINT_POLICY, type EndpointPolicy } from './endpoint-policy.js';
import { GcsApi, GOOGLE_STORAGE_ENDPOINT } from './gcs-api.js';
import { refusalIn, requireAllowedEndpoint } from './outbound.js';
import { StorageError, type ListResult, type ObjectInfo, type ObjectStore, type StorageErrorCode } from './types.js';


const LOCATION = /^gs:\/\/([^/]*)(?:\/(.*))?$/i;
const DELETE_CONCURRENCY = 16;
const LIST_PAGE_MAX = 1000;

export interface GcsLocation {
  bucket: string;
  /** Object name (or name prefix), '' for the bucket itself. */
  name: string;
  /** `gs://bucket/` as the caller spelled it. */
  root: string;
}

export function parseGcsLocation(location: string): GcsLocation {
  const m = LOCATION.exec(location);
  if (!m) throw new StorageError('invalid-location', `Not a Google Cloud Storage location: ${location} (expected gs://bucket/path)`, location);
  const [, bucket, name = ''] = m;
  if (!bucket) throw new StorageError('invalid-location', `No bucket in ${location}: expected gs://bucket/path`, location);
  return { bucket, name, root: location.slice(0, location.indexOf('://') + 3) + bucket + '/' };
}

const first = (config: Record<string, string>, ...keys: string[]): string | undefined => {
  for (const k of keys) {
    const v = config[k]?.trim();
    if (v) return v;
  }
  return undefined;
};

/** Our page token: the last name returned (and whether it was a prefix), base64url JSON. */
interface PageMark {
  after: string;
  prefix: boolean;
}
const encodeMark = (m: PageMark): string => Buffer.from(JSON.stringify([m.after, m.prefix ? 1 : 0]), 'utf8').toString('base64url');
function decodeMark(token: string, location: string): PageMark {
  try {
    const [after, prefix] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof after === 'string') return { after, prefix: prefix === 1 };
  } catch {
    // fall through
  }
  throw new StorageError('invalid-location', `Invalid page token for ${location}`, location);
}
/** The smallest string after every name that starts with prefix p (p ends in '/'). */
const afterPrefix = (p: string): string => p.slice(0, -1) + String.fromCharCode(p.charCodeAt(p.length - 1) + 1);
const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

export class GcsObjectStore implements ObjectStore {
  private readonly projectId?: string;
  private readonly endpoint?: string;
  private readonly token?: string;
  private readonly noAuth: boolean;
  private readonly api: GcsApi;
  /** Buckets seen to exist: a 404 below them means a missing object, not a missing bucket. */
  private readonly knownBuckets = new Set<string>();

  constructor(config: Record<string, string> = {}, opts: { policy?: EndpointPolicy } = {}) {
    this.projectId = first(config, 'gcs.project-id');
    this.endpoint = first(config, 'gcs.service.host')?.replace(/\/+$/, '');
    this.token = first(config, 'gcs.oauth2.token');
    this.noAuth = first(config, 'gcs.no-auth')?.toLowerCase() === 'true';
    if (this.endpoint && !/^https?:\/\/[^/]+/i.test(this.endpoint)) {
      throw new StorageError('invalid-location', `gcs.service.host must be an http:// or https:// URL such as http://127.0.0.1:4443`);
    }
    const policy = opts.policy ?? DEFAULT_ENDPOINT_POLICY;
    if (this.endpoint) requireAllowedEndpoint('gcs.service.host', this.endpoint, policy);
    this.api = new GcsApi({ endpoint: this.endpoint ?? GOOGLE_STORAGE_ENDPOINT, policy, token: () => this.bearer(), ...(first(config, 'gcs.user-project') ? { userProject: first(config, 'gcs.user-project') } : {}) });
  }

  /** Where requests go, for messages. */
  get target(): string {
    return this.endpoint ?? 'Google Cloud Storage';
  }

  private get authKey(): string {
    return this.token ? 'gcs.oauth2.token' : this.noAuth || this.endpoint ? 'the emulator settings (gcs.service.host, gcs.no-auth)' : "the server's Google Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS)";
  }

  private adc?: Promise<{ getAccessToken(): Promise<string | null | undefined> }>;

  /** gcs.oauth2.token as is; none for emulators / gcs.no-auth; else Application Default Credentials. */
  private async bearer(): Promise<string | undefined> {
    if (this.token) return this.token;
    if (this.noAuth || this.endpoint) return undefined;
    this.adc ??= import('google-auth-library').then((gal) => new gal.GoogleAuth({ scopes: ['https://www.googleapis.com/auth/devstorage.full_control'] }));
    this.adc.catch(() => (this.adc = undefined));
    return (await (await this.adc).getAccessToken()) ?? undefined;
  }

  resolve(location: string): GcsLocation {
    return parseGcsLocation(location);
  }

  private objectName(location: string): GcsLocation {
    const p = this.resolve(location);
    if (p.name === '' || p.name.endsWith('/')) throw new StorageError('invalid-location', `Not an object location (no name, or a folder): ${location}`, location);
    return p;
  }

  /** Creates the location's bucket (in gcs.project-id); false when it already exists. */
  async createContainer(location: string): Promise<boolean> {
    const { bucket } = this.resolve(location);
    try {
      if (await this.api.bucketExists(bucket)) {
        this.knownBuckets.add(bucket);
        return false;
      }
      await this.api.createBucket(bucket, this.projectId);
      this.knownBuckets.add(bucket);
      return true;
    } catch (e) {
      if ((e as { code?: unknown })?.code === 409) return false;
      throw this.mapError(e, location, bucket);
    }
  }

  async read(location: string): Promise<Buffer> {
    const { bucket, name } = this.objectName(location);
    try {
      const data = await this.api.download(bucket, name);
      this.knownBuckets.add(bucket);
      return data;
    } catch (e) {
      throw await this.mapErrorChecked(e, location, bucket);
    }
  }

  async write(location: string, data: Buffer | string, opts: { ifNotExists?: boolean } = {}): Promise<void> {
    const { bucket, name } = this.objectName(location);
    const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    try {
      await this.api.upload(bucket, name, body, opts.ifNotExists ? { ifGenerationMatch: 0 } : {});
      this.knownBuckets.add(bucket);
    } catch (e) {
      throw await this.mapErrorChecked(e, location, bucket);
    }
  }

  async stat(location: string): Promise<ObjectInfo | undefined> {
    const { bucket, name } = this.resolve(location);
    if (name === '' || name.endsWith('/')) return undefined;
    try {
      const m = await this.api.getObject(bucket, name);
      this.knownBuckets.add(bucket);
      return { location, size: Number(m.size ?? 0), modifiedAt: new Date(m.updated ?? 0).toISOString() };
    } catch (e) {
      const err = await this.mapErrorChecked(e, location, bucket);
      if (err.code === 'not-found' && !/^Bucket /.test(err.message)) return undefined;
      throw err;
    }
  }

  async list(prefix: string, opts: { delimiter?: string; pageToken?: string; pageSize?: number } = {}): Promise<ListResult> {
    if (opts.delimiter !== undefined && opts.delimiter !== '/') {
      throw new StorageError('invalid-location', `Unsupported delimiter ${JSON.stringify(opts.delimiter)}: only "/" is supported`, prefix);
    }
    const { bucket, name, root } = this.resolve(prefix);
    const paged = opts.pageToken !== undefined || opts.pageSize !== undefined;
    const limit = paged ? Math.max(1, Math.min(LIST_PAGE_MAX, Math.floor(opts.pageSize ?? LIST_PAGE_MAX))) : Infinity;
    const mark = opts.pageToken ? decodeMark(opts.pageToken, prefix) : undefined;
    const startOffset = mark ? (mark.prefix ? afterPrefix(mark.after) : mark.after) : undefined;

    const entries: { name: string; prefix: boolean; size: number; updated?: string }[] = [];
    let nativeToken: string | undefined;
    let more = false;
    try {
      do {
        const page = await this.api.list(bucket, {
          prefix: name,
          ...(opts.delimiter ? { delimiter: opts.delimiter } : {}),
          ...(startOffset ? { startOffset } : {}),
          ...(nativeToken ? { pageToken: nativeToken } : {}),
          ...(paged ? { maxResults: limit } : {}),
        });
        for (const f of page.items) {
          if (mark && !mark.prefix && f.name === mark.after) continue; // startOffset is inclusive
          entries.push({ name: f.name, prefix: false, size: Number(f.size ?? 0), updated: f.updated });
        }
        for (const p of page.prefixes) entries.push({ name: p, prefix: true, size: 0 });
        nativeToken = page.nextPageToken;
        more = nativeToken !== undefined;
      } while (more && entries.length < limit);
      this.knownBuckets.add(bucket);
    } catch (e) {
      throw await this.mapErrorChecked(e, prefix, bucket);
    }
    entries.sort((x, y) => byteOrder(x.name, y.name));
    const page = entries.slice(0, limit);
    const result: ListResult = { objects: [], prefixes: [], nextPageToken: null };
    for (const e of page) {
      if (e.prefix) result.prefixes.push(root + e.name);
      else result.objects.push({ location: root + e.name, size: e.size, modifiedAt: new Date(e.updated ?? 0).toISOString() });
    }
    if (paged && (more || entries.length > limit) && page.length) {
      const last = page[page.length - 1];
      result.nextPageToken = encodeMark({ after: last.name, prefix: last.prefix });
    }
    return result;
  }

  async delete(location: string): Promise<boolean> {
    const { bucket, name } = this.resolve(location);
    if (name === '' || name.endsWith('/')) return false;
    try {
      await this.api.deleteObject(bucket, name);
      return true;
    } catch (e) {
      const err = await this.mapErrorChecked(e, location, bucket);
      if (err.code === 'not-found' && !/^Bucket /.test(err.message)) return false;
      throw err;
    }
  }

  async deletePrefix(prefix: string): Promise<number> {
    const { bucket, name, root } = this.resolve(prefix);
    if (name === '') throw new StorageError('invalid-location', `Refusing to delete every object in bucket "${bucket}": ${prefix}`, prefix);
    const names = (await this.list(prefix)).objects.map((o) => o.location.slice(root.length));
    let deleted = 0;
    let next = 0;
    const worker = async () => {
      while (next < names.length) {
        const n = names[next++];
        try {
          await this.api.deleteObject(bucket, n);
          deleted++;
        } catch (e) {
          const err = this.mapError(e, root + n, bucket);
          if (err.code !== 'not-found') throw err; // deleted meanwhile: fine
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(DELETE_CONCURRENCY, names.length) }, worker));
    return deleted;
  }

  /** Like mapError, but a bare 404 is checked against the bucket: a missing bucket is named. */
  private async mapErrorChecked(e: unknown, location: string, bucket: string): Promise<StorageError> {
    const err = this.mapError(e, location, bucket);
    if (err.code !== 'not-found' || /^Bucket /.test(err.message) || this.knownBuckets.has(bucket)) return err;
    try {
      if (!(await this.api.bucketExists(bucket))) return this.bucketMissing(location, bucket);
      this.knownBuckets.add(bucket);
    } catch {
      // cannot tell: keep the original answer
    }
    return err;
  }

  private bucketMissing(location: string, bucket: string): StorageError {
    return new StorageError('not-found', `Bucket "${bucket}" does not exist at ${this.target}: create it (gcloud storage buckets create gs://${bucket}) or fix the warehouse location`, location);
  }

  /** Maps an SDK or network error to a StorageError whose message names what to fix. */
  mapError(e: unknown, location: string, bucket: string): StorageError {
    if (e instanceof StorageError) return e;
    const refused = refusalIn(e);
    if (refused) return new StorageError('access-denied', `Refused to call ${this.target}: ${refused}`, location);
    const status = typeof (e as { code?: unknown })?.code === 'number' ? ((e as { code: number }).code) : undefined;
    const reasons = ((e as { errors?: { reason?: string }[] })?.errors ?? []).map((x) => x.reason).filter(Boolean);
    const msg = (e as Error)?.message ?? String(e);
    const at = this.target;
    const err = (code: StorageErrorCode, m: string) => new StorageError(code, this.redact(m), location);
    if (status === 412 || reasons.includes('conditionNotMet')) return err('already-exists', `Object already exists: ${location}`);
    if (status === 404) {
      if (/bucket does not exist|no such bucket/i.test(msg)) return this.bucketMissing(location, bucket);
      return err('not-found', `Not found: ${location}`);
    }
    if (status === 401) return err('access-denied', `${at} rejected the credentials (HTTP 401: expired or invalid): check ${this.authKey}`);
    if (status === 403) return err('access-denied', `Access denied to ${location} at ${at} (HTTP 403): ${this.authKey} lacks permission here${reasons.length ? ` (${reasons.join(', ')})` : ''}`);
    const code = (e as { code?: string })?.code ?? (e as { cause?: { code?: string } })?.cause?.code;
    if (typeof code === 'string' && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|UND_ERR_\w+)$/.test(code)) {
      return err('unavailable', `Cannot reach ${at} (${code}): check gcs.service.host and that the server is running`);
    }
    if (/Could not load the default credentials|Unable to detect a Project Id/i.test(msg)) {
      return err('access-denied', `No Google credentials for ${location}: set gcs.oauth2.token, or give the server Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS), or gcs.no-auth=true for an emulator`);
    }
    return err('unavailable', `GCS request for ${location} at ${at} failed${status ? ` (HTTP ${status})` : ''}: ${msg.split('\n')[0]}`);
  }

  private redact(msg: string): string {
    return this.token && this.token.length >= 4 ? msg.split(this.token).join('***') : msg;
  }
}
