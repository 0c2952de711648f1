// The table's metadata.json files: the current one and the previous ones the metadata log
// keeps, each opened as JSON (exact int64 digits) from storage.
import { useState } from 'react';
import type { TableMetadata } from '../../../../shared/api/catalog.js';
import { useTableFile } from '../../api/inspect-hooks.js';
import { FilePreviewView } from '../../components/FilePreviewView.js';
import { ErrorNotice, Loading } from '../../components/Notice.js';
import { formatTimestampMs } from '../../lib/json.js';
import { metadataLog } from '../../lib/table-metadata.js';
import { fileName, type TableRef } from './FilesTab.js';

export function MetadataFilesTab({ t, metadata, metadataLocation }: { t: TableRef; metadata: TableMetadata; metadataLocation: string | null }) {
  const [open, setOpen] = useState<string | undefined>();
  const rows = [
    ...(metadataLocation ? [{ file: metadataLocation, at: metadata['last-updated-ms'], current: true }] : []),
    ...metadataLog(metadata).map((e) => ({ file: e['metadata-file'], at: e['timestamp-ms'], current: false })),
  ];
  return (
    <div className="files-tab" data-testid="metadata-files">
      <table className="grid grid--compact">
        <thead>
          <tr>
            <th>Metadata file</th>
            <th>Written</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.file} data-testid={`metadata-file-${i}`} className={open === r.file ? 'row--selected' : undefined}>
              <td title={r.file}>
                <button type="button" className="link" onClick={() => setOpen(open === r.file ? undefined : r.file)} data-testid={`metadata-file-open-${i}`}>
                  {fileName(r.file)}
                </button>
                {r.current ? <span className="badge badge--ok badge--small">current</span> : null}
              </td>
              <td className="small">{formatTimestampMs(r.at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length <= 1 ? <p className="muted small">The metadata log is empty: older metadata files are listed here after the next commits.</p> : null}
      {open ? <MetadataFile t={t} path={open} /> : null}
    </div>
  );
}

function MetadataFile({ t, path }: { t: TableRef; path: string }) {
  const q = useTableFile(t.catalog, t.namespace, t.table, path);
  if (q.isPending) return <Loading label="Reading the metadata file…" />;
  if (q.isError) return <ErrorNotice title={`Cannot read ${fileName(path)}`} error={q.error} onRetry={() => void q.refetch()} />;
  return <FilePreviewView preview={q.data} testId="metadata-file-preview" />;
}
