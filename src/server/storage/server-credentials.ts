// A catalog without a warehouse (Pangolin's "clients bring their own S3 keys") stores its
// files with the server's own S3 settings: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY,
// AWS_REGION and AWS_ENDPOINT_URL (or S3_ENDPOINT). It gets an implicit warehouse that
// holds no key at all, only this marker; the settings are read from the environment each
// time an object store is made, so they are never stored, never shown and never vended.
// Pure, no I/O.

export interface ServerS3Settings {
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  region?: string | undefined;
  endpoint?: string | undefined;
  /**
   * PANGOLIN_SERVER_CREDENTIALS_TENANTS: the tenants (by name, or '*' for all) whose
   * warehouses and catalogs may run on the server's own S3 identity. Default: `default`.
   */
  tenants?: readonly string[] | '*' | undefined;
}

export const DEFAULT_SERVER_CREDENTIALS_TENANTS: readonly string[] = ['default'];

/**
 * Whether a tenant may store files with the server's own S3 identity (its AWS_* variables,
 * or whatever the AWS SDK's default chain finds: ~/.aws, an instance role). Without this,
 * any tenant admin could reach every bucket the server's identity can, by leaving the keys out.
 */
export function mayUseServerCredentials(s: ServerS3Settings, tenantName: string): boolean {
  const allowed = s.tenants ?? DEFAULT_SERVER_CREDENTIALS_TENANTS;
  return allowed === '*' || allowed.includes(tenantName);
}

/** The refusal's wording, naming the setting that would allow it. */
export function serverCredentialsRefusal(what: string, tenantName: string): string {
  return `${what} would run on the server's own S3 credentials (AWS_* variables or the AWS SDK's default chain), which tenant "${tenantName}" may not use: give s3.access-key-id and s3.secret-access-key, or have the server's operator add "${tenantName}" to PANGOLIN_SERVER_CREDENTIALS_TENANTS`;
}

/** The storage_config key that marks a catalog's implicit warehouse. */
export const SERVER_CREDENTIALS_KEY = 'pangolin.server-credentials';

/** Catalog names are entity names, which never hold "~": no user warehouse can take this name. */
export const serverWarehouseName = (catalogName: string): string => `${catalogName}~server`;

export function usesServerCredentials(storageConfig: Record<string, string>): boolean {
  return storageConfig[SERVER_CREDENTIALS_KEY] === 'true';
}

/** The stored config of an implicit warehouse. */
export const serverCredentialsMarker = (): Record<string, string> => ({ [SERVER_CREDENTIALS_KEY]: 'true' });

/** The FileIO keys the server's environment stands for (no keys: the AWS SDK's own chain decides). */
export function serverS3Config(s: ServerS3Settings): Record<string, string> {
  const out: Record<string, string> = {};
  if (s.accessKeyId && s.secretAccessKey) {
    out['s3.access-key-id'] = s.accessKeyId;
    out['s3.secret-access-key'] = s.secretAccessKey;
  }
  if (s.region) out['s3.region'] = s.region;
  if (s.endpoint) out['s3.endpoint'] = s.endpoint;
  return out;
}

/** The config an object store is made with: the server's settings for an implicit warehouse. */
export function effectiveStorageConfig(storageConfig: Record<string, string>, s: ServerS3Settings): Record<string, string> {
  return usesServerCredentials(storageConfig) ? serverS3Config(s) : storageConfig;
}

/** Which variable set the endpoint, for messages. */
export const SERVER_ENDPOINT_VARIABLES = 'AWS_ENDPOINT_URL / S3_ENDPOINT';
