// /api/v1 management API: warehouses and catalogs (snake_case, like Pangolin's API and
// the Iceberg property names). Request schemas validate on the server; the renderer uses
// the same types.
import { z } from 'zod';

export const entityName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, 'must be 1-128 characters: letters, digits, "_", "." or "-", starting with a letter or digit');

const stringMap = z.record(z.string(), z.string());

/** What a secret value looks like in a response; sent back unchanged, it keeps the stored secret. */
export const REDACTED = '********';

/** The shape only; the server checks the strategy's own fields (vending/types.ts). */
const vendingStrategyInput = z.looseObject({ type: z.string() }).nullable();

export const createWarehouseRequest = z
  .object({
    name: entityName,
    location: z.string().min(1),
    storage_config: stringMap.default({}),
    client_config: stringMap.default({}),
    vending_strategy: vendingStrategyInput.default(null),
    /** Run the connection check before saving; a failed check saves nothing. */
    check: z.boolean().default(false),
  })
  .strict();
export type CreateWarehouseRequest = z.input<typeof createWarehouseRequest>;

export const updateWarehouseRequest = z
  .object({
    location: z.string().min(1).optional(),
    storage_config: stringMap.optional(),
    client_config: stringMap.optional(),
    vending_strategy: vendingStrategyInput.optional(),
    /** Renames stored storage_config keys (old → new) keeping their values, secrets included (the troubleshooter's fix for legacy key names). */
    rename_keys: stringMap.optional(),
    check: z.boolean().default(false),
  })
  .strict();
export type UpdateWarehouseRequest = z.input<typeof updateWarehouseRequest>;

export const checkStatus = z.enum(['pass', 'warn', 'fail', 'skip']);
export type CheckStatus = z.infer<typeof checkStatus>;

export const checkStep = z.object({
  id: z.string(),
  title: z.string(),
  status: checkStatus,
  message: z.string(),
  fix: z.string().optional(),
});
export type CheckStep = z.infer<typeof checkStep>;

export const checkResult = z.object({ ok: z.boolean(), steps: z.array(checkStep) });
export type CheckResult = z.infer<typeof checkResult>;

export const warehouseResponse = z.object({
  id: z.string(),
  name: z.string(),
  location: z.string(),
  storage_config: stringMap,
  client_config: stringMap,
  vending_strategy: z.looseObject({ type: z.string() }).nullable(),
  created_at: z.string(),
  check: checkResult.optional(),
});
export type WarehouseResponse = z.infer<typeof warehouseResponse>;

export const listWarehousesResponse = z.object({ warehouses: z.array(warehouseResponse), next_page_token: z.string().nullable() });
export type ListWarehousesResponse = z.infer<typeof listWarehousesResponse>;

/**
 * `warehouse`: the warehouse the catalog lives in. `location`: where its tables go; with a
 * warehouse the same as properties.location (inside the warehouse), without one an s3://
 * location the server writes with its own AWS_* credentials (clients bring their own keys).
 * One of the two is required (checked by the route, so the schema stays a plain object).
 */
export const createCatalogRequest = z
  .object({ name: entityName, warehouse: entityName.optional(), location: z.string().min(1).optional(), properties: stringMap.default({}) })
  .strict();
export type CreateCatalogRequest = z.input<typeof createCatalogRequest>;

export const updateCatalogRequest = z.object({ warehouse: entityName.optional(), properties: stringMap.optional() }).strict();
export type UpdateCatalogRequest = z.input<typeof updateCatalogRequest>;

export const catalogResponse = z.object({
  id: z.string(),
  name: z.string(),
  warehouse: z.string(),
  properties: stringMap,
  created_at: z.string(),
  /** True for a catalog without a warehouse: its files are written with the server's AWS_* credentials. */
  server_credentials: z.boolean().optional(),
});
export type CatalogResponse = z.infer<typeof catalogResponse>;

export const listCatalogsResponse = z.object({ catalogs: z.array(catalogResponse), next_page_token: z.string().nullable() });
export type ListCatalogsResponse = z.infer<typeof listCatalogsResponse>;
