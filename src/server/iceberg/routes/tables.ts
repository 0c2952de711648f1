import type { Request, Response, Router } from 'express';
import type { CatalogContext } from '../catalog-context.js';
import { tableStorageAccess, type TableStorageAccess } from './table-storage.js';
import { sendJson, sendNoContent } from '../../http/send.js';
import { badRequest, noSuchTable } from '../errors.js';
import { commitTableRequest, commitTransactionRequest, createTableRequest, registerTableRequest, renameTableRequest } from '../schemas/requests.js';
import type { LoadedTable } from '../services/tables.js';
import { PURGE_HEADER, purgeDetail, purgeHeader } from '../services/purge-report.js';
import type { TableRequirement, TableUpdate } from '../metadata/types.js';
import { authorizedCatalog, catalogFor, type IcebergRouteDeps } from './deps.js';
import { firstQuery, parseBoolean, parseIdentName, pagedBody, parseNamespace, parsePage } from './params.js';

function sendTable(res: Response, t: LoadedTable, access: TableStorageAccess): void {
  // Vended credentials are short-lived: such an answer is not revalidated by ETag.
  if (t.etag && !access.vended) res.setHeader('ETag', t.etag);
  const body: Record<string, unknown> = { metadata: t.metadata, config: access.config };
  if (t.metadataLocation !== null) body['metadata-location'] = t.metadataLocation;
  if (access.storageCredentials.length) body['storage-credentials'] = access.storageCredentials;
  sendJson(res, 200, body);
}

/** The table's storage settings/credentials for this request: write access only with the write privilege. */
async function accessFor(deps: IcebergRouteDeps, req: Request, res: Response, ctx: CatalogContext, namespace: string[], name: string, t: LoadedTable, force = false) {
  const write = await deps.authz.can(res, 'write', { catalog: ctx.catalog.name, namespace, table: name });
  return tableStorageAccess(deps, req, ctx, { namespace, name, location: t.metadata.location }, { access: write ? 'read-write' : 'read', force });
}

export function registerTableRoutes(router: Router, deps: IcebergRouteDeps): void {
  router.get('/namespaces/:namespace/tables', async (req, res) => {
    const namespace = parseNamespace(req.params.namespace);
    const ctx = await authorizedCatalog(deps, req, res, 'table.list', 'see', { namespace });
    const page = parsePage(req);
    const out = await deps.tables.list(ctx, namespace, page);
    const visible = await deps.authz.visibility(res);
    const identifiers = out.identifiers.filter((i) => visible({ catalog: ctx.catalog.name, namespace: i.namespace, table: i.name }));
    sendJson(res, 200, pagedBody('identifiers', identifiers, page, out.nextPageToken));
  });

  router.post('/namespaces/:namespace/tables', async (req, res) => {
    const body = createTableRequest.parse(req.body);
    const ns = parseNamespace(req.params.namespace);
    const ctx = await authorizedCatalog(deps, req, res, 'table.create', 'create', { namespace: ns });
    const t = await deps.tables.create(ctx, ns, body);
    sendTable(res, t, await accessFor(deps, req, res, ctx, ns, body.name, t));
  });

  router.post('/namespaces/:namespace/register', async (req, res) => {
    const body = registerTableRequest.parse(req.body);
    const ns = parseNamespace(req.params.namespace);
    const ctx = await authorizedCatalog(deps, req, res, 'table.register', 'create', { namespace: ns });
    // Overwriting replaces a live table: that is a drop as well as a create.
    if (body.overwrite) await deps.authz.require(res, 'table.register', 'drop', { catalog: ctx.catalog.name, namespace: ns, table: body.name });
    const t = await deps.tables.register(ctx, ns, body);
    sendTable(res, t, await accessFor(deps, req, res, ctx, ns, body.name, t));
  });

  router.head('/namespaces/:namespace/tables/:table', async (req, res) => {
    const ns = parseNamespace(req.params.namespace);
    const name = parseIdentName(req.params.table, 'Table');
    const ctx = await authorizedCatalog(deps, req, res, 'table.exists', 'read', { namespace: ns, table: name });
    if (!(await deps.tables.exists(ctx, ns, name))) throw noSuchTable(`Table does not exist: ${ns.join('.')}.${name}`);
    sendNoContent(res);
  });

  router.get('/namespaces/:namespace/tables/:table', async (req, res) => {
    const mode = firstQuery(req, 'snapshots') ?? 'all';
    if (mode !== 'all' && mode !== 'refs') throw badRequest(`Invalid snapshots "${mode}": expected all or refs`);
    const ns = parseNamespace(req.params.namespace);
    const name = parseIdentName(req.params.table, 'Table');
    const ctx = await authorizedCatalog(deps, req, res, 'table.load', 'read', { namespace: ns, table: name });
    const t = await deps.tables.load(ctx, ns, name, mode);
    const access = await accessFor(deps, req, res, ctx, ns, name, t);
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
    const ns = parseNamespace(req.params.namespace);
    const name = parseIdentName(req.params.table, 'Table');
    const ctx = await authorizedCatalog(deps, req, res, 'table.credentials', 'read', { namespace: ns, table: name });
    const t = await deps.tables.load(ctx, ns, name, 'refs');
    const access = await accessFor(deps, req, res, ctx, ns, name, t, true);
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
    const ctx = await authorizedCatalog(deps, req, res, 'table.commit', 'write', { namespace: ns, table: name });
    const t = await deps.tables.commit(ctx, ns, name, body);
    if (t.etag) res.setHeader('ETag', t.etag);
    sendJson(res, 200, { 'metadata-location': t.metadataLocation, metadata: t.metadata });
  });

  router.delete('/namespaces/:namespace/tables/:table', async (req, res) => {
    const purge = parseBoolean(firstQuery(req, 'purgeRequested'), 'purgeRequested', false);
    const ns = parseNamespace(req.params.namespace);
    const name = parseIdentName(req.params.table, 'Table');
    const ctx = await authorizedCatalog(deps, req, res, purge ? 'table.purge' : 'table.drop', 'drop', { namespace: ns, table: name });
    const report = await deps.tables.drop(ctx, ns, name, purge);
    if (report) {
      // Still 204 (the spec), but what purge did is visible to the client and in the audit log.
      res.setHeader(PURGE_HEADER, purgeHeader(report));
      deps.audit.recordFor(res, { action: 'table.purge', resource: String(res.locals.auditResource ?? req.path), outcome: 'allowed', detail: purgeDetail(report) });
      res.locals.auditDone = true;
    }
    sendNoContent(res);
  });

  router.post('/tables/rename', async (req, res) => {
    const body = renameTableRequest.parse(req.body);
    // Renaming removes the source (drop) and adds the destination (create in its namespace).
    const ctx = await authorizedCatalog(deps, req, res, 'table.rename', 'drop', { namespace: body.source.namespace, table: body.source.name });
    await deps.authz.require(res, 'table.rename', 'create', { catalog: ctx.catalog.name, namespace: body.destination.namespace });
    await deps.tables.rename(ctx, body.source, body.destination);
    sendNoContent(res);
  });

  router.post('/transactions/commit', async (req, res) => {
    const body = commitTransactionRequest.parse(req.body);
    const ctx = await catalogFor(deps, req, res);
    for (const c of body['table-changes']) {
      await deps.authz.require(res, 'transaction.commit', 'write', { catalog: ctx.catalog.name, namespace: c.identifier.namespace, table: c.identifier.name });
    }
    await deps.tables.commitTransaction(
      ctx,
      body['table-changes'].map((c) => ({ identifier: c.identifier, requirements: c.requirements as TableRequirement[], updates: c.updates as TableUpdate[] })),
    );
    sendNoContent(res);
  });
}
