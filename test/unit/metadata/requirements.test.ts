import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyUpdates, checkRequirements, checkViewRequirements, newViewMetadata } from '../../../src/server/iceberg/metadata/index.js';
import { parseJson } from '../../../src/server/iceberg/json.js';
import type { TableRequirement } from '../../../src/server/iceberg/metadata/types.js';
import { BIG, NOW, UUID, badReq, conflict, illegal, mainRef, snapshotUpdate, table } from './fixtures.js';

const withMain = () => applyUpdates(table(), [snapshotUpdate(BIG), mainRef(BIG), { action: 'set-snapshot-ref', 'ref-name': 'v1', type: 'tag', 'snapshot-id': BIG }], NOW + 1);

describe('checkRequirements', () => {
  test('assert-create', () => {
    checkRequirements(undefined, [{ type: 'assert-create' }]);
    conflict(() => checkRequirements(table(), [{ type: 'assert-create' }]), 'Requirement failed: table already exists');
    illegal(() => checkRequirements(undefined, [{ type: 'assert-create' }, { type: 'assert-table-uuid', uuid: UUID }]), /Invalid create requirements/);
  });

  test('assert-table-uuid is case-insensitive', () => {
    checkRequirements(table(), [{ type: 'assert-table-uuid', uuid: UUID.toUpperCase() }]);
    conflict(() => checkRequirements(table(), [{ type: 'assert-table-uuid', uuid: 'nope' }]), `Requirement failed: UUID does not match: expected ${UUID} != nope`);
  });

  test('assert-ref-snapshot-id with ids above 2^53', () => {
    const md = withMain();
    checkRequirements(md, [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': BIG }]);
    // the same id as it arrives from a parsed request body
    const parsed = parseJson('{"type":"assert-ref-snapshot-id","ref":"main","snapshot-id":9007199254740993}') as TableRequirement;
    checkRequirements(md, [parsed]);
    conflict(() => checkRequirements(md, [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': BIG - 1n }]),
      'Requirement failed: branch main has changed: expected id 9007199254740992 != 9007199254740993');
    conflict(() => checkRequirements(md, [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': null }]), 'Requirement failed: branch main was created concurrently');
    conflict(() => checkRequirements(md, [{ type: 'assert-ref-snapshot-id', ref: 'v1', 'snapshot-id': 1 }]), /tag v1 has changed/);
    checkRequirements(table(), [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': null }]);
    conflict(() => checkRequirements(table(), [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': 5 }]), 'Requirement failed: branch or tag main is missing, expected 5');
  });

  test('id assertions', () => {
    const md = table();
    checkRequirements(md, [
      { type: 'assert-last-assigned-field-id', 'last-assigned-field-id': 3 },
      { type: 'assert-current-schema-id', 'current-schema-id': 0 },
      { type: 'assert-last-assigned-partition-id', 'last-assigned-partition-id': 999 },
      { type: 'assert-default-spec-id', 'default-spec-id': 0 },
      { type: 'assert-default-sort-order-id', 'default-sort-order-id': 0 },
    ]);
    conflict(() => checkRequirements(md, [{ type: 'assert-last-assigned-field-id', 'last-assigned-field-id': 4 }]), 'Requirement failed: last assigned field id changed: expected id 4 != 3');
    conflict(() => checkRequirements(md, [{ type: 'assert-current-schema-id', 'current-schema-id': 1 }]), 'Requirement failed: current schema changed: expected id 1 != 0');
    conflict(() => checkRequirements(md, [{ type: 'assert-last-assigned-partition-id', 'last-assigned-partition-id': 1000 }]), 'Requirement failed: last assigned partition id changed: expected id 1000 != 999');
    conflict(() => checkRequirements(md, [{ type: 'assert-default-spec-id', 'default-spec-id': 1 }]), 'Requirement failed: default partition spec changed: expected id 1 != 0');
    conflict(() => checkRequirements(md, [{ type: 'assert-default-sort-order-id', 'default-sort-order-id': 1 }]), 'Requirement failed: default sort order changed: expected id 1 != 0');
  });

  test('unknown or malformed requirements are 400 even when another would fail', () => {
    badReq(() => checkRequirements(table(), [{ type: 'assert-current-schema-id', 'current-schema-id': 5 }, { type: 'assert-magic' }]), 'Unknown update requirement type: assert-magic');
    badReq(() => checkRequirements(table(), [{ nope: 1 } as unknown as TableRequirement]), /Missing field: type/);
    badReq(() => checkRequirements(table(), [{ type: 'assert-view-uuid', uuid: UUID }]));
    illegal(() => checkRequirements(table(), [{ type: 'assert-current-schema-id' }]), /current-schema-id/);
  });

  test('a missing table fails non-create requirements', () => {
    checkRequirements(undefined, []);
    conflict(() => checkRequirements(undefined, [{ type: 'assert-table-uuid', uuid: UUID }]), /does not exist/);
  });
});

describe('checkViewRequirements', () => {
  const view = newViewMetadata({
    schema: { type: 'struct', 'schema-id': 0, fields: [{ id: 1, name: 'a', required: false, type: 'int' }] },
    'view-version': { 'version-id': 1, 'timestamp-ms': NOW, 'schema-id': 0, summary: {}, 'default-namespace': ['ns'], representations: [{ type: 'sql', sql: 'select 1', dialect: 'spark' }] },
  }, { uuid: UUID, nowMs: NOW, location: 's3://b/v' });

  test('assert-view-uuid', () => {
    checkViewRequirements(view, [{ type: 'assert-view-uuid', uuid: UUID }]);
    conflict(() => checkViewRequirements(view, [{ type: 'assert-view-uuid', uuid: 'x' }]), `Requirement failed: view UUID does not match: expected ${UUID} != x`);
    badReq(() => checkViewRequirements(view, [{ type: 'assert-table-uuid', uuid: UUID }]));
    badReq(() => checkViewRequirements(view, [{ type: 'whatever' }]), /Unknown/);
  });
});
