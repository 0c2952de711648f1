// Where a table lives when the client does not say: <base>/<ns levels>/<table>, or under
// the namespace's own `location` property when it has one.
import { createHash } from 'node:crypto';
import { joinLocation, type CatalogContext } from '../catalog-context.js';

export function defaultTableLocation(ctx: CatalogContext, namespace: string[], nsProperties: Record<string, string>, name: string): string {
  const nsLocation = nsProperties.location;
  if (nsLocation) return joinLocation(nsLocation, name);
  return joinLocation(ctx.baseLocation, ...namespace, name);
}

export function etagFor(metadataLocation: string, mode: string): string {
  // Distinct representations (snapshots=all vs refs) must get distinct tags.
  return `W/"${createHash('sha256').update(`${mode}:${metadataLocation}`).digest('hex').slice(0, 32)}"`;
}
