// /api/v1/troubleshoot and the Server page's activity: the guided connectivity
// troubleshooter (the seed guide's debugging workflow as checks), the one-click fixes it
// offers, and the recent requests the server saw. Shared by the server, the renderer and
// the `doctor` CLI; snake_case like the rest of the admin API.
import { z } from 'zod';
import { checkStatus, entityName } from './admin.js';

const stringMap = z.record(z.string(), z.string());

/**
 * A fix that is mechanical enough for one click. The UI renders a button; the CLI prints
 * the equivalent request. Never carries a secret.
 */
export const troubleshootAction = z.discriminatedUnion('kind', [
  /** POST /api/v1/warehouses/{warehouse}/create-bucket */
  z.object({ kind: z.literal('create-bucket'), label: z.string(), warehouse: z.string(), bucket: z.string() }),
  /** PATCH /api/v1/warehouses/{warehouse} {"rename_keys": renames}: stored values (secrets too) keep their value under the new name. */
  z.object({ kind: z.literal('rename-keys'), label: z.string(), warehouse: z.string(), renames: stringMap }),
  /** PATCH /api/v1/warehouses/{warehouse} {"client_config": client_config} (client_config holds no secrets). */
  z.object({ kind: z.literal('set-client-config'), label: z.string(), warehouse: z.string(), client_config: stringMap }),
  /** Text to copy and run elsewhere (e.g. GRANT statements for the database administrator). */
  z.object({ kind: z.literal('copy'), label: z.string(), text: z.string() }),
]);
export type TroubleshootAction = z.infer<typeof troubleshootAction>;

/** A check step (same fields as a warehouse "test connection" step) plus an optional one-click fix and details. */
export const troubleshootStep = z.object({
  id: z.string(),
  title: z.string(),
  status: checkStatus,
  message: z.string(),
  fix: z.string().optional(),
  action: troubleshootAction.optional(),
  /** Key/value facts to show under the step (e.g. the config a client receives, secrets masked). */
  details: stringMap.optional(),
});
export type TroubleshootStep = z.infer<typeof troubleshootStep>;

/** A table as "ns.sub.table" (the last dot separates the table) or as its parts. */
export const tableRef = z.union([
  z.string().min(1),
  z.object({ namespace: z.array(z.string().min(1)).min(1), name: z.string().min(1) }).strict(),
]);
export type TableRef = z.infer<typeof tableRef>;

export const troubleshootRequest = z
  .object({
    /** The warehouse to check; defaults to the catalog's warehouse. */
    warehouse: entityName.optional(),
    /** The catalog clients connect to (its warehouse is checked, and its tables for vending). */
    catalog: entityName.optional(),
    /** A table of the catalog to load with vended credentials; defaults to the first one found. */
    table: tableRef.optional(),
  })
  .strict();
export type TroubleshootRequest = z.input<typeof troubleshootRequest>;

export const troubleshootResponse = z.object({
  ok: z.boolean(),
  warehouse: z.string().nullable(),
  catalog: z.string().nullable(),
  /** The table whose load was checked ("ns.table"), if any. */
  table: z.string().nullable(),
  steps: z.array(troubleshootStep),
});
export type TroubleshootResponse = z.infer<typeof troubleshootResponse>;

export const createBucketResponse = z.object({
  warehouse: z.string(),
  bucket: z.string(),
  location: z.string(),
  /** False when it already existed (nothing changed). */
  created: z.boolean(),
  message: z.string(),
});
export type CreateBucketResponse = z.infer<typeof createBucketResponse>;

/** One request the server answered. Never headers, query strings or bodies. */
export const recentRequest = z.object({
  time: z.string(),
  method: z.string(),
  /** The path only (no query string). */
  path: z.string(),
  status: z.number().int(),
  ms: z.number(),
  request_id: z.string(),
  /** For 4xx/5xx: the error type and message the client received. */
  error_type: z.string().optional(),
  error: z.string().optional(),
});
export type RecentRequest = z.infer<typeof recentRequest>;

export const recentRequestsResponse = z.object({
  /** How many requests / errors are kept (the oldest are dropped). */
  capacity: z.object({ requests: z.number().int(), errors: z.number().int() }),
  /** Newest first. */
  requests: z.array(recentRequest),
  errors: z.array(recentRequest),
});
export type RecentRequestsResponse = z.infer<typeof recentRequestsResponse>;

/** GET /api/v1/catalogs/{catalog}/metrics-reports (page_token / page_size). */
export const metricsReportsResponse = z.object({
  reports: z.array(
    z.object({
      id: z.string(),
      namespace: z.array(z.string()),
      table: z.string(),
      report_type: z.string(),
      received_at: z.string(),
      report: z.unknown(),
    }),
  ),
  next_page_token: z.string().nullable().optional(),
});
export type MetricsReportsResponse = z.infer<typeof metricsReportsResponse>;
