// The identity side of the API (sign-in, who am I, tenants, users, service users, API
// keys, roles and grants, audit log): URLs and response schemas, on top of ApiClient's
// transport (token, tenant header, refresh on expiry, Iceberg error shape).
import { z } from 'zod';
import { authConfigResponse, loginResponse, logoutResponse, principalResponse, type AuthConfigResponse, type LoginRequest, type LoginResponse, type PrincipalResponse } from '../../../shared/api/auth.js';
import {
  apiKeyResponse,
  createdApiKeyResponse,
  grantResponse,
  listApiKeysResponse,
  listAuditEventsResponse,
  listGrantsResponse,
  listRolesResponse,
  listServiceUsersResponse,
  listTenantsResponse,
  listUsersResponse,
  roleMemberResponse,
  roleResponse,
  serviceUserResponse,
  serviceUserSecretResponse,
  tenantResponse,
  userResponse,
  type ApiKeyResponse,
  type AuditEventResponse,
  type CreateApiKeyRequest,
  type CreateGrantRequest,
  type CreateRoleRequest,
  type CreateServiceUserRequest,
  type CreateTenantRequest,
  type CreateUserRequest,
  type CreatedApiKeyResponse,
  type GrantResponse,
  type PrincipalKindName,
  type RoleMemberResponse,
  type RoleResponse,
  type ServiceUserResponse,
  type ServiceUserSecretResponse,
  type TenantResponse,
  type UpdateRoleRequest,
  type UpdateServiceUserRequest,
  type UpdateTenantRequest,
  type UpdateUserRequest,
  type UserResponse,
} from '../../../shared/api/identity.js';
import type { ApiClient } from './client.js';

/** One page of an admin list; `next` is the token of the following page (null at the end). */
export interface Page<T> {
  items: T[];
  next: string | null;
}

export const PAGE_SIZE = 50;
/** Pages followed by the "all of them" lists (pickers, member lookups). */
const MAX_PAGES = 40;

const sessionsEnded = z.object({ sessions_ended: z.number() });

const enc = encodeURIComponent;

function pageQuery(token: string | null | undefined, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({ ...extra, page_size: String(PAGE_SIZE) });
  if (token) q.set('page_token', token);
  return `?${q.toString()}`;
}

export class IdentityApi {
  constructor(private readonly client: ApiClient) {}

  // ---- sign-in ----

  authConfig(): Promise<AuthConfigResponse> {
    return this.client.call('GET', '/api/v1/auth/config', authConfigResponse, { auth: false });
  }

  login(body: LoginRequest): Promise<LoginResponse> {
    return this.client.call('POST', '/api/v1/users/login', loginResponse, { body, auth: false });
  }

  refresh(refreshToken: string): Promise<LoginResponse> {
    return this.client.call('POST', '/api/v1/users/refresh', loginResponse, { body: { refresh_token: refreshToken }, auth: false });
  }

  /** Ends the session; sent with the token given (the session may be being cleared). */
  async logout(token: string, refreshToken?: string): Promise<boolean> {
    const res = await this.client.call('POST', '/api/v1/users/logout', logoutResponse, {
      body: refreshToken ? { refresh_token: refreshToken } : {},
      auth: false,
      headers: { authorization: `Bearer ${token}` },
    });
    return res.logged_out;
  }

  me(): Promise<PrincipalResponse> {
    return this.client.call('GET', '/api/v1/me', principalResponse);
  }

  // ---- tenants (root) ----

  async tenantsPage(token?: string | null): Promise<Page<TenantResponse>> {
    const p = await this.client.call('GET', `/api/v1/tenants${pageQuery(token)}`, listTenantsResponse);
    return { items: p.tenants, next: p.next_page_token };
  }

  allTenants(): Promise<TenantResponse[]> {
    return this.all((t) => this.tenantsPage(t));
  }

  createTenant(body: CreateTenantRequest): Promise<TenantResponse> {
    return this.client.call('POST', '/api/v1/tenants', tenantResponse, { body });
  }

  updateTenant(name: string, body: UpdateTenantRequest): Promise<TenantResponse> {
    return this.client.call('PATCH', `/api/v1/tenants/${enc(name)}`, tenantResponse, { body });
  }

  deleteTenant(name: string): Promise<void> {
    return this.client.callNoContent('DELETE', `/api/v1/tenants/${enc(name)}`);
  }

  // ---- users ----

  async usersPage(token?: string | null): Promise<Page<UserResponse>> {
    const p = await this.client.call('GET', `/api/v1/users${pageQuery(token)}`, listUsersResponse);
    return { items: p.users, next: p.next_page_token };
  }

  allUsers(): Promise<UserResponse[]> {
    return this.all((t) => this.usersPage(t));
  }

  createUser(body: CreateUserRequest): Promise<UserResponse> {
    return this.client.call('POST', '/api/v1/users', userResponse, { body });
  }

  updateUser(id: string, body: UpdateUserRequest): Promise<UserResponse> {
    return this.client.call('PATCH', `/api/v1/users/${enc(id)}`, userResponse, { body });
  }

  deleteUser(id: string): Promise<void> {
    return this.client.callNoContent('DELETE', `/api/v1/users/${enc(id)}`);
  }

  async revokeUserSessions(id: string): Promise<number> {
    return (await this.client.call('POST', `/api/v1/users/${enc(id)}/revoke-sessions`, sessionsEnded, { body: {} })).sessions_ended;
  }

  async userRoles(id: string): Promise<RoleResponse[]> {
    return (await this.client.call('GET', `/api/v1/users/${enc(id)}/roles${pageQuery(null)}`, listRolesResponse)).roles;
  }

  // ---- service users ----

  async serviceUsersPage(token?: string | null): Promise<Page<ServiceUserResponse>> {
    const p = await this.client.call('GET', `/api/v1/service-users${pageQuery(token)}`, listServiceUsersResponse);
    return { items: p.service_users, next: p.next_page_token };
  }

  allServiceUsers(): Promise<ServiceUserResponse[]> {
    return this.all((t) => this.serviceUsersPage(t));
  }

  createServiceUser(body: CreateServiceUserRequest): Promise<ServiceUserSecretResponse> {
    return this.client.call('POST', '/api/v1/service-users', serviceUserSecretResponse, { body });
  }

  updateServiceUser(clientId: string, body: UpdateServiceUserRequest): Promise<ServiceUserResponse> {
    return this.client.call('PATCH', `/api/v1/service-users/${enc(clientId)}`, serviceUserResponse, { body });
  }

  deleteServiceUser(clientId: string): Promise<void> {
    return this.client.callNoContent('DELETE', `/api/v1/service-users/${enc(clientId)}`);
  }

  rotateSecret(clientId: string): Promise<ServiceUserSecretResponse> {
    return this.client.call('POST', `/api/v1/service-users/${enc(clientId)}/rotate-secret`, serviceUserSecretResponse, { body: {} });
  }

  async serviceUserRoles(clientId: string): Promise<RoleResponse[]> {
    return (await this.client.call('GET', `/api/v1/service-users/${enc(clientId)}/roles${pageQuery(null)}`, listRolesResponse)).roles;
  }

  // ---- API keys ----

  /** The caller's keys; `all` = every key of the tenant (tenant admins). */
  async apiKeysPage(all: boolean, token?: string | null): Promise<Page<ApiKeyResponse>> {
    const p = await this.client.call('GET', `/api/v1/api-keys${pageQuery(token, all ? { all: 'true' } : {})}`, listApiKeysResponse);
    return { items: p.api_keys, next: p.next_page_token };
  }

  createApiKey(body: CreateApiKeyRequest): Promise<CreatedApiKeyResponse> {
    return this.client.call('POST', '/api/v1/api-keys', createdApiKeyResponse, { body });
  }

  revokeApiKey(id: string): Promise<ApiKeyResponse> {
    return this.client.call('POST', `/api/v1/api-keys/${enc(id)}/revoke`, apiKeyResponse, { body: {} });
  }

  // ---- roles, grants, members ----

  async rolesPage(token?: string | null): Promise<Page<RoleResponse>> {
    const p = await this.client.call('GET', `/api/v1/roles${pageQuery(token)}`, listRolesResponse);
    return { items: p.roles, next: p.next_page_token };
  }

  role(name: string): Promise<RoleResponse> {
    return this.client.call('GET', `/api/v1/roles/${enc(name)}`, roleResponse);
  }

  createRole(body: CreateRoleRequest): Promise<RoleResponse> {
    return this.client.call('POST', '/api/v1/roles', roleResponse, { body });
  }

  updateRole(name: string, body: UpdateRoleRequest): Promise<RoleResponse> {
    return this.client.call('PATCH', `/api/v1/roles/${enc(name)}`, roleResponse, { body });
  }

  deleteRole(name: string): Promise<void> {
    return this.client.callNoContent('DELETE', `/api/v1/roles/${enc(name)}`);
  }

  grants(role: string): Promise<GrantResponse[]> {
    return this.all(async (t) => {
      const p = await this.client.call('GET', `/api/v1/roles/${enc(role)}/grants${pageQuery(t)}`, listGrantsResponse);
      return { items: p.grants, next: p.next_page_token };
    });
  }

  addGrant(role: string, body: CreateGrantRequest): Promise<GrantResponse> {
    return this.client.call('POST', `/api/v1/roles/${enc(role)}/grants`, grantResponse, { body });
  }

  removeGrant(role: string, grantId: string): Promise<void> {
    return this.client.callNoContent('DELETE', `/api/v1/roles/${enc(role)}/grants/${enc(grantId)}`);
  }

  addMember(role: string, kind: PrincipalKindName, id: string): Promise<RoleMemberResponse> {
    return this.client.call('PUT', `/api/v1/roles/${enc(role)}/members/${kind}/${enc(id)}`, roleMemberResponse, { body: {} });
  }

  removeMember(role: string, kind: PrincipalKindName, id: string): Promise<void> {
    return this.client.callNoContent('DELETE', `/api/v1/roles/${enc(role)}/members/${kind}/${enc(id)}`);
  }

  // ---- audit ----

  /** `query` from lib/audit-query.ts (filters, page size and token). */
  async auditPage(query: string): Promise<Page<AuditEventResponse>> {
    const p = await this.client.call('GET', `/api/v1/audit?${query}`, listAuditEventsResponse);
    return { items: p.events, next: p.next_page_token };
  }

  private async all<T>(page: (token: string | null) => Promise<Page<T>>): Promise<T[]> {
    const out: T[] = [];
    let token: string | null = null;
    for (let i = 0; i < MAX_PAGES; i++) {
      const p: Page<T> = await page(token);
      out.push(...p.items);
      token = p.next;
      if (!token) break;
    }
    return out;
  }
}
