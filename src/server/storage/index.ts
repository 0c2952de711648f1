// Picks the ObjectStore for a location by its scheme. Instances are cached: one per
// scheme and storage config, since they are stateless apart from their configuration.
import { createHash } from 'node:crypto';
import { isLocalLocation, toLocalPath } from './file-location.js';
import { StorageError, type ObjectStore } from './types.js';

const CLOUD_SCHEMES: Record<string, string> = {
  s3: 'S3',
  s3a: 'S3',
  s3n: 'S3',
  abfs: 'Azure (ADLS Gen2)',
  abfss: 'Azure (ADLS Gen2)',
  wasb: 'Azure Blob',
  wasbs: 'Azure Blob',
  gs: 'Google Cloud',
};

const cache = new Map<string, Promise<ObjectStore>>();

export async function objectStoreFor(location: string, storageConfig: Record<string, string>): Promise<ObjectStore> {
  if (isLocalLocation(location)) {
    toLocalPath(location); // rejects a malformed file: URI up front (invalid-location)
    return cached('file', async () => new (await import('./local.js')).LocalObjectStore());
  }
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(location)?.[1]?.toLowerCase();
  if (scheme === 's3' || scheme === 's3a') {
    // One client per distinct config; the cache key is a hash so no secret sits in it.
    const key = `s3:${createHash('sha256').update(JSON.stringify(Object.entries(storageConfig).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))).digest('hex')}`;
    return cached(key, async () => new (await import('./s3.js')).S3ObjectStore(storageConfig));
  }
  if (scheme && CLOUD_SCHEMES[scheme]) {
    throw new StorageError('invalid-location', `${CLOUD_SCHEMES[scheme]} storage (${scheme}://) is not available yet: use a local folder (file://)`, location);
  }
  throw new StorageError('invalid-location', `Unsupported location ${location}: expected file:///absolute/path, an absolute path, or s3://, abfss://, gs://`, location);
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
