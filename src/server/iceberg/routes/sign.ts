// POST {prefix}/namespaces/{namespace}/tables/{table}/sign: Iceberg's S3 remote signer
// (S3SignRequest -> S3SignResponse). Only for tables of a warehouse whose vending_strategy
// is S3RemoteSigning; the checks and the signing live in vending/s3-signer.ts.
import type { Router } from 'express';
import { principalOf } from '../../auth/authenticate.js';
import type { Principal } from '../../auth/principal.js';
import { sendJson } from '../../http/send.js';
import { describeZodError } from '../../http/error-handler.js';
import { S3SignError, s3SignRequestSchema, signS3Request } from '../../vending/s3-signer.js';
import type { TableAccess } from '../../vending/types.js';
import type { CatalogContext } from '../catalog-context.js';
import { badRequest, forbidden } from '../errors.js';
import { catalogFor, type IcebergRouteDeps } from './deps.js';
import { parseIdentName, parseNamespace } from './params.js';

/**
 * What the caller may do on the table through the signer. The seam for table-level
 * permissions: for now every authenticated caller of the catalog may read and write.
 */
export function signerAccess(_principal: Principal, _ctx: CatalogContext, _namespace: string[], _table: string): TableAccess {
  return 'read-write';
}

export interface SignRouteOptions {
  /** Decides read or read-write per request (default: signerAccess). */
  access?: (principal: Principal, ctx: CatalogContext, namespace: string[], table: string) => TableAccess | Promise<TableAccess>;
}

export function registerSignRoutes(router: Router, deps: IcebergRouteDeps, opts: SignRouteOptions = {}): void {
  const accessOf = opts.access ?? signerAccess;
  router.post('/namespaces/:namespace/tables/:table/sign', async (req, res) => {
    const parsed = s3SignRequestSchema.safeParse(req.body);
    if (!parsed.success) throw badRequest(`Invalid sign request: ${describeZodError(parsed.error)}`);
    const ctx = await catalogFor(deps, req, res);
    const strategy = (ctx.warehouse.vendingStrategy as { type?: unknown } | null)?.type;
    if (strategy !== 'S3RemoteSigning') {
      throw forbidden(
        `Remote signing is not enabled for warehouse "${ctx.warehouse.name}" (its vending_strategy is ${typeof strategy === 'string' ? strategy : 'none'}): set vending_strategy {"type":"S3RemoteSigning"} to use the signer`,
      );
    }
    const namespace = parseNamespace(req.params.namespace);
    const name = parseIdentName(req.params.table, 'Table');
    const table = await deps.tables.load(ctx, namespace, name, 'refs');
    const access = await accessOf(principalOf(res), ctx, namespace, name);
    let signed;
    try {
      signed = await signS3Request({
        request: parsed.data,
        storageConfig: deps.cipher.decryptConfig(ctx.warehouse.storageConfig),
        clientConfig: ctx.warehouse.clientConfig ?? {},
        tableLocation: table.metadata.location,
        access,
      });
    } catch (e) {
      if (e instanceof S3SignError) throw e.kind === 'forbidden' ? forbidden(e.message) : badRequest(e.message);
      throw e;
    }
    res.setHeader('Cache-Control', signed.cacheable ? 'private' : 'no-cache');
    sendJson(res, 200, { uri: signed.uri, headers: signed.headers });
  });
}
