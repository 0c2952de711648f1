// Shared by the S3 vending strategies and the S3 signer (pure, no I/O): where a table
// lives in S3 (bucket + key prefix, bucket rule: s3.bucket FIRST, the location's host
// only as a fallback, as in storage/s3.ts) and the non-secret settings every S3 client
// needs to reach the storage (endpoint, region, addressing style).
import { StorageError } from '../storage/types.js';
import { isSecretKey } from '../storage/storage-config.js';

export interface S3Prefix {
  bucket: string;
  /** Key prefix of the table, without leading or trailing '/'; '' = the whole bucket. */
  prefix: string;
}

const LOCATION = /^(s3a?|s3n):\/\/([^/]*)(?:\/(.*))?$/i;

export function first(config: Record<string, string>, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = config[k]?.trim();
    if (v) return v;
  }
  return undefined;
}

/** Bucket and key prefix of an s3:// location (s3a://, s3n:// too). */
export function s3PrefixOf(location: string, storageConfig: Record<string, string>): S3Prefix {
  const m = LOCATION.exec(location);
  if (!m) throw new StorageError('invalid-location', `Not an S3 location: ${location} (expected s3://bucket/prefix); S3 credentials can only be vended for S3 tables`, location);
  const bucket = first(storageConfig, 's3.bucket') ?? m[2];
  if (!bucket) throw new StorageError('invalid-location', `Cannot determine the S3 bucket for ${location}: set s3.bucket or use s3://bucket/prefix`, location);
  const prefix = (m[3] ?? '').replace(/^\/+|\/+$/g, '');
  return { bucket, prefix };
}

/** The access key pair (and session token) of a warehouse; throws naming the missing key. */
export function warehouseKeys(storageConfig: Record<string, string>, purpose: string): { accessKeyId: string; secretAccessKey: string; sessionToken?: string } {
  const accessKeyId = first(storageConfig, 's3.access-key-id', 'client.access-key-id');
  const secretAccessKey = first(storageConfig, 's3.secret-access-key', 'client.secret-access-key');
  const sessionToken = first(storageConfig, 's3.session-token', 'client.session-token');
  if (!accessKeyId || !secretAccessKey) {
    const missing = [!accessKeyId && 's3.access-key-id', !secretAccessKey && 's3.secret-access-key'].filter(Boolean).join(' and ');
    throw new StorageError('access-denied', `${purpose} needs the warehouse's S3 keys: ${missing} missing in its storage_config`);
  }
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

/** Non-secret storage keys a client may receive as they are. */
const PASS_THROUGH = ['s3.force-virtual-addressing', 's3.server-side-encryption', 's3.sse-kms-key-id', 's3.sse.type', 's3.acl', 's3.checksum-enabled', 's3.dualstack-enabled', 's3.accelerate-enabled', 's3.cross-region-access-enabled', 's3.use-arn-region-enabled'];

/** Credential keys: only a strategy decides whether (and which) a client gets. */
const CREDENTIAL_KEYS = new Set(['s3.access-key-id', 's3.secret-access-key', 's3.session-token', 'client.access-key-id', 'client.secret-access-key', 'client.session-token', 's3.session-token-expires-at-ms']);

/**
 * What a client needs to reach the bucket, never a secret: `s3.endpoint` (the warehouse's
 * client_config value wins over the server's own: the client may reach the storage at
 * another address), `s3.region` and `client.region` (PyArrow otherwise asks AWS for the
 * bucket's region), `s3.path-style-access` (true whenever a custom endpoint is set, the
 * rule the server itself follows, since Iceberg Java defaults to virtual-host addressing
 * that MinIO-style endpoints do not serve), plus the rest of client_config.
 */
export function s3ClientKeys(storageConfig: Record<string, string>, clientConfig: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  const pick = (...keys: string[]) => first(clientConfig, ...keys) ?? first(storageConfig, ...keys);
  const endpoint = pick('s3.endpoint');
  if (endpoint) out['s3.endpoint'] = endpoint.replace(/\/+$/, '');
  const region = pick('s3.region', 'client.region');
  if (region) {
    out['s3.region'] = region;
    out['client.region'] = region;
  }
  const pathStyle = pick('s3.path-style-access');
  const virtual = pick('s3.force-virtual-addressing')?.toLowerCase() === 'true';
  if (pathStyle) out['s3.path-style-access'] = pathStyle.toLowerCase();
  else if (endpoint && !virtual) out['s3.path-style-access'] = 'true';
  for (const k of PASS_THROUGH) {
    const v = first(storageConfig, k);
    if (v !== undefined) out[k] = v;
  }
  for (const [k, v] of Object.entries(clientConfig)) {
    if (out[k] !== undefined || CREDENTIAL_KEYS.has(k) || isSecretKey(k) || typeof v !== 'string' || v.trim() === '') continue;
    out[k] = v;
  }
  return out;
}

/** The `storage-credentials` prefix: the table location as clients spell it (no trailing '/'). */
export function credentialPrefix(tableLocation: string): string {
  return tableLocation.replace(/\/+$/, '');
}

/** Replaces every occurrence of the given secrets in a message. */
export function redact(message: string, ...secrets: (string | undefined)[]): string {
  let out = message;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('***');
  return out;
}
