// Picks the ObjectStore for a location by its scheme (file, s3/s3a/s3n, abfs/abfss/wasb/wasbs,
// gs). Instances are cached: one per scheme, storage config and endpoint policy, since they
// are stateless apart from their configuration. Each store module (and its SDK) is imported
// lazily. A store refuses, when made, an endpoint the policy does not allow (403); a cached
// one was made under the same policy, so the answer stays the same.
import { createHash } from 'node:crypto';
import { DEFAULT_ENDPOINT_POLICY, type EndpointPolicy } from './endpoint-policy.js';
import { isLocalLocation, toLocalPath } from './file-location.js';
import { StorageError, type ObjectStore } from './types.js';

const cache = new Map<string, Promise<ObjectStore>>();

export async function objectStoreFor(location: string, storageConfig: Record<string, string>, opts: { policy?: EndpointPolicy } = {}): Promise<ObjectStore> {
  const policy = opts.policy ?? DEFAULT_ENDPOINT_POLICY;
  if (isLocalLocation(location)) {
    toLocalPath(location); // rejects a malformed file: URI up front (invalid-location)
    return cached('file', async () => new (await import('./local.js')).LocalObjectStore());
  }
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(location)?.[1]?.toLowerCase();
  if (scheme === 's3' || scheme === 's3a' || scheme === 's3n') {
    return cached(configKey('s3', storageConfig, policy), async () => new (await import('./s3.js')).S3ObjectStore(storageConfig, { policy }));
  }
  if (scheme === 'abfs' || scheme === 'abfss' || scheme === 'wasb' || scheme === 'wasbs') {
    return cached(configKey('azure', storageConfig, policy), async () => new (await import('./azure.js')).AzureObjectStore(storageConfig, { policy }));
  }
  if (scheme === 'gs') {
    return cached(configKey('gcs', storageConfig, policy), async () => new (await import('./gcs.js')).GcsObjectStore(storageConfig, { policy }));
  }
  throw new StorageError('invalid-location', `Unsupported location ${location}: expected file:///absolute/path, an absolute path, or s3://, abfss://, wasbs://, gs://`, location);
}

/** One client per distinct config; the cache key is a hash so no secret sits in it. */
function configKey(kind: string, storageConfig: Record<string, string>, policy: EndpointPolicy): string {
  const entries = Object.entries(storageConfig).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${kind}:${policy.spec}:${createHash('sha256').update(JSON.stringify(entries)).digest('hex')}`;
}

function cached(key: string, make: () => Promise<ObjectStore>): Promise<ObjectStore> {
  let p = cache.get(key);
  if (!p) {
    p = make();
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}
