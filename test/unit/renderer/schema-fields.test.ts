import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flattenSchema, typeToString } from '../../../src/renderer/src/lib/schema-fields.js';

test('nested schemas flatten into rows with ids, paths and readable types', () => {
  const rows = flattenSchema([
    { id: 1, name: 'id', required: true, type: 'long' },
    {
      id: 2,
      name: 'address',
      required: false,
      type: { type: 'struct', fields: [{ id: 3, name: 'city', required: false, type: 'string', doc: 'town' }] },
    },
    { id: 4, name: 'tags', required: false, type: { type: 'list', 'element-id': 5, element: 'string', 'element-required': true } },
    {
      id: 6,
      name: 'attrs',
      required: false,
      type: { type: 'map', 'key-id': 7, key: 'string', 'value-id': 8, value: 'decimal(9,2)', 'value-required': false },
    },
  ]);
  assert.deepEqual(
    rows.map((r) => [r.id, r.path, r.depth, r.type, r.required]),
    [
      [1, 'id', 0, 'long', true],
      [2, 'address', 0, 'struct', false],
      [3, 'address.city', 1, 'string', false],
      [4, 'tags', 0, 'list<string>', false],
      [5, 'tags.element', 1, 'string', true],
      [6, 'attrs', 0, 'map<string, decimal(9,2)>', false],
      [7, 'attrs.key', 1, 'string', true],
      [8, 'attrs.value', 1, 'decimal(9,2)', false],
    ],
  );
  assert.equal(rows[2]?.doc, 'town');
  assert.equal(typeToString({ type: 'list', 'element-id': 1, element: { type: 'struct', fields: [] }, 'element-required': false }), 'list<struct>');
});
