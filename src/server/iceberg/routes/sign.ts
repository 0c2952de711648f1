// Iceberg's S3 remote signer (S3SignRequest -> S3SignResponse), for tables of a warehouse
// whose vending_strategy is S3RemoteSigning; the checks and the signing live in
// vending/s3-signer.ts.
//
// - POST {prefix}/sign (the endpoint vended to clients, see table-storage.ts): ONE signer
//   per catalog. The table is found from the request's bucket and key: PyIceberg's
//   FsspecFileIO shares one cached s3fs client (and so one signer) between every table of
//   a process, so a per-table endpoint would sign table A's requests with table B's.
// - POST {prefix}/namespaces/{namespace}/tables/{table}/sign: the per-table signer, kept
//   for clients configured with it (Iceberg Java) and for tables outside the default
//   layout (see resolveSignTable).
import type { Request, Response, Router } from 'express';
import { sendJson } from '../../http/send.js';
import { describeZodError } from '../../http/error-handler.js';
import { s3PrefixOf } from '../../vending/s3-common.js';
import { S3SignError, s3SignRequestSchema, signRequestTarget, signS3Request, type S3SignRequest } from '../../vending/s3-signer.js';
import type { TableAccess } from '../../vending/types.js';
import type { CatalogContext } from '../catalog-context.js';
import { badRequest, forbidden, IcebergError } from '../errors.js';
import { catalogFor, type IcebergRouteDeps } from './deps.js';
import { parseIdentName, parseNamespace } from './params.js';

/**
 * What the caller may do on the table through the signer: read-write with the write
 * privilege, read with read, and a 403 naming the privilege without either.
 */
async function signerAccess(deps: IcebergRouteDeps, res: Response, ctx: CatalogContext, namespace: string[], table: string): Promise<TableAccess> {
  const target = { catalog: ctx.catalog.name, namespace, table };
  if (await deps.authz.can(res, 'write', target)) return 'read-write';
  await deps.authz.require(res, 'table.sign', 'read', target);
  return 'read';
}

/** Nested namespace levels tried when resolving a key to its table (bounds the lookups per request). */
export const MAX_RESOLVED_NAMESPACE_DEPTH = 16;

export interface SignTable {
  namespace: string[];
  name: string;
  location: string;
}

const signError = (e: unknown): unknown => (e instanceof S3SignError ? (e.kind === 'forbidden' ? forbidden(e.message) : badRequest(e.message)) : e);

/**
 * The table of this catalog a sign request is for, from its bucket and key (or listing
 * prefix / DeleteObjects keys): tables live at `<catalog base location>/<ns levels>/<table>`
 * unless placed elsewhere, so every split of the key's segments below the base location
 * into (namespace levels, table name) is tried, longest namespace first, and the first
 * table whose location (same bucket) is a prefix of the key followed by '/' wins. Tables
 * outside that layout (a namespace `location` property, an explicit table location) are
 * not found here: their clients are given the per-table endpoint. Throws 403 when no
 * table of the catalog holds the key.
 */
export async function resolveSignTable(deps: IcebergRouteDeps, ctx: CatalogContext, request: S3SignRequest, storageConfig: Record<string, string>): Promise<SignTable> {
  const base = s3PrefixOf(ctx.baseLocation, storageConfig);
  let target: { bucket: string; keys: string[] };
  try {
    target = signRequestTarget(request, storageConfig, ctx.warehouse.clientConfig ?? {}, base.bucket);
  } catch (e) {
    throw signError(e);
  }
  const key = target.keys[0];
  const outside = () =>
    forbidden(
      key === undefined
        ? `The request addresses the bucket "${target.bucket}" itself, not an object inside a table of catalog "${ctx.catalog.name}": refused`
        : `s3://${target.bucket}/${key} is outside every table of catalog "${ctx.catalog.name}": refused`,
    );
  if (key === undefined || target.bucket !== base.bucket) throw outside();
  const below = base.prefix === '' ? key : key.startsWith(`${base.prefix}/`) ? key.slice(base.prefix.length + 1) : undefined;
  if (below === undefined) throw outside();
  const segments = below.split('/');
  // ns = segments[0..i), table = segments[i]; at least one segment after the table name.
  for (let i = Math.min(segments.length - 2, MAX_RESOLVED_NAMESPACE_DEPTH); i >= 1; i--) {
    const namespace = segments.slice(0, i);
    const name = segments[i];
    if (name === '' || namespace.some((l) => l === '')) continue;
    let location: string;
    try {
      location = (await deps.tables.load(ctx, namespace, name, 'refs')).metadata.location;
    } catch (e) {
      if (e instanceof IcebergError && (e.type === 'NoSuchTableException' || e.type === 'NoSuchNamespaceException')) continue;
      throw e;
    }
    let table;
    try {
      table = s3PrefixOf(location, storageConfig);
    } catch {
      continue; // not an S3 location
    }
    if (table.bucket === target.bucket && (table.prefix === '' || key.startsWith(`${table.prefix}/`))) return { namespace, name, location };
  }
  throw outside();
}

export function registerSignRoutes(router: Router, deps: IcebergRouteDeps): void {

  const prepare = async (req: Request, res: Response) => {
    const parsed = s3SignRequestSchema.safeParse(req.body);
    if (!parsed.success) throw badRequest(`Invalid sign request: ${describeZodError(parsed.error)}`);
    const ctx = await catalogFor(deps, req, res);
    const strategy = (ctx.warehouse.vendingStrategy as { type?: unknown } | null)?.type;
    if (strategy !== 'S3RemoteSigning') {
      throw forbidden(
        `Remote signing is not enabled for warehouse "${ctx.warehouse.name}" (its vending_strategy is ${typeof strategy === 'string' ? strategy : 'none'}): set vending_strategy {"type":"S3RemoteSigning"} to use the signer`,
      );
    }
    return { request: parsed.data, ctx, storageConfig: deps.cipher.decryptConfig(ctx.warehouse.storageConfig) };
  };

  const signFor = async (res: Response, ctx: CatalogContext, request: S3SignRequest, storageConfig: Record<string, string>, table: SignTable) => {
    res.locals.auditSkip = true; // one request per file a client touches: not audited one by one
    const access = await signerAccess(deps, res, ctx, table.namespace, table.name);
    let signed;
    try {
      signed = await signS3Request({ request, storageConfig, clientConfig: ctx.warehouse.clientConfig ?? {}, tableLocation: table.location, access });
    } catch (e) {
      throw signError(e);
    }
    res.setHeader('Cache-Control', signed.cacheable ? 'private' : 'no-cache');
    sendJson(res, 200, { uri: signed.uri, headers: signed.headers });
  };

  router.post('/sign', async (req, res) => {
    const { request, ctx, storageConfig } = await prepare(req, res);
    const table = await resolveSignTable(deps, ctx, request, storageConfig);
    await signFor(res, ctx, request, storageConfig, table);
  });

  router.post('/namespaces/:namespace/tables/:table/sign', async (req, res) => {
    const { request, ctx, storageConfig } = await prepare(req, res);
    const namespace = parseNamespace(req.params.namespace);
    const name = parseIdentName(req.params.table, 'Table');
    const table = await deps.tables.load(ctx, namespace, name, 'refs');
    await signFor(res, ctx, request, storageConfig, { namespace, name, location: table.metadata.location });
  });
}
