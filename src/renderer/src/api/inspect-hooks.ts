// react-query hooks for the bucket browser and the table inspector. Keys sit below the
// admin ('admin', 'warehouses', name) and catalog (['catalogs', catalog, …]) prefixes, so
// the existing invalidations (Refresh, a changed warehouse) reach them too.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useSession } from './api-context.js';

/** Objects a bucket page asks for at once. */
export const OBJECTS_PAGE_SIZE = 100;
/** Manifest entries shown per page. */
export const MANIFEST_PAGE = 200;

const tableKey = (catalog: string, namespace: readonly string[], table: string) => ['catalogs', catalog, 'namespaces', ...namespace, '$tables', table, '$inspect'] as const;

export function useObjects(warehouse: string | undefined, prefix: string) {
  const { client } = useSession();
  return useInfiniteQuery({
    queryKey: ['admin', 'warehouses', warehouse ?? '', '$objects', prefix],
    queryFn: ({ pageParam }) => client.listObjects(warehouse!, prefix, pageParam, OBJECTS_PAGE_SIZE),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_page_token,
    enabled: Boolean(warehouse),
  });
}

export function useObjectPreview(warehouse: string | undefined, key: string | undefined) {
  const { client } = useSession();
  return useQuery({
    queryKey: ['admin', 'warehouses', warehouse ?? '', '$preview', key ?? ''],
    queryFn: () => client.previewObject(warehouse!, key!),
    enabled: Boolean(warehouse && key),
    staleTime: 60_000,
  });
}

export function useManifestList(catalog: string, namespace: readonly string[], table: string, snapshotId: string | undefined) {
  const { client } = useSession();
  return useQuery({
    queryKey: [...tableKey(catalog, namespace, table), 'manifest-list', snapshotId ?? ''],
    queryFn: () => client.manifestList(catalog, namespace, table, snapshotId),
    enabled: snapshotId !== undefined,
    // A snapshot's manifest list never changes.
    staleTime: Infinity,
  });
}

export function useManifest(catalog: string, namespace: readonly string[], table: string, path: string | undefined, offset: number) {
  const { client } = useSession();
  return useQuery({
    queryKey: [...tableKey(catalog, namespace, table), 'manifest', path ?? '', offset],
    queryFn: () => client.manifest(catalog, namespace, table, path!, offset, MANIFEST_PAGE),
    enabled: Boolean(path),
    staleTime: Infinity,
  });
}

export function useTableFile(catalog: string, namespace: readonly string[], table: string, path: string | undefined) {
  const { client } = useSession();
  return useQuery({
    queryKey: [...tableKey(catalog, namespace, table), 'file', path ?? ''],
    queryFn: () => client.tableFile(catalog, namespace, table, path!),
    enabled: Boolean(path),
    staleTime: Infinity,
  });
}
