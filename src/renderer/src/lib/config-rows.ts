// The key/value editor's model: rows (a key may be half-typed, duplicated or blank) and
// their field-level problems, checked with the same rules the server applies
// (src/shared/storage-config.ts), so an unknown or legacy key is named with the right one
// as the user types.
import { REDACTED } from '../../../shared/api/admin.js';
import { checkStorageKey, isSecretKey, validateStorageConfig, type StorageScheme } from '../../../shared/storage-config.js';

export interface ConfigRow {
  id: string;
  key: string;
  value: string;
}

export interface RowIssue {
  /** What is wrong with the key name. */
  key?: string;
  /** The key to use instead: the "rename to …" fix. */
  rename?: string;
  /** What is wrong with the value (or with the pair it belongs to). */
  value?: string;
  /** A missing companion key: the "add …" fix. */
  add?: string;
  /** The value is only missing (shown once the row was touched or a save attempted). */
  empty?: boolean;
}

export type ConfigKind = 'storage' | 'client' | 'properties';

let seq = 0;
export function newRow(key = '', value = ''): ConfigRow {
  seq += 1;
  return { id: `row-${seq}`, key, value };
}

export function configToRows(config: Record<string, string>): ConfigRow[] {
  return Object.entries(config).map(([k, v]) => newRow(k, v));
}

const isBlank = (r: ConfigRow) => r.key.trim() === '' && r.value === '';

/** The config the rows describe: blank rows dropped, keys trimmed, the first of duplicates kept. */
export function rowsToConfig(rows: readonly ConfigRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of rows) {
    if (isBlank(r)) continue;
    const key = r.key.trim();
    if (key && !(key in out)) out[key] = r.value;
  }
  return out;
}

export function renameRow(rows: readonly ConfigRow[], id: string, key: string): ConfigRow[] {
  return rows.map((r) => (r.id === id ? { ...r, key } : r));
}

export interface ValidateOptions {
  kind: ConfigKind;
  /** Secret keys whose stored value the server keeps when the placeholder is sent back. */
  storedSecrets?: ReadonlySet<string>;
}

/** Problems per row id. `scheme` undefined (no valid location yet): only structural checks. */
export function validateRows(rows: readonly ConfigRow[], scheme: StorageScheme | undefined, opts: ValidateOptions): Record<string, RowIssue> {
  const issues: Record<string, RowIssue> = {};
  const set = (id: string, issue: RowIssue) => (issues[id] = { ...issues[id], ...issue });
  const firstByKey = new Map<string, ConfigRow>();
  for (const r of rows) {
    if (isBlank(r)) continue;
    const key = r.key.trim();
    if (!key) {
      set(r.id, { key: 'Enter a key name' });
      continue;
    }
    if (key !== r.key) {
      set(r.id, { key: 'Remove the spaces around the key name', rename: key });
      continue;
    }
    if (firstByKey.has(key)) {
      set(r.id, { key: `"${key}" is already set above: remove one of them` });
      continue;
    }
    firstByKey.set(key, r);
  }
  if (opts.kind === 'properties') {
    for (const r of firstByKey.values()) if (r.value === '') set(r.id, { value: `${r.key} is empty: set a value or remove the row`, empty: true });
    return issues;
  }
  if (!scheme) return issues;

  const config: Record<string, string> = {};
  for (const [key, r] of firstByKey) {
    if (issues[r.id]) continue;
    const keyError = checkStorageKey(scheme, key);
    if (keyError) {
      set(r.id, { key: keyError.message, ...(keyError.suggestion ? { rename: keyError.suggestion } : {}) });
      continue;
    }
    if (opts.kind === 'client' && isSecretKey(key)) {
      set(r.id, { key: `"${key}" is a secret: client_config holds only what clients may see (endpoint, region); keep credentials in the storage settings and let the vending strategy decide what clients get` });
      continue;
    }
    if (r.value === REDACTED) {
      if (opts.kind === 'storage' && opts.storedSecrets?.has(key)) continue; // kept on save
      set(r.id, { value: `${REDACTED} is the placeholder for a stored secret, not a value: enter the secret` });
      continue;
    }
    config[key] = r.value;
  }
  // Values and pairs, with secrets kept on save standing in as set.
  const withKept = { ...config };
  for (const [key, r] of firstByKey) if (r.value === REDACTED && opts.storedSecrets?.has(key) && !issues[r.id]) withKept[key] = 'kept';
  const result = validateStorageConfig(scheme, withKept);
  if (!result.ok) {
    for (const e of result.errors) {
      const r = firstByKey.get(e.key);
      if (!r || issues[r.id]?.value) continue;
      const empty = /is empty: set a value/.test(e.message);
      const add = e.suggestion && !(e.suggestion in withKept) && !firstByKey.has(e.suggestion) ? e.suggestion : undefined;
      set(r.id, { value: e.message, ...(add ? { add } : {}), ...(empty ? { empty: true } : {}) });
    }
  }
  return issues;
}

/** Issues that block saving: all, except empty values the user has not reached yet (those block too, but show later). */
export function hasIssues(issues: Record<string, RowIssue>): boolean {
  return Object.keys(issues).length > 0;
}
