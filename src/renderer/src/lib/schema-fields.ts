// Flattens an Iceberg schema (nested structs, lists, maps) into rows for a table view.
import type { IcebergType, NestedField } from '../../../shared/api/catalog.js';

export interface FieldRow {
  id: number;
  /** Dotted path, e.g. "address.city" or "tags.element". */
  path: string;
  depth: number;
  type: string;
  required: boolean;
  doc?: string;
}

export function typeToString(type: IcebergType): string {
  if (typeof type === 'string') return type;
  switch (type.type) {
    case 'struct':
      return 'struct';
    case 'list':
      return `list<${typeToString(type.element)}>`;
    case 'map':
      return `map<${typeToString(type.key)}, ${typeToString(type.value)}>`;
  }
}

function childrenOf(type: IcebergType, path: string, depth: number, out: FieldRow[]): void {
  if (typeof type === 'string') return;
  if (type.type === 'struct') {
    for (const f of type.fields) pushField(f, path, depth, out);
  } else if (type.type === 'list') {
    const p = `${path}.element`;
    out.push({ id: type['element-id'], path: p, depth, type: typeToString(type.element), required: type['element-required'] });
    childrenOf(type.element, p, depth + 1, out);
  } else {
    const k = `${path}.key`;
    const v = `${path}.value`;
    out.push({ id: type['key-id'], path: k, depth, type: typeToString(type.key), required: true });
    childrenOf(type.key, k, depth + 1, out);
    out.push({ id: type['value-id'], path: v, depth, type: typeToString(type.value), required: type['value-required'] });
    childrenOf(type.value, v, depth + 1, out);
  }
}

function pushField(f: NestedField, parent: string, depth: number, out: FieldRow[]): void {
  const path = parent ? `${parent}.${f.name}` : f.name;
  out.push({ id: f.id, path, depth, type: typeToString(f.type), required: f.required, ...(f.doc ? { doc: f.doc } : {}) });
  childrenOf(f.type, path, depth + 1, out);
}

export function flattenSchema(fields: readonly NestedField[]): FieldRow[] {
  const out: FieldRow[] = [];
  for (const f of fields) pushField(f, '', 0, out);
  return out;
}
