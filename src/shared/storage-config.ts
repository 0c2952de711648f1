// Shared by the server and the renderer (the warehouse form validates as you type).
// Validation of a warehouse's storage config (pure, no I/O). Only the Apache Iceberg
// FileIO property names are accepted (the keys PyIceberg and Iceberg Java read), so a
// config that a client would silently ignore is refused up front with the right name:
// `access_key_id` or `AWS_ACCESS_KEY_ID` -> `s3.access-key-id`, and so on. Error messages
// never contain a secret value.

export type StorageScheme = 's3' | 'azure' | 'gcs' | 'file';

export interface StorageConfigError {
  key: string;
  message: string;
  /** The key to use instead, when there is one. */
  suggestion?: string;
}

export type StorageConfigResult = { ok: true; config: Record<string, string> } | { ok: false; errors: StorageConfigError[] };

const SCHEME_LABEL: Record<StorageScheme, string> = { s3: 'S3', azure: 'Azure', gcs: 'Google Cloud Storage', file: 'local (file://)' };

/** Keys every scheme accepts: which FileIO to use, and the warehouse's storage type. */
const COMMON_KEYS = ['type', 'io-impl', 'py-io-impl'];

/** Iceberg S3FileIO (Java) and PyIceberg S3 properties. */
export const S3_KEYS: readonly string[] = [
  's3.access-key-id',
  's3.secret-access-key',
  's3.session-token',
  's3.endpoint',
  's3.region',
  's3.bucket',
  's3.path-style-access',
  's3.force-virtual-addressing',
  's3.resolve-region',
  's3.proxy-uri',
  's3.connect-timeout',
  's3.request-timeout',
  's3.role-arn',
  's3.role-session-name',
  's3.anonymous',
  's3.signer',
  's3.signer.uri',
  's3.signer.endpoint',
  's3.remote-signing-enabled',
  's3.server-side-encryption',
  's3.sse-kms-key-id',
  's3.sse.type',
  's3.sse.key',
  's3.sse.md5',
  's3.acl',
  's3.checksum-enabled',
  's3.multipart.size',
  's3.staging-dir',
  's3.use-arn-region-enabled',
  's3.access-points',
  's3.dualstack-enabled',
  's3.accelerate-enabled',
  's3.cross-region-access-enabled',
  's3.delete-enabled',
  's3.preload-client-enabled',
  'client.region',
  'client.access-key-id',
  'client.secret-access-key',
  'client.session-token',
  'client.factory',
  'client.assume-role.arn',
  'client.assume-role.region',
  'client.assume-role.external-id',
  'client.assume-role.session-name',
  'client.assume-role.timeout-sec',
];

/** Iceberg ADLSFileIO / PyIceberg Azure properties; any `adls.` key is also accepted. */
export const AZURE_KEYS: readonly string[] = [
  'azure.account-name',
  'azure.account-key',
  'azure.sas-token',
  'azure.tenant-id',
  'azure.client-id',
  'azure.client-secret',
  'azure.connection-string',
  'adls.account-name',
  'adls.account-key',
  'adls.sas-token',
  'adls.connection-string',
  'adls.tenant-id',
  'adls.client-id',
  'adls.client-secret',
  'adls.account-host',
  'adls.blob-storage-authority',
  'adls.dfs-storage-authority',
  'adls.blob-storage-scheme',
  'adls.dfs-storage-scheme',
  'adls.token',
  'adls.anon',
  'adls.read.block-size-bytes',
  'adls.write.block-size-bytes',
];
const AZURE_PREFIXES = ['adls.'];

/** Iceberg GCSFileIO / PyIceberg GCS properties. */
export const GCS_KEYS: readonly string[] = [
  'gcs.project-id',
  'gcs.oauth2.token',
  'gcs.oauth2.token-expires-at',
  'gcs.oauth2.refresh-credentials-enabled',
  'gcs.oauth2.refresh-credentials-endpoint',
  'gcs.service.host',
  'gcs.user-project',
  'gcs.no-auth',
  'gcs.access',
  'gcs.consistency',
  'gcs.cache-timeout',
  'gcs.requester-pays',
  'gcs.session-kwargs',
  'gcs.default-location',
  'gcs.version-aware',
  'gcs.channel.read.chunk-size-bytes',
  'gcs.channel.write.chunk-size-bytes',
  'gcs.decryption-key',
  'gcs.encryption-key',
  'gcs.delete.batch-size',
];

const SCHEME_KEYS: Record<StorageScheme, readonly string[]> = { s3: S3_KEYS, azure: AZURE_KEYS, gcs: GCS_KEYS, file: [] };

/** Keys whose values are never echoed. */
const SECRET_KEYS = new Set([
  's3.secret-access-key',
  's3.session-token',
  's3.sse.key',
  'client.secret-access-key',
  'client.session-token',
  'azure.account-key',
  'azure.sas-token',
  'azure.client-secret',
  'azure.connection-string',
  'adls.account-key',
  'adls.sas-token',
  'adls.connection-string',
  'adls.client-secret',
  'adls.token',
  'gcs.oauth2.token',
  'gcs.decryption-key',
  'gcs.encryption-key',
]);

/** Holds a secret: a secret Iceberg key, a legacy name of one (`secret_access_key`, `connection_string`, ...) or a secret-looking name. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key) || secretAliases().has(normalise(key)) || /secret|password|token|key$|credential|sas/i.test(key.replace(/access-key-id$/i, ''));
}

/**
 * Whether a key holds a secret on this scheme, a legacy or misspelt name counting as the key
 * it stands for (`access_key` is S3's access key id, Azure's account key): what a rename
 * may not change (warehouse-rules.ts renameKeys).
 */
export function isSecretKeyFor(scheme: StorageScheme | undefined, key: string): boolean {
  const canonical = scheme ? ALIASES[scheme][normalise(key)] : undefined;
  return isSecretKey(canonical ?? key);
}

let secretAliasNames: Set<string> | undefined;
/** Normalised legacy names of secret keys, on any scheme (built on first use: ALIASES is defined below). */
function secretAliases(): Set<string> {
  secretAliasNames ??= new Set(
    Object.values(ALIASES).flatMap((table) => Object.entries(table).filter(([, canonical]) => SECRET_KEYS.has(canonical)).map(([alias]) => alias)),
  );
  return secretAliasNames;
}

/**
 * Legacy or wrong spellings, matched after normalising (lower case, `-`, `_`, `.` and
 * spaces dropped). Each entry maps to the Iceberg key for the scheme it belongs to.
 */
const ALIASES: Record<StorageScheme, Record<string, string>> = {
  s3: aliasTable({
    's3.access-key-id': ['access_key_id', 'AWS_ACCESS_KEY_ID', 's3.access_key_id', 'accessKeyId', 'access_key', 'accessKey', 's3.access-key', 'aws.access-key-id', 'key_id', 'S3_ACCESS_KEY', 'MINIO_ROOT_USER', 'MINIO_ACCESS_KEY'],
    's3.secret-access-key': ['secret_access_key', 'AWS_SECRET_ACCESS_KEY', 's3.secret_access_key', 'secretAccessKey', 'secret_key', 'secretKey', 's3.secret-key', 'aws.secret-access-key', 'S3_SECRET_KEY', 'MINIO_ROOT_PASSWORD', 'MINIO_SECRET_KEY'],
    's3.session-token': ['session_token', 'AWS_SESSION_TOKEN', 's3.session_token', 'sessionToken', 'security_token', 'AWS_SECURITY_TOKEN'],
    's3.bucket': ['bucket', 'bucket_name', 'bucketName', 'S3_BUCKET', 'BUCKET_NAME', 's3.bucket-name', 's3.bucket_name'],
    's3.endpoint': ['endpoint', 'S3_ENDPOINT', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_S3', 'endpoint_url', 'endpointUrl', 's3.endpoint-url', 's3.endpoint_url', 'AWS_S3_ENDPOINT', 's3.url'],
    's3.region': ['region', 'AWS_REGION', 'AWS_DEFAULT_REGION', 's3.region_name', 'region_name', 'regionName', 'aws.region', 'S3_REGION'],
    's3.path-style-access': ['path_style_access', 's3.path_style_access', 'pathStyleAccess', 'force_path_style', 'forcePathStyle', 's3.force-path-style', 's3.force_path_style', 'virtual_hosted_style_request', 'AWS_S3_FORCE_PATH_STYLE', 's3.path-style', 'path_style'],
  }),
  azure: aliasTable({
    'azure.account-name': ['account_name', 'accountName', 'AZURE_STORAGE_ACCOUNT', 'AZURE_STORAGE_ACCOUNT_NAME', 'azure_storage_account_name', 'azure.account_name', 'storage_account'],
    'azure.account-key': ['account_key', 'accountKey', 'AZURE_STORAGE_KEY', 'AZURE_STORAGE_ACCOUNT_KEY', 'azure_storage_account_key', 'azure.account_key', 'access_key'],
    'azure.sas-token': ['sas_token', 'sasToken', 'AZURE_STORAGE_SAS_TOKEN', 'azure.sas_token'],
    'azure.tenant-id': ['tenant_id', 'AZURE_TENANT_ID'],
    'azure.client-id': ['client_id', 'AZURE_CLIENT_ID'],
    'azure.client-secret': ['client_secret', 'AZURE_CLIENT_SECRET'],
    'azure.connection-string': ['connection_string', 'AZURE_STORAGE_CONNECTION_STRING'],
  }),
  gcs: aliasTable({
    'gcs.project-id': ['project_id', 'projectId', 'GOOGLE_CLOUD_PROJECT', 'GCLOUD_PROJECT', 'gcp.project-id', 'gcp.project_id', 'gcs.project_id', 'gcs.project'],
    'gcs.oauth2.token': ['token', 'oauth2_token', 'access_token', 'GOOGLE_OAUTH_ACCESS_TOKEN', 'gcs.token', 'gcs.oauth2-token', 'gcs.oauth2_token'],
    'gcs.service.host': ['STORAGE_EMULATOR_HOST', 'gcs.endpoint', 'endpoint'],
  }),
  file: {},
};

function normalise(key: string): string {
  return key.toLowerCase().replace(/[-_.\s]/g, '');
}

function aliasTable(entries: Record<string, string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [canonical, aliases] of Object.entries(entries)) {
    for (const a of aliases) out[normalise(a)] = canonical;
  }
  return out;
}

/** The scheme a known key belongs to, if any. */
function schemeOfKey(key: string): StorageScheme | undefined {
  for (const s of ['s3', 'azure', 'gcs'] as const) {
    if (SCHEME_KEYS[s].includes(key)) return s;
  }
  if (AZURE_PREFIXES.some((p) => key.startsWith(p))) return 'azure';
  return undefined;
}

function isKnown(scheme: StorageScheme, key: string): boolean {
  if (COMMON_KEYS.includes(key)) return true;
  if (SCHEME_KEYS[scheme].includes(key)) return true;
  return scheme === 'azure' && AZURE_PREFIXES.some((p) => key.startsWith(p) && key.length > p.length);
}

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The closest key in candidates, if it is close enough to be a typo. */
function closest(key: string, candidates: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    const dist = Math.min(editDistance(lower, c), editDistance(normalise(key), normalise(c)));
    if (dist < bestDist) {
      best = c;
      bestDist = dist;
    }
  }
  const allowed = Math.max(2, Math.floor(key.length / 6));
  return best !== undefined && bestDist <= allowed ? best : undefined;
}

function looksLikeEnvVar(key: string): boolean {
  return /^[A-Z][A-Z0-9_]*$/.test(key) && key.includes('_');
}

/** The problem with one key name for this scheme (unknown, legacy, wrong case), if any: the form checks names as they are typed. */
export function checkStorageKey(scheme: StorageScheme, key: string): StorageConfigError | undefined {
  return checkKey(scheme, key);
}

function checkKey(scheme: StorageScheme, key: string): StorageConfigError | undefined {
  if (isKnown(scheme, key)) return undefined;
  const label = SCHEME_LABEL[scheme];
  const norm = normalise(key);

  // Same key in the wrong case or with '_' for '-': an exact match after normalising.
  const own = [...SCHEME_KEYS[scheme], ...COMMON_KEYS];
  const sameKey = own.find((k) => normalise(k) === norm);
  if (sameKey) return { key, suggestion: sameKey, message: `Unknown storage config key "${key}": use "${sameKey}" (Iceberg keys are lower case, with "-" between words)` };

  const alias = ALIASES[scheme][norm];
  if (alias) {
    const why = looksLikeEnvVar(key) ? `"${key}" is an environment variable name, not an Iceberg storage property` : `"${key}" is not an Iceberg storage property`;
    return { key, suggestion: alias, message: `${why}: use "${alias}"` };
  }

  const other = schemeOfKey(key);
  if (other && other !== scheme) {
    return { key, message: `"${key}" is a ${SCHEME_LABEL[other]} property and has no effect on ${label} storage: remove it` };
  }

  if (scheme === 'file') {
    return { key, message: `"${key}" is not used by local (file://) storage: remove it (local warehouses take no storage settings)` };
  }

  const near = closest(key, own);
  if (near) return { key, suggestion: near, message: `Unknown storage config key "${key}": did you mean "${near}"?` };

  const hint = scheme === 's3' ? 's3.access-key-id, s3.secret-access-key, s3.endpoint, s3.region, s3.bucket' : scheme === 'azure' ? 'azure.account-name, azure.account-key, azure.sas-token, adls.*' : 'gcs.project-id, gcs.oauth2.token';
  return { key, message: `Unknown storage config key "${key}" for ${label} storage (known keys include ${hint})` };
}

const BOOLEAN_KEYS = new Set([
  's3.path-style-access',
  's3.force-virtual-addressing',
  's3.resolve-region',
  's3.anonymous',
  's3.remote-signing-enabled',
  's3.checksum-enabled',
  's3.use-arn-region-enabled',
  's3.dualstack-enabled',
  's3.accelerate-enabled',
  's3.cross-region-access-enabled',
  's3.delete-enabled',
  's3.preload-client-enabled',
  'adls.anon',
  'gcs.no-auth',
  'gcs.requester-pays',
  'gcs.version-aware',
  'gcs.oauth2.refresh-credentials-enabled',
]);

const URL_KEYS = new Set(['s3.endpoint', 's3.proxy-uri', 's3.signer.uri', 'gcs.service.host', 'gcs.oauth2.refresh-credentials-endpoint']);

const INTEGER_KEYS = new Set(['gcs.oauth2.token-expires-at', 's3.multipart.size', 'adls.read.block-size-bytes', 'adls.write.block-size-bytes', 'client.assume-role.timeout-sec']);

function checkUrl(key: string, value: string): StorageConfigError | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    const guess = /^[\w.-]+(:\d+)?(\/.*)?$/.test(value) ? ` (e.g. "http://${value}")` : '';
    return { key, message: `${key} must be an http:// or https:// URL${guess}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { key, message: `${key} must be an http:// or https:// URL, not ${url.protocol}//` };
  }
  if (url.username || url.password) {
    // never echo the value: it embeds a credential
    return { key, message: `${key} must not contain a user name or password: put credentials in s3.access-key-id and s3.secret-access-key` };
  }
  if (key === 's3.endpoint') {
    if (url.search || url.hash) return { key, message: `s3.endpoint must be a server URL such as ${url.origin}, without a query or fragment` };
    if (url.pathname !== '/' && url.pathname !== '') {
      return { key, message: `s3.endpoint must be a server URL such as ${url.origin}, without a path (put the bucket in s3.bucket, not in the endpoint)`, suggestion: 's3.bucket' };
    }
  }
  return undefined;
}

function checkValues(scheme: StorageScheme, config: Record<string, string>): StorageConfigError[] {
  const errors: StorageConfigError[] = [];
  for (const [key, raw] of Object.entries(config)) {
    if (typeof raw !== 'string') {
      errors.push({ key, message: `${key} must be a string` });
      continue;
    }
    const value = raw.trim();
    if (value === '') {
      errors.push({ key, message: `${key} is empty: set a value or remove the key` });
      continue;
    }
    if (value !== raw) {
      errors.push({ key, message: `${key} has leading or trailing spaces or line breaks (check the copied value)` });
      continue;
    }
    if (key === 'type' && value.toLowerCase() !== scheme && !(scheme === 'azure' && ['adls', 'abfs', 'abfss'].includes(value.toLowerCase())) && !(scheme === 'gcs' && value.toLowerCase() === 'gs')) {
      errors.push({ key, message: `type is "${value}" but the location is ${SCHEME_LABEL[scheme]} storage` });
    }
    if (BOOLEAN_KEYS.has(key) && !/^(true|false)$/i.test(value)) {
      errors.push({ key, message: `${key} must be true or false, not "${value}"` });
    }
    if (URL_KEYS.has(key)) {
      const e = checkUrl(key, value);
      if (e) errors.push(e);
    }
    if (INTEGER_KEYS.has(key) && !/^\d+$/.test(value)) {
      errors.push({ key, message: `${key} must be a whole number, not "${value}"` });
    }
    if ((key === 's3.region' || key === 'client.region') && !/^[a-z0-9-]+$/.test(value)) {
      errors.push({ key, message: `${key} must be a region name such as us-east-1, not "${value}"` });
    }
    if (key === 's3.bucket') {
      const e = checkBucket(value);
      if (e) errors.push(e);
    }
    if ((key === 's3.access-key-id' || key === 'client.access-key-id') && /\s/.test(value)) {
      errors.push({ key, message: `${key} must not contain spaces` });
    }
    if ((key === 'azure.account-name' || key === 'adls.account-name') && !/^[a-z0-9]{3,24}$/.test(value)) {
      errors.push({ key, message: `${key} must be a storage account name: 3-24 lower-case letters and digits, not "${value}"` });
    }
  }
  return errors;
}

function checkBucket(value: string): StorageConfigError | undefined {
  const key = 's3.bucket';
  const m = /^s3a?:\/\/([^/]+)/i.exec(value);
  if (m) return { key, message: `s3.bucket must be a bucket name, not a location: use "${m[1]}"` };
  if (value.includes('/')) return { key, message: `s3.bucket must be a bucket name without "/" (the key prefix belongs in the warehouse location)` };
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value) || value.includes('..')) {
    return { key, message: `s3.bucket "${value}" is not a valid bucket name: 3-63 lower-case letters, digits, "." and "-", starting and ending with a letter or digit` };
  }
  return undefined;
}

/** Credentials come in pairs: a secret without its key id (or the reverse) is a mistake. */
function checkPairs(scheme: StorageScheme, config: Record<string, string>): StorageConfigError[] {
  const errors: StorageConfigError[] = [];
  const has = (k: string) => typeof config[k] === 'string' && config[k].trim() !== '';
  if (scheme === 's3') {
    for (const p of ['s3', 'client']) {
      const id = `${p}.access-key-id`;
      const secret = `${p}.secret-access-key`;
      const token = `${p}.session-token`;
      if (has(secret) && !has(id) && !has(p === 's3' ? 'client.access-key-id' : 's3.access-key-id')) {
        errors.push({ key: secret, suggestion: id, message: `${secret} is set but ${id} is missing: set both` });
      }
      if (has(id) && !has(secret) && !has(p === 's3' ? 'client.secret-access-key' : 's3.secret-access-key')) {
        errors.push({ key: id, suggestion: secret, message: `${id} is set but ${secret} is missing: set both` });
      }
      if (has(token) && !has('s3.access-key-id') && !has('client.access-key-id')) {
        errors.push({ key: token, suggestion: 's3.access-key-id', message: `${token} is set without s3.access-key-id and s3.secret-access-key: a session token is used together with them` });
      }
    }
    if (has('s3.path-style-access') && has('s3.force-virtual-addressing') && config['s3.path-style-access'].toLowerCase() === 'true' && config['s3.force-virtual-addressing'].toLowerCase() === 'true') {
      errors.push({ key: 's3.force-virtual-addressing', message: 's3.path-style-access=true and s3.force-virtual-addressing=true contradict each other: keep one' });
    }
    for (const [a, b] of [
      ['s3.region', 'client.region'],
      ['s3.access-key-id', 'client.access-key-id'],
    ]) {
      if (has(a) && has(b) && config[a] !== config[b]) errors.push({ key: b, message: `${a} and ${b} disagree: set only ${a}` });
    }
    if (has('s3.secret-access-key') && has('client.secret-access-key') && config['s3.secret-access-key'] !== config['client.secret-access-key']) {
      errors.push({ key: 'client.secret-access-key', message: 's3.secret-access-key and client.secret-access-key disagree: set only s3.secret-access-key' });
    }
  }
  if (scheme === 'azure') {
    for (const p of ['azure', 'adls']) {
      if (has(`${p}.account-key`) && !has('azure.account-name') && !has('adls.account-name')) {
        errors.push({ key: `${p}.account-key`, suggestion: 'azure.account-name', message: `${p}.account-key is set but azure.account-name is missing: set both` });
      }
    }
    if (has('azure.client-secret') && (!has('azure.client-id') || !has('azure.tenant-id'))) {
      errors.push({ key: 'azure.client-secret', message: 'azure.client-secret needs azure.client-id and azure.tenant-id as well' });
    }
  }
  return errors;
}

/**
 * Checks a warehouse storage config for the given storage scheme. Accepts exactly the
 * Iceberg property names; every problem is reported (not just the first), each with the
 * key it concerns and, when known, the key to use instead.
 */
export function validateStorageConfig(scheme: StorageScheme, config: Record<string, string>): StorageConfigResult {
  if (!(scheme in SCHEME_KEYS)) {
    return { ok: false, errors: [{ key: 'type', message: `Unknown storage scheme "${String(scheme)}": expected s3, azure, gcs or file` }] };
  }
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    return { ok: false, errors: [{ key: '', message: 'Storage config must be an object of string keys and values' }] };
  }
  const errors: StorageConfigError[] = [];
  const known: Record<string, string> = {};
  for (const key of Object.keys(config)) {
    const e = checkKey(scheme, key);
    if (e) errors.push(e);
    else known[key] = config[key];
  }
  errors.push(...checkValues(scheme, known), ...checkPairs(scheme, known));
  return errors.length ? { ok: false, errors } : { ok: true, config: { ...config } };
}

/** The storage scheme of a location (s3://, s3a://, abfss://, gs://, file:// or a path). */
export function storageSchemeOf(location: string): StorageScheme | undefined {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(location)?.[1]?.toLowerCase();
  if (!scheme) return location.startsWith('/') ? 'file' : undefined;
  if (scheme === 's3' || scheme === 's3a' || scheme === 's3n') return 's3';
  if (['abfs', 'abfss', 'wasb', 'wasbs'].includes(scheme)) return 'azure';
  if (scheme === 'gs') return 'gcs';
  if (scheme === 'file' || /^[a-z]$/.test(scheme)) return 'file'; // file: or a Windows drive letter
  return undefined;
}
