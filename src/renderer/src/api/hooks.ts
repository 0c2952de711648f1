// react-query hooks over the API client, one per resource the UI reads.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSession } from './api-context.js';
import { queryKeys } from './query-keys.js';

export function useServerStatus() {
  const { client } = useSession();
  return useQuery({ queryKey: queryKeys.serverStatus(), queryFn: () => client.serverStatus() });
}

/** The catalog's REST prefix from GET /v1/config?warehouse=<catalog>. */
export function useCatalogPrefix(catalog: string | undefined) {
  const { client } = useSession();
  return useQuery({
    queryKey: queryKeys.catalogConfig(catalog ?? ''),
    queryFn: async () => {
      const config = await client.catalogConfig(catalog!);
      return config.overrides.prefix ?? config.defaults.prefix ?? null;
    },
    enabled: Boolean(catalog),
    staleTime: 5 * 60_000,
  });
}

export function useNamespaces(catalog: string, prefix: string | null | undefined, parent: readonly string[], enabled = true) {
  const { client } = useSession();
  return useQuery({
    queryKey: queryKeys.namespaces(catalog, parent),
    queryFn: () => client.listNamespaces(prefix ?? undefined, parent),
    enabled: enabled && prefix !== undefined,
  });
}

export function useNamespace(catalog: string, prefix: string | null | undefined, namespace: readonly string[]) {
  const { client } = useSession();
  return useQuery({
    queryKey: queryKeys.namespace(catalog, namespace),
    queryFn: () => client.loadNamespace(prefix ?? undefined, namespace),
    enabled: prefix !== undefined,
  });
}

export function useTables(catalog: string, prefix: string | null | undefined, namespace: readonly string[], enabled = true) {
  const { client } = useSession();
  return useQuery({
    queryKey: queryKeys.tables(catalog, namespace),
    queryFn: () => client.listTables(prefix ?? undefined, namespace),
    enabled: enabled && prefix !== undefined,
  });
}

export function useTable(catalog: string, prefix: string | null | undefined, namespace: readonly string[], table: string) {
  const { client } = useSession();
  return useQuery({
    queryKey: queryKeys.table(catalog, namespace, table),
    queryFn: () => client.loadTable(prefix ?? undefined, namespace, table),
    enabled: prefix !== undefined,
  });
}

export function useWarehouses() {
  const { client } = useSession();
  return useQuery({ queryKey: queryKeys.warehouses(), queryFn: () => client.listWarehouses() });
}

export function useWarehouse(name: string | undefined) {
  const { client } = useSession();
  return useQuery({ queryKey: queryKeys.warehouse(name ?? ''), queryFn: () => client.getWarehouse(name!), enabled: Boolean(name), staleTime: 0 });
}

export function useAdminCatalogs() {
  const { client } = useSession();
  return useQuery({ queryKey: queryKeys.adminCatalogs(), queryFn: () => client.listCatalogs() });
}

export function useAdminCatalog(name: string | undefined) {
  const { client } = useSession();
  return useQuery({ queryKey: queryKeys.adminCatalog(name ?? ''), queryFn: () => client.getCatalog(name!), enabled: Boolean(name), staleTime: 0 });
}

/** After a warehouse or catalog changed: the admin lists, the server status (explorer's catalog list) and that catalog's data. */
export function useInvalidateAdmin() {
  const queryClient = useQueryClient();
  return (catalog?: string) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.admin() }),
      queryClient.invalidateQueries({ queryKey: queryKeys.serverStatus() }),
      catalog ? queryClient.removeQueries({ queryKey: ['catalogs', catalog] }) : undefined,
    ]);
}
