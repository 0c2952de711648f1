// Storage types the warehouse form offers, by location scheme: what the location looks
// like and the exact Iceberg FileIO keys each one starts with (values left for the user).
import { storageSchemeOf, type StorageScheme } from '../../../shared/storage-config.js';

export type { StorageScheme };

export interface StoragePreset {
  scheme: StorageScheme;
  label: string;
  /** Shown under the location field. */
  locationHint: string;
  locationExample: string;
  storageConfig: Record<string, string>;
  /** One sentence on what the keys are for. */
  help: string;
}

export const STORAGE_PRESETS: readonly StoragePreset[] = [
  {
    scheme: 'file',
    label: 'Local folder',
    locationHint: 'file:///absolute/path or /absolute/path on the machine running the catalog server',
    locationExample: 'file:///home/me/lake',
    storageConfig: {},
    help: 'A folder on this machine. Local warehouses take no storage settings.',
  },
  {
    scheme: 's3',
    label: 'S3 / MinIO',
    locationHint: 's3://bucket/prefix (s3a:// and s3n:// work too); the bucket comes from s3.bucket first, then from the location',
    locationExample: 's3://warehouse/lake',
    storageConfig: { 's3.endpoint': 'http://localhost:9000', 's3.region': 'us-east-1', 's3.access-key-id': '', 's3.secret-access-key': '', 's3.path-style-access': 'true' },
    help: 'For AWS S3 itself, remove s3.endpoint and s3.path-style-access; for MinIO and other S3-compatible servers keep both.',
  },
  {
    scheme: 'azure',
    label: 'Azure (ADLS Gen2 / Blob)',
    locationHint: 'abfss://container@account.dfs.core.windows.net/prefix (or wasbs://…)',
    locationExample: 'abfss://lake@myaccount.dfs.core.windows.net/warehouse',
    storageConfig: { 'adls.account-name': '', 'adls.account-key': '' },
    help: 'The storage account and its key (or adls.sas-token / adls.connection-string instead of the key).',
  },
  {
    scheme: 'gcs',
    label: 'Google Cloud Storage',
    locationHint: 'gs://bucket/prefix',
    locationExample: 'gs://my-bucket/warehouse',
    storageConfig: { 'gcs.project-id': '' },
    help: 'Add gcs.oauth2.token for a token; without it the server uses Application Default Credentials. gcs.service.host points at an emulator.',
  },
];

export function presetFor(scheme: StorageScheme): StoragePreset {
  return STORAGE_PRESETS.find((p) => p.scheme === scheme) ?? STORAGE_PRESETS[0]!;
}

/** The storage type a location names, for lists ("S3 / MinIO"), or "Unknown". */
export function storageLabel(location: string): string {
  const scheme = storageSchemeOf(location);
  return scheme ? presetFor(scheme).label : 'Unknown';
}

export interface LocationCheck {
  scheme?: StorageScheme;
  error?: string;
}

/** Field-level check of a location against the chosen storage type. */
export function checkLocation(location: string, chosen: StorageScheme): LocationCheck {
  const value = location.trim();
  if (!value) return { error: 'Enter where the warehouse keeps its data' };
  if (value !== location) return { error: 'Remove the leading or trailing spaces' };
  const scheme = storageSchemeOf(value);
  if (!scheme) return { error: `Unsupported location: use ${STORAGE_PRESETS.map((p) => p.locationExample).join(', ')}` };
  if (scheme === 'file' && !/^(file:\/\/\/|\/|[A-Za-z]:[\\/]|file:\/[A-Za-z]:)/.test(value)) {
    return { scheme, error: 'A local location must be an absolute path or file:///absolute/path' };
  }
  if (scheme !== chosen) return { scheme, error: `This is a ${presetFor(scheme).label} location but the storage type is ${presetFor(chosen).label}` };
  return { scheme };
}

/**
 * Switching storage type: the new preset's keys, keeping any value already typed for a
 * key of the same name; keys of the old type are dropped.
 */
export function applyPreset(scheme: StorageScheme, current: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(presetFor(scheme).storageConfig)) out[k] = current[k] ?? v;
  return out;
}

/** The key naming the storage endpoint, per scheme (what client_config usually overrides). */
export const ENDPOINT_KEY: Partial<Record<StorageScheme, string>> = { s3: 's3.endpoint', azure: 'adls.account-host', gcs: 'gcs.service.host' };

export interface DockerHostHint {
  key: string;
  host: string;
  /** The endpoint with the host replaced by localhost: what a client on this machine reaches. */
  suggested: string;
}

/**
 * The server reaches storage under a Docker host name (a single label such as `minio`)
 * and client_config does not say what clients should use: PyIceberg on this machine would
 * fail to resolve it. Mirrors the server's check (troubleshoot/endpoint-advice.ts).
 */
export function dockerHostHint(scheme: StorageScheme | undefined, storage: Record<string, string>, client: Record<string, string>): DockerHostHint | undefined {
  const key = scheme ? ENDPOINT_KEY[scheme] : undefined;
  if (!key || !storage[key] || client[key]) return undefined;
  let url: URL;
  try {
    url = new URL(storage[key]);
  } catch {
    return undefined;
  }
  const host = url.hostname;
  const loopback = host === 'localhost' || host === '[::1]' || /^127\./.test(host);
  if (loopback || host.includes('.') || host.includes(':') || !host) return undefined;
  return { key, host, suggested: storage[key].replace(host, 'localhost') };
}
