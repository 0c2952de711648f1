// Warehouses: the list (name, location, storage type, vending, created), the create and
// edit forms, and delete with confirmation.
import { useState } from 'react';
import { useWarehouse, useWarehouses } from '../../api/hooks.js';
import { CheckSteps, checkSummary } from '../../components/CheckSteps.js';
import { DoneNotice } from '../../components/DoneNotice.js';
import { ListPage, queryList } from '../../components/ListPage.js';
import { ErrorNotice, Loading } from '../../components/Notice.js';
import { DeleteButton, EditLink } from '../../components/RowActions.js';
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
  const warehouses = queryList(useWarehouses());
  const [deleting, setDeleting] = useState<string | undefined>();
  return (
    <ListPage
      title="Warehouses"
      testId="warehouses-page"
      create={{ label: 'Create warehouse', testId: 'warehouse-create', href: formatRoute({ page: 'warehouses', create: true }) }}
      intro={
        notice ? (
          <DoneNotice onDismiss={onDismiss} testId="warehouse-notice">
            {'deleted' in notice ? (
              <>Warehouse “{notice.deleted}” deleted.</>
            ) : (
              <>
                Warehouse “{notice.name}” {notice.created ? 'created' : 'saved'}.
                {notice.check ? <> Connection check: {checkSummary(notice.check.steps)}.</> : null}
              </>
            )}
            {'name' in notice && notice.check ? <CheckSteps steps={notice.check.steps} testId="saved-check-steps" /> : null}
          </DoneNotice>
        ) : null
      }
      list={warehouses}
      loadingLabel="Loading warehouses…"
      errorTitle="Could not load warehouses"
      empty={{
        title: 'No warehouses yet',
        testId: 'warehouses-empty',
        children: (
          <p>
            A warehouse is where tables keep their data and metadata files: a location (a local folder, an S3 or MinIO bucket, an Azure
            container or a GCS bucket) plus the settings the catalog server needs to read and write there. Catalogs live in a warehouse;
            clients connect to a catalog.
          </p>
        ),
      }}
      columns={['Name', 'Location', 'Storage', 'Vending', 'Created']}
      tableTestId="warehouses-table"
      row={(w) => (
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
            <EditLink name={w.name} href={formatRoute({ page: 'warehouses', name: w.name })} />
            <DeleteButton name={w.name} onClick={() => setDeleting(w.name)} testId={`warehouse-delete-${w.name}`} />
          </td>
        </tr>
      )}
    >
      {deleting ? <DeleteWarehouse name={deleting} onDeleted={() => setDeleting(undefined)} onCancel={() => setDeleting(undefined)} /> : null}
    </ListPage>
  );
}
