// "Test connection" for a warehouse: the seed guide's storage checks as data. Each step
// says pass / warn / fail, why, and the fix. Used on warehouse save (check: true), by the
// admin API's check endpoint, and by the troubleshooter. Never prints a secret.
import { randomUUID } from 'node:crypto';
import type { CheckResult, CheckStep } from '../../shared/api/admin.js';
import { storageSchemeOf, validateStorageConfig } from '../storage/storage-config.js';
import { StorageError, type ObjectStore } from '../storage/types.js';
import { vendCredentials } from '../vending/index.js';
import type { VendingStrategy } from '../vending/types.js';
import { endpointReachability } from './endpoint-advice.js';

export interface ProbeInput {
  location: string;
  /** Decrypted. */
  storageConfig: Record<string, string>;
  clientConfig: Record<string, string>;
  vendingStrategy: VendingStrategy | null;
  objectStoreFor: (location: string, storageConfig: Record<string, string>) => Promise<ObjectStore>;
}

export async function probeWarehouse(input: ProbeInput): Promise<CheckResult> {
  const steps: CheckStep[] = [];
  const add = (s: CheckStep) => steps.push(s);
  const scheme = storageSchemeOf(input.location);
  if (!scheme) {
    add({ id: 'config', title: 'Storage configuration', status: 'fail', message: `Unsupported location ${input.location}`, fix: 'Use file:///absolute/path, s3://bucket/prefix, abfss://container@account.dfs.core.windows.net/prefix or gs://bucket/prefix' });
    return done(steps);
  }
  const valid = validateStorageConfig(scheme, input.storageConfig);
  if (!valid.ok) {
    add({
      id: 'config',
      title: 'Storage configuration keys',
      status: 'fail',
      message: valid.errors.map((e) => e.message).join('; '),
      fix: fixForRenames(valid.errors),
    });
    return done(steps);
  }
  add({ id: 'config', title: 'Storage configuration keys', status: 'pass', message: 'Every key is an Iceberg FileIO property' });
  for (const advice of endpointReachability(input.location, input.storageConfig, input.clientConfig)) add(advice);

  let store: ObjectStore;
  try {
    store = await input.objectStoreFor(input.location, input.storageConfig);
  } catch (e) {
    add(failure('reach', 'Open the storage', e));
    return done(steps);
  }
  const base = input.location.replace(/\/+$/, '');
  try {
    await store.list(`${base}/`, { delimiter: '/', pageSize: 1 });
    add({ id: 'reach', title: 'Bucket / container reachable with these credentials', status: 'pass', message: `Listed ${base}/` });
  } catch (e) {
    add(failure('reach', 'Bucket / container reachable with these credentials', e));
    return done(steps);
  }
  const probe = `${base}/.pangolin-check/${randomUUID()}.txt`;
  const payload = `pangolin connectivity check ${new Date().toISOString()}`;
  try {
    await store.write(probe, payload, { ifNotExists: true });
    add({ id: 'write', title: 'Write a probe object', status: 'pass', message: `Wrote ${probe}` });
  } catch (e) {
    add(failure('write', 'Write a probe object', e));
    return done(steps);
  }
  try {
    const back = (await store.read(probe)).toString('utf8');
    add(back === payload
      ? { id: 'read', title: 'Read it back', status: 'pass', message: 'Read the same bytes back' }
      : { id: 'read', title: 'Read it back', status: 'fail', message: `Read ${back.length} bytes back instead of ${payload.length}: the storage returned other content`, fix: 'Check that no proxy or gateway rewrites objects' });
  } catch (e) {
    add(failure('read', 'Read it back', e));
  }
  try {
    const deleted = await store.delete(probe);
    add(deleted
      ? { id: 'delete', title: 'Delete the probe object', status: 'pass', message: 'Deleted' }
      : { id: 'delete', title: 'Delete the probe object', status: 'warn', message: 'The probe object was already gone when deleting it' });
  } catch (e) {
    add(failure('delete', 'Delete the probe object', e, 'Dropping tables with purge will fail: grant delete permission on the bucket'));
  }
  if (input.vendingStrategy && input.vendingStrategy.type !== 'none') {
    try {
      const vended = await vendCredentials({
        strategy: input.vendingStrategy,
        storageConfig: input.storageConfig,
        clientConfig: input.clientConfig,
        tableLocation: `${base}/.pangolin-check`,
        access: 'read',
        signer: { uri: 'http://127.0.0.1', endpoint: 'v1/check/sign' },
      });
      const keys = Object.keys(vended.config).sort().join(', ');
      add({ id: 'vending', title: `Credential vending (${input.vendingStrategy.type})`, status: 'pass', message: `A client would receive: ${keys || 'nothing'}${vended.expiresAt ? ` (valid until ${vended.expiresAt.toISOString()})` : ''}` });
    } catch (e) {
      add(failure('vending', `Credential vending (${input.vendingStrategy.type})`, e));
    }
  }
  return done(steps);
}

function done(steps: CheckStep[]): CheckResult {
  return { ok: steps.every((s) => s.status !== 'fail'), steps };
}

function fixForRenames(errors: { key: string; suggestion?: string }[]): string {
  const renames = errors.filter((e) => e.suggestion).map((e) => `"${e.key}" → "${e.suggestion}"`);
  return renames.length ? `Rename ${renames.join(', ')}` : 'Use the Iceberg property names (s3.*, adls.*, gcs.*)';
}

function failure(id: string, title: string, e: unknown, fixOverride?: string): CheckStep {
  const message = e instanceof Error ? e.message : String(e);
  let fix = fixOverride;
  if (!fix && e instanceof StorageError) {
    fix = {
      'not-found': 'Create the bucket or container named above (or fix s3.bucket / the location), then check again',
      'access-denied': 'Check the access key and secret in storage_config and that they may read, write and delete under the location',
      unavailable: 'Check the endpoint (s3.endpoint / adls.account-host / gcs.service.host): is the server running and reachable from the catalog server?',
      'already-exists': 'Retry the check',
      'invalid-location': 'Fix the location',
    }[e.code];
  }
  return { id, title, status: 'fail', message, ...(fix ? { fix } : {}) };
}
