// Files of a snapshot, drilled down: its manifest list → one manifest's entries (data and
// delete files) → one data file's column statistics and its first rows.
import { useState } from 'react';
import type { TableMetadata } from '../../../../shared/api/catalog.js';
import { EmptyState } from '../../components/Notice.js';
import { compareInt64, formatInt64, formatTimestampMs } from '../../lib/json.js';
import { ManifestListView } from './ManifestListView.js';
import { ManifestView } from './ManifestView.js';

export interface TableRef {
  catalog: string;
  namespace: string[];
  table: string;
}

export function FilesTab({ t, metadata, snapshotId, onSnapshot }: { t: TableRef; metadata: TableMetadata; snapshotId: string | undefined; onSnapshot(id: string): void }) {
  const [manifest, setManifest] = useState<string | undefined>();
  const snapshots = [...metadata.snapshots].sort((a, b) => compareInt64(b['timestamp-ms'], a['timestamp-ms']) || compareInt64(b['snapshot-id'], a['snapshot-id']));
  if (snapshots.length === 0) {
    return (
      <EmptyState title="No data files yet" testId="files-empty">
        The table has no snapshot, so no manifest list, manifests or data files. Append rows from a client and refresh.
      </EmptyState>
    );
  }
  const current = metadata['current-snapshot-id'];
  const selected = snapshotId ?? (current !== null && current !== undefined ? formatInt64(current) : formatInt64(snapshots[0]['snapshot-id']));
  return (
    <div className="files-tab" data-testid="files-tab">
      <label className="field field--inline">
        <span>Snapshot</span>
        <select
          value={selected}
          onChange={(e) => {
            setManifest(undefined);
            onSnapshot(e.target.value);
          }}
          data-testid="files-snapshot-select"
        >
          {snapshots.map((s) => {
            const id = formatInt64(s['snapshot-id']);
            return (
              <option key={id} value={id}>
                {id} · {s.summary?.operation ?? '?'} · {formatTimestampMs(s['timestamp-ms'])}
                {current !== null && current !== undefined && compareInt64(current, s['snapshot-id']) === 0 ? ' (current)' : ''}
              </option>
            );
          })}
        </select>
      </label>
      <ManifestListView key={selected} t={t} snapshotId={selected} selected={manifest} onOpen={setManifest} />
      {manifest ? <ManifestView key={manifest} t={t} path={manifest} onClose={() => setManifest(undefined)} /> : null}
    </div>
  );
}

/** The last segment of a path, for tables; the full path goes in the title. */
export const fileName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
