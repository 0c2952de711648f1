// Schema helpers modelled on Java's TypeUtil / Schema: fresh id assignment, indexes
// by id and by dotted name, structural comparison and validation of the JSON shape.
import { illegalArgument } from '../errors.js';
import type { IcebergType, ListType, MapType, NestedField, Schema, StructType } from './types.js';
import { isRecord, jsonEqual } from './util.js';

/** A field as seen by the id / name indexes; list elements and map keys/values count too. */
export interface IndexedField {
  id: number;
  /** full dotted name, e.g. `points.element.x`, `props.key` */
  name: string;
  required: boolean;
  type: IcebergType;
}

const SIMPLE_PRIMITIVES = new Set([
  'boolean', 'int', 'long', 'float', 'double', 'date', 'time', 'timestamp', 'timestamptz',
  'timestamp_ns', 'timestamptz_ns', 'string', 'uuid', 'binary', 'variant', 'unknown',
]);

// Types that need a minimum table format version (Java Schema.MIN_FORMAT_VERSIONS).
const V3_TYPES = new Set(['timestamp_ns', 'timestamptz_ns', 'variant', 'unknown']);

const FIXED = /^fixed\[\s*(\d+)\s*\]$/;
const DECIMAL = /^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$/;
const GEO = /^(geometry|geography)(\s*\(.*\))?$/;

export function isPrimitiveType(type: IcebergType): type is string {
  return typeof type === 'string';
}

/** Throws illegalArgument (Java wording) when `type` is not a known primitive type string. */
export function checkPrimitive(type: string): void {
  const t = type.trim().toLowerCase();
  if (SIMPLE_PRIMITIVES.has(t) || FIXED.test(t) || GEO.test(t)) return;
  const dec = DECIMAL.exec(t);
  if (dec && Number(dec[1]) <= 38) return;
  throw illegalArgument(`Cannot parse type string to primitive: ${type}`);
}

function minFormatVersion(type: string): number {
  const t = type.trim().toLowerCase();
  return V3_TYPES.has(t) || GEO.test(t) ? 3 : 1;
}

function visitFields(struct: StructType, prefix: string, out: IndexedField[]): void {
  for (const f of struct.fields) {
    const name = prefix + f.name;
    out.push({ id: f.id, name, required: f.required, type: f.type });
    visitType(f.type, name, out);
  }
}

function visitType(type: IcebergType, name: string, out: IndexedField[]): void {
  if (isPrimitiveType(type)) return;
  if (type.type === 'struct') {
    visitFields(type, `${name}.`, out);
  } else if (type.type === 'list') {
    const el = `${name}.element`;
    out.push({ id: type['element-id'], name: el, required: type['element-required'], type: type.element });
    visitType(type.element, el, out);
  } else if (type.type === 'map') {
    const k = `${name}.key`;
    const v = `${name}.value`;
    out.push({ id: type['key-id'], name: k, required: true, type: type.key });
    out.push({ id: type['value-id'], name: v, required: type['value-required'], type: type.value });
    visitType(type.key, k, out);
    visitType(type.value, v, out);
  }
}

/** All fields, depth first in declaration order. */
export function allFields(struct: StructType): IndexedField[] {
  const out: IndexedField[] = [];
  visitFields(struct, '', out);
  return out;
}

export function indexById(struct: StructType): Map<number, IndexedField> {
  return new Map(allFields(struct).map((f) => [f.id, f]));
}

/** Full dotted name → field id (Java Schema.findField(name) with full names). */
export function indexByName(struct: StructType): Map<string, number> {
  return new Map(allFields(struct).map((f) => [f.name, f.id]));
}

export function idToName(struct: StructType): Map<number, string> {
  return new Map(allFields(struct).map((f) => [f.id, f.name]));
}

export function highestFieldId(struct: StructType): number {
  return allFields(struct).reduce((max, f) => Math.max(max, f.id), 0);
}

/**
 * Reassigns every field id from `nextId`, in Java's AssignFreshIds order: all fields of a
 * struct get ids before any nested type is visited; a list's element id and a map's key
 * and value ids are assigned before recursing. Identifier fields are remapped by name.
 */
export function assignFreshIds(schema: Schema, nextId: () => number, schemaId = schema['schema-id'] ?? 0): Schema {
  const fresh = freshStruct(schema, nextId);
  const out: Schema = { type: 'struct', 'schema-id': schemaId, fields: fresh.fields };
  const identifiers = schema['identifier-field-ids'];
  if (identifiers !== undefined) {
    const oldNames = idToName(schema);
    const newIds = indexByName(fresh);
    out['identifier-field-ids'] = identifiers.map((id) => {
      const name = oldNames.get(id);
      const newId = name === undefined ? undefined : newIds.get(name);
      if (newId === undefined) {
        throw illegalArgument(`Cannot find identifier field ${name ?? id} in the new schema`);
      }
      return newId;
    });
  }
  return out;
}

function freshStruct(struct: StructType, nextId: () => number): StructType {
  const ids = struct.fields.map(() => nextId());
  const fields = struct.fields.map((f, i): NestedField => ({ ...f, id: ids[i], type: freshType(f.type, nextId) }));
  return { type: 'struct', fields };
}

function freshType(type: IcebergType, nextId: () => number): IcebergType {
  if (isPrimitiveType(type)) return type;
  if (type.type === 'struct') return freshStruct(type, nextId);
  if (type.type === 'list') {
    const elementId = nextId();
    return { ...type, 'element-id': elementId, element: freshType(type.element, nextId) };
  }
  const keyId = nextId();
  const valueId = nextId();
  return { ...type, 'key-id': keyId, 'value-id': valueId, key: freshType(type.key, nextId), value: freshType(type.value, nextId) };
}

/** Java Schema.sameSchema: same struct and identifier fields; the schema id is ignored. */
export function sameSchemaStructure(a: Schema, b: Schema): boolean {
  const idsA = [...(a['identifier-field-ids'] ?? [])].sort((x, y) => x - y);
  const idsB = [...(b['identifier-field-ids'] ?? [])].sort((x, y) => x - y);
  return jsonEqual(idsA, idsB) && sameStruct(a, b);
}

function sameStruct(a: StructType, b: StructType): boolean {
  if (a.fields.length !== b.fields.length) return false;
  return a.fields.every((fa, i) => {
    const fb = b.fields[i];
    return (
      fa.id === fb.id && fa.name === fb.name && fa.required === fb.required && fa.doc === fb.doc &&
      jsonEqual(fa['initial-default'], fb['initial-default']) &&
      jsonEqual(fa['write-default'], fb['write-default']) && sameType(fa.type, fb.type)
    );
  });
}

function sameType(a: IcebergType, b: IcebergType): boolean {
  if (isPrimitiveType(a) || isPrimitiveType(b)) {
    return isPrimitiveType(a) && isPrimitiveType(b) && normalizePrimitive(a) === normalizePrimitive(b);
  }
  if (a.type === 'struct' && b.type === 'struct') return sameStruct(a, b);
  if (a.type === 'list' && b.type === 'list') {
    return a['element-id'] === b['element-id'] && a['element-required'] === b['element-required'] && sameType(a.element, b.element);
  }
  if (a.type === 'map' && b.type === 'map') {
    return (
      a['key-id'] === b['key-id'] && a['value-id'] === b['value-id'] && a['value-required'] === b['value-required'] &&
      sameType(a.key, b.key) && sameType(a.value, b.value)
    );
  }
  return false;
}

function normalizePrimitive(t: string): string {
  return t.toLowerCase().replace(/\s+/g, '');
}

/** Checks the JSON shape of a type and that every primitive is known. */
export function validateType(type: unknown, where: string): asserts type is IcebergType {
  if (typeof type === 'string') return checkPrimitive(type);
  if (!isRecord(type)) throw illegalArgument(`Cannot parse type from json: ${where}: ${String(type)}`);
  if (type.type === 'struct') {
    validateStructShape(type, where);
  } else if (type.type === 'list') {
    if (!Number.isInteger(type['element-id'])) throw illegalArgument(`Cannot parse missing int: element-id (${where})`);
    if (typeof type['element-required'] !== 'boolean') throw illegalArgument(`Cannot parse missing boolean: element-required (${where})`);
    validateType(type.element, `${where}.element`);
  } else if (type.type === 'map') {
    if (!Number.isInteger(type['key-id'])) throw illegalArgument(`Cannot parse missing int: key-id (${where})`);
    if (!Number.isInteger(type['value-id'])) throw illegalArgument(`Cannot parse missing int: value-id (${where})`);
    if (typeof type['value-required'] !== 'boolean') throw illegalArgument(`Cannot parse missing boolean: value-required (${where})`);
    validateType(type.key, `${where}.key`);
    validateType(type.value, `${where}.value`);
  } else {
    throw illegalArgument(`Cannot parse type from json: ${where}: unknown type ${String(type.type)}`);
  }
}

function validateStructShape(struct: Record<string, unknown>, where: string): void {
  if (!Array.isArray(struct.fields)) throw illegalArgument(`Cannot parse struct fields from non-array: ${where}`);
  for (const f of struct.fields) {
    if (!isRecord(f)) throw illegalArgument(`Cannot parse struct field from non-object: ${where}`);
    if (!Number.isInteger(f.id)) throw illegalArgument(`Cannot parse missing int: id (${where})`);
    if (typeof f.name !== 'string') throw illegalArgument(`Cannot parse missing string: name (${where})`);
    if (typeof f.required !== 'boolean') throw illegalArgument(`Cannot parse missing boolean: required (${where}.${f.name})`);
    validateType(f.type, where ? `${where}.${f.name}` : f.name);
  }
}

/**
 * Validates a schema: JSON shape, known types, unique field ids, identifier fields and,
 * when `formatVersion` is given, types / defaults allowed by that format version.
 */
export function validateSchema(schema: unknown, formatVersion?: number): asserts schema is Schema {
  if (!isRecord(schema) || schema.type !== 'struct') throw illegalArgument('Cannot parse schema: expected a struct type');
  validateStructShape(schema, '');
  const s = schema as unknown as Schema;
  const seen = new Set<number>();
  for (const f of allFields(s)) {
    if (seen.has(f.id)) throw illegalArgument(`Multiple entries with same key: ${f.id}`);
    seen.add(f.id);
  }
  const byId = indexById(s);
  const identifiers = s['identifier-field-ids'];
  if (identifiers !== undefined) {
    if (!Array.isArray(identifiers)) throw illegalArgument('Cannot parse identifier-field-ids from non-array');
    for (const id of identifiers) {
      const f = byId.get(id);
      if (!f) throw illegalArgument(`Cannot add fieldId ${id} as an identifier field: field does not exist`);
      if (!isPrimitiveType(f.type)) throw illegalArgument(`Cannot add field ${f.name} as an identifier field: not a primitive type field`);
      if (!f.required) throw illegalArgument(`Cannot add field ${f.name} as an identifier field: not a required field`);
    }
  }
  if (formatVersion !== undefined) checkFormatCompatibility(s, formatVersion);
}

/** Every NestedField (struct member) at any depth, with its full dotted name. */
function nestedFields(type: IcebergType, prefix: string, out: [string, NestedField][]): void {
  if (isPrimitiveType(type)) return;
  if (type.type === 'struct') {
    for (const f of type.fields) {
      out.push([prefix + f.name, f]);
      nestedFields(f.type, `${prefix}${f.name}.`, out);
    }
  } else if (type.type === 'list') {
    nestedFields((type as ListType).element, `${prefix}element.`, out);
  } else {
    nestedFields((type as MapType).key, `${prefix}key.`, out);
    nestedFields((type as MapType).value, `${prefix}value.`, out);
  }
}

/** Java Schema.checkCompatibility: v3-only types and non-null defaults need format v3. */
export function checkFormatCompatibility(schema: Schema, formatVersion: number): void {
  const problems: string[] = [];
  for (const f of allFields(schema)) {
    if (!isPrimitiveType(f.type)) continue;
    const min = minFormatVersion(f.type);
    if (formatVersion < min) problems.push(`Invalid type for ${f.name}: ${f.type} is not supported until v${min}`);
  }
  const fields: [string, NestedField][] = [];
  nestedFields(schema, '', fields);
  for (const [name, f] of fields) {
    const def = f['initial-default'];
    if (def !== undefined && def !== null && formatVersion < 3) {
      problems.push(`Invalid initial default for ${name}: non-null default (${String(def)}) is not supported until v3`);
    }
  }
  if (problems.length) throw illegalArgument(`Invalid schema for v${formatVersion}:\n- ${problems.join('\n- ')}`);
}
