// Service users (tenant admins): identities for programs (OAuth2 client credentials,
// PyIceberg's credential="<client_id>:<client_secret>"). Create → the secret once; rotate
// the secret; disable / enable; edit; delete.
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { ServiceUserResponse, ServiceUserSecretResponse } from '../../../../shared/api/identity.js';
import { useSession } from '../../api/api-context.js';
import { useInvalidateIdentity, useServiceUserList } from '../../api/identity-hooks.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { DoneNotice } from '../../components/DoneNotice.js';
import { LoadMore } from '../../components/LoadMore.js';
import { EmptyState, ErrorNotice, Loading } from '../../components/Notice.js';
import { roleLabel } from '../../lib/access.js';
import { formatCreated } from '../../lib/dates.js';
import { formatRoute } from '../../lib/routes.js';
import { RotateSecret, ServiceUserDialog, ServiceUserSecretDialog } from './ServiceUserDialogs.js';

type Dialog =
  | { kind: 'create' }
  | { kind: 'edit' | 'rotate' | 'delete'; serviceUser: ServiceUserResponse }
  | { kind: 'secret'; secret: ServiceUserSecretResponse; rotated: boolean };

export function ServiceUsersPage() {
  const list = useServiceUserList();
  const [dialog, setDialog] = useState<Dialog | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const close = (message?: string) => {
    setDialog(undefined);
    if (message) setDone(message);
  };
  const create = (
    <button type="button" className="btn btn--primary" onClick={() => setDialog({ kind: 'create' })} data-testid="service-user-create">
      Create service user
    </button>
  );
  return (
    <div className="page" data-testid="service-users-page">
      <header className="page__header">
        <h1>Service users</h1>
        {list.items.length ? <div className="page__header-end">{create}</div> : null}
      </header>
      {done ? <DoneNotice onDismiss={() => setDone(undefined)} testId="service-user-notice">{done}</DoneNotice> : null}
      {list.isPending ? (
        <Loading label="Loading service users…" />
      ) : list.isError && !list.items.length ? (
        <ErrorNotice title="Could not load service users" error={list.error} onRetry={list.refetch} />
      ) : list.items.length === 0 ? (
        <EmptyState title="No service users yet" testId="service-users-empty">
          <p>
            A service user is how a program — a Spark job, a PyIceberg script, Trino — signs in, with a client id and secret. Create one, copy its secret
            (shown once), then give it access by adding it to a <a href={formatRoute({ page: 'roles' })}>role</a>.
          </p>
          {create}
        </EmptyState>
      ) : (
        <div className="card card--flush">
          <table className="grid" data-testid="service-users-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Client ID</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((s) => (
                <ServiceUserRow key={s.client_id} serviceUser={s} open={(kind) => setDialog({ kind, serviceUser: s })} onDone={close} />
              ))}
            </tbody>
          </table>
          <LoadMore list={list} noun="service users" testId="service-users-more" />
        </div>
      )}
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
    </div>
  );
}

function ServiceUserRow({ serviceUser: s, open, onDone }: { serviceUser: ServiceUserResponse; open(kind: 'edit' | 'rotate' | 'delete'): void; onDone(message?: string): void }) {
  const { identity } = useSession();
  const invalidate = useInvalidateIdentity();
  const toggle = useMutation({
    mutationFn: () => identity.updateServiceUser(s.client_id, { disabled: !s.disabled }),
    onSuccess: async (next) => {
      await invalidate();
      onDone(`Service user “${next.name}” ${next.disabled ? 'disabled: its secret and API keys no longer work' : 'enabled'}.`);
    },
  });
  return (
    <>
      <tr data-testid={`service-user-row-${s.name}`} className={s.disabled ? 'row--muted' : undefined}>
        <td>
          <strong>{s.name}</strong>
        </td>
        <td>
          <code data-testid={`service-user-client-id-${s.name}`}>{s.client_id}</code>
        </td>
        <td>{roleLabel(s.role)}</td>
        <td>
          <span className={`badge ${s.disabled ? 'badge--fail' : 'badge--ok'}`} data-testid={`service-user-status-${s.name}`}>
            {s.disabled ? 'Disabled' : 'Active'}
          </span>
        </td>
        <td>{formatCreated(s.created_at)}</td>
        <td className="row-actions">
          <button type="button" className="btn btn--small" onClick={() => open('edit')} aria-label={`Edit ${s.name}`} data-testid={`service-user-edit-${s.name}`}>
            Edit
          </button>
          <button type="button" className="btn btn--small" onClick={() => toggle.mutate()} disabled={toggle.isPending} data-testid={`service-user-toggle-${s.name}`}>
            {s.disabled ? 'Enable' : 'Disable'}
          </button>
          <button type="button" className="btn btn--small" onClick={() => open('rotate')} data-testid={`service-user-rotate-${s.name}`}>
            Rotate secret
          </button>
          <button type="button" className="btn btn--small btn--danger" onClick={() => open('delete')} aria-label={`Delete ${s.name}`} data-testid={`service-user-delete-${s.name}`}>
            Delete
          </button>
        </td>
      </tr>
      {toggle.error ? (
        <tr>
          <td colSpan={6}>
            <ErrorNotice title={`Could not ${s.disabled ? 'enable' : 'disable'} “${s.name}”`} error={toggle.error} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function DeleteServiceUser({ serviceUser, onDone }: { serviceUser: ServiceUserResponse; onDone(message?: string): void }) {
  const { identity } = useSession();
  const invalidate = useInvalidateIdentity();
  const del = useMutation({
    mutationFn: () => identity.deleteServiceUser(serviceUser.client_id),
    onSuccess: async () => {
      await invalidate();
      onDone(`Service user “${serviceUser.name}” deleted.`);
    },
  });
  return (
    <ConfirmDialog
      title={`Delete service user “${serviceUser.name}”?`}
      confirmLabel="Delete service user"
      busy={del.isPending}
      onConfirm={() => del.mutate()}
      onCancel={() => onDone()}
      testId="delete-service-user"
      error={del.error ? <ErrorNotice title="Could not delete the service user" error={del.error} /> : null}
    >
      <p>
        Programs using <code>{serviceUser.client_id}</code> can no longer sign in; its API keys and role memberships are removed.
      </p>
    </ConfirmDialog>
  );
}
