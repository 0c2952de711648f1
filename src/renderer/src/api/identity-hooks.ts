// react-query hooks for the identity screens: who am I, paged lists ("Load more"),
// role members, the audit log. Keys start with 'identity' (and 'me'), so one
// invalidation refreshes every identity list after a change.
import { useInfiniteQuery, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import type { PrincipalKindName } from '../../../shared/api/identity.js';
import { auditQuery, type AuditFilters } from '../lib/audit-query.js';
import { useSession } from './api-context.js';
import type { Page } from './identity-client.js';

export const identityKeys = {
  all: () => ['identity'] as const,
  me: () => ['me'] as const,
  tenants: () => ['identity', 'tenants'] as const,
  allTenants: () => ['identity', 'tenants', '$all'] as const,
  users: () => ['identity', 'users'] as const,
  allUsers: () => ['identity', 'users', '$all'] as const,
  serviceUsers: () => ['identity', 'service-users'] as const,
  allServiceUsers: () => ['identity', 'service-users', '$all'] as const,
  apiKeys: (all: boolean) => ['identity', 'api-keys', all] as const,
  roles: () => ['identity', 'roles'] as const,
  role: (name: string) => ['identity', 'roles', name] as const,
  grants: (role: string) => ['identity', 'roles', role, '$grants'] as const,
  members: (role: string) => ['identity', 'roles', role, '$members'] as const,
  audit: (filters: AuditFilters) => ['identity', 'audit', filters] as const,
};

/** The signed-in principal (name, role, acting tenant). */
export function useMe() {
  const { identity, signedIn } = useSession();
  return useQuery({ queryKey: identityKeys.me(), queryFn: () => identity.me(), enabled: signedIn, staleTime: 60_000 });
}

export interface PagedList<T> {
  items: T[];
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch(): void;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore(): void;
}

/** A list read page by page: the first page at once, the next on "Load more". */
export function usePagedList<T>(queryKey: readonly unknown[], fetchPage: (token: string | null) => Promise<Page<T>>, enabled = true): PagedList<T> {
  const q = useInfiniteQuery<Page<T>, Error, InfiniteData<Page<T>, string | null>, readonly unknown[], string | null>({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: null,
    getNextPageParam: (last) => last.next ?? undefined,
    enabled,
  });
  return {
    items: q.data?.pages.flatMap((p) => p.items) ?? [],
    isPending: q.isPending,
    isError: q.isError,
    error: q.error,
    refetch: () => void q.refetch(),
    hasMore: Boolean(q.hasNextPage),
    loadingMore: q.isFetchingNextPage,
    loadMore: () => void q.fetchNextPage(),
  };
}

export function useTenantList() {
  const { identity } = useSession();
  return usePagedList(identityKeys.tenants(), (t) => identity.tenantsPage(t));
}

/** Every tenant (root's tenant switcher). */
export function useAllTenants(enabled: boolean) {
  const { identity } = useSession();
  return useQuery({ queryKey: identityKeys.allTenants(), queryFn: () => identity.allTenants(), enabled });
}

export function useUserList() {
  const { identity } = useSession();
  return usePagedList(identityKeys.users(), (t) => identity.usersPage(t));
}

export function useServiceUserList() {
  const { identity } = useSession();
  return usePagedList(identityKeys.serviceUsers(), (t) => identity.serviceUsersPage(t));
}

/** Every user and service user of the tenant (pickers, owner and actor names). */
export function usePrincipals(enabled = true) {
  const { identity } = useSession();
  const users = useQuery({ queryKey: identityKeys.allUsers(), queryFn: () => identity.allUsers(), enabled });
  const serviceUsers = useQuery({ queryKey: identityKeys.allServiceUsers(), queryFn: () => identity.allServiceUsers(), enabled });
  return { users, serviceUsers };
}

export function useApiKeyList(all: boolean) {
  const { identity } = useSession();
  return usePagedList(identityKeys.apiKeys(all), (t) => identity.apiKeysPage(all, t));
}

export function useRoleList() {
  const { identity } = useSession();
  return usePagedList(identityKeys.roles(), (t) => identity.rolesPage(t));
}

export function useRole(name: string) {
  const { identity } = useSession();
  return useQuery({ queryKey: identityKeys.role(name), queryFn: () => identity.role(name), staleTime: 0 });
}

export function useGrants(role: string) {
  const { identity } = useSession();
  return useQuery({ queryKey: identityKeys.grants(role), queryFn: () => identity.grants(role), staleTime: 0 });
}

export interface RoleMember {
  kind: PrincipalKindName;
  id: string;
  name: string;
  disabled: boolean;
}

/**
 * Who holds a role. The API answers the other way round (GET /users/{id}/roles), so this
 * asks it for each user and service user of the tenant: fine for the tens a tenant has.
 */
export function useRoleMembers(role: string) {
  const { identity } = useSession();
  return useQuery({
    queryKey: identityKeys.members(role),
    staleTime: 0,
    queryFn: async (): Promise<RoleMember[]> => {
      const [users, clients] = await Promise.all([identity.allUsers(), identity.allServiceUsers()]);
      const holds = (roles: { name: string }[]) => roles.some((r) => r.name === role);
      const [u, c] = await Promise.all([
        Promise.all(users.map(async (x) => (holds(await identity.userRoles(x.id)) ? [{ kind: 'user' as const, id: x.id, name: x.username, disabled: x.disabled }] : []))),
        Promise.all(clients.map(async (x) => (holds(await identity.serviceUserRoles(x.client_id)) ? [{ kind: 'service-user' as const, id: x.client_id, name: x.name, disabled: x.disabled }] : []))),
      ]);
      return [...u.flat(), ...c.flat()];
    },
  });
}

export function useAuditLog(filters: AuditFilters, enabled: boolean) {
  const { identity } = useSession();
  return usePagedList(identityKeys.audit(filters), (t) => identity.auditPage(auditQuery(filters, t ?? undefined)), enabled);
}

/** After an identity change: every identity list (and who I am: my role may have changed). */
export function useInvalidateIdentity() {
  const queryClient = useQueryClient();
  return () => Promise.all([queryClient.invalidateQueries({ queryKey: identityKeys.all() }), queryClient.invalidateQueries({ queryKey: identityKeys.me() })]);
}
