// Pangolin 0.8 warehouse bodies, accepted as an alias of ours and mapped onto it before our
// schema parses it (pure). Pangolin's form has no `location` (it is the bucket: s3.bucket,
// azure.container + account, gcp.bucket), a `type` inside storage_config, an externally
// tagged vending_strategy ({"AwsStatic": {...}}, "None") and the legacy `use_sts`. Keys a
// strategy carries (AwsStatic's, AzureSas's) become the storage_config secrets they are
// here, so they are encrypted and redacted like every other one. storage_config keys are
// not loosened: a legacy name is still refused with the right one by our own validation.
import { REDACTED } from '../../../shared/api/admin.js';
import { storageSchemeOf, type StorageScheme } from '../../../shared/storage-config.js';
import { closestKey, isObject, refuseIf, unknownKeys, type JsonObject } from './forms-common.js';

/** Pangolin's VendingStrategy variants and their fields (pangolin_core/src/model.rs). */
const VARIANTS = {
  AwsStatic: ['access_key_id', 'secret_access_key'],
  AwsSts: ['role_arn', 'external_id'],
  AzureSas: ['account_name', 'account_key'],
  GcpDownscoped: ['service_account_email', 'private_key'],
} as const;
type Variant = keyof typeof VARIANTS;
const VARIANT_NAMES = [...Object.keys(VARIANTS), 'None'];

/** Where a strategy's own fields go in our storage_config. */
const FIELD_KEYS: Partial<Record<string, string>> = {
  access_key_id: 's3.access-key-id',
  secret_access_key: 's3.secret-access-key',
  account_name: 'adls.account-name',
  account_key: 'adls.account-key',
};

const CREATE_KEYS = ['name', 'location', 'use_sts', 'storage_config', 'client_config', 'vending_strategy', 'check'];
const UPDATE_KEYS = [...CREATE_KEYS, 'rename_keys'];

export interface WarehouseForm {
  /** The body in our form (our schema still parses it). */
  body: unknown;
  /** The request was in Pangolin's form: answer with its extra fields too. */
  pangolin: boolean;
  /** Update only: keys to set in the stored storage_config (the body carried none). */
  storagePatch?: Record<string, string>;
}

const isTagged = (v: unknown): boolean => typeof v === 'string' || (isObject(v) && !('type' in v));

/** Pangolin's shape is told by its own keys: use_sts, a tagged strategy, or no location with a bucket or type. */
export function isPangolinWarehouse(body: unknown, mode: 'create' | 'update'): body is JsonObject {
  if (!isObject(body)) return false;
  if ('use_sts' in body || ('vending_strategy' in body && body.vending_strategy !== null && isTagged(body.vending_strategy))) return true;
  const config = body.storage_config;
  if (!isObject(config) || 'location' in body) return mode === 'update' && 'name' in body;
  return 'type' in config || (mode === 'create' && ['s3.bucket', 'azure.container', 'gcp.bucket'].some((k) => k in config));
}

/** The scheme a Pangolin storage_config `type` names. */
function schemeOfType(type: unknown): StorageScheme | undefined {
  const t = typeof type === 'string' ? type.toLowerCase() : '';
  if (t === 's3') return 's3';
  if (['azure', 'adls', 'abfs', 'abfss'].includes(t)) return 'azure';
  if (['gcs', 'gs', 'gcp'].includes(t)) return 'gcs';
  return undefined;
}

/** The location Pangolin implies: the bucket (container) root; tables go below <catalog>/ as there. */
function derivedLocation(config: JsonObject, problems: string[]): string | undefined {
  const typed = schemeOfType(config.type);
  const scheme = typed ?? ('s3.bucket' in config ? 's3' : 'azure.container' in config ? 'azure' : 'gcp.bucket' in config ? 'gcs' : undefined);
  const str = (k: string) => (typeof config[k] === 'string' && config[k] !== '' ? (config[k] as string) : undefined);
  if (scheme === 's3' && str('s3.bucket')) return `s3://${str('s3.bucket')}`;
  if (scheme === 'azure' && str('azure.container')) {
    const account = str('adls.account-name') ?? str('azure.account-name');
    if (account) return `abfss://${str('azure.container')}@${account}.dfs.core.windows.net`;
    problems.push('location: azure.container needs adls.account-name in storage_config to make the location (or give location: abfss://container@account.dfs.core.windows.net)');
    return undefined;
  }
  if (scheme === 'gcs' && str('gcp.bucket')) return `gs://${str('gcp.bucket')}`;
  const need = scheme === 'azure' ? 'azure.container' : scheme === 'gcs' ? 'gcp.bucket' : 's3.bucket';
  problems.push(`location: missing; give location (e.g. s3://bucket/prefix), or ${need} in storage_config to use the bucket as the location`);
  return undefined;
}

/** Sets a strategy's field as a storage_config key; the same key given twice must agree. */
function putKey(config: JsonObject, key: string, value: unknown, from: string, problems: string[]): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string' || value === '') {
    problems.push(`${from} must be a non-empty string`);
    return;
  }
  const have = config[key];
  if (have !== undefined && have !== REDACTED && have !== value) problems.push(`${from} and storage_config "${key}" differ: give the value once (in storage_config "${key}")`);
  else config[key] = value;
}

/** Our strategy from Pangolin's tagged one; its keys move into `config`. */
function strategyOf(v: unknown, config: JsonObject, problems: string[]): JsonObject | null | undefined {
  if (v === undefined || v === null) return v;
  if (!isTagged(v)) return v as JsonObject; // our own form: our schema checks it
  if (typeof v === 'string') {
    if (v === 'None') return { type: 'none' };
    if (v === 'AwsStatic') return { type: 'AwsStatic' }; // Pangolin's docs show the bare name
    const near = VARIANT_NAMES.includes(v) ? undefined : closestKey(v, VARIANT_NAMES);
    problems.push(VARIANT_NAMES.includes(v) ? `vending_strategy: "${v}" needs its fields: {"${v}": {${VARIANTS[v as Variant].map((f) => `"${f}"`).join(', ')}}}` : `vending_strategy: unknown strategy "${v}"${near ? `: use "${near}"` : ` (one of ${VARIANT_NAMES.join(', ')})`}`);
    return undefined;
  }
  const tags = Object.keys(v as JsonObject);
  if (tags.length !== 1) {
    problems.push(`vending_strategy: name one strategy (${VARIANT_NAMES.join(', ')}), e.g. {"AwsStatic": {"access_key_id": "...", "secret_access_key": "..."}}`);
    return undefined;
  }
  const tag = tags[0]!;
  if (!(tag in VARIANTS)) {
    const near = closestKey(tag, VARIANT_NAMES);
    problems.push(`vending_strategy: unknown strategy "${tag}"${near ? `: use "${near}"` : ` (one of ${VARIANT_NAMES.join(', ')})`}`);
    return undefined;
  }
  const fields = (v as JsonObject)[tag] ?? {};
  if (!isObject(fields)) {
    problems.push(`vending_strategy.${tag} must be an object`);
    return undefined;
  }
  const variant = tag as Variant;
  const before = problems.length;
  problems.push(...unknownKeys(fields, VARIANTS[variant], `vending_strategy.${tag}`));
  for (const f of VARIANTS[variant]) {
    const key = FIELD_KEYS[f];
    if (key) putKey(config, key, fields[f], `vending_strategy.${tag}.${f}`, problems);
  }
  if (problems.length > before) return undefined;
  if (variant === 'AwsSts') {
    if (typeof fields.role_arn !== 'string' || fields.role_arn === '') {
      problems.push('vending_strategy.AwsSts.role_arn: the ARN of the role to assume is required');
      return undefined;
    }
    return { type: 'AwsSts', role_arn: fields.role_arn, ...(typeof fields.external_id === 'string' && fields.external_id !== '' ? { external_id: fields.external_id } : {}) };
  }
  if (variant === 'GcpDownscoped' && (fields.private_key || fields.service_account_email)) {
    problems.push(
      'vending_strategy.GcpDownscoped: a service account key in the warehouse is not used here; the server downscopes its own Google credentials (GOOGLE_APPLICATION_CREDENTIALS) or storage_config "gcs.oauth2.token": send {"GcpDownscoped": {}}',
    );
    return undefined;
  }
  return { type: variant };
}

/** The legacy use_sts: true means STS with the role in storage_config "s3.role-arn". */
function applyUseSts(useSts: unknown, strategy: JsonObject | null | undefined, config: JsonObject, problems: string[]): JsonObject | null | undefined {
  if (useSts === undefined || useSts === false) return strategy;
  if (useSts !== true) {
    problems.push('use_sts must be true or false');
    return strategy;
  }
  if (strategy) {
    if (strategy.type !== 'AwsSts') problems.push(`use_sts is true but vending_strategy is ${String(strategy.type)}: drop use_sts (vending_strategy decides)`);
    return strategy;
  }
  const role = config['s3.role-arn'];
  if (typeof role !== 'string' || role === '') {
    problems.push('use_sts: STS needs the role to assume: set storage_config "s3.role-arn", or send vending_strategy {"AwsSts": {"role_arn": "..."}}');
    return strategy;
  }
  return { type: 'AwsSts', role_arn: role };
}

/**
 * A warehouse create or update body in our form. Ours passes through untouched; a
 * Pangolin one is mapped, or refused (400 listing every problem, naming the right key).
 * `current` (update): Pangolin's PUT may repeat the name (a different one is a rename,
 * refused); its location says which storage the keys are for.
 */
export function fromPangolinWarehouse(body: unknown, mode: 'create' | 'update', current?: { name: string; location: string }): WarehouseForm {
  if (!isPangolinWarehouse(body, mode)) return { body, pangolin: false };
  const problems = unknownKeys(body, mode === 'create' ? CREATE_KEYS : UPDATE_KEYS, 'warehouse');
  const out: JsonObject = { ...body };
  delete out.use_sts;
  if (mode === 'update' && 'name' in out) {
    if (out.name !== current?.name) problems.push(`name: warehouses are not renamed (this one is "${current?.name}"): create a new warehouse instead`);
    delete out.name;
  }
  const given = out.storage_config;
  if (given !== undefined && !isObject(given)) problems.push('storage_config must be an object of string values');
  const config: JsonObject = isObject(given) ? { ...given } : {};
  const strategy = applyUseSts(body.use_sts, strategyOf(body.vending_strategy, config, problems), config, problems);
  if (strategy !== undefined) out.vending_strategy = strategy;
  if (mode === 'create' && out.location === undefined) {
    const derived = derivedLocation(config, problems);
    if (derived) out.location = derived;
  }
  // Pangolin's own location keys are used up; `type` goes when it agrees with the location (else our check says why).
  const location = typeof out.location === 'string' ? out.location : current?.location;
  const scheme = location ? storageSchemeOf(location) : undefined;
  if (scheme === 'azure') delete config['azure.container'];
  if (scheme === 'gcs') delete config['gcp.bucket'];
  if ('type' in config && scheme && schemeOfType(config.type) === scheme) delete config.type;
  refuseIf(problems, 'warehouse');
  if (given !== undefined || mode === 'create') return { body: { ...out, storage_config: config }, pangolin: true };
  const patch = Object.keys(config).length ? { storagePatch: config as Record<string, string> } : {};
  return { body: out, pangolin: true, ...patch };
}

/** Pangolin's answer carried tenant_id and use_sts: added to ours. */
export function pangolinWarehouseExtras(tenantId: string, strategy: { type: string } | null): { tenant_id: string; use_sts: boolean } {
  return { tenant_id: tenantId, use_sts: strategy?.type === 'AwsSts' };
}
