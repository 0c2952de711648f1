// One table: schema fields (ids, types), partition spec, snapshots with exact int64 ids,
// properties, and the raw metadata JSON as the server sent it; then the inspector's tabs
// (snapshot timeline, schema history, manifests and data files, metadata files).
import { useMemo, useState } from 'react';
import type { LoadTableResponse, PartitionSpec, TableMetadata } from '../../../../shared/api/catalog.js';
import { useTable } from '../../api/hooks.js';
import { JsonView } from '../../components/JsonView.js';
import { EmptyState, ErrorNotice, Loading } from '../../components/Notice.js';
import { compareInt64, formatInt64, formatTimestampMs } from '../../lib/json.js';
import { namespaceLabel } from '../../lib/namespace.js';
import { flattenSchema } from '../../lib/schema-fields.js';
import { PropertiesTable } from './NamespacePanel.js';
import { FilesTab } from '../inspector/FilesTab.js';
import { InspectorTabs, type InspectorTab } from '../inspector/InspectorTabs.js';
import { OtherSpecs, RefsView, SortOrdersView } from '../inspector/MetadataSections.js';
import { MetadataFilesTab } from '../inspector/MetadataFilesTab.js';
import { SchemaHistory } from '../inspector/SchemaHistory.js';
import { SnapshotTimeline } from '../inspector/SnapshotTimeline.js';
import '../../inspect.css';

export function TableDetail(props: { catalog: string; prefix: string | null; namespace: string[]; table: string }) {
  const q = useTable(props.catalog, props.prefix, props.namespace, props.table);
  const title = `${namespaceLabel(props.namespace)}.${props.table}`;
  if (q.isPending) return <Loading label={`Loading ${title}…`} />;
  if (q.isError) return <ErrorNotice title={`Could not load ${title}`} error={q.error} onRetry={() => void q.refetch()} />;
  return <TableView title={title} table={q.data.table} raw={q.data.raw} t={{ catalog: props.catalog, namespace: props.namespace, table: props.table }} />;
}

function TableView({ title, table, raw, t }: { title: string; table: LoadTableResponse; raw: unknown; t: { catalog: string; namespace: string[]; table: string } }) {
  const [tab, setTab] = useState<InspectorTab>('overview');
  const [filesSnapshot, setFilesSnapshot] = useState<string | undefined>();
  const m = table.metadata;
  const schema = m.schemas.find((s) => s['schema-id'] === m['current-schema-id']) ?? m.schemas[m.schemas.length - 1];
  const fields = useMemo(() => flattenSchema(schema?.fields ?? []), [schema]);
  const identifierIds = new Set(schema?.['identifier-field-ids'] ?? []);
  const spec = m['partition-specs'].find((s) => s['spec-id'] === m['default-spec-id']) ?? m['partition-specs'][0];
  const fieldNames = new Map(fields.map((f) => [f.id, f.path]));

  return (
    <div className="detail" data-testid="table-detail">
      <header className="page__header">
        <h1 data-testid="table-title">
          <span className="muted">Table</span> {title}
        </h1>
        <span className="badge">v{m['format-version']}</span>
      </header>
      <section className="card">
        <dl className="facts">
          <dt>Location</dt>
          <dd>
            <code>{m.location}</code>
          </dd>
          <dt>Metadata file</dt>
          <dd>
            <code data-testid="table-metadata-location">{table['metadata-location'] ?? '—'}</code>
          </dd>
          <dt>Table UUID</dt>
          <dd>
            <code>{m['table-uuid']}</code>
          </dd>
          <dt>Current snapshot</dt>
          <dd>
            <code data-testid="table-current-snapshot">{formatInt64(m['current-snapshot-id'] ?? null)}</code>
          </dd>
          <dt>Last updated</dt>
          <dd>{formatTimestampMs(m['last-updated-ms'])}</dd>
        </dl>
      </section>

      <InspectorTabs value={tab} onChange={setTab} />
      {tab === 'snapshots' ? (
        <SnapshotTimeline
          metadata={m}
          onOpenFiles={(id) => {
            setFilesSnapshot(id);
            setTab('files');
          }}
        />
      ) : tab === 'schemas' ? (
        <SchemaHistory metadata={m} />
      ) : tab === 'files' ? (
        <FilesTab t={t} metadata={m} snapshotId={filesSnapshot} onSnapshot={setFilesSnapshot} />
      ) : tab === 'metadata' ? (
        <MetadataFilesTab t={t} metadata={m} metadataLocation={table['metadata-location'] ?? null} />
      ) : (
      <>
      <section className="card">
        <h2>
          Schema <span className="muted">id {schema?.['schema-id'] ?? '—'}</span>
        </h2>
        {fields.length === 0 ? (
          <p className="muted">This schema has no fields.</p>
        ) : (
          <table className="grid" data-testid="schema-fields">
            <thead>
              <tr>
                <th className="num">ID</th>
                <th>Name</th>
                <th>Type</th>
                <th>Required</th>
                <th>Doc</th>
              </tr>
            </thead>
            <tbody>
              {fields.map((f) => (
                <tr key={f.id} data-testid={`schema-field-${f.path}`}>
                  <td className="num">{f.id}</td>
                  <td style={{ paddingLeft: `${0.75 + f.depth * 1.25}rem` }}>
                    <code>{f.path.split('.').pop()}</code>
                    {identifierIds.has(f.id) ? <span className="badge badge--small">key</span> : null}
                  </td>
                  <td>
                    <code>{f.type}</code>
                  </td>
                  <td>{f.required ? 'yes' : 'no'}</td>
                  <td className="muted">{f.doc ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="card">
        <h2>
          Partition spec <span className="muted">id {spec?.['spec-id'] ?? '—'}</span>
        </h2>
        <PartitionSpecView spec={spec} fieldNames={fieldNames} />
        <OtherSpecs metadata={m} fieldNames={fieldNames} />
      </section>

      <section className="card">
        <h2>Sort orders</h2>
        <SortOrdersView metadata={m} fieldNames={fieldNames} />
      </section>

      <section className="card">
        <h2>Branches and tags</h2>
        <RefsView metadata={m} />
      </section>

      <section className="card">
        <h2>Snapshots</h2>
        <SnapshotsView metadata={m} />
      </section>

      <section className="card">
        <h2>Properties</h2>
        {Object.keys(m.properties).length === 0 ? (
          <p className="muted">No properties.</p>
        ) : (
          <PropertiesTable entries={Object.entries(m.properties)} testId="table-properties" />
        )}
      </section>

      <section className="card">
        <details data-testid="raw-metadata">
          <summary>Raw metadata JSON</summary>
          <JsonView value={raw} testId="raw-metadata-json" />
        </details>
      </section>
      </>
      )}
    </div>
  );
}

function PartitionSpecView({ spec, fieldNames }: { spec: PartitionSpec | undefined; fieldNames: Map<number, string> }) {
  if (!spec || spec.fields.length === 0) return <p className="muted" data-testid="partition-unpartitioned">Unpartitioned.</p>;
  return (
    <table className="grid" data-testid="partition-fields">
      <thead>
        <tr>
          <th className="num">Field ID</th>
          <th>Name</th>
          <th>Transform</th>
          <th>Source column</th>
        </tr>
      </thead>
      <tbody>
        {spec.fields.map((f) => (
          <tr key={`${f['field-id'] ?? f.name}`}>
            <td className="num">{f['field-id'] ?? '—'}</td>
            <td>
              <code>{f.name}</code>
            </td>
            <td>
              <code>{f.transform}</code>
            </td>
            <td>
              <code>{fieldNames.get(f['source-id']) ?? `#${f['source-id']}`}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SnapshotsView({ metadata }: { metadata: TableMetadata }) {
  const current = metadata['current-snapshot-id'];
  const snapshots = [...metadata.snapshots].sort((a, b) => compareInt64(b['timestamp-ms'], a['timestamp-ms']) || compareInt64(b['snapshot-id'], a['snapshot-id']));
  if (snapshots.length === 0) {
    return (
      <EmptyState title="No snapshots yet" testId="snapshots-empty">
        The table holds no data. Append rows from a client (e.g. PyIceberg <code>table.append(df)</code>) and refresh.
      </EmptyState>
    );
  }
  return (
    <table className="grid" data-testid="snapshots">
      <thead>
        <tr>
          <th>Snapshot ID</th>
          <th>Parent</th>
          <th>Committed</th>
          <th>Operation</th>
          <th>Summary</th>
        </tr>
      </thead>
      <tbody>
        {snapshots.map((s) => {
          const id = formatInt64(s['snapshot-id']);
          const isCurrent = current !== null && current !== undefined && compareInt64(current, s['snapshot-id']) === 0;
          const summary = Object.entries(s.summary ?? {}).filter(([k]) => k !== 'operation');
          return (
            <tr key={id} data-testid={`snapshot-${id}`}>
              <td>
                <code data-testid="snapshot-id">{id}</code>
                {isCurrent ? <span className="badge badge--ok badge--small">current</span> : null}
              </td>
              <td>
                <code>{formatInt64(s['parent-snapshot-id'] ?? null)}</code>
              </td>
              <td>{formatTimestampMs(s['timestamp-ms'])}</td>
              <td>{s.summary?.operation ?? '—'}</td>
              <td className="muted small">{summary.map(([k, v]) => `${k}=${String(v)}`).join(', ')}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
