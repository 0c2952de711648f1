// Schema history: what changed between consecutive schemas of a table, matched by field
// id (Iceberg's identity for a column): added, removed, renamed, type changed (a
// promotion such as int → long), made optional/required, doc changed. Pure.
import type { TableSchema } from '../../../shared/api/catalog.js';
import { flattenSchema, type FieldRow } from './schema-fields.js';

export type SchemaChangeKind = 'added' | 'removed' | 'renamed' | 'type-changed' | 'required-changed' | 'doc-changed';

export interface SchemaChange {
  kind: SchemaChangeKind;
  fieldId: number;
  /** The field's dotted path in the newer schema (the older one for a removed field). */
  path: string;
  /** Old name / type / required / doc. */
  from?: string;
  /** New name / type / required / doc. */
  to?: string;
}

export interface SchemaVersion {
  schemaId: number;
  previousId: number | null;
  fieldCount: number;
  changes: SchemaChange[];
}

const leaf = (path: string): string => path.slice(path.lastIndexOf('.') + 1);
const nested = (type: string): boolean => type === 'struct' || type.startsWith('list<') || type.startsWith('map<');

/** The changes from `before` to `after` (everything is "added" when there is no before), ordered by field id. */
export function diffSchemas(before: TableSchema | undefined, after: TableSchema): SchemaChange[] {
  const old = new Map<number, FieldRow>((before ? flattenSchema(before.fields) : []).map((f) => [f.id, f]));
  const now = new Map<number, FieldRow>(flattenSchema(after.fields).map((f) => [f.id, f]));
  const out: SchemaChange[] = [];
  for (const [id, f] of now) {
    const o = old.get(id);
    if (!o) {
      out.push({ kind: 'added', fieldId: id, path: f.path, to: f.type });
      continue;
    }
    if (leaf(o.path) !== leaf(f.path)) out.push({ kind: 'renamed', fieldId: id, path: f.path, from: leaf(o.path), to: leaf(f.path) });
    // A list/map type string embeds its element's type: that change is reported on the element.
    if (o.type !== f.type && !(nested(o.type) && nested(f.type) && o.type.split('<')[0] === f.type.split('<')[0])) {
      out.push({ kind: 'type-changed', fieldId: id, path: f.path, from: o.type, to: f.type });
    }
    if (o.required !== f.required) out.push({ kind: 'required-changed', fieldId: id, path: f.path, from: o.required ? 'required' : 'optional', to: f.required ? 'required' : 'optional' });
    if ((o.doc ?? '') !== (f.doc ?? '')) out.push({ kind: 'doc-changed', fieldId: id, path: f.path, from: o.doc ?? '', to: f.doc ?? '' });
  }
  for (const [id, o] of old) if (!now.has(id)) out.push({ kind: 'removed', fieldId: id, path: o.path, from: o.type });
  const rank: Record<SchemaChangeKind, number> = { added: 0, removed: 1, renamed: 2, 'type-changed': 3, 'required-changed': 4, 'doc-changed': 5 };
  return out.sort((a, b) => a.fieldId - b.fieldId || rank[a.kind] - rank[b.kind]);
}

/** Every schema with its changes from the one before it (by schema id), oldest first. */
export function schemaHistory(schemas: readonly TableSchema[]): SchemaVersion[] {
  const sorted = [...schemas].sort((a, b) => a['schema-id'] - b['schema-id']);
  return sorted.map((s, i) => ({
    schemaId: s['schema-id'],
    previousId: i > 0 ? sorted[i - 1]['schema-id'] : null,
    fieldCount: flattenSchema(s.fields).length,
    changes: diffSchemas(i > 0 ? sorted[i - 1] : undefined, s),
  }));
}

/** "added", "renamed a → b", … for one change. */
export function describeChange(c: SchemaChange): string {
  switch (c.kind) {
    case 'added':
      return `added (${c.to})`;
    case 'removed':
      return `removed (was ${c.from})`;
    case 'renamed':
      return `renamed ${c.from} → ${c.to}`;
    case 'type-changed':
      return `type ${c.from} → ${c.to}`;
    case 'required-changed':
      return `${c.from} → ${c.to}`;
    case 'doc-changed':
      return `doc “${c.from}” → “${c.to}”`;
  }
}

/** The change without its kind (shown next to a badge naming the kind). */
export function changeDetail(c: SchemaChange): string {
  switch (c.kind) {
    case 'added':
      return c.to ?? '';
    case 'removed':
      return `was ${c.from}`;
    case 'doc-changed':
      return `“${c.from}” → “${c.to}”`;
    default:
      return `${c.from} → ${c.to}`;
  }
}
