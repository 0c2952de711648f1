// Pure checks of a warehouse definition, run before anything is saved: a supported
// location, exact Iceberg key names (a legacy name is refused with the right one), no
// secret in client_config, a vending strategy that fits the storage, and endpoints the
// server may call (PANGOLIN_STORAGE_ENDPOINT_ALLOW; what their names resolve to is checked
// by the service, warehouse-service.ts).
import { REDACTED } from '../../shared/api/admin.js';
import { badRequest } from '../iceberg/errors.js';
import { DEFAULT_ENDPOINT_POLICY, type EndpointPolicy } from '../storage/endpoint-policy.js';
import { endpointProblems, warehouseEndpoints } from '../storage/endpoints.js';
import { isSecretKey, isSecretKeyFor, storageSchemeOf, validateStorageConfig, type StorageScheme } from '../storage/storage-config.js';
import { isLocalLocation, toLocalPath } from '../storage/file-location.js';
import { vendingStrategySchema, type VendingStrategy } from '../vending/types.js';

export interface WarehouseDefinition {
  location: string;
  storageConfig: Record<string, string>;
  clientConfig: Record<string, string>;
  vendingStrategy: unknown;
}

const STRATEGY_SCHEME: Record<Exclude<VendingStrategy['type'], 'none'>, StorageScheme> = {
  AwsStatic: 's3',
  AwsSts: 's3',
  S3RemoteSigning: 's3',
  AzureSas: 'azure',
  GcpDownscoped: 'gcs',
};

/** Returns the parsed strategy; throws one 400 listing every problem found. */
export function checkWarehouseDefinition(def: WarehouseDefinition, policy: EndpointPolicy = DEFAULT_ENDPOINT_POLICY): VendingStrategy | null {
  const problems: string[] = [];
  const scheme = storageSchemeOf(def.location);
  if (!scheme) {
    throw badRequest(`Unsupported location "${def.location}": use file:///absolute/path, s3://bucket/prefix, abfss://container@account.dfs.core.windows.net/prefix or gs://bucket/prefix`);
  }
  if (scheme === 'file') {
    if (!isLocalLocation(def.location)) problems.push(`location "${def.location}" must be an absolute path or file:///absolute/path`);
    else toLocalPath(def.location); // throws invalid-location (400) for a malformed file: URI
  }
  const storage = validateStorageConfig(scheme, def.storageConfig);
  if (!storage.ok) problems.push(...storage.errors.map((e) => `storage_config: ${e.message}`));
  const client = validateStorageConfig(scheme, def.clientConfig);
  if (!client.ok) problems.push(...client.errors.map((e) => `client_config: ${e.message}`));
  for (const key of Object.keys(def.clientConfig)) {
    if (isSecretKey(key)) problems.push(`client_config: "${key}" is a secret; client_config holds only what clients may see (endpoint, region): put credentials in storage_config and let vending_strategy decide what clients get`);
  }
  let strategy: VendingStrategy | null = null;
  if (def.vendingStrategy !== null && def.vendingStrategy !== undefined) {
    const parsed = vendingStrategySchema.safeParse(def.vendingStrategy);
    if (!parsed.success) {
      const type = (def.vendingStrategy as { type?: unknown }).type;
      problems.push(
        `vending_strategy: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'type'}: ${i.message}`).join('; ')} (type is one of none, AwsStatic, AwsSts, AzureSas, GcpDownscoped, S3RemoteSigning${typeof type === 'string' ? `; got "${type}"` : ''})`,
      );
    } else {
      strategy = parsed.data;
      if (strategy.type !== 'none' && STRATEGY_SCHEME[strategy.type] !== scheme) {
        problems.push(`vending_strategy: ${strategy.type} vends ${STRATEGY_SCHEME[strategy.type]} credentials but the location is ${scheme} storage`);
      }
      if (['AwsStatic', 'AwsSts', 'S3RemoteSigning'].includes(strategy.type) && storage.ok) {
        const missing = ['s3.access-key-id', 's3.secret-access-key'].filter((k) => !def.storageConfig[k]?.trim());
        if (missing.length) problems.push(`vending_strategy: ${strategy.type} needs the warehouse's own keys; storage_config lacks ${missing.join(' and ')}`);
      }
      if (strategy.type === 'AzureSas' && storage.ok && !def.storageConfig['adls.account-key'] && !def.storageConfig['adls.connection-string']) {
        problems.push('vending_strategy: AzureSas signs SAS tokens with the account key; storage_config lacks adls.account-key (or an adls.connection-string with AccountKey)');
      }
    }
  }
  // Keys whose URL is already reported malformed above are not reported twice.
  const reported = new Set(storage.ok ? [] : storage.errors.map((e) => e.key));
  problems.push(...endpointProblems(warehouseEndpoints(def.location, def.storageConfig, def.vendingStrategy).filter((e) => !reported.has(e.key)), policy));
  for (const [k, v] of Object.entries(def.storageConfig)) {
    if (v === REDACTED) problems.push(`storage_config: "${k}" is the redaction placeholder, not a value: enter the secret`);
  }
  if (problems.length) throw badRequest(`Invalid warehouse: ${problems.join('; ')}`);
  return strategy;
}

/** Secrets replaced by the placeholder, for every response. */
export function redactConfig(config: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, isSecretKey(k) ? REDACTED : v]));
}

/** An update may send back the placeholder for a secret it did not change: keep the stored one. */
export function mergeRedacted(next: Record<string, string>, stored: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(next).map(([k, v]) => [k, v === REDACTED && isSecretKey(k) && stored[k] !== undefined ? stored[k] : v]));
}

/**
 * Renames stored keys (old → new) keeping their values: how a legacy name such as
 * `secret_access_key` becomes `s3.secret-access-key` without re-entering the secret. A
 * secret keeps a secret's name and a plain value a plain name (on the warehouse's scheme):
 * else a rename would take a stored secret out of redaction, or hide a value as one.
 */
export function renameKeys(stored: Record<string, string>, renames: Record<string, string>, scheme: StorageScheme | undefined): Record<string, string> {
  const problems: string[] = [];
  const targets = new Set<string>();
  for (const [from, to] of Object.entries(renames)) {
    const secret = isSecretKeyFor(scheme, from);
    if (!Object.hasOwn(stored, from)) problems.push(`"${from}" is not in storage_config`);
    else if (secret !== isSecretKeyFor(scheme, to)) {
      problems.push(secret
        ? `"${from}" holds a secret and "${to}" is not a secret key: a secret can only be renamed to a secret key (to change "${to}", set it in storage_config)`
        : `"${from}" is not a secret and "${to}" is a secret key: only a secret can be renamed to a secret key (set "${to}" in storage_config)`);
    } else if (Object.hasOwn(stored, to) && !Object.hasOwn(renames, to)) problems.push(`"${to}" is already set: remove "${from}" instead of renaming it`);
    if (targets.has(to)) problems.push(`two keys are renamed to "${to}"`);
    targets.add(to);
  }
  if (problems.length) throw badRequest(`Invalid rename_keys: ${problems.join('; ')}`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(stored)) out[Object.hasOwn(renames, k) ? renames[k] : k] = v;
  return out;
}
