import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyUpdates, emptyTableMetadata, finishNewFromUpdates, formatVersionForCreate, newTableMetadata,
  newTableMetadataFromUpdates,
} from '../../../src/server/iceberg/metadata/index.js';
import type { TableUpdate } from '../../../src/server/iceberg/metadata/types.js';
import { NOW, UUID, illegal, requestSchema, table } from './fixtures.js';

describe('newTableMetadata', () => {
  test('v2 default shape with fresh ids, zstd default and reserved properties stripped', () => {
    const md = table({ owner: 'me', 'current-snapshot-id': '5', uuid: 'x' });
    assert.equal(md['format-version'], 2);
    assert.deepEqual(Object.keys(md), [
      'format-version', 'table-uuid', 'location', 'last-sequence-number', 'last-updated-ms', 'last-column-id',
      'current-schema-id', 'schemas', 'default-spec-id', 'partition-specs', 'last-partition-id', 'default-sort-order-id',
      'sort-orders', 'properties', 'current-snapshot-id', 'refs', 'snapshots', 'statistics', 'partition-statistics',
      'snapshot-log', 'metadata-log',
    ]);
    assert.equal(md['table-uuid'], UUID);
    assert.equal(md['last-updated-ms'], NOW);
    assert.equal(md['last-sequence-number'], 0);
    assert.equal(md['last-column-id'], 3);
    assert.deepEqual(md.schemas[0].fields.map((f) => f.id), [1, 2, 3]);
    assert.equal(md.schemas[0]['schema-id'], 0);
    assert.deepEqual(md.properties, { 'write.parquet.compression-codec': 'zstd', owner: 'me' });
    assert.equal(md['current-snapshot-id'], -1);
    assert.deepEqual(md['partition-specs'], [{ 'spec-id': 0, fields: [] }]);
    assert.equal(md['last-partition-id'], 999);
    assert.deepEqual(md['sort-orders'], [{ 'order-id': 0, fields: [] }]);
    assert.equal(md['default-sort-order-id'], 0);
    assert.deepEqual(md.refs, {});
    assert.equal('schema' in md, false);
    assert.equal('next-row-id' in md, false);
  });

  test('a user value overrides the zstd default', () => {
    assert.equal(table({ 'write.parquet.compression-codec': 'snappy' }).properties['write.parquet.compression-codec'], 'snappy');
  });

  test('v1 writes schema and partition-spec mirrors and no sequence number', () => {
    const md = table({ 'format-version': '1' }, { partitionSpec: { fields: [{ 'source-id': 30, name: 'data_bucket', transform: 'bucket[4]' }] } });
    assert.equal(md['format-version'], 1);
    assert.deepEqual(md.schema, md.schemas[0]);
    assert.deepEqual(md['partition-spec'], md['partition-specs'][0].fields);
    assert.equal('last-sequence-number' in md, false);
    assert.equal(md['current-snapshot-id'], -1);
    assert.equal(md.properties['format-version'], undefined);
  });

  test('v3 adds next-row-id and writes a null current snapshot', () => {
    const md = table({ 'format-version': '3' });
    assert.equal(md['format-version'], 3);
    assert.equal(md['next-row-id'], 0);
    assert.equal(md['current-snapshot-id'], null);
  });

  test('rejects unsupported format versions', () => {
    for (const v of ['0', '4', 'two', '2.5']) illegal(() => table({ 'format-version': v }), /Unsupported format version/);
  });

  test('partition spec is rebound by source column name, field ids from 1000', () => {
    const md = table({}, {
      partitionSpec: { 'spec-id': 4, fields: [
        { 'source-id': 20, 'field-id': 5, name: 'ts_day', transform: 'day' },
        { 'source-id': 10, name: 'id_bucket', transform: 'bucket[16]' },
      ] },
    });
    assert.deepEqual(md['partition-specs'], [{ 'spec-id': 0, fields: [
      { 'source-id': 2, 'field-id': 1000, name: 'ts_day', transform: 'day' },
      { 'source-id': 1, 'field-id': 1001, name: 'id_bucket', transform: 'bucket[16]' },
    ] }]);
    assert.equal(md['last-partition-id'], 1001);
  });

  test('sort order is rebound and gets order id 1', () => {
    const md = table({}, { writeOrder: { 'order-id': 9, fields: [{ 'source-id': 30, transform: 'identity', direction: 'desc', 'null-order': 'nulls-last' }] } });
    assert.deepEqual(md['sort-orders'], [{ 'order-id': 1, fields: [{ transform: 'identity', 'source-id': 3, direction: 'desc', 'null-order': 'nulls-last' }] }]);
    assert.equal(md['default-sort-order-id'], 1);
  });

  test('nested request schema gets Java-ordered fresh ids', () => {
    const md = newTableMetadata({
      schema: { type: 'struct', 'schema-id': 0, fields: [
        { id: 1, name: 'loc', required: false, type: { type: 'struct', fields: [{ id: 2, name: 'lat', required: false, type: 'double' }] } },
        { id: 3, name: 'name', required: false, type: 'string' },
      ] },
      location: 's3://b/t/', properties: {}, uuid: UUID, nowMs: NOW,
    });
    assert.equal(md.schemas[0].fields[1].id, 2);
    assert.equal((md.schemas[0].fields[0].type as { fields: { id: number }[] }).fields[0].id, 3);
    assert.equal(md.location, 's3://b/t');
  });

  test('rejects specs and orders on unknown columns, bad types and v3 types on v2', () => {
    illegal(() => table({}, { partitionSpec: { fields: [{ 'source-id': 99, name: 'x', transform: 'identity' }] } }), /Cannot find source column/);
    illegal(() => table({}, { writeOrder: { fields: [{ 'source-id': 99, transform: 'identity', direction: 'asc', 'null-order': 'nulls-first' }] } }), /Cannot find source column/);
    illegal(() => table({}, { partitionSpec: { fields: [{ 'source-id': 10, name: 'x', transform: 'identity' }, { 'source-id': 20, name: 'x', transform: 'day' }] } }), /more than once: x/);
    illegal(() => table({}, { schema: { type: 'struct', fields: [{ id: 1, name: 'v', required: false, type: 'variant' }] } }), /not supported until v3/);
  });
});

describe('create from updates (assert-create)', () => {
  // what PyIceberg's CreateTableTransaction sends
  const pyicebergCreate = (formatVersion = 2): TableUpdate[] => [
    { action: 'assign-uuid', uuid: UUID },
    { action: 'upgrade-format-version', 'format-version': formatVersion },
    { action: 'add-schema', schema: { ...requestSchema(), 'schema-id': 0, fields: requestSchema().fields.map((f, i) => ({ ...f, id: i + 1 })) }, 'last-column-id': 3 },
    { action: 'set-current-schema', 'schema-id': -1 },
    { action: 'add-spec', spec: { 'spec-id': 0, fields: [{ 'source-id': 1, 'field-id': 1000, name: 'id_b', transform: 'bucket[8]' }] } },
    { action: 'set-default-spec', 'spec-id': -1 },
    { action: 'add-sort-order', 'sort-order': { 'order-id': 0, fields: [] } },
    { action: 'set-default-sort-order', 'sort-order-id': -1 },
    { action: 'set-location', location: 's3://b/wh/t' },
    { action: 'set-properties', updates: { owner: 'py' } },
  ];

  test('PyIceberg create transaction builds a complete table', () => {
    const md = applyUpdates(emptyTableMetadata(), pyicebergCreate(), NOW);
    assert.equal(md['table-uuid'], UUID);
    assert.equal(md['current-schema-id'], 0);
    assert.equal(md['last-column-id'], 3);
    assert.equal(md['default-spec-id'], 0);
    assert.equal(md['last-partition-id'], 1000);
    assert.equal(md['default-sort-order-id'], 0);
    assert.equal(md.location, 's3://b/wh/t');
    assert.deepEqual(md.properties, { owner: 'py' });
    assert.equal(md['last-updated-ms'], NOW);
    assert.deepEqual(md['metadata-log'], []);
  });

  test('v1 and v3 creates through the default empty base', () => {
    const v1 = applyUpdates(emptyTableMetadata(), pyicebergCreate(1), NOW);
    assert.equal(v1['format-version'], 1);
    assert.ok(v1.schema);
    const v3 = applyUpdates(emptyTableMetadata(), pyicebergCreate(3), NOW);
    assert.equal(v3['next-row-id'], 0);
    assert.equal(formatVersionForCreate(pyicebergCreate(3)), 3);
    assert.equal(formatVersionForCreate([]), 2);
  });

  test('incomplete creates are rejected', () => {
    const updates = pyicebergCreate();
    illegal(() => applyUpdates(emptyTableMetadata(), updates.filter((u) => u.action !== 'assign-uuid'), NOW), /UUID is required/);
    illegal(() => applyUpdates(emptyTableMetadata(), updates.filter((u) => u.action !== 'set-location'), NOW), /location is required/);
    illegal(() => applyUpdates(emptyTableMetadata(), updates.filter((u) => u.action !== 'add-sort-order' && u.action !== 'set-default-sort-order'), NOW), 'Sort orders cannot be null or empty');
    illegal(() => applyUpdates(emptyTableMetadata(), [], NOW), /UUID is required/);
    illegal(() => finishNewFromUpdates(emptyTableMetadata()), /UUID is required/);
  });

  test('newTableMetadataFromUpdates fills uuid and location defaults', () => {
    const updates = pyicebergCreate().filter((u) => u.action !== 'assign-uuid' && u.action !== 'set-location');
    const md = newTableMetadataFromUpdates(updates, NOW, { uuid: UUID, location: 's3://x/y/' });
    assert.equal(md['table-uuid'], UUID);
    assert.equal(md.location, 's3://x/y');
  });

  test('assign-uuid cannot change an existing table uuid', () => {
    illegal(() => applyUpdates(table(), [{ action: 'assign-uuid', uuid: 'other' }], NOW), /Cannot reassign uuid/);
    const base = table();
    assert.equal(applyUpdates(base, [{ action: 'assign-uuid', uuid: UUID }], NOW), base);
  });
});
