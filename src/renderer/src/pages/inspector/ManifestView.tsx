// One manifest: its header (format, content, spec, schema) and its entries, paged; a data
// file opens its column statistics and a preview of its rows.
import { useState } from 'react';
import { MANIFEST_PAGE } from '../../api/inspect-hooks.js';
import { useManifest } from '../../api/inspect-hooks.js';
import { cellText } from '../../components/FilePreviewView.js';
import { ErrorNotice, Loading } from '../../components/Notice.js';
import { formatBytes } from '../../lib/bucket-path.js';
import { formatInt64 } from '../../lib/json.js';
import { DataFileView } from './DataFileView.js';
import { fileName, type TableRef } from './FilesTab.js';

export function ManifestView({ t, path, onClose }: { t: TableRef; path: string; onClose(): void }) {
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState<number | undefined>();
  const q = useManifest(t.catalog, t.namespace, t.table, path, offset);
  return (
    <section className="card" data-testid="manifest">
      <header className="bucket-preview__header">
        <h3 className="wrap">Manifest {fileName(path)}</h3>
        <button type="button" className="btn btn--small btn--plain" onClick={onClose} aria-label="Close the manifest" data-testid="manifest-close">
          ✕
        </button>
      </header>
      {q.isPending ? (
        <Loading label="Decoding the manifest…" />
      ) : q.isError ? (
        <ErrorNotice title="Cannot read the manifest" error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <>
          <p className="muted small">
            format v{q.data.format_version ?? '?'} · {q.data.content} · partition spec {q.data.partition_spec_id ?? '—'}
            {q.data.partition_fields.length ? ` (${q.data.partition_fields.map((f) => `${f.name}=${f.transform}`).join(', ')})` : ' (unpartitioned)'} · schema{' '}
            {q.data.schema_id ?? '—'} · <span data-testid="manifest-total">{q.data.total_entries}</span> entries
          </p>
          <div className="scroll-x">
            <table className="grid grid--compact" data-testid="manifest-entries">
              <thead>
                <tr>
                  <th>Status</th>
                  <th>File</th>
                  <th>Content</th>
                  <th>Partition</th>
                  <th className="num">Records</th>
                  <th className="num">Size</th>
                  <th>Snapshot</th>
                  <th className="num">Seq</th>
                </tr>
              </thead>
              <tbody>
                {q.data.entries.map((e, i) => (
                  <tr key={`${offset + i}`} data-testid={`data-file-row-${i}`} className={open === i ? 'row--selected' : undefined}>
                    <td>
                      <span className={`badge badge--small status--${e.status}`}>{e.status}</span>
                    </td>
                    <td title={e.data_file.file_path}>
                      <button type="button" className="link" onClick={() => setOpen(open === i ? undefined : i)} data-testid={`data-file-open-${i}`}>
                        {fileName(e.data_file.file_path)}
                      </button>{' '}
                      <span className="muted small">{e.data_file.file_format}</span>
                    </td>
                    <td className="small">{e.data_file.content}</td>
                    <td className="small">
                      {Object.entries(e.data_file.partition).map(([k, v]) => (
                        <div key={k}>
                          <code>
                            {k}={cellText(v)}
                          </code>
                        </div>
                      ))}
                    </td>
                    <td className="num">{formatInt64(e.data_file.record_count)}</td>
                    <td className="num" title={`${formatInt64(e.data_file.file_size_in_bytes)} bytes`}>
                      {formatBytes(e.data_file.file_size_in_bytes)}
                    </td>
                    <td>
                      <code>{formatInt64(e.snapshot_id)}</code>
                    </td>
                    <td className="num">{e.sequence_number === null ? <span className="muted" title="inherited from the manifest">inh.</span> : formatInt64(e.sequence_number)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {q.data.offset > 0 || q.data.truncated ? (
            <div className="actions">
              <button type="button" className="btn btn--small" disabled={offset === 0} onClick={() => (setOpen(undefined), setOffset(Math.max(0, offset - MANIFEST_PAGE)))}>
                Previous
              </button>
              <span className="muted small">
                entries {offset + 1}–{offset + q.data.entries.length} of {q.data.total_entries}
              </span>
              <button type="button" className="btn btn--small" disabled={!q.data.truncated} onClick={() => (setOpen(undefined), setOffset(offset + MANIFEST_PAGE))} data-testid="manifest-next">
                Next
              </button>
            </div>
          ) : null}
          {open !== undefined && q.data.entries[open] ? <DataFileView key={`${offset}-${open}`} t={t} entry={q.data.entries[open]} /> : null}
        </>
      )}
    </section>
  );
}
