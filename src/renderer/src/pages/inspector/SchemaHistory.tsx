// Schema history: every schema of the table (newest first) with what changed from the one
// before, by field id: added, removed, renamed, type promoted, made optional/required.
import type { TableMetadata } from '../../../../shared/api/catalog.js';
import { changeDetail, describeChange, schemaHistory } from '../../lib/schema-diff.js';
import { flattenSchema } from '../../lib/schema-fields.js';

export function SchemaHistory({ metadata }: { metadata: TableMetadata }) {
  const versions = schemaHistory(metadata.schemas).reverse();
  const current = metadata['current-schema-id'];
  return (
    <ol className="schema-history" data-testid="schema-history">
      {versions.map((v) => {
        const schema = metadata.schemas.find((s) => s['schema-id'] === v.schemaId)!;
        return (
          <li key={v.schemaId} className="card" data-testid={`schema-version-${v.schemaId}`}>
            <h3>
              Schema {v.schemaId}
              {v.schemaId === current ? <span className="badge badge--ok badge--small">current</span> : null}
              <span className="muted small"> · {v.fieldCount} fields</span>
            </h3>
            {v.previousId === null ? (
              <p className="muted small" data-testid={`schema-version-${v.schemaId}-initial`}>
                The initial schema.
              </p>
            ) : v.changes.length === 0 ? (
              <p className="muted small">No field changes from schema {v.previousId} (identifier fields or order only).</p>
            ) : (
              <table className="grid grid--compact" data-testid={`schema-changes-${v.schemaId}`}>
                <thead>
                  <tr>
                    <th className="num">Field ID</th>
                    <th>Field</th>
                    <th>Change from schema {v.previousId}</th>
                  </tr>
                </thead>
                <tbody>
                  {v.changes.map((c) => (
                    <tr key={`${c.fieldId}-${c.kind}`} data-testid={`schema-change-${v.schemaId}-${c.fieldId}-${c.kind}`} className={`change change--${c.kind}`}>
                      <td className="num">{c.fieldId}</td>
                      <td>
                        <code>{c.path}</code>
                      </td>
                      <td title={describeChange(c)}>
                        <span className={`badge badge--small change__kind change__kind--${c.kind}`}>{c.kind}</span> {changeDetail(c)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <details>
              <summary className="small">Fields</summary>
              <p className="small">
                {flattenSchema(schema.fields)
                  .map((f) => `${f.id}: ${f.path} ${f.type}${f.required ? ' (required)' : ''}`)
                  .join(' · ')}
              </p>
            </details>
          </li>
        );
      })}
    </ol>
  );
}
