// A snapshot's manifest list: one row per manifest with its counts, sequence numbers and
// partition ranges (decoded from the summaries' bounds).
import { useManifestList } from '../../api/inspect-hooks.js';
import { cellText } from '../../components/FilePreviewView.js';
import { ErrorNotice, Loading } from '../../components/Notice.js';
import { formatBytes } from '../../lib/bucket-path.js';
import { formatInt64 } from '../../lib/json.js';
import { fileName, type TableRef } from './FilesTab.js';

export function ManifestListView({ t, snapshotId, selected, onOpen }: { t: TableRef; snapshotId: string; selected?: string; onOpen(path: string): void }) {
  const q = useManifestList(t.catalog, t.namespace, t.table, snapshotId);
  if (q.isPending) return <Loading label="Reading the manifest list…" />;
  if (q.isError) return <ErrorNotice title="Cannot read the manifest list" error={q.error} onRetry={() => void q.refetch()} />;
  const list = q.data;
  return (
    <section className="card" data-testid="manifest-list">
      <h3>
        Manifest list <span className="muted small">format v{list.format_version ?? '?'}</span>
      </h3>
      <p className="muted small wrap">
        <code data-testid="manifest-list-path">{list.manifest_list ?? '(v1 snapshot: manifests listed in the metadata)'}</code>
      </p>
      {list.manifests.length === 0 ? (
        <p className="muted">This snapshot has no manifests (an empty table state).</p>
      ) : (
        <div className="scroll-x">
          <table className="grid grid--compact">
            <thead>
              <tr>
                <th>Manifest</th>
                <th>Content</th>
                <th className="num">Spec</th>
                <th>Added snapshot</th>
                <th className="num">Seq</th>
                <th className="num">Files +/=/−</th>
                <th className="num">Rows +/=/−</th>
                <th>Partitions</th>
                <th className="num">Size</th>
              </tr>
            </thead>
            <tbody>
              {list.manifests.map((m, i) => (
                <tr key={m.manifest_path} data-testid={`manifest-row-${i}`} className={selected === m.manifest_path ? 'row--selected' : undefined}>
                  <td title={m.manifest_path}>
                    <button type="button" className="link" onClick={() => onOpen(m.manifest_path)} data-testid={`manifest-open-${i}`}>
                      {fileName(m.manifest_path)}
                    </button>
                  </td>
                  <td>{m.content}</td>
                  <td className="num">{m.partition_spec_id}</td>
                  <td>
                    <code data-testid={`manifest-added-snapshot-${i}`}>{formatInt64(m.added_snapshot_id)}</code>
                  </td>
                  <td className="num">
                    {formatInt64(m.sequence_number)}
                    {m.min_sequence_number !== null && m.min_sequence_number !== m.sequence_number ? ` (min ${formatInt64(m.min_sequence_number)})` : ''}
                  </td>
                  <td className="num" data-testid={`manifest-files-${i}`}>
                    {m.added_files_count ?? '—'}/{m.existing_files_count ?? '—'}/{m.deleted_files_count ?? '—'}
                  </td>
                  <td className="num" data-testid={`manifest-rows-${i}`}>
                    {formatInt64(m.added_rows_count)}/{formatInt64(m.existing_rows_count)}/{formatInt64(m.deleted_rows_count)}
                  </td>
                  <td className="small">
                    {m.partitions.map((p) => (
                      <div key={p.name}>
                        <code>{p.name}</code> {cellText(p.lower_bound)} … {cellText(p.upper_bound)}
                        {p.contains_null ? ' (+null)' : ''}
                      </div>
                    ))}
                  </td>
                  <td className="num">{formatBytes(m.manifest_length)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
