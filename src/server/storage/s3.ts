// ObjectStore on S3 and S3-compatible servers (MinIO, Ceph, R2...) through the AWS SDK v3,
// which is imported lazily so a file://-only install never loads it. Configured with the
// Iceberg FileIO keys (s3.access-key-id, s3.secret-access-key, s3.session-token,
// s3.endpoint, s3.region, s3.bucket, s3.path-style-access; client.* aliases).
//
// Bucket rule (storage-connectivity guide): `s3.bucket` from the config FIRST, the bucket
// of the location (s3://bucket/key) only as a fallback. Writes are one PutObject, which S3
// applies atomically; ifNotExists sends `If-None-Match: *` (412 -> already-exists).
// Error messages name the config key to fix and never contain a secret.
//
// Outbound: requests go through the guarded agents (outbound.ts: endpoint policy at connect
// time, connect timeout), the SDK never follows redirects (a 3xx is an error), and only
// S3 answers are believed: a response without S3's request id (x-amz-request-id or
// x-amz-id-2, sent by AWS, MinIO, Ceph and the rest) is a bad-gateway error whose message
// does not repeat the body, so a web page at s3.endpoint is never relayed as an object.
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { DEFAULT_ENDPOINT_POLICY, type EndpointPolicy } from './endpoint-policy.js';
import { CONNECT_TIMEOUT_MS, outboundAgentOptions, refusalIn, REQUEST_TIMEOUT_MS, requireAllowedEndpoint, safeOrigin } from './outbound.js';
import { StorageError, type ListResult, type ObjectInfo, type ObjectStore } from './types.js';

type Sdk = typeof import('@aws-sdk/client-s3');

const LOCATION = /^(s3a?|s3n):\/\/([^/]*)(?:\/(.*))?$/i;
const DELETE_BATCH = 1000; // DeleteObjects limit
const DEFAULT_REGION = 'us-east-1';

interface Parsed {
  bucket: string;
  key: string;
  /** `scheme://bucket/` as the caller spelled it: listed objects are returned below it. */
  root: string;
}

export class S3ObjectStore implements ObjectStore {
  private readonly accessKeyId?: string;
  private readonly secretAccessKey?: string;
  private readonly sessionToken?: string;
  private readonly endpoint?: string;
  private readonly region: string;
  private readonly bucket?: string;
  private readonly pathStyle: boolean;
  private readonly policy: EndpointPolicy;
  private clientPromise?: Promise<{ sdk: Sdk; client: S3Client }>;
  /** Buckets seen to exist: a HEAD 404 below them means a missing key, not a missing bucket. */
  private readonly knownBuckets = new Set<string>();

  constructor(config: Record<string, string> = {}, opts: { policy?: EndpointPolicy } = {}) {
    const get = (...keys: string[]) => keys.map((k) => config[k]?.trim()).find((v) => v !== undefined && v !== '');
    this.policy = opts.policy ?? DEFAULT_ENDPOINT_POLICY;
    this.accessKeyId = get('s3.access-key-id', 'client.access-key-id');
    this.secretAccessKey = get('s3.secret-access-key', 'client.secret-access-key');
    this.sessionToken = get('s3.session-token', 'client.session-token');
    this.endpoint = get('s3.endpoint')?.replace(/\/+$/, '');
    this.region = get('s3.region', 'client.region') ?? DEFAULT_REGION;
    this.bucket = get('s3.bucket');
    const pathStyle = get('s3.path-style-access')?.toLowerCase();
    const virtual = get('s3.force-virtual-addressing')?.toLowerCase() === 'true';
    // Path-style when asked for, or whenever a custom endpoint is set (MinIO and most
    // S3-compatible servers need it; PyArrow does the same) unless explicitly turned off.
    this.pathStyle = pathStyle === 'true' || (this.endpoint !== undefined && pathStyle !== 'false' && !virtual);
    if ((this.accessKeyId === undefined) !== (this.secretAccessKey === undefined)) {
      const missing = this.accessKeyId === undefined ? 's3.access-key-id' : 's3.secret-access-key';
      throw new StorageError('access-denied', `S3 storage config is incomplete: ${missing} is missing (set both s3.access-key-id and s3.secret-access-key)`);
    }
    if (this.endpoint) requireAllowedEndpoint('s3.endpoint', this.endpoint, this.policy);
  }

  /** A successful answer is believed only when it carries S3's request id (see the header). */
  private requireS3Answer(metadata: { requestId?: string; extendedRequestId?: string } | undefined, location: string): void {
    if (!metadata?.requestId && !metadata?.extendedRequestId) throw this.notS3(location, 'no x-amz-request-id in the answer');
  }

  private notS3(location: string, why: string): StorageError {
    return new StorageError('bad-gateway', `${this.endpoint ? safeOrigin(this.endpoint) : this.target} did not answer as an S3 service (${why}): check s3.endpoint`, location);
  }

  /** Where requests go, for messages: the endpoint, or AWS S3 in the region. */
  get target(): string {
    return this.endpoint ?? `AWS S3 (${this.region})`;
  }

  /** The bucket and key a location refers to; s3.bucket wins over the location's bucket. */
  resolve(location: string): Parsed {
    const m = LOCATION.exec(location);
    if (!m) throw new StorageError('invalid-location', `Not an S3 location: ${location} (expected s3://bucket/key)`, location);
    const [, scheme, locBucket, key = ''] = m;
    const bucket = this.bucket ?? locBucket;
    if (!bucket) throw new StorageError('invalid-location', `Cannot determine the S3 bucket for ${location}: set s3.bucket or use s3://bucket/key`, location);
    return { bucket, key, root: `${scheme}://${locBucket}/` };
  }

  private objectKey(location: string): Parsed {
    const p = this.resolve(location);
    if (p.key === '' || p.key.endsWith('/')) throw new StorageError('invalid-location', `Not an object location (no key, or a folder): ${location}`, location);
    return p;
  }

  private client(): Promise<{ sdk: Sdk; client: S3Client }> {
    this.clientPromise ??= (async () => {
      let sdk: Sdk;
      try {
        sdk = await import('@aws-sdk/client-s3');
      } catch {
        throw new StorageError('unavailable', 'S3 storage needs the @aws-sdk/client-s3 package: run npm install @aws-sdk/client-s3');
      }
      const cfg: S3ClientConfig = {
        region: this.region,
        forcePathStyle: this.pathStyle,
        maxAttempts: 3,
        // Checksums only where S3 requires them: many S3-compatible servers reject the
        // newer default CRC trailers.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        // Policy-checked connections, short timeouts (idle 30 s), no redirects (none are followed).
        requestHandler: { ...outboundAgentOptions(this.policy), connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
      };
      if (this.endpoint) cfg.endpoint = this.endpoint;
      if (this.accessKeyId && this.secretAccessKey) {
        cfg.credentials = { accessKeyId: this.accessKeyId, secretAccessKey: this.secretAccessKey, ...(this.sessionToken ? { sessionToken: this.sessionToken } : {}) };
      }
      return { sdk, client: new sdk.S3Client(cfg) };
    })();
    this.clientPromise.catch(() => (this.clientPromise = undefined));
    return this.clientPromise;
  }

  async read(location: string): Promise<Buffer> {
    const { bucket, key } = this.objectKey(location);
    const { sdk, client } = await this.client();
    try {
      const res = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key }));
      this.requireS3Answer(res.$metadata, location);
      if (!res.Body) return Buffer.alloc(0);
      return Buffer.from(await res.Body.transformToByteArray());
    } catch (e) {
      throw this.mapError(e, location, bucket);
    }
  }

  async write(location: string, data: Buffer | string, opts: { ifNotExists?: boolean } = {}): Promise<void> {
    const { bucket, key } = this.objectKey(location);
    const { sdk, client } = await this.client();
    const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await client.send(new sdk.PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: body.length, ...(opts.ifNotExists ? { IfNoneMatch: '*' } : {}) }));
        this.requireS3Answer(res.$metadata, location);
        return;
      } catch (e) {
        // AWS answers 409 ConditionalRequestConflict while a competing conditional write
        // is in flight: retry, and the loser then gets 412.
        if (opts.ifNotExists && errorName(e) === 'ConditionalRequestConflict' && attempt < 5) {
          await new Promise((r) => setTimeout(r, 20 * (attempt + 1)));
          continue;
        }
        throw this.mapError(e, location, bucket);
      }
    }
  }

  async stat(location: string): Promise<ObjectInfo | undefined> {
    const { bucket, key } = this.resolve(location);
    if (key === '' || key.endsWith('/')) return undefined;
    const { sdk, client } = await this.client();
    try {
      const res = await client.send(new sdk.HeadObjectCommand({ Bucket: bucket, Key: key }));
      this.requireS3Answer(res.$metadata, location);
      this.knownBuckets.add(bucket);
      return { location, size: res.ContentLength ?? 0, modifiedAt: (res.LastModified ?? new Date(0)).toISOString() };
    } catch (e) {
      const err = this.mapError(e, location, bucket);
      if (err.code !== 'not-found' || /^Bucket /.test(err.message)) throw err;
      // HEAD responses carry no error code: NoSuchKey and NoSuchBucket both arrive as a
      // bare 404. Ask about the bucket once so a wrong s3.bucket is not mistaken for a
      // missing object.
      await this.assertBucket(bucket, location);
      return undefined;
    }
  }

  private async assertBucket(bucket: string, location: string): Promise<void> {
    if (this.knownBuckets.has(bucket)) return;
    const { sdk, client } = await this.client();
    try {
      await client.send(new sdk.HeadBucketCommand({ Bucket: bucket }));
    } catch (e) {
      const err = this.mapError(e, location, bucket);
      if (err.code === 'not-found') throw this.mapError(Object.assign(new Error('NoSuchBucket'), { name: 'NoSuchBucket' }), location, bucket);
      throw err;
    }
    this.knownBuckets.add(bucket);
  }

  /** Creates the bucket (s3.bucket, else the location's); false when this account already owns it. */
  async createContainer(location: string): Promise<boolean> {
    const { bucket } = this.resolve(location);
    const { sdk, client } = await this.client();
    try {
      await client.send(
        new sdk.CreateBucketCommand({
          Bucket: bucket,
          // Outside us-east-1, AWS wants the region named; S3-compatible servers accept it too.
          ...(this.region !== DEFAULT_REGION ? { CreateBucketConfiguration: { LocationConstraint: this.region as never } } : {}),
        }),
      );
      this.knownBuckets.add(bucket);
      return true;
    } catch (e) {
      const name = errorName(e);
      if (name === 'BucketAlreadyOwnedByYou') {
        this.knownBuckets.add(bucket);
        return false;
      }
      if (name === 'BucketAlreadyExists') {
        throw new StorageError('already-exists', `Bucket "${bucket}" already exists and belongs to another account (bucket names are global on AWS): choose another name in s3.bucket or the location`, location);
      }
      if (name === 'InvalidBucketName') throw new StorageError('invalid-location', `"${bucket}" is not a valid bucket name: 3-63 lower-case letters, digits, "." and "-"`, location);
      throw this.mapError(e, location, bucket);
    }
  }

  async list(prefix: string, opts: { delimiter?: string; pageToken?: string; pageSize?: number } = {}): Promise<ListResult> {
    if (opts.delimiter !== undefined && opts.delimiter !== '/') {
      throw new StorageError('invalid-location', `Unsupported delimiter ${JSON.stringify(opts.delimiter)}: only "/" is supported`, prefix);
    }
    const { bucket, key, root } = this.resolve(prefix);
    const { sdk, client } = await this.client();
    const paged = opts.pageToken !== undefined || opts.pageSize !== undefined;
    const result: ListResult = { objects: [], prefixes: [], nextPageToken: null };
    let token = opts.pageToken;
    do {
      let res;
      try {
        res = await client.send(
          new sdk.ListObjectsV2Command({
            Bucket: bucket,
            Prefix: key,
            ...(opts.delimiter ? { Delimiter: opts.delimiter } : {}),
            ...(token ? { ContinuationToken: token } : {}),
            ...(opts.pageSize !== undefined ? { MaxKeys: Math.max(1, Math.min(1000, Math.floor(opts.pageSize))) } : {}),
          }),
        );
      } catch (e) {
        throw this.mapError(e, prefix, bucket);
      }
      this.requireS3Answer(res.$metadata, prefix);
      for (const o of res.Contents ?? []) {
        if (o.Key === undefined) continue;
        result.objects.push({ location: root + o.Key, size: o.Size ?? 0, modifiedAt: (o.LastModified ?? new Date(0)).toISOString() });
      }
      for (const p of res.CommonPrefixes ?? []) if (p.Prefix !== undefined) result.prefixes.push(root + p.Prefix);
      token = res.IsTruncated ? res.NextContinuationToken : undefined;
      if (paged) {
        result.nextPageToken = token ?? null;
        break;
      }
    } while (token);
    return result;
  }

  async delete(location: string): Promise<boolean> {
    const { bucket, key } = this.resolve(location);
    if (key === '' || key.endsWith('/')) return false;
    // DeleteObject succeeds whether or not the key exists: look first to report false.
    if ((await this.stat(location)) === undefined) return false;
    const { sdk, client } = await this.client();
    try {
      await client.send(new sdk.DeleteObjectCommand({ Bucket: bucket, Key: key }));
      return true;
    } catch (e) {
      throw this.mapError(e, location, bucket);
    }
  }

  async deletePrefix(prefix: string): Promise<number> {
    const { bucket, key } = this.resolve(prefix);
    if (key === '') throw new StorageError('invalid-location', `Refusing to delete every object in bucket "${bucket}": ${prefix}`, prefix);
    const { sdk, client } = await this.client();
    let deleted = 0;
    let token: string | undefined;
    do {
      let page;
      try {
        page = await client.send(new sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: key, MaxKeys: DELETE_BATCH, ...(token ? { ContinuationToken: token } : {}) }));
      } catch (e) {
        throw this.mapError(e, prefix, bucket);
      }
      const keys = (page.Contents ?? []).flatMap((o) => (o.Key === undefined ? [] : [{ Key: o.Key }]));
      if (keys.length) {
        let res;
        try {
          res = await client.send(new sdk.DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
        } catch (e) {
          throw this.mapError(e, prefix, bucket);
        }
        const failed = (res.Errors ?? []).filter((x) => x.Code !== 'NoSuchKey');
        if (failed.length) {
          const first = failed[0];
          const code = first.Code === 'AccessDenied' ? 'access-denied' : 'unavailable';
          throw new StorageError(code, `Could not delete ${failed.length} object(s) below ${prefix} at ${this.target}: ${first.Code ?? 'error'} on ${first.Key ?? '?'}`, prefix);
        }
        deleted += keys.length - (res.Errors?.length ?? 0);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return deleted;
  }

  /** Maps an SDK or network error to a StorageError whose message names what to fix. */
  mapError(e: unknown, location: string, bucket: string): StorageError {
    if (e instanceof StorageError) return e;
    const refused = refusalIn(e);
    if (refused) return new StorageError('access-denied', `Refused to call ${this.target}: ${refused}`, location);
    const name = errorName(e);
    const meta = (e as { $metadata?: { httpStatusCode?: number; requestId?: string; extendedRequestId?: string } })?.$metadata;
    const status = meta?.httpStatusCode;
    // An HTTP answer without S3's request id is not from S3: its body is not worth repeating.
    if (status !== undefined && !meta?.requestId && !meta?.extendedRequestId) {
      return this.notS3(location, `HTTP ${status}${status >= 300 && status < 400 ? ', a redirect (not followed)' : ''}`);
    }
    const at = this.target;
    const err = (code: ConstructorParameters<typeof StorageError>[0], msg: string) => new StorageError(code, this.redact(msg), location);
    switch (name) {
      case 'NoSuchKey':
        return err('not-found', `Not found: ${location}`);
      case 'NoSuchBucket':
        return err('not-found', `Bucket "${bucket}" does not exist at ${at}: create it or fix s3.bucket`);
      case 'InvalidAccessKeyId':
        return err('access-denied', `${at} does not know the access key id in s3.access-key-id: check s3.access-key-id`);
      case 'SignatureDoesNotMatch':
        return err('access-denied', `${at} rejected the request signature: s3.secret-access-key does not match s3.access-key-id (check s3.secret-access-key)`);
      case 'ExpiredToken':
      case 'InvalidToken':
      case 'TokenRefreshRequired':
        return err('access-denied', `${at} rejected the session token (${name}): renew s3.session-token`);
      case 'AccessDenied':
      case 'AllAccessDisabled':
        return err('access-denied', `Access denied to ${location} at ${at}: the credentials in s3.access-key-id / s3.secret-access-key lack permission`);
      case 'PreconditionFailed':
        return err('already-exists', `Object already exists: ${location}`);
      case 'CredentialsProviderError':
        return err('access-denied', `No S3 credentials: set s3.access-key-id and s3.secret-access-key`);
      case 'PermanentRedirect':
      case 'AuthorizationHeaderMalformed':
        return err('unavailable', `Bucket "${bucket}" is in another region than s3.region=${this.region} (${name}): fix s3.region`);
    }
    if (status === 412) return err('already-exists', `Object already exists: ${location}`);
    if (status === 404) return err('not-found', `Not found: ${location}`);
    if (status === 403) return err('access-denied', `Access denied to ${location} at ${at} (HTTP 403): check s3.access-key-id and s3.secret-access-key`);
    if (status === 401) return err('access-denied', `${at} refused the credentials (HTTP 401): check s3.access-key-id and s3.secret-access-key`);
    const code = (e as { code?: string })?.code ?? (e as { cause?: { code?: string } })?.cause?.code;
    if (code && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|UND_ERR_\w+)$/.test(code)) {
      return err('unavailable', `Cannot reach ${at} (${code}): check s3.endpoint and that the server is running`);
    }
    if (name === 'TimeoutError' || name === 'RequestTimeout') return err('unavailable', `${at} timed out on ${location}`);
    const msg = (e as Error)?.message ?? String(e);
    return err('unavailable', `S3 request for ${location} at ${at} failed: ${name ?? 'error'}${status ? ` (HTTP ${status})` : ''}: ${msg}`);
  }

  /** Belt and braces: no secret ever leaves in a message. */
  private redact(msg: string): string {
    let out = msg;
    for (const s of [this.secretAccessKey, this.sessionToken]) if (s && s.length >= 4) out = out.split(s).join('***');
    return out;
  }
}

function errorName(e: unknown): string | undefined {
  return (e as { name?: string; Code?: string })?.Code ?? (e as { name?: string })?.name;
}
