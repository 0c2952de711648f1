// Service users (tenant admins): identities for programs (OAuth2 client credentials,
// PyIceberg's credential="<client_id>:<client_secret>"). Create → the secret once; rotate
// the secret; disable / enable; edit; delete.
import { useState } from 'react';
import type { ServiceUserResponse, ServiceUserSecretResponse } from '../../../../shared/api/identity.js';
import { useSession } from '../../api/api-context.js';
import { useInvalidateIdentity, useServiceUserList } from '../../api/identity-hooks.js';
import { ConfirmAction } from '../../components/ConfirmDialog.js';
import { useDoneNotice } from '../../components/DoneNotice.js';
import { ListPage } from '../../components/ListPage.js';
import { roleLabel } from '../../lib/access.js';
import { formatRoute } from '../../lib/routes.js';
import { PrincipalRow } from './PrincipalRow.js';
import { RotateSecret, ServiceUserDialog, ServiceUserSecretDialog } from './ServiceUserDialogs.js';

type Dialog =
  | { kind: 'create' }
  | { kind: 'edit' | 'rotate' | 'delete'; serviceUser: ServiceUserResponse }
  | { kind: 'secret'; secret: ServiceUserSecretResponse; rotated: boolean };

export function ServiceUsersPage() {
  const list = useServiceUserList();
  const [dialog, setDialog] = useState<Dialog | undefined>();
  const done = useDoneNotice('service-user-notice');
  const close = (message?: string) => {
    setDialog(undefined);
    done.say(message);
  };
  return (
    <ListPage
      title="Service users"
      testId="service-users-page"
      create={{ label: 'Create service user', testId: 'service-user-create', onClick: () => setDialog({ kind: 'create' }) }}
      intro={done.notice}
      list={list}
      more={{ noun: 'service users', testId: 'service-users-more' }}
      loadingLabel="Loading service users…"
      errorTitle="Could not load service users"
      empty={{
        title: 'No service users yet',
        testId: 'service-users-empty',
        children: (
          <p>
            A service user is how a program — a Spark job, a PyIceberg script, Trino — signs in, with a client id and secret. Create one, copy its secret
            (shown once), then give it access by adding it to a <a href={formatRoute({ page: 'roles' })}>role</a>.
          </p>
        ),
      }}
      columns={['Name', 'Client ID', 'Role', 'Status', 'Created']}
      tableTestId="service-users-table"
      row={(s) => <ServiceUserRow key={s.client_id} serviceUser={s} open={(kind) => setDialog({ kind, serviceUser: s })} onDone={close} />}
    >
      {dialog?.kind === 'create' || dialog?.kind === 'edit' ? (
        <ServiceUserDialog
          existing={dialog.kind === 'edit' ? dialog.serviceUser : undefined}
          onClose={() => close()}
          onCreated={(secret) => setDialog({ kind: 'secret', secret, rotated: false })}
          onSaved={(s) => close(`Service user “${s.name}” saved.`)}
        />
      ) : null}
      {dialog?.kind === 'rotate' ? (
        <RotateSecret serviceUser={dialog.serviceUser} onCancel={() => close()} onRotated={(secret) => setDialog({ kind: 'secret', secret, rotated: true })} />
      ) : null}
      {dialog?.kind === 'secret' ? (
        <ServiceUserSecretDialog
          secret={dialog.secret}
          rotated={dialog.rotated}
          onDone={() => close(dialog.rotated ? `Secret of “${dialog.secret.name}” rotated.` : `Service user “${dialog.secret.name}” created (${dialog.secret.client_id}).`)}
        />
      ) : null}
      {dialog?.kind === 'delete' ? <DeleteServiceUser serviceUser={dialog.serviceUser} onDone={close} /> : null}
    </ListPage>
  );
}

function ServiceUserRow({ serviceUser: s, open, onDone }: { serviceUser: ServiceUserResponse; open(kind: 'edit' | 'rotate' | 'delete'): void; onDone(message?: string): void }) {
  const { identity } = useSession();
  return (
    <PrincipalRow
      kind="service-user"
      name={s.name}
      disabled={s.disabled}
      createdAt={s.created_at}
      columns={6}
      cells={
        <>
          <td>
            <strong>{s.name}</strong>
          </td>
          <td>
            <code data-testid={`service-user-client-id-${s.name}`}>{s.client_id}</code>
          </td>
          <td>{roleLabel(s.role)}</td>
        </>
      }
      actions={
        <button type="button" className="btn btn--small" onClick={() => open('rotate')} data-testid={`service-user-rotate-${s.name}`}>
          Rotate secret
        </button>
      }
      setDisabled={async (disabled) => {
        const next = await identity.updateServiceUser(s.client_id, { disabled });
        return `Service user “${next.name}” ${next.disabled ? 'disabled: its secret and API keys no longer work' : 'enabled'}.`;
      }}
      onEdit={() => open('edit')}
      onDelete={() => open('delete')}
      onDone={onDone}
    />
  );
}

function DeleteServiceUser({ serviceUser, onDone }: { serviceUser: ServiceUserResponse; onDone(message?: string): void }) {
  const { identity } = useSession();
  const invalidate = useInvalidateIdentity();
  return (
    <ConfirmAction
      title={`Delete service user “${serviceUser.name}”?`}
      confirmLabel="Delete service user"
      action={async () => {
        await identity.deleteServiceUser(serviceUser.client_id);
        await invalidate();
      }}
      onDone={() => onDone(`Service user “${serviceUser.name}” deleted.`)}
      onCancel={() => onDone()}
      testId="delete-service-user"
      refusal={{ title: 'Could not delete the service user' }}
    >
      <p>
        Programs using <code>{serviceUser.client_id}</code> can no longer sign in; its API keys and role memberships are removed.
      </p>
    </ConfirmAction>
  );
}
