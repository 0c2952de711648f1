import type { Request, Response, Router } from 'express';
import type { CatalogContext } from '../catalog-context.js';
import { tableStorageAccess, type TableStorageAccess } from './table-storage.js';
import { sendJson, sendNoContent } from '../../http/send.js';
import { badRequest, noSuchTable } from '../errors.js';
import { commitTableRequest, commitTransactionRequest, createTableRequest, registerTableRequest, renameTableRequest, reportMetricsRequest } from '../schemas/requests.js';
import type { LoadedTable } from '../services/tables.js';
import type { TableRequirement, TableUpdate } from '../metadata/types.js';
import { stringifyJson } from '../json.js';
import { catalogFor, type IcebergRouteDeps } from './deps.js';
import { firstQuery, parseBoolean, parseIdentName, pagedBody, parseNamespace, parsePage } from './params.js';
import { randomUUID } from 'node:crypto';

function sendTable(res: Response, t: LoadedTable, access: TableStorageAccess): void {
  // Vended credentials are short-lived: such an answer is not revalidated by ETag.
  if (t.etag && !access.vended) res.setHeader('ETag', t.etag);
  const body: Record<string, unknown> = { metadata: t.metadata, config: access.config };
  if (t.metadataLocation !== null) body['metadata-location'] = t.metadataLocation;
  if (access.storageCredentials.length) body['storage-credentials'] = access.storageCredentials;
  sendJson(res, 200, body);
}

/** The table's storage settings/credentials for this request (read-write until grants exist). */
function accessFor(deps: IcebergRouteDeps, req: Request, ctx: CatalogContext, namespace: string[], name: string, t: LoadedTable, force = false) {
  return tableStorageAccess(deps, req, ctx, { namespace, name, location: t.metadata.location }, { access: 'read-write', force });
}

export function registerTableRoutes(router: Router, deps: IcebergRouteDeps): void {
  router.get('/namespaces/:namespace/tables', async (req, res) => {
    const ctx = await catalogFor(deps, req, res);
    const page = parsePage(req);
    const out = await deps.tables.list(ctx, parseNamespace(req.params.namespace), page);
    sendJson(res, 200, pagedBody('identifiers', out.identifiers, page, out.nextPageToken));
  });

  router.post('/namespaces/:namespace/tables', async (req, res) => {
    const body = createTableRequest.parse(req.body);
    const ctx = await catalogFor(deps, req, res);
    const ns = parseNamespace(req.params.namespace);
    const t = await deps.tables.create(ctx, ns, body);
    sendTable(res, t, await accessFor(deps, req, ctx, ns, body.name, t));
  });

  router.post('/namespaces/:namespace/register', async (req, res) => {
    const body = registerTableRequest.parse(req.body);
    const ctx = await catalogFor(deps, req, res);
    const ns = parseNamespace(req.params.namespace);
    const t = await deps.tables.register(ctx, ns, body);
    sendTable(res, t, await accessFor(deps, req, ctx, ns, body.name, t));
  });

  router.head('/namespaces/:namespace/tables/:table', async (req, res) => {
    const ctx = await catalogFor(deps, req, res);
    const ns = parseNamespace(req.params.namespace);
    const name = parseIdentName(req.params.table, 'Table');
    if (!(await deps.tables.exists(ctx, ns, name))) throw noSuchTable(`Table does not exist: ${ns.join('.')}.${name}`);
    sendNoContent(res);
  });

  router.get('/namespaces/:namespace/tables/:table', async (req, res) => {
    const mode = firstQuery(req, 'snapshots') ?? 'all';
    if (mode !== 'all' && mode !== 'refs') throw badRequest(`Invalid snapshots "${mode}": expected all or refs`);
    const ctx = await catalogFor(deps, req, res);
    const ns = parseNamespace(req.params.namespace);
    const name = parseIdentName(req.params.table, 'Table');
    const t = await deps.tables.load(ctx, ns, name, mode);
    const access = await accessFor(deps, req, ctx, ns, name, t);
    const inm = req.headers['if-none-match'];
    if (!access.vended && inm && inm.split(',').map((s) => s.trim()).includes(t.etag)) {
      res.setHeader('ETag', t.etag);
      res.status(304).end();
      return;
    }
    sendTable(res, t, access);
  });

  // LoadCredentialsResponse: for clients refreshing expiring vended credentials.
  router.get('/namespaces/:namespace/tables/:table/credentials', async (req, res) => {
    const ctx = await catalogFor(deps, req, res);
    const ns = parseNamespace(req.params.namespace);
    const name = parseIdentName(req.params.table, 'Table');
    const t = await deps.tables.load(ctx, ns, name, 'refs');
    const access = await accessFor(deps, req, ctx, ns, name, t, true);
    const credentials = access.storageCredentials.length ? access.storageCredentials : Object.keys(access.config).length ? [{ prefix: t.metadata.location, config: access.config }] : [];
    sendJson(res, 200, { 'storage-credentials': credentials });
  });


  router.post('/namespaces/:namespace/tables/:table', async (req, res) => {
    const body = commitTableRequest.parse(req.body ?? {});
    const ns = parseNamespace(req.params.namespace);
    const name = parseIdentName(req.params.table, 'Table');
    if (body.identifier && (body.identifier.name !== name || body.identifier.namespace.join('\u001f') !== ns.join('\u001f'))) {
      throw badRequest('The identifier in the body does not match the table in the path');
    }
    const ctx = await catalogFor(deps, req, res);
    const t = await deps.tables.commit(ctx, ns, name, body);
    if (t.etag) res.setHeader('ETag', t.etag);
    sendJson(res, 200, { 'metadata-location': t.metadataLocation, metadata: t.metadata });
  });

  router.delete('/namespaces/:namespace/tables/:table', async (req, res) => {
    const purge = parseBoolean(firstQuery(req, 'purgeRequested'), 'purgeRequested', false);
    const ctx = await catalogFor(deps, req, res);
    await deps.tables.drop(ctx, parseNamespace(req.params.namespace), parseIdentName(req.params.table, 'Table'), purge);
    sendNoContent(res);
  });

  router.post('/tables/rename', async (req, res) => {
    const body = renameTableRequest.parse(req.body);
    const ctx = await catalogFor(deps, req, res);
    await deps.tables.rename(ctx, body.source, body.destination);
    sendNoContent(res);
  });

  router.post('/transactions/commit', async (req, res) => {
    const body = commitTransactionRequest.parse(req.body);
    const ctx = await catalogFor(deps, req, res);
    await deps.tables.commitTransaction(
      ctx,
      body['table-changes'].map((c) => ({ identifier: c.identifier, requirements: c.requirements as TableRequirement[], updates: c.updates as TableUpdate[] })),
    );
    sendNoContent(res);
  });

  router.post('/namespaces/:namespace/tables/:table/metrics', async (req, res) => {
    const body = reportMetricsRequest.parse(req.body);
    const ctx = await catalogFor(deps, req, res);
    const ns = parseNamespace(req.params.namespace);
    const name = parseIdentName(req.params.table, 'Table');
    if (!(await deps.tables.exists(ctx, ns, name))) throw noSuchTable(`Table does not exist: ${ns.join('.')}.${name}`);
    const reportType = body['report-type'] ?? ('operation' in body ? 'commit-report' : 'scan-report');
    await deps.store.addMetricsReport({
      id: randomUUID(),
      catalogId: ctx.catalog.id,
      namespace: ns,
      table: name,
      reportType,
      reportJson: stringifyJson(body),
      receivedAt: new Date().toISOString(),
    });
    sendNoContent(res);
  });
}
