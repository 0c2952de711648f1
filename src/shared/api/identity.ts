// /api/v1 identity administration: tenants, users, service users, API keys, roles and
// grants, audit log. snake_case like the rest of the admin API. Requests are strict
// (unknown fields are refused); secrets appear in a response only once, when created.
import { z } from 'zod';
import { entityName } from './admin.js';
import { displayName } from './names.js';
import { loginResponse } from './auth.js';

const stringMap = z.record(z.string(), z.string());

// ---- tenants ----

export const createTenantRequest = z.strictObject({ name: entityName, properties: stringMap.default({}) });
export type CreateTenantRequest = z.input<typeof createTenantRequest>;

export const updateTenantRequest = z.strictObject({ name: entityName.optional(), properties: stringMap.optional() });
export type UpdateTenantRequest = z.input<typeof updateTenantRequest>;

export const tenantResponse = z.object({ id: z.string(), name: z.string(), properties: stringMap, created_at: z.string() });
export type TenantResponse = z.infer<typeof tenantResponse>;

export const listTenantsResponse = z.object({ tenants: z.array(tenantResponse), next_page_token: z.string().nullable() });
export type ListTenantsResponse = z.infer<typeof listTenantsResponse>;

// ---- users ----

export const tenantRole = z.enum(['tenant-admin', 'tenant-user']);
export type TenantRole = z.infer<typeof tenantRole>;

export const username = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.@+-]{0,127}$/, 'must be 1-128 characters: letters, digits, "_", ".", "@", "+" or "-", starting with a letter or digit');

const password = z.string().min(1).max(1000);
const email = z.email().max(320);

export const createUserRequest = z.strictObject({
  username,
  password,
  email: email.optional(),
  role: tenantRole.default('tenant-user'),
  disabled: z.boolean().default(false),
});
export type CreateUserRequest = z.input<typeof createUserRequest>;

/** Absent = unchanged; email null clears it; password sets a new one (and ends the user's sessions). */
export const updateUserRequest = z.strictObject({
  username: username.optional(),
  email: email.nullable().optional(),
  role: tenantRole.optional(),
  disabled: z.boolean().optional(),
  password: password.optional(),
});
export type UpdateUserRequest = z.input<typeof updateUserRequest>;

export const changePasswordRequest = z.strictObject({ current_password: password, new_password: password });
export type ChangePasswordRequest = z.infer<typeof changePasswordRequest>;

/** Every session of the user ends; a caller signed in with a session gets a fresh one here. */
export const changePasswordResponse = z.object({ changed: z.literal(true), sessions_ended: z.number(), session: loginResponse.nullable() });
export type ChangePasswordResponse = z.infer<typeof changePasswordResponse>;

export const userResponse = z.object({
  id: z.string(),
  username: z.string(),
  email: z.string().nullable(),
  role: tenantRole,
  disabled: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type UserResponse = z.infer<typeof userResponse>;

export const listUsersResponse = z.object({ users: z.array(userResponse), next_page_token: z.string().nullable() });
export type ListUsersResponse = z.infer<typeof listUsersResponse>;

// ---- service users (OAuth2 client credentials) ----

export const createServiceUserRequest = z.strictObject({ name: displayName, role: tenantRole.default('tenant-user') });
export type CreateServiceUserRequest = z.input<typeof createServiceUserRequest>;

export const updateServiceUserRequest = z.strictObject({ name: displayName.optional(), role: tenantRole.optional(), disabled: z.boolean().optional() });
export type UpdateServiceUserRequest = z.input<typeof updateServiceUserRequest>;

export const serviceUserResponse = z.object({ client_id: z.string(), name: z.string(), role: tenantRole, disabled: z.boolean(), created_at: z.string() });
export type ServiceUserResponse = z.infer<typeof serviceUserResponse>;

/** Create and rotate-secret answers: the only time the secret is shown. */
export const serviceUserSecretResponse = serviceUserResponse.extend({
  client_secret: z.string(),
  /** PyIceberg's `credential=` value: "<client_id>:<client_secret>". */
  credential: z.string(),
});
export type ServiceUserSecretResponse = z.infer<typeof serviceUserSecretResponse>;

export const listServiceUsersResponse = z.object({ service_users: z.array(serviceUserResponse), next_page_token: z.string().nullable() });
export type ListServiceUsersResponse = z.infer<typeof listServiceUsersResponse>;

// ---- API keys ----

export const principalKind = z.enum(['user', 'service-user']);
export type PrincipalKindName = z.infer<typeof principalKind>;

export const principalRef = z.strictObject({ kind: principalKind, id: z.string().min(1).max(200) });
export type PrincipalRef = z.infer<typeof principalRef>;

export const createApiKeyRequest = z.strictObject({
  name: displayName,
  /** Whole days; omitted = never expires. */
  expires_in_days: z.number().int().min(1).max(3650).optional(),
  /** Omitted = the caller. Another owner only for tenant admins. */
  owner: principalRef.optional(),
});
export type CreateApiKeyRequest = z.input<typeof createApiKeyRequest>;

export const apiKeyResponse = z.object({
  id: z.string(),
  name: z.string(),
  owner: z.object({ kind: principalKind, id: z.string() }),
  key_prefix: z.string(),
  created_at: z.string(),
  expires_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
});
export type ApiKeyResponse = z.infer<typeof apiKeyResponse>;

/** The create answer: `key` is shown this once ("Authorization: Bearer <key>" or "X-API-Key: <key>"). */
export const createdApiKeyResponse = apiKeyResponse.extend({ key: z.string() });
export type CreatedApiKeyResponse = z.infer<typeof createdApiKeyResponse>;

export const listApiKeysResponse = z.object({ api_keys: z.array(apiKeyResponse), next_page_token: z.string().nullable() });
export type ListApiKeysResponse = z.infer<typeof listApiKeysResponse>;

// ---- roles and grants ----

export const createRoleRequest = z.strictObject({ name: entityName, description: z.string().max(1000).default('') });
export type CreateRoleRequest = z.input<typeof createRoleRequest>;

export const updateRoleRequest = z.strictObject({ name: entityName.optional(), description: z.string().max(1000).optional() });
export type UpdateRoleRequest = z.input<typeof updateRoleRequest>;

export const roleResponse = z.object({ id: z.string(), name: z.string(), description: z.string(), created_at: z.string() });
export type RoleResponse = z.infer<typeof roleResponse>;

export const listRolesResponse = z.object({ roles: z.array(roleResponse), next_page_token: z.string().nullable() });
export type ListRolesResponse = z.infer<typeof listRolesResponse>;

export const roleMemberResponse = z.object({ role: z.string(), member: z.object({ kind: principalKind, id: z.string() }), assigned: z.boolean() });
export type RoleMemberResponse = z.infer<typeof roleMemberResponse>;

export const privilege = z.enum(['read', 'write', 'create', 'drop', 'manage-grants']);
export type PrivilegeName = z.infer<typeof privilege>;

const identPart = z.string().min(1).max(255);

export const grantScope = z
  .strictObject({
    catalog: identPart,
    namespace: z.array(identPart).min(1).optional(),
    table: identPart.optional(),
    view: identPart.optional(),
  })
  .refine((s) => s.table === undefined || s.view === undefined, { message: 'name a table or a view, not both', path: ['view'] })
  .refine((s) => (s.table === undefined && s.view === undefined) || s.namespace !== undefined, { message: 'a table or view grant needs its namespace', path: ['namespace'] });
export type GrantScopeBody = z.infer<typeof grantScope>;

export const createGrantRequest = z.strictObject({
  scope: grantScope,
  privileges: z
    .array(privilege)
    .min(1, 'name at least one privilege (read, write, create, drop, manage-grants)')
    .transform((p) => [...new Set(p)]),
});
export type CreateGrantRequest = z.input<typeof createGrantRequest>;

export const grantResponse = z.object({
  id: z.string(),
  role: z.string(),
  scope: z.object({ catalog: z.string(), namespace: z.array(z.string()).optional(), table: z.string().optional(), view: z.string().optional() }),
  privileges: z.array(privilege),
  created_at: z.string(),
});
export type GrantResponse = z.infer<typeof grantResponse>;

export const listGrantsResponse = z.object({ grants: z.array(grantResponse), next_page_token: z.string().nullable() });
export type ListGrantsResponse = z.infer<typeof listGrantsResponse>;

// ---- audit log ----

export const auditOutcome = z.enum(['allowed', 'denied', 'error']);
export type AuditOutcomeName = z.infer<typeof auditOutcome>;

export const auditEventResponse = z.object({
  id: z.string(),
  tenant_id: z.string().nullable(),
  at: z.string(),
  actor: z.object({ kind: z.string(), id: z.string(), name: z.string() }),
  action: z.string(),
  resource: z.string(),
  outcome: auditOutcome,
  detail: z.string().nullable(),
  request_id: z.string().nullable(),
  address: z.string().nullable(),
});
export type AuditEventResponse = z.infer<typeof auditEventResponse>;

export const listAuditEventsResponse = z.object({ events: z.array(auditEventResponse), next_page_token: z.string().nullable() });
export type ListAuditEventsResponse = z.infer<typeof listAuditEventsResponse>;
