import type { Router } from 'express';
import { z } from 'zod';
import { sendJson, sendNoContent } from '../../http/send.js';
import { badRequest, noSuchView } from '../errors.js';
import { renameTableRequest } from '../schemas/requests.js';
import { icebergName } from '../../../shared/api/names.js';
import type { ViewService } from '../services/views.js';
import { authorizedCatalog, type IcebergRouteDeps } from './deps.js';
import { parseIdentName, pagedBody, parseNamespace, parsePage } from './params.js';

const createViewRequest = z.strictObject({
  name: icebergName,
  location: z.string().min(1).optional().nullable(),
  schema: z.record(z.string(), z.unknown()),
  'view-version': z.record(z.string(), z.unknown()),
  properties: z.record(z.string(), z.string()).optional().nullable().transform((p) => p ?? {}),
});

const replaceViewRequest = z.looseObject({
  identifier: z.object({ namespace: z.array(z.string()), name: z.string() }).optional().nullable(),
  requirements: z.array(z.looseObject({ type: z.string().min(1) })).default([]),
  updates: z.array(z.looseObject({ action: z.string().min(1) })).default([]),
});

const registerViewRequest = z.strictObject({ name: icebergName, 'metadata-location': z.string().min(1) });

export function registerViewRoutes(router: Router, deps: IcebergRouteDeps & { views: ViewService }): void {
  const send = (res: Parameters<typeof sendJson>[0], v: { metadataLocation: string; metadata: unknown }) =>
    sendJson(res, 200, { 'metadata-location': v.metadataLocation, metadata: v.metadata, config: {} });

  router.get('/namespaces/:namespace/views', async (req, res) => {
    const namespace = parseNamespace(req.params.namespace);
    const ctx = await authorizedCatalog(deps, req, res, 'view.list', 'see', { namespace });
    const page = parsePage(req);
    const out = await deps.views.list(ctx, namespace, page);
    const visible = await deps.authz.visibility(res);
    const identifiers = out.identifiers.filter((i) => visible({ catalog: ctx.catalog.name, namespace: i.namespace, view: i.name }));
    sendJson(res, 200, pagedBody('identifiers', identifiers, page, out.nextPageToken));
  });

  router.post('/namespaces/:namespace/views', async (req, res) => {
    const body = createViewRequest.parse(req.body);
    const namespace = parseNamespace(req.params.namespace);
    const ctx = await authorizedCatalog(deps, req, res, 'view.create', 'create', { namespace });
    send(res, await deps.views.create(ctx, namespace, body));
  });

  router.post('/namespaces/:namespace/register-view', async (req, res) => {
    const body = registerViewRequest.parse(req.body);
    const namespace = parseNamespace(req.params.namespace);
    const ctx = await authorizedCatalog(deps, req, res, 'view.register', 'create', { namespace });
    send(res, await deps.views.register(ctx, namespace, body.name, body['metadata-location']));
  });

  router.head('/namespaces/:namespace/views/:view', async (req, res) => {
    const ns = parseNamespace(req.params.namespace);
    const name = parseIdentName(req.params.view, 'View');
    const ctx = await authorizedCatalog(deps, req, res, 'view.exists', 'read', { namespace: ns, view: name });
    if (!(await deps.views.exists(ctx, ns, name))) throw noSuchView(`View does not exist: ${ns.join('.')}.${name}`);
    sendNoContent(res);
  });

  router.get('/namespaces/:namespace/views/:view', async (req, res) => {
    const ns = parseNamespace(req.params.namespace);
    const name = parseIdentName(req.params.view, 'View');
    const ctx = await authorizedCatalog(deps, req, res, 'view.load', 'read', { namespace: ns, view: name });
    send(res, await deps.views.load(ctx, ns, name));
  });


  router.post('/namespaces/:namespace/views/:view', async (req, res) => {
    const body = replaceViewRequest.parse(req.body ?? {});
    const ns = parseNamespace(req.params.namespace);
    const name = parseIdentName(req.params.view, 'View');
    if (body.identifier && (body.identifier.name !== name || body.identifier.namespace.join('\u001f') !== ns.join('\u001f'))) {
      throw badRequest('The identifier in the body does not match the view in the path');
    }
    const ctx = await authorizedCatalog(deps, req, res, 'view.replace', 'write', { namespace: ns, view: name });
    send(res, await deps.views.replace(ctx, ns, name, body.requirements, body.updates));
  });

  router.delete('/namespaces/:namespace/views/:view', async (req, res) => {
    const ns = parseNamespace(req.params.namespace);
    const name = parseIdentName(req.params.view, 'View');
    const ctx = await authorizedCatalog(deps, req, res, 'view.drop', 'drop', { namespace: ns, view: name });
    await deps.views.drop(ctx, ns, name);
    sendNoContent(res);
  });

  router.post('/views/rename', async (req, res) => {
    const body = renameTableRequest.parse(req.body);
    const ctx = await authorizedCatalog(deps, req, res, 'view.rename', 'drop', { namespace: body.source.namespace, view: body.source.name });
    await deps.authz.require(res, 'view.rename', 'create', { catalog: ctx.catalog.name, namespace: body.destination.namespace });
    await deps.views.rename(ctx, body.source, body.destination);
    sendNoContent(res);
  });
}
