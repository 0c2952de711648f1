// The Server page: what is running and where its data lives, the catalogs and how a client
// connects, the recent requests and errors the server answered (never headers, queries or
// bodies), and the metrics reports clients sent.
import { useState, type ReactNode } from 'react';
import { useServerStatus } from '../api/hooks.js';
import { useMetricsReports, useRecentRequests } from '../api/troubleshoot-hooks.js';
import { useSession } from '../api/api-context.js';
import { ApiError } from '../api/client.js';
import { CodeSnippet } from '../components/CodeSnippet.js';
import { DataTable } from '../components/DataTable.js';
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
              {s.bind_address}:{s.port ?? '—'}
            </code>
          </dd>
          <dt>Metadata store</dt>
          <dd data-testid="status-store">{s.store_type}</dd>
          <dt>Data folder</dt>
          <dd>
            {s.data_dir === null ? <span data-testid="status-data-dir">shown to the root user only</span> : <code data-testid="status-data-dir">{s.data_dir}</code>}
          </dd>
          <dt>Started</dt>
          <dd>{new Date(s.started_at).toLocaleString()}</dd>
        </dl>
      </section>
      <section className="card">
        <h2>Catalogs</h2>
        {s.catalogs.length === 0 ? (
          <EmptyState title="No catalogs yet">
            <a href={formatRoute({ page: 'catalogs', create: true })}>Create a catalog</a> in a warehouse; clients connect to it by name.
          </EmptyState>
        ) : (
          <DataTable columns={['Name', 'Warehouse', 'Location']} hiddenColumn="Actions" testId="status-catalogs">
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
          </DataTable>
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
      <ActivitySection title="Recent requests" testId="status-requests-unavailable">
        {forbidden ? <p className="hint">Only tenant administrators see the recent requests and errors.</p> : <ErrorNotice title="Could not load the recent requests" error={recent.error} />}
      </ActivitySection>
    );
  }
  const { requests, errors, capacity } = recent.data;
  return (
    <>
      <ActivitySection title="Recent errors" note={`the last ${capacity.errors} answers with status 4xx or 5xx, newest first`}>
        {errors.length === 0 ? (
          <p className="hint" data-testid="status-errors-empty">
            No errors since the server started.
          </p>
        ) : (
          <DataTable columns={['Time', 'Request', 'Status', 'Error', 'Request id']} className="grid grid--compact" testId="status-errors">
            {errors.map((e) => (
              <tr key={e.request_id} data-testid="status-error-row">
                <td>{time(e.time)}</td>
                <td>
                  <code>
                    {e.method} {e.path}
                  </code>
                </td>
                <td>
                  <HttpStatus status={e.status} />
                </td>
                <td className="wrap">
                  {e.error_type ? <strong>{e.error_type}: </strong> : null}
                  {e.error ?? ''}
                </td>
                <td>
                  <RequestId id={e.request_id} />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </ActivitySection>
      <ActivitySection title="Recent requests" note={`the last ${capacity.requests}, newest first; method, path (no query), status and time only`}>
        {requests.length === 0 ? <p className="hint">No requests yet.</p> : <RequestsTable requests={requests} />}
      </ActivitySection>
    </>
  );
}

/** A card of the server's recent activity: a title, with a muted note on what it holds. */
function ActivitySection({ title, note, testId, children }: { title: string; note?: string; testId?: string; children: ReactNode }) {
  return (
    <section className="card" data-testid={testId}>
      <h2>
        {title}
        {note ? (
          <>
            {' '}
            <span className="muted small">{note}</span>
          </>
        ) : null}
      </h2>
      {children}
    </section>
  );
}

/** An HTTP status as a badge: 5xx failed, 4xx refused, the rest passed. */
function HttpStatus({ status }: { status: number }) {
  return <span className={`badge badge--${status >= 500 ? 'fail' : status >= 400 ? 'warn' : 'pass'}`}>{status}</span>;
}

function RequestId({ id }: { id: string }) {
  return <code className="small">{id}</code>;
}

function RequestsTable({ requests }: { requests: RecentRequest[] }) {
  const [all, setAll] = useState(false);
  const shown = all ? requests : requests.slice(0, 25);
  return (
    <>
      <DataTable columns={['Time', 'Method', 'Path', 'Status', 'ms', 'Request id']} className="grid grid--compact" testId="status-requests">
        {shown.map((r) => (
          <tr key={r.request_id} data-testid="status-request-row">
            <td>{time(r.time)}</td>
            <td>{r.method}</td>
            <td>
              <code>{r.path}</code>
            </td>
            <td>
              <HttpStatus status={r.status} />
            </td>
            <td>{r.ms}</td>
            <td>
              <RequestId id={r.request_id} />
            </td>
          </tr>
        ))}
      </DataTable>
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
    <ActivitySection title="Metrics reports" note="scan and commit reports clients sent (POST …/metrics), newest first" testId="status-metrics">
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
            <DataTable columns={['Received', 'Table', 'Type']} hiddenColumn="Report" className="grid grid--compact" testId="status-metrics-table">
              {reports.data.map((r) => (
                <MetricsRow key={r.id} report={r} open={open === r.id} onToggle={() => setOpen(open === r.id ? undefined : r.id)} />
              ))}
            </DataTable>
          )}
        </>
      )}
    </ActivitySection>
  );
}

function MetricsRow({ report: r, open, onToggle }: { report: { id: string; namespace: string[]; table: string; report_type: string; received_at: string; report: unknown }; open: boolean; onToggle(): void }) {
  return (
    <>
      <tr data-testid="status-metrics-row">
        <td>{new Date(r.received_at).toLocaleString()}</td>
        <td>
          <code>{[...r.namespace, r.table].join('.')}</code>
        </td>
        <td>{r.report_type}</td>
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
