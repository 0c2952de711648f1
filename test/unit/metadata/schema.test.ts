import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assignFreshIds, highestFieldId, idToName, indexById, indexByName, sameSchemaStructure, validateSchema,
} from '../../../src/server/iceberg/metadata/index.js';
import type { Schema } from '../../../src/server/iceberg/metadata/types.js';
import { illegal } from './fixtures.js';

// id | struct(a, b) | list<struct(x, y)> | map<string, list<int>>
const nested = (): Schema => ({
  type: 'struct',
  'schema-id': 3,
  'identifier-field-ids': [100],
  fields: [
    { id: 100, name: 'id', required: true, type: 'long' },
    {
      id: 200, name: 'point', required: false,
      type: { type: 'struct', fields: [{ id: 201, name: 'a', required: true, type: 'double' }, { id: 202, name: 'b', required: false, type: 'double' }] },
    },
    {
      id: 300, name: 'items', required: false,
      type: {
        type: 'list', 'element-id': 301, 'element-required': true,
        element: { type: 'struct', fields: [{ id: 302, name: 'x', required: false, type: 'int' }, { id: 303, name: 'y', required: false, type: 'string' }] },
      },
    },
    {
      id: 400, name: 'tags', required: false,
      type: { type: 'map', 'key-id': 401, key: 'string', 'value-id': 402, 'value-required': false, value: { type: 'list', 'element-id': 403, 'element-required': false, element: 'int' } },
    },
  ],
});

describe('assignFreshIds', () => {
  test('assigns struct fields first, then nested types (Java AssignFreshIds order)', () => {
    let next = 0;
    const fresh = assignFreshIds(nested(), () => ++next, 0);
    assert.equal(fresh['schema-id'], 0);
    // top level fields 1..4, then point.a/b 5,6, items.element 7, its x/y 8,9, tags key/value 10,11, value element 12
    assert.deepEqual([...indexByName(fresh)].sort((a, b) => a[1] - b[1]), [
      ['id', 1], ['point', 2], ['items', 3], ['tags', 4],
      ['point.a', 5], ['point.b', 6],
      ['items.element', 7], ['items.element.x', 8], ['items.element.y', 9],
      ['tags.key', 10], ['tags.value', 11], ['tags.value.element', 12],
    ]);
    assert.equal(next, 12);
    assert.deepEqual(fresh['identifier-field-ids'], [1]);
  });

  test('keeps names, types, required flags and does not mutate the input', () => {
    const input = nested();
    const copy = structuredClone(input);
    let next = 50;
    const fresh = assignFreshIds(input, () => ++next);
    assert.deepEqual(input, copy);
    assert.equal(fresh['schema-id'], 3);
    const list = fresh.fields[2].type as { 'element-required': boolean };
    assert.equal(list['element-required'], true);
    assert.equal(fresh.fields[1].required, false);
  });
});

describe('indexes', () => {
  test('indexById covers list elements and map keys/values with dotted names', () => {
    const byId = indexById(nested());
    assert.equal(byId.get(301)?.name, 'items.element');
    assert.equal(byId.get(401)?.name, 'tags.key');
    assert.equal(byId.get(401)?.required, true);
    assert.equal(byId.get(403)?.type, 'int');
    assert.equal(idToName(nested()).get(302), 'items.element.x');
    assert.equal(byId.size, 12);
  });

  test('highestFieldId looks into nested types', () => {
    assert.equal(highestFieldId(nested()), 403);
    assert.equal(highestFieldId({ type: 'struct', fields: [] }), 0);
  });
});

describe('sameSchemaStructure', () => {
  test('ignores schema-id but not field ids, names, types, docs or identifier fields', () => {
    const a = nested();
    assert.ok(sameSchemaStructure(a, { ...nested(), 'schema-id': 99 }));
    const renamed = nested(); renamed.fields[0].name = 'ID';
    assert.ok(!sameSchemaStructure(a, renamed));
    const retyped = nested(); retyped.fields[0].type = 'int';
    assert.ok(!sameSchemaStructure(a, retyped));
    const documented = nested(); documented.fields[0].doc = 'the id';
    assert.ok(!sameSchemaStructure(a, documented));
    const noIdent = nested(); delete noIdent['identifier-field-ids'];
    assert.ok(!sameSchemaStructure(a, noIdent));
    const reId = nested(); reId.fields[3] = { ...reId.fields[3], id: 999 };
    assert.ok(!sameSchemaStructure(a, reId));
  });

  test('missing and empty identifier-field-ids are the same', () => {
    const a: Schema = { type: 'struct', 'schema-id': 0, fields: [{ id: 1, name: 'a', required: false, type: 'int' }] };
    assert.ok(sameSchemaStructure(a, { ...a, 'identifier-field-ids': [] }));
  });
});

describe('validateSchema', () => {
  test('accepts all primitive spellings', () => {
    const types = ['boolean', 'int', 'long', 'float', 'double', 'decimal(10, 2)', 'date', 'time', 'timestamp', 'timestamptz', 'string', 'uuid', 'fixed[16]', 'binary'];
    validateSchema({ type: 'struct', 'schema-id': 0, fields: types.map((t, i) => ({ id: i + 1, name: `c${i}`, required: false, type: t })) }, 2);
  });

  test('rejects unknown types and malformed nested types', () => {
    illegal(() => validateSchema({ type: 'struct', fields: [{ id: 1, name: 'a', required: false, type: 'varchar' }] }), 'Cannot parse type string to primitive: varchar');
    illegal(() => validateSchema({ type: 'struct', fields: [{ id: 1, name: 'a', required: false, type: { type: 'list', element: 'int' } }] }), /element-id/);
    illegal(() => validateSchema({ type: 'struct', fields: [{ id: 1, name: 'a', required: false, type: { type: 'tuple' } }] }), /unknown type tuple/);
    illegal(() => validateSchema({ type: 'struct', fields: [{ id: 1, name: 'a', type: 'int' }] }), /required/);
    illegal(() => validateSchema({ type: 'list' }), /struct/);
  });

  test('rejects duplicate ids and bad identifier fields', () => {
    illegal(() => validateSchema({ type: 'struct', fields: [{ id: 1, name: 'a', required: false, type: 'int' }, { id: 1, name: 'b', required: false, type: 'int' }] }), /same key: 1/);
    illegal(() => validateSchema({ type: 'struct', 'identifier-field-ids': [5], fields: [{ id: 1, name: 'a', required: true, type: 'int' }] }), 'Cannot add fieldId 5 as an identifier field: field does not exist');
    illegal(() => validateSchema({ type: 'struct', 'identifier-field-ids': [1], fields: [{ id: 1, name: 'a', required: false, type: 'int' }] }), /not a required field/);
  });

  test('v3-only types need format v3', () => {
    const s = { type: 'struct', fields: [{ id: 1, name: 'v', required: false, type: 'variant' }, { id: 2, name: 'ns', required: false, type: 'timestamp_ns' }] };
    illegal(() => validateSchema(s, 2), /Invalid schema for v2:\n- Invalid type for v: variant is not supported until v3/);
    validateSchema(s, 3);
    const withDefault = { type: 'struct', fields: [{ id: 1, name: 'a', required: false, type: 'int', 'initial-default': 5 }] };
    illegal(() => validateSchema(withDefault, 2), /initial default for a/);
    validateSchema(withDefault, 3);
  });
});
