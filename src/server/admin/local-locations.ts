// A file:// warehouse is a folder on the server's own disk, so its location decides what
// a tenant can reach there: never the data dir itself or a folder above it (it holds the
// database, the JWT and encryption keys; folders inside it are fine), and never a folder
// that holds, or lies inside, another tenant's warehouse. Object-store locations are governed by their own
// credentials and are not checked here.
import { relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PlacedWarehouse {
  tenantId: string;
  name: string;
  location: string;
}

function localPath(location: string): string | undefined {
  if (!/^file:/i.test(location)) return undefined;
  try {
    return resolve(fileURLToPath(location));
  } catch {
    return undefined; // malformed: the location validator reports it
  }
}

/** True if `inner` is `outer` or lies below it. */
function within(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
}

/** Why this tenant may not use `location`, or undefined. `others` are every tenant's warehouses but the one being changed. */
export function localLocationProblem(location: string, tenantId: string, dataDir: string, others: readonly PlacedWarehouse[]): string | undefined {
  const path = localPath(location);
  if (path === undefined) return undefined;
  const data = resolve(dataDir);
  if (within(data, path)) return `it contains the server's data folder (${data}), which holds its database and keys: choose a folder inside it (e.g. ${resolve(data, 'warehouses', '<name>')}) or elsewhere`;
  for (const o of others) {
    if (o.tenantId === tenantId) continue;
    const other = localPath(o.location);
    if (other !== undefined && (within(path, other) || within(other, path))) return 'it overlaps a folder that belongs to another tenant';
  }
  return undefined;
}
