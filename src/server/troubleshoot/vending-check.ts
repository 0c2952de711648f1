// Step 5 of the seed guide's workflow, "Test Credential Vending", judged from what a
// client really received: the `config` (and `storage-credentials`) of a table loaded with
// `X-Iceberg-Access-Delegation: vended-credentials`. Pure: the caller does the request.
// Details show every key a client got, secrets masked.
import { REDACTED } from '../../shared/api/admin.js';
import type { TroubleshootStep } from '../../shared/api/troubleshoot.js';
import { isSecretKey, type StorageScheme } from '../storage/storage-config.js';

/** Keys a client needs from each strategy, in the Iceberg names PyIceberg and Iceberg Java read (Issue 3). */
const EXPECTED: Record<string, string[]> = {
  AwsStatic: ['s3.access-key-id', 's3.secret-access-key'],
  AwsSts: ['s3.access-key-id', 's3.secret-access-key', 's3.session-token'],
  S3RemoteSigning: ['s3.remote-signing-enabled', 's3.signer.uri'],
  GcpDownscoped: ['gcs.oauth2.token'],
};

/** The config with every secret replaced by the placeholder. */
export function maskConfig(config: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, isSecretKey(k) ? REDACTED : v]));
}

export interface VendedAnswer {
  strategy: string;
  scheme: StorageScheme;
  table: string;
  config: Record<string, string>;
  storageCredentials: { prefix: string; config: Record<string, string> }[];
}

export function vendedCredentialsStep(a: VendedAnswer): TroubleshootStep {
  const title = `Credential vending (${a.strategy})`;
  // Newer clients read prefix-scoped storage-credentials; older ones (and PyIceberg) the config.
  const merged: Record<string, string> = { ...a.config };
  for (const c of a.storageCredentials) for (const [k, v] of Object.entries(c.config)) merged[k] ??= v;
  const details = maskConfig(merged);
  let missing: string[];
  if (a.strategy === 'AzureSas') missing = Object.keys(merged).some((k) => k.startsWith('adls.sas-token')) ? [] : ['adls.sas-token.<account>'];
  else missing = (EXPECTED[a.strategy] ?? []).filter((k) => !merged[k]);
  if (missing.length) {
    return {
      id: 'vending',
      title,
      status: 'fail',
      message: `Loading ${a.table} with X-Iceberg-Access-Delegation: vended-credentials returned no ${missing.join(', ')}: clients will write data files without credentials (INVALID_ACCESS_KEY_ID / AccessDenied)`,
      fix: a.strategy === 'AwsStatic' || a.strategy === 'AwsSts' ? 'Store the keys in storage_config as s3.access-key-id and s3.secret-access-key (the exact Iceberg names)' : 'Check the warehouse storage_config for the keys the vending strategy signs with',
      details,
    };
  }
  const creds = a.storageCredentials.length ? ` and ${a.storageCredentials.length} prefix-scoped storage credential(s) (${a.storageCredentials.map((c) => c.prefix).join(', ')})` : '';
  return {
    id: 'vending',
    title,
    status: 'pass',
    message: `Loading ${a.table} with X-Iceberg-Access-Delegation: vended-credentials gives a client ${Object.keys(merged).length} config keys${creds}; see the details (secrets masked)`,
    details,
  };
}
