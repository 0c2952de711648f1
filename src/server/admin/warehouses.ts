// /api/v1/warehouses: list, create (optionally checked first), read, update, delete, and
// "test connection" for a saved or an unsaved definition.
import type { Router } from 'express';
import { createWarehouseRequest, updateWarehouseRequest } from '../../shared/api/admin.js';
import { sendJson, sendNoContent } from '../http/send.js';
import { parsePage } from '../iceberg/routes/params.js';
import type { Authorizer } from '../auth/authorize.js';
import type { WarehouseService } from './warehouse-service.js';

/** Warehouses hold storage credentials: only tenant admins (and root) manage or even list them. */
export function registerWarehouseRoutes(r: Router, warehouses: WarehouseService, authz: Authorizer): void {
  r.get('/warehouses', async (req, res) => {
    const page = await warehouses.list(authz.requireTenantAdmin(res, 'warehouse.list', 'warehouse'), parsePage(req));
    sendJson(res, 200, { warehouses: page.items.map((w) => warehouses.toResponse(w)), next_page_token: page.nextPageToken });
  });

  r.post('/warehouses', async (req, res) => {
    const body = createWarehouseRequest.parse(req.body);
    const { warehouse, check } = await warehouses.create(authz.requireTenantAdmin(res, 'warehouse.create', `warehouse/${body.name}`), body);
    sendJson(res, 201, warehouses.toResponse(warehouse, check));
  });

  // Before /warehouses/:name so "check" is not taken for a warehouse name.
  r.post('/warehouses-check', async (req, res) => {
    const tenantId = authz.requireTenantAdmin(res, 'warehouse.check', 'warehouse');
    const body = createWarehouseRequest.omit({ name: true }).extend({ name: createWarehouseRequest.shape.name.optional() }).parse(req.body);
    sendJson(res, 200, await warehouses.checkUnsaved(tenantId, { ...body, name: body.name ?? 'unsaved' }));
  });

  r.get('/warehouses/:name', async (req, res) => {
    sendJson(res, 200, warehouses.toResponse(await warehouses.get(authz.requireTenantAdmin(res, 'warehouse.read', `warehouse/${req.params.name}`), req.params.name)));
  });

  r.patch('/warehouses/:name', async (req, res) => {
    const body = updateWarehouseRequest.parse(req.body);
    const { warehouse, check } = await warehouses.update(authz.requireTenantAdmin(res, 'warehouse.update', `warehouse/${req.params.name}`), req.params.name, body);
    sendJson(res, 200, warehouses.toResponse(warehouse, check));
  });

  r.delete('/warehouses/:name', async (req, res) => {
    await warehouses.delete(authz.requireTenantAdmin(res, 'warehouse.delete', `warehouse/${req.params.name}`), req.params.name);
    sendNoContent(res);
  });

  r.post('/warehouses/:name/check', async (req, res) => {
    sendJson(res, 200, await warehouses.checkSaved(authz.requireTenantAdmin(res, 'warehouse.check', `warehouse/${req.params.name}`), req.params.name));
  });
}
