// Connect a client: pick a catalog and how the client signs in, copy the snippet for
// PyIceberg, Spark, Trino or DuckDB. The snippets know the catalog's storage (vended
// credentials or not, the client-facing endpoint) from its warehouse; secrets are always
// placeholders (a client id may be typed in, it is not secret).
import { useState } from 'react';
import { useAdminCatalogs, useWarehouse } from '../../api/hooks.js';
import { useSession } from '../../api/api-context.js';
import { CodeSnippet } from '../../components/CodeSnippet.js';
import { EmptyState, ErrorNotice, Loading } from '../../components/Notice.js';
import { formatRoute, type Route } from '../../lib/routes.js';
import { connectSnippets, snippetStorage, type CredentialKind, type SnippetId } from '../../lib/snippets.js';

type ConnectRoute = Extract<Route, { page: 'connect' }>;

export function ConnectPage({ route, navigate }: { route: ConnectRoute; navigate(route: Route): void }) {
  const { host } = useSession();
  const catalogs = useAdminCatalogs();
  const [credential, setCredential] = useState<CredentialKind>('client-credentials');
  const [clientId, setClientId] = useState('');
  const [tab, setTab] = useState<SnippetId>('pyiceberg');
  const name = route.catalog ?? catalogs.data?.[0]?.name;
  const chosen = catalogs.data?.find((c) => c.name === name);
  const warehouse = useWarehouse(chosen?.warehouse);
  const storage = warehouse.data ? snippetStorage(warehouse.data) : undefined;

  if (catalogs.isPending) return <Loading label="Loading catalogs…" />;
  if (catalogs.isError) return <ErrorNotice title="Could not load catalogs" error={catalogs.error} onRetry={() => void catalogs.refetch()} />;
  if (!catalogs.data.length || !name) {
    return (
      <div className="page" data-testid="connect-page">
        <header className="page__header">
          <h1>Connect a client</h1>
        </header>
        <EmptyState title="No catalogs yet" testId="connect-empty">
          <a href={formatRoute({ page: 'catalogs', create: true })}>Create a catalog</a>: clients connect to a catalog by name.
        </EmptyState>
      </div>
    );
  }
  const snippets = connectSnippets(host.serverUrl, name, { credential, clientId, ...(storage ? { storage } : {}) });
  const current = snippets.find((s) => s.id === tab) ?? snippets[0];

  return (
    <div className="page connect-page" data-testid="connect-page">
      <header className="page__header">
        <h1>Connect a client</h1>
        <span className="muted">REST endpoint <code>{host.serverUrl}</code></span>
      </header>
      <section className="card form__section">
        <div className="connect-page__choices">
          <label className="field">
            <span>Catalog</span>
            <select value={name} onChange={(e) => navigate({ page: 'connect', catalog: e.target.value })} data-testid="connect-catalog">
              {catalogs.data.map((c) => (
                <option key={c.name} value={c.name}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="field connect-page__credential">
            <legend>Sign in with</legend>
            <label>
              <input type="radio" name="connect-credential" checked={credential === 'client-credentials'} onChange={() => setCredential('client-credentials')} data-testid="connect-credential-client" /> Client credentials
              (client id + secret)
            </label>
            <label>
              <input type="radio" name="connect-credential" checked={credential === 'token'} onChange={() => setCredential('token')} data-testid="connect-credential-token" /> A bearer token
            </label>
          </fieldset>
          {credential === 'client-credentials' ? (
            <label className="field">
              <span>Client id <span className="muted small">optional</span></span>
              <input value={clientId} onChange={(e) => setClientId(e.target.value)} placeholder="<client_id>" spellCheck={false} data-testid="connect-client-id" />
              <span className="hint">Filled into the snippets. The secret stays a placeholder: paste it yourself (the first client’s is in credentials.json in the server’s data folder).</span>
            </label>
          ) : (
            <p className="hint">Replace <code>&lt;token&gt;</code> with a token from <code>POST /api/v1/users/login</code> or <code>/v1/oauth/tokens</code>; tokens expire, client credentials renew themselves.</p>
          )}
        </div>
        <p className="hint" data-testid="connect-storage">
          {!storage
            ? warehouse.isError
              ? 'Warehouse details are not visible to you: the snippets assume the catalog vends credentials.'
              : 'Reading the warehouse…'
            : storage.scheme === 'file'
              ? `Warehouse “${chosen?.warehouse}” is a local folder: clients must run on this machine.`
              : storage.vended
                ? `Warehouse “${chosen?.warehouse}” vends credentials: clients need no storage keys${storage.endpoint ? ` and reach the storage at ${storage.endpoint}` : ''}.`
                : `Warehouse “${chosen?.warehouse}” vends no credentials: clients need their own storage keys (placeholders below)${storage.endpoint ? ` for ${storage.endpoint}` : ''}.`}{' '}
          <a href={formatRoute({ page: 'troubleshoot', catalog: name })} data-testid="connect-troubleshoot">
            Check the connection
          </a>
        </p>
      </section>
      <section className="card">
        <div className="tabs" role="tablist" aria-label="Client">
          {snippets.map((s) => (
            <button
              key={s.id}
              type="button"
              role="tab"
              id={`connect-tab-${s.id}`}
              aria-selected={s.id === current.id}
              aria-controls="connect-panel"
              className={`tabs__tab${s.id === current.id ? ' tabs__tab--active' : ''}`}
              onClick={() => setTab(s.id)}
              data-testid={`connect-tab-${s.id}`}
            >
              {s.label}
            </button>
          ))}
        </div>
        <div role="tabpanel" id="connect-panel" aria-labelledby={`connect-tab-${current.id}`}>
          <p className="hint">{current.where}</p>
          <CodeSnippet code={current.code} label={`${current.label} snippet for ${name}`} testId={`connect-code-${current.id}`} />
        </div>
      </section>
    </div>
  );
}
