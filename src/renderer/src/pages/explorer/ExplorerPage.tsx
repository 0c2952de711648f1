// Catalog explorer: pick a catalog, browse its namespace tree, open a table.
import { useCatalogPrefix, useServerStatus } from '../../api/hooks.js';
import { EmptyState, ErrorNotice, Loading } from '../../components/Notice.js';
import type { Route } from '../../lib/routes.js';
import { NamespacePanel } from './NamespacePanel.js';
import { NamespaceTree, type TreeSelection } from './NamespaceTree.js';
import { TableDetail } from './TableDetail.js';

type ExplorerRoute = Extract<Route, { page: 'explorer' }>;

export function ExplorerPage({ route, navigate }: { route: ExplorerRoute; navigate(route: Route): void }) {
  const status = useServerStatus();
  const catalogs = status.data?.catalogs ?? [];
  const catalog = route.catalog ?? catalogs[0]?.name;
  const prefix = useCatalogPrefix(catalog);

  if (status.isPending) return <Loading label="Loading catalogs…" />;
  if (status.isError) return <ErrorNotice title="Could not load catalogs" error={status.error} onRetry={() => void status.refetch()} />;
  if (!catalog) {
    return (
      <EmptyState title="No catalogs on this server" testId="explorer-no-catalogs">
        The server creates a “local” catalog on first start; if it is missing, check the server log.
      </EmptyState>
    );
  }
  const select = (s: TreeSelection) => navigate({ page: 'explorer', catalog, ...s });

  return (
    <div className="explorer" data-testid="explorer-page">
      <aside className="explorer__sidebar">
        <label className="field field--inline">
          <span>Catalog</span>
          <select
            value={catalog}
            onChange={(e) => navigate({ page: 'explorer', catalog: e.target.value })}
            data-testid="catalog-select"
          >
            {catalogs.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
            {catalogs.some((c) => c.name === catalog) ? null : <option value={catalog}>{catalog}</option>}
          </select>
        </label>
        <div className="explorer__tree">
          {prefix.isPending ? (
            <Loading label="Connecting to catalog…" />
          ) : prefix.isError ? (
            <ErrorNotice title={`Could not open catalog “${catalog}”`} error={prefix.error} onRetry={() => void prefix.refetch()} />
          ) : (
            <NamespaceTree
              key={catalog}
              catalog={catalog}
              prefix={prefix.data}
              selection={{ namespace: route.namespace, table: route.table }}
              onSelect={select}
            />
          )}
        </div>
      </aside>
      <section className="explorer__main">
        {prefix.isSuccess && route.namespace && route.table ? (
          <TableDetail key={`${catalog}/${route.namespace.join('\u001f')}/${route.table}`} catalog={catalog} prefix={prefix.data} namespace={route.namespace} table={route.table} />
        ) : prefix.isSuccess && route.namespace ? (
          <NamespacePanel
            catalog={catalog}
            prefix={prefix.data}
            namespace={route.namespace}
            onOpenTable={(table) => select({ namespace: route.namespace, table })}
          />
        ) : (
          <EmptyState title="Pick a namespace or a table" testId="explorer-placeholder">
            Expand a namespace on the left to see its child namespaces and tables; select a table to inspect its schema, partitioning and
            snapshots.
          </EmptyState>
        )}
      </section>
    </div>
  );
}
