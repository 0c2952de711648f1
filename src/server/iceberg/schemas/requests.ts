// zod schemas of the Iceberg REST request bodies this server accepts. Detailed checks of
// schemas, specs and updates happen in metadata/ (they need the table's state).
import { z } from 'zod';
import { icebergName, newNamespace } from '../../../shared/api/names.js';

/** A part of an existing identifier: lenient, so objects named before the rules stay reachable. */
const identPart = z
  .string()
  .min(1, 'must not be empty')
  .refine((s) => !s.includes('\u001f'), 'must not contain the unit separator (0x1F)');

export const namespaceSchema = z.array(identPart).min(1, 'a namespace needs at least one level');
export const propertiesSchema = z.record(z.string(), z.string());

export const createNamespaceRequest = z.strictObject({
  namespace: newNamespace,
  properties: propertiesSchema.optional().nullable(),
});

export const updateNamespacePropertiesRequest = z.strictObject({
  removals: z.array(z.string()).optional().nullable(),
  updates: propertiesSchema.optional().nullable(),
});

export const tableIdentifierSchema = z.strictObject({
  namespace: z.array(identPart),
  name: identPart,
});

/** Where something is renamed to: the name must follow the rules for new names. */
const newIdentifierSchema = z.strictObject({ namespace: z.array(identPart), name: icebergName });

const jsonObject = z.record(z.string(), z.unknown());

export const createTableRequest = z.strictObject({
  name: icebergName,
  location: z.string().min(1).optional().nullable(),
  schema: jsonObject,
  'partition-spec': jsonObject.optional().nullable(),
  'write-order': jsonObject.optional().nullable(),
  'stage-create': z.boolean().optional().nullable(),
  properties: propertiesSchema.optional().nullable(),
});

export const registerTableRequest = z.strictObject({
  name: identPart,
  'metadata-location': z.string().min(1),
  overwrite: z.boolean().optional().nullable(),
});

export const renameTableRequest = z.strictObject({
  source: tableIdentifierSchema,
  destination: newIdentifierSchema,
});

const requirement = z.looseObject({ type: z.string().min(1) });
const update = z.looseObject({ action: z.string().min(1) });

export const commitTableRequest = z.looseObject({
  identifier: tableIdentifierSchema.optional().nullable(),
  requirements: z.array(requirement).default([]),
  updates: z.array(update).default([]),
});

export const commitTransactionRequest = z.strictObject({
  'table-changes': z.array(commitTableRequest.extend({ identifier: tableIdentifierSchema })).min(1),
});

export { reportMetricsRequest } from './metrics-report.js';

export type CreateTableRequest = z.infer<typeof createTableRequest>;
export type CommitTableRequest = z.infer<typeof commitTableRequest>;
export type RenameTableRequest = z.infer<typeof renameTableRequest>;
export type RegisterTableRequest = z.infer<typeof registerTableRequest>;
