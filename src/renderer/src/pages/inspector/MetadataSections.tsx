// Overview extras of the table inspector: every partition spec (the default one marked),
// sort orders, and refs (branches and tags) with their snapshots and retention settings.
import type { PartitionSpec, TableMetadata } from '../../../../shared/api/catalog.js';
import { formatInt64 } from '../../lib/json.js';
import { defaultSortOrderId, sortOrders } from '../../lib/table-metadata.js';

export function OtherSpecs({ metadata, fieldNames }: { metadata: TableMetadata; fieldNames: Map<number, string> }) {
  const others = metadata['partition-specs'].filter((s) => s['spec-id'] !== metadata['default-spec-id']);
  if (others.length === 0) return null;
  return (
    <details data-testid="partition-specs-history">
      <summary>Earlier partition specs ({others.length})</summary>
      {others.map((s) => (
        <SpecFields key={s['spec-id']} spec={s} fieldNames={fieldNames} />
      ))}
    </details>
  );
}

function SpecFields({ spec, fieldNames }: { spec: PartitionSpec; fieldNames: Map<number, string> }) {
  return (
    <p className="small">
      Spec {spec['spec-id']}:{' '}
      {spec.fields.length === 0
        ? 'unpartitioned'
        : spec.fields.map((f) => `${f.name} = ${f.transform}(${fieldNames.get(f['source-id']) ?? `#${f['source-id']}`})`).join(', ')}
    </p>
  );
}

export function SortOrdersView({ metadata, fieldNames }: { metadata: TableMetadata; fieldNames: Map<number, string> }) {
  const orders = sortOrders(metadata);
  const current = defaultSortOrderId(metadata);
  const sorted = orders.filter((o) => o.fields.length > 0);
  if (sorted.length === 0) return <p className="muted" data-testid="sort-orders-none">Unsorted (no sort order).</p>;
  return (
    <table className="grid" data-testid="sort-orders">
      <thead>
        <tr>
          <th className="num">Order ID</th>
          <th>Fields</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((o) => (
          <tr key={o['order-id']}>
            <td className="num">
              {o['order-id']}
              {o['order-id'] === current ? <span className="badge badge--ok badge--small">default</span> : null}
            </td>
            <td>
              {o.fields.map((f, i) => (
                <code key={i} className="chip">
                  {f.transform === 'identity' ? '' : `${f.transform}(`}
                  {fieldNames.get(f['source-id']) ?? `#${f['source-id']}`}
                  {f.transform === 'identity' ? '' : ')'} {f.direction} {f['null-order']}
                </code>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function RefsView({ metadata }: { metadata: TableMetadata }) {
  const refs = Object.entries(metadata.refs ?? {}).sort(([a], [b]) => (a === 'main' ? -1 : b === 'main' ? 1 : a.localeCompare(b)));
  if (refs.length === 0) return <p className="muted" data-testid="refs-none">No branches or tags yet (the first append creates “main”).</p>;
  return (
    <table className="grid" data-testid="table-refs">
      <thead>
        <tr>
          <th>Name</th>
          <th>Type</th>
          <th>Snapshot ID</th>
          <th>Retention</th>
        </tr>
      </thead>
      <tbody>
        {refs.map(([name, ref]) => {
          const r = ref as Record<string, unknown>;
          const retention = [
            r['min-snapshots-to-keep'] !== undefined ? `keep ≥ ${String(r['min-snapshots-to-keep'])} snapshots` : '',
            r['max-snapshot-age-ms'] !== undefined ? `max snapshot age ${formatInt64(r['max-snapshot-age-ms'] as number)} ms` : '',
            r['max-ref-age-ms'] !== undefined ? `max ref age ${formatInt64(r['max-ref-age-ms'] as number)} ms` : '',
          ].filter(Boolean);
          return (
            <tr key={name} data-testid={`ref-${name}`}>
              <td>
                <code>{name}</code>
              </td>
              <td>
                <span className="badge badge--small">{ref.type}</span>
              </td>
              <td>
                <code>{formatInt64(ref['snapshot-id'])}</code>
              </td>
              <td className="muted small">{retention.join(', ') || 'table defaults'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
