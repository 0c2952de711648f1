import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyViewUpdates, newViewMetadata } from '../../../src/server/iceberg/metadata/index.js';
import type { Schema, TableUpdate, ViewMetadata } from '../../../src/server/iceberg/metadata/types.js';
import { NOW, UUID, badReq, deepFreeze, illegal, json } from './fixtures.js';

const schema = (extra = false): Schema => ({
  type: 'struct', 'schema-id': 5,
  fields: [{ id: 1, name: 'a', required: false, type: 'int' }, ...(extra ? [{ id: 2, name: 'b', required: false, type: 'string' }] : [])],
});
const version = (sql: string, opts: { id?: number; schemaId?: number; dialect?: string; ts?: number } = {}) => ({
  'version-id': opts.id ?? 1, 'timestamp-ms': opts.ts ?? NOW, 'schema-id': opts.schemaId ?? 0, summary: { 'engine-name': 'spark' },
  'default-namespace': ['ns'], representations: [{ type: 'sql', sql, dialect: opts.dialect ?? 'spark' }],
});
const create = (props: Record<string, string> = {}) =>
  newViewMetadata({ name: 'v', schema: schema(), 'view-version': version('select 1', { id: 9, ts: 1 }), properties: props }, { uuid: UUID, nowMs: NOW, location: 's3://b/v/' });
const replace = (sql: string, extra = true, dialect = 'spark'): TableUpdate[] => [
  { action: 'add-schema', schema: schema(extra), 'last-column-id': 2 },
  { action: 'add-view-version', 'view-version': version(sql, { id: 1, schemaId: -1, dialect, ts: NOW + 1 }) },
  { action: 'set-current-view-version', 'view-version-id': -1 },
];

describe('newViewMetadata', () => {
  test('shape: schema 0, version 1 at server time, version log', () => {
    const v = create({ comment: 'c' });
    assert.deepEqual(Object.keys(v), ['view-uuid', 'format-version', 'location', 'properties', 'schemas', 'current-version-id', 'versions', 'version-log']);
    assert.equal(v.location, 's3://b/v');
    assert.equal(v.schemas[0]['schema-id'], 0);
    assert.deepEqual(v.versions, [{ 'version-id': 1, 'timestamp-ms': NOW, 'schema-id': 0, summary: { 'engine-name': 'spark' }, 'default-namespace': ['ns'], representations: [{ type: 'sql', sql: 'select 1', dialect: 'spark' }] }]);
    assert.deepEqual(v['version-log'], [{ 'timestamp-ms': NOW, 'version-id': 1 }]);
    assert.deepEqual(v.properties, { comment: 'c' });
  });

  test('validation', () => {
    const base = { name: 'v', schema: schema() };
    illegal(() => newViewMetadata({ ...base, 'view-version': { ...version('x'), representations: [] } }, { uuid: UUID, nowMs: NOW, location: 'l' }), /without specifying a query/);
    illegal(() => newViewMetadata({ ...base, 'view-version': { ...version('x'), representations: [{ type: 'sql', sql: 'a', dialect: 'Spark' }, { type: 'sql', sql: 'b', dialect: 'spark' }] } }, { uuid: UUID, nowMs: NOW, location: 'l' }), /multiple queries for dialect spark/);
    illegal(() => newViewMetadata({ ...base, 'view-version': { ...version('x'), 'default-namespace': undefined } }, { uuid: UUID, nowMs: NOW, location: 'l' }), /default namespace/);
    illegal(() => newViewMetadata({ ...base, schema: { type: 'struct', fields: [{ id: 1, name: 'a', required: false, type: 'nope' }] }, 'view-version': version('x') }, { uuid: UUID, nowMs: NOW, location: 'l' }), /primitive/);
  });
});

describe('applyViewUpdates', () => {
  test('replace: new schema, version with schema-id -1, current -1, history', () => {
    const base = deepFreeze(create());
    const before = json(base);
    const next = applyViewUpdates(base, replace('select a, b'), NOW + 50);
    assert.equal(json(base), before);
    assert.deepEqual(next.schemas.map((s) => s['schema-id']), [0, 1]);
    assert.equal(next['current-version-id'], 2);
    assert.equal(next.versions[1]['schema-id'], 1);
    assert.deepEqual(next['version-log'].at(-1), { 'timestamp-ms': NOW + 1, 'version-id': 2 });
  });

  test('an identical version is reused; setting an old version logs "now"', () => {
    const two = applyViewUpdates(create(), replace('select a, b'), NOW + 50);
    const back = applyViewUpdates(two, [{ action: 'add-view-version', 'view-version': version('select 1', { id: 7 }) }, { action: 'set-current-view-version', 'view-version-id': 1 }], NOW + 60);
    assert.equal(back.versions.length, 2);
    assert.equal(back['current-version-id'], 1);
    assert.deepEqual(back['version-log'].at(-1), { 'timestamp-ms': NOW + 60, 'version-id': 1 });
    illegal(() => applyViewUpdates(two, [{ action: 'add-view-version', 'view-version': version('select 1', { id: 7 }) }, { action: 'set-current-view-version', 'view-version-id': -1 }], NOW), /no current version id has been set/);
  });

  test('errors', () => {
    const v = create();
    illegal(() => applyViewUpdates(v, [{ action: 'set-current-view-version', 'view-version-id': 5 }], NOW), 'Cannot set current version to unknown version: 5');
    illegal(() => applyViewUpdates(v, [{ action: 'add-view-version', 'view-version': version('x', { schemaId: -1 }) }], NOW), 'Cannot set last added schema: no schema has been added');
    illegal(() => applyViewUpdates(v, [{ action: 'add-view-version', 'view-version': version('x', { schemaId: 4 }) }], NOW), 'Cannot add version with unknown schema: 4');
    illegal(() => applyViewUpdates(v, [{ action: 'assign-uuid', uuid: 'other' }], NOW), 'Cannot reassign uuid');
    illegal(() => applyViewUpdates(v, [{ action: 'upgrade-format-version', 'format-version': 2 }], NOW), 'Unsupported format version: 2');
    illegal(() => applyViewUpdates(v, [{ action: 'upgrade-format-version', 'format-version': 0 }], NOW), /Cannot downgrade v1 view to v0/);
    badReq(() => applyViewUpdates(v, [{ action: 'add-snapshot', snapshot: {} }], NOW), /to a view/);
    badReq(() => applyViewUpdates(v, [{ action: 'frobnicate' }], NOW), 'Unknown update action: frobnicate');
  });

  test('dropping a dialect needs replace.drop-dialect.allowed', () => {
    const v = create();
    illegal(() => applyViewUpdates(v, replace('select 1', true, 'trino'), NOW), /loss of view dialects/);
    const allowed = applyViewUpdates(v, [{ action: 'set-properties', updates: { 'replace.drop-dialect.allowed': 'true' } }, ...replace('select 1', true, 'trino')], NOW);
    assert.equal(allowed.versions.at(-1)?.representations[0].dialect, 'trino');
  });

  test('properties, location and no-op updates', () => {
    const v = create();
    assert.equal(applyViewUpdates(v, [{ action: 'assign-uuid', uuid: UUID }, { action: 'upgrade-format-version', 'format-version': 1 }, { action: 'set-location', location: 's3://b/v' }], NOW), v);
    const next = applyViewUpdates(v, [{ action: 'set-properties', updates: { a: '1', b: '2' } }, { action: 'remove-properties', removals: ['a'] }, { action: 'set-location', location: 's3://b/w/' }], NOW);
    assert.deepEqual(next.properties, { b: '2' });
    assert.equal(next.location, 's3://b/w');
  });

  test('version history is trimmed to version.history.num-entries', () => {
    let v: ViewMetadata = create({ 'version.history.num-entries': '2' });
    for (let i = 0; i < 4; i++) {
      v = applyViewUpdates(v, [{ action: 'add-view-version', 'view-version': version(`select ${i + 10}`, { id: 1, ts: NOW + i }) }, { action: 'set-current-view-version', 'view-version-id': -1 }], NOW + i);
    }
    assert.deepEqual(v.versions.map((x) => x['version-id']), [4, 5]);
    assert.equal(v['current-version-id'], 5);
    assert.deepEqual(v['version-log'].map((e) => e['version-id']), [4, 5]);
  });
});
