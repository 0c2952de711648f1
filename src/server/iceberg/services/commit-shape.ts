// Rejects unknown update actions and requirement types up front (400, spec 1.7), before
// any state is read, so a bad request never reaches the commit path.
import { badRequest } from '../errors.js';
import type { TableRequirement, TableUpdate } from '../metadata/types.js';

export const TABLE_UPDATE_ACTIONS = new Set([
  'assign-uuid',
  'upgrade-format-version',
  'add-schema',
  'set-current-schema',
  'add-spec',
  'set-default-spec',
  'add-sort-order',
  'set-default-sort-order',
  'add-snapshot',
  'set-snapshot-ref',
  'remove-snapshots',
  'remove-snapshot-ref',
  'set-location',
  'set-properties',
  'remove-properties',
  'set-statistics',
  'remove-statistics',
  'set-partition-statistics',
  'remove-partition-statistics',
  'remove-partition-specs',
  'remove-schemas',
  'add-encryption-key',
  'remove-encryption-key',
]);

export const TABLE_REQUIREMENT_TYPES = new Set([
  'assert-create',
  'assert-table-uuid',
  'assert-ref-snapshot-id',
  'assert-last-assigned-field-id',
  'assert-current-schema-id',
  'assert-last-assigned-partition-id',
  'assert-default-spec-id',
  'assert-default-sort-order-id',
]);

export function validateCommitShape(requirements: TableRequirement[], updates: TableUpdate[]): void {
  for (const u of updates) {
    if (!TABLE_UPDATE_ACTIONS.has(u.action)) {
      const hint = u.action === 'add-view-version' || u.action === 'set-current-view-version' ? ' (it is a view update; use the views API)' : '';
      throw badRequest(`Unknown update action: ${u.action}${hint}`);
    }
  }
  for (const r of requirements) {
    if (!TABLE_REQUIREMENT_TYPES.has(r.type)) {
      const hint = r.type === 'assert-view-uuid' ? ' (it is a view requirement; use the views API)' : '';
      throw badRequest(`Unknown requirement type: ${r.type}${hint}`);
    }
  }
}
