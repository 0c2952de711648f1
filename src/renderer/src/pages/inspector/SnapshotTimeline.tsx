// Snapshot timeline: newest first, each with its operation, what it added and deleted
// (files, records, bytes), its schema, the refs on it, and a way into its files.
import type { Snapshot, TableMetadata } from '../../../../shared/api/catalog.js';
import { EmptyState } from '../../components/Notice.js';
import { formatBytes } from '../../lib/bucket-path.js';
import { compareInt64, formatInt64, formatTimestampMs } from '../../lib/json.js';
import { SUMMARY_HIGHLIGHTS, refsBySnapshot } from '../../lib/table-metadata.js';

export function SnapshotTimeline({ metadata, onOpenFiles }: { metadata: TableMetadata; onOpenFiles(snapshotId: string): void }) {
  const snapshots = [...metadata.snapshots].sort((a, b) => compareInt64(b['timestamp-ms'], a['timestamp-ms']) || compareInt64(b['snapshot-id'], a['snapshot-id']));
  if (snapshots.length === 0) {
    return (
      <EmptyState title="No snapshots yet" testId="timeline-empty">
        Every commit that changes data makes a snapshot. Append rows from a client (e.g. PyIceberg <code>table.append(df)</code>) and refresh.
      </EmptyState>
    );
  }
  const refs = refsBySnapshot(metadata);
  const current = metadata['current-snapshot-id'];
  return (
    <ol className="timeline" data-testid="snapshot-timeline">
      {snapshots.map((s) => (
        <TimelineItem
          key={formatInt64(s['snapshot-id'])}
          snapshot={s}
          refs={refs.get(formatInt64(s['snapshot-id'])) ?? []}
          isCurrent={current !== null && current !== undefined && compareInt64(current, s['snapshot-id']) === 0}
          onOpenFiles={onOpenFiles}
        />
      ))}
    </ol>
  );
}

function TimelineItem({ snapshot: s, refs, isCurrent, onOpenFiles }: { snapshot: Snapshot; refs: { name: string; type: string }[]; isCurrent: boolean; onOpenFiles(id: string): void }) {
  const id = formatInt64(s['snapshot-id']);
  const summary = (s.summary ?? {}) as Record<string, unknown>;
  const op = String(summary.operation ?? 'unknown');
  const highlights = SUMMARY_HIGHLIGHTS.filter(([k]) => summary[k] !== undefined && summary[k] !== '0');
  const rest = Object.entries(summary).filter(([k]) => k !== 'operation' && !SUMMARY_HIGHLIGHTS.some(([h]) => h === k));
  return (
    <li className={`timeline__item timeline__item--${op}`} data-testid={`timeline-snapshot-${id}`}>
      <div className="timeline__dot" aria-hidden="true" />
      <div className="timeline__body">
        <div className="timeline__head">
          <span className={`badge op op--${op}`} data-testid="timeline-operation">
            {op}
          </span>
          <code data-testid="timeline-snapshot-id">{id}</code>
          {isCurrent ? <span className="badge badge--ok badge--small">current</span> : null}
          {refs.map((r) => (
            <span key={r.name} className="badge badge--small" title={r.type}>
              {r.type === 'tag' ? '🏷 ' : '⎇ '}
              {r.name}
            </span>
          ))}
          <span className="muted small timeline__time">{formatTimestampMs(s['timestamp-ms'])}</span>
        </div>
        <p className="small muted">
          parent <code>{formatInt64(s['parent-snapshot-id'] ?? null)}</code> · sequence {formatInt64(s['sequence-number'] ?? null)} · schema{' '}
          {s['schema-id'] ?? '—'}
        </p>
        {highlights.length ? (
          <ul className="timeline__stats" data-testid="timeline-stats">
            {highlights.map(([k, label]) => (
              <li key={k} data-testid={`stat-${k}`}>
                <strong>{k.endsWith('-size') ? formatBytes(Number(summary[k])) : String(summary[k])}</strong> {label}
              </li>
            ))}
          </ul>
        ) : null}
        <div className="actions">
          <button type="button" className="btn btn--small" onClick={() => onOpenFiles(id)} data-testid={`timeline-open-${id}`} disabled={!s['manifest-list'] && !(s as Record<string, unknown>).manifests}>
            Manifests and files
          </button>
          {rest.length ? (
            <details className="timeline__more">
              <summary className="small">Full summary ({rest.length})</summary>
              <table className="grid grid--compact">
                <tbody>
                  {rest.map(([k, v]) => (
                    <tr key={k}>
                      <td>
                        <code>{k}</code>
                      </td>
                      <td className="wrap">{String(v)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          ) : null}
        </div>
      </div>
    </li>
  );
}
