// Create an API key: a name, an optional lifetime in days and — for tenant admins — whose
// key it is (root owns no keys, so it always picks an owner).
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { PrincipalResponse } from '../../../../shared/api/auth.js';
import type { CreatedApiKeyResponse, PrincipalKindName } from '../../../../shared/api/identity.js';
import { useSession } from '../../api/api-context.js';
import { useInvalidateIdentity, usePrincipals } from '../../api/identity-hooks.js';
import { Field, useCheckedSubmit } from '../../components/Field.js';
import { FormDialog } from '../../components/FormDialog.js';
import { expiryProblem } from '../../lib/identity-forms.js';

const SELF = 'self';

export function CreateApiKeyDialog({ me, admin, onClose, onCreated }: { me: PrincipalResponse; admin: boolean; onClose(): void; onCreated(k: CreatedApiKeyResponse): void }) {
  const { identity } = useSession();
  const invalidate = useInvalidateIdentity();
  const { users, serviceUsers } = usePrincipals(admin);
  const [name, setName] = useState('');
  const [days, setDays] = useState('90');
  const [owner, setOwner] = useState(me.kind === 'root' ? '' : SELF);
  const owners = [
    ...(me.kind === 'root' ? [] : [{ value: SELF, label: `Me (${me.name})` }]),
    ...(admin ? (users.data ?? []).filter((u) => u.id !== me.id).map((u) => ({ value: `user:${u.id}`, label: `${u.username} (user)` })) : []),
    ...(admin ? (serviceUsers.data ?? []).filter((s) => s.client_id !== me.id).map((s) => ({ value: `service-user:${s.client_id}`, label: `${s.name} (service user)` })) : []),
  ];
  const chosen = owners.some((o) => o.value === owner) ? owner : (owners[0]?.value ?? '');
  const problems = {
    name: name.trim() ? undefined : 'Name the key after what uses it, e.g. “laptop” or “airflow”',
    days: expiryProblem(days),
    owner: chosen ? undefined : 'Pick whose key it is: root cannot own API keys; create a service user first if there is nobody',
  };
  const save = useMutation({
    mutationFn: () => {
      const sep = chosen.indexOf(':');
      const ownerRef = chosen === SELF ? undefined : { kind: chosen.slice(0, sep) as PrincipalKindName, id: chosen.slice(sep + 1) };
      return identity.createApiKey({ name: name.trim(), ...(days.trim() ? { expires_in_days: Number(days) } : {}), ...(ownerRef ? { owner: ownerRef } : {}) });
    },
    onSuccess: async (k) => {
      await invalidate();
      onCreated(k);
    },
  });
  const check = useCheckedSubmit(!problems.name && !problems.days && !problems.owner, () => save.mutate());
  return (
    <FormDialog title="New API key" submitLabel="Create key" busy={save.isPending} error={save.error} onCancel={onClose} onSubmit={check.submit} testId="api-key-dialog">
      <Field label="Name" id="api-key-name" problem={check.attempted ? problems.name : undefined}>
        <input value={name} onChange={(e) => setName(e.target.value)} autoFocus spellCheck={false} maxLength={200} data-testid="api-key-name" />
      </Field>
      <Field label="Expires after (days)" id="api-key-days" problem={problems.days} hint="Leave empty for a key that never expires (revoke it when it is no longer needed).">
        <input inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} data-testid="api-key-days" />
      </Field>
      {admin ? (
        <Field label="Owner" id="api-key-owner" problem={check.attempted || me.kind === 'root' ? problems.owner : undefined} hint="The key acts as its owner, with the owner’s role and grants.">
          <select value={chosen} onChange={(e) => setOwner(e.target.value)} data-testid="api-key-owner">
            {owners.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
    </FormDialog>
  );
}
