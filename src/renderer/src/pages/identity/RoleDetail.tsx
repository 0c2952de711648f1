// One role: its grants (each said in plain language, removable), the grant editor, and
// its members.
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { GrantResponse } from '../../../../shared/api/identity.js';
import { useSession } from '../../api/api-context.js';
import { useGrants, useInvalidateIdentity, useRole } from '../../api/identity-hooks.js';
import { EmptyState, ErrorNotice, Loading } from '../../components/Notice.js';
import { describeGrant, describeScope } from '../../lib/grants.js';
import { formatRoute, type Route } from '../../lib/routes.js';
import { GrantEditor } from './GrantEditor.js';
import { RoleMembers } from './RoleMembers.js';
import { DeleteRole, RoleDialog } from './RolesPage.js';

export function RoleDetail({ name, navigate }: { name: string; navigate(route: Route): void }) {
  const role = useRole(name);
  const [dialog, setDialog] = useState<'edit' | 'delete' | undefined>();
  if (role.isPending) return <Loading label={`Loading role “${name}”…`} />;
  if (role.isError) {
    return (
      <div className="page">
        <a href={formatRoute({ page: 'roles' })} className="btn btn--small">
          ← Roles
        </a>
        <ErrorNotice title={`Could not load role “${name}”`} error={role.error} onRetry={() => void role.refetch()} />
      </div>
    );
  }
  const r = role.data;
  return (
    <div className="page" data-testid="role-detail">
      <header className="page__header">
        <a href={formatRoute({ page: 'roles' })} className="btn btn--small" data-testid="role-back">
          ← Roles
        </a>
        <h1>Role “{r.name}”</h1>
        <div className="page__header-end actions">
          <button type="button" className="btn btn--small" onClick={() => setDialog('edit')} data-testid="role-detail-edit">
            Edit
          </button>
          <button type="button" className="btn btn--small btn--danger" onClick={() => setDialog('delete')} data-testid="role-detail-delete">
            Delete…
          </button>
        </div>
      </header>
      {r.description ? <p className="hint">{r.description}</p> : null}
      <section className="card form__section">
        <h2>Grants</h2>
        <GrantList role={r.name} />
      </section>
      <section className="card form__section">
        <h2>Add a grant</h2>
        <GrantEditor role={r.name} />
      </section>
      <section className="card form__section">
        <h2>Members</h2>
        <RoleMembers role={r.name} />
      </section>
      {dialog === 'edit' ? (
        <RoleDialog
          existing={r}
          onClose={() => setDialog(undefined)}
          onSaved={(next) => {
            setDialog(undefined);
            if (next.name !== r.name) navigate({ page: 'roles', name: next.name });
          }}
        />
      ) : null}
      {dialog === 'delete' ? <DeleteRole name={r.name} onCancel={() => setDialog(undefined)} onDeleted={() => navigate({ page: 'roles' })} /> : null}
    </div>
  );
}

function GrantList({ role }: { role: string }) {
  const { identity } = useSession();
  const invalidate = useInvalidateIdentity();
  const grants = useGrants(role);
  const remove = useMutation({ mutationFn: (g: GrantResponse) => identity.removeGrant(role, g.id), onSuccess: () => invalidate() });
  if (grants.isPending) return <Loading label="Loading grants…" />;
  if (grants.isError) return <ErrorNotice title="Could not load the grants" error={grants.error} onRetry={() => void grants.refetch()} />;
  if (grants.data.length === 0) {
    return (
      <EmptyState title="This role grants nothing yet" testId="grants-empty">
        Add a grant below: pick a catalog, optionally a namespace and one table or view in it, and what the role’s members may do there.
      </EmptyState>
    );
  }
  return (
    <>
      <ul className="grant-list" data-testid="grant-list">
        {grants.data.map((g) => (
          <li key={g.id} className="grant" data-testid={`grant-${g.id}`}>
            <div>
              <div className="grant__summary" data-testid="grant-text">
                {describeGrant(g.scope, g.privileges)}
              </div>
              <div className="grant__privileges">
                {g.privileges.map((p) => (
                  <span key={p} className="badge badge--small">
                    {p}
                  </span>
                ))}
              </div>
            </div>
            <button
              type="button"
              className="btn btn--small btn--danger"
              onClick={() => remove.mutate(g)}
              disabled={remove.isPending}
              aria-label={`Remove the grant on ${describeScope(g.scope)}`}
              data-testid={`grant-remove-${g.id}`}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      {remove.error ? <ErrorNotice title="Could not remove the grant" error={remove.error} /> : null}
    </>
  );
}
