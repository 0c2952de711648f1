// Roles (tenant admins): named sets of grants given to users and service users. The list,
// create / edit (name, description) in a dialog, delete with confirmation; a role opens
// on its own page (RoleDetail) for grants and members.
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { RoleResponse } from '../../../../shared/api/identity.js';
import { useSession } from '../../api/api-context.js';
import { useInvalidateIdentity, useRoleList } from '../../api/identity-hooks.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { DoneNotice } from '../../components/DoneNotice.js';
import { Field, FormDialog } from '../../components/FormDialog.js';
import { LoadMore } from '../../components/LoadMore.js';
import { EmptyState, ErrorNotice, Loading } from '../../components/Notice.js';
import { formatCreated } from '../../lib/dates.js';
import { entityNameProblem } from '../../lib/identity-forms.js';
import { formatRoute, type Route } from '../../lib/routes.js';

export function RolesPage({ navigate }: { navigate(route: Route): void }) {
  const roles = useRoleList();
  const [editing, setEditing] = useState<RoleResponse | 'new' | undefined>();
  const [deleting, setDeleting] = useState<string | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const create = (
    <button type="button" className="btn btn--primary" onClick={() => setEditing('new')} data-testid="role-create">
      Create role
    </button>
  );
  return (
    <div className="page" data-testid="roles-page">
      <header className="page__header">
        <h1>Roles</h1>
        {roles.items.length ? <div className="page__header-end">{create}</div> : null}
      </header>
      {done ? <DoneNotice onDismiss={() => setDone(undefined)} testId="role-notice">{done}</DoneNotice> : null}
      {roles.isPending ? (
        <Loading label="Loading roles…" />
      ) : roles.isError && !roles.items.length ? (
        <ErrorNotice title="Could not load roles" error={roles.error} onRetry={roles.refetch} />
      ) : roles.items.length === 0 ? (
        <EmptyState title="No roles yet" testId="roles-empty">
          <p>
            Tenant users reach only what a role grants them. Create a role (say “analysts”), grant it privileges on a catalog, a namespace or one table,
            then add users and service users to it.
          </p>
          {create}
        </EmptyState>
      ) : (
        <div className="card card--flush">
          <table className="grid" data-testid="roles-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Description</th>
                <th scope="col">Created</th>
                <th scope="col"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {roles.items.map((r) => (
                <tr key={r.id} data-testid={`role-row-${r.name}`}>
                  <td>
                    <a href={formatRoute({ page: 'roles', name: r.name })} data-testid={`role-link-${r.name}`}>
                      {r.name}
                    </a>
                  </td>
                  <td>{r.description || <span className="muted">none</span>}</td>
                  <td>{formatCreated(r.created_at)}</td>
                  <td className="row-actions">
                    <a href={formatRoute({ page: 'roles', name: r.name })} className="btn btn--small" aria-label={`Grants and members of ${r.name}`}>
                      Grants &amp; members
                    </a>
                    <button type="button" className="btn btn--small" onClick={() => setEditing(r)} aria-label={`Edit ${r.name}`} data-testid={`role-edit-${r.name}`}>
                      Edit
                    </button>
                    <button type="button" className="btn btn--small btn--danger" onClick={() => setDeleting(r.name)} aria-label={`Delete ${r.name}`} data-testid={`role-delete-${r.name}`}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <LoadMore list={roles} noun="roles" testId="roles-more" />
        </div>
      )}
      {editing ? (
        <RoleDialog
          existing={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={(r, created) => {
            setEditing(undefined);
            // A new role has nothing yet: go straight to its grants and members.
            if (created) navigate({ page: 'roles', name: r.name });
            else setDone(`Role “${r.name}” saved.`);
          }}
        />
      ) : null}
      {deleting ? (
        <DeleteRole
          name={deleting}
          onCancel={() => setDeleting(undefined)}
          onDeleted={() => {
            setDone(`Role “${deleting}” deleted.`);
            setDeleting(undefined);
          }}
        />
      ) : null}
    </div>
  );
}

export function RoleDialog({ existing, onClose, onSaved }: { existing?: RoleResponse; onClose(): void; onSaved(r: RoleResponse, created: boolean): void }) {
  const { identity } = useSession();
  const invalidate = useInvalidateIdentity();
  const [name, setName] = useState(existing?.name ?? '');
  const [description, setDescription] = useState(existing?.description ?? '');
  const [attempted, setAttempted] = useState(false);
  const problem = entityNameProblem(name, 'role');
  const save = useMutation({
    mutationFn: () =>
      existing
        ? identity.updateRole(existing.name, { ...(name.trim() !== existing.name ? { name: name.trim() } : {}), description })
        : identity.createRole({ name: name.trim(), description }),
    onSuccess: async (r) => {
      await invalidate();
      onSaved(r, !existing);
    },
  });
  return (
    <FormDialog
      title={existing ? `Role “${existing.name}”` : 'New role'}
      submitLabel={existing ? 'Save changes' : 'Create role'}
      busy={save.isPending}
      error={save.error}
      onCancel={onClose}
      onSubmit={() => {
        setAttempted(true);
        if (!problem) save.mutate();
      }}
      testId="role-dialog"
    >
      <Field label="Name" id="role-name" problem={attempted || name ? problem : undefined}>
        <input value={name} onChange={(e) => setName(e.target.value)} autoFocus spellCheck={false} placeholder="analysts" data-testid="role-name" />
      </Field>
      <Field label="Description (optional)" id="role-description" hint="Who it is for, in a few words.">
        <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={1000} data-testid="role-description" />
      </Field>
    </FormDialog>
  );
}

export function DeleteRole({ name, onCancel, onDeleted }: { name: string; onCancel(): void; onDeleted(): void }) {
  const { identity } = useSession();
  const invalidate = useInvalidateIdentity();
  const del = useMutation({
    mutationFn: () => identity.deleteRole(name),
    onSuccess: async () => {
      await invalidate();
      onDeleted();
    },
  });
  return (
    <ConfirmDialog
      title={`Delete role “${name}”?`}
      confirmLabel="Delete role"
      busy={del.isPending}
      onConfirm={() => del.mutate()}
      onCancel={onCancel}
      testId="delete-role"
      error={del.error ? <ErrorNotice title="Could not delete the role" error={del.error} /> : null}
    >
      <p>Its grants go with it: its members lose what it gave them (at once on this server, within seconds on others).</p>
    </ConfirmDialog>
  );
}
