// "Test connection" for a warehouse: the seed guide's storage checks as data. Each step
// says pass / warn / fail, why, and the fix. Used on warehouse save (check: true), by the
// admin API's check endpoint, and by the troubleshooter (troubleshoot/run.ts), which runs
// the same pieces in its own order. Never prints a secret.
import { randomUUID } from 'node:crypto';
import type { CheckResult, CheckStep } from '../../shared/api/admin.js';
import type { EndpointPolicy } from '../storage/endpoint-policy.js';
import { checkStorageKey, storageSchemeOf, validateStorageConfig, type StorageConfigError, type StorageScheme } from '../storage/storage-config.js';
import { StorageError, type ObjectStore } from '../storage/types.js';
import { vendCredentials } from '../vending/index.js';
import type { VendedAccess, VendingStrategy } from '../vending/types.js';
import { endpointReachability } from './endpoint-advice.js';

export interface ProbeInput {
  location: string;
  /** Decrypted. */
  storageConfig: Record<string, string>;
  clientConfig: Record<string, string>;
  vendingStrategy: VendingStrategy | null;
  objectStoreFor: (location: string, storageConfig: Record<string, string>) => Promise<ObjectStore>;
  /** For the trial vend (STS, Azure account): which endpoints it may call. */
  endpointPolicy?: EndpointPolicy;
}

export async function probeWarehouse(input: ProbeInput): Promise<CheckResult> {
  const steps: CheckStep[] = [];
  const add = (s: CheckStep) => steps.push(s);
  const scheme = storageSchemeOf(input.location);
  if (!scheme) {
    add(unsupportedLocation(input.location));
    return done(steps);
  }
  const keys = checkConfigKeys(scheme, input.storageConfig);
  add(keys.step);
  if (keys.step.status === 'fail') return done(steps);
  for (const advice of endpointReachability(input.location, input.storageConfig, input.clientConfig)) add(advice);

  const opened = await openStore(input);
  if ('step' in opened) {
    add(opened.step);
    return done(steps);
  }
  const base = baseOf(input.location);
  const listed = await listBase(opened.store, base);
  if (listed) {
    add(failure('reach', 'Bucket / container reachable with these credentials', listed));
    return done(steps);
  }
  add({ id: 'reach', title: 'Bucket / container reachable with these credentials', status: 'pass', message: `Listed ${base}/` });
  for (const s of await writeReadDelete(opened.store, base)) add(s);
  if (steps[steps.length - 1]?.id === 'write' && steps[steps.length - 1]?.status === 'fail') return done(steps);
  const vending = await vendingProbe(input);
  if (vending) add(vending.step);
  return done(steps);
}

export function done<S extends CheckStep>(steps: S[]): { ok: boolean; steps: S[] } {
  return { ok: steps.every((s) => s.status !== 'fail'), steps };
}

export const baseOf = (location: string): string => location.replace(/\/+$/, '');

export function unsupportedLocation(location: string): CheckStep {
  return { id: 'config', title: 'Storage configuration', status: 'fail', message: `Unsupported location ${location}`, fix: 'Use file:///absolute/path, s3://bucket/prefix, abfss://container@account.dfs.core.windows.net/prefix or gs://bucket/prefix' };
}

export interface ConfigKeysCheck {
  step: CheckStep;
  /** Legacy or misspelled key → the Iceberg key (only where the target is not already set). */
  renames: Record<string, string>;
  /** The config with the renames applied, when that alone makes it valid. */
  corrected?: Record<string, string>;
}

/** Are the storage_config keys the Iceberg FileIO property names (seed guide, Issue 3)? */
export function checkConfigKeys(scheme: StorageScheme, storageConfig: Record<string, string>): ConfigKeysCheck {
  const valid = validateStorageConfig(scheme, storageConfig);
  if (valid.ok) return { step: { id: 'config', title: 'Storage configuration keys', status: 'pass', message: 'Every key is an Iceberg FileIO property' }, renames: {} };
  const renames: Record<string, string> = {};
  for (const key of Object.keys(storageConfig)) {
    const target = checkStorageKey(scheme, key)?.suggestion;
    if (target && !Object.hasOwn(storageConfig, target) && !Object.values(renames).includes(target)) renames[key] = target;
  }
  let corrected: Record<string, string> | undefined;
  if (Object.keys(renames).length) {
    const next: Record<string, string> = {};
    for (const [k, v] of Object.entries(storageConfig)) next[Object.hasOwn(renames, k) ? renames[k] : k] = v;
    if (validateStorageConfig(scheme, next).ok) corrected = next;
  }
  return {
    step: { id: 'config', title: 'Storage configuration keys', status: 'fail', message: valid.errors.map((e) => e.message).join('; '), fix: fixForRenames(valid.errors) },
    renames,
    ...(corrected ? { corrected } : {}),
  };
}

/** Opens the object store for the location, or the failed step. */
export async function openStore(input: Pick<ProbeInput, 'location' | 'storageConfig' | 'objectStoreFor'>): Promise<{ store: ObjectStore } | { step: CheckStep }> {
  try {
    return { store: await input.objectStoreFor(input.location, input.storageConfig) };
  } catch (e) {
    return { step: failure('reach', 'Open the storage', e) };
  }
}

/** Lists the location (one entry): undefined when it worked, else the error. */
export async function listBase(store: ObjectStore, base: string): Promise<unknown> {
  try {
    await store.list(`${base}/`, { delimiter: '/', pageSize: 1 });
    return undefined;
  } catch (e) {
    return e;
  }
}

/** The folder below the warehouse location that the connection check writes in, and nowhere else. */
export const PROBE_FOLDER = '.pangolin-check';

/** The probe object of one check: a fresh name, so it never replaces anything (and is written with ifNotExists). */
export const probeLocation = (base: string): string => `${base}/${PROBE_FOLDER}/${randomUUID()}.txt`;

/**
 * Writes, reads back and deletes a probe object under the location; stops after a failed
 * write. The only write and the only delete of a check are this one object (the other
 * steps list and read), so a check never changes anything outside PROBE_FOLDER.
 */
export async function writeReadDelete(store: ObjectStore, base: string): Promise<CheckStep[]> {
  const steps: CheckStep[] = [];
  const probe = probeLocation(base);
  const payload = `pangolin connectivity check ${new Date().toISOString()}`;
  try {
    await store.write(probe, payload, { ifNotExists: true });
    steps.push({ id: 'write', title: 'Write a probe object', status: 'pass', message: `Wrote ${probe}` });
  } catch (e) {
    steps.push(failure('write', 'Write a probe object', e));
    return steps;
  }
  try {
    const back = (await store.read(probe)).toString('utf8');
    steps.push(
      back === payload
        ? { id: 'read', title: 'Read it back', status: 'pass', message: 'Read the same bytes back' }
        : { id: 'read', title: 'Read it back', status: 'fail', message: `Read ${back.length} bytes back instead of ${payload.length}: the storage returned other content`, fix: 'Check that no proxy or gateway rewrites objects' },
    );
  } catch (e) {
    steps.push(failure('read', 'Read it back', e));
  }
  try {
    const deleted = await store.delete(probe);
    steps.push(
      deleted
        ? { id: 'delete', title: 'Delete the probe object', status: 'pass', message: 'Deleted' }
        : { id: 'delete', title: 'Delete the probe object', status: 'warn', message: 'The probe object was already gone when deleting it' },
    );
  } catch (e) {
    steps.push(failure('delete', 'Delete the probe object', e, 'Dropping tables with purge will fail: grant delete permission on the bucket'));
  }
  return steps;
}

/** What a client would be vended for a table under the location (undefined: no vending strategy). */
export async function vendingProbe(input: Pick<ProbeInput, 'location' | 'storageConfig' | 'clientConfig' | 'vendingStrategy' | 'endpointPolicy'>): Promise<{ step: CheckStep; vended?: VendedAccess } | undefined> {
  const strategy = input.vendingStrategy;
  if (!strategy || strategy.type === 'none') return undefined;
  const title = `Credential vending (${strategy.type})`;
  try {
    const vended = await vendCredentials({
      strategy,
      storageConfig: input.storageConfig,
      clientConfig: input.clientConfig,
      tableLocation: `${baseOf(input.location)}/${PROBE_FOLDER}`,
      access: 'read',
      signer: { uri: 'http://127.0.0.1', endpoint: 'v1/check/sign' },
      ...(input.endpointPolicy ? { endpointPolicy: input.endpointPolicy } : {}),
    });
    const keys = Object.keys(vended.config).sort().join(', ');
    return { step: { id: 'vending', title, status: 'pass', message: `A client would receive: ${keys || 'nothing'}${vended.expiresAt ? ` (valid until ${vended.expiresAt.toISOString()})` : ''}` }, vended };
  } catch (e) {
    return { step: failure('vending', title, e) };
  }
}

function fixForRenames(errors: StorageConfigError[]): string {
  const renames = errors.filter((e) => e.suggestion).map((e) => `"${e.key}" → "${e.suggestion}"`);
  return renames.length ? `Rename ${renames.join(', ')}` : 'Use the Iceberg property names (s3.*, adls.*, gcs.*)';
}

/** A failed step from a thrown error; a StorageError's code picks the fix. */
export function failure(id: string, title: string, e: unknown, fixOverride?: string): CheckStep {
  const message = e instanceof Error ? e.message : String(e);
  let fix = fixOverride;
  if (!fix && e instanceof StorageError) {
    fix = {
      'not-found': 'Create the bucket or container named above (or fix s3.bucket / the location), then check again',
      'access-denied': 'Check the access key and secret in storage_config and that they may read, write and delete under the location',
      unavailable: 'Check the endpoint (s3.endpoint / adls.account-host / gcs.service.host): is the server running and reachable from the catalog server?',
      'already-exists': 'Retry the check',
      'invalid-location': 'Fix the location',
      'bad-gateway': 'The endpoint is not a storage service (or a proxy answers in its place): check s3.endpoint / adls.account-host / gcs.service.host',
    }[e.code];
  }
  return { id, title, status: 'fail', message, ...(fix ? { fix } : {}) };
}
