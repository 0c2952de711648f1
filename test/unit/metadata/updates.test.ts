import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyUpdates } from '../../../src/server/iceberg/metadata/index.js';
import type { Schema, TableUpdate } from '../../../src/server/iceberg/metadata/types.js';
import { NOW, badReq, deepFreeze, illegal, json, table } from './fixtures.js';

const schemaV1 = (): Schema => ({
  type: 'struct', 'schema-id': 0,
  fields: [
    { id: 1, name: 'id', required: true, type: 'long' },
    { id: 2, name: 'ts', required: false, type: 'timestamptz' },
    { id: 3, name: 'data', required: false, type: 'string' },
  ],
});
const withColumn = (): Schema => ({ ...schemaV1(), fields: [...schemaV1().fields, { id: 4, name: 'extra', required: false, type: 'int' }] });
const apply = (updates: TableUpdate[], base = table()) => applyUpdates(base, updates, NOW + 5);

describe('applyUpdates basics', () => {
  test('never mutates base and returns base itself when nothing changed', () => {
    const base = deepFreeze(table());
    const before = json(base);
    const next = apply([{ action: 'add-schema', schema: withColumn() }, { action: 'set-current-schema', 'schema-id': -1 }, { action: 'set-properties', updates: { a: 'b' } }], base);
    assert.equal(json(base), before);
    assert.notEqual(next, base);
    assert.equal(next['last-updated-ms'], NOW + 5);
    assert.equal(apply([{ action: 'set-properties', updates: {} }, { action: 'set-location', location: base.location }], base), base);
    assert.equal(apply([], base), base);
  });

  test('unknown and view-only actions are 400 BadRequest', () => {
    badReq(() => apply([{ action: 'make-coffee' }]), 'Unknown update action: make-coffee');
    badReq(() => apply([{ action: 'add-view-version', 'view-version': {} }]), /to a table/);
    badReq(() => apply([{ action: 'set-current-view-version', 'view-version-id': 1 }]), /to a table/);
    badReq(() => apply([{} as TableUpdate]), /Missing field: action/);
  });
});

describe('schemas', () => {
  test('add-schema assigns max+1, -1 selects it, last-column-id advances', () => {
    const next = apply([{ action: 'add-schema', schema: { ...withColumn(), 'schema-id': 42 }, 'last-column-id': 4 }, { action: 'set-current-schema', 'schema-id': -1 }]);
    assert.deepEqual(next.schemas.map((s) => s['schema-id']), [0, 1]);
    assert.equal(next['current-schema-id'], 1);
    assert.equal(next['last-column-id'], 4);
  });

  test('an identical schema reuses the existing id', () => {
    const base = table();
    assert.equal(apply([{ action: 'add-schema', schema: { ...schemaV1(), 'schema-id': 9 } }], base), base);
    const added = apply([{ action: 'add-schema', schema: withColumn() }]);
    const back = apply([{ action: 'add-schema', schema: schemaV1() }, { action: 'set-current-schema', 'schema-id': 0 }], added);
    assert.equal(back, added); // schema 0 already current, nothing changes
    // re-adding a schema added earlier in the same commit keeps it "last added"
    const twice = apply([{ action: 'add-schema', schema: withColumn() }, { action: 'add-schema', schema: withColumn() }, { action: 'set-current-schema', 'schema-id': -1 }]);
    assert.equal(twice.schemas.length, 2);
    assert.equal(twice['current-schema-id'], 1);
  });

  test('set-current-schema failures', () => {
    illegal(() => apply([{ action: 'set-current-schema', 'schema-id': 7 }]), 'Cannot set current schema to unknown schema: 7');
    illegal(() => apply([{ action: 'set-current-schema', 'schema-id': -1 }]), 'Cannot set last added schema: no schema has been added');
    // reusing an existing schema does not make it "last added"
    illegal(() => apply([{ action: 'add-schema', schema: schemaV1() }, { action: 'set-current-schema', 'schema-id': -1 }]), /no schema has been added/);
  });

  test('add-schema validation', () => {
    illegal(() => apply([{ action: 'add-schema', schema: withColumn(), 'last-column-id': 3 }]), /Invalid last column ID: 3 < 4/);
    illegal(() => apply([{ action: 'add-schema', schema: { ...schemaV1(), fields: [{ id: 1, name: 'x', required: false, type: 'text' }] } }]), /Cannot parse type string/);
    illegal(() => apply([{ action: 'add-schema', schema: { ...schemaV1(), fields: [{ id: 1, name: 'x', required: false, type: 'variant' }] } }]), /not supported until v3/);
    illegal(() => apply([{ action: 'add-schema' }]), /schema/);
  });

  test('remove-schemas cannot remove the current schema', () => {
    const two = apply([{ action: 'add-schema', schema: withColumn() }, { action: 'set-current-schema', 'schema-id': -1 }]);
    const removed = apply([{ action: 'remove-schemas', 'schema-ids': [0] }], two);
    assert.deepEqual(removed.schemas.map((s) => s['schema-id']), [1]);
    illegal(() => apply([{ action: 'remove-schemas', 'schema-ids': [1] }], two), 'Cannot remove the current schema');
  });

  test('v1 keeps the schema mirror in sync', () => {
    const v1 = table({ 'format-version': '1' });
    const next = apply([{ action: 'add-schema', schema: withColumn() }, { action: 'set-current-schema', 'schema-id': -1 }], v1);
    assert.equal(next.schema?.['schema-id'], 1);
    assert.equal(next.schema?.fields.length, 4);
  });
});

describe('partition specs', () => {
  const bucket = { 'spec-id': 0, fields: [{ 'source-id': 1, 'field-id': 1000, name: 'id_bucket', transform: 'bucket[16]' }] };

  test('add-spec + set-default-spec -1', () => {
    const next = apply([{ action: 'add-spec', spec: bucket }, { action: 'set-default-spec', 'spec-id': -1 }]);
    assert.equal(next['default-spec-id'], 1);
    assert.deepEqual(next['partition-specs'][1], { ...bucket, 'spec-id': 1 });
    assert.equal(next['last-partition-id'], 1000);
  });

  test('missing field ids are assigned above last-partition-id', () => {
    const one = apply([{ action: 'add-spec', spec: bucket }]);
    const two = apply([{ action: 'add-spec', spec: { fields: [{ 'source-id': 2, name: 'ts_day', transform: 'day' }] } }], one);
    assert.equal(two['partition-specs'][2].fields[0]['field-id'], 1001);
    assert.equal(two['last-partition-id'], 1001);
  });

  test('an identical spec is reused; -1 only refers to specs added in this commit', () => {
    const one = apply([{ action: 'add-spec', spec: bucket }]);
    assert.equal(apply([{ action: 'add-spec', spec: { ...bucket, 'spec-id': 5 } }], one), one);
    illegal(() => apply([{ action: 'add-spec', spec: bucket }, { action: 'set-default-spec', 'spec-id': -1 }], one), 'Cannot set last added spec: no spec has been added');
    const unpartitioned = apply([{ action: 'add-spec', spec: { fields: [] } }]);
    assert.equal(unpartitioned['partition-specs'].length, 1);
  });

  test('set-default-spec and add-spec failures', () => {
    illegal(() => apply([{ action: 'set-default-spec', 'spec-id': 3 }]), /unknown spec: 3/);
    illegal(() => apply([{ action: 'add-spec', spec: { fields: [{ 'source-id': 99, name: 'x', transform: 'identity' }] } }]), /Cannot find source column/);
    illegal(() => apply([{ action: 'add-spec', spec: { fields: [{ 'source-id': 1, 'field-id': 1005, name: 'x', transform: 'identity' }] } }], table({ 'format-version': '1' })), /sequential IDs/);
  });

  test('remove-partition-specs cannot remove the default spec', () => {
    const one = apply([{ action: 'add-spec', spec: bucket }, { action: 'set-default-spec', 'spec-id': -1 }]);
    assert.deepEqual(apply([{ action: 'remove-partition-specs', 'spec-ids': [0] }], one)['partition-specs'].map((s) => s['spec-id']), [1]);
    illegal(() => apply([{ action: 'remove-partition-specs', 'spec-ids': [1] }], one), 'Cannot remove the default partition spec');
  });

  test('v1 keeps the partition-spec mirror in sync', () => {
    const v1 = table({ 'format-version': '1' });
    const next = apply([{ action: 'add-spec', spec: bucket }, { action: 'set-default-spec', 'spec-id': -1 }], v1);
    assert.deepEqual(next['partition-spec'], bucket.fields);
  });
});

describe('sort orders', () => {
  const byId = { 'order-id': 5, fields: [{ transform: 'identity', 'source-id': 1, direction: 'asc', 'null-order': 'nulls-first' }] };

  test('first real order gets id 1, identical orders are reused, unsorted is 0', () => {
    const one = apply([{ action: 'add-sort-order', 'sort-order': byId }, { action: 'set-default-sort-order', 'sort-order-id': -1 }]);
    assert.equal(one['default-sort-order-id'], 1);
    assert.equal(one['sort-orders'][1]['order-id'], 1);
    assert.equal(apply([{ action: 'add-sort-order', 'sort-order': byId }], one), one);
    const back = apply([{ action: 'add-sort-order', 'sort-order': { 'order-id': 3, fields: [] } }, { action: 'set-default-sort-order', 'sort-order-id': 0 }], one);
    assert.equal(back['default-sort-order-id'], 0);
    assert.equal(back['sort-orders'].length, 2);
  });

  test('failures', () => {
    illegal(() => apply([{ action: 'set-default-sort-order', 'sort-order-id': -1 }]), 'Cannot set last added sort order: no sort order has been added');
    illegal(() => apply([{ action: 'set-default-sort-order', 'sort-order-id': 4 }]), /unknown sort order: 4/);
    illegal(() => apply([{ action: 'add-sort-order', 'sort-order': { fields: [{ ...byId.fields[0], 'source-id': 77 }] } }]), /Cannot find source column/);
    illegal(() => apply([{ action: 'add-sort-order', 'sort-order': { fields: [{ ...byId.fields[0], direction: 'up' }] } }]), /direction/);
  });
});

describe('format version, location, properties, encryption keys', () => {
  test('upgrade-format-version', () => {
    const v1 = table({ 'format-version': '1' });
    const v2 = apply([{ action: 'upgrade-format-version', 'format-version': 2 }], v1);
    assert.equal(v2['format-version'], 2);
    assert.equal(v2['last-sequence-number'], 0);
    assert.equal('schema' in v2, false);
    assert.equal('partition-spec' in v2, false);
    const v3 = apply([{ action: 'upgrade-format-version', 'format-version': 3 }], v2);
    assert.equal(v3['next-row-id'], 0);
    assert.equal(v3['current-snapshot-id'], null);
    assert.equal(apply([{ action: 'upgrade-format-version', 'format-version': 2 }], v2), v2);
    illegal(() => apply([{ action: 'upgrade-format-version', 'format-version': 1 }], v2), 'Cannot downgrade v2 table to v1');
    illegal(() => apply([{ action: 'upgrade-format-version', 'format-version': 4 }], v2), /unsupported format version: v4/);
  });

  test('set-location strips trailing slashes', () => {
    assert.equal(apply([{ action: 'set-location', location: 's3://b/new/' }]).location, 's3://b/new');
  });

  test('set-properties / remove-properties, incl. legacy field names', () => {
    const a = apply([{ action: 'set-properties', updates: { x: '1', y: '2' } }]);
    assert.equal(a.properties.x, '1');
    const b = apply([{ action: 'remove-properties', removals: ['x'] }, { action: 'set-properties', updated: { z: '3' } }], a);
    assert.equal(b.properties.x, undefined);
    assert.equal(b.properties.z, '3');
    const c = apply([{ action: 'remove-properties', removed: ['y'] }], b);
    assert.equal(c.properties.y, undefined);
    illegal(() => apply([{ action: 'set-properties', updates: { x: 1 } }]), /string/);
  });

  test('encryption keys are added once and removable', () => {
    const key = { 'key-id': 'k1', 'encrypted-key-metadata': 'AAAA' };
    const a = apply([{ action: 'add-encryption-key', 'encryption-key': key }], table({ 'format-version': '3' }));
    assert.deepEqual(a['encryption-keys'], [key]);
    assert.equal(apply([{ action: 'add-encryption-key', 'encryption-key': key }], a), a);
    const b = apply([{ action: 'remove-encryption-key', 'key-id': 'k1' }], a);
    assert.equal('encryption-keys' in b, false);
    illegal(() => apply([{ action: 'add-encryption-key' }]), /Invalid encryption key/);
  });
});

describe('legacy v1 metadata files', () => {
  test('a v1 file with only schema / partition-spec can be committed to', () => {
    const legacy = {
      'format-version': 1, 'table-uuid': 'u', location: 's3://b/old', 'last-updated-ms': 1, 'last-column-id': 2,
      schema: { type: 'struct', fields: [{ id: 1, name: 'a', required: false, type: 'int' }, { id: 2, name: 'b', required: false, type: 'string' }] },
      'partition-spec': [{ name: 'a', transform: 'identity', 'source-id': 1, 'field-id': 1000 }],
      properties: {}, snapshots: [],
    } as unknown as Parameters<typeof applyUpdates>[0];
    const next = applyUpdates(legacy, [{ action: 'set-properties', updates: { k: 'v' } }], NOW);
    assert.equal(next.schemas.length, 1);
    assert.equal(next['current-schema-id'], 0);
    assert.deepEqual(next['partition-specs'], [{ 'spec-id': 0, fields: legacy['partition-spec'] }]);
    assert.equal(next['last-partition-id'], 1000);
    assert.deepEqual(next['sort-orders'], [{ 'order-id': 0, fields: [] }]);
    assert.deepEqual(next.schema, next.schemas[0]);
    assert.equal(next['current-snapshot-id'], -1);
  });
});
