// Warehouses of a tenant: validated, secrets encrypted before they reach the store and
// redacted on the way out, optionally checked against the real storage before saving.
import { randomUUID } from 'node:crypto';
import type { CheckResult, CreateWarehouseRequest, UpdateWarehouseRequest, WarehouseResponse } from '../../shared/api/admin.js';
import { badRequest, createError, forbidden, noSuchWarehouse } from '../iceberg/errors.js';
import { storedWarehouseProblem, warehouseLocationProblem, type PlacedWarehouse } from './warehouse-locations.js';
import type { SecretCipher } from '../secrets/cipher.js';
import { DEFAULT_ENDPOINT_POLICY, type EndpointPolicy } from '../storage/endpoint-policy.js';
import { endpointProblems, resolvedEndpointProblems, warehouseEndpoints } from '../storage/endpoints.js';
import type { LookupAll } from '../storage/outbound.js';
import { storageSchemeOf } from '../storage/storage-config.js';
import { effectiveStorageConfig, mayUseServerCredentials, serverCredentialsMarker, serverCredentialsRefusal, serverS3Config, serverWarehouseName, usesServerCredentials, type ServerS3Settings } from '../storage/server-credentials.js';
import type { ObjectStore } from '../storage/types.js';
import type { CatalogStore, PageRequest, Warehouse } from '../stores/types.js';
import { probeWarehouse } from '../troubleshoot/storage-probe.js';
import type { VendingStrategy } from '../vending/types.js';
import { checkWarehouseDefinition, mergeRedacted, redactConfig, renameKeys } from './warehouse-rules.js';

export interface WarehouseServiceDeps {
  store: CatalogStore;
  cipher: SecretCipher;
  objectStoreFor: (location: string, storageConfig: Record<string, string>) => Promise<ObjectStore>;
  /** The server's data dir: local-folder warehouses may not reach its files (warehouse-locations.ts). */
  dataDir: string;
  /** PANGOLIN_STORAGE_ENDPOINT_ALLOW: which endpoints a warehouse may name. */
  endpointPolicy?: EndpointPolicy;
  /** DNS for the endpoint check (tests inject one). */
  lookup?: LookupAll;
  /** The server's AWS_* settings, used by warehouse-less catalogs (storage/server-credentials.ts). */
  serverS3?: ServerS3Settings;
}

type Create = Required<Omit<CreateWarehouseRequest, 'check'>> & { check?: boolean };
type Update = UpdateWarehouseRequest;

export class WarehouseService {
  constructor(private readonly deps: WarehouseServiceDeps) {}

  toResponse(w: Warehouse, check?: CheckResult): WarehouseResponse {
    return {
      id: w.id,
      name: w.name,
      location: w.location,
      storage_config: redactConfig(w.storageConfig),
      client_config: { ...w.clientConfig },
      vending_strategy: (w.vendingStrategy as WarehouseResponse['vending_strategy']) ?? null,
      created_at: w.createdAt,
      ...(check ? { check } : {}),
    };
  }

  async get(tenantId: string, name: string): Promise<Warehouse> {
    const w = await this.deps.store.getWarehouse({ tenantId, name });
    if (!w) throw noSuchWarehouse(`Warehouse "${name}" does not exist`);
    return w;
  }

  /** A stored warehouse whose folder reaches the server's own files is not opened (403 saying why). */
  async requireUsable(w: Warehouse): Promise<Warehouse> {
    const problem = await storedWarehouseProblem(w.location, this.deps.dataDir);
    if (problem) throw forbidden(`Warehouse "${w.name}" (${w.location}) cannot be used: ${problem}. Move it (PATCH /api/v1/warehouses/${w.name}); \`npm run doctor\` lists such entries`);
    return w;
  }

  list(tenantId: string, page: PageRequest) {
    return this.deps.store.listWarehouses(tenantId, page);
  }

  private get policy(): EndpointPolicy {
    return this.deps.endpointPolicy ?? DEFAULT_ENDPOINT_POLICY;
  }

  /** What a new definition must pass before it is saved or probed; its vending strategy. */
  private async checkNew(tenantId: string, req: Create): Promise<VendingStrategy | null> {
    const strategy = checkWarehouseDefinition({ location: req.location, storageConfig: req.storage_config, clientConfig: req.client_config, vendingStrategy: req.vending_strategy }, this.policy);
    await this.guardEndpoints(req.location, req.storage_config, req.vending_strategy);
    await this.guardLocation(tenantId, req.location, req.storage_config);
    await this.guardServerIdentity(tenantId, req.location, req.storage_config, `Warehouse "${req.name}" has no S3 keys, so it`);
    return strategy;
  }

  async create(tenantId: string, req: Create): Promise<{ warehouse: Warehouse; check?: CheckResult }> {
    const strategy = await this.checkNew(tenantId, req);
    const check = req.check ? await this.probe(req.location, req.storage_config, req.client_config, strategy) : undefined;
    const warehouse = await this.deps.store.createWarehouse({
      id: randomUUID(),
      tenantId,
      name: req.name,
      location: req.location,
      storageConfig: this.deps.cipher.encryptConfig(req.storage_config),
      clientConfig: req.client_config,
      vendingStrategy: strategy,
      createdAt: new Date().toISOString(),
    });
    return { warehouse, ...(check ? { check } : {}) };
  }

  /**
   * The implicit warehouse of a catalog without one: at `location` (s3:// only, the server's
   * settings are S3 settings), no keys stored, the same location and endpoint rules as any
   * warehouse (AWS_ENDPOINT_URL / S3_ENDPOINT under the endpoint policy), no vending.
   */
  async createForCatalog(tenantId: string, catalogName: string, location: string): Promise<Warehouse> {
    if (storageSchemeOf(location) !== 's3') {
      throw badRequest(`A catalog without a warehouse stores its files with the server's AWS_* credentials, so its location must be an s3:// location (got ${JSON.stringify(location)}); for other storage create a warehouse first (POST /api/v1/warehouses)`);
    }
    await this.requireServerIdentity(tenantId, `Catalog "${catalogName}" has no warehouse, so it`);
    const server = serverS3Config(this.deps.serverS3 ?? {});
    const endpoint = server['s3.endpoint'];
    const named = endpoint ? [{ where: 'environment' as const, key: 'AWS_ENDPOINT_URL', url: endpoint }] : [];
    const problems = [...endpointProblems(named, this.policy), ...(await resolvedEndpointProblems(named, this.policy, this.deps.lookup))];
    if (problems.length) throw badRequest(`Catalog not created: ${problems.join('; ')} (PANGOLIN_STORAGE_ENDPOINT_ALLOW decides which endpoints are allowed)`);
    await this.guardLocation(tenantId, location, server);
    const name = serverWarehouseName(catalogName);
    // One left behind by a catalog whose clean-up failed: no catalog can use it (the name is its catalog's).
    const stale = await this.deps.store.getWarehouse({ tenantId, name });
    if (stale) await this.deps.store.deleteWarehouse(stale.id);
    return this.deps.store.createWarehouse({ id: randomUUID(), tenantId, name, location, storageConfig: serverCredentialsMarker(), clientConfig: {}, vendingStrategy: null, createdAt: new Date().toISOString() });
  }

  async update(tenantId: string, name: string, req: Update): Promise<{ warehouse: Warehouse; check?: CheckResult }> {
    const current = await this.get(tenantId, name);
    if (usesServerCredentials(current.storageConfig)) {
      throw badRequest(`Warehouse "${name}" is the storage of a catalog without a warehouse (it uses the server's AWS_* credentials): it cannot be changed; change the catalog (PATCH /api/v1/catalogs/${name.replace(/~server$/, '')})`);
    }
    const decrypted = this.deps.cipher.decryptConfig(current.storageConfig);
    const storedPlain = req.rename_keys ? renameKeys(decrypted, req.rename_keys, storageSchemeOf(current.location)) : decrypted;
    const next = {
      location: req.location ?? current.location,
      storageConfig: req.storage_config ? mergeRedacted(req.storage_config, storedPlain) : storedPlain,
      clientConfig: req.client_config ?? current.clientConfig,
      vendingStrategy: req.vending_strategy === undefined ? current.vendingStrategy : req.vending_strategy,
    };
    const strategy = checkWarehouseDefinition(next, this.policy);
    await this.guardEndpoints(next.location, next.storageConfig, next.vendingStrategy);
    await this.guardLocation(tenantId, next.location, next.storageConfig, current.id);
    await this.guardServerIdentity(tenantId, next.location, next.storageConfig, `Warehouse "${name}" would have no S3 keys, so it`);
    const check = req.check ? await this.probe(next.location, next.storageConfig, next.clientConfig, strategy) : undefined;
    const warehouse = await this.deps.store.updateWarehouse(current.id, {
      location: next.location,
      storageConfig: this.deps.cipher.encryptConfig(next.storageConfig),
      clientConfig: next.clientConfig,
      vendingStrategy: strategy,
    });
    return { warehouse, ...(check ? { check } : {}) };
  }

  async delete(tenantId: string, name: string): Promise<void> {
    await this.deps.store.deleteWarehouse((await this.get(tenantId, name)).id);
  }

  /** Checks a saved warehouse against its storage. */
  async checkSaved(tenantId: string, name: string): Promise<CheckResult> {
    const w = await this.get(tenantId, name);
    return probeWarehouse({
      location: w.location,
      storageConfig: this.deps.cipher.decryptConfig(w.storageConfig),
      clientConfig: w.clientConfig,
      vendingStrategy: (w.vendingStrategy as VendingStrategy | null) ?? null,
      objectStoreFor: this.deps.objectStoreFor,
      endpointPolicy: this.policy,
    });
  }

  /** Checks an unsaved definition (the UI's "test connection" before saving). */
  async checkUnsaved(tenantId: string, req: Create): Promise<CheckResult> {
    const strategy = await this.checkNew(tenantId, req);
    return this.probe(req.location, req.storage_config, req.client_config, strategy, false);
  }

  /** The server's own S3 identity is only for the tenants allowed it (403 naming the setting). */
  private async requireServerIdentity(tenantId: string, what: string): Promise<void> {
    const tenant = (await this.deps.store.getTenant({ id: tenantId }))?.name ?? tenantId;
    if (!mayUseServerCredentials(this.deps.serverS3 ?? {}, tenant)) throw forbidden(serverCredentialsRefusal(what, tenant));
  }

  /** An S3 warehouse without keys runs on the server's own identity. */
  private async guardServerIdentity(tenantId: string, location: string, storageConfig: Record<string, string>, what: string): Promise<void> {
    if (storageSchemeOf(location) !== 's3' || storageConfig['s3.access-key-id']) return;
    await this.requireServerIdentity(tenantId, what);
  }

  /** Refuses endpoint host names that resolve to an address the policy does not allow (400 naming the key). */
  private async guardEndpoints(location: string, storageConfig: Record<string, string>, strategy: unknown): Promise<void> {
    const problems = await resolvedEndpointProblems(warehouseEndpoints(location, storageConfig, strategy), this.policy, this.deps.lookup);
    if (problems.length) throw badRequest(`Invalid warehouse: ${problems.join('; ')}`);
  }

  /** Refuses a location this tenant may not use (400 saying why). */
  private async guardLocation(tenantId: string, location: string, storageConfig: Record<string, string>, selfId?: string): Promise<void> {
    const others: PlacedWarehouse[] = [];
    for (const t of (await this.deps.store.listTenants()).items) {
      for (const w of (await this.deps.store.listWarehouses(t.id)).items) if (w.id !== selfId) others.push({ tenantId: w.tenantId, name: w.name, location: w.location, storageConfig: effectiveStorageConfig(w.storageConfig, this.deps.serverS3 ?? {}) });
    }
    const problem = await warehouseLocationProblem(location, storageConfig, tenantId, this.deps.dataDir, others);
    if (problem) throw badRequest(`Warehouse location ${location} cannot be used: ${problem}`);
  }

  private async probe(location: string, storageConfig: Record<string, string>, clientConfig: Record<string, string>, strategy: VendingStrategy | null, failOnError = true): Promise<CheckResult> {
    const result = await probeWarehouse({ location, storageConfig, clientConfig, vendingStrategy: strategy, objectStoreFor: this.deps.objectStoreFor, endpointPolicy: this.policy });
    if (failOnError && !result.ok) {
      const failed = result.steps.filter((s) => s.status === 'fail').map((s) => `${s.title}: ${s.message}${s.fix ? ` (fix: ${s.fix})` : ''}`);
      throw Object.assign(createError(422, 'UnprocessableEntityException', `Warehouse not saved, the connection check failed: ${failed.join('; ')}`), { check: result });
    }
    return result;
  }
}
