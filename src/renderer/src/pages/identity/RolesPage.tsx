// Roles (tenant admins): named sets of grants given to users and service users. The list,
// create / edit (name, description) in a dialog, delete with confirmation; a role opens
// on its own page (RoleDetail) for grants and members.
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { RoleResponse } from '../../../../shared/api/identity.js';
import { useSession } from '../../api/api-context.js';
import { useInvalidateIdentity, useRoleList } from '../../api/identity-hooks.js';
import { ConfirmAction } from '../../components/ConfirmDialog.js';
import { useDoneNotice } from '../../components/DoneNotice.js';
import { Field, useCheckedSubmit } from '../../components/Field.js';
import { CreateOrEditDialog } from '../../components/FormDialog.js';
import { ListPage } from '../../components/ListPage.js';
import { DeleteButton, EditButton } from '../../components/RowActions.js';
import { formatCreated } from '../../lib/dates.js';
import { entityNameProblem } from '../../lib/identity-forms.js';
import { formatRoute, type Route } from '../../lib/routes.js';

export function RolesPage({ navigate }: { navigate(route: Route): void }) {
  const roles = useRoleList();
  const [editing, setEditing] = useState<RoleResponse | 'new' | undefined>();
  const [deleting, setDeleting] = useState<string | undefined>();
  const done = useDoneNotice('role-notice');
  return (
    <ListPage
      title="Roles"
      testId="roles-page"
      create={{ label: 'Create role', testId: 'role-create', onClick: () => setEditing('new') }}
      intro={done.notice}
      list={roles}
      more={{ noun: 'roles', testId: 'roles-more' }}
      loadingLabel="Loading roles…"
      errorTitle="Could not load roles"
      empty={{
        title: 'No roles yet',
        testId: 'roles-empty',
        children: (
          <p>
            Tenant users reach only what a role grants them. Create a role (say “analysts”), grant it privileges on a catalog, a namespace or one table,
            then add users and service users to it.
          </p>
        ),
      }}
      columns={['Name', 'Description', 'Created']}
      tableTestId="roles-table"
      row={(r) => (
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
            <EditButton name={r.name} onClick={() => setEditing(r)} testId={`role-edit-${r.name}`} />
            <DeleteButton name={r.name} onClick={() => setDeleting(r.name)} testId={`role-delete-${r.name}`} />
          </td>
        </tr>
      )}
    >
      {editing ? (
        <RoleDialog
          existing={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={(r, created) => {
            setEditing(undefined);
            // A new role has nothing yet: go straight to its grants and members.
            if (created) navigate({ page: 'roles', name: r.name });
            else done.say(`Role “${r.name}” saved.`);
          }}
        />
      ) : null}
      {deleting ? (
        <DeleteRole
          name={deleting}
          onCancel={() => setDeleting(undefined)}
          onDeleted={() => {
            done.say(`Role “${deleting}” deleted.`);
            setDeleting(undefined);
          }}
        />
      ) : null}
    </ListPage>
  );
}

export function RoleDialog({ existing, onClose, onSaved }: { existing?: RoleResponse; onClose(): void; onSaved(r: RoleResponse, created: boolean): void }) {
  const { identity } = useSession();
  const invalidate = useInvalidateIdentity();
  const [name, setName] = useState(existing?.name ?? '');
  const [description, setDescription] = useState(existing?.description ?? '');
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
  const check = useCheckedSubmit(!problem, () => save.mutate());
  return (
    <CreateOrEditDialog noun="role" existing={existing?.name} save={save} onCancel={onClose} onSubmit={check.submit} testId="role-dialog">
      <Field label="Name" id="role-name" problem={check.shown(problem, name)}>
        <input value={name} onChange={(e) => setName(e.target.value)} autoFocus spellCheck={false} placeholder="analysts" data-testid="role-name" />
      </Field>
      <Field label="Description (optional)" id="role-description" hint="Who it is for, in a few words.">
        <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={1000} data-testid="role-description" />
      </Field>
    </CreateOrEditDialog>
  );
}

export function DeleteRole({ name, onCancel, onDeleted }: { name: string; onCancel(): void; onDeleted(): void }) {
  const { identity } = useSession();
  const invalidate = useInvalidateIdentity();
  return (
    <ConfirmAction
      title={`Delete role “${name}”?`}
      confirmLabel="Delete role"
      action={async () => {
        await identity.deleteRole(name);
        await invalidate();
      }}
      onDone={onDeleted}
      onCancel={onCancel}
      testId="delete-role"
      refusal={{ title: 'Could not delete the role' }}
    >
      <p>Its grants go with it: its members lose what it gave them (at once on this server, within seconds on others).</p>
    </ConfirmAction>
  );
}
