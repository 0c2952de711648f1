// Commit requirements (Java UpdateRequirement). A failed requirement is a 409
// CommitFailedException (the client may refresh and retry); an unknown requirement type
// is a 400.
import { badRequest, commitFailed, illegalArgument } from '../errors.js';
import type { TableMetadata, TableRequirement, ViewMetadata } from './types.js';
import { isRecord, readInt, readString, toInt64 } from './util.js';

function requirementType(req: unknown): string {
  if (!isRecord(req) || typeof req.type !== 'string' || req.type === '') {
    throw badRequest('Cannot parse update requirement. Missing field: type');
  }
  return req.type.toLowerCase();
}

const TABLE_TYPES = new Set([
  'assert-create', 'assert-table-uuid', 'assert-ref-snapshot-id', 'assert-last-assigned-field-id',
  'assert-current-schema-id', 'assert-last-assigned-partition-id', 'assert-default-spec-id',
  'assert-default-sort-order-id',
]);

/** True when the requirements contain `assert-create` (a create through the commit route). */
export function isCreateRequirements(requirements: TableRequirement[]): boolean {
  return requirements.some((r) => requirementType(r) === 'assert-create');
}

function checkOne(md: TableMetadata, req: TableRequirement, type: string): void {
  switch (type) {
    case 'assert-create':
      throw commitFailed('Requirement failed: table already exists');
    case 'assert-table-uuid': {
      const uuid = readString(req, 'uuid');
      if (uuid.toLowerCase() !== md['table-uuid'].toLowerCase()) {
        throw commitFailed(`Requirement failed: UUID does not match: expected ${md['table-uuid']} != ${uuid}`);
      }
      return;
    }
    case 'assert-ref-snapshot-id': {
      const name = readString(req, 'ref');
      const raw = req['snapshot-id'];
      const expected = raw === undefined || raw === null ? null : toInt64(raw, 'snapshot-id');
      const ref = md.refs?.[name];
      if (ref) {
        const kind = ref.type === 'tag' ? 'tag' : 'branch';
        if (expected === null) throw commitFailed(`Requirement failed: ${kind} ${name} was created concurrently`);
        if (expected !== ref['snapshot-id']) {
          throw commitFailed(`Requirement failed: ${kind} ${name} has changed: expected id ${expected} != ${ref['snapshot-id']}`);
        }
      } else if (expected !== null) {
        throw commitFailed(`Requirement failed: branch or tag ${name} is missing, expected ${expected}`);
      }
      return;
    }
    case 'assert-last-assigned-field-id': {
      const id = readInt(req, 'last-assigned-field-id');
      if (id !== md['last-column-id']) {
        throw commitFailed(`Requirement failed: last assigned field id changed: expected id ${id} != ${md['last-column-id']}`);
      }
      return;
    }
    case 'assert-current-schema-id': {
      const id = readInt(req, 'current-schema-id');
      if (id !== md['current-schema-id']) {
        throw commitFailed(`Requirement failed: current schema changed: expected id ${id} != ${md['current-schema-id']}`);
      }
      return;
    }
    case 'assert-last-assigned-partition-id': {
      const id = readInt(req, 'last-assigned-partition-id');
      if (id !== md['last-partition-id']) {
        throw commitFailed(`Requirement failed: last assigned partition id changed: expected id ${id} != ${md['last-partition-id']}`);
      }
      return;
    }
    case 'assert-default-spec-id': {
      const id = readInt(req, 'default-spec-id');
      if (id !== md['default-spec-id']) {
        throw commitFailed(`Requirement failed: default partition spec changed: expected id ${id} != ${md['default-spec-id']}`);
      }
      return;
    }
    case 'assert-default-sort-order-id': {
      const id = readInt(req, 'default-sort-order-id');
      if (id !== md['default-sort-order-id']) {
        throw commitFailed(`Requirement failed: default sort order changed: expected id ${id} != ${md['default-sort-order-id']}`);
      }
      return;
    }
  }
}

/**
 * Validates commit requirements against the current table (undefined = does not exist).
 * With `assert-create`, no other requirement is allowed (Java CatalogHandlers.isCreate).
 * Every requirement is checked for a known type before any is evaluated, so a bad
 * request is a 400 rather than a 409.
 */
export function checkRequirements(current: TableMetadata | undefined, requirements: TableRequirement[]): void {
  const types = requirements.map((r) => {
    const type = requirementType(r);
    if (!TABLE_TYPES.has(type)) {
      if (type === 'assert-view-uuid') throw badRequest('Cannot validate AssertViewUUID against a table');
      throw badRequest(`Unknown update requirement type: ${type}`);
    }
    return type;
  });
  if (types.includes('assert-create')) {
    const others = types.filter((t) => t !== 'assert-create');
    if (others.length > 0) throw illegalArgument(`Invalid create requirements: ${others.join(', ')}`);
    if (current !== undefined) throw commitFailed('Requirement failed: table already exists');
    return;
  }
  if (current === undefined) {
    if (requirements.length > 0) throw commitFailed('Requirement failed: table does not exist');
    return;
  }
  requirements.forEach((r, i) => checkOne(current, r, types[i]));
}

/** View requirements: only `assert-view-uuid` exists. */
export function checkViewRequirements(current: ViewMetadata, requirements: TableRequirement[]): void {
  for (const req of requirements) {
    const type = requirementType(req);
    if (type !== 'assert-view-uuid') {
      if (TABLE_TYPES.has(type)) throw badRequest(`Cannot validate ${type} against a view`);
      throw badRequest(`Unknown update requirement type: ${type}`);
    }
    const uuid = readString(req, 'uuid');
    if (uuid.toLowerCase() !== current['view-uuid'].toLowerCase()) {
      throw commitFailed(`Requirement failed: view UUID does not match: expected ${current['view-uuid']} != ${uuid}`);
    }
  }
}
