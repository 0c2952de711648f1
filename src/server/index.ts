// createServer(config) → { app, listen, close }: the one server used by the Electron
// main process, the headless CLI and the tests.
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { Express } from 'express';
import { createAdminRouter } from './admin/routes.js';
import { createHealthRouter } from './admin/pangolin/routes.js';
import type { AuthDeps } from './auth/authenticate.js';
import { TokenService } from './auth/tokens.js';
import { AuditSpool } from './auth/audit-spool.js';
import { AuditLog } from './auth/audit-log.js';
import { Authorizer } from './auth/authorize.js';
import { LivePrincipals } from './auth/live-principals.js';
import { SignInLimiter } from './auth/rate-limit.js';
import { afterStoreChange } from './stores/on-change.js';
import { bootstrap, DEFAULT_CATALOG, type BootstrapResult } from './bootstrap.js';
import type { ServerConfig } from './config.js';
import { createApp } from './http/app.js';
import { RecentRequests } from './http/recent-requests.js';
import { TroubleshootService } from './troubleshoot/run.js';
import { createCatalogResolver } from './iceberg/catalog-context.js';
import { createIcebergRouter } from './iceberg/routes/index.js';
import { MetadataFiles } from './iceberg/services/metadata-files.js';
import { NamespaceService } from './iceberg/services/namespaces.js';
import { TableService } from './iceberg/services/tables.js';
import { ViewService } from './iceberg/services/views.js';
import { MetricsLimiter } from './iceberg/services/metrics-limiter.js';
import { dataDirSecrets, ensurePrivateDir, sqliteFiles, tightenPrivateFiles } from './file-modes.js';
import { createLogger, type Logger } from './logger.js';
import { WarehouseService } from './admin/warehouse-service.js';
import { storedWarehouseProblem } from './admin/warehouse-locations.js';
import { SecretCipher } from './secrets/cipher.js';
import { objectStoreFor } from './storage/index.js';
import { confineToWarehouse } from './storage/confined-local.js';
import { effectiveStorageConfig } from './storage/server-credentials.js';
import { createStore } from './stores/index.js';
import type { CatalogStore } from './stores/types.js';

export const VERSION = '0.1.0';

/** Store methods after which a verified identity may no longer be valid. */
const IDENTITY_CHANGES = ['updateUser', 'deleteUser', 'revokeSession', 'revokeUserSessions', 'revokeRootSession', 'revokeRootSessions', 'updateClient', 'deleteClient', 'revokeApiKey', 'deleteApiKey', 'deleteTenant'] as const;
/** Store methods after which cached grants may be stale. */
// Drops and renames remove or move the grants on their object too.
const GRANT_CHANGES = ['deleteRole', 'assignRole', 'unassignRole', 'createGrant', 'deleteGrant', 'deleteUser', 'deleteClient', 'deleteTenant', 'deleteCatalog', 'dropNamespace', 'dropTable', 'renameTable'] as const;

function warnAboutAuthMode(config: ServerConfig, logger: Logger): void {
  if (config.noAuth) logger.warn(`PANGOLIN_NO_AUTH=true: requests without credentials act as root (this server listens on ${config.bindAddress} only)`);
  if (config.devMode) logger.warn('PANGOLIN_DEV_MODE=true: weak root passwords are accepted; do not use this setup for shared data');
}

export interface ServerDeps {
  logger?: Logger;
  /** Use this store instead of creating one from the config (tests). */
  store?: CatalogStore;
}

export interface ServerHandle {
  app: Express;
  config: ServerConfig;
  store: CatalogStore;
  logger: Logger;
  bootstrap: BootstrapResult & { catalogName: string };
  listen(): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
}

export async function createServer(config: ServerConfig, deps: ServerDeps = {}): Promise<ServerHandle> {
  const logger = deps.logger ?? createLogger(config.logLevel);
  ensurePrivateDir(config.dataDir, logger);
  tightenPrivateFiles(dataDirSecrets(config.dataDir), logger);
  const store = deps.store ?? (await createStore({ kind: config.storeType, sqlitePath: join(config.dataDir, 'catalog.db'), databaseUrl: config.databaseUrl, dbName: config.mongoDbName }));
  const dbFiles = store.kind === 'sqlite' ? sqliteFiles((store as unknown as { path: string }).path) : [];
  tightenPrivateFiles(dbFiles, logger); // before opening; the store creates missing ones 0600
  await store.init();
  tightenPrivateFiles(dbFiles, logger);
  const boot = await bootstrap(store, config.dataDir);
  const tokens = TokenService.fromConfig(config.jwtSecret, config.dataDir, config.tokenTtlSeconds);
  const audit = new AuditLog(store, logger, new AuditSpool(join(config.dataDir, 'audit-spool.jsonl')));
  const authz = new Authorizer(store, audit);
  const live = new LivePrincipals({ store, logger, rootUser: config.rootUser, rootTag: config.rootPassword ? tokens.rootTag(config.rootPassword) : undefined });
  // Identity changes made in this process take effect at once (others: within the caches' TTLs).
  afterStoreChange(store, IDENTITY_CHANGES, () => {
    live.forget();
    tokens.clearVerified();
  });
  afterStoreChange(store, GRANT_CHANGES, () => authz.invalidate());
  const auth: AuthDeps = {
    store,
    tokens,
    live,
    limiter: new SignInLimiter(),
    audit,
    rootUser: config.rootUser,
    rootPassword: config.rootPassword,
    noAuth: config.noAuth,
    defaultTenantId: () => boot.tenant.id,
    userTokenTtlSeconds: config.userTokenTtlSeconds,
    sessionTtlSeconds: config.sessionTtlSeconds,
  };
  warnAboutAuthMode(config, logger);
  const cipher = SecretCipher.fromConfig(config.encryptionKey, config.dataDir);
  // Stores hold storage secrets encrypted; object stores get them decrypted.
  // Every store and vending strategy applies the endpoint policy before it calls out.
  const endpointPolicy = config.storageEndpointPolicy;
  // A catalog without a warehouse: its implicit warehouse stands for the server's AWS_* settings.
  const plainStoreFor = (location: string, storageConfig: Record<string, string>) => objectStoreFor(location, effectiveStorageConfig(storageConfig, config.aws), { policy: endpointPolicy });
  // A warehouse's own store: a local folder is confined to it (no symlink out, see confined-local.ts).
  const storageFor = async (location: string, storageConfig: Record<string, string>) => confineToWarehouse(await plainStoreFor(location, cipher.decryptConfig(storageConfig)), location);
  const files = new MetadataFiles(logger);
  const tables = new TableService(store, files, logger);
  const routeDeps = {
    store,
    logger,
    resolveCatalog: createCatalogResolver({ store, objectStoreFor: storageFor, defaultCatalogName: DEFAULT_CATALOG, warehouseProblem: (w) => storedWarehouseProblem(w.location, config.dataDir) }),
    namespaces: new NamespaceService(store, tables.guard),
    tables,
    views: new ViewService(store, files, tables),
    cipher,
    authz,
    audit,
    endpointPolicy,
    metricsLimiter: new MetricsLimiter(config.limits.metricsReportsPerMinute),
    metricsReportsKeep: config.limits.metricsReportsKeep,
  };
  let server: Server | undefined;
  let boundPort: number | null = null;
  const startedAt = new Date().toISOString();
  const recentRequests = new RecentRequests();
  const troubleshoot = new TroubleshootService({
    store,
    decryptConfig: (c) => cipher.decryptConfig(c),
    objectStoreFor: plainStoreFor,
    endpointPolicy,
    serverS3: config.aws,
    tokens,
    root: { userSet: Boolean(config.rootUser), passwordSet: Boolean(config.rootPassword) },
    dataDir: config.dataDir,
    // The table load "as a client" goes to this same server over loopback.
    selfUrl: () => (boundPort === null ? undefined : `http://${loopbackHost(config.bindAddress)}:${boundPort}`),
  });
  const admin = createAdminRouter(
    {
      store,
      version: VERSION,
      startedAt,
      info: () => ({ storeType: store.kind, dataDir: config.dataDir, bindAddress: config.bindAddress, port: boundPort }),
      defaultTenantId: () => boot.tenant.id,
      warehouses: new WarehouseService({ store, cipher, objectStoreFor: plainStoreFor, dataDir: config.dataDir, endpointPolicy, serverS3: config.aws }),
      authz,
      audit,
      storageFor,
      resolveCatalog: routeDeps.resolveCatalog,
      tables: routeDeps.tables,
      troubleshoot,
      recentRequests,
      logger,
    },
    auth,
  );
  const app = createApp({ logger, health: createHealthRouter(store, logger), iceberg: createIcebergRouter(routeDeps, auth), admin, webRoot: config.webRoot, recentRequests, timeouts: config.limits, hosts: { bindAddress: config.bindAddress, allowedHosts: config.allowedHosts } });

  return {
    app,
    config,
    store,
    logger,
    bootstrap: boot,
    listen: () =>
      new Promise((resolve, reject) => {
        const s = app.listen(config.port, config.bindAddress);
        s.once('error', reject);
        s.once('listening', () => {
          server = s;
          boundPort = (s.address() as AddressInfo).port;
          const host = config.bindAddress.includes(':') ? `[${config.bindAddress}]` : config.bindAddress;
          resolve({ url: `http://${host}:${boundPort}`, port: boundPort });
        });
      }),
    close: async () => {
      if (server) {
        const s = server;
        server = undefined;
        await new Promise<void>((resolve, reject) => {
          s.close((err) => (err ? reject(err) : resolve()));
          s.closeAllConnections();
        });
      }
      await audit.flush();
      await store.close();
    },
  };
}

/** An address this machine reaches the server at: loopback for a wildcard bind. */
function loopbackHost(bind: string): string {
  if (bind === '0.0.0.0') return '127.0.0.1';
  if (bind === '::') return '[::1]';
  return bind.includes(':') ? `[${bind}]` : bind;
}
