// react-query keys mirror the API paths, so invalidating a prefix refreshes everything
// below it (e.g. ['catalogs', 'local'] drops its namespaces, tables and metadata).
export const queryKeys = {
  /** Everything under /api/v1 admin lists: invalidated after any warehouse/catalog change. */
  admin: () => ['admin'] as const,
  warehouses: () => ['admin', 'warehouses'] as const,
  warehouse: (name: string) => ['admin', 'warehouses', name] as const,
  adminCatalogs: () => ['admin', 'catalogs'] as const,
  adminCatalog: (name: string) => ['admin', 'catalogs', name] as const,
  serverStatus: () => ['server', 'status'] as const,
  catalogConfig: (catalog: string) => ['catalogs', catalog, 'config'] as const,
  namespaces: (catalog: string, parent: readonly string[]) => ['catalogs', catalog, 'namespaces', ...parent, '$children'] as const,
  namespace: (catalog: string, namespace: readonly string[]) => ['catalogs', catalog, 'namespaces', ...namespace, '$properties'] as const,
  tables: (catalog: string, namespace: readonly string[]) => ['catalogs', catalog, 'namespaces', ...namespace, '$tables'] as const,
  table: (catalog: string, namespace: readonly string[], table: string) =>
    ['catalogs', catalog, 'namespaces', ...namespace, '$tables', table] as const,
};
