// Partition spec and sort order helpers (Java PartitionSpec / SortOrder semantics):
// partition field ids start at 1000, an unpartitioned spec has last-assigned id 999,
// the unsorted order is order-id 0 and the first real order is id 1.
import { illegalArgument } from '../errors.js';
import type { PartitionField, PartitionSpec, Schema, SortField, SortOrder } from './types.js';
import { idToName, indexById, indexByName, isPrimitiveType } from './schema.js';
import { isRecord } from './util.js';

export const PARTITION_DATA_ID_START = 1000;
export const UNSORTED_ORDER_ID = 0;
export const INITIAL_SORT_ORDER_ID = 1;

/** A spec as sent by clients: spec-id and field-ids are optional. */
export interface UnboundPartitionSpec {
  'spec-id'?: number;
  fields: (Omit<PartitionField, 'field-id'> & { 'field-id'?: number })[];
}

/** A sort order as sent by clients: order-id is optional. */
export interface UnboundSortOrder {
  'order-id'?: number;
  fields: SortField[];
}

const DIRECTIONS = new Set(['asc', 'desc']);
const NULL_ORDERS = new Set(['nulls-first', 'nulls-last']);

export function parseUnboundSpec(value: unknown): UnboundPartitionSpec {
  if (!isRecord(value) || !Array.isArray(value.fields)) throw illegalArgument('Cannot parse partition spec: missing fields');
  for (const f of value.fields) {
    if (!isRecord(f)) throw illegalArgument('Cannot parse partition field from non-object');
    if (!Number.isInteger(f['source-id'])) throw illegalArgument('Cannot parse missing int: source-id');
    if (typeof f.transform !== 'string') throw illegalArgument('Cannot parse missing string: transform');
    if (typeof f.name !== 'string' || f.name === '') throw illegalArgument('Cannot use empty or null partition name');
    if (f['field-id'] !== undefined && f['field-id'] !== null && !Number.isInteger(f['field-id'])) {
      throw illegalArgument('Cannot parse to an integer value: field-id');
    }
  }
  if (value['spec-id'] !== undefined && !Number.isInteger(value['spec-id'])) throw illegalArgument('Cannot parse to an integer value: spec-id');
  const names = new Set<string>();
  for (const f of value.fields as { name: string }[]) {
    if (names.has(f.name)) throw illegalArgument(`Cannot use partition name more than once: ${f.name}`);
    names.add(f.name);
  }
  return value as unknown as UnboundPartitionSpec;
}

export function parseUnboundSortOrder(value: unknown): UnboundSortOrder {
  if (!isRecord(value) || !Array.isArray(value.fields)) throw illegalArgument('Cannot parse sort order: missing fields');
  for (const f of value.fields) {
    if (!isRecord(f)) throw illegalArgument('Cannot parse sort field from non-object');
    if (!Number.isInteger(f['source-id'])) throw illegalArgument('Cannot parse missing int: source-id');
    if (typeof f.transform !== 'string') throw illegalArgument('Cannot parse missing string: transform');
    if (!DIRECTIONS.has(f.direction as string)) throw illegalArgument(`Invalid sort direction: ${String(f.direction)}`);
    if (!NULL_ORDERS.has(f['null-order'] as string)) throw illegalArgument(`Invalid null order: ${String(f['null-order'])}`);
  }
  if (value['order-id'] !== undefined && !Number.isInteger(value['order-id'])) throw illegalArgument('Cannot parse to an integer value: order-id');
  return value as unknown as UnboundSortOrder;
}

const isVoid = (transform: string) => transform.trim().toLowerCase() === 'void';

/** Java PartitionSpec.checkCompatibility (void transforms may reference dropped columns). */
export function checkSpecCompatibility(spec: { fields: { 'source-id': number; transform: string; name: string }[] }, schema: Schema): void {
  const byId = indexById(schema);
  for (const f of spec.fields) {
    if (isVoid(f.transform)) continue;
    const source = byId.get(f['source-id']);
    if (!source) throw illegalArgument(`Cannot find source column for partition field: ${describe(f)}`);
    if (!isPrimitiveType(source.type)) throw illegalArgument(`Cannot partition by non-primitive source field: ${source.type.type}`);
  }
}

/** Java SortOrder.checkCompatibility. */
export function checkSortOrderCompatibility(order: { fields: SortField[] }, schema: Schema): void {
  const byId = indexById(schema);
  for (const f of order.fields) {
    const source = byId.get(f['source-id']);
    if (!source) throw illegalArgument(`Cannot find source column for sort field: ${f.transform}(${f['source-id']}) ${f.direction} ${f['null-order']}`);
    if (!isPrimitiveType(source.type)) throw illegalArgument(`Cannot sort by non-primitive source field: ${source.type.type}`);
  }
}

function describe(f: { 'source-id': number; transform: string; name: string; 'field-id'?: number }): string {
  return `${f['field-id'] ?? ''}: ${f.name}: ${f.transform}(${f['source-id']})`;
}

/** Highest field id of a spec, 999 when unpartitioned (Java lastAssignedFieldId). */
export function specLastAssignedFieldId(spec: PartitionSpec): number {
  return spec.fields.reduce((m, f) => Math.max(m, f['field-id']), PARTITION_DATA_ID_START - 1);
}

/** v1 requires partition field ids 1000, 1001, ... in order. */
export function hasSequentialIds(spec: PartitionSpec): boolean {
  return spec.fields.every((f, i) => f['field-id'] === PARTITION_DATA_ID_START + i);
}

/** Java PartitionSpec.compatibleWith: same source ids, transforms and names (field ids ignored). */
export function sameSpecFields(a: { fields: UnboundPartitionSpec['fields'] }, b: { fields: UnboundPartitionSpec['fields'] }): boolean {
  return a.fields.length === b.fields.length && a.fields.every((f, i) => {
    const g = b.fields[i];
    return f['source-id'] === g['source-id'] && f.transform === g.transform && f.name === g.name;
  });
}

/** Java SortOrder.sameOrder: equal fields, order id ignored. */
export function sameSortFields(a: { fields: SortField[] }, b: { fields: SortField[] }): boolean {
  return a.fields.length === b.fields.length && a.fields.every((f, i) => {
    const g = b.fields[i];
    return f['source-id'] === g['source-id'] && f.transform === g.transform && f.direction === g.direction && f['null-order'] === g['null-order'];
  });
}

function copyPartitionField(f: UnboundPartitionSpec['fields'][number], sourceId: number, fieldId: number): PartitionField {
  const out: PartitionField = { 'source-id': sourceId, 'field-id': fieldId, name: f.name, transform: f.transform };
  // multi-argument transforms (v3) carry source-ids; only meaningful while ids are unchanged
  if (Array.isArray(f['source-ids']) && sourceId === f['source-id']) out['source-ids'] = [...f['source-ids']];
  return out;
}

function copySortField(f: SortField, sourceId: number): SortField {
  return { transform: f.transform, 'source-id': sourceId, direction: f.direction, 'null-order': f['null-order'] };
}

/** Looks up a source column by its name in `from` and returns its id in `to`. */
function rebindSourceId(sourceId: number, from: Schema, to: Schema, what: string): number {
  const name = idToName(from).get(sourceId);
  const newId = name === undefined ? undefined : indexByName(to).get(name);
  if (newId === undefined) throw illegalArgument(`Cannot find source column for ${what}: ${sourceId}`);
  return newId;
}

/**
 * New-table spec: source columns rebound by NAME from the request schema to the fresh
 * schema, partition field ids reassigned from 1000 (Java newTableMetadata).
 */
export function freshPartitionSpec(spec: UnboundPartitionSpec, requestSchema: Schema, freshSchema: Schema, specId: number): PartitionSpec {
  const fields = spec.fields.map((f, i) =>
    copyPartitionField(f, rebindSourceId(f['source-id'], requestSchema, freshSchema, `partition field ${f.name}`), PARTITION_DATA_ID_START + i),
  );
  for (const f of fields) delete f['source-ids']; // would still hold request-schema ids
  const out: PartitionSpec = { 'spec-id': specId, fields };
  checkSpecCompatibility(out, freshSchema);
  return out;
}

/** New-table sort order: rebound by name; unsorted keeps order-id 0. */
export function freshSortOrder(order: UnboundSortOrder, requestSchema: Schema, freshSchema: Schema, orderId: number): SortOrder {
  if (order.fields.length === 0) return { 'order-id': UNSORTED_ORDER_ID, fields: [] };
  const fields = order.fields.map((f) => copySortField(f, rebindSourceId(f['source-id'], requestSchema, freshSchema, 'sort field')));
  const out: SortOrder = { 'order-id': orderId, fields };
  checkSortOrderCompatibility(out, freshSchema);
  return out;
}

/**
 * Spec added to an existing table: source ids are kept, missing field ids are assigned
 * above the table's last-partition-id.
 */
export function bindSpec(spec: UnboundPartitionSpec, specId: number, lastPartitionId: number): PartitionSpec {
  let next = Math.max(lastPartitionId, PARTITION_DATA_ID_START - 1);
  const explicit = spec.fields.map((f) => f['field-id']).filter((id): id is number => typeof id === 'number');
  next = Math.max(next, ...explicit);
  const fields = spec.fields.map((f) => copyPartitionField(f, f['source-id'], typeof f['field-id'] === 'number' ? f['field-id'] : ++next));
  const seen = new Set<number>();
  for (const f of fields) {
    if (seen.has(f['field-id'])) throw illegalArgument(`Cannot add partition field id more than once: ${f['field-id']}`);
    seen.add(f['field-id']);
  }
  return { 'spec-id': specId, fields };
}

export function bindSortOrder(order: UnboundSortOrder, orderId: number): SortOrder {
  if (order.fields.length === 0) return { 'order-id': UNSORTED_ORDER_ID, fields: [] };
  return { 'order-id': orderId, fields: order.fields.map((f) => copySortField(f, f['source-id'])) };
}
