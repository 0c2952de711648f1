// /api/v1 responses used by the desktop shell.
import { z } from 'zod';

export const healthResponse = z.object({
  status: z.literal('ok'),
  version: z.string(),
});
export type HealthResponse = z.infer<typeof healthResponse>;

export const catalogSummary = z.object({
  name: z.string(),
  warehouse: z.string().nullable(),
  location: z.string().nullable(),
});
export type CatalogSummary = z.infer<typeof catalogSummary>;

export const serverStatusResponse = z.object({
  version: z.string(),
  store_type: z.string(),
  /** The server's own folder (database, keys): the root user only, null for everyone else. */
  data_dir: z.string().nullable(),
  bind_address: z.string(),
  port: z.number().int().nullable(),
  started_at: z.string(),
  catalogs: z.array(catalogSummary),
});
export type ServerStatusResponse = z.infer<typeof serverStatusResponse>;
