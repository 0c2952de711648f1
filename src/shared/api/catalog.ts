// Iceberg REST catalog responses (the subset the admin UI reads). Objects are loose:
// servers may add fields, and the UI shows the raw JSON next to the typed view.
// int64 values (snapshot ids, sequence numbers, timestamps) are `number` when they fit
// in a double exactly and `bigint` otherwise; parse the JSON losslessly to get them.
import { z } from 'zod';

export const int64 = z.union([z.number().int(), z.bigint()]);
export type Int64 = z.infer<typeof int64>;

export const tokenResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().int().optional(),
});
export type TokenResponse = z.infer<typeof tokenResponse>;

export const catalogConfigResponse = z.looseObject({
  defaults: z.record(z.string(), z.string()),
  overrides: z.record(z.string(), z.string()),
  endpoints: z.array(z.string()).optional(),
});
export type CatalogConfigResponse = z.infer<typeof catalogConfigResponse>;

export const namespaceIdent = z.array(z.string());

export const listNamespacesResponse = z.looseObject({
  namespaces: z.array(namespaceIdent),
  'next-page-token': z.string().nullish(),
});
export type ListNamespacesResponse = z.infer<typeof listNamespacesResponse>;

export const loadNamespaceResponse = z.looseObject({
  namespace: namespaceIdent,
  properties: z.record(z.string(), z.string()).optional(),
});
export type LoadNamespaceResponse = z.infer<typeof loadNamespaceResponse>;

export const tableIdentifier = z.object({ namespace: namespaceIdent, name: z.string() });
export type TableIdentifier = z.infer<typeof tableIdentifier>;

export const listTablesResponse = z.looseObject({
  identifiers: z.array(tableIdentifier),
  'next-page-token': z.string().nullish(),
});
export type ListTablesResponse = z.infer<typeof listTablesResponse>;

import type { IcebergType, NestedField } from '../iceberg-types.js';

export type { IcebergType, ListType, MapType, NestedField, StructType } from '../iceberg-types.js';

export const icebergType: z.ZodType<IcebergType> = z.lazy(() =>
  z.union([z.string(), structType, listType, mapType]),
);
export const nestedField: z.ZodType<NestedField> = z.lazy(() =>
  z.looseObject({ id: z.number().int(), name: z.string(), required: z.boolean(), type: icebergType, doc: z.string().optional() }),
);
const structType = z.looseObject({ type: z.literal('struct'), fields: z.array(nestedField) });
const listType = z.looseObject({
  type: z.literal('list'),
  'element-id': z.number().int(),
  element: icebergType,
  'element-required': z.boolean(),
});
const mapType = z.looseObject({
  type: z.literal('map'),
  'key-id': z.number().int(),
  key: icebergType,
  'value-id': z.number().int(),
  value: icebergType,
  'value-required': z.boolean(),
});

export const tableSchema = z.looseObject({
  type: z.literal('struct'),
  'schema-id': z.number().int(),
  'identifier-field-ids': z.array(z.number().int()).optional(),
  fields: z.array(nestedField),
});
export type TableSchema = z.infer<typeof tableSchema>;

export const partitionField = z.looseObject({
  'source-id': z.number().int(),
  'field-id': z.number().int().optional(),
  name: z.string(),
  transform: z.string(),
});
export const partitionSpec = z.looseObject({ 'spec-id': z.number().int(), fields: z.array(partitionField) });
export type PartitionSpec = z.infer<typeof partitionSpec>;

export const snapshot = z.looseObject({
  'snapshot-id': int64,
  'parent-snapshot-id': int64.nullish(),
  'sequence-number': int64.optional(),
  'timestamp-ms': int64,
  'manifest-list': z.string().optional(),
  summary: z.looseObject({ operation: z.string() }).optional(),
  'schema-id': z.number().int().optional(),
});
export type Snapshot = z.infer<typeof snapshot>;

export const snapshotRef = z.looseObject({ 'snapshot-id': int64, type: z.enum(['branch', 'tag']) });

export const tableMetadata = z.looseObject({
  'format-version': z.number().int(),
  'table-uuid': z.string(),
  location: z.string(),
  'last-updated-ms': int64,
  'last-sequence-number': int64.optional(),
  'current-schema-id': z.number().int().optional(),
  schemas: z.array(tableSchema).default([]),
  'default-spec-id': z.number().int().optional(),
  'partition-specs': z.array(partitionSpec).default([]),
  properties: z.record(z.string(), z.string()).default({}),
  'current-snapshot-id': int64.nullish(),
  snapshots: z.array(snapshot).default([]),
  refs: z.record(z.string(), snapshotRef).default({}),
});
export type TableMetadata = z.infer<typeof tableMetadata>;

export const loadTableResponse = z.looseObject({
  'metadata-location': z.string().nullish(),
  metadata: tableMetadata,
  config: z.record(z.string(), z.string()).optional(),
});
export type LoadTableResponse = z.infer<typeof loadTableResponse>;
