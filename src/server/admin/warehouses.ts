// /api/v1/warehouses: list, create (optionally checked first), read, update, delete, and
// "test connection" for a saved or an unsaved definition.
import type { Router } from 'express';
import { createWarehouseRequest, updateWarehouseRequest } from '../../shared/api/admin.js';
import { sendJson, sendNoContent } from '../http/send.js';
import { parsePage } from '../iceberg/routes/params.js';
import type { Authorizer } from '../auth/authorize.js';
import type { WarehouseService } from './warehouse-service.js';
import { fromPangolinWarehouse, pangolinWarehouseExtras } from './pangolin/warehouse-form.js';

/** Warehouses hold storage credentials: only tenant admins (and root) manage or even list them. */
export function registerWarehouseRoutes(r: Router, warehouses: WarehouseService, authz: Authorizer): void {
  r.get('/warehouses', async (req, res) => {
    const page = await warehouses.list(authz.requireTenantAdmin(res, 'warehouse.list', 'warehouse'), parsePage(req));
    sendJson(res, 200, { warehouses: page.items.map((w) => warehouses.toResponse(w)), next_page_token: page.nextPageToken });
  });

  r.post('/warehouses', async (req, res) => {
    const form = fromPangolinWarehouse(req.body, 'create');
    const body = createWarehouseRequest.parse(form.body);
    const tenantId = authz.requireTenantAdmin(res, 'warehouse.create', `warehouse/${body.name}`);
    const { warehouse, check } = await warehouses.create(tenantId, body);
    const out = warehouses.toResponse(warehouse, check);
    sendJson(res, 201, form.pangolin ? { ...out, ...pangolinWarehouseExtras(tenantId, out.vending_strategy) } : out);
  });

  // Before /warehouses/:name so "check" is not taken for a warehouse name.
  r.post('/warehouses-check', async (req, res) => {
    const tenantId = authz.requireTenantAdmin(res, 'warehouse.check', 'warehouse');
    const body = createWarehouseRequest.omit({ name: true }).extend({ name: createWarehouseRequest.shape.name.optional() }).parse(fromPangolinWarehouse(req.body, 'create').body);
    sendJson(res, 200, await warehouses.checkUnsaved(tenantId, { ...body, name: body.name ?? 'unsaved' }));
  });

  r.get('/warehouses/:name', async (req, res) => {
    sendJson(res, 200, warehouses.toResponse(await warehouses.get(authz.requireTenantAdmin(res, 'warehouse.read', `warehouse/${req.params.name}`), req.params.name)));
  });

  // PUT is Pangolin's spelling (pangolin/routes.ts); the body may be its form too.
  r.patch('/warehouses/:name', async (req, res) => {
    const tenantId = authz.requireTenantAdmin(res, 'warehouse.update', `warehouse/${req.params.name}`);
    const current = await warehouses.get(tenantId, req.params.name);
    const form = fromPangolinWarehouse(req.body, 'update', current);
    const body = updateWarehouseRequest.parse(form.body);
    // Keys a Pangolin strategy carried, set on the stored config (its secrets sent back as the placeholder, so kept).
    if (form.storagePatch) body.storage_config = { ...warehouses.toResponse(current).storage_config, ...form.storagePatch };
    const { warehouse, check } = await warehouses.update(tenantId, req.params.name, body);
    const out = warehouses.toResponse(warehouse, check);
    sendJson(res, 200, form.pangolin ? { ...out, ...pangolinWarehouseExtras(tenantId, out.vending_strategy) } : out);
  });

  r.delete('/warehouses/:name', async (req, res) => {
    await warehouses.delete(authz.requireTenantAdmin(res, 'warehouse.delete', `warehouse/${req.params.name}`), req.params.name);
    sendNoContent(res);
  });

  r.post('/warehouses/:name/check', async (req, res) => {
    sendJson(res, 200, await warehouses.checkSaved(authz.requireTenantAdmin(res, 'warehouse.check', `warehouse/${req.params.name}`), req.params.name));
  });
}
