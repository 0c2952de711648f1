// First start on a data dir: a default tenant, a `local` warehouse (a folder under the
// data dir), a `local` catalog on it, and a client credential for PyIceberg. Later starts
// find them and change nothing, so restarting keeps everything.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { generateSecret, hashGeneratedSecret } from './auth/secret-hash.js';
import { StoreError, type CatalogStore, type Tenant } from './stores/types.js';

export const DEFAULT_TENANT = 'default';
export const DEFAULT_WAREHOUSE = 'local';
export const DEFAULT_CATALOG = 'local';

export interface BootstrapResult {
  tenant: Tenant;
  catalogName: string;
  warehouseLocation: string;
  clientId: string;
  clientSecret: string;
  credentialsFile: string;
}

const credentialsFileSchema = z.object({ client_id: z.string().min(1), client_secret: z.string().min(1) });

export async function bootstrap(store: CatalogStore, dataDir: string): Promise<BootstrapResult> {
  const now = new Date().toISOString();
  const tenant = await getOrCreate(
    () => store.getTenant({ name: DEFAULT_TENANT }),
    () => store.createTenant({ id: randomUUID(), name: DEFAULT_TENANT, properties: {}, createdAt: now }),
  );

  const warehouseDir = join(dataDir, 'warehouses', DEFAULT_WAREHOUSE);
  mkdirSync(warehouseDir, { recursive: true });
  const warehouse = await getOrCreate(
    () => store.getWarehouse({ tenantId: tenant.id, name: DEFAULT_WAREHOUSE }),
    () => store.createWarehouse({
      id: randomUUID(),
      tenantId: tenant.id,
      name: DEFAULT_WAREHOUSE,
      location: pathToFileURL(warehouseDir).href,
      storageConfig: {},
      clientConfig: {},
      vendingStrategy: null,
      createdAt: now,
    }),
  );

  // The default catalog owns the whole local warehouse folder: tables live at <warehouse>/<ns>/<table>.
  await getOrCreate(
    () => store.getCatalog({ tenantId: tenant.id, name: DEFAULT_CATALOG }),
    () => store.createCatalog({ id: randomUUID(), tenantId: tenant.id, name: DEFAULT_CATALOG, warehouseId: warehouse.id, properties: { location: warehouse.location }, createdAt: now }),
  );

  const credentialsFile = join(dataDir, 'credentials.json');
  const saved = readCredentials(credentialsFile);
  if (saved && (await store.getClient(saved.client_id))) {
    return { tenant, catalogName: DEFAULT_CATALOG, warehouseLocation: warehouse.location, clientId: saved.client_id, clientSecret: saved.client_secret, credentialsFile };
  }
  const clientId = `pangolin-${randomUUID().slice(0, 8)}`;
  const clientSecret = generateSecret();
  await store.createClient({ clientId, tenantId: tenant.id, name: 'local default client', role: 'tenant-admin', secretHash: hashGeneratedSecret(clientSecret), createdAt: now });
  mkdirSync(dataDir, { recursive: true });
  // Only the owner may read it: it is the key to the local catalog.
  writeFileSync(credentialsFile, JSON.stringify({ client_id: clientId, client_secret: clientSecret }, null, 2) + '\n', { mode: 0o600 });
  return { tenant, catalogName: DEFAULT_CATALOG, warehouseLocation: warehouse.location, clientId, clientSecret, credentialsFile };
}

/** Servers starting together on one shared database may race to create the defaults. */
async function getOrCreate<T>(get: () => Promise<T | undefined>, create: () => Promise<T>): Promise<T> {
  const found = await get();
  if (found) return found;
  try {
    return await create();
  } catch (e) {
    const again = e instanceof StoreError && e.code === 'already-exists' ? await get() : undefined;
    if (again) return again;
    throw e;
  }
}

function readCredentials(file: string): z.infer<typeof credentialsFileSchema> | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = credentialsFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : undefined;
}
