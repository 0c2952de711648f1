// Pure view metadata (Java view/ViewMetadata.Builder, ViewMetadataParser field order):
// creation from a CreateViewRequest and applying view updates for replaceView commits.
import { badRequest, illegalArgument } from '../errors.js';
import type { Int64 } from '../json.js';
import type { Schema, TableUpdate, ViewMetadata, ViewVersion } from './types.js';
import { sameSchemaStructure, validateSchema } from './schema.js';
import { updateAction } from './updates.js';
import {
  deepCopy, isRecord, jsonEqual, parseBooleanProperty, parseIntProperty, readInt, readInt64, readObject,
  readString, readStringList, readStringMap, stripTrailingSlash,
} from './util.js';

const LAST_ADDED = -1;
const SUPPORTED_VIEW_FORMAT_VERSION = 1;
export const VERSION_HISTORY_SIZE = 'version.history.num-entries';
export const VERSION_HISTORY_SIZE_DEFAULT = 10;
export const REPLACE_DROP_DIALECT_ALLOWED = 'replace.drop-dialect.allowed';

type Representation = ViewVersion['representations'][number];

function parseRepresentations(raw: Record<string, unknown>): Representation[] {
  const list = raw.representations;
  if (!Array.isArray(list)) throw illegalArgument('Cannot parse missing list: representations');
  const unsupported = list.filter((r) => !isRecord(r) || r.type !== 'sql').map((r) => (isRecord(r) ? String(r.type) : String(r)));
  if (unsupported.length) throw illegalArgument(`Found unsupported view representations: [${unsupported.join(', ')}]`);
  return list.map((r) => {
    const rec = r as Record<string, unknown>;
    return { type: 'sql' as const, sql: readString(rec, 'sql'), dialect: readString(rec, 'dialect') };
  });
}

function checkDialects(reps: Representation[]): void {
  const seen = new Set<string>();
  for (const r of reps) {
    const d = r.dialect.toLowerCase();
    if (seen.has(d)) throw illegalArgument(`Invalid view version: Cannot add multiple queries for dialect ${d}`);
    seen.add(d);
  }
}

/** View version in ViewVersionParser's field order. */
function makeVersion(v: { id: number; ts: Int64; schemaId: number; summary: Record<string, string>; catalog: unknown; namespace: string[]; reps: Representation[] }): ViewVersion {
  return {
    'version-id': v.id,
    'timestamp-ms': v.ts,
    'schema-id': v.schemaId,
    summary: v.summary,
    ...(typeof v.catalog === 'string' ? { 'default-catalog': v.catalog } : {}),
    'default-namespace': v.namespace,
    representations: v.reps,
  };
}

function parseVersion(raw: Record<string, unknown>): ViewVersion {
  const reps = parseRepresentations(raw);
  checkDialects(reps);
  return makeVersion({
    id: readInt(raw, 'version-id'),
    ts: readInt64(raw, 'timestamp-ms'),
    schemaId: readInt(raw, 'schema-id'),
    summary: raw.summary === undefined || raw.summary === null ? {} : readStringMap(raw, 'summary'),
    catalog: raw['default-catalog'],
    namespace: readStringList(raw, 'default-namespace'),
    reps,
  });
}

function viewSchema(schema: Schema, id: number): Schema {
  const ids = schema['identifier-field-ids'];
  return { type: 'struct', 'schema-id': id, ...(ids !== undefined ? { 'identifier-field-ids': ids } : {}), fields: schema.fields };
}

function ordered(md: ViewMetadata): ViewMetadata {
  return {
    'view-uuid': md['view-uuid'],
    'format-version': md['format-version'],
    location: md.location,
    properties: md.properties,
    schemas: md.schemas,
    'current-version-id': md['current-version-id'],
    versions: md.versions,
    'version-log': md['version-log'],
  };
}

/** The parts of a CreateViewRequest used here (validated here, hence `unknown`). */
export type CreateViewInput = Record<string, unknown> & {
  schema?: unknown;
  'view-version'?: unknown;
  properties?: unknown;
};

/**
 * Java BaseMetastoreViewCatalog.create: schema gets id 0, the version gets id 1 and the
 * server's timestamp; the request schema's field ids are kept.
 */
export function newViewMetadata(request: CreateViewInput, opts: { uuid: string; nowMs: Int64; location: string }): ViewMetadata {
  validateSchema(request.schema);
  if (!isRecord(request['view-version'])) throw illegalArgument('Cannot parse missing field: view-version');
  const raw = request['view-version'];
  const reps = parseRepresentations(raw);
  if (reps.length === 0) throw illegalArgument('Cannot create view without specifying a query');
  checkDialects(reps);
  if (!Array.isArray(raw['default-namespace'])) throw illegalArgument('Cannot create view without specifying a default namespace');
  const version = makeVersion({
    id: 1,
    ts: opts.nowMs,
    schemaId: 0,
    summary: raw.summary === undefined || raw.summary === null ? {} : readStringMap(raw, 'summary'),
    catalog: raw['default-catalog'],
    namespace: readStringList(raw, 'default-namespace'),
    reps,
  });
  const properties = request.properties === undefined || request.properties === null ? {} : readStringMap({ properties: request.properties }, 'properties');
  return ordered({
    'view-uuid': opts.uuid,
    'format-version': 1,
    location: stripTrailingSlash(opts.location),
    properties,
    schemas: [viewSchema(request.schema as Schema, 0)],
    'current-version-id': 1,
    versions: [version],
    'version-log': [{ 'timestamp-ms': opts.nowMs, 'version-id': 1 }],
  });
}

interface ViewState {
  md: ViewMetadata;
  changes: number;
  lastAddedSchemaId: number | null;
  lastAddedVersionId: number | null;
  addedVersionIds: Set<number>;
  history: { 'version-id': number; 'timestamp-ms': Int64 } | null;
}

function addViewSchema(s: ViewState, u: TableUpdate): void {
  const raw = readObject(u, 'schema');
  validateSchema(raw);
  const schema = raw as unknown as Schema;
  let newId = 0;
  for (const existing of s.md.schemas) {
    if (sameSchemaStructure(existing, schema)) return; // reused: not "last added" (Java)
    if (existing['schema-id'] >= newId) newId = existing['schema-id'] + 1;
  }
  s.md.schemas.push(viewSchema(schema, newId));
  s.lastAddedSchemaId = newId;
  s.changes++;
}

function sameVersion(a: ViewVersion, b: ViewVersion): boolean {
  return (
    jsonEqual(a.summary, b.summary) && jsonEqual(a.representations, b.representations) &&
    (a['default-catalog'] ?? null) === (b['default-catalog'] ?? null) &&
    jsonEqual(a['default-namespace'], b['default-namespace']) && a['schema-id'] === b['schema-id']
  );
}

function addViewVersion(s: ViewState, u: TableUpdate): void {
  const version = parseVersion(readObject(u, 'view-version'));
  if (version['schema-id'] === LAST_ADDED) {
    if (s.lastAddedSchemaId === null) throw illegalArgument('Cannot set last added schema: no schema has been added');
    version['schema-id'] = s.lastAddedSchemaId;
  }
  // an identical version (ignoring id, timestamp) is reused; else id above all existing
  let newId = version['version-id'];
  for (const v of s.md.versions) {
    if (sameVersion(v, version)) {
      s.lastAddedVersionId = s.addedVersionIds.has(v['version-id']) ? v['version-id'] : null;
      return;
    }
    if (v['version-id'] >= newId) newId = v['version-id'] + 1;
  }
  if (!s.md.schemas.some((x) => x['schema-id'] === version['schema-id'])) {
    throw illegalArgument(`Cannot add version with unknown schema: ${version['schema-id']}`);
  }
  version['version-id'] = newId;
  s.md.versions.push(version);
  s.addedVersionIds.add(newId);
  s.lastAddedVersionId = newId;
  s.changes++;
}

function setCurrentViewVersion(s: ViewState, u: TableUpdate, nowMs: Int64): void {
  let id = readInt(u, 'view-version-id');
  if (id === LAST_ADDED) {
    if (s.lastAddedVersionId === null) throw illegalArgument('Cannot set last version id: no current version id has been set');
    id = s.lastAddedVersionId;
  }
  if (s.md['current-version-id'] === id) return;
  const version = s.md.versions.find((v) => v['version-id'] === id);
  if (!version) throw illegalArgument(`Cannot set current version to unknown version: ${id}`);
  s.md['current-version-id'] = id;
  // a version added in this commit is logged at its own time, an older one at "now"
  s.history = { 'timestamp-ms': s.addedVersionIds.has(id) ? version['timestamp-ms'] : nowMs, 'version-id': id };
  s.changes++;
}

function applyOne(s: ViewState, u: TableUpdate, nowMs: Int64): void {
  const md = s.md;
  const action = updateAction(u);
  switch (action) {
    case 'assign-uuid': {
      const uuid = readString(u, 'uuid');
      if (uuid === md['view-uuid']) return;
      if (md['view-uuid']) throw illegalArgument('Cannot reassign uuid');
      md['view-uuid'] = uuid;
      s.changes++;
      return;
    }
    case 'upgrade-format-version': {
      const v = readInt(u, 'format-version');
      if (v < md['format-version']) throw illegalArgument(`Cannot downgrade v${md['format-version']} view to v${v}`);
      if (v > SUPPORTED_VIEW_FORMAT_VERSION) throw illegalArgument(`Unsupported format version: ${v}`);
      return; // only v1 exists
    }
    case 'add-schema': return addViewSchema(s, u);
    case 'set-location': {
      const location = stripTrailingSlash(readString(u, 'location'));
      if (location === md.location) return;
      md.location = location;
      s.changes++;
      return;
    }
    case 'set-properties': {
      const updates = readStringMap(u, u.updates === undefined && u.updated !== undefined ? 'updated' : 'updates');
      if (Object.keys(updates).length === 0) return;
      md.properties = { ...md.properties, ...updates };
      s.changes++;
      return;
    }
    case 'remove-properties': {
      const removals = readStringList(u, u.removals === undefined && u.removed !== undefined ? 'removed' : 'removals');
      if (removals.length === 0) return;
      const props = { ...md.properties };
      for (const k of removals) delete props[k];
      md.properties = props;
      s.changes++;
      return;
    }
    case 'add-view-version': return addViewVersion(s, u);
    case 'set-current-view-version': return setCurrentViewVersion(s, u, nowMs);
    default:
      if (['set-current-schema', 'add-spec', 'add-snapshot', 'set-snapshot-ref', 'remove-snapshots', 'remove-snapshot-ref',
        'set-default-spec', 'add-sort-order', 'set-default-sort-order', 'set-statistics', 'remove-statistics',
        'set-partition-statistics', 'remove-partition-statistics', 'remove-partition-specs', 'remove-schemas',
        'add-encryption-key', 'remove-encryption-key'].includes(action)) {
        throw badRequest(`Cannot apply update ${action} to a view`);
      }
      throw badRequest(`Unknown update action: ${action}`);
  }
}

const dialectsOf = (v: ViewVersion) => new Set(v.representations.map((r) => r.dialect.toLowerCase()));

/** Applies view updates; returns `base` itself when nothing changed. Never mutates base. */
export function applyViewUpdates(base: ViewMetadata, updates: TableUpdate[], nowMs: Int64): ViewMetadata {
  const s: ViewState = {
    md: deepCopy(base), changes: 0, lastAddedSchemaId: null, lastAddedVersionId: null, addedVersionIds: new Set(), history: null,
  };
  s.md.properties ??= {};
  for (const u of updates) applyOne(s, u, nowMs);
  if (s.changes === 0) return base;
  const md = s.md;
  if (s.history) md['version-log'] = [...md['version-log'], s.history];
  const current = md.versions.find((v) => v['version-id'] === md['current-version-id']);
  if (!current) throw illegalArgument('Invalid view: no versions were added');

  const previous = base.versions.find((v) => v['version-id'] === base['current-version-id']);
  if (previous && !parseBooleanProperty(md.properties, REPLACE_DROP_DIALECT_ALLOWED, false)) {
    const now = dialectsOf(current);
    const before = [...dialectsOf(previous)];
    if (!before.every((d) => now.has(d))) {
      throw illegalArgument(
        `Cannot replace view due to loss of view dialects (${REPLACE_DROP_DIALECT_ALLOWED}=false):\n` +
          `Previous dialects: [${before.join(', ')}]\nNew dialects: [${[...now].join(', ')}]`,
      );
    }
  }
  expireVersions(md, s.addedVersionIds);
  return ordered(md);
}

/** Java build(): keep max(history size, versions touched now) versions, newest ids first. */
function expireVersions(md: ViewMetadata, added: Set<number>): void {
  const size = parseIntProperty(md.properties, VERSION_HISTORY_SIZE, VERSION_HISTORY_SIZE_DEFAULT);
  if (size <= 0) throw illegalArgument(`${VERSION_HISTORY_SIZE} must be positive but was ${size}`);
  const keep = Math.max(new Set([...added, md['current-version-id']]).size, size);
  if (md.versions.length <= keep) return;
  const current = md.versions.find((v) => v['version-id'] === md['current-version-id'])!;
  const retained = [current];
  const ids = md.versions.map((v) => v['version-id']).sort((a, b) => b - a).slice(0, keep);
  for (const id of ids) {
    if (retained.length === keep) break;
    if (id !== current['version-id']) retained.push(md.versions.find((v) => v['version-id'] === id)!);
  }
  const retainedIds = new Set(retained.map((v) => v['version-id']));
  md.versions = md.versions.filter((v) => retainedIds.has(v['version-id']));
  // history before a dropped version is cut so the log has no gaps
  let log: ViewMetadata['version-log'] = [];
  for (const e of md['version-log']) {
    if (retainedIds.has(e['version-id'])) log.push(e);
    else log = [];
  }
  md['version-log'] = log;
}
