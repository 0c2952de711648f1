// createServer(config) → { app, listen, close }: the one server used by the Electron
// main process, the headless CLI and the tests.
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { Express } from 'express';
import { createAdminRouter } from './admin/routes.js';
import type { AuthDeps } from './auth/authenticate.js';
import { TokenService } from './auth/tokens.js';
import { bootstrap, DEFAULT_CATALOG, type BootstrapResult } from './bootstrap.js';
import type { ServerConfig } from './config.js';
import { createApp } from './http/app.js';
import { createCatalogResolver } from './iceberg/catalog-context.js';
import { createIcebergRouter } from './iceberg/routes/index.js';
import { MetadataFiles } from './iceberg/services/metadata-files.js';
import { NamespaceService } from './iceberg/services/namespaces.js';
import { TableService } from './iceberg/services/tables.js';
import { ViewService } from './iceberg/services/views.js';
import { createLogger, type Logger } from './logger.js';
import { WarehouseService } from './admin/warehouse-service.js';
import { SecretCipher } from './secrets/cipher.js';
import { objectStoreFor } from './storage/index.js';
import { createStore } from './stores/index.js';
import type { CatalogStore } from './stores/types.js';

export const VERSION = '0.1.0';

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
  mkdirSync(config.dataDir, { recursive: true });
  const store = deps.store ?? (await createStore({ kind: config.storeType, sqlitePath: join(config.dataDir, 'catalog.db'), databaseUrl: config.databaseUrl, dbName: config.mongoDbName }));
  await store.init();
  const boot = await bootstrap(store, config.dataDir);
  const tokens = TokenService.fromConfig(config.jwtSecret, config.dataDir, config.tokenTtlSeconds);
  const auth: AuthDeps = { store, tokens, rootUser: config.rootUser, rootPassword: config.rootPassword };
  const cipher = SecretCipher.fromConfig(config.encryptionKey, config.dataDir);
  // Stores hold storage secrets encrypted; object stores get them decrypted.
  const storageFor = (location: string, storageConfig: Record<string, string>) => objectStoreFor(location, cipher.decryptConfig(storageConfig));
  const files = new MetadataFiles(logger);
  const routeDeps = {
    store,
    logger,
    resolveCatalog: createCatalogResolver({ store, objectStoreFor: storageFor, defaultTenantId: () => boot.tenant.id, defaultCatalogName: DEFAULT_CATALOG }),
    namespaces: new NamespaceService(store),
    tables: new TableService(store, files, logger),
    views: new ViewService(store, files),
    cipher,
  };
  let server: Server | undefined;
  let boundPort: number | null = null;
  const startedAt = new Date().toISOString();
  const admin = createAdminRouter(
    {
      store,
      version: VERSION,
      startedAt,
      info: () => ({ storeType: store.kind, dataDir: config.dataDir, bindAddress: config.bindAddress, port: boundPort }),
      defaultTenantId: () => boot.tenant.id,
      warehouses: new WarehouseService({ store, cipher, objectStoreFor }),
    },
    auth,
  );
  const app = createApp({ logger, iceberg: createIcebergRouter(routeDeps, auth), admin, webRoot: config.webRoot });

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
      await store.close();
    },
  };
}
