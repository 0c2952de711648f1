// Schema, partition spec and sort order updates (Java TableMetadata.Builder:
// addSchemaInternal / addPartitionSpecInternal / addSortOrderInternal and the setters).
// `-1` always means "the one added last in this commit".
import { illegalArgument } from '../errors.js';
import type { Schema, TableUpdate } from './types.js';
import { type BuildState, currentSchema } from './builder.js';
import { highestFieldId, sameSchemaStructure, validateSchema } from './schema.js';
import {
  PARTITION_DATA_ID_START, INITIAL_SORT_ORDER_ID, UNSORTED_ORDER_ID, bindSortOrder, bindSpec,
  checkSortOrderCompatibility, checkSpecCompatibility, hasSequentialIds, parseUnboundSortOrder,
  parseUnboundSpec, sameSortFields, sameSpecFields, specLastAssignedFieldId,
} from './specs.js';
import { readArray, readInt, readObject, readOptionalInt } from './util.js';

const LAST_ADDED = -1;

/** Schema copy with Java's field order and the given id. */
function withSchemaId(schema: Schema, id: number): Schema {
  const ids = schema['identifier-field-ids'];
  return { type: 'struct', 'schema-id': id, ...(ids !== undefined ? { 'identifier-field-ids': ids } : {}), fields: schema.fields };
}

export function addSchema(state: BuildState, u: TableUpdate): void {
  const md = state.md;
  const raw = readObject(u, 'schema');
  validateSchema(raw, md['format-version']);
  const schema = raw as unknown as Schema;
  const highest = highestFieldId(schema);
  // last-column-id is deprecated in the REST spec; Java derives it, but a value below the
  // schema's own highest field id is contradictory.
  const sentLast = readOptionalInt(u, 'last-column-id');
  if (sentLast !== undefined && sentLast < highest) {
    throw illegalArgument(`Invalid last column ID: ${sentLast} < ${highest} (highest field ID in schema)`);
  }
  const newLastColumnId = Math.max(md['last-column-id'], highest);

  // reuse an identical schema's id; otherwise max(id) + 1 (starting from the current id)
  let newId = md['current-schema-id'];
  let found: Schema | undefined;
  for (const s of md.schemas) {
    if (sameSchemaStructure(s, schema)) { found = s; break; }
    if (s['schema-id'] >= newId) newId = s['schema-id'] + 1;
  }
  if (found) newId = found['schema-id'];

  if (found && newLastColumnId === md['last-column-id']) {
    // nothing to add; it only counts as "last added" if it was added earlier in this commit
    state.lastAddedSchemaId = state.lastAddedSchemaId !== null && state.addedSchemaIds.has(newId) ? newId : null;
    return;
  }
  md['last-column-id'] = newLastColumnId;
  if (!found) md.schemas.push(withSchemaId(schema, newId));
  state.addedSchemaIds.add(newId);
  state.lastAddedSchemaId = newId;
  state.changes++;
}

export function setCurrentSchema(state: BuildState, u: TableUpdate): void {
  let id = readInt(u, 'schema-id');
  if (id === LAST_ADDED) {
    if (state.lastAddedSchemaId === null) throw illegalArgument('Cannot set last added schema: no schema has been added');
    id = state.lastAddedSchemaId;
  }
  const md = state.md;
  if (md['current-schema-id'] === id && md.schemas.some((s) => s['schema-id'] === id)) return;
  if (!md.schemas.some((s) => s['schema-id'] === id)) {
    throw illegalArgument(`Cannot set current schema to unknown schema: ${id}`);
  }
  md['current-schema-id'] = id;
  state.changes++;
}

function requireSchema(state: BuildState, what: string): Schema {
  const schema = currentSchema(state.md);
  if (!schema) throw illegalArgument(`Attempting to add a ${what} before a schema is added`);
  return schema;
}

export function addSpec(state: BuildState, u: TableUpdate): void {
  const md = state.md;
  const spec = parseUnboundSpec(readObject(u, 'spec'));
  let newId = 0;
  let foundId: number | undefined;
  for (const s of md['partition-specs']) {
    if (sameSpecFields(spec, s)) { foundId = s['spec-id']; break; }
    if (newId <= s['spec-id']) newId = s['spec-id'] + 1;
  }
  if (foundId !== undefined) {
    state.lastAddedSpecId = state.lastAddedSpecId !== null && state.addedSpecIds.has(state.lastAddedSpecId) ? foundId : null;
    return;
  }
  checkSpecCompatibility(spec, requireSchema(state, 'partition spec'));
  const v1 = md['format-version'] === 1;
  // v1 needs sequential ids from 1000; later versions never reuse ids of other specs
  const bound = bindSpec(spec, newId, v1 ? PARTITION_DATA_ID_START - 1 : md['last-partition-id']);
  if (v1 && !hasSequentialIds(bound)) {
    throw illegalArgument(`Spec does not use sequential IDs that are required in v1: ${JSON.stringify(bound)}`);
  }
  md['last-partition-id'] = Math.max(md['last-partition-id'], specLastAssignedFieldId(bound));
  md['partition-specs'].push(bound);
  state.addedSpecIds.add(newId);
  state.lastAddedSpecId = newId;
  state.changes++;
}

export function setDefaultSpec(state: BuildState, u: TableUpdate): void {
  let id = readInt(u, 'spec-id');
  if (id === LAST_ADDED) {
    if (state.lastAddedSpecId === null) throw illegalArgument('Cannot set last added spec: no spec has been added');
    id = state.lastAddedSpecId;
  }
  const md = state.md;
  const exists = md['partition-specs'].some((s) => s['spec-id'] === id);
  if (md['default-spec-id'] === id && exists) return;
  if (!exists) throw illegalArgument(`Cannot set default partition spec to unknown spec: ${id}`);
  md['default-spec-id'] = id;
  state.changes++;
}

export function addSortOrder(state: BuildState, u: TableUpdate): void {
  const md = state.md;
  const order = parseUnboundSortOrder(readObject(u, 'sort-order'));
  let newId: number;
  if (order.fields.length === 0) {
    newId = UNSORTED_ORDER_ID;
  } else {
    newId = INITIAL_SORT_ORDER_ID;
    for (const o of md['sort-orders']) {
      if (o.fields.length > 0 && sameSortFields(o, order)) { newId = o['order-id']; break; }
      if (newId <= o['order-id']) newId = o['order-id'] + 1;
    }
  }
  if (md['sort-orders'].some((o) => o['order-id'] === newId)) {
    state.lastAddedOrderId = state.lastAddedOrderId !== null && state.addedOrderIds.has(state.lastAddedOrderId) ? newId : null;
    return;
  }
  checkSortOrderCompatibility(order, requireSchema(state, 'sort order'));
  md['sort-orders'].push(bindSortOrder(order, newId));
  state.addedOrderIds.add(newId);
  state.lastAddedOrderId = newId;
  state.changes++;
}

export function setDefaultSortOrder(state: BuildState, u: TableUpdate): void {
  let id = readInt(u, 'sort-order-id');
  if (id === LAST_ADDED) {
    if (state.lastAddedOrderId === null) throw illegalArgument('Cannot set last added sort order: no sort order has been added');
    id = state.lastAddedOrderId;
  }
  const md = state.md;
  const exists = md['sort-orders'].some((o) => o['order-id'] === id);
  if (md['default-sort-order-id'] === id && exists) return;
  if (!exists) throw illegalArgument(`Cannot set default sort order to unknown sort order: ${id}`);
  md['default-sort-order-id'] = id;
  state.changes++;
}

function readIntSet(u: TableUpdate, key: string): Set<number> {
  return new Set(readArray(u, key).map((v) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) throw illegalArgument(`Cannot parse integer from non-int value in ${key}: ${String(v)}`);
    return v;
  }));
}

export function removePartitionSpecs(state: BuildState, u: TableUpdate): void {
  const ids = readIntSet(u, 'spec-ids');
  const md = state.md;
  if (ids.has(md['default-spec-id'])) throw illegalArgument('Cannot remove the default partition spec');
  if (ids.size === 0) return;
  md['partition-specs'] = md['partition-specs'].filter((s) => !ids.has(s['spec-id']));
  state.changes++;
}

export function removeSchemas(state: BuildState, u: TableUpdate): void {
  const ids = readIntSet(u, 'schema-ids');
  const md = state.md;
  if (ids.has(md['current-schema-id'])) throw illegalArgument('Cannot remove the current schema');
  if (ids.size === 0) return;
  md.schemas = md.schemas.filter((s) => !ids.has(s['schema-id']));
  state.changes++;
}
