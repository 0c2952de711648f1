// /api/v1/warehouses/{name}/objects, /object and /object/preview: the bucket browser.
// Lists a warehouse's folder by prefix (one level, paged), returns an object's bytes, and
// previews JSON / Avro / Parquet as JSON. Keys are relative to the warehouse location and
// never leave it. Tenant admins only (the warehouse's storage holds every table's data).
// Every request is audited (bucket.list, bucket.read), refusals as denied.
import type { Request, Response, Router } from 'express';
import { listObjectsQuery, objectQuery, previewQuery, type ListObjectsResponse } from '../../shared/api/inspect.js';
import type { AuditLog } from '../auth/audit-log.js';
import type { Authorizer } from '../auth/authorize.js';
import { API_CSP } from '../http/security-headers.js';
import { sendJson } from '../http/send.js';
import { createError, notFound } from '../iceberg/errors.js';
import { checkKey, keyOf, locationRoot } from '../inspect/locations.js';
import { requireInsideWarehouse } from '../iceberg/services/location-guard.js';
import { isLocalLocation } from '../storage/file-location.js';
import type { ObjectInfo, ObjectStore } from '../storage/types.js';
import type { Warehouse } from '../stores/types.js';
import type { WarehouseService } from './warehouse-service.js';
import { auditRead, queryText } from './audited-read.js';

/** The previewers (avsc, hyparquet) load on first use, not with the server (~20 ms of every start). */
const previewers = async () => {
  const [parquet, preview] = await Promise.all([import('../inspect/parquet.js'), import('../inspect/preview.js')]);
  return { loadCompressors: parquet.loadCompressors, previewFile: preview.previewFile, contentTypeFor: preview.contentTypeFor };
};

export interface BucketBrowserDeps {
  authz: Authorizer;
  audit: AuditLog;
  warehouses: WarehouseService;
  /** The warehouse's object store (storage_config as stored: encrypted secrets). */
  storageFor: (location: string, storageConfig: Record<string, string>) => Promise<ObjectStore>;
}

export const DEFAULT_PAGE_SIZE = 200;
/** Objects larger than this are not read for a preview (the whole object is read). */
export const MAX_PREVIEW_OBJECT_BYTES = 64 * 1024 * 1024;
/** Objects larger than this are not served by /object (it reads the object into memory). */
export const MAX_DOWNLOAD_BYTES = 512 * 1024 * 1024;

interface Opened {
  warehouse: Warehouse;
  storage: ObjectStore;
  root: string;
  local: boolean;
}

/** Audits the request as `action` on warehouse/<name>/<key or prefix> (see audited-read.ts), then opens the warehouse. */
async function open(deps: BucketBrowserDeps, req: Request, res: Response, action: 'bucket.list' | 'bucket.read', param: 'prefix' | 'key'): Promise<Opened> {
  const name = req.params.name as string;
  const resource = `warehouse/${name}/${queryText(req, param)}`;
  auditRead(deps.audit, res, action, resource);
  const tenantId = deps.authz.requireTenantAdmin(res, action, resource);
  const warehouse = await deps.warehouses.requireUsable(await deps.warehouses.get(tenantId, name));
  const storage = await deps.storageFor(warehouse.location, warehouse.storageConfig);
  return { warehouse, storage, root: locationRoot(warehouse.location), local: isLocalLocation(warehouse.location) };
}

/** The object at `key`, which must exist. */
async function statObject(o: Opened, key: string): Promise<ObjectInfo & { location: string }> {
  checkKey(key, { local: o.local });
  const location = o.root + key;
  await requireInsideWarehouse(o.warehouse, location, 'object');
  const info = await o.storage.stat(location);
  if (!info) throw notFound(`No object ${key} in warehouse "${o.warehouse.name}" (${location})`);
  return { ...info, location };
}

const baseName = (key: string): string => {
  const trimmed = key.replace(/\/$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
};

/** RFC 6266 / 5987: an ASCII fallback plus the exact UTF-8 name. */
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

export function registerBucketRoutes(r: Router, deps: BucketBrowserDeps): void {
  r.get('/warehouses/:name/objects', async (req: Request, res: Response) => {
    const o = await open(deps, req, res, 'bucket.list', 'prefix');
    const q = listObjectsQuery.parse(req.query);
    checkKey(q.prefix, { local: o.local, prefix: true });
    if (q.prefix !== '') await requireInsideWarehouse(o.warehouse, o.root + q.prefix, 'prefix');
    const page = await o.storage.list(o.root + q.prefix, { delimiter: '/', pageSize: q.page_size ?? DEFAULT_PAGE_SIZE, ...(q.page_token ? { pageToken: q.page_token } : {}) });
    const body: ListObjectsResponse = {
      warehouse: o.warehouse.name,
      location: o.root,
      prefix: q.prefix,
      folders: [],
      objects: [],
      next_page_token: page.nextPageToken,
    };
    for (const p of page.prefixes) {
      const key = keyOf(o.root, p);
      if (key !== undefined && key !== '') body.folders.push({ prefix: key, name: baseName(key) });
    }
    for (const obj of page.objects) {
      const key = keyOf(o.root, obj.location);
      // S3-style "folder marker" objects (key ending in '/') are folders, not files.
      if (key === undefined || key === '' || key.endsWith('/')) continue;
      body.objects.push({ key, name: baseName(key), size: obj.size, last_modified: obj.modifiedAt });
    }
    sendJson(res, 200, body);
  });

  r.get('/warehouses/:name/object', async (req, res) => {
    const o = await open(deps, req, res, 'bucket.read', 'key');
    const q = objectQuery.parse(req.query);
    const info = await statObject(o, q.key);
    if (info.size > MAX_DOWNLOAD_BYTES) {
      throw createError(413, 'BadRequestException', `${q.key} is ${info.size} bytes, more than this server serves through the browser (${MAX_DOWNLOAD_BYTES} bytes): read it with your storage's own tools`);
    }
    const data = await o.storage.read(info.location);
    const name = baseName(q.key);
    const { contentTypeFor } = await previewers();
    res.status(200);
    res.setHeader('Content-Type', contentTypeFor(name));
    res.setHeader('Content-Length', data.length);
    res.setHeader('Content-Disposition', contentDisposition(q.download ? 'attachment' : 'inline', name));
    // Bytes from a bucket never run as a page on the UI's origin.
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', API_CSP);
    res.setHeader('Last-Modified', new Date(info.modifiedAt).toUTCString());
    res.setHeader('Cache-Control', 'no-store');
    res.end(data);
  });

  r.get('/warehouses/:name/object/preview', async (req, res) => {
    const o = await open(deps, req, res, 'bucket.read', 'key');
    const q = previewQuery.parse(req.query);
    const info = await statObject(o, q.key);
    if (info.size > MAX_PREVIEW_OBJECT_BYTES) {
      throw createError(413, 'BadRequestException', `${q.key} is too large to preview (${info.size} bytes; the limit is ${MAX_PREVIEW_OBJECT_BYTES}): download it instead`);
    }
    const bytes = await o.storage.read(info.location);
    const { previewFile, loadCompressors } = await previewers();
    sendJson(
      res,
      200,
      await previewFile({ key: q.key, name: baseName(q.key), size: info.size, lastModified: info.modifiedAt, bytes, limit: q.limit, compressors: await loadCompressors() }),
    );
  });
}
