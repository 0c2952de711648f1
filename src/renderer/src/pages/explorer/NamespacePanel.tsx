// A selected namespace: its properties and the tables directly in it.
import { useNamespace, useTables } from '../../api/hooks.js';
import { EmptyState, ErrorNotice, Loading } from '../../components/Notice.js';
import { namespaceLabel } from '../../lib/namespace.js';

export function NamespacePanel(props: { catalog: string; prefix: string | null; namespace: string[]; onOpenTable(name: string): void }) {
  const { catalog, prefix, namespace } = props;
  const details = useNamespace(catalog, prefix, namespace);
  const tables = useTables(catalog, prefix, namespace);
  const label = namespaceLabel(namespace);
  const properties = Object.entries(details.data?.properties ?? {});

  return (
    <div className="detail" data-testid="namespace-panel">
      <header className="page__header">
        <h1>
          <span className="muted">Namespace</span> {label}
        </h1>
      </header>
      <section className="card">
        <h2>Tables</h2>
        {tables.isPending ? (
          <Loading />
        ) : tables.isError ? (
          <ErrorNotice error={tables.error} onRetry={() => void tables.refetch()} />
        ) : tables.data.length === 0 ? (
          <EmptyState title="No tables in this namespace">
            Create one from a client, e.g. PyIceberg <code>catalog.create_table("{label}.events", schema)</code>.
          </EmptyState>
        ) : (
          <ul className="link-list">
            {tables.data.map((t) => (
              <li key={t.name}>
                <button type="button" className="link" onClick={() => props.onOpenTable(t.name)} data-testid={`ns-table-${t.name}`}>
                  {t.name}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card">
        <h2>Properties</h2>
        {details.isPending ? (
          <Loading />
        ) : details.isError ? (
          <ErrorNotice error={details.error} onRetry={() => void details.refetch()} />
        ) : properties.length === 0 ? (
          <p className="muted">No properties.</p>
        ) : (
          <PropertiesTable entries={properties} testId="namespace-properties" />
        )}
      </section>
    </div>
  );
}

export function PropertiesTable({ entries, testId }: { entries: [string, string][]; testId: string }) {
  return (
    <table className="grid" data-testid={testId}>
      <thead>
        <tr>
          <th>Key</th>
          <th>Value</th>
        </tr>
      </thead>
      <tbody>
        {entries
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => (
            <tr key={k}>
              <td>
                <code>{k}</code>
              </td>
              <td className="wrap">{v}</td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}
