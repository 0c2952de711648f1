// GcpDownscoped: a Google OAuth access token narrowed by a Credential Access Boundary to the
// table's bucket and object prefix, handed to the client as `gcs.oauth2.token` with
// `gcs.oauth2.token-expires-at` (epoch ms; PyIceberg and Iceberg Java read both).
//
// The boundary (credentialAccessBoundary, a pure function, unit-tested) allows
// `inRole:roles/storage.objectViewer` ('read') or `inRole:roles/storage.objectAdmin`
// ('read-write') on the bucket, with an availability condition that admits only objects
// whose name starts with `<prefix>/` and listings whose prefix starts with `<prefix>/`.
// The effective rights are the intersection of the boundary and the source credential's.
//
// The exchange goes through google-auth-library's DownscopedClient (a dependency of
// @google-cloud/storage, imported lazily): the source credential's access token is traded
// at Google's STS (https://sts.googleapis.com/v1/token, token-exchange grant) for the
// downscoped token. Source credential: the warehouse's `gcs.oauth2.token` if set, else the
// server's Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud login,
// metadata server).
//
// UNTESTED AGAINST GOOGLE: the STS exchange needs real Google credentials and network access
// to Google, neither of which the test machines have, and no emulator implements STS. The
// tests (test/vending/gcp-downscoped.test.ts) cover the boundary and everything around the
// exchange (a stand-in exchanger), not the exchange itself.
//
// Lifetime: STS gives a downscoped token the remaining lifetime of its source token (at most
// an hour for service-account tokens); it cannot be shortened, so duration_seconds is not
// applied to the token. The expiry returned is the one Google reports.
import type { AuthClient, CredentialAccessBoundary } from 'google-auth-library';
import { isSecretKey } from '../storage/storage-config.js';
import { parseGcsLocation } from '../storage/gcs.js';
import { REQUEST_TIMEOUT_MS } from '../storage/outbound.js';
import { StorageError } from '../storage/types.js';
import type { CredentialVendor, TableAccess, VendRequest } from './types.js';

export interface GcsPrefix {
  bucket: string;
  /** Object prefix of the table, no leading or trailing '/'; '' = the whole bucket. */
  prefix: string;
}

export function gcsPrefixOf(location: string): GcsPrefix {
  const { bucket, name } = parseGcsLocation(location);
  return { bucket, prefix: name.replace(/^\/+|\/+$/g, '') };
}

/** A CEL string literal (single-quoted). */
export function celString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export const VIEWER_ROLE = 'inRole:roles/storage.objectViewer';
export const ADMIN_ROLE = 'inRole:roles/storage.objectAdmin';

/**
 * The Credential Access Boundary for one table (pure): objects below `<prefix>/` and
 * listings of prefixes below it, read-only or read-write; the whole bucket when the table
 * sits at its root.
 */
export function credentialAccessBoundary({ bucket, prefix }: GcsPrefix, access: TableAccess): CredentialAccessBoundary {
  const rule: CredentialAccessBoundary['accessBoundary']['accessBoundaryRules'][number] = {
    availableResource: `//storage.googleapis.com/projects/_/buckets/${bucket}`,
    availablePermissions: [access === 'read-write' ? ADMIN_ROLE : VIEWER_ROLE],
  };
  if (prefix) {
    const objects = celString(`projects/_/buckets/${bucket}/objects/${prefix}/`);
    const listPrefix = celString(`${prefix}/`);
    rule.availabilityCondition = {
      title: 'pangolin-table-prefix',
      description: `Objects of one table: gs://${bucket}/${prefix}/`,
      expression: `resource.name.startsWith(${objects}) || api.getAttribute('storage.googleapis.com/objectListPrefix', '').startsWith(${listPrefix})`,
    };
  }
  return { accessBoundary: { accessBoundaryRules: [rule] } };
}

export interface DownscopedToken {
  token: string;
  /** Epoch ms, when Google reports one. */
  expiresAt?: number;
}

export type TokenExchange = (boundary: CredentialAccessBoundary, storageConfig: Record<string, string>) => Promise<DownscopedToken>;

const first = (config: Record<string, string>, ...keys: string[]): string | undefined => {
  for (const k of keys) {
    const v = config[k]?.trim();
    if (v) return v;
  }
  return undefined;
};

/** The STS exchange through google-auth-library's DownscopedClient (untested here: see header). */
export const stsExchange: TokenExchange = async (boundary, storageConfig) => {
  if (first(storageConfig, 'gcs.no-auth')?.toLowerCase() === 'true') {
    throw new StorageError('access-denied', 'Credential vending (GcpDownscoped) needs Google credentials to downscope, but the warehouse sets gcs.no-auth=true (an emulator?): use vending_strategy none for emulators');
  }
  let gal: typeof import('google-auth-library');
  try {
    gal = await import('google-auth-library');
  } catch {
    throw new StorageError('unavailable', 'The GcpDownscoped vending strategy needs google-auth-library (installed with @google-cloud/storage): run npm install @google-cloud/storage');
  }
  let source: AuthClient;
  const token = first(storageConfig, 'gcs.oauth2.token');
  if (token) {
    const c = new gal.OAuth2Client();
    const exp = first(storageConfig, 'gcs.oauth2.token-expires-at');
    c.setCredentials({ access_token: token, ...(exp && /^\d+$/.test(exp) ? { expiry_date: Number(exp) } : {}) });
    source = c;
  } else {
    try {
      source = await new gal.GoogleAuth({ scopes: ['https://www.googleapis.com/auth/cloud-platform'] }).getClient();
    } catch (e) {
      throw new StorageError('access-denied', `Credential vending (GcpDownscoped) found no Google credentials: set gcs.oauth2.token, or give the server Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS) (${(e as Error)?.message?.split('\n')[0] ?? e})`);
    }
  }
  // Google's fixed STS endpoint, not one a tenant chooses (so no endpoint policy here); the
  // exchange is bounded like every other outbound call.
  const client = new gal.DownscopedClient({ authClient: source, credentialAccessBoundary: boundary });
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Google STS did not answer within ${REQUEST_TIMEOUT_MS / 1000} s`)), REQUEST_TIMEOUT_MS);
    });
    const res = await Promise.race([client.getAccessToken(), timeout]);
    if (!res.token) throw new Error('STS returned no access token');
    return { token: res.token, ...(res.expirationTime ? { expiresAt: res.expirationTime } : {}) };
  } catch (e) {
    const status = (e as { response?: { status?: number }; status?: number })?.response?.status ?? (e as { status?: number })?.status;
    const msg = ((e as Error)?.message ?? String(e)).split('\n')[0];
    const safe = token ? msg.split(token).join('***') : msg;
    if (status === 400 || status === 401 || status === 403) {
      throw new StorageError('access-denied', `Google STS refused to downscope the warehouse's credentials (HTTP ${status}): ${safe}`);
    }
    throw new StorageError('unavailable', `Could not downscope the warehouse's Google credentials at Google STS: ${safe}`);
  } finally {
    clearTimeout(timer);
  }
};

/** Non-secret settings a GCS client needs: client_config wins over the warehouse's own. */
export function gcsClientKeys(storageConfig: Record<string, string>, clientConfig: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['gcs.project-id', 'gcs.service.host', 'gcs.user-project']) {
    const v = first(clientConfig, k) ?? first(storageConfig, k);
    if (v) out[k] = v;
  }
  for (const [k, v] of Object.entries(clientConfig)) {
    if (out[k] !== undefined || typeof v !== 'string' || !v.trim() || /^gcs\.oauth2\./.test(k) || isSecretKey(k)) continue;
    out[k] = v;
  }
  return out;
}

/** vend with a given token exchange (tests pass a stand-in; production uses stsExchange). */
export async function vendWith(req: VendRequest, exchange: TokenExchange) {
  if (req.strategy.type !== 'GcpDownscoped') throw new Error(`gcp-downscoped cannot vend for strategy ${req.strategy.type}`);
  const boundary = credentialAccessBoundary(gcsPrefixOf(req.tableLocation), req.access);
  const { token, expiresAt } = await exchange(boundary, req.storageConfig);
  const config: Record<string, string> = {
    ...gcsClientKeys(req.storageConfig, req.clientConfig),
    'gcs.oauth2.token': token,
    ...(expiresAt ? { 'gcs.oauth2.token-expires-at': String(expiresAt) } : {}),
  };
  return {
    config,
    storageCredentials: [{ prefix: req.tableLocation.replace(/\/+$/, ''), config: { ...config } }],
    ...(expiresAt ? { expiresAt: new Date(expiresAt) } : {}),
  };
}

export const vend: CredentialVendor = (req) => vendWith(req, stsExchange);
