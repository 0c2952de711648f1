// Bucket browser: pick a warehouse, walk its folders (breadcrumbs), see files with sizes
// and dates, page with "Load more", preview JSON / Avro / Parquet, download.
import { useWarehouses } from '../../api/hooks.js';
import { EmptyState, ErrorNotice, Loading } from '../../components/Notice.js';
import type { Route } from '../../lib/routes.js';
import { ObjectList } from './ObjectList.js';
import { ObjectPreview } from './ObjectPreview.js';
import '../../inspect.css';

type BucketsRoute = Extract<Route, { page: 'buckets' }>;

export function BucketsPage({ route, navigate }: { route: BucketsRoute; navigate(route: Route): void }) {
  const warehouses = useWarehouses();
  if (warehouses.isPending) return <Loading label="Loading warehouses…" />;
  if (warehouses.isError) return <ErrorNotice title="Could not load warehouses" error={warehouses.error} onRetry={() => void warehouses.refetch()} />;
  const list = warehouses.data;
  if (list.length === 0) {
    return (
      <div className="page" data-testid="buckets-page">
        <EmptyState title="No warehouses to browse" testId="buckets-no-warehouses">
          A warehouse is where table files live (a local folder, an S3 / MinIO bucket, Azure or GCS).{' '}
          <a href="#/warehouses?new" data-testid="buckets-create-warehouse">
            Create a warehouse
          </a>{' '}
          first, then come back to browse its files.
        </EmptyState>
      </div>
    );
  }
  const name = route.warehouse && list.some((w) => w.name === route.warehouse) ? route.warehouse : list[0].name;
  const warehouse = list.find((w) => w.name === name)!;
  const prefix = route.prefix ?? '';
  const go = (next: Partial<BucketsRoute>) => navigate({ page: 'buckets', warehouse: name, prefix, key: route.key, ...next });

  return (
    <div className="page page--wide" data-testid="buckets-page">
      <header className="page__header">
        <h1>Buckets</h1>
        <label className="field field--inline page__header-end">
          <span>Warehouse</span>
          <select value={name} onChange={(e) => navigate({ page: 'buckets', warehouse: e.target.value })} data-testid="bucket-warehouse-select">
            {list.map((w) => (
              <option key={w.name} value={w.name}>
                {w.name}
              </option>
            ))}
          </select>
        </label>
      </header>
      {route.warehouse && route.warehouse !== name ? (
        <p className="notice notice--warn" data-testid="bucket-unknown-warehouse">
          There is no warehouse “{route.warehouse}”; showing “{name}”.
        </p>
      ) : null}
      <p className="muted small">
        Location <code data-testid="bucket-location">{warehouse.location}</code>
      </p>
      <div className={route.key ? 'buckets buckets--with-preview' : 'buckets'}>
        <ObjectList
          key={`${name}\u0000${prefix}`}
          warehouse={name}
          prefix={prefix}
          selectedKey={route.key}
          onOpenFolder={(p) => go({ prefix: p, key: undefined })}
          onOpenFile={(k) => go({ key: k })}
        />
        {route.key ? <ObjectPreview key={`${name}\u0000${route.key}`} warehouse={name} objectKey={route.key} onClose={() => go({ key: undefined })} /> : null}
      </div>
    </div>
  );
}
