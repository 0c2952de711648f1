// Service user dialogs: create / edit (name, role), the secret shown once (with a
// PyIceberg snippet that uses it), and rotate secret.
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { ServiceUserResponse, ServiceUserSecretResponse, TenantRole } from '../../../../shared/api/identity.js';
import { useSession } from '../../api/api-context.js';
import { useServerStatus } from '../../api/hooks.js';
import { useInvalidateIdentity } from '../../api/identity-hooks.js';
import { CodeSnippet } from '../../components/CodeSnippet.js';
import { ConfirmAction } from '../../components/ConfirmDialog.js';
import { Field, useCheckedSubmit } from '../../components/Field.js';
import { CreateOrEditDialog } from '../../components/FormDialog.js';
import { SecretOnceDialog } from '../../components/SecretOnceDialog.js';
import { pyicebergCredentialSnippet } from '../../lib/secret-snippet.js';
import { RoleSelect } from './UserDialogs.js';

export function ServiceUserDialog({ existing, onClose, onCreated, onSaved }: { existing?: ServiceUserResponse; onClose(): void; onCreated(s: ServiceUserSecretResponse): void; onSaved(s: ServiceUserResponse): void }) {
  const { identity } = useSession();
  const invalidate = useInvalidateIdentity();
  const [name, setName] = useState(existing?.name ?? '');
  const [role, setRole] = useState<TenantRole>(existing?.role ?? 'tenant-user');
  const problem = name.trim() ? (name.trim().length > 200 ? 'Use at most 200 characters' : undefined) : 'Enter a name, e.g. the job or tool that will use it';
  const save = useMutation({
    mutationFn: async (): Promise<{ created: ServiceUserSecretResponse } | { saved: ServiceUserResponse }> => {
      if (!existing) return { created: await identity.createServiceUser({ name: name.trim(), role }) };
      return { saved: await identity.updateServiceUser(existing.client_id, { ...(name.trim() !== existing.name ? { name: name.trim() } : {}), ...(role !== existing.role ? { role } : {}) }) };
    },
    onSuccess: async (r) => {
      await invalidate();
      if ('created' in r) onCreated(r.created);
      else onSaved(r.saved);
    },
  });
  const check = useCheckedSubmit(!problem, () => save.mutate());
  return (
    <CreateOrEditDialog noun="service user" existing={existing?.name} save={save} onCancel={onClose} onSubmit={check.submit} testId="service-user-dialog">
      <Field label="Name" id="service-user-name" problem={check.shown(problem, name)} hint="What it is for, e.g. “nightly-etl”. The client id is generated.">
        <input value={name} onChange={(e) => setName(e.target.value)} autoFocus spellCheck={false} data-testid="service-user-name" />
      </Field>
      <RoleSelect value={role} onChange={setRole} testId="service-user-role" />
    </CreateOrEditDialog>
  );
}

/** The new (or rotated) secret, once, with the PyIceberg snippet that uses it. */
export function ServiceUserSecretDialog({ secret, rotated, onDone }: { secret: ServiceUserSecretResponse; rotated: boolean; onDone(): void }) {
  const { host } = useSession();
  const status = useServerStatus();
  const catalogs = status.data?.catalogs.map((c) => c.name) ?? [];
  const [catalog, setCatalog] = useState<string | undefined>();
  const chosen = catalog ?? catalogs[0] ?? 'local';
  return (
    <SecretOnceDialog
      title={rotated ? `New secret for “${secret.name}”` : `Service user “${secret.name}” created`}
      testId="service-user-secret"
      onDone={onDone}
      values={[
        { label: 'Client ID', value: secret.client_id, testId: 'service-user-secret-client-id' },
        { label: 'Client secret', value: secret.client_secret, testId: 'service-user-secret-value' },
      ]}
    >
      {rotated ? <p className="hint">The old secret no longer works: update every client that used it.</p> : null}
      <div className="connect">
        <div className="secret-value__label">
          PyIceberg
          {catalogs.length > 1 ? (
            <select value={chosen} onChange={(e) => setCatalog(e.target.value)} aria-label="Catalog in the snippet" className="inline-select" data-testid="service-user-secret-catalog">
              {catalogs.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          ) : null}
        </div>
        <CodeSnippet code={pyicebergCredentialSnippet(host.serverUrl, chosen, secret.client_id, secret.client_secret)} label="PyIceberg snippet with this credential" testId="service-user-secret-snippet" />
        <p className="hint">
          It reaches only what its roles grant{secret.role === 'tenant-admin' ? ' (a tenant admin reaches every catalog of the tenant)' : ': add it to a role under Roles'}.
        </p>
      </div>
    </SecretOnceDialog>
  );
}

export function RotateSecret({ serviceUser, onCancel, onRotated }: { serviceUser: ServiceUserResponse; onCancel(): void; onRotated(s: ServiceUserSecretResponse): void }) {
  const { identity } = useSession();
  return (
    <ConfirmAction
      title={`Rotate the secret of “${serviceUser.name}”?`}
      confirmLabel="Rotate secret"
      action={() => identity.rotateSecret(serviceUser.client_id)}
      onDone={onRotated}
      onCancel={onCancel}
      testId="rotate-secret"
      refusal={{ title: 'Could not rotate the secret' }}
    >
      <p>A new secret is made and shown once; the current one stops working at once, so clients using it fail until they get the new one.</p>
    </ConfirmAction>
  );
}
