// /api/v1/catalogs: a catalog is the Iceberg REST {prefix} (PyIceberg's `warehouse=`
// property) and lives in one warehouse, or (no warehouse given, a location instead) in an
// implicit one that uses the server's AWS_* credentials (storage/server-credentials.ts).
import { randomUUID } from 'node:crypto';
import type { Router } from 'express';
import { createCatalogRequest, updateCatalogRequest, type CatalogResponse } from '../../shared/api/admin.js';
import { sendJson, sendNoContent } from '../http/send.js';
import { alreadyExists, badRequest, createError, noSuchWarehouse } from '../iceberg/errors.js';
import { RESERVED_CATALOG_NAMES } from '../iceberg/routes/index.js';
import { parsePage } from '../iceberg/routes/params.js';
import { StoreError, type Catalog, type CatalogStore } from '../stores/types.js';
import { actingTenant, type Authorizer } from '../auth/authorize.js';
import { requireInsideWarehouse } from '../iceberg/services/location-guard.js';
import { usesServerCredentials } from '../storage/server-credentials.js';
import type { Logger } from '../logger.js';
import type { WarehouseService } from './warehouse-service.js';
import { fromPangolinCatalog, pangolinCatalogExtras } from './pangolin/forms.js';

/** Pangolin's answer fields too, when it asked in Pangolin's form. */
const answer = (c: CatalogResponse, pangolin: boolean) => (pangolin ? { ...c, ...pangolinCatalogExtras(c) } : c);

async function toResponse(store: CatalogStore, c: Catalog): Promise<CatalogResponse> {
  const w = await store.getWarehouse({ id: c.warehouseId });
  const server = w !== undefined && usesServerCredentials(w.storageConfig);
  return { id: c.id, name: c.name, warehouse: w?.name ?? '', properties: { ...c.properties }, created_at: c.createdAt, ...(server ? { server_credentials: true } : {}) };
}

async function warehouseId(store: CatalogStore, tenantId: string, name: string): Promise<string> {
  const w = await store.getWarehouse({ tenantId, name });
  if (!w) throw noSuchWarehouse(`Warehouse "${name}" does not exist: create it first (POST /api/v1/warehouses)`);
  return w.id;
}

/** A catalog's `location` property is the base of its tables' default locations: inside its warehouse. */
async function checkCatalogLocation(store: CatalogStore, warehouseId: string, properties: Record<string, string> | undefined): Promise<void> {
  const location = properties?.location;
  if (location === undefined) return;
  const w = await store.getWarehouse({ id: warehouseId });
  if (!w) throw noSuchWarehouse('The catalog\'s warehouse does not exist');
  await requireInsideWarehouse(w, location, 'catalog location');
}

/** The top-level `location` is the catalog's properties.location; both given must agree. */
function withLocation(properties: Record<string, string>, location: string | undefined): Record<string, string> {
  if (location === undefined) return properties;
  if (properties.location !== undefined && properties.location !== location) throw badRequest(`Invalid catalog: location (${location}) and properties.location (${properties.location}) differ: give one`);
  return { ...properties, location };
}

async function usesServerStorage(store: CatalogStore, c: Catalog): Promise<boolean> {
  const w = await store.getWarehouse({ id: c.warehouseId });
  return w !== undefined && usesServerCredentials(w.storageConfig);
}

async function getCatalog(store: CatalogStore, tenantId: string, name: string): Promise<Catalog> {
  const c = await store.getCatalog({ tenantId, name });
  if (!c) throw noSuchWarehouse(`Catalog "${name}" does not exist`);
  return c;
}

/** Anyone may list the catalogs they hold a grant in; only tenant admins change them. */
export function registerCatalogRoutes(r: Router, store: CatalogStore, authz: Authorizer, warehouses: WarehouseService, logger: Logger): void {
  r.get('/catalogs', async (req, res) => {
    const page = await store.listCatalogs(actingTenant(res), parsePage(req));
    const visible = await authz.visibility(res);
    const items = page.items.filter((c) => visible({ catalog: c.name }));
    sendJson(res, 200, { catalogs: await Promise.all(items.map((c) => toResponse(store, c))), next_page_token: page.nextPageToken });
  });

  r.post('/catalogs', async (req, res) => {
    const form = fromPangolinCatalog(req.body, 'create');
    const body = createCatalogRequest.parse(form.body);
    if (RESERVED_CATALOG_NAMES.has(body.name)) throw badRequest(`"${body.name}" cannot be a catalog name: it is a path segment of the Iceberg REST API`);
    const tenantId = authz.requireTenantAdmin(res, 'catalog.create', `catalog/${body.name}`);
    const properties = withLocation(body.properties, body.location);
    if (body.warehouse === undefined) {
      if (body.location === undefined) throw badRequest('Invalid catalog: give warehouse (the warehouse it lives in) or location (an s3:// location the server writes with its AWS_* credentials, clients bring their own keys)');
      if (await store.getCatalog({ tenantId, name: body.name })) throw alreadyExists(`Catalog ${body.name} already exists`);
      const implicit = await warehouses.createForCatalog(tenantId, body.name, body.location);
      try {
        const c = await store.createCatalog({ id: randomUUID(), tenantId, name: body.name, warehouseId: implicit.id, properties, createdAt: new Date().toISOString() });
        sendJson(res, 201, answer(await toResponse(store, c), form.pangolin));
      } catch (e) {
        await store.deleteWarehouse(implicit.id).catch((cleanup: unknown) => logger.error({ err: cleanup, warehouse: implicit.name }, 'could not remove the implicit warehouse of a catalog that was not created'));
        throw e;
      }
      return;
    }
    const whId = await warehouseId(store, tenantId, body.warehouse);
    await checkCatalogLocation(store, whId, properties);
    const c = await store.createCatalog({ id: randomUUID(), tenantId, name: body.name, warehouseId: whId, properties, createdAt: new Date().toISOString() });
    sendJson(res, 201, answer(await toResponse(store, c), form.pangolin));
  });

  r.get('/catalogs/:name', async (req, res) => {
    await authz.requireVisible(res, 'catalog.read', { catalog: req.params.name });
    sendJson(res, 200, await toResponse(store, await getCatalog(store, actingTenant(res), req.params.name)));
  });

  r.patch('/catalogs/:name', async (req, res) => {
    const form = fromPangolinCatalog(req.body, 'update');
    const body = updateCatalogRequest.parse(form.body);
    const tenantId = authz.requireTenantAdmin(res, 'catalog.update', `catalog/${req.params.name}`);
    const current = await getCatalog(store, tenantId, req.params.name);
    if (body.warehouse && (await usesServerStorage(store, current))) {
      throw badRequest(`Catalog "${current.name}" has no warehouse (it uses the server's AWS_* credentials): it cannot be moved into one; create a new catalog in warehouse "${body.warehouse}" instead`);
    }
    // Pangolin's storage_location alone: set on the stored properties.
    if (form.extra?.location !== undefined) body.properties = { ...current.properties, location: form.extra.location };
    const nextWarehouse = body.warehouse ? await warehouseId(store, tenantId, body.warehouse) : current.warehouseId;
    await checkCatalogLocation(store, nextWarehouse, body.properties ?? current.properties);
    const c = await store.updateCatalog(current.id, {
      ...(body.properties ? { properties: body.properties } : {}),
      ...(body.warehouse ? { warehouseId: nextWarehouse } : {}),
    });
    sendJson(res, 200, answer(await toResponse(store, c), form.pangolin));
  });

  r.delete('/catalogs/:name', async (req, res) => {
    const c = await getCatalog(store, authz.requireTenantAdmin(res, 'catalog.delete', `catalog/${req.params.name}`), req.params.name);
    const implicit = (await usesServerStorage(store, c)) ? c.warehouseId : undefined;
    try {
      await store.deleteCatalog(c.id);
    } catch (e) {
      if (e instanceof StoreError && e.code === 'not-empty') throw createError(409, 'ConflictException', `${e.message}: drop its namespaces first`);
      throw e;
    }
    // Its implicit warehouse goes with it (a left-over one is replaced when the name is reused).
    if (implicit !== undefined) await store.deleteWarehouse(implicit);
    sendNoContent(res);
  });
}
