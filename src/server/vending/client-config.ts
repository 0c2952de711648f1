// The non-secret storage settings every client receives with a table, vended or not:
// where the storage is (the client-facing endpoint), its region and addressing style.
// Without them a client with its own keys still talks to the wrong host.
import { storageSchemeOf } from '../storage/storage-config.js';
import { gcsClientKeys } from './gcp-downscoped.js';
import { s3ClientKeys } from './s3-common.js';
import { isSecretKey } from '../storage/storage-config.js';

const AZURE_PUBLIC_KEYS = ['adls.account-name', 'adls.account-host', 'adls.blob-storage-authority', 'adls.blob-storage-scheme', 'adls.dfs-storage-authority', 'adls.dfs-storage-scheme'];

export function clientStorageConfig(location: string, storageConfig: Record<string, string>, clientConfig: Record<string, string>): Record<string, string> {
  switch (storageSchemeOf(location)) {
    case 's3':
      return s3ClientKeys(storageConfig, clientConfig);
    case 'gcs':
      return gcsClientKeys(storageConfig, clientConfig);
    case 'azure': {
      const out: Record<string, string> = {};
      for (const k of AZURE_PUBLIC_KEYS) {
        const v = clientConfig[k] ?? storageConfig[k];
        if (v?.trim()) out[k] = v;
      }
      for (const [k, v] of Object.entries(clientConfig)) if (out[k] === undefined && v.trim() && !isSecretKey(k)) out[k] = v;
      return out;
    }
    default:
      return {};
  }
}
