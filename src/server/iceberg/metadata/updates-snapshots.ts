// Snapshot, ref and statistics updates (Java TableMetadata.Builder addSnapshot / setRef /
// removeRef / rewriteSnapshotsInternal / set+remove statistics). All int64 values are
// kept canonical (number when safe, bigint otherwise) so ===, Set and Map work on ids.
import { illegalArgument } from '../errors.js';
import { addInt64, type Int64 } from '../json.js';
import type { PartitionStatisticsFile, Snapshot, SnapshotRef, StatisticsFile, TableUpdate } from './types.js';
import type { BuildState } from './builder.js';
import {
  MAIN_BRANCH, isRecord, jsonEqual, readArray, readInt64, readObject, readOptionalInt, readOptionalInt64,
  readString, toInt64,
} from './util.js';

const MIN_FORMAT_VERSION_ROW_LINEAGE = 3;

/** Snapshot copy with canonical int64s, in SnapshotParser's field order. */
function parseSnapshot(raw: Record<string, unknown>, formatVersion: number): Snapshot {
  const out: Record<string, unknown> = {};
  const seq = readOptionalInt64(raw, 'sequence-number');
  if (seq !== undefined && seq > 0) {
    if (formatVersion === 1) throw illegalArgument(`Sequence number must be 0 in v1: ${seq}`);
    out['sequence-number'] = seq;
  }
  out['snapshot-id'] = readInt64(raw, 'snapshot-id');
  const parent = readOptionalInt64(raw, 'parent-snapshot-id');
  if (parent !== undefined) out['parent-snapshot-id'] = parent;
  out['timestamp-ms'] = readInt64(raw, 'timestamp-ms');
  const summary = raw.summary;
  if (summary !== undefined && summary !== null) {
    if (!isRecord(summary) || typeof summary.operation !== 'string') throw illegalArgument('Cannot parse missing string: operation');
    for (const [k, v] of Object.entries(summary)) {
      if (typeof v !== 'string') throw illegalArgument(`Cannot parse to a string value: ${k}: ${String(v)}`);
    }
    out.summary = { ...summary };
  }
  if (typeof raw['manifest-list'] === 'string') out['manifest-list'] = raw['manifest-list'];
  else if (Array.isArray(raw.manifests)) out.manifests = [...raw.manifests];
  else throw illegalArgument('Cannot parse missing string: manifest-list');
  const schemaId = readOptionalInt(raw, 'schema-id');
  if (schemaId !== undefined) out['schema-id'] = schemaId;
  const firstRowId = readOptionalInt64(raw, 'first-row-id');
  if (firstRowId !== undefined) out['first-row-id'] = firstRowId;
  const addedRows = readOptionalInt64(raw, 'added-rows');
  if (addedRows !== undefined) out['added-rows'] = addedRows;
  if (typeof raw['key-id'] === 'string') out['key-id'] = raw['key-id'];
  return out as unknown as Snapshot;
}

export function addSnapshot(state: BuildState, u: TableUpdate): void {
  const md = state.md;
  const v = md['format-version'];
  const snapshot = parseSnapshot(readObject(u, 'snapshot'), v);
  if (md.schemas.length === 0) throw illegalArgument('Attempting to add a snapshot before a schema is added');
  if (md['partition-specs'].length === 0) throw illegalArgument('Attempting to add a snapshot before a partition spec is added');
  if (md['sort-orders'].length === 0) throw illegalArgument('Attempting to add a snapshot before a sort order is added');
  const id = snapshot['snapshot-id'];
  if (md.snapshots.some((s) => s['snapshot-id'] === id)) throw illegalArgument(`Snapshot already exists for id: ${id}`);

  const seq = snapshot['sequence-number'] ?? 0;
  const lastSeq = md['last-sequence-number'] ?? 0;
  const parent = snapshot['parent-snapshot-id'] ?? null;
  // Java lets a parentless snapshot through (e.g. a replace on a fresh branch)
  if (v > 1 && !(seq > lastSeq) && parent !== null) {
    throw illegalArgument(`Cannot add snapshot with sequence number ${seq} older than last sequence number ${lastSeq}`);
  }
  if (v > 1) md['last-sequence-number'] = seq;

  if (v >= MIN_FORMAT_VERSION_ROW_LINEAGE) {
    // row lineage: the snapshot's rows get ids [first-row-id, first-row-id + added-rows)
    const nextRowId = md['next-row-id'] ?? 0;
    if (snapshot['first-row-id'] === undefined) snapshot['first-row-id'] = nextRowId;
    if (snapshot['first-row-id'] < nextRowId) {
      throw illegalArgument(`Cannot add a snapshot, first-row-id is behind table next-row-id: ${snapshot['first-row-id']} < ${nextRowId}`);
    }
    if (snapshot['added-rows'] === undefined) throw illegalArgument('Cannot add a snapshot: added-rows is null');
    if (snapshot['added-rows'] < 0) throw illegalArgument(`Cannot add a snapshot: added-rows is negative: ${snapshot['added-rows']}`);
    md['next-row-id'] = addInt64(nextRowId, snapshot['added-rows']);
  }
  md.snapshots.push(snapshot);
  state.addedSnapshotIds.add(id);
  state.changes++;
}

function readPositive(u: TableUpdate, key: string, type: string, what: string, message: string): Int64 | undefined {
  const value = key === 'min-snapshots-to-keep' ? readOptionalInt(u, key) : readOptionalInt64(u, key);
  if (value === undefined) return undefined;
  if (type === 'tag' && key !== 'max-ref-age-ms') throw illegalArgument(`Tags do not support setting ${what}`);
  if (value <= 0) throw illegalArgument(message);
  return value;
}

export function setSnapshotRef(state: BuildState, u: TableUpdate): void {
  const md = state.md;
  const name = readString(u, 'ref-name');
  const id = readInt64(u, 'snapshot-id');
  const type = readString(u, 'type').toLowerCase();
  if (type !== 'branch' && type !== 'tag') throw illegalArgument(`Invalid snapshot ref type: ${type}`);
  const ref: SnapshotRef = { 'snapshot-id': id, type };
  const min = readPositive(u, 'min-snapshots-to-keep', type, 'minSnapshotsToKeep', 'Min snapshots to keep must be greater than 0');
  if (min !== undefined) ref['min-snapshots-to-keep'] = Number(min);
  const maxSnap = readPositive(u, 'max-snapshot-age-ms', type, 'maxSnapshotAgeMs', 'Max snapshot age must be greater than 0 ms');
  if (maxSnap !== undefined) ref['max-snapshot-age-ms'] = maxSnap;
  const maxRef = readPositive(u, 'max-ref-age-ms', type, 'maxRefAgeMs', 'Max reference age must be greater than 0');
  if (maxRef !== undefined) ref['max-ref-age-ms'] = maxRef;

  if (jsonEqual(md.refs[name], ref)) return;
  const snapshot = md.snapshots.find((s) => s['snapshot-id'] === id);
  if (!snapshot) throw illegalArgument(`Cannot set ${name} to unknown snapshot: ${id}`);
  if (name === MAIN_BRANCH && type !== 'branch') throw illegalArgument(`Cannot set ${MAIN_BRANCH} to a tag, it must be a branch`);

  if (name === MAIN_BRANCH) {
    md['current-snapshot-id'] = id;
    // a snapshot added in this commit is logged at its own time; a rollback at "now"
    const at = state.addedSnapshotIds.has(id) ? snapshot['timestamp-ms'] : state.nowMs;
    md['snapshot-log'].push({ 'timestamp-ms': at, 'snapshot-id': id });
    state.mainSetIds.push(id);
  }
  md.refs[name] = ref;
  state.changes++;
}

/** Java removeRef: removing main also clears the current snapshot. */
export function removeRef(state: BuildState, name: string): void {
  const md = state.md;
  if (name === MAIN_BRANCH) md['current-snapshot-id'] = null;
  if (Object.prototype.hasOwnProperty.call(md.refs, name)) {
    delete md.refs[name];
    state.changes++;
  }
}

export function removeSnapshotRef(state: BuildState, u: TableUpdate): void {
  removeRef(state, readString(u, 'ref-name'));
}

export function removeSnapshots(state: BuildState, u: TableUpdate): void {
  const md = state.md;
  const ids = new Set(readArray(u, 'snapshot-ids').map((v) => toInt64(v, 'snapshot-ids')));
  const before = md.snapshots.length;
  md.snapshots = md.snapshots.filter((s) => !ids.has(s['snapshot-id']));
  if (md.snapshots.length === before) return;
  state.changes++;
  state.removedSnapshots = true;
  // statistics of removed snapshots go with them
  md.statistics = md.statistics.filter((s) => !ids.has(s['snapshot-id']));
  md['partition-statistics'] = md['partition-statistics'].filter((s) => !ids.has(s['snapshot-id']));
  // refs left pointing at nothing are removed (main → no current snapshot)
  const remaining = new Set(md.snapshots.map((s) => s['snapshot-id']));
  for (const [name, ref] of Object.entries(md.refs)) {
    if (!remaining.has(ref['snapshot-id'])) removeRef(state, name);
  }
}

function upsertBySnapshot<T extends { 'snapshot-id': Int64 }>(list: T[], entry: T): T[] {
  const i = list.findIndex((s) => s['snapshot-id'] === entry['snapshot-id']);
  if (i < 0) return [...list, entry];
  const out = [...list];
  out[i] = entry;
  return out;
}

export function setStatistics(state: BuildState, u: TableUpdate): void {
  const raw = readObject(u, 'statistics');
  // the top-level snapshot-id is deprecated (REST 1.9); the file's own id wins
  const snapshotId = raw['snapshot-id'] !== undefined ? readInt64(raw, 'snapshot-id') : readInt64(u, 'snapshot-id');
  const file: StatisticsFile = {
    'snapshot-id': snapshotId,
    'statistics-path': readString(raw, 'statistics-path'),
    'file-size-in-bytes': readInt64(raw, 'file-size-in-bytes'),
    'file-footer-size-in-bytes': readInt64(raw, 'file-footer-size-in-bytes'),
    ...(typeof raw['key-metadata'] === 'string' ? { 'key-metadata': raw['key-metadata'] } : {}),
    'blob-metadata': readArray(raw, 'blob-metadata'),
  };
  state.md.statistics = upsertBySnapshot(state.md.statistics, file);
  state.changes++;
}

export function removeStatistics(state: BuildState, u: TableUpdate): void {
  const id = readInt64(u, 'snapshot-id');
  const md = state.md;
  if (!md.statistics.some((s) => s['snapshot-id'] === id)) return;
  md.statistics = md.statistics.filter((s) => s['snapshot-id'] !== id);
  state.changes++;
}

export function setPartitionStatistics(state: BuildState, u: TableUpdate): void {
  const raw = readObject(u, 'partition-statistics');
  const file: PartitionStatisticsFile = {
    'snapshot-id': readInt64(raw, 'snapshot-id'),
    'statistics-path': readString(raw, 'statistics-path'),
    'file-size-in-bytes': readInt64(raw, 'file-size-in-bytes'),
  };
  state.md['partition-statistics'] = upsertBySnapshot(state.md['partition-statistics'], file);
  state.changes++;
}

export function removePartitionStatistics(state: BuildState, u: TableUpdate): void {
  const id = readInt64(u, 'snapshot-id');
  const md = state.md;
  if (!md['partition-statistics'].some((s) => s['snapshot-id'] === id)) return;
  md['partition-statistics'] = md['partition-statistics'].filter((s) => s['snapshot-id'] !== id);
  state.changes++;
}
