// Grants in plain language, and the grant editor's scope: catalog → optional namespace →
// optional table or view. Pure; the server (auth/permissions.ts) decides what a grant
// covers: a catalog grant everything in it, a namespace grant its nested namespaces,
// tables and views, a table or view grant only that one; write includes read.
import type { GrantScopeBody, PrivilegeName } from '../../../shared/api/identity.js';

export const PRIVILEGES: readonly PrivilegeName[] = ['read', 'write', 'create', 'drop', 'manage-grants'];

/** What each privilege lets a member do, for the checkboxes' hints. */
export const PRIVILEGE_HELP: Record<PrivilegeName, string> = {
  read: 'list and load tables and views, read their data',
  write: 'commit to tables (append, overwrite, delete rows, change schema); includes read',
  create: 'create namespaces, tables and views',
  drop: 'drop tables, views and namespaces',
  'manage-grants': 'add and remove grants inside this scope, for any role',
};

const PRIVILEGE_WORDS: Record<PrivilegeName, string> = { read: 'read', write: 'write', create: 'create', drop: 'drop', 'manage-grants': 'manage grants' };

/** What the editor holds: the namespace as typed ("db" or "db.sales"), and what inside it. */
export interface ScopeDraft {
  catalog: string;
  namespace: string;
  /** 'all' = the whole catalog (no namespace) or the whole namespace. */
  target: 'all' | 'table' | 'view';
  name: string;
}

export const EMPTY_SCOPE: ScopeDraft = { catalog: '', namespace: '', target: 'all', name: '' };

/** "db.sales" → ['db', 'sales']; '' → []. A part may not be empty ("db..x", ".db"). */
export function parseNamespaceText(text: string): string[] | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const parts = trimmed.split('.').map((p) => p.trim());
  return parts.every((p) => p !== '') ? parts : undefined;
}

export type ScopeResult = { ok: true; scope: GrantScopeBody } | { ok: false; field: 'catalog' | 'namespace' | 'name'; message: string };

/** The grant scope the server expects, or the first problem (naming the field to fix). */
export function buildScope(d: ScopeDraft): ScopeResult {
  const catalog = d.catalog.trim();
  if (!catalog) return { ok: false, field: 'catalog', message: 'Pick the catalog the grant applies to' };
  const namespace = parseNamespaceText(d.namespace);
  if (!namespace) return { ok: false, field: 'namespace', message: 'A namespace is its parts separated by dots, e.g. "db" or "db.sales", with no empty part' };
  const name = d.name.trim();
  if (d.target !== 'all') {
    if (namespace.length === 0) return { ok: false, field: 'namespace', message: `A ${d.target} grant needs the namespace the ${d.target} is in` };
    if (!name) return { ok: false, field: 'name', message: `Enter the ${d.target}’s name` };
  }
  const scope: GrantScopeBody = { catalog };
  if (namespace.length) scope.namespace = namespace;
  if (d.target === 'table') scope.table = name;
  if (d.target === 'view') scope.view = name;
  return { ok: true, scope };
}

/** A saved scope back into the editor (for "edit as new"). */
export function scopeToDraft(scope: { catalog: string; namespace?: string[]; table?: string; view?: string }): ScopeDraft {
  const namespace = (scope.namespace ?? []).join('.');
  if (scope.table !== undefined) return { catalog: scope.catalog, namespace, target: 'table', name: scope.table };
  if (scope.view !== undefined) return { catalog: scope.catalog, namespace, target: 'view', name: scope.view };
  return { catalog: scope.catalog, namespace, target: 'all', name: '' };
}

function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** ['write', 'read'] → "read and write"; write alone reads too, so it is said as "read and write". */
export function describePrivileges(privileges: readonly PrivilegeName[]): string {
  const held = new Set(privileges);
  if (held.has('write')) held.add('read');
  const words = PRIVILEGES.filter((p) => held.has(p)).map((p) => PRIVILEGE_WORDS[p]);
  return words.length ? joinWords(words) : 'nothing';
}

/** Where a grant applies, e.g. "every table and view in db (catalog analytics)". */
export function describeScope(scope: { catalog: string; namespace?: readonly string[]; table?: string; view?: string }): string {
  const ns = scope.namespace?.length ? scope.namespace.join('.') : undefined;
  const inCatalog = `(catalog ${scope.catalog})`;
  if (scope.table !== undefined) return `table ${ns ? `${ns}.` : ''}${scope.table} ${inCatalog}`;
  if (scope.view !== undefined) return `view ${ns ? `${ns}.` : ''}${scope.view} ${inCatalog}`;
  if (ns) return `every table and view in ${ns} and the namespaces below it ${inCatalog}`;
  return `every namespace, table and view in catalog ${scope.catalog}`;
}

/** "read and write on every table and view in db and the namespaces below it (catalog analytics)". */
export function describeGrant(scope: Parameters<typeof describeScope>[0], privileges: readonly PrivilegeName[]): string {
  return `${describePrivileges(privileges)} on ${describeScope(scope)}`;
}

/** Toggles one privilege, keeping the canonical order. */
export function togglePrivilege(privileges: readonly PrivilegeName[], p: PrivilegeName): PrivilegeName[] {
  const next = new Set(privileges);
  if (next.has(p)) next.delete(p);
  else next.add(p);
  return PRIVILEGES.filter((x) => next.has(x));
}
