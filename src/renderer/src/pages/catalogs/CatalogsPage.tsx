// Catalogs: the list with a ready-to-copy PyIceberg "Connect" snippet per catalog, create
// (pick a warehouse), edit (warehouse, properties) and delete with confirmation. Everyone
// signed in sees the list; only tenant admins (and root) are offered the changes.
import { useMemo, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { entityName, type CatalogResponse } from '../../../../shared/api/admin.js';
import { useAdminCatalog, useAdminCatalogs, useInvalidateAdmin, useWarehouses } from '../../api/hooks.js';
import { useMe } from '../../api/identity-hooks.js';
import { useSession } from '../../api/api-context.js';
import { CodeSnippet } from '../../components/CodeSnippet.js';
import { ConfirmAction } from '../../components/ConfirmDialog.js';
import { DoneNotice } from '../../components/DoneNotice.js';
import { Field, useCheckedSubmit } from '../../components/Field.js';
import { FixFirst, FormPage } from '../../components/FormPage.js';
import { KeyValueEditor, PropertyCount } from '../../components/KeyValueEditor.js';
import { ListPage, queryList } from '../../components/ListPage.js';
import { NoAccess } from '../../components/NoAccess.js';
import { ErrorNotice, Loading } from '../../components/Notice.js';
import { DeleteButton, EditLink } from '../../components/RowActions.js';
import { canDo, canOpen, type AccessRole } from '../../lib/access.js';
import { configToRows, rowsToConfig, validateRows, type ConfigRow } from '../../lib/config-rows.js';
import { formatCreated } from '../../lib/dates.js';
import { formatRoute, type Route } from '../../lib/routes.js';
import { pyicebergSnippet } from '../../lib/snippets.js';

type CatalogsRoute = Extract<Route, { page: 'catalogs' }>;
type Notice = { name: string; action: 'created' | 'saved' | 'deleted' };

export function CatalogsPage({ route, navigate }: { route: CatalogsRoute; navigate(route: Route): void }) {
  const me = useMe();
  const role = me.data?.role;
  const [notice, setNotice] = useState<Notice | undefined>();
  const back = (n: Notice) => {
    setNotice(n);
    navigate({ page: 'catalogs' });
  };
  if (route.create || route.name) {
    // The forms are for tenant admins (the server refuses anyone else with 403).
    if (me.isPending) return <Loading label="Checking who you are…" />;
    const action = route.create ? 'catalog.create' : 'catalog.update';
    if (role && !canDo(action, role)) return <NoAccess page="catalogs" role={role} />;
    if (route.create) return <CatalogForm key="new" onDone={back} />;
    if (route.name) return <EditCatalog key={route.name} name={route.name} canDelete={canDo('catalog.delete', role)} onDone={back} />;
  }
  return <CatalogList role={role} notice={notice} onDismiss={() => setNotice(undefined)} />;
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

function CatalogList({ role, notice, onDismiss }: { role: AccessRole | undefined; notice?: Notice; onDismiss(): void }) {
  const catalogs = queryList(useAdminCatalogs());
  const [open, setOpen] = useState<string | undefined>();
  const [deleting, setDeleting] = useState<string | undefined>();
  return (
    <ListPage
      title="Catalogs"
      testId="catalogs-page"
      create={canDo('catalog.create', role) ? { label: 'Create catalog', testId: 'catalog-create', href: formatRoute({ page: 'catalogs', create: true }) } : undefined}
      intro={
        notice ? (
          <DoneNotice onDismiss={onDismiss} testId="catalog-notice">
            Catalog “{notice.name}” {notice.action}.
          </DoneNotice>
        ) : null
      }
      list={catalogs}
      loadingLabel="Loading catalogs…"
      errorTitle="Could not load catalogs"
      empty={{
        title: 'No catalogs yet',
        testId: 'catalogs-empty',
        children: (
          <p>
            A catalog is what clients connect to (PyIceberg’s <code>warehouse=</code>): it holds namespaces, tables and views, and writes their
            files into one warehouse.{canDo('catalog.create', role) ? null : ' A tenant admin creates them.'}
          </p>
        ),
      }}
      columns={['Name', 'Warehouse', 'Properties', 'Created']}
      tableTestId="catalogs-table"
      row={(c) => (
        <CatalogRow
          key={c.id}
          catalog={c}
          open={open === c.name}
          onToggle={() => setOpen(open === c.name ? undefined : c.name)}
          onDelete={() => setDeleting(c.name)}
          role={role}
        />
      )}
    >
      {deleting ? <DeleteCatalog name={deleting} onDone={() => setDeleting(undefined)} /> : null}
    </ListPage>
  );
}

/** A catalog in the list; Edit, Delete and the warehouse link only for those who may use them. */
function CatalogRow({ catalog: c, open, onToggle, onDelete, role }: { catalog: CatalogResponse; open: boolean; onToggle(): void; onDelete(): void; role: AccessRole | undefined }) {
  const canEdit = canDo('catalog.update', role);
  const edit = formatRoute({ page: 'catalogs', name: c.name });
  const browse = formatRoute({ page: 'explorer', catalog: c.name });
  return (
    <>
      <tr data-testid={`catalog-row-${c.name}`}>
        <td>
          <a href={canEdit ? edit : browse} data-testid={`catalog-link-${c.name}`}>
            {c.name}
          </a>
        </td>
        <td>
          {canOpen('warehouses', role) ? (
            <a href={formatRoute({ page: 'warehouses', name: c.warehouse })} data-testid={`catalog-warehouse-${c.name}`}>
              {c.warehouse}
            </a>
          ) : (
            <span data-testid={`catalog-warehouse-${c.name}`}>{c.warehouse}</span>
          )}
        </td>
        <td>
          <PropertyCount properties={c.properties} />
        </td>
        <td>{formatCreated(c.created_at)}</td>
        <td className="row-actions">
          <button type="button" className="btn btn--small" aria-expanded={open} aria-controls={`connect-row-${c.name}`} onClick={onToggle} data-testid={`catalog-connect-${c.name}`}>
            Connect
          </button>
          <a href={browse} className="btn btn--small" aria-label={`Browse ${c.name}`}>
            Browse
          </a>
          {canEdit ? <EditLink name={c.name} href={edit} /> : null}
          {canDo('catalog.delete', role) ? <DeleteButton name={c.name} onClick={onDelete} testId={`catalog-delete-${c.name}`} /> : null}
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
  return (
    <ConfirmAction
      title={`Delete catalog “${name}”?`}
      confirmLabel="Delete catalog"
      action={async () => {
        await client.deleteCatalog(name);
        await invalidate(name);
      }}
      onDone={onDeleted ?? onDone}
      onCancel={onDone}
      testId="delete-catalog"
      refusal={{
        title: 'Could not delete the catalog',
        conflict: {
          title: 'The catalog is not empty',
          explain: (
            <p className="hint" data-testid="delete-catalog-not-empty">
              Only an empty catalog can be deleted: drop its namespaces (and the tables and views in them) first, e.g. with PyIceberg’s{' '}
              <code>drop_table</code> and <code>drop_namespace</code>.{' '}
              <a href={formatRoute({ page: 'explorer', catalog: name })}>Open “{name}” in the explorer</a> to see what it holds.
            </p>
          ),
        },
      }}
    >
      <p>Clients using this catalog name will no longer find it. Its warehouse and files are not touched.</p>
    </ConfirmAction>
  );
}

function EditCatalog({ name, canDelete, onDone }: { name: string; canDelete: boolean; onDone(n: Notice): void }) {
  const catalog = useAdminCatalog(name);
  if (catalog.isPending) return <Loading label={`Loading catalog “${name}”…`} />;
  if (catalog.isError) return <div className="page"><ErrorNotice title={`Could not load catalog “${name}”`} error={catalog.error} onRetry={() => void catalog.refetch()} /></div>;
  return <CatalogForm existing={catalog.data} canDelete={canDelete} onDone={onDone} />;
}

function CatalogForm({ existing, canDelete = false, onDone }: { existing?: CatalogResponse; canDelete?: boolean; onDone(n: Notice): void }) {
  const { client } = useSession();
  const invalidate = useInvalidateAdmin();
  const warehouses = useWarehouses();
  const initialRows = useMemo(() => configToRows(existing?.properties ?? {}), [existing]);
  const [name, setName] = useState(existing?.name ?? '');
  const [warehouse, setWarehouse] = useState(existing?.warehouse ?? '');
  const [rows, setRows] = useState<ConfigRow[]>(initialRows);
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

  const check = useCheckedSubmit(problems === 0, () => save.mutate());
  const nameProblem = check.shown(nameError, name);

  return (
    <FormPage
      testId="catalog-form"
      onSubmit={check.submit}
      back={{ href: '#/catalogs', label: 'Catalogs', testId: 'catalog-back' }}
      title={existing ? `Catalog “${existing.name}”` : 'New catalog'}
      onDelete={existing && canDelete ? () => setDeleting(true) : undefined}
      deleteTestId="catalog-delete"
    >
      <section className="card form__section">
        <Field
          label="Name"
          id="catalog-name"
          problem={nameProblem}
          hint={
            <>
              Clients connect with this name: PyIceberg’s <code>warehouse="{name || 'name'}"</code>, the REST prefix <code>/v1/{name || 'name'}/…</code>.
            </>
          }
        >
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            disabled={Boolean(existing)}
            placeholder="analytics"
            spellCheck={false}
            aria-invalid={nameProblem ? true : undefined}
            aria-describedby="catalog-name-help"
            data-testid="catalog-name"
          />
        </Field>
        <Field
          label="Warehouse"
          id="catalog-warehouse"
          hint={<>Tables of this catalog are written under the warehouse’s location.{existing ? ' Moving a catalog does not move tables already written.' : ''}</>}
        >
          {warehouses.isPending ? (
            <Loading label="Loading warehouses…" />
          ) : warehouses.isError ? (
            <ErrorNotice title="Could not load warehouses" error={warehouses.error} onRetry={() => void warehouses.refetch()} />
          ) : warehouses.data.length === 0 ? (
            <span className="field-error" data-testid="catalog-no-warehouses">
              There is no warehouse yet: <a href={formatRoute({ page: 'warehouses', create: true })}>create a warehouse</a> first.
            </span>
          ) : (
            <select value={chosen} onChange={(e) => setWarehouse(e.target.value)} aria-describedby="catalog-warehouse-help" data-testid="catalog-warehouse">
              {warehouses.data.map((w) => (
                <option key={w.name} value={w.name}>
                  {w.name} — {w.location}
                </option>
              ))}
            </select>
          )}
        </Field>
      </section>
      <section className="card form__section">
        <h2>Properties <span className="muted small">optional; handed to clients in the catalog config</span></h2>
        <KeyValueEditor label="Catalog properties" rows={rows} onChange={setRows} issues={issues} testId="catalog-properties" showAll={check.attempted} />
      </section>
      {existing ? (
        <section className="card form__section">
          <h2>Connect</h2>
          <ConnectSnippet name={existing.name} />
        </section>
      ) : null}
      <div className="form__footer">
        <FixFirst attempted={check.attempted} count={problems} testId="catalog-form-problems" />
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
    </FormPage>
  );
}
