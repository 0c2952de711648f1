// Users (tenant admins): people who sign in with a password. Create with a role and a
// password; edit; disable / enable; reset the password; end their sessions; delete.
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { UserResponse } from '../../../../shared/api/identity.js';
import { useSession } from '../../api/api-context.js';
import { useInvalidateIdentity, useMe, useUserList } from '../../api/identity-hooks.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { DoneNotice } from '../../components/DoneNotice.js';
import { LoadMore } from '../../components/LoadMore.js';
import { EmptyState, ErrorNotice, Loading } from '../../components/Notice.js';
import { roleLabel } from '../../lib/access.js';
import { formatCreated } from '../../lib/dates.js';
import { formatRoute } from '../../lib/routes.js';
import { ResetPasswordDialog, UserDialog } from './UserDialogs.js';

type Dialog = { kind: 'create' } | { kind: 'edit' | 'password' | 'delete' | 'sessions'; user: UserResponse };

export function UsersPage() {
  const users = useUserList();
  const me = useMe();
  const [dialog, setDialog] = useState<Dialog | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const close = (message?: string) => {
    setDialog(undefined);
    if (message) setDone(message);
  };
  const create = (
    <button type="button" className="btn btn--primary" onClick={() => setDialog({ kind: 'create' })} data-testid="user-create">
      Create user
    </button>
  );
  return (
    <div className="page" data-testid="users-page">
      <header className="page__header">
        <h1>Users</h1>
        {users.items.length ? <div className="page__header-end">{create}</div> : null}
      </header>
      {done ? <DoneNotice onDismiss={() => setDone(undefined)} testId="user-notice">{done}</DoneNotice> : null}
      {users.isPending ? (
        <Loading label="Loading users…" />
      ) : users.isError && !users.items.length ? (
        <ErrorNotice title="Could not load users" error={users.error} onRetry={users.refetch} />
      ) : users.items.length === 0 ? (
        <EmptyState title="No users yet" testId="users-empty">
          <p>
            Users are people who sign in here with a user name and password. Create one, then give it access to catalogs by adding it to a{' '}
            <a href={formatRoute({ page: 'roles' })}>role</a>. Programs use <a href={formatRoute({ page: 'service-users' })}>service users</a> instead.
          </p>
          {create}
        </EmptyState>
      ) : (
        <div className="card card--flush">
          <table className="grid" data-testid="users-table">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {users.items.map((u) => (
                <UserRow key={u.id} user={u} isMe={me.data?.kind === 'user' && me.data.id === u.id} open={(kind) => setDialog({ kind, user: u })} onDone={close} />
              ))}
            </tbody>
          </table>
          <LoadMore list={users} noun="users" testId="users-more" />
        </div>
      )}
      {dialog?.kind === 'create' || dialog?.kind === 'edit' ? (
        <UserDialog
          existing={dialog.kind === 'edit' ? dialog.user : undefined}
          onClose={() => close()}
          onSaved={(u, created) => close(created ? `User “${u.username}” created. Add it to a role so it can reach catalogs.` : `User “${u.username}” saved.`)}
        />
      ) : null}
      {dialog?.kind === 'password' ? (
        <ResetPasswordDialog user={dialog.user} onClose={() => close()} onDone={() => close(`New password set for “${dialog.user.username}”; their sessions ended.`)} />
      ) : null}
      {dialog?.kind === 'delete' ? <DeleteUser user={dialog.user} onDone={close} /> : null}
      {dialog?.kind === 'sessions' ? <RevokeSessions user={dialog.user} onDone={close} /> : null}
    </div>
  );
}

function UserRow({ user: u, isMe, open, onDone }: { user: UserResponse; isMe: boolean; open(kind: 'edit' | 'password' | 'delete' | 'sessions'): void; onDone(message?: string): void }) {
  const { identity } = useSession();
  const invalidate = useInvalidateIdentity();
  const toggle = useMutation({
    mutationFn: () => identity.updateUser(u.id, { disabled: !u.disabled }),
    onSuccess: async (next) => {
      await invalidate();
      onDone(`User “${next.username}” ${next.disabled ? 'disabled: it can no longer sign in, and its sessions and API keys stop working' : 'enabled'}.`);
    },
  });
  return (
    <>
      <tr data-testid={`user-row-${u.username}`} className={u.disabled ? 'row--muted' : undefined}>
        <td>
          <strong>{u.username}</strong>
          {isMe ? <span className="badge badge--small">you</span> : null}
          {u.email ? <div className="muted small">{u.email}</div> : null}
        </td>
        <td data-testid={`user-role-${u.username}`}>{roleLabel(u.role)}</td>
        <td>
          <span className={`badge ${u.disabled ? 'badge--fail' : 'badge--ok'}`} data-testid={`user-status-${u.username}`}>
            {u.disabled ? 'Disabled' : 'Active'}
          </span>
        </td>
        <td>{formatCreated(u.created_at)}</td>
        <td className="row-actions">
          <button type="button" className="btn btn--small" onClick={() => open('edit')} aria-label={`Edit ${u.username}`} data-testid={`user-edit-${u.username}`}>
            Edit
          </button>
          <button type="button" className="btn btn--small" onClick={() => toggle.mutate()} disabled={toggle.isPending} data-testid={`user-toggle-${u.username}`}>
            {u.disabled ? 'Enable' : 'Disable'}
          </button>
          <button type="button" className="btn btn--small" onClick={() => open('password')} data-testid={`user-password-${u.username}`}>
            Reset password
          </button>
          <button type="button" className="btn btn--small" onClick={() => open('sessions')} data-testid={`user-sessions-${u.username}`}>
            Sign out everywhere
          </button>
          <button type="button" className="btn btn--small btn--danger" onClick={() => open('delete')} aria-label={`Delete ${u.username}`} data-testid={`user-delete-${u.username}`}>
            Delete
          </button>
        </td>
      </tr>
      {toggle.error ? (
        <tr>
          <td colSpan={5}>
            <ErrorNotice title={`Could not ${u.disabled ? 'enable' : 'disable'} “${u.username}”`} error={toggle.error} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function DeleteUser({ user, onDone }: { user: UserResponse; onDone(message?: string): void }) {
  const { identity } = useSession();
  const invalidate = useInvalidateIdentity();
  const del = useMutation({
    mutationFn: () => identity.deleteUser(user.id),
    onSuccess: async () => {
      await invalidate();
      onDone(`User “${user.username}” deleted.`);
    },
  });
  return (
    <ConfirmDialog
      title={`Delete user “${user.username}”?`}
      confirmLabel="Delete user"
      busy={del.isPending}
      onConfirm={() => del.mutate()}
      onCancel={() => onDone()}
      testId="delete-user"
      error={del.error ? <ErrorNotice title="Could not delete the user" error={del.error} /> : null}
    >
      <p>They can no longer sign in; their sessions, API keys and role memberships are removed. Their audit log entries stay.</p>
      <p className="hint">To stop access for a while instead, disable the user.</p>
    </ConfirmDialog>
  );
}

function RevokeSessions({ user, onDone }: { user: UserResponse; onDone(message?: string): void }) {
  const { identity } = useSession();
  const revoke = useMutation({
    mutationFn: () => identity.revokeUserSessions(user.id),
    onSuccess: (n) => onDone(`${n === 1 ? '1 session' : `${n} sessions`} of “${user.username}” ended.`),
  });
  return (
    <ConfirmDialog
      title={`Sign “${user.username}” out everywhere?`}
      confirmLabel="End all sessions"
      busy={revoke.isPending}
      onConfirm={() => revoke.mutate()}
      onCancel={() => onDone()}
      testId="revoke-sessions"
      error={revoke.error ? <ErrorNotice title="Could not end the sessions" error={revoke.error} /> : null}
    >
      <p>Every browser where they are signed in must sign in again. Their API keys keep working (revoke those under API keys).</p>
    </ConfirmDialog>
  );
}
