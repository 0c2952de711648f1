// /api/v1/catalogs/{catalog}/namespaces/{ns}/tables/{table}/inspect[/…]: the table
// inspector. The current metadata, a snapshot's manifest list, a manifest's entries (data
// files with partition values and decoded column stats), and a preview of any file of the
// table (data files, old metadata.json). Files must lie under the table location.
// A caller with read on the table may inspect it. Every request is audited as
// inspector.read (resource: the table, plus the file's path), refusals as denied.
import type { Request, Response, Router } from 'express';
import { manifestListQuery, manifestQuery, tableFileQuery, type InspectTableResponse, type ManifestListResponse } from '../../shared/api/inspect.js';
import type { AuditLog } from '../auth/audit-log.js';
import { actingTenant, type Authorizer } from '../auth/authorize.js';
import { targetResource } from '../auth/permissions.js';
import { sendJson } from '../http/send.js';
import type { CatalogContext, ResolveCatalog } from '../iceberg/catalog-context.js';
import { IcebergError, badRequest, createError, notFound, unprocessable } from '../iceberg/errors.js';
import type { TableMetadata } from '../iceberg/metadata/types.js';
import { parseIdentName, parseNamespace } from '../iceberg/routes/params.js';
import type { TableService } from '../iceberg/services/tables.js';
import { PATH_PROPERTIES, requireInsideWarehouse } from '../iceberg/services/location-guard.js';
import { isWithin, tryCanonical } from '../storage/locations.js';
import { StorageError } from '../storage/types.js';
import { auditRead, queryText } from './audited-read.js';

/** The decoders (avsc, hyparquet) load when the inspector is first used, not with the server (~20 ms of every start). */
async function decoders() {
  const [avro, manifest, parquet, preview] = await Promise.all([import('../inspect/avro.js'), import('../inspect/manifest.js'), import('../inspect/parquet.js'), import('../inspect/preview.js')]);
  return { AvroDecodeError: avro.AvroDecodeError, decodeManifest: manifest.decodeManifest, decodeManifestList: manifest.decodeManifestList, loadCompressors: parquet.loadCompressors, previewFile: preview.previewFile };
}
type Decoders = Awaited<ReturnType<typeof decoders>>;

export interface TableInspectorDeps {
  authz: Authorizer;
  audit: AuditLog;
  resolveCatalog: ResolveCatalog;
  tables: TableService;
}

/** Files larger than this are not read for inspection (they are read whole). */
export const MAX_INSPECT_FILE_BYTES = 64 * 1024 * 1024;
const DEFAULT_MANIFEST_ENTRIES = 500;

const BASE = '/catalogs/:catalog/namespaces/:namespace/tables/:table/inspect';

interface Opened {
  catalog: string;
  namespace: string[];
  table: string;
  ctx: CatalogContext;
  metadataLocation: string | null;
  metadata: TableMetadata;
}

async function open(deps: TableInspectorDeps, req: Request, res: Response): Promise<Opened> {
  const path = queryText(req, 'path');
  const raw = { catalog: String(req.params.catalog), namespace: [String(req.params.namespace)], table: String(req.params.table) };
  auditRead(deps.audit, res, 'inspector.read', `${targetResource(raw)}${path ? `/file/${path}` : ''}`);
  const catalog = parseIdentName(req.params.catalog as string, 'Catalog');
  const namespace = parseNamespace(req.params.namespace as string);
  const table = parseIdentName(req.params.table as string, 'Table');
  await deps.authz.require(res, 'inspector.read', 'read', { catalog, namespace, table });
  const ctx = await deps.resolveCatalog(actingTenant(res), catalog);
  const t = await deps.tables.load(ctx, namespace, table, 'all');
  return { catalog, namespace, table, ctx, metadataLocation: t.metadataLocation, metadata: t.metadata };
}

/**
 * A file the inspector may open: inside the warehouse (by its real path: no symlink out)
 * and under the table's location or one of its metadata/data path properties.
 */
async function requireTableFile(t: Opened, path: string, what: string): Promise<void> {
  const outside = () => badRequest(`The ${what} ${path} is not inside the table location ${t.metadata.location}: only the table's own files can be inspected`);
  let file;
  try {
    file = await requireInsideWarehouse(t.ctx.warehouse, path, what);
  } catch (e) {
    if (e instanceof IcebergError && e.code === 403) throw outside(); // outside the warehouse is outside the table too
    throw e;
  }
  const roots = [t.metadata.location, ...PATH_PROPERTIES.map((k) => t.metadata.properties?.[k]).filter((v): v is string => typeof v === 'string' && v !== '')];
  const bucket = { s3Bucket: t.ctx.warehouse.storageConfig['s3.bucket'] };
  // A file lies below one of those folders, not at it.
  const below = (r: string): boolean => {
    const c = tryCanonical(r, bucket);
    return c !== undefined && isWithin(file, c) && file.segments.length > c.segments.length;
  };
  if (!roots.some(below)) {
    throw outside();
  }
}

/** Reads a file of the table (which must lie under its location). */
async function readTableFile(t: Opened, path: string, what: string): Promise<{ bytes: Buffer; size: number; modifiedAt: string }> {
  await requireTableFile(t, path, what);
  let info;
  try {
    info = await t.ctx.storage.stat(path);
  } catch (e) {
    if (e instanceof StorageError && e.code === 'invalid-location') throw badRequest(`Cannot read the ${what} ${path}: ${e.message}`);
    throw e;
  }
  if (!info) throw notFound(`The ${what} ${path} does not exist (deleted by snapshot expiry or orphan-file cleanup?)`);
  if (info.size > MAX_INSPECT_FILE_BYTES) {
    throw createError(413, 'BadRequestException', `The ${what} ${path} is too large to inspect here (${info.size} bytes; the limit is ${MAX_INSPECT_FILE_BYTES})`);
  }
  return { bytes: await t.ctx.storage.read(path), size: info.size, modifiedAt: info.modifiedAt };
}

async function decodeOr422<T>(what: string, path: string, fn: (d: Decoders) => T): Promise<T> {
  const d = await decoders();
  try {
    return fn(d);
  } catch (e) {
    if (e instanceof d.AvroDecodeError) throw unprocessable(`Cannot decode the ${what} ${path}: ${e.message}`);
    throw e;
  }
}

export function registerTableInspectorRoutes(r: Router, deps: TableInspectorDeps): void {
  r.get(BASE, async (req, res) => {
    const t = await open(deps, req, res);
    const body: InspectTableResponse = { catalog: t.catalog, namespace: t.namespace, table: t.table, metadata_location: t.metadataLocation, metadata: t.metadata as unknown as InspectTableResponse['metadata'] };
    sendJson(res, 200, body);
  });

  r.get(`${BASE}/manifest-list`, async (req, res) => {
    const t = await open(deps, req, res);
    const q = manifestListQuery.parse(req.query);
    const current = t.metadata['current-snapshot-id'];
    // -1 is how format v1 writers say "no snapshot".
    const wanted = q.snapshot_id !== undefined ? BigInt(q.snapshot_id) : current != null && BigInt(current) !== -1n ? BigInt(current) : undefined;
    if (wanted === undefined) throw notFound(`Table ${t.namespace.join('.')}.${t.table} has no current snapshot: it holds no data yet`);
    const snapshot = (t.metadata.snapshots ?? []).find((s) => BigInt(s['snapshot-id']) === wanted);
    if (!snapshot) throw notFound(`Snapshot ${wanted} does not exist in table ${t.namespace.join('.')}.${t.table} (expired?)`);
    let body: ManifestListResponse;
    if (snapshot['manifest-list']) {
      const path = snapshot['manifest-list'];
      const file = await readTableFile(t, path, 'manifest list');
      const decoded = await decodeOr422('manifest list', path, (d) => d.decodeManifestList(file.bytes, t.metadata));
      body = { snapshot_id: snapshot['snapshot-id'], manifest_list: path, format_version: decoded.formatVersion, manifests: decoded.manifests };
    } else {
      // Format v1 may list the manifests in the snapshot itself.
      body = {
        snapshot_id: snapshot['snapshot-id'],
        manifest_list: null,
        format_version: 1,
        manifests: (snapshot.manifests ?? []).map((p) => ({
          manifest_path: p,
          manifest_length: 0,
          partition_spec_id: t.metadata['default-spec-id'] ?? 0,
          content: 'data' as const,
          sequence_number: null,
          min_sequence_number: null,
          added_snapshot_id: null,
          added_files_count: null,
          existing_files_count: null,
          deleted_files_count: null,
          added_rows_count: null,
          existing_rows_count: null,
          deleted_rows_count: null,
          partitions: [],
          first_row_id: null,
        })),
      };
    }
    sendJson(res, 200, body);
  });

  r.get(`${BASE}/manifest`, async (req, res) => {
    const t = await open(deps, req, res);
    const q = manifestQuery.parse(req.query);
    const file = await readTableFile(t, q.path, 'manifest');
    sendJson(res, 200, await decodeOr422('manifest', q.path, (d) => d.decodeManifest(file.bytes, t.metadata, q.path, { limit: q.limit ?? DEFAULT_MANIFEST_ENTRIES, offset: q.offset ?? 0 })));
  });

  // Any file of the table: data files (Parquet, Avro), old metadata.json files, stats.
  r.get(`${BASE}/file`, async (req, res) => {
    const t = await open(deps, req, res);
    const q = tableFileQuery.parse(req.query);
    const file = await readTableFile(t, q.path, 'file');
    const name = q.path.slice(q.path.lastIndexOf('/') + 1);
    const { previewFile, loadCompressors } = await decoders();
    sendJson(res, 200, await previewFile({ key: q.path, name, size: file.size, lastModified: file.modifiedAt, bytes: file.bytes, limit: q.limit, compressors: await loadCompressors() }));
  });
}
