// A key/value editor for Iceberg property maps with field-level problems shown inline as
// the user types: an unknown or legacy key names the right one with a one-click rename;
// secrets are masked, and a stored secret (sent back as ********) is kept unless replaced.
import { useId, useState } from 'react';
import { REDACTED } from '../../../shared/api/admin.js';
import { isSecretKey } from '../../../shared/storage-config.js';
import { newRow, renameRow, type ConfigRow, type RowIssue } from '../lib/config-rows.js';

export interface KeyValueEditorProps {
  /** Accessible name of the whole editor, e.g. "Storage settings". */
  label: string;
  rows: ConfigRow[];
  onChange(rows: ConfigRow[]): void;
  issues: Record<string, RowIssue>;
  testId: string;
  /** Mask values of secret keys. */
  maskSecrets?: boolean;
  /** Keys whose stored secret is kept when left as ********. */
  storedSecrets?: ReadonlySet<string>;
  /** Show "value is empty" problems on rows not touched yet (after a save attempt). */
  showAll?: boolean;
  /** Key names offered while typing. */
  suggestions?: readonly string[];
  keyPlaceholder?: string;
}

export function KeyValueEditor(props: KeyValueEditorProps) {
  const { rows, onChange, issues, testId, label } = props;
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [revealed, setRevealed] = useState<ReadonlySet<string>>(new Set());
  const listId = useId();
  const touch = (id: string) => setTouched((t) => (t.has(id) ? t : new Set(t).add(id)));
  const update = (id: string, patch: Partial<ConfigRow>) => onChange(rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));

  return (
    <div className="kv" role="group" aria-label={label} data-testid={testId}>
      {props.suggestions?.length ? (
        <datalist id={listId}>
          {props.suggestions.map((k) => (
            <option key={k} value={k} />
          ))}
        </datalist>
      ) : null}
      {rows.length === 0 ? <p className="hint" data-testid={`${testId}-empty`}>No keys set.</p> : null}
      {rows.map((row, i) => {
        const issue = issues[row.id] ?? {};
        const showValueIssue = issue.value && (!issue.empty || props.showAll || touched.has(row.id));
        const secret = Boolean(props.maskSecrets) && isSecretKey(row.key.trim());
        const stored = secret && row.value === REDACTED && props.storedSecrets?.has(row.key.trim());
        const keyErrId = `${listId}-k${i}`;
        const valErrId = `${listId}-v${i}`;
        const rowTestId = `${testId}-row-${i}`;
        return (
          <div className="kv__row" key={row.id} data-testid={rowTestId} data-key={row.key}>
            <div className="kv__cell">
              <input
                className={issue.key ? 'input--invalid' : undefined}
                value={row.key}
                placeholder={props.keyPlaceholder ?? 'key'}
                list={props.suggestions?.length ? listId : undefined}
                aria-label={`${label}: key ${i + 1}`}
                aria-invalid={issue.key ? true : undefined}
                aria-describedby={issue.key ? keyErrId : undefined}
                spellCheck={false}
                autoComplete="off"
                onChange={(e) => update(row.id, { key: e.target.value })}
                onBlur={() => touch(row.id)}
                data-testid={`${rowTestId}-key`}
              />
              {issue.key ? (
                <div className="field-error" id={keyErrId} role="alert" data-testid={`${rowTestId}-key-error`}>
                  {issue.key}
                  {issue.rename ? (
                    <button type="button" className="btn btn--small btn--fix" onClick={() => onChange(renameRow(rows, row.id, issue.rename!))} data-testid={`${rowTestId}-rename`}>
                      Rename to {issue.rename}
                    </button>
                  ) : null}
                </div>
              ) : null}
            </div>
            <div className="kv__cell">
              <div className="kv__value">
                <input
                  className={showValueIssue ? 'input--invalid' : undefined}
                  type={secret && !revealed.has(row.id) ? 'password' : 'text'}
                  value={row.value}
                  placeholder={secret ? 'secret' : 'value'}
                  aria-label={`${label}: value of ${row.key.trim() || `key ${i + 1}`}`}
                  aria-invalid={showValueIssue ? true : undefined}
                  aria-describedby={showValueIssue ? valErrId : stored ? `${valErrId}-kept` : undefined}
                  spellCheck={false}
                  autoComplete="off"
                  onFocus={(e) => {
                    if (stored) e.target.select(); // typing replaces the placeholder
                  }}
                  onChange={(e) => update(row.id, { value: e.target.value })}
                  onBlur={() => touch(row.id)}
                  data-testid={`${rowTestId}-value`}
                />
                {secret && !stored ? (
                  <button
                    type="button"
                    className="btn btn--small"
                    aria-pressed={revealed.has(row.id)}
                    onClick={() => setRevealed((s) => { const n = new Set(s); if (n.has(row.id)) n.delete(row.id); else n.add(row.id); return n; })}
                    data-testid={`${rowTestId}-reveal`}
                  >
                    {revealed.has(row.id) ? 'Hide' : 'Show'}
                  </button>
                ) : null}
              </div>
              {stored && !showValueIssue ? (
                <div className="hint" id={`${valErrId}-kept`} data-testid={`${rowTestId}-kept`}>
                  Stored secret ({REDACTED}): kept on save unless you type a new one.
                </div>
              ) : null}
              {showValueIssue ? (
                <div className="field-error" id={valErrId} role="alert" data-testid={`${rowTestId}-value-error`}>
                  {issue.value}
                  {issue.add ? (
                    <button type="button" className="btn btn--small btn--fix" onClick={() => onChange([...rows, newRow(issue.add!, '')])} data-testid={`${rowTestId}-add-fix`}>
                      Add {issue.add}
                    </button>
                  ) : null}
                </div>
              ) : null}
            </div>
            <button
              type="button"
              className="btn btn--small kv__remove"
              aria-label={`Remove ${row.key.trim() || `key ${i + 1}`}`}
              onClick={() => onChange(rows.filter((r) => r.id !== row.id))}
              data-testid={`${rowTestId}-remove`}
            >
              Remove
            </button>
          </div>
        );
      })}
      <button type="button" className="btn btn--small" onClick={() => onChange([...rows, newRow()])} data-testid={`${testId}-add`}>
        Add key
      </button>
    </div>
  );
}

/** A property map in a list row: "2 set", or a muted "none". */
export function PropertyCount({ properties }: { properties: Record<string, string> }) {
  const n = Object.keys(properties).length;
  return n ? <>{`${n} set`}</> : <span className="muted">none</span>;
}
