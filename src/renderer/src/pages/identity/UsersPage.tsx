// Users (tenant admins): people who sign in with a password. Create with a role and a
// password; edit; disable / enable; reset the password; end their sessions; delete.
import { useState } from 'react';
import type { UserResponse } from '../../../../shared/api/identity.js';
import { useSession } from '../../api/api-context.js';
import { useInvalidateIdentity, useMe, useUserList } from '../../api/identity-hooks.js';
import { ConfirmAction } from '../../components/ConfirmDialog.js';
import { useDoneNotice } from '../../components/DoneNotice.js';
import { ListPage } from '../../components/ListPage.js';
import { roleLabel } from '../../lib/access.js';
import { formatRoute } from '../../lib/routes.js';
import { PrincipalRow } from './PrincipalRow.js';
import { ResetPasswordDialog, UserDialog } from './UserDialogs.js';

type Dialog = { kind: 'create' } | { kind: 'edit' | 'password' | 'delete' | 'sessions'; user: UserResponse };

export function UsersPage() {
  const users = useUserList();
  const me = useMe();
  const [dialog, setDialog] = useState<Dialog | undefined>();
  const done = useDoneNotice('user-notice');
  const close = (message?: string) => {
    setDialog(undefined);
    done.say(message);
  };
  return (
    <ListPage
      title="Users"
      testId="users-page"
      create={{ label: 'Create user', testId: 'user-create', onClick: () => setDialog({ kind: 'create' }) }}
      intro={done.notice}
      list={users}
      more={{ noun: 'users', testId: 'users-more' }}
      loadingLabel="Loading users…"
      errorTitle="Could not load users"
      empty={{
        title: 'No users yet',
        testId: 'users-empty',
        children: (
          <p>
            Users are people who sign in here with a user name and password. Create one, then give it access to catalogs by adding it to a{' '}
            <a href={formatRoute({ page: 'roles' })}>role</a>. Programs use <a href={formatRoute({ page: 'service-users' })}>service users</a> instead.
          </p>
        ),
      }}
      columns={['User', 'Role', 'Status', 'Created']}
      tableTestId="users-table"
      row={(u) => <UserRow key={u.id} user={u} isMe={me.data?.kind === 'user' && me.data.id === u.id} open={(kind) => setDialog({ kind, user: u })} onDone={close} />}
    >
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
    </ListPage>
  );
}

function UserRow({ user: u, isMe, open, onDone }: { user: UserResponse; isMe: boolean; open(kind: 'edit' | 'password' | 'delete' | 'sessions'): void; onDone(message?: string): void }) {
  const { identity } = useSession();
  return (
    <PrincipalRow
      kind="user"
      name={u.username}
      disabled={u.disabled}
      createdAt={u.created_at}
      columns={5}
      cells={
        <>
          <td>
            <strong>{u.username}</strong>
            {isMe ? <span className="badge badge--small">you</span> : null}
            {u.email ? <div className="muted small">{u.email}</div> : null}
          </td>
          <td data-testid={`user-role-${u.username}`}>{roleLabel(u.role)}</td>
        </>
      }
      actions={
        <>
          <button type="button" className="btn btn--small" onClick={() => open('password')} data-testid={`user-password-${u.username}`}>
            Reset password
          </button>
          <button type="button" className="btn btn--small" onClick={() => open('sessions')} data-testid={`user-sessions-${u.username}`}>
            Sign out everywhere
          </button>
        </>
      }
      setDisabled={async (disabled) => {
        const next = await identity.updateUser(u.id, { disabled });
        return `User “${next.username}” ${next.disabled ? 'disabled: it can no longer sign in, and its sessions and API keys stop working' : 'enabled'}.`;
      }}
      onEdit={() => open('edit')}
      onDelete={() => open('delete')}
      onDone={onDone}
    />
  );
}

function DeleteUser({ user, onDone }: { user: UserResponse; onDone(message?: string): void }) {
  const { identity } = useSession();
  const invalidate = useInvalidateIdentity();
  return (
    <ConfirmAction
      title={`Delete user “${user.username}”?`}
      confirmLabel="Delete user"
      action={async () => {
        await identity.deleteUser(user.id);
        await invalidate();
      }}
      onDone={() => onDone(`User “${user.username}” deleted.`)}
      onCancel={() => onDone()}
      testId="delete-user"
      refusal={{ title: 'Could not delete the user' }}
    >
      <p>They can no longer sign in; their sessions, API keys and role memberships are removed. Their audit log entries stay.</p>
      <p className="hint">To stop access for a while instead, disable the user.</p>
    </ConfirmAction>
  );
}

function RevokeSessions({ user, onDone }: { user: UserResponse; onDone(message?: string): void }) {
  const { identity } = useSession();
  return (
    <ConfirmAction
      title={`Sign “${user.username}” out everywhere?`}
      confirmLabel="End all sessions"
      action={() => identity.revokeUserSessions(user.id)}
      onDone={(n) => onDone(`${n === 1 ? '1 session' : `${n} sessions`} of “${user.username}” ended.`)}
      onCancel={() => onDone()}
      testId="revoke-sessions"
      refusal={{ title: 'Could not end the sessions' }}
    >
      <p>Every browser where they are signed in must sign in again. Their API keys keep working (revoke those under API keys).</p>
    </ConfirmAction>
  );
}
