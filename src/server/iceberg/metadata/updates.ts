// applyUpdates: the commit core for tables. Works on a deep copy of `base` (base is never
// mutated), applies every TableUpdate in order like Java's MetadataUpdate.applyTo on a
// TableMetadata.Builder, and returns `base` itself when nothing effectively changed.
import { badRequest, illegalArgument } from '../errors.js';
import type { Int64 } from '../json.js';
import type { EncryptionKey, TableMetadata, TableUpdate } from './types.js';
import { type BuildState, checkNewTableComplete, fillLegacyFields, finishBuild, newBuildState } from './builder.js';
import {
  addSchema, addSortOrder, addSpec, removePartitionSpecs, removeSchemas, setCurrentSchema,
  setDefaultSortOrder, setDefaultSpec,
} from './updates-schema.js';
import {
  addSnapshot, removePartitionStatistics, removeSnapshotRef, removeSnapshots, removeStatistics,
  setPartitionStatistics, setSnapshotRef, setStatistics,
} from './updates-snapshots.js';
import {
  MAX_FORMAT_VERSION, MIN_FORMAT_VERSION, deepCopy, isRecord, readInt, readObject, readString, readStringList, readStringMap,
  stripTrailingSlash,
} from './util.js';

type Handler = (state: BuildState, update: TableUpdate) => void;

function assignUuid(state: BuildState, u: TableUpdate): void {
  const uuid = readString(u, 'uuid');
  const current = state.md['table-uuid'];
  if (uuid === current) return;
  // only a table being created (empty uuid) may receive its uuid
  if (current) throw illegalArgument(`Cannot reassign uuid: ${current} != ${uuid}`);
  state.md['table-uuid'] = uuid;
  state.changes++;
}

function upgradeFormatVersion(state: BuildState, u: TableUpdate): void {
  const version = readInt(u, 'format-version');
  const current = state.md['format-version'];
  if (version > MAX_FORMAT_VERSION) {
    throw illegalArgument(`Cannot upgrade table to unsupported format version: v${version} (supported: v${MAX_FORMAT_VERSION})`);
  }
  if (version < MIN_FORMAT_VERSION) throw illegalArgument(`Unsupported format version: v${version} (supported: v${MAX_FORMAT_VERSION})`);
  // a create starts from an empty base whose version is only a default (Java builds the
  // empty base with the first upgrade-format-version's version)
  if (version < current && !state.creating) throw illegalArgument(`Cannot downgrade v${current} table to v${version}`);
  if (version === current) return;
  state.md['format-version'] = version as 1 | 2 | 3;
  state.changes++;
}

function setLocation(state: BuildState, u: TableUpdate): void {
  const location = stripTrailingSlash(readString(u, 'location'));
  if (location === state.md.location) return;
  state.md.location = location;
  state.changes++;
}

function setProperties(state: BuildState, u: TableUpdate): void {
  // `updated` is the legacy field name, still accepted by Java's parser
  const updates = readStringMap(u, u.updates !== undefined ? 'updates' : u.updated !== undefined ? 'updated' : 'updates');
  if (Object.keys(updates).length === 0) return;
  state.md.properties = { ...state.md.properties, ...updates };
  state.changes++;
}

function removeProperties(state: BuildState, u: TableUpdate): void {
  const removals = readStringList(u, u.removals !== undefined ? 'removals' : u.removed !== undefined ? 'removed' : 'removals');
  if (removals.length === 0) return;
  const props = { ...state.md.properties };
  for (const key of removals) delete props[key];
  state.md.properties = props;
  state.changes++;
}

function addEncryptionKey(state: BuildState, u: TableUpdate): void {
  if (!isRecord(u['encryption-key'])) throw illegalArgument('Invalid encryption key, must be non-null object');
  const raw = readObject(u, 'encryption-key');
  const key: EncryptionKey = {
    'key-id': readString(raw, 'key-id'),
    'encrypted-key-metadata': readString(raw, 'encrypted-key-metadata'),
    ...(typeof raw['encrypted-by-id'] === 'string' ? { 'encrypted-by-id': raw['encrypted-by-id'] } : {}),
    ...(raw.properties !== undefined ? { properties: readStringMap(raw, 'properties') } : {}),
  };
  const keys = state.md['encryption-keys'] ?? [];
  if (keys.some((k) => k['key-id'] === key['key-id'])) return;
  state.md['encryption-keys'] = [...keys, key];
  state.changes++;
}

function removeEncryptionKey(state: BuildState, u: TableUpdate): void {
  const id = readString(u, 'key-id');
  const keys = state.md['encryption-keys'] ?? [];
  if (!keys.some((k) => k['key-id'] === id)) return;
  state.md['encryption-keys'] = keys.filter((k) => k['key-id'] !== id);
  state.changes++;
}

const HANDLERS: Record<string, Handler> = {
  'assign-uuid': assignUuid,
  'upgrade-format-version': upgradeFormatVersion,
  'add-schema': addSchema,
  'set-current-schema': setCurrentSchema,
  'add-spec': addSpec,
  'set-default-spec': setDefaultSpec,
  'add-sort-order': addSortOrder,
  'set-default-sort-order': setDefaultSortOrder,
  'add-snapshot': addSnapshot,
  'set-snapshot-ref': setSnapshotRef,
  'remove-snapshots': removeSnapshots,
  'remove-snapshot-ref': removeSnapshotRef,
  'set-location': setLocation,
  'set-properties': setProperties,
  'remove-properties': removeProperties,
  'set-statistics': setStatistics,
  'remove-statistics': removeStatistics,
  'set-partition-statistics': setPartitionStatistics,
  'remove-partition-statistics': removePartitionStatistics,
  'remove-partition-specs': removePartitionSpecs,
  'remove-schemas': removeSchemas,
  'add-encryption-key': addEncryptionKey,
  'remove-encryption-key': removeEncryptionKey,
};

const VIEW_ONLY_ACTIONS = new Set(['add-view-version', 'set-current-view-version']);

/** The action name of an update; throws 400 when missing. */
export function updateAction(update: unknown): string {
  if (!isRecord(update) || typeof update.action !== 'string' || update.action === '') {
    throw badRequest('Cannot parse metadata update. Missing field: action');
  }
  return update.action.toLowerCase();
}

/**
 * Applies table updates to `base` and returns new metadata (or `base` itself when no
 * update changed anything). `last-updated-ms` becomes `nowMs` when something changed.
 * Throws badRequest for unknown / view-only actions and illegalArgument for invalid ones.
 * When `base` is emptyTableMetadata() (a create with assert-create) the result must be a
 * complete table (uuid, location, schema, spec, sort order) or illegalArgument is thrown.
 */
export function applyUpdates(base: TableMetadata, updates: TableUpdate[], nowMs: Int64): TableMetadata {
  const md = deepCopy(base);
  fillLegacyFields(md);
  const state = newBuildState(md, nowMs);
  for (const update of updates) {
    const action = updateAction(update);
    if (VIEW_ONLY_ACTIONS.has(action)) throw badRequest(`Cannot apply update ${action} to a table`);
    const handler = HANDLERS[action];
    if (!handler) throw badRequest(`Unknown update action: ${action}`);
    handler(state, update);
  }
  if (state.changes === 0) {
    if (state.creating) checkNewTableComplete(base);
    return base;
  }
  return finishBuild(state);
}
