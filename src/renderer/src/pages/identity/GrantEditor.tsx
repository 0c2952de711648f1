// Adds a grant to a role: pick a catalog → optionally a namespace → optionally one table
// or view; tick the privileges; the sentence under it says what members will be able to do.
import { useId, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { PrivilegeName } from '../../../../shared/api/identity.js';
import { useSession } from '../../api/api-context.js';
import { useAdminCatalogs, useCatalogPrefix, useNamespaces, useTables } from '../../api/hooks.js';
import { useInvalidateIdentity } from '../../api/identity-hooks.js';
import { ErrorNotice } from '../../components/Notice.js';
import { buildScope, describeGrant, EMPTY_SCOPE, parseNamespaceText, PRIVILEGE_HELP, PRIVILEGES, togglePrivilege, type ScopeDraft } from '../../lib/grants.js';
import { namespaceLabel } from '../../lib/namespace.js';
import { formatRoute } from '../../lib/routes.js';

export function GrantEditor({ role }: { role: string }) {
  const { identity } = useSession();
  const invalidate = useInvalidateIdentity();
  const catalogs = useAdminCatalogs();
  const [draft, setDraft] = useState<ScopeDraft>(EMPTY_SCOPE);
  const [privileges, setPrivileges] = useState<PrivilegeName[]>(['read']);
  const [attempted, setAttempted] = useState(false);
  const catalog = draft.catalog || catalogs.data?.[0]?.name || '';
  const scope = buildScope({ ...draft, catalog });
  const privilegeProblem = privileges.length ? undefined : 'Tick at least one privilege';
  const add = useMutation({
    mutationFn: () => {
      if (!scope.ok) throw new Error(scope.message);
      return identity.addGrant(role, { scope: scope.scope, privileges });
    },
    onSuccess: async () => {
      await invalidate();
      setDraft({ ...EMPTY_SCOPE, catalog });
      setAttempted(false);
    },
  });
  const set = (patch: Partial<ScopeDraft>) => setDraft((d) => ({ ...d, catalog, ...patch }));

  if (catalogs.isSuccess && catalogs.data.length === 0) {
    return (
      <p className="hint" data-testid="grant-no-catalogs">
        A grant names one of the tenant’s catalogs, and there is none yet: <a href={formatRoute({ page: 'catalogs', create: true })}>create a catalog</a> first.
      </p>
    );
  }
  const fieldProblem = (f: 'catalog' | 'namespace' | 'name') => (!scope.ok && scope.field === f && (attempted || f === 'namespace') ? scope.message : undefined);
  return (
    <form
      className="grant-editor"
      data-testid="grant-editor"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setAttempted(true);
        if (scope.ok && !privilegeProblem) add.mutate();
      }}
    >
      <div className="grant-editor__scope">
        <label className="field">
          <span>Catalog</span>
          <select value={catalog} onChange={(e) => set({ catalog: e.target.value, namespace: '', target: 'all', name: '' })} data-testid="grant-catalog" disabled={!catalogs.isSuccess}>
            {catalogs.data?.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
          {catalogs.isError ? <ErrorNotice title="Could not load catalogs" error={catalogs.error} /> : null}
        </label>
        <NamespaceInput catalog={catalog} value={draft.namespace} onChange={(namespace) => set({ namespace, ...(namespace.trim() ? {} : { target: 'all', name: '' }) })} problem={fieldProblem('namespace')} />
        <fieldset className="field">
          <legend>In it</legend>
          <div className="grant-editor__targets">
            {(['all', 'table', 'view'] as const).map((t) => (
              <label key={t} className="preset">
                <input type="radio" name={`${role}-target`} checked={draft.target === t} disabled={t !== 'all' && !draft.namespace.trim()} onChange={() => set({ target: t })} data-testid={`grant-target-${t}`} />
                {t === 'all' ? 'Everything' : t === 'table' ? 'One table' : 'One view'}
              </label>
            ))}
          </div>
        </fieldset>
        {draft.target !== 'all' ? <ObjectInput catalog={catalog} namespace={draft.namespace} kind={draft.target} value={draft.name} onChange={(name) => set({ name })} problem={fieldProblem('name')} /> : null}
      </div>
      <fieldset className="field">
        <legend>Privileges</legend>
        <div className="grant-editor__privileges">
          {PRIVILEGES.map((p) => (
            <label key={p} className="check" title={PRIVILEGE_HELP[p]}>
              <input type="checkbox" checked={privileges.includes(p)} onChange={() => setPrivileges(togglePrivilege(privileges, p))} data-testid={`grant-privilege-${p}`} />
              <span>
                <strong>{p}</strong> <span className="muted small">{PRIVILEGE_HELP[p]}</span>
              </span>
            </label>
          ))}
        </div>
        {privilegeProblem && attempted ? <span className="field-error" role="alert">{privilegeProblem}</span> : null}
      </fieldset>
      <p className="grant-summary" data-testid="grant-summary" aria-live="polite">
        {scope.ok && privileges.length ? <>Members may: {describeGrant(scope.scope, privileges)}.</> : <span className="muted">{scope.ok ? privilegeProblem : scope.message}.</span>}
      </p>
      <div className="actions">
        <button type="submit" className="btn btn--primary" disabled={add.isPending} data-testid="grant-add">
          {add.isPending ? 'Adding…' : 'Add grant'}
        </button>
      </div>
      {add.error ? (
        <div data-testid="grant-error">
          <ErrorNotice title="The server refused the grant" error={add.error} />
        </div>
      ) : null}
    </form>
  );
}

/** The namespace as "db" or "db.sales", suggesting the catalog's namespaces (and those below what is typed). */
function NamespaceInput({ catalog, value, onChange, problem }: { catalog: string; value: string; onChange(v: string): void; problem?: string }) {
  const listId = useId();
  const prefix = useCatalogPrefix(catalog || undefined);
  const typed = parseNamespaceText(value) ?? [];
  // Children of what is typed ("db" → "db.sales"), or of its parent while typing the last part.
  const parent = typed.length > 1 ? typed.slice(0, -1) : typed;
  const roots = useNamespaces(catalog, prefix.data, [], Boolean(catalog));
  const known = parent.length > 1 || (roots.data ?? []).some((n) => n.length === 1 && n[0] === parent[0]);
  const children = useNamespaces(catalog, prefix.data, parent, Boolean(catalog) && parent.length > 0 && known);
  const suggestions = [...(roots.data ?? []), ...(children.isSuccess ? children.data : [])].map(namespaceLabel);
  return (
    <label className="field">
      <span>
        Namespace <span className="muted small">optional: empty = the whole catalog</span>
      </span>
      <input value={value} onChange={(e) => onChange(e.target.value)} list={listId} placeholder="db or db.sales" spellCheck={false} aria-invalid={problem ? true : undefined} data-testid="grant-namespace" />
      <datalist id={listId}>
        {[...new Set(suggestions)].map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      {problem ? <span className="field-error" role="alert" data-testid="grant-namespace-error">{problem}</span> : null}
    </label>
  );
}

/** A table (suggested from the namespace) or a view name. */
function ObjectInput({ catalog, namespace, kind, value, onChange, problem }: { catalog: string; namespace: string; kind: 'table' | 'view'; value: string; onChange(v: string): void; problem?: string }) {
  const listId = useId();
  const prefix = useCatalogPrefix(catalog || undefined);
  const ns = parseNamespaceText(namespace) ?? [];
  const tables = useTables(catalog, prefix.data, ns, kind === 'table' && ns.length > 0);
  return (
    <label className="field">
      <span>{kind === 'table' ? 'Table' : 'View'}</span>
      <input value={value} onChange={(e) => onChange(e.target.value)} list={kind === 'table' ? listId : undefined} spellCheck={false} aria-invalid={problem ? true : undefined} data-testid="grant-object" />
      {kind === 'table' ? (
        <datalist id={listId}>
          {(tables.data ?? []).map((t) => (
            <option key={t.name} value={t.name} />
          ))}
        </datalist>
      ) : null}
      {problem ? <span className="field-error" role="alert" data-testid="grant-object-error">{problem}</span> : null}
    </label>
  );
}
