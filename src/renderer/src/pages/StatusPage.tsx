// The Server page: what is running and where its data lives, the catalogs and how a client
// connects, the recent requests and errors the server answered (never headers, queries or
// bodies), and the metrics reports clients sent.
import { useState } from 'react';
import { useServerStatus } from '../api/hooks.js';
import { useMetricsReports, useRecentRequests } from '../api/troubleshoot-hooks.js';
import { useSession } from '../api/api-context.js';
import { ApiError } from '../api/client.js';
import { CodeSnippet } from '../components/CodeSnippet.js';
import { JsonView } from '../components/JsonView.js';
import { EmptyState, ErrorNotice, Loading } from '../components/Notice.js';
import { formatRoute } from '../lib/routes.js';
import { pyicebergSnippet } from '../lib/snippets.js';
import type { RecentRequest } from '../../../shared/api/troubleshoot.js';

export function StatusPage() {
  const status = useServerStatus();
  const { host } = useSession();
  if (status.isPending) return <Loading label="Loading server status…" />;
  if (status.isError) return <ErrorNotice title="Could not load the server status" error={status.error} onRetry={() => void status.refetch()} />;
  const s = status.data;
  const restUrl = host.serverUrl;
  const first = s.catalogs[0]?.name ?? 'local';
  return (
    <div className="page" data-testid="status-page">
      <header className="page__header">
        <h1>Server</h1>
        <span className="badge badge--ok" data-testid="status-running">
          Running
        </span>
        <div className="page__header-end">
          <a href={formatRoute({ page: 'troubleshoot' })} className="btn" data-testid="status-troubleshoot">
            Troubleshoot…
          </a>
        </div>
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
                <th>
                  <span className="sr-only">Actions</span>
                </th>
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
                  <td className="row-actions">
                    <a href={formatRoute({ page: 'connect', catalog: c.name })} className="btn btn--small">
                      Connect
                    </a>
                    <a href={formatRoute({ page: 'troubleshoot', catalog: c.name })} className="btn btn--small">
                      Check
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card">
        <h2>
          Connect PyIceberg{' '}
          <a href={formatRoute({ page: 'connect', catalog: first })} className="small" data-testid="status-connect-link">
            Spark, Trino, DuckDB…
          </a>
        </h2>
        <CodeSnippet code={pyicebergSnippet(restUrl, first)} label="PyIceberg snippet" testId="status-snippet" />
      </section>
      <RecentActivity />
      <MetricsReports catalogs={s.catalogs.map((c) => c.name)} />
    </div>
  );
}

const time = (iso: string) => new Date(iso).toLocaleTimeString();

function RecentActivity() {
  const recent = useRecentRequests();
  if (recent.isPending) return <Loading label="Loading recent requests…" />;
  if (recent.isError) {
    const forbidden = recent.error instanceof ApiError && recent.error.status === 403;
    return (
      <section className="card" data-testid="status-requests-unavailable">
        <h2>Recent requests</h2>
        {forbidden ? <p className="hint">Only tenant administrators see the recent requests and errors.</p> : <ErrorNotice title="Could not load the recent requests" error={recent.error} />}
      </section>
    );
  }
  const { requests, errors, capacity } = recent.data;
  return (
    <>
      <section className="card">
        <h2>
          Recent errors <span className="muted small">the last {capacity.errors} answers with status 4xx or 5xx, newest first</span>
        </h2>
        {errors.length === 0 ? (
          <p className="hint" data-testid="status-errors-empty">
            No errors since the server started.
          </p>
        ) : (
          <table className="grid grid--compact" data-testid="status-errors">
            <thead>
              <tr>
                <th>Time</th>
                <th>Request</th>
                <th>Status</th>
                <th>Error</th>
                <th>Request id</th>
              </tr>
            </thead>
            <tbody>
              {errors.map((e) => (
                <tr key={e.request_id} data-testid="status-error-row">
                  <td>{time(e.time)}</td>
                  <td>
                    <code>
                      {e.method} {e.path}
                    </code>
                  </td>
                  <td>
                    <span className={`badge badge--${e.status >= 500 ? 'fail' : 'warn'}`}>{e.status}</span>
                  </td>
                  <td className="wrap">
                    {e.error_type ? <strong>{e.error_type}: </strong> : null}
                    {e.error ?? ''}
                  </td>
                  <td>
                    <code className="small">{e.request_id}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card">
        <h2>
          Recent requests <span className="muted small">the last {capacity.requests}, newest first; method, path (no query), status and time only</span>
        </h2>
        {requests.length === 0 ? (
          <p className="hint">No requests yet.</p>
        ) : (
          <RequestsTable requests={requests} />
        )}
      </section>
    </>
  );
}

function RequestsTable({ requests }: { requests: RecentRequest[] }) {
  const [all, setAll] = useState(false);
  const shown = all ? requests : requests.slice(0, 25);
  return (
    <>
      <table className="grid grid--compact" data-testid="status-requests">
        <thead>
          <tr>
            <th>Time</th>
            <th>Method</th>
            <th>Path</th>
            <th>Status</th>
            <th>ms</th>
            <th>Request id</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.request_id} data-testid="status-request-row">
              <td>{time(r.time)}</td>
              <td>{r.method}</td>
              <td>
                <code>{r.path}</code>
              </td>
              <td>
                <span className={`badge badge--${r.status >= 500 ? 'fail' : r.status >= 400 ? 'warn' : 'pass'}`}>{r.status}</span>
              </td>
              <td>{r.ms}</td>
              <td>
                <code className="small">{r.request_id}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {requests.length > shown.length ? (
        <button type="button" className="btn btn--small" onClick={() => setAll(true)} data-testid="status-requests-more">
          Show all {requests.length}
        </button>
      ) : null}
    </>
  );
}

function MetricsReports({ catalogs }: { catalogs: string[] }) {
  const [catalog, setCatalog] = useState(catalogs[0]);
  const [open, setOpen] = useState<string | undefined>();
  const reports = useMetricsReports(catalog);
  return (
    <section className="card" data-testid="status-metrics">
      <h2>
        Metrics reports <span className="muted small">scan and commit reports clients sent (POST …/metrics), newest first</span>
      </h2>
      {catalogs.length === 0 ? (
        <p className="hint">No catalogs yet.</p>
      ) : (
        <>
          <label className="field field--inline">
            <span>Catalog</span>
            <select value={catalog} onChange={(e) => setCatalog(e.target.value)} data-testid="status-metrics-catalog">
              {catalogs.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
          {reports.isPending ? (
            <Loading label="Loading metrics reports…" />
          ) : reports.isError ? (
            <ErrorNotice title="Could not load metrics reports" error={reports.error} onRetry={() => void reports.refetch()} />
          ) : reports.data.length === 0 ? (
            <p className="hint" data-testid="status-metrics-empty">
              No reports for “{catalog}” yet. PyIceberg and Iceberg Java send one after scans and commits.
            </p>
          ) : (
            <table className="grid grid--compact" data-testid="status-metrics-table">
              <thead>
                <tr>
                  <th>Received</th>
                  <th>Table</th>
                  <th>Type</th>
                  <th>
                    <span className="sr-only">Report</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {reports.data.map((r) => (
                  <MetricsRow key={r.id} report={r} open={open === r.id} onToggle={() => setOpen(open === r.id ? undefined : r.id)} />
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

function MetricsRow({ report: r, open, onToggle }: { report: { id: string; namespace: string[]; table: string; reportType: string; receivedAt: string; report: unknown }; open: boolean; onToggle(): void }) {
  return (
    <>
      <tr data-testid="status-metrics-row">
        <td>{new Date(r.receivedAt).toLocaleString()}</td>
        <td>
          <code>{[...r.namespace, r.table].join('.')}</code>
        </td>
        <td>{r.reportType}</td>
        <td className="row-actions">
          <button type="button" className="btn btn--small" aria-expanded={open} onClick={onToggle}>
            {open ? 'Hide' : 'Show'}
          </button>
        </td>
      </tr>
      {open ? (
        <tr>
          <td colSpan={4}>
            <JsonView value={r.report} testId={`status-metrics-report-${r.id}`} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
