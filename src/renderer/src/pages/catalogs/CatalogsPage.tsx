// Catalogs: the list with a ready-to-copy PyIceberg "Connect" snippet per catalog, create
// (pick a warehouse), edit (warehouse, properties) and delete with confirmation.
import { useMemo, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { entityName, type CatalogResponse } from '../../../../shared/api/admin.js';
import { useAdminCatalog, useAdminCatalogs, useInvalidateAdmin, useWarehouses } from '../../api/hooks.js';
import { useSession } from '../../api/api-context.js';
import { ApiError } from '../../api/client.js';
import { CodeSnippet } from '../../components/CodeSnippet.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { KeyValueEditor } from '../../components/KeyValueEditor.js';
import { EmptyState, ErrorNotice, Loading } from '../../components/Notice.js';
import { configToRows, rowsToConfig, validateRows, type ConfigRow } from '../../lib/config-rows.js';
import { formatCreated } from '../../lib/dates.js';
import { formatRoute, type Route } from '../../lib/routes.js';
import { pyicebergSnippet } from '../../lib/snippets.js';

type CatalogsRoute = Extract<Route, { page: 'catalogs' }>;
type Notice = { name: string; action: 'created' | 'saved' | 'deleted' };

export function CatalogsPage({ route, navigate }: { route: CatalogsRoute; navigate(route: Route): void }) {
  const [notice, setNotice] = useState<Notice | undefined>();
  const back = (n: Notice) => {
    setNotice(n);
    navigate({ page: 'catalogs' });
  };
  if (route.create) return <CatalogForm key="new" onDone={back} />;
  if (route.name) return <EditCatalog key={route.name} name={route.name} onDone={back} />;
  return <CatalogList notice={notice} onDismiss={() => setNotice(undefined)} />;
}

function ConnectSnippet({ name }: { name: string }) {
  const { host } = useSession();
  return (
    <div className="connect" data-testid={`connect-${name}`}>
      <p className="hint">
        PyIceberg: the catalog name is the <code>warehouse</code> property. Replace the credential with a client id and secret (the first one
        is in <code>credentials.json</code> in the server’s data folder).
      </p>
      <CodeSnippet code={pyicebergSnippet(host.serverUrl, name)} label={`PyIceberg snippet for ${name}`} testId={`connect-snippet-${name}`} />
      <p className="hint">
        <a href={formatRoute({ page: 'connect', catalog: name })} data-testid={`connect-more-${name}`}>
          Spark, Trino, DuckDB, or a token instead…
        </a>{' '}
        · <a href={formatRoute({ page: 'troubleshoot', catalog: name })}>Check the connection</a>
      </p>
    </div>
  );
}

function CatalogList({ notice, onDismiss }: { notice?: Notice; onDismiss(): void }) {
  const catalogs = useAdminCatalogs();
  const [open, setOpen] = useState<string | undefined>();
  const [deleting, setDeleting] = useState<string | undefined>();
  const create = (
    <a href={formatRoute({ page: 'catalogs', create: true })} className="btn btn--primary" data-testid="catalog-create">
      Create catalog
    </a>
  );
  return (
    <div className="page" data-testid="catalogs-page">
      <header className="page__header">
        <h1>Catalogs</h1>
        {catalogs.data?.length ? <div className="page__header-end">{create}</div> : null}
      </header>
      {notice ? (
        <div className="notice notice--ok" role="status" data-testid="catalog-notice">
          <div>
            Catalog “{notice.name}” {notice.action}.
          </div>
          <button type="button" className="btn btn--small" onClick={onDismiss} aria-label="Dismiss">
            ×
          </button>
        </div>
      ) : null}
      {catalogs.isPending ? (
        <Loading label="Loading catalogs…" />
      ) : catalogs.isError ? (
        <ErrorNotice title="Could not load catalogs" error={catalogs.error} onRetry={() => void catalogs.refetch()} />
      ) : catalogs.data.length === 0 ? (
        <EmptyState title="No catalogs yet" testId="catalogs-empty">
          <p>
            A catalog is what clients connect to (PyIceberg’s <code>warehouse=</code>): it holds namespaces, tables and views, and writes their
            files into one warehouse.
          </p>
          {create}
        </EmptyState>
      ) : (
        <div className="card card--flush">
          <table className="grid" data-testid="catalogs-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Warehouse</th>
                <th scope="col">Properties</th>
                <th scope="col">Created</th>
                <th scope="col"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {catalogs.data.map((c) => (
                <CatalogRow key={c.id} catalog={c} open={open === c.name} onToggle={() => setOpen(open === c.name ? undefined : c.name)} onDelete={() => setDeleting(c.name)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {deleting ? <DeleteCatalog name={deleting} onDone={() => setDeleting(undefined)} /> : null}
    </div>
  );
}

function CatalogRow({ catalog: c, open, onToggle, onDelete }: { catalog: CatalogResponse; open: boolean; onToggle(): void; onDelete(): void }) {
  const props = Object.keys(c.properties).length;
  return (
    <>
      <tr data-testid={`catalog-row-${c.name}`}>
        <td>
          <a href={formatRoute({ page: 'catalogs', name: c.name })} data-testid={`catalog-link-${c.name}`}>
            {c.name}
          </a>
        </td>
        <td>
          <a href={formatRoute({ page: 'warehouses', name: c.warehouse })} data-testid={`catalog-warehouse-${c.name}`}>
            {c.warehouse}
          </a>
        </td>
        <td>{props ? `${props} set` : <span className="muted">none</span>}</td>
        <td>{formatCreated(c.created_at)}</td>
        <td className="row-actions">
          <button type="button" className="btn btn--small" aria-expanded={open} aria-controls={`connect-row-${c.name}`} onClick={onToggle} data-testid={`catalog-connect-${c.name}`}>
            Connect
          </button>
          <a href={formatRoute({ page: 'explorer', catalog: c.name })} className="btn btn--small" aria-label={`Browse ${c.name}`}>
            Browse
          </a>
          <a href={formatRoute({ page: 'catalogs', name: c.name })} className="btn btn--small" aria-label={`Edit ${c.name}`}>
            Edit
          </a>
          <button type="button" className="btn btn--small btn--danger" onClick={onDelete} aria-label={`Delete ${c.name}`} data-testid={`catalog-delete-${c.name}`}>
            Delete
          </button>
        </td>
      </tr>
      {open ? (
        <tr id={`connect-row-${c.name}`}>
          <td colSpan={5}>
            <ConnectSnippet name={c.name} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function DeleteCatalog({ name, onDone, onDeleted }: { name: string; onDone(): void; onDeleted?(): void }) {
  const { client } = useSession();
  const invalidate = useInvalidateAdmin();
  const del = useMutation({
    mutationFn: () => client.deleteCatalog(name),
    onSuccess: async () => {
      await invalidate(name);
      (onDeleted ?? onDone)();
    },
  });
  const notEmpty = del.error instanceof ApiError && del.error.status === 409;
  return (
    <ConfirmDialog
      title={`Delete catalog “${name}”?`}
      confirmLabel="Delete catalog"
      busy={del.isPending}
      onConfirm={() => del.mutate()}
      onCancel={onDone}
      testId="delete-catalog"
      error={
        del.error ? (
          <>
            <ErrorNotice title={notEmpty ? 'The catalog is not empty' : 'Could not delete the catalog'} error={del.error} />
            {notEmpty ? (
              <p className="hint" data-testid="delete-catalog-not-empty">
                Only an empty catalog can be deleted: drop its namespaces (and the tables and views in them) first, e.g. with PyIceberg’s{' '}
                <code>drop_table</code> and <code>drop_namespace</code>.{' '}
                <a href={formatRoute({ page: 'explorer', catalog: name })}>Open “{name}” in the explorer</a> to see what it holds.
              </p>
            ) : null}
          </>
        ) : null
      }
    >
      <p>Clients using this catalog name will no longer find it. Its warehouse and files are not touched.</p>
    </ConfirmDialog>
  );
}

function EditCatalog({ name, onDone }: { name: string; onDone(n: Notice): void }) {
  const catalog = useAdminCatalog(name);
  if (catalog.isPending) return <Loading label={`Loading catalog “${name}”…`} />;
  if (catalog.isError) return <div className="page"><ErrorNotice title={`Could not load catalog “${name}”`} error={catalog.error} onRetry={() => void catalog.refetch()} /></div>;
  return <CatalogForm existing={catalog.data} onDone={onDone} />;
}

function CatalogForm({ existing, onDone }: { existing?: CatalogResponse; onDone(n: Notice): void }) {
  const { client } = useSession();
  const invalidate = useInvalidateAdmin();
  const warehouses = useWarehouses();
  const initialRows = useMemo(() => configToRows(existing?.properties ?? {}), [existing]);
  const [name, setName] = useState(existing?.name ?? '');
  const [warehouse, setWarehouse] = useState(existing?.warehouse ?? '');
  const [rows, setRows] = useState<ConfigRow[]>(initialRows);
  const [attempted, setAttempted] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const chosen = warehouse || warehouses.data?.[0]?.name || '';

  const parsedName = entityName.safeParse(name);
  const nameError = existing ? undefined : name === '' ? 'Enter a name' : parsedName.success ? undefined : parsedName.error.issues[0]?.message;
  const warehouseError = chosen ? undefined : 'Pick the warehouse the catalog writes into';
  const issues = validateRows(rows, undefined, { kind: 'properties' });
  const problems = (nameError ? 1 : 0) + (warehouseError ? 1 : 0) + Object.keys(issues).length;

  const save = useMutation({
    mutationFn: () => {
      const properties = rowsToConfig(rows);
      return existing ? client.updateCatalog(existing.name, { warehouse: chosen, properties }) : client.createCatalog({ name, warehouse: chosen, properties });
    },
    onSuccess: async (c) => {
      await invalidate(c.name);
      onDone({ name: c.name, action: existing ? 'saved' : 'created' });
    },
  });

  return (
    <form
      className="page form"
      aria-labelledby="catalog-form-title"
      data-testid="catalog-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setAttempted(true);
        if (problems === 0) save.mutate();
      }}
    >
      <header className="page__header">
        <a href="#/catalogs" className="btn btn--small" data-testid="catalog-back">
          ← Catalogs
        </a>
        <h1 id="catalog-form-title">{existing ? `Catalog “${existing.name}”` : 'New catalog'}</h1>
        {existing ? (
          <button type="button" className="btn btn--small btn--danger page__header-end" onClick={() => setDeleting(true)} data-testid="catalog-delete">
            Delete…
          </button>
        ) : null}
      </header>
      <section className="card form__section">
        <label className="field">
          <span>Name</span>
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            disabled={Boolean(existing)}
            placeholder="analytics"
            spellCheck={false}
            aria-invalid={nameError && (attempted || name !== '') ? true : undefined}
            aria-describedby="cat-name-help"
            data-testid="catalog-name"
          />
          {nameError && (attempted || name !== '') ? (
            <span className="field-error" role="alert" id="cat-name-help" data-testid="catalog-name-error">
              {nameError}
            </span>
          ) : (
            <span className="hint" id="cat-name-help">
              Clients connect with this name: PyIceberg’s <code>warehouse="{name || 'name'}"</code>, the REST prefix <code>/v1/{name || 'name'}/…</code>.
            </span>
          )}
        </label>
        <label className="field">
          <span>Warehouse</span>
          {warehouses.isPending ? (
            <Loading label="Loading warehouses…" />
          ) : warehouses.isError ? (
            <ErrorNotice title="Could not load warehouses" error={warehouses.error} onRetry={() => void warehouses.refetch()} />
          ) : warehouses.data.length === 0 ? (
            <span className="field-error" data-testid="catalog-no-warehouses">
              There is no warehouse yet: <a href={formatRoute({ page: 'warehouses', create: true })}>create a warehouse</a> first.
            </span>
          ) : (
            <select value={chosen} onChange={(e) => setWarehouse(e.target.value)} aria-describedby="cat-wh-help" data-testid="catalog-warehouse">
              {warehouses.data.map((w) => (
                <option key={w.name} value={w.name}>
                  {w.name} — {w.location}
                </option>
              ))}
            </select>
          )}
          <span className="hint" id="cat-wh-help">
            Tables of this catalog are written under the warehouse’s location.{existing ? ' Moving a catalog does not move tables already written.' : ''}
          </span>
        </label>
      </section>
      <section className="card form__section">
        <h2>Properties <span className="muted small">optional; handed to clients in the catalog config</span></h2>
        <KeyValueEditor label="Catalog properties" rows={rows} onChange={setRows} issues={issues} testId="catalog-properties" showAll={attempted} />
      </section>
      {existing ? (
        <section className="card form__section">
          <h2>Connect</h2>
          <ConnectSnippet name={existing.name} />
        </section>
      ) : null}
      <div className="form__footer">
        {attempted && problems > 0 ? (
          <p className="field-error" data-testid="catalog-form-problems">
            Fix the {problems === 1 ? 'highlighted field' : `${problems} highlighted fields`} first.
          </p>
        ) : null}
        <div className="actions">
          <button type="submit" className="btn btn--primary" disabled={save.isPending} data-testid="catalog-save">
            {save.isPending ? 'Saving…' : existing ? 'Save changes' : 'Create catalog'}
          </button>
          <a href="#/catalogs" className="btn btn--plain" data-testid="catalog-cancel">
            Cancel
          </a>
        </div>
        {save.error ? (
          <div data-testid="catalog-form-error">
            <ErrorNotice title={existing ? 'The server refused the change' : 'The server refused the catalog'} error={save.error} />
          </div>
        ) : null}
      </div>
      {deleting && existing ? (
        <DeleteCatalog name={existing.name} onDone={() => setDeleting(false)} onDeleted={() => onDone({ name: existing.name, action: 'deleted' })} />
      ) : null}
    </form>
  );
}
