// Schema history: changes between consecutive schemas, matched by field id.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TableSchema } from '../../../src/shared/api/catalog.js';
import { describeChange, diffSchemas, schemaHistory } from '../../../src/renderer/src/lib/schema-diff.js';

const v0: TableSchema = {
  type: 'struct',
  'schema-id': 0,
  fields: [
    { id: 1, name: 'id', required: true, type: 'int' },
    { id: 2, name: 'qty', required: false, type: 'int' },
    { id: 3, name: 'legacy', required: false, type: 'string' },
    { id: 4, name: 'address', required: false, type: { type: 'struct', fields: [{ id: 5, name: 'city', required: false, type: 'string' }] } },
    { id: 6, name: 'tags', required: false, type: { type: 'list', 'element-id': 7, element: 'float', 'element-required': false } },
  ],
};
const v1: TableSchema = {
  type: 'struct',
  'schema-id': 1,
  fields: [
    { id: 1, name: 'id', required: true, type: 'long' },
    { id: 2, name: 'quantity', required: true, type: 'int', doc: 'units' },
    { id: 4, name: 'addr', required: false, type: { type: 'struct', fields: [{ id: 5, name: 'town', required: false, type: 'string' }, { id: 9, name: 'zip', required: false, type: 'string' }] } },
    { id: 6, name: 'tags', required: false, type: { type: 'list', 'element-id': 7, element: 'double', 'element-required': false } },
    { id: 8, name: 'note', required: false, type: 'string' },
  ],
};

describe('schema diff', () => {
  test('added, removed, renamed, type promoted, required and doc changes by field id', () => {
    const changes = diffSchemas(v0, v1).map((c) => `${c.fieldId}:${c.kind}:${c.path}:${c.from ?? ''}>${c.to ?? ''}`);
    assert.deepEqual(changes, [
      '1:type-changed:id:int>long',
      '2:renamed:quantity:qty>quantity',
      '2:required-changed:quantity:optional>required',
      '2:doc-changed:quantity:>units',
      '3:removed:legacy:string>',
      '4:renamed:addr:address>addr',
      '5:renamed:addr.town:city>town',
      '7:type-changed:tags.element:float>double',
      '8:added:note:>string',
      '9:added:addr.zip:>string',
    ]);
  });

  test('a renamed parent does not make its children renamed; a list only reports its element', () => {
    const kinds = diffSchemas(v0, v1).filter((c) => c.fieldId === 6);
    assert.deepEqual(kinds, [], 'list<float> → list<double> is the element’s change');
    assert.ok(!diffSchemas(v0, v1).some((c) => c.fieldId === 5 && c.kind !== 'renamed'));
  });

  test('history: oldest first, the first schema has everything added, identical schemas have no changes', () => {
    const same: TableSchema = { ...v1, 'schema-id': 2 };
    const h = schemaHistory([same, v0, v1]);
    assert.deepEqual(h.map((v) => [v.schemaId, v.previousId, v.fieldCount]), [[0, null, 7], [1, 0, 8], [2, 1, 8]]);
    assert.ok(h[0].changes.every((c) => c.kind === 'added'));
    assert.equal(h[2].changes.length, 0);
  });

  test('describes changes in words', () => {
    assert.equal(describeChange({ kind: 'renamed', fieldId: 2, path: 'quantity', from: 'qty', to: 'quantity' }), 'renamed qty → quantity');
    assert.equal(describeChange({ kind: 'type-changed', fieldId: 1, path: 'id', from: 'int', to: 'long' }), 'type int → long');
    assert.equal(describeChange({ kind: 'removed', fieldId: 3, path: 'legacy', from: 'string' }), 'removed (was string)');
  });
});
