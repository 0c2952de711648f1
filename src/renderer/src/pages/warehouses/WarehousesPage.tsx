// Warehouses: the list (name, location, storage type, vending, created), the create and
// edit forms, and delete with confirmation.
import { useState } from 'react';
import { useWarehouse, useWarehouses } from '../../api/hooks.js';
import { CheckSteps, checkSummary } from '../../components/CheckSteps.js';
import { EmptyState, ErrorNotice, Loading } from '../../components/Notice.js';
import { formatRoute, type Route } from '../../lib/routes.js';
import { storageLabel } from '../../lib/storage-presets.js';
import { describeStrategy } from '../../lib/vending.js';
import { formatCreated } from '../../lib/dates.js';
import { DeleteWarehouse } from './DeleteWarehouse.js';
import { WarehouseForm, type SavedNotice } from './WarehouseForm.js';

type WarehousesRoute = Extract<Route, { page: 'warehouses' }>;

export function WarehousesPage({ route, navigate }: { route: WarehousesRoute; navigate(route: Route): void }) {
  const [notice, setNotice] = useState<SavedNotice | { deleted: string } | undefined>();
  const done = (n: SavedNotice) => {
    setNotice(n);
    navigate({ page: 'warehouses' });
  };
  if (route.create) return <WarehouseForm key="new" onDone={done} />;
  if (route.name) return <EditWarehouse key={route.name} name={route.name} onDone={done} onDeleted={() => { setNotice({ deleted: route.name! }); navigate({ page: 'warehouses' }); }} />;
  return <WarehouseList notice={notice} onDismiss={() => setNotice(undefined)} />;
}

function EditWarehouse({ name, onDone, onDeleted }: { name: string; onDone(n: SavedNotice): void; onDeleted(): void }) {
  const warehouse = useWarehouse(name);
  const [deleting, setDeleting] = useState(false);
  if (warehouse.isPending) return <Loading label={`Loading warehouse “${name}”…`} />;
  if (warehouse.isError) return <div className="page"><ErrorNotice title={`Could not load warehouse “${name}”`} error={warehouse.error} onRetry={() => void warehouse.refetch()} /></div>;
  return (
    <>
      <WarehouseForm existing={warehouse.data} onDone={onDone} onDelete={() => setDeleting(true)} />
      {deleting ? <DeleteWarehouse name={name} onDeleted={onDeleted} onCancel={() => setDeleting(false)} /> : null}
    </>
  );
}

function WarehouseList({ notice, onDismiss }: { notice?: SavedNotice | { deleted: string }; onDismiss(): void }) {
  const warehouses = useWarehouses();
  const [deleting, setDeleting] = useState<string | undefined>();
  const create = (
    <a href={formatRoute({ page: 'warehouses', create: true })} className="btn btn--primary" data-testid="warehouse-create">
      Create warehouse
    </a>
  );
  return (
    <div className="page" data-testid="warehouses-page">
      <header className="page__header">
        <h1>Warehouses</h1>
        {warehouses.data?.length ? <div className="page__header-end">{create}</div> : null}
      </header>
      {notice ? (
        <div className="notice notice--ok" role="status" data-testid="warehouse-notice">
          <div>
            {'deleted' in notice ? (
              <>Warehouse “{notice.deleted}” deleted.</>
            ) : (
              <>
                Warehouse “{notice.name}” {notice.created ? 'created' : 'saved'}.
                {notice.check ? <> Connection check: {checkSummary(notice.check.steps)}.</> : null}
              </>
            )}
            {'name' in notice && notice.check ? <CheckSteps steps={notice.check.steps} testId="saved-check-steps" /> : null}
          </div>
          <button type="button" className="btn btn--small" onClick={onDismiss} aria-label="Dismiss">
            ×
          </button>
        </div>
      ) : null}
      {warehouses.isPending ? (
        <Loading label="Loading warehouses…" />
      ) : warehouses.isError ? (
        <ErrorNotice title="Could not load warehouses" error={warehouses.error} onRetry={() => void warehouses.refetch()} />
      ) : warehouses.data.length === 0 ? (
        <EmptyState title="No warehouses yet" testId="warehouses-empty">
          <p>
            A warehouse is where tables keep their data and metadata files: a location (a local folder, an S3 or MinIO bucket, an Azure
            container or a GCS bucket) plus the settings the catalog server needs to read and write there. Catalogs live in a warehouse;
            clients connect to a catalog.
          </p>
          {create}
        </EmptyState>
      ) : (
        <div className="card card--flush">
          <table className="grid" data-testid="warehouses-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Location</th>
                <th scope="col">Storage</th>
                <th scope="col">Vending</th>
                <th scope="col">Created</th>
                <th scope="col"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {warehouses.data.map((w) => (
                <tr key={w.id} data-testid={`warehouse-row-${w.name}`}>
                  <td>
                    <a href={formatRoute({ page: 'warehouses', name: w.name })} data-testid={`warehouse-link-${w.name}`}>
                      {w.name}
                    </a>
                  </td>
                  <td>
                    <code className="wrap">{w.location}</code>
                  </td>
                  <td data-testid={`warehouse-storage-${w.name}`}>{storageLabel(w.location)}</td>
                  <td data-testid={`warehouse-vending-${w.name}`}>{describeStrategy(w.vending_strategy)}</td>
                  <td>{formatCreated(w.created_at)}</td>
                  <td className="row-actions">
                    <a href={formatRoute({ page: 'warehouses', name: w.name })} className="btn btn--small" aria-label={`Edit ${w.name}`}>
                      Edit
                    </a>
                    <button type="button" className="btn btn--small btn--danger" onClick={() => setDeleting(w.name)} aria-label={`Delete ${w.name}`} data-testid={`warehouse-delete-${w.name}`}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {deleting ? <DeleteWarehouse name={deleting} onDeleted={() => setDeleting(undefined)} onCancel={() => setDeleting(undefined)} /> : null}
    </div>
  );
}
