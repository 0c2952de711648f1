// Working state of one applyUpdates call (the equivalent of Java's TableMetadata.Builder)
// and the final "build" step: snapshot-log clean-up, consistency checks and the JSON
// shape per format version (TableMetadataParser.toJson).
import { illegalArgument } from '../errors.js';
import type { Int64 } from '../json.js';
import type { PartitionSpec, Schema, SnapshotLogEntry, SortOrder, TableMetadata } from './types.js';
import { checkSortOrderCompatibility, checkSpecCompatibility } from './specs.js';
import { MAIN_BRANCH, currentSnapshotIdOf, stripTrailingSlash } from './util.js';

export interface BuildState {
  /** mutable deep copy of the base metadata */
  md: TableMetadata;
  /** base was emptyTableMetadata(): a create committed with assert-create */
  creating: boolean;
  nowMs: Int64;
  /** number of effective changes; 0 at the end means "return base unchanged" */
  changes: number;
  lastAddedSchemaId: number | null;
  lastAddedSpecId: number | null;
  lastAddedOrderId: number | null;
  addedSchemaIds: Set<number>;
  addedSpecIds: Set<number>;
  addedOrderIds: Set<number>;
  addedSnapshotIds: Set<Int64>;
  /** snapshot ids set as `main` in this commit, in order */
  mainSetIds: Int64[];
  removedSnapshots: boolean;
}

export function newBuildState(md: TableMetadata, nowMs: Int64): BuildState {
  return {
    md,
    creating: isEmptyTableMetadata(md),
    nowMs,
    changes: 0,
    lastAddedSchemaId: null,
    lastAddedSpecId: null,
    lastAddedOrderId: null,
    addedSchemaIds: new Set(),
    addedSpecIds: new Set(),
    addedOrderIds: new Set(),
    addedSnapshotIds: new Set(),
    mainSetIds: [],
    removedSnapshots: false,
  };
}

export function currentSchema(md: TableMetadata): Schema | undefined {
  return md.schemas.find((s) => s['schema-id'] === md['current-schema-id']);
}

export function defaultSpec(md: TableMetadata): PartitionSpec | undefined {
  return md['partition-specs'].find((s) => s['spec-id'] === md['default-spec-id']);
}

export function defaultSortOrder(md: TableMetadata): SortOrder | undefined {
  return md['sort-orders'].find((o) => o['order-id'] === md['default-sort-order-id']);
}

/**
 * Java Builder.updateSnapshotLog: snapshots added and made current on main but replaced
 * within the same commit are dropped from the log; when snapshots were removed, a log
 * entry for a missing snapshot discards all history before it (no gaps in time travel).
 */
function updateSnapshotLog(state: BuildState): SnapshotLogEntry[] {
  const md = state.md;
  const current = currentSnapshotIdOf(md);
  const intermediate = new Set(state.mainSetIds.filter((id) => state.addedSnapshotIds.has(id) && id !== current));
  const log = md['snapshot-log'];
  if (intermediate.size === 0 && !state.removedSnapshots) return log;
  const existing = new Set(md.snapshots.map((s) => s['snapshot-id']));
  let out: SnapshotLogEntry[] = [];
  for (const entry of log) {
    if (existing.has(entry['snapshot-id'])) {
      if (!intermediate.has(entry['snapshot-id'])) out.push(entry);
    } else if (state.removedSnapshots) {
      out = [];
    }
  }
  if (current !== null && existing.has(current) && out.length > 0 && out[out.length - 1]['snapshot-id'] !== current) {
    throw illegalArgument('Cannot set invalid snapshot log: latest entry is not the current snapshot');
  }
  return out;
}

/** Consistency checks Java runs in build() and the TableMetadata constructor. */
function validate(md: TableMetadata): void {
  const schema = currentSchema(md);
  if (md.schemas.length > 0 && !schema) {
    throw illegalArgument(`Cannot find current schema: ${md['current-schema-id']}`);
  }
  const spec = defaultSpec(md);
  if (md['partition-specs'].length > 0 && !spec) {
    throw illegalArgument(`Cannot find default partition spec: ${md['default-spec-id']}`);
  }
  const order = defaultSortOrder(md);
  if (md['sort-orders'].length > 0 && !order) {
    throw illegalArgument(`Cannot find default sort order: ${md['default-sort-order-id']}`);
  }
  if (schema && spec) checkSpecCompatibility(spec, schema);
  if (schema && order) checkSortOrderCompatibility(order, schema);

  const lastSeq = md['last-sequence-number'] ?? 0;
  const ids = new Set<Int64>();
  for (const s of md.snapshots) {
    const seq = s['sequence-number'] ?? 0;
    if (md['format-version'] > 1 && seq > lastSeq) {
      throw illegalArgument(`Invalid snapshot with sequence number ${seq} greater than last sequence number ${lastSeq}`);
    }
    ids.add(s['snapshot-id']);
  }
  for (const [name, ref] of Object.entries(md.refs)) {
    if (!ids.has(ref['snapshot-id'])) {
      throw illegalArgument(`Snapshot for reference ${name} does not exist in the existing snapshots list`);
    }
  }
  const current = currentSnapshotIdOf(md);
  const main = md.refs[MAIN_BRANCH];
  if (current !== null && !ids.has(current)) throw illegalArgument('Invalid table metadata: Cannot find current version');
  if (current === null && main) throw illegalArgument(`Current snapshot is not set, but main branch exists: ${main['snapshot-id']}`);
  if (current !== null && main && main['snapshot-id'] !== current) {
    throw illegalArgument(`Current snapshot ID does not match main branch (${current} != ${main['snapshot-id']})`);
  }
}

/**
 * Fills fields that old (v1) metadata files may lack, like Java's TableMetadataParser
 * does on read: `schemas` from `schema`, `partition-specs` from `partition-spec`, an
 * unsorted order, and empty lists / maps. Mutates the (already copied) working object.
 */
export function fillLegacyFields(md: TableMetadata): void {
  if (!Array.isArray(md.schemas)) {
    md.schemas = md.schema ? [{ ...md.schema, 'schema-id': md.schema['schema-id'] ?? 0 }] : [];
    md['current-schema-id'] ??= md.schemas[0]?.['schema-id'] ?? 0;
  }
  if (!Array.isArray(md['partition-specs'])) {
    const fields = md['partition-spec'] ?? [];
    md['partition-specs'] = md['partition-spec'] ? [{ 'spec-id': 0, fields }] : [];
    md['default-spec-id'] ??= 0;
    md['last-partition-id'] ??= fields.reduce((m, f) => Math.max(m, f['field-id']), 999);
  }
  if (!Array.isArray(md['sort-orders'])) {
    md['sort-orders'] = md.schemas.length ? [{ 'order-id': 0, fields: [] }] : [];
    md['default-sort-order-id'] ??= 0;
  }
  md.snapshots ??= [];
  md.refs ??= {};
  md['snapshot-log'] ??= [];
  md['metadata-log'] ??= [];
  md.statistics ??= [];
  md['partition-statistics'] ??= [];
  md.properties ??= {};
}

/** The placeholder base of a create: no uuid assigned and no schema yet. */
export function isEmptyTableMetadata(md: TableMetadata): boolean {
  return md['table-uuid'] === '' && md.schemas.length === 0;
}

/** A table built from an empty base must be complete (Java TableMetadata constructor checks). */
export function checkNewTableComplete(md: TableMetadata): void {
  if (!md['table-uuid']) throw illegalArgument(`UUID is required in format v${md['format-version']}`);
  if (!md.location) throw illegalArgument(`Table location is required in format v${md['format-version']}`);
  if (md.schemas.length === 0) throw illegalArgument('Cannot create table: no schema has been added');
  if (!currentSchema(md)) throw illegalArgument(`Cannot create table: current schema ${md['current-schema-id']} does not exist`);
  if (md['partition-specs'].length === 0) throw illegalArgument('Partition specs cannot be null or empty');
  if (md['sort-orders'].length === 0) throw illegalArgument('Sort orders cannot be null or empty');
}

/** Final step of applyUpdates: log clean-up, validation, timestamp and shape. */
export function finishBuild(state: BuildState): TableMetadata {
  const md = state.md;
  md['snapshot-log'] = updateSnapshotLog(state);
  md['last-updated-ms'] = state.nowMs;
  validate(md);
  if (state.creating) checkNewTableComplete(md);
  return normalizeTableMetadata(md);
}

/**
 * Rebuilds the object with Java's field order and the fields each format version writes:
 * v1 mirrors `schema` / `partition-spec`, v2+ has `last-sequence-number`, v3 has
 * `next-row-id`; no current snapshot is `-1` before v3 and `null` from v3 on.
 */
export function normalizeTableMetadata(md: TableMetadata): TableMetadata {
  const v = md['format-version'];
  const out: Record<string, unknown> = {
    'format-version': v,
    'table-uuid': md['table-uuid'],
    location: stripTrailingSlash(md.location),
  };
  if (v > 1) out['last-sequence-number'] = md['last-sequence-number'] ?? 0;
  out['last-updated-ms'] = md['last-updated-ms'];
  out['last-column-id'] = md['last-column-id'];
  const schema = currentSchema(md);
  if (v === 1 && schema) out.schema = schema;
  out['current-schema-id'] = md['current-schema-id'];
  out.schemas = md.schemas;
  const spec = defaultSpec(md);
  if (v === 1 && spec) out['partition-spec'] = spec.fields;
  out['default-spec-id'] = md['default-spec-id'];
  out['partition-specs'] = md['partition-specs'];
  out['last-partition-id'] = md['last-partition-id'];
  out['default-sort-order-id'] = md['default-sort-order-id'];
  out['sort-orders'] = md['sort-orders'];
  out.properties = md.properties ?? {};
  out['current-snapshot-id'] = currentSnapshotIdOf(md) ?? (v >= 3 ? null : -1);
  if (v >= 3) out['next-row-id'] = md['next-row-id'] ?? 0;
  if (md['encryption-keys'] && md['encryption-keys'].length > 0) out['encryption-keys'] = md['encryption-keys'];
  out.refs = md.refs ?? {};
  out.snapshots = md.snapshots ?? [];
  out.statistics = md.statistics ?? [];
  out['partition-statistics'] = md['partition-statistics'] ?? [];
  out['snapshot-log'] = md['snapshot-log'] ?? [];
  out['metadata-log'] = md['metadata-log'] ?? [];
  return out as unknown as TableMetadata;
}
