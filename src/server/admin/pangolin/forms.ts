// Pangolin 0.8 bodies for catalogs, users, sign-in and service users, accepted as aliases of
// ours and mapped onto them before our schemas parse them (pure). Each is told by keys only
// Pangolin sends; ours pass through untouched. What cannot be honoured is refused (400 or
// 501 saying why), never dropped silently when it would change what the caller gets.
import { badRequest, notImplemented } from '../../iceberg/errors.js';
import { isObject, refuseIf, tenantRoleOf, unknownKeys, type JsonObject } from './forms-common.js';

export interface Form<Extra = object> {
  body: unknown;
  pangolin: boolean;
  extra?: Extra;
}

const has = (body: JsonObject, keys: readonly string[]) => keys.some((k) => k in body);
const ours = (body: unknown): Form => ({ body, pangolin: false });

/** Pangolin's role names that are not ours (ours are its kebab-case ones). */
const pangolinRole = (role: unknown): boolean => typeof role === 'string' && !['tenant-admin', 'tenant-user'].includes(role);

// ---- catalogs ----

const CATALOG_PANGOLIN = ['warehouse_name', 'storage_location', 'catalog_type', 'federated_config'];
const CATALOG_KEYS = ['name', 'warehouse', 'location', 'properties', ...CATALOG_PANGOLIN];

/**
 * A catalog body: warehouse_name → warehouse, storage_location → location (the base of its
 * tables; without a warehouse, where the server writes with its AWS_* credentials),
 * catalog_type "Local" dropped; Federated catalogs are not offered (501).
 * On update without properties, the location comes back in `extra.location` (set on the stored ones).
 */
export function fromPangolinCatalog(body: unknown, mode: 'create' | 'update'): Form<{ location?: string }> {
  if (!isObject(body) || !has(body, CATALOG_PANGOLIN)) return ours(body);
  const problems = unknownKeys(body, mode === 'create' ? CATALOG_KEYS : CATALOG_KEYS.filter((k) => !['name', 'location', 'catalog_type'].includes(k)), 'catalog');
  const type = body.catalog_type;
  const federated = (body.federated_config !== undefined && body.federated_config !== null) || (typeof type === 'string' && type.toLowerCase() === 'federated');
  if (federated) throw notImplemented('Federated catalogs (catalog_type "Federated", federated_config) are not supported: this server only serves its own (Local) catalogs');
  if (type !== undefined && !(typeof type === 'string' && type.toLowerCase() === 'local')) problems.push(`catalog_type: must be "Local" (the only kind served here), not ${JSON.stringify(type)}`);
  const out: JsonObject = { ...body };
  for (const k of CATALOG_PANGOLIN) delete out[k];
  if (body.warehouse_name !== undefined && body.warehouse_name !== null) {
    if (out.warehouse !== undefined && out.warehouse !== body.warehouse_name) problems.push('warehouse_name and warehouse differ: give one');
    out.warehouse = body.warehouse_name;
  }
  const location = body.storage_location;
  let extra: { location?: string } | undefined;
  if (location !== undefined && location !== null) {
    if (typeof location !== 'string' || location === '') problems.push('storage_location must be a location such as s3://bucket/prefix');
    else if (mode === 'create') {
      // Our create route checks it against properties.location.
      if (out.location !== undefined && out.location !== location) problems.push('storage_location and location differ: give one');
      out.location = location;
    } else if (isObject(out.properties)) {
      if (out.properties.location !== undefined && out.properties.location !== location) problems.push('storage_location and properties.location differ: give one');
      out.properties = { ...out.properties, location };
    } else extra = { location };
  }
  refuseIf(problems, 'catalog');
  return { body: out, pangolin: true, ...(extra ? { extra } : {}) };
}

/** Pangolin's catalog answer fields, added to ours. */
export function pangolinCatalogExtras(c: { warehouse: string; properties: Record<string, string>; server_credentials?: boolean }) {
  return { catalog_type: 'Local', warehouse_name: c.server_credentials || !c.warehouse ? null : c.warehouse, storage_location: c.properties.location ?? null };
}

// ---- users ----

const TENANT_KEYS = ['tenant_id', 'tenant-id'];

/** tenant_id / tenant-id (an id or a name), one value; null = none. */
function tenantOf(body: JsonObject, problems: string[], also?: unknown): string | undefined {
  const values = [...TENANT_KEYS.map((k) => body[k]), also].filter((v) => v !== undefined && v !== null);
  if (values.some((v) => typeof v !== 'string' || v === '')) problems.push('tenant_id must be a tenant id or name');
  else if (new Set(values).size > 1) problems.push('tenant_id, tenant-id and tenant differ: name the tenant once');
  return values[0] as string | undefined;
}

/** A user create body: tenant_id / tenant-id → `extra.tenant` (root creates the user there), Pangolin role names → ours. */
export function fromPangolinUser(body: unknown): Form<{ tenant?: string }> {
  if (!isObject(body) || !(has(body, TENANT_KEYS) || pangolinRole(body.role))) return ours(body);
  const problems = unknownKeys(body, ['username', 'password', 'email', 'role', 'disabled', ...TENANT_KEYS], 'user');
  const tenant = tenantOf(body, problems);
  const role = tenantRoleOf(body.role, 'role', problems);
  refuseIf(problems, 'user');
  const out: JsonObject = { ...body };
  for (const k of TENANT_KEYS) delete out[k];
  if (role) out.role = role;
  return { body: out, pangolin: true, ...(tenant ? { extra: { tenant } } : {}) };
}

/** `active` (Pangolin's PUT) is our `disabled` the other way round. */
function activeToDisabled(body: JsonObject, out: JsonObject, problems: string[]): void {
  delete out.active;
  if (body.active === undefined) return;
  if (typeof body.active !== 'boolean') problems.push('active must be true or false');
  else if (body.disabled !== undefined && body.disabled !== !body.active) problems.push('active and disabled disagree: give one');
  else out.disabled = !body.active;
}

/** A user update body (Pangolin's PUT: email, password, active). */
export function fromPangolinUserUpdate(body: unknown): Form {
  if (!isObject(body) || !('active' in body || pangolinRole(body.role))) return ours(body);
  const problems = unknownKeys(body, ['username', 'email', 'password', 'role', 'disabled', 'active'], 'user');
  const out: JsonObject = { ...body };
  activeToDisabled(body, out, problems);
  const role = tenantRoleOf(body.role, 'role', problems);
  if (role) out.role = role;
  refuseIf(problems, 'user');
  return { body: out, pangolin: true };
}

/** A sign-in body: tenant_id / tenant-id (id or name; null = root or the default tenant) → tenant. */
export function fromPangolinLogin(body: unknown): Form {
  if (!isObject(body) || !has(body, TENANT_KEYS)) return ours(body);
  const problems = unknownKeys(body, ['username', 'password', 'tenant', ...TENANT_KEYS], 'login');
  const tenant = tenantOf(body, problems, body.tenant);
  refuseIf(problems, 'login');
  const out: JsonObject = { ...body };
  for (const k of TENANT_KEYS) delete out[k];
  delete out.tenant;
  return { body: tenant ? { ...out, tenant } : out, pangolin: true };
}

/** Pangolin's login answer: `user` and `expires-at`, added to ours (which has its `token`). */
export function pangolinLoginExtras(p: { id: string; name: string; role: string; tenant: { id: string } | null }, expiresIn: number, now = Date.now()) {
  return { user: { id: p.id, username: p.name, role: p.role, 'tenant-id': p.tenant?.id ?? null }, 'expires-at': new Date(now + expiresIn * 1000).toISOString() };
}

// ---- service users ----

const SERVICE_PANGOLIN = ['description', 'expires_in_days', 'active'];

/** Service users do not expire here; an expiring credential is an API key. */
function refuseExpiry(body: JsonObject): void {
  if (body.expires_in_days !== undefined && body.expires_in_days !== null) {
    throw badRequest('Invalid service user (Pangolin 0.8 form): expires_in_days: service users do not expire here; create an expiring API key for it instead (POST /api/v1/api-keys with expires_in_days and owner {"kind": "service-user", "id": "<client_id>"})');
  }
}

/** A service user create or update body: role names mapped, `description` not kept (no such field here), `active` → disabled. */
export function fromPangolinServiceUser(body: unknown, mode: 'create' | 'update'): Form {
  if (!isObject(body) || !(has(body, SERVICE_PANGOLIN) || pangolinRole(body.role))) return ours(body);
  const keys = mode === 'create' ? ['name', 'role', 'description', 'expires_in_days'] : ['name', 'role', 'disabled', 'description', 'active'];
  const problems = unknownKeys(body, keys, 'service user');
  if (body.description !== undefined && body.description !== null && typeof body.description !== 'string') problems.push('description must be a string');
  refuseExpiry(body);
  const out: JsonObject = { ...body };
  delete out.description;
  delete out.expires_in_days;
  activeToDisabled(body, out, problems);
  const role = tenantRoleOf(body.role, 'role', problems);
  if (role) out.role = role;
  refuseIf(problems, 'service user');
  return { body: out, pangolin: true };
}

/** Pangolin's ApiKeyResponse fields: its client_id was the service user's id, its client_secret the API key. */
export function pangolinServiceUserExtras(clientId: string, secret: string) {
  return { id: clientId, service_user_id: clientId, api_key: secret, expires_at: null };
}
