// Metadata for new tables: from a CreateTableRequest (Java TableMetadata.newTableMetadata)
// or, for staged creates / create transactions committed with `assert-create`, from an
// empty base plus the client's updates (Java TableMetadata.buildFromEmpty).
import { illegalArgument } from '../errors.js';
import type { Int64 } from '../json.js';
import type { TableMetadata, TableUpdate } from './types.js';
import { checkNewTableComplete, normalizeTableMetadata } from './builder.js';
import { assignFreshIds, checkFormatCompatibility, validateSchema } from './schema.js';
import {
  INITIAL_SORT_ORDER_ID, freshPartitionSpec, freshSortOrder, parseUnboundSortOrder,
  parseUnboundSpec, specLastAssignedFieldId,
} from './specs.js';
import { applyUpdates, updateAction } from './updates.js';
import { MAX_FORMAT_VERSION, MIN_FORMAT_VERSION, stripTrailingSlash } from './util.js';

export const DEFAULT_FORMAT_VERSION = 2;

/** TableProperties.RESERVED_PROPERTIES: never persisted, they describe the metadata itself. */
export const RESERVED_PROPERTIES: ReadonlySet<string> = new Set([
  'format-version', 'uuid', 'snapshot-count', 'current-snapshot-id', 'current-snapshot-summary',
  'current-snapshot-timestamp-ms', 'current-schema', 'default-partition-spec', 'default-sort-order',
]);

export interface NewTableInput {
  /** request schema (validated here); its field ids are not authoritative and get reassigned */
  schema: unknown;
  partitionSpec?: unknown;
  writeOrder?: unknown;
  location: string;
  properties?: Record<string, string>;
  uuid: string;
  nowMs: Int64;
}

function checkFormatVersion(value: number, raw: unknown = value): 1 | 2 | 3 {
  if (!Number.isInteger(value) || value < MIN_FORMAT_VERSION || value > MAX_FORMAT_VERSION) {
    throw illegalArgument(`Unsupported format version: v${String(raw)} (supported: v${MAX_FORMAT_VERSION})`);
  }
  return value as 1 | 2 | 3;
}

/** format-version from table properties (default 2). */
export function formatVersionFromProperties(properties: Record<string, string> = {}): 1 | 2 | 3 {
  const raw = properties['format-version'];
  if (raw === undefined) return DEFAULT_FORMAT_VERSION;
  const trimmed = String(raw).trim();
  return checkFormatVersion(/^\d+$/.test(trimmed) ? Number(trimmed) : NaN, raw);
}

/** Java persistedProperties: new tables default to zstd Parquet; reserved keys dropped. */
export function persistedProperties(properties: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = { 'write.parquet.compression-codec': 'zstd' };
  for (const [k, v] of Object.entries(properties)) {
    if (typeof v !== 'string') throw illegalArgument(`Invalid value for property ${k}: must be a string`);
    if (!RESERVED_PROPERTIES.has(k)) out[k] = v;
  }
  return out;
}

export function newTableMetadata(input: NewTableInput): TableMetadata {
  const formatVersion = formatVersionFromProperties(input.properties);
  const requestSchema: unknown = input.schema;
  validateSchema(requestSchema);
  let lastColumnId = 0;
  const schema = assignFreshIds(requestSchema, () => ++lastColumnId, 0);
  checkFormatCompatibility(schema, formatVersion);

  const unboundSpec = parseUnboundSpec(input.partitionSpec ?? { fields: [] });
  const spec = freshPartitionSpec(unboundSpec, requestSchema, schema, 0);
  const unboundOrder = parseUnboundSortOrder(input.writeOrder ?? { fields: [] });
  const order = freshSortOrder(unboundOrder, requestSchema, schema, INITIAL_SORT_ORDER_ID);

  const md: TableMetadata = {
    'format-version': formatVersion,
    'table-uuid': input.uuid,
    location: stripTrailingSlash(input.location),
    'last-sequence-number': 0,
    'last-updated-ms': input.nowMs,
    'last-column-id': lastColumnId,
    schemas: [schema],
    'current-schema-id': 0,
    'partition-specs': [spec],
    'default-spec-id': 0,
    'last-partition-id': specLastAssignedFieldId(spec),
    properties: persistedProperties(input.properties),
    'current-snapshot-id': null,
    snapshots: [],
    'snapshot-log': [],
    'metadata-log': [],
    'sort-orders': [order],
    'default-sort-order-id': order['order-id'],
    refs: {},
    statistics: [],
    'partition-statistics': [],
    'next-row-id': 0,
  };
  return normalizeTableMetadata(md);
}

/**
 * Base for a create committed through the table route (`assert-create`): no schema,
 * spec or order yet; ids start where Java's empty builder starts them. The empty
 * `table-uuid` marks "not assigned yet" so `assign-uuid` may set it.
 */
export function emptyTableMetadata(formatVersion: 1 | 2 | 3 = DEFAULT_FORMAT_VERSION): TableMetadata {
  return {
    'format-version': checkFormatVersion(formatVersion),
    'table-uuid': '',
    location: '',
    'last-sequence-number': 0,
    'last-updated-ms': 0,
    'last-column-id': 0,
    schemas: [],
    'current-schema-id': 0,
    'partition-specs': [],
    'default-spec-id': 0,
    'last-partition-id': 0,
    properties: {},
    'current-snapshot-id': null,
    snapshots: [],
    'snapshot-log': [],
    'metadata-log': [],
    'sort-orders': [],
    'default-sort-order-id': 0,
    refs: {},
    statistics: [],
    'partition-statistics': [],
    ...(formatVersion >= 3 ? { 'next-row-id': 0 } : {}),
  };
}

/** Java CatalogHandlers.create: the first upgrade-format-version picks the version (else 2). */
export function formatVersionForCreate(updates: TableUpdate[]): 1 | 2 | 3 {
  const upgrade = updates.find((u) => updateAction(u) === 'upgrade-format-version');
  if (!upgrade) return DEFAULT_FORMAT_VERSION;
  const v = upgrade['format-version'];
  return checkFormatVersion(typeof v === 'number' ? v : NaN, v);
}

/** Checks that metadata built from an empty base is a complete table; returns it normalized. */
export function finishNewFromUpdates(md: TableMetadata): TableMetadata {
  checkNewTableComplete(md);
  return normalizeTableMetadata(md);
}

/**
 * Convenience for `assert-create` commits: empty base + updates. `defaults` supply a uuid /
 * location when the client sent no assign-uuid / set-location (Java's empty builder
 * invents a random uuid).
 */
export function newTableMetadataFromUpdates(
  updates: TableUpdate[],
  nowMs: Int64,
  defaults: { uuid?: string; location?: string } = {},
): TableMetadata {
  const extra: TableUpdate[] = [];
  const has = (action: string) => updates.some((u) => updateAction(u) === action);
  if (defaults.uuid && !has('assign-uuid')) extra.push({ action: 'assign-uuid', uuid: defaults.uuid });
  if (defaults.location && !has('set-location')) extra.push({ action: 'set-location', location: defaults.location });
  const base = emptyTableMetadata(formatVersionForCreate(updates));
  return finishNewFromUpdates(applyUpdates(base, [...extra, ...updates], nowMs));
}
