// Shows a server-side file preview (bucket browser and table inspector): JSON with exact
// int64 digits, Avro records (schema and header in folds), Parquet schema with field ids,
// rows and row groups, text, or a hex dump; always saying when only part is shown.
import type { FilePreview, ParquetPreview } from '../../../shared/api/inspect.js';
import { formatBytes } from '../lib/bucket-path.js';
import { formatInt64, stringifyApiJson } from '../lib/json.js';
import { JsonView } from './JsonView.js';

export function FilePreviewView({ preview, testId = 'file-preview' }: { preview: FilePreview; testId?: string }) {
  return (
    <div className="preview" data-testid={testId} data-format={preview.format}>
      <div className="preview__meta">
        <span className="badge" data-testid={`${testId}-format`}>
          {preview.format}
        </span>
        <span className="muted small">{formatBytes(preview.size)}</span>
        <span className="muted small">{preview.content_type}</span>
        {preview.truncated ? <span className="badge badge--warn badge--small">partial</span> : null}
      </div>
      {preview.note ? (
        <p className="notice notice--info small" data-testid={`${testId}-note`}>
          {preview.note}
        </p>
      ) : null}
      <PreviewBody preview={preview} testId={testId} />
    </div>
  );
}

function PreviewBody({ preview, testId }: { preview: FilePreview; testId: string }) {
  if (preview.parquet) return <ParquetView p={preview.parquet} testId={testId} />;
  if (preview.avro) {
    const a = preview.avro;
    return (
      <div className="preview__body">
        <p className="small">
          {a.iceberg_kind ? (
            <span className="badge badge--small" data-testid={`${testId}-iceberg-kind`}>
              Iceberg {a.iceberg_kind}
            </span>
          ) : null}{' '}
          <span data-testid={`${testId}-record-count`}>{a.total_records}</span> records, codec <code>{a.codec}</code>
        </p>
        <details>
          <summary>Avro schema</summary>
          <JsonView value={a.schema} testId={`${testId}-avro-schema`} />
        </details>
        {Object.keys(a.metadata).length ? (
          <details>
            <summary>File header ({Object.keys(a.metadata).length} keys)</summary>
            <KeyValues entries={Object.entries(a.metadata)} />
          </details>
        ) : null}
        <JsonView value={a.records} testId={`${testId}-records`} />
      </div>
    );
  }
  if (preview.json !== undefined) return <JsonView value={preview.json} testId={`${testId}-json`} />;
  if (preview.text !== undefined) {
    return (
      <pre className="preview__text" data-testid={`${testId}-text`}>
        {preview.text}
      </pre>
    );
  }
  if (preview.hex !== undefined) {
    return (
      <pre className="preview__text" data-testid={`${testId}-hex`}>
        {preview.hex}
      </pre>
    );
  }
  return <p className="muted">Nothing to show.</p>;
}

function KeyValues({ entries }: { entries: [string, string][] }) {
  return (
    <table className="grid grid--compact">
      <tbody>
        {entries.map(([k, v]) => (
          <tr key={k}>
            <td>
              <code>{k}</code>
            </td>
            <td className="wrap small">
              <code>{v.length > 600 ? `${v.slice(0, 600)}…` : v}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A cell value: exact int64 digits, null as a dash, objects as compact JSON. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '∅';
  if (typeof v === 'bigint' || typeof v === 'number') return formatInt64(v as bigint);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  return stringifyApiJson(v);
}

function ParquetView({ p, testId }: { p: ParquetPreview; testId: string }) {
  return (
    <div className="preview__body">
      <p className="small">
        <span data-testid={`${testId}-num-rows`}>{formatInt64(p.num_rows)}</span> rows in {p.row_groups.length} row group{p.row_groups.length === 1 ? '' : 's'}
        {p.created_by ? <span className="muted"> · written by {p.created_by}</span> : null}
      </p>
      {p.rows_error ? (
        <p className="notice notice--warn small" data-testid={`${testId}-rows-error`}>
          {p.rows_error}
        </p>
      ) : null}
      {p.rows.length ? (
        <div className="scroll-x">
          <table className="grid grid--compact" data-testid={`${testId}-rows`}>
            <thead>
              <tr>
                {p.columns.map((c) => (
                  <th key={c}>{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {p.rows.map((row, i) => (
                <tr key={i}>
                  {p.columns.map((c) => (
                    <td key={c} className={row[c] === null ? 'muted' : undefined}>
                      <code>{cellText(row[c])}</code>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <details open={!p.rows.length}>
        <summary>Parquet schema ({p.schema.length} columns)</summary>
        <table className="grid grid--compact" data-testid={`${testId}-schema`}>
          <thead>
            <tr>
              <th className="num">Field ID</th>
              <th>Column</th>
              <th>Physical type</th>
              <th>Logical type</th>
              <th>Repetition</th>
            </tr>
          </thead>
          <tbody>
            {p.schema.map((f) => (
              <tr key={f.path}>
                <td className="num">{f.field_id ?? '—'}</td>
                <td style={{ paddingLeft: `${0.75 + f.depth * 1.25}rem` }}>
                  <code>{f.path.split('.').pop()}</code>
                </td>
                <td>
                  <code>{f.type}</code>
                </td>
                <td>{f.logical_type ? <code>{f.logical_type}</code> : '—'}</td>
                <td className="muted">{f.repetition ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <details>
        <summary>Row groups and column chunks</summary>
        {p.row_groups.map((g, i) => (
          <div key={i} className="preview__rowgroup">
            <p className="small">
              Row group {i}: {formatInt64(g.num_rows)} rows, {formatBytes(g.total_byte_size)}
            </p>
            <table className="grid grid--compact">
              <thead>
                <tr>
                  <th>Column</th>
                  <th>Codec</th>
                  <th className="num">Values</th>
                  <th className="num">Nulls</th>
                  <th className="num">Compressed</th>
                  <th>Min</th>
                  <th>Max</th>
                </tr>
              </thead>
              <tbody>
                {g.columns.map((c) => (
                  <tr key={c.path}>
                    <td>
                      <code>{c.path}</code>
                    </td>
                    <td>{c.codec}</td>
                    <td className="num">{formatInt64(c.num_values)}</td>
                    <td className="num">{c.null_count === null ? '—' : formatInt64(c.null_count)}</td>
                    <td className="num">{formatBytes(c.compressed_size)}</td>
                    <td>
                      <code>{cellText(c.min)}</code>
                    </td>
                    <td>
                      <code>{cellText(c.max)}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </details>
      {Object.keys(p.key_value_metadata).length ? (
        <details>
          <summary>Footer key-value metadata</summary>
          <KeyValues entries={Object.entries(p.key_value_metadata)} />
        </details>
      ) : null}
    </div>
  );
}
