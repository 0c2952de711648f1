// What a client receives next to a table's metadata so it can read and write the data
// files: the non-secret storage settings always (client-facing endpoint, region), and,
// per the warehouse's vending_strategy, vended credentials (when the request asks with
// X-Iceberg-Access-Delegation: vended-credentials) or the remote-signer settings.
import type { Request } from 'express';
import { clientStorageConfig, vendCredentials } from '../../vending/index.js';
import type { StorageCredential, TableAccess, VendingStrategy } from '../../vending/types.js';
import { joinLocation, type CatalogContext } from '../catalog-context.js';
import type { IcebergRouteDeps } from './deps.js';
import { tryCanonical } from '../../storage/locations.js';

export interface TableStorageAccess {
  config: Record<string, string>;
  storageCredentials: StorageCredential[];
  /** True when the answer holds short-lived credentials (no ETag/304 then). */
  vended: boolean;
}

export function delegationModes(req: Request): string[] {
  const raw = req.headers['x-iceberg-access-delegation'];
  return (Array.isArray(raw) ? raw.join(',') : (raw ?? '')).split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
}

/** Two spellings of one place (s3a:// and s3://, a trailing slash) count as the same location. */
const sameLocation = (a: string, b: string): boolean => {
  const ca = tryCanonical(a);
  return ca !== undefined && ca.uri === tryCanonical(b)?.uri;
};

/**
 * The signer endpoint given to clients, relative to the server URL (PyIceberg joins them
 * with '/'): the catalog's one signer `v1/{prefix}/sign` (`v1/sign` without a prefix),
 * which finds the table from the S3 key (routes/sign.ts). A table outside the default
 * layout `<base>/<ns levels>/<table>` (a namespace `location` property, an explicit
 * location) cannot be found that way and gets its per-table endpoint
 * `v1/{prefix}/namespaces/{ns}/tables/{table}/sign`.
 */
export function signerEndpoint(req: Request, ctx: CatalogContext, table: { namespace: string[]; name: string; location: string }): string {
  const prefix = (req.params as Record<string, string | undefined>).prefix;
  const root = `v1/${prefix ? `${encodeURIComponent(prefix)}/` : ''}`;
  if (sameLocation(table.location, joinLocation(ctx.baseLocation, ...table.namespace, table.name))) return `${root}sign`;
  return `${root}namespaces/${encodeURIComponent(table.namespace.join('\u001f'))}/tables/${encodeURIComponent(table.name)}/sign`;
}

export async function tableStorageAccess(
  deps: IcebergRouteDeps,
  req: Request,
  ctx: CatalogContext,
  table: { namespace: string[]; name: string; location: string },
  opts: { access: TableAccess; force?: boolean },
): Promise<TableStorageAccess> {
  const storageConfig = deps.cipher.decryptConfig(ctx.warehouse.storageConfig);
  const base = clientStorageConfig(table.location, storageConfig, ctx.warehouse.clientConfig);
  const strategy = (ctx.warehouse.vendingStrategy as VendingStrategy | null) ?? { type: 'none' };
  const signing = strategy.type === 'S3RemoteSigning';
  // The signer config holds no secret and the client cannot write without it: always sent.
  const asked = opts.force === true || signing || delegationModes(req).includes('vended-credentials');
  if (strategy.type === 'none' || !asked) return { config: base, storageCredentials: [], vended: false };
  const vended = await vendCredentials({
    strategy,
    storageConfig,
    clientConfig: ctx.warehouse.clientConfig,
    tableLocation: table.location.replace(/\/+$/, ''),
    access: opts.access,
    signer: { uri: `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`, endpoint: signerEndpoint(req, ctx, table) },
    ...(deps.endpointPolicy ? { endpointPolicy: deps.endpointPolicy } : {}),
  });
  return { config: { ...base, ...vended.config }, storageCredentials: vended.storageCredentials, vended: !signing };
}
