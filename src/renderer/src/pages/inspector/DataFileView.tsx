// One data (or delete) file from a manifest: column statistics decoded by field type
// (sizes, value/null/NaN counts, lower/upper bounds), then a preview of its rows.
import { useState } from 'react';
import type { ManifestEntry } from '../../../../shared/api/inspect.js';
import { useTableFile } from '../../api/inspect-hooks.js';
import { FilePreviewView, cellText } from '../../components/FilePreviewView.js';
import { ErrorNotice, Loading } from '../../components/Notice.js';
import { formatBytes } from '../../lib/bucket-path.js';
import { formatInt64 } from '../../lib/json.js';
import { fileName, type TableRef } from './FilesTab.js';

export function DataFileView({ t, entry }: { t: TableRef; entry: ManifestEntry }) {
  const f = entry.data_file;
  const [preview, setPreview] = useState(false);
  return (
    <div className="data-file" data-testid="data-file">
      <h4 className="wrap">
        {fileName(f.file_path)} <span className="muted small">{f.content}</span>
      </h4>
      <p className="muted small wrap">
        <code data-testid="data-file-path">{f.file_path}</code>
      </p>
      <p className="small">
        {formatInt64(f.record_count)} record{formatInt64(f.record_count) === '1' ? '' : 's'} · {formatBytes(f.file_size_in_bytes)} ({formatInt64(f.file_size_in_bytes)} bytes) · spec {f.spec_id ?? '—'}
        {f.sort_order_id !== null ? ` · sort order ${f.sort_order_id}` : ''}
        {f.split_offsets ? ` · split offsets ${f.split_offsets.map((o) => formatInt64(o)).join(', ')}` : ''}
        {f.equality_ids ? ` · equality ids ${f.equality_ids.join(', ')}` : ''}
        {f.referenced_data_file ? ` · deletes rows of ${fileName(f.referenced_data_file)}` : ''}
      </p>
      {f.columns.length === 0 ? (
        <p className="muted">The writer recorded no column statistics for this file.</p>
      ) : (
        <div className="scroll-x">
          <table className="grid grid--compact" data-testid="data-file-stats">
            <thead>
              <tr>
                <th className="num">ID</th>
                <th>Column</th>
                <th>Type</th>
                <th className="num">Values</th>
                <th className="num">Nulls</th>
                <th className="num">NaNs</th>
                <th className="num">Size</th>
                <th>Lower bound</th>
                <th>Upper bound</th>
              </tr>
            </thead>
            <tbody>
              {f.columns.map((c) => (
                <tr key={c.field_id} data-testid={`column-stats-${c.name ?? c.field_id}`}>
                  <td className="num">{c.field_id}</td>
                  <td>
                    <code>{c.name ?? '(dropped)'}</code>
                  </td>
                  <td className="muted small">{c.type ?? '—'}</td>
                  <td className="num">{formatInt64(c.value_count)}</td>
                  <td className="num">{formatInt64(c.null_value_count)}</td>
                  <td className="num">{formatInt64(c.nan_value_count)}</td>
                  <td className="num">{c.column_size === null ? '—' : formatBytes(c.column_size)}</td>
                  <td>
                    <code data-testid="lower-bound">{c.lower_bound === null ? '—' : cellText(c.lower_bound)}</code>
                  </td>
                  <td>
                    <code data-testid="upper-bound">{c.upper_bound === null ? '—' : cellText(c.upper_bound)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {preview ? (
        <DataPreview t={t} path={f.file_path} />
      ) : (
        <button type="button" className="btn btn--small" onClick={() => setPreview(true)} data-testid="data-file-preview-open">
          Preview rows
        </button>
      )}
    </div>
  );
}

function DataPreview({ t, path }: { t: TableRef; path: string }) {
  const q = useTableFile(t.catalog, t.namespace, t.table, path);
  if (q.isPending) return <Loading label="Reading the data file…" />;
  if (q.isError) return <ErrorNotice title="Cannot preview the data file" error={q.error} onRetry={() => void q.refetch()} />;
  return <FilePreviewView preview={q.data} testId="data-file-preview" />;
}
