import type { Router } from 'express';
import { sendJson, sendNoContent } from '../../http/send.js';
import { createNamespaceRequest, updateNamespacePropertiesRequest } from '../schemas/requests.js';
import { authorizedCatalog, parentOf, type IcebergRouteDeps } from './deps.js';
import { firstQuery, pagedBody, parseNamespace, parsePage } from './params.js';

export function registerNamespaceRoutes(router: Router, deps: IcebergRouteDeps): void {
  router.get('/namespaces', async (req, res) => {
    const parentRaw = firstQuery(req, 'parent');
    const parent = parentRaw ? parseNamespace(parentRaw) : [];
    const ctx = await authorizedCatalog(deps, req, res, 'namespace.list', 'see', parent.length ? { namespace: parent } : {});
    const page = parsePage(req);
    const out = await deps.namespaces.list(ctx, parent, page);
    // Only what the caller holds a grant on or inside (a page may come out shorter: allowed).
    const visible = await deps.authz.visibility(res);
    const namespaces = out.namespaces.filter((namespace) => visible({ catalog: ctx.catalog.name, namespace }));
    sendJson(res, 200, pagedBody('namespaces', namespaces, page, out.nextPageToken));
  });

  router.post('/namespaces', async (req, res) => {
    const body = createNamespaceRequest.parse(req.body);
    const ctx = await authorizedCatalog(deps, req, res, 'namespace.create', 'create', parentOf(body.namespace));
    sendJson(res, 200, await deps.namespaces.create(ctx, body.namespace, body.properties ?? {}));
  });

  router.head('/namespaces/:namespace', async (req, res) => {
    const namespace = parseNamespace(req.params.namespace);
    const ctx = await authorizedCatalog(deps, req, res, 'namespace.exists', 'see', { namespace });
    await deps.namespaces.load(ctx, namespace);
    sendNoContent(res);
  });

  router.get('/namespaces/:namespace', async (req, res) => {
    const namespace = parseNamespace(req.params.namespace);
    const ctx = await authorizedCatalog(deps, req, res, 'namespace.load', 'see', { namespace });
    sendJson(res, 200, await deps.namespaces.load(ctx, namespace));
  });


  router.delete('/namespaces/:namespace', async (req, res) => {
    const namespace = parseNamespace(req.params.namespace);
    const ctx = await authorizedCatalog(deps, req, res, 'namespace.drop', 'drop', { namespace });
    await deps.namespaces.drop(ctx, namespace);
    sendNoContent(res);
  });

  router.post('/namespaces/:namespace/properties', async (req, res) => {
    const body = updateNamespacePropertiesRequest.parse(req.body);
    const namespace = parseNamespace(req.params.namespace);
    const ctx = await authorizedCatalog(deps, req, res, 'namespace.update-properties', 'write', { namespace });
    sendJson(res, 200, await deps.namespaces.updateProperties(ctx, namespace, body.updates ?? {}, body.removals ?? []));
  });
}
