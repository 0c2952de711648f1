// The guided troubleshooter: the seed guide's debugging workflow run as real checks for
// one warehouse / catalog (/ table) of a tenant. Order: authentication, database
// permissions, storage keys, the endpoint as clients see it, object store reachable,
// bucket exists, write/read/delete, credential vending. Each step says pass / warn / fail
// / skip, why, and the fix; mechanical fixes carry an action for one click (create the
// bucket, rename the keys, set client_config, copy GRANTs). Steps that cannot run because
// an earlier one failed are listed as skipped, so the wizard always shows the whole path.
import { existsSync } from 'node:fs';
import { TENANT_HEADER } from '../auth/authenticate.js';
import type { Principal } from '../auth/principal.js';
import type { CreateBucketResponse, TableRef, TroubleshootResponse, TroubleshootStep } from '../../shared/api/troubleshoot.js';
import { badRequest, forbidden, noSuchWarehouse, notImplemented } from '../iceberg/errors.js';
import { toLocalPath } from '../storage/file-location.js';
import { storageSchemeOf, type StorageScheme } from '../storage/storage-config.js';
import type { EndpointPolicy } from '../storage/endpoint-policy.js';
import { StorageError, type ObjectStore } from '../storage/types.js';
import type { Catalog, CatalogStore, Warehouse } from '../stores/types.js';
import type { VendingStrategy } from '../vending/types.js';
import { rootAuthStep, tokenLoginStep, type TokenIssuer } from './auth-checks.js';
import { databasePermissionsStep, type StoreInfo } from './database-permissions.js';
import { endpointReachability, suggestedClientConfig } from './endpoint-advice.js';
import { baseOf, checkConfigKeys, done, failure, listBase, openStore, unsupportedLocation, vendingProbe, writeReadDelete } from './storage-probe.js';
import { maskConfig, vendedCredentialsStep } from './vending-check.js';
import { storedLocationsStep } from './location-check.js';
import { storedWarehouseProblem } from '../admin/warehouse-locations.js';
import { serverS3Config, usesServerCredentials, type ServerS3Settings } from '../storage/server-credentials.js';
import { serverCredentialsStep } from './server-credentials-check.js';

export interface TroubleshootDeps {
  store: CatalogStore;
  /** Turns a stored storage config (secrets encrypted) into the plain one. */
  decryptConfig: (config: Record<string, string>) => Record<string, string>;
  /** ObjectStore for a location and a plain storage config. */
  objectStoreFor: (location: string, storageConfig: Record<string, string>) => Promise<ObjectStore>;
  tokens: TokenIssuer;
  root: { userSet: boolean; passwordSet: boolean };
  /** Where this server answers itself (loopback), to load a table as a client would; undefined before listen. */
  selfUrl: () => string | undefined;
  fetch?: typeof fetch;
  /** The server's data dir: a warehouse may not reach it (the stored-locations step). */
  dataDir: string;
  /** Which endpoints a trial vend may call (PANGOLIN_STORAGE_ENDPOINT_ALLOW). */
  endpointPolicy?: EndpointPolicy;
  /** The server's AWS_* settings: the storage of catalogs without a warehouse. */
  serverS3?: ServerS3Settings;
}

export interface Caller {
  principal: Principal;
  /** The caller's Authorization header, forwarded to this same server for the table load. */
  authorization?: string;
}

export interface TroubleshootTarget {
  warehouse?: string;
  catalog?: string;
  table?: TableRef;
}

/** Storage steps in order, for listing the ones that could not run. */
const STORAGE_STEPS: readonly [string, string][] = [
  ['config', 'Storage configuration keys'],
  ['endpoint', 'Endpoint as clients see it'],
  ['reach', 'Object store reachable'],
  ['bucket', 'Bucket / container exists'],
  ['write', 'Write a probe object'],
  ['read', 'Read it back'],
  ['delete', 'Delete the probe object'],
  ['vending', 'Credential vending'],
];

const BUCKET_WORD: Record<StorageScheme, string> = { s3: 'Bucket', azure: 'Container', gcs: 'Bucket', file: 'Folder' };

/** "ns.sub.table" → parts (the last dot separates the table). */
export function parseTableRef(ref: TableRef): { namespace: string[]; name: string } {
  if (typeof ref !== 'string') return ref;
  const parts = ref.split('.');
  if (parts.length < 2 || parts.some((p) => p === '')) throw badRequest(`table "${ref}" must be <namespace>.<table> (e.g. db.events), or {"namespace": [...], "name": "..."}`);
  return { namespace: parts.slice(0, -1), name: parts[parts.length - 1] };
}

/** The bucket / container / folder a warehouse location lives in (s3.bucket first, as the S3 store does). */
export function containerOf(location: string, storageConfig: Record<string, string>): string | undefined {
  switch (storageSchemeOf(location)) {
    case 's3':
      return storageConfig['s3.bucket']?.trim() || /^s3[an]?:\/\/([^/]+)/i.exec(location)?.[1];
    case 'azure':
      return /^(?:abfss?|wasbs?):\/\/([^@/]+)/i.exec(location)?.[1];
    case 'gcs':
      return /^gs:\/\/([^/]+)/i.exec(location)?.[1];
    case 'file':
      try {
        return toLocalPath(location);
      } catch {
        return undefined;
      }
    default:
      return undefined;
  }
}

const skipped = (from: string, reason: string): TroubleshootStep[] => {
  const at = STORAGE_STEPS.findIndex(([id]) => id === from);
  return STORAGE_STEPS.slice(at).map(([id, title]) => ({ id, title, status: 'skip' as const, message: `Skipped: ${reason}` }));
};

export class TroubleshootService {
  constructor(private readonly deps: TroubleshootDeps) {}

  async run(tenantId: string, target: TroubleshootTarget, caller: Caller): Promise<TroubleshootResponse> {
    // Resolve first: a wrong name is a 404 before anything runs.
    const resolved = await this.resolve(tenantId, target);
    const steps: TroubleshootStep[] = [];
    steps.push(rootAuthStep(this.deps.root.userSet, this.deps.root.passwordSet));
    steps.push(await tokenLoginStep(this.deps.tokens, caller.principal, caller.authorization?.split(/\s+/, 1)[0]));
    // The PostgreSQL store says where it connects (databaseUrl, schema); the others have no such fields.
    const store = this.deps.store as CatalogStore & Partial<Pick<StoreInfo, 'databaseUrl' | 'schema'>>;
    steps.push(await databasePermissionsStep({ kind: store.kind, databaseUrl: store.databaseUrl, schema: store.schema }));
    let tableName: string | null = null;
    if (!resolved.warehouse) {
      steps.push({ id: 'target', title: 'Storage', status: 'skip', message: 'No warehouse or catalog chosen: pick one to check its storage, keys and credential vending' });
    } else {
      const storage = await this.storageSteps(resolved.warehouse, resolved.catalog, resolved.table, caller, tenantId);
      steps.push(...storage.steps);
      tableName = storage.table;
    }
    return { ...done(steps), warehouse: resolved.warehouse?.name ?? null, catalog: resolved.catalog?.name ?? null, table: tableName };
  }

  /** Creates the warehouse's missing bucket / container (or local folder). */
  async createBucket(tenantId: string, warehouseName: string): Promise<CreateBucketResponse> {
    const w = await this.deps.store.getWarehouse({ tenantId, name: warehouseName });
    if (!w) throw noSuchWarehouse(`Warehouse "${warehouseName}" does not exist`);
    const scheme = storageSchemeOf(w.location);
    if (!scheme) throw badRequest(`Warehouse "${w.name}" has an unsupported location ${w.location}`);
    const plain = this.deps.decryptConfig(w.storageConfig);
    const stored = usesServerCredentials(plain) ? serverS3Config(this.deps.serverS3 ?? {}) : plain;
    const problem = await storedWarehouseProblem(w.location, this.deps.dataDir);
    if (problem) throw forbidden(`Warehouse "${w.name}" (${w.location}) cannot be used: ${problem}`);
    // Legacy key names the S3 client would ignore: create with the corrected names, the
    // credentials the warehouse has once the troubleshooter's rename is applied.
    const config = checkConfigKeys(scheme, stored).corrected ?? stored;
    const bucket = containerOf(w.location, config) ?? '';
    const store = await this.deps.objectStoreFor(w.location, config);
    if (!store.createContainer) throw notImplemented(`Creating a ${BUCKET_WORD[scheme].toLowerCase()} is not supported for ${w.location}`);
    const created = await store.createContainer(scheme === 'file' ? w.location : `${baseOf(w.location)}/`);
    const word = BUCKET_WORD[scheme];
    return {
      warehouse: w.name,
      bucket,
      location: w.location,
      created,
      message: created ? `${word} "${bucket}" created` : `${word} "${bucket}" already exists: nothing changed`,
    };
  }

  private async resolve(tenantId: string, t: TroubleshootTarget): Promise<{ warehouse?: Warehouse; catalog?: Catalog; table?: { namespace: string[]; name: string } }> {
    const { store } = this.deps;
    const table = t.table !== undefined ? parseTableRef(t.table) : undefined;
    if (table && !t.catalog) throw badRequest('table needs catalog: a table is looked up in a catalog');
    let catalog: Catalog | undefined;
    let warehouse: Warehouse | undefined;
    if (t.catalog) {
      catalog = await store.getCatalog({ tenantId, name: t.catalog });
      if (!catalog) throw noSuchWarehouse(`Catalog "${t.catalog}" does not exist`);
      warehouse = await store.getWarehouse({ id: catalog.warehouseId });
      if (!warehouse || warehouse.tenantId !== tenantId) throw noSuchWarehouse(`The warehouse of catalog "${t.catalog}" does not exist`);
      if (t.warehouse && t.warehouse !== warehouse.name) throw badRequest(`Catalog "${t.catalog}" uses warehouse "${warehouse.name}", not "${t.warehouse}"`);
    } else if (t.warehouse) {
      warehouse = await store.getWarehouse({ tenantId, name: t.warehouse });
      if (!warehouse) throw noSuchWarehouse(`Warehouse "${t.warehouse}" does not exist`);
    }
    return { warehouse, catalog, table };
  }

  private async storageSteps(w: Warehouse, catalog: Catalog | undefined, table: { namespace: string[]; name: string } | undefined, caller: Caller, tenantId: string): Promise<{ steps: TroubleshootStep[]; table: string | null }> {
    const steps: TroubleshootStep[] = [];
    const scheme = storageSchemeOf(w.location);
    if (!scheme) return { steps: [unsupportedLocation(w.location), ...skipped('endpoint', 'the location is not supported')], table: null };
    let stored = this.deps.decryptConfig(w.storageConfig);
    // A catalog without a warehouse: the checks below run with the server's own AWS_* settings.
    if (usesServerCredentials(stored)) {
      steps.push(serverCredentialsStep(this.deps.serverS3 ?? {}));
      stored = serverS3Config(this.deps.serverS3 ?? {});
    }
    const locations = await storedLocationsStep({ store: this.deps.store, dataDir: this.deps.dataDir, storage: () => this.deps.objectStoreFor(w.location, stored) }, w);
    steps.push(locations);
    if (locations.status === 'fail' && (await storedWarehouseProblem(w.location, this.deps.dataDir))) return { steps, table: null };

    // Issue 3: exact Iceberg key names. Renames alone fixing it → go on with the corrected names.
    const keys = checkConfigKeys(scheme, stored);
    const configStep: TroubleshootStep = { ...keys.step };
    let config = stored;
    if (keys.step.status === 'fail') {
      if (Object.keys(keys.renames).length) configStep.action = { kind: 'rename-keys', label: 'Rename the keys', warehouse: w.name, renames: keys.renames };
      if (!keys.corrected) return { steps: [configStep, ...skipped('endpoint', 'fix the storage configuration keys first')], table: null };
      configStep.message += '. The checks below use the corrected names; clients get nothing until they are saved';
      configStep.details = maskConfig(keys.corrected);
      config = keys.corrected;
    }
    steps.push(configStep);

    // The docker host name vs localhost trap, with the client_config that fixes it.
    const advice = endpointReachability(w.location, config, w.clientConfig);
    for (const a of advice) {
      const step: TroubleshootStep = { ...a };
      const cc = a.status === 'warn' ? suggestedClientConfig(w.location, config, w.clientConfig) : undefined;
      if (cc) step.action = { kind: 'set-client-config', label: 'Set client_config', warehouse: w.name, client_config: cc };
      steps.push(step);
    }
    if (!advice.length) {
      steps.push(
        scheme === 'file'
          ? { id: 'endpoint', title: 'Endpoint as clients see it', status: 'pass', message: `A local folder: clients read and write ${w.location} directly, so they must run on this machine (a client in a container sees its own file system, not this folder)` }
          : { id: 'endpoint', title: 'Endpoint as clients see it', status: 'pass', message: `No custom endpoint: the server and clients both use the cloud service${config['s3.region'] ? ` (region ${config['s3.region']})` : ''}` },
      );
    }

    // Seed steps 2 and 3: the object store answers, and the bucket exists.
    const opened = await openStore({ location: w.location, storageConfig: config, objectStoreFor: this.deps.objectStoreFor });
    if ('step' in opened) return { steps: [...steps, { ...opened.step, title: 'Object store reachable' }, ...skipped('bucket', 'the storage could not be opened')], table: null };
    const base = baseOf(w.location);
    const bucket = containerOf(w.location, config) ?? '?';
    const word = BUCKET_WORD[scheme];
    const createAction = { kind: 'create-bucket' as const, label: `Create ${word.toLowerCase()} “${scheme === 'file' ? base : bucket}”`, warehouse: w.name, bucket };
    const listError = await listBase(opened.store, base);
    if (listError instanceof StorageError && listError.code === 'not-found') {
      steps.push({ id: 'reach', title: 'Object store reachable', status: 'pass', message: `The storage service answered (it says the ${word.toLowerCase()} is missing)` });
      steps.push({
        id: 'bucket',
        title: 'Bucket / container exists',
        status: 'fail',
        message: listError.message,
        fix: `Create ${word.toLowerCase()} "${bucket}" (the button below, or e.g. \`mc mb <alias>/${bucket}\` for MinIO), or point s3.bucket / the location at one that exists`,
        action: createAction,
      });
      return { steps: [...steps, ...skipped('write', `${word.toLowerCase()} "${bucket}" does not exist`)], table: null };
    }
    if (listError) {
      return { steps: [...steps, failure('reach', 'Object store reachable', listError), ...skipped('bucket', 'the storage did not answer the listing')], table: null };
    }
    steps.push({ id: 'reach', title: 'Object store reachable', status: 'pass', message: `Listed ${base}/ with the warehouse's credentials` });
    if (scheme === 'file' && !existsSync(bucket)) {
      steps.push({ id: 'bucket', title: 'Bucket / container exists', status: 'warn', message: `The folder ${bucket} does not exist yet: it is created on the first write`, action: createAction });
    } else {
      steps.push({ id: 'bucket', title: 'Bucket / container exists', status: 'pass', message: `${word} "${bucket}" exists` });
    }

    // Write, read back, delete: what creating a table and dropping it with purge need.
    const rw = await writeReadDelete(opened.store, base);
    steps.push(...rw);
    if (rw.length === 1) steps.push(...skipped('read', 'the probe object could not be written').filter((s) => s.id !== 'vending'));

    // Seed step 5: credential vending, as a client receives it.
    const vending = await this.vendingStep(w, scheme, stored, catalog, table, caller, tenantId);
    steps.push(vending.step);
    return { steps, table: vending.table };
  }

  private async vendingStep(w: Warehouse, scheme: StorageScheme, stored: Record<string, string>, catalog: Catalog | undefined, table: { namespace: string[]; name: string } | undefined, caller: Caller, tenantId: string): Promise<{ step: TroubleshootStep; table: string | null }> {
    const strategy = (w.vendingStrategy as VendingStrategy | null) ?? { type: 'none' as const };
    if (strategy.type === 'none') {
      if (scheme === 'file') return { step: { id: 'vending', title: 'Credential vending', status: 'skip', message: 'Not applicable: a local folder needs no storage credentials' }, table: null };
      return {
        step: {
          id: 'vending',
          title: 'Credential vending',
          status: 'warn',
          message: 'The warehouse has no vending_strategy: clients receive the endpoint and region but no credentials, so PyIceberg writes fail (INVALID_ACCESS_KEY_ID) unless every client has its own storage keys',
          fix: scheme === 's3' ? 'Set vending_strategy to AwsStatic (local, MinIO), AwsSts (production) or S3RemoteSigning on the warehouse' : scheme === 'azure' ? 'Set vending_strategy to AzureSas on the warehouse' : 'Set vending_strategy to GcpDownscoped on the warehouse',
        },
        table: null,
      };
    }
    const chosenCatalog = catalog ?? (await this.firstCatalogOf(w));
    const found = chosenCatalog ? (table ?? (await this.firstTableOf(chosenCatalog))) : undefined;
    const base = this.deps.selfUrl();
    if (!chosenCatalog || !found || !base) {
      // No table to load: what vending would hand out for a table under the warehouse.
      const probe = await vendingProbe({ location: w.location, storageConfig: stored, clientConfig: w.clientConfig, vendingStrategy: strategy, ...(this.deps.endpointPolicy ? { endpointPolicy: this.deps.endpointPolicy } : {}) });
      const why = !chosenCatalog ? 'no catalog uses this warehouse yet' : 'the catalog has no table yet';
      const step: TroubleshootStep = probe ? { ...probe.step } : { id: 'vending', title: 'Credential vending', status: 'skip', message: 'Nothing to vend' };
      if (probe?.vended && step.status === 'pass') {
        const answer = vendedCredentialsStep({ strategy: strategy.type, scheme, table: 'a table in this warehouse', config: probe.vended.config, storageCredentials: probe.vended.storageCredentials });
        return { step: { ...answer, message: `${answer.message} (${why}: create a table, or pick one, to check a real load)` }, table: null };
      }
      return { step, table: null };
    }
    const name = `${found.namespace.join('.')}.${found.name}`;
    const title = `Credential vending (${strategy.type})`;
    const url = `${base}/v1/${encodeURIComponent(chosenCatalog.name)}/namespaces/${encodeURIComponent(found.namespace.join('\u001f'))}/tables/${encodeURIComponent(found.name)}`;
    let res: Response;
    try {
      res = await (this.deps.fetch ?? fetch)(url, {
        headers: { accept: 'application/json', 'X-Iceberg-Access-Delegation': 'vended-credentials', [TENANT_HEADER]: tenantId, ...(caller.authorization ? { authorization: caller.authorization } : {}) },
        signal: AbortSignal.timeout(30_000),
      });
    } catch (e) {
      return { step: { id: 'vending', title, status: 'fail', message: `Could not load ${name} from this server: ${(e as Error).message}` }, table: name };
    }
    const text = await res.text();
    let body: { config?: Record<string, string>; 'storage-credentials'?: { prefix: string; config: Record<string, string> }[]; error?: { message?: string; type?: string } } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // not JSON: reported below
    }
    if (res.status !== 200) {
      return {
        step: {
          id: 'vending',
          title,
          status: 'fail',
          message: `Loading ${name} with vended credentials failed: HTTP ${res.status}${body.error ? ` ${body.error.type}: ${body.error.message}` : ''}`,
          fix: res.status === 404 ? `Pick a table that exists in catalog "${chosenCatalog.name}"` : 'Fix the error above (see the Server page for the request), then run the check again',
        },
        table: name,
      };
    }
    return {
      step: vendedCredentialsStep({ strategy: strategy.type, scheme, table: `${chosenCatalog.name}.${name}`, config: body.config ?? {}, storageCredentials: body['storage-credentials'] ?? [] }),
      table: name,
    };
  }

  private async firstCatalogOf(w: Warehouse): Promise<Catalog | undefined> {
    const page = await this.deps.store.listCatalogs(w.tenantId, { pageToken: '', pageSize: 100 });
    return page.items.find((c) => c.warehouseId === w.id);
  }

  /** The first table found in the catalog (top-level namespaces, a bounded search). */
  private async firstTableOf(c: Catalog): Promise<{ namespace: string[]; name: string } | undefined> {
    const namespaces = await this.deps.store.listNamespaces(c.id, [], { pageToken: '', pageSize: 20 });
    for (const ns of namespaces.items) {
      const tables = await this.deps.store.listTables(c.id, ns.namespace, 'table', { pageToken: '', pageSize: 1 });
      const t = tables.items[0];
      if (t) return { namespace: t.namespace, name: t.name };
    }
    return undefined;
  }
}
