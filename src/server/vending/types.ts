// Credential vending: turns (warehouse, table location, access) into what an Iceberg
// client receives in LoadTableResult `config` and `storage-credentials`. One module per
// strategy; `index.ts` dispatches on the warehouse's vending strategy. No HTTP here.
import { z } from 'zod';
import type { EndpointPolicy } from '../storage/endpoint-policy.js';

/** A warehouse's `vending_strategy` (snake_case like the rest of the admin API). */
export const vendingStrategySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  /** Hands out the warehouse's own keys (only for trusted, single-user setups). */
  z.object({ type: z.literal('AwsStatic') }).strict(),
  /** STS AssumeRole with an inline session policy scoped to the table's prefix. */
  z
    .object({
      type: z.literal('AwsSts'),
      role_arn: z.string().min(1),
      duration_seconds: z.number().int().min(900).max(43200).optional(),
      external_id: z.string().min(1).optional(),
      /** STS endpoint; defaults to the warehouse's s3.endpoint (MinIO serves STS there). */
      sts_endpoint: z.string().url().optional(),
    })
    .strict(),
  /** A SAS token scoped to the table's path, short-lived. */
  z
    .object({
      type: z.literal('AzureSas'),
      duration_seconds: z.number().int().min(60).max(86400).optional(),
      /** directory (default; needs a hierarchical-namespace account) or the whole container. */
      scope: z.enum(['directory', 'container']).optional(),
    })
    .strict(),
  /** A downscoped OAuth token limited to the table's prefix. */
  z.object({ type: z.literal('GcpDownscoped'), duration_seconds: z.number().int().min(60).max(3600).optional() }).strict(),
  /** No keys handed out: clients ask the catalog to sign each S3 request. */
  z.object({ type: z.literal('S3RemoteSigning') }).strict(),
]);
export type VendingStrategy = z.infer<typeof vendingStrategySchema>;

export type TableAccess = 'read' | 'read-write';

export interface VendRequest {
  strategy: VendingStrategy;
  /** The warehouse's storage config with secrets decrypted (server-side only). */
  storageConfig: Record<string, string>;
  /** What clients get instead of the server's values (e.g. s3.endpoint as the client reaches it). */
  clientConfig: Record<string, string>;
  /** The table's base location, e.g. s3://bucket/warehouse/ns/table */
  tableLocation: string;
  access: TableAccess;
  /** For S3RemoteSigning: the signer URI (server base URL) and the table's sign endpoint path. */
  signer?: { uri: string; endpoint: string };
  /** Which endpoints the strategy may call (STS, the Azure account); the default policy when absent. */
  endpointPolicy?: EndpointPolicy;
}

export interface StorageCredential {
  prefix: string;
  config: Record<string, string>;
}

export interface VendedAccess {
  /** Merged into LoadTableResult.config (PyIceberg reads keys from here). */
  config: Record<string, string>;
  /** Prefix-scoped credentials for newer clients (`storage-credentials`). */
  storageCredentials: StorageCredential[];
  expiresAt?: Date;
}

export type CredentialVendor = (req: VendRequest) => Promise<VendedAccess>;
