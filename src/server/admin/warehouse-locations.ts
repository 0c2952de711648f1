// Where a warehouse may be: its location decides what a tenant can reach. Any scheme is
// put in canonical form (storage/locations.ts) first, so a bare path, `file:` spelling,
// `s3a://` alias or `..` trick cannot slip past. A local folder, judged by its real path
// (symlinks resolved), may never be the server's data dir or a folder above it (it holds
// the database, the JWT and encryption keys), and inside the data dir only a folder under
// `<data dir>/warehouses/`. No warehouse may hold, or lie inside, another tenant's
// warehouse on the same storage endpoint.
import { join } from 'node:path';
import { realLocalPath } from '../storage/local-real-path.js';
import { LocationError, canonicalLocation, isWithin, localPathOf, overlaps, tryCanonical, type CanonicalLocation } from '../storage/locations.js';

export interface PlacedWarehouse {
  tenantId: string;
  name: string;
  location: string;
  storageConfig: Record<string, string>;
}

/** The storage service a location is on: equal strings on two endpoints are different places. */
function endpointOf(storageConfig: Record<string, string>): string {
  const e = storageConfig['s3.endpoint'] ?? storageConfig['gcs.service.host'] ?? storageConfig['adls.account-host'] ?? '';
  return e.trim().toLowerCase().replace(/\/+$/, '');
}

async function dataDirProblemOf(c: CanonicalLocation, dataDir: string): Promise<string | undefined> {
  if (c.segments.length === 0) return 'the root folder cannot be a warehouse';
  const real = canonicalLocation(await realLocalPath(localPathOf(c)));
  const data = canonicalLocation(await realLocalPath(dataDir));
  const allowedInData = canonicalLocation(join(localPathOf(data), 'warehouses'));
  if (isWithin(data, real)) return `it contains the server's data folder (${localPathOf(data)}), which holds its database and keys: choose a folder inside ${localPathOf(allowedInData)}/ or elsewhere`;
  if (isWithin(real, data) && !(isWithin(real, allowedInData) && real.segments.length > allowedInData.segments.length)) {
    return `inside the server's data folder only a folder below ${localPathOf(allowedInData)}/ can be a warehouse (the rest holds its database and keys)`;
  }
  return undefined;
}

/**
 * For warehouses already stored: a local one that reaches the data dir (saved before this
 * check, or by hand) is not used at all. Undefined when fine (object stores always are here).
 */
export async function storedWarehouseProblem(location: string, dataDir: string): Promise<string | undefined> {
  const c = tryCanonical(location);
  if (c === undefined) return 'its location is malformed';
  return c.scheme === 'file' ? dataDirProblemOf(c, dataDir) : undefined;
}

/** Why this tenant may not put a warehouse at `location`, or undefined. `others` are every warehouse but the one being changed. */
export async function warehouseLocationProblem(
  location: string,
  storageConfig: Record<string, string>,
  tenantId: string,
  dataDir: string,
  others: readonly PlacedWarehouse[],
): Promise<string | undefined> {
  let c;
  try {
    c = canonicalLocation(location, { s3Bucket: storageConfig['s3.bucket'] });
  } catch (e) {
    if (e instanceof LocationError) return e.reason;
    throw e;
  }
  if (c.scheme === 'file') {
    const problem = await dataDirProblemOf(c, dataDir);
    if (problem) return problem;
    c = canonicalLocation(await realLocalPath(localPathOf(c)));
  }
  const endpoint = endpointOf(storageConfig);
  for (const o of others) {
    if (o.tenantId === tenantId) continue;
    let other = tryCanonical(o.location, { s3Bucket: o.storageConfig['s3.bucket'] });
    if (other === undefined || other.scheme !== c.scheme) continue;
    if (other.scheme === 'file') other = canonicalLocation(await realLocalPath(localPathOf(other)));
    else if (endpointOf(o.storageConfig) !== endpoint) continue;
    if (overlaps(c, other)) return 'it overlaps a location that belongs to another tenant';
  }
  return undefined;
}
