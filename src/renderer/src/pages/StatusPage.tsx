// Server status: what is running, where its data lives, and how a client connects.
import { useServerStatus } from '../api/hooks.js';
import { useSession } from '../api/api-context.js';
import { EmptyState, ErrorNotice, Loading } from '../components/Notice.js';
import { formatRoute } from '../lib/routes.js';

export function StatusPage() {
  const status = useServerStatus();
  const { host } = useSession();
  if (status.isPending) return <Loading label="Loading server status…" />;
  if (status.isError) return <ErrorNotice title="Could not load the server status" error={status.error} onRetry={() => void status.refetch()} />;
  const s = status.data;
  const restUrl = host.serverUrl;
  return (
    <div className="page" data-testid="status-page">
      <header className="page__header">
        <h1>Server</h1>
        <span className="badge badge--ok" data-testid="status-running">
          Running
        </span>
      </header>
      <section className="card">
        <h2>Catalog server</h2>
        <dl className="facts">
          <dt>Version</dt>
          <dd data-testid="status-version">{s.version}</dd>
          <dt>REST endpoint</dt>
          <dd>
            <code data-testid="status-rest-url">{restUrl}</code>
          </dd>
          <dt>Listening on</dt>
          <dd>
            <code>
              {s.bindAddress}:{s.port ?? '—'}
            </code>
          </dd>
          <dt>Metadata store</dt>
          <dd data-testid="status-store">{s.storeType}</dd>
          <dt>Data folder</dt>
          <dd>
            <code data-testid="status-data-dir">{s.dataDir}</code>
          </dd>
          <dt>Started</dt>
          <dd>{new Date(s.startedAt).toLocaleString()}</dd>
        </dl>
      </section>
      <section className="card">
        <h2>Catalogs</h2>
        {s.catalogs.length === 0 ? (
          <EmptyState title="No catalogs yet">
            <a href={formatRoute({ page: 'catalogs', create: true })}>Create a catalog</a> in a warehouse; clients connect to it by name.
          </EmptyState>
        ) : (
          <table className="grid" data-testid="status-catalogs">
            <thead>
              <tr>
                <th>Name</th>
                <th>Warehouse</th>
                <th>Location</th>
              </tr>
            </thead>
            <tbody>
              {s.catalogs.map((c) => (
                <tr key={c.name}>
                  <td>
                    <a href={formatRoute({ page: 'explorer', catalog: c.name })} data-testid={`status-catalog-${c.name}`}>
                      {c.name}
                    </a>
                  </td>
                  <td>{c.warehouse ?? '—'}</td>
                  <td>
                    <code>{c.location ?? '—'}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card">
        <h2>Connect PyIceberg</h2>
        <pre className="snippet" data-testid="status-snippet">{`from pyiceberg.catalog import load_catalog

catalog = load_catalog(
    "${s.catalogs[0]?.name ?? 'local'}",
    type="rest",
    uri="${restUrl}",
    warehouse="${s.catalogs[0]?.name ?? 'local'}",
    credential="<client_id>:<client_secret>",
)`}</pre>
      </section>
    </div>
  );
}
