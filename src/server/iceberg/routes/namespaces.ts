import type { Router } from 'express';
import { sendJson, sendNoContent } from '../../http/send.js';
import { createNamespaceRequest, updateNamespacePropertiesRequest } from '../schemas/requests.js';
import { catalogFor, type IcebergRouteDeps } from './deps.js';
import { firstQuery, pagedBody, parseNamespace, parsePage } from './params.js';

export function registerNamespaceRoutes(router: Router, deps: IcebergRouteDeps): void {
  router.get('/namespaces', async (req, res) => {
    const ctx = await catalogFor(deps, req, res);
    const parentRaw = firstQuery(req, 'parent');
    const parent = parentRaw ? parseNamespace(parentRaw) : [];
    const page = parsePage(req);
    const out = await deps.namespaces.list(ctx, parent, page);
    sendJson(res, 200, pagedBody('namespaces', out.namespaces, page, out.nextPageToken));
  });

  router.post('/namespaces', async (req, res) => {
    const body = createNamespaceRequest.parse(req.body);
    const ctx = await catalogFor(deps, req, res);
    sendJson(res, 200, await deps.namespaces.create(ctx, body.namespace, body.properties ?? {}));
  });

  router.head('/namespaces/:namespace', async (req, res) => {
    const ctx = await catalogFor(deps, req, res);
    await deps.namespaces.load(ctx, parseNamespace(req.params.namespace));
    sendNoContent(res);
  });

  router.get('/namespaces/:namespace', async (req, res) => {
    const ctx = await catalogFor(deps, req, res);
    sendJson(res, 200, await deps.namespaces.load(ctx, parseNamespace(req.params.namespace)));
  });


  router.delete('/namespaces/:namespace', async (req, res) => {
    const ctx = await catalogFor(deps, req, res);
    await deps.namespaces.drop(ctx, parseNamespace(req.params.namespace));
    sendNoContent(res);
  });

  router.post('/namespaces/:namespace/properties', async (req, res) => {
    const body = updateNamespacePropertiesRequest.parse(req.body);
    const ctx = await catalogFor(deps, req, res);
    sendJson(res, 200, await deps.namespaces.updateProperties(ctx, parseNamespace(req.params.namespace), body.updates ?? {}, body.removals ?? []));
  });
}
