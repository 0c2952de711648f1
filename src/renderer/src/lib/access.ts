// Which screens a signed-in caller can use, and which changes it may make on the screens
// everyone opens, by its role (GET /api/v1/me). The server decides (403 names the missing
// permission); this only keeps the navigation and the buttons to what would work. Pages
// not listed here are open to every signed-in caller.
import type { PrincipalResponse } from '../../../shared/api/auth.js';

export type AccessRole = PrincipalResponse['role'];

const RANK: Record<AccessRole, number> = { 'tenant-user': 0, 'tenant-admin': 1, root: 2 };
const atLeast = (role: AccessRole | undefined, need: AccessRole): boolean => role !== undefined && RANK[role] >= RANK[need];

/** The least role a page needs (tenant admin pages, root's Tenants). */
const NEEDS: Readonly<Record<string, AccessRole>> = {
  warehouses: 'tenant-admin',
  buckets: 'tenant-admin',
  troubleshoot: 'tenant-admin',
  users: 'tenant-admin',
  'service-users': 'tenant-admin',
  roles: 'tenant-admin',
  audit: 'tenant-admin',
  tenants: 'root',
};

/** Whether `role` may open `page`; while the role is unknown (loading) only open pages. */
export function canOpen(page: string, role: AccessRole | undefined): boolean {
  const need = NEEDS[page];
  return need === undefined || atLeast(role, need);
}

/** Changes the server allows only to some roles on pages every signed-in caller opens (its permission names). */
const ACTION_NEEDS = {
  'catalog.create': 'tenant-admin',
  'catalog.update': 'tenant-admin',
  'catalog.delete': 'tenant-admin',
} as const satisfies Record<string, AccessRole>;

export type AccessAction = keyof typeof ACTION_NEEDS;

/** Whether `role` may do `action` (offer its button); while the role is unknown, no. */
export function canDo(action: AccessAction, role: AccessRole | undefined): boolean {
  return atLeast(role, ACTION_NEEDS[action]);
}

export function roleLabel(role: AccessRole): string {
  return role === 'root' ? 'Root' : role === 'tenant-admin' ? 'Tenant admin' : 'Tenant user';
}

export type AccessPage = 'users' | 'service-users' | 'roles' | 'api-keys' | 'audit';

/** The "Access" section's tabs, in order. */
export const ACCESS_TABS: readonly { page: AccessPage; label: string }[] = [
  { page: 'users', label: 'Users' },
  { page: 'service-users', label: 'Service users' },
  { page: 'roles', label: 'Roles' },
  { page: 'api-keys', label: 'API keys' },
  { page: 'audit', label: 'Audit log' },
];

export function accessTabs(role: AccessRole | undefined): { page: AccessPage; label: string }[] {
  return ACCESS_TABS.filter((t) => canOpen(t.page, role));
}

/** Where the "Access" nav entry leads: the first tab the role can open (API keys for everyone). */
export function accessHome(role: AccessRole | undefined): AccessPage {
  return accessTabs(role)[0]?.page ?? 'api-keys';
}

export const isAccessPage = (page: string): page is AccessPage => ACCESS_TABS.some((t) => t.page === page);
