// Who holds a role: the members (users and service users) with "Remove", and a picker to
// add one of the tenant's users or service users.
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { PrincipalKindName } from '../../../../shared/api/identity.js';
import { useSession } from '../../api/api-context.js';
import { useInvalidateIdentity, usePrincipals, useRoleMembers, type RoleMember } from '../../api/identity-hooks.js';
import { EmptyState, ErrorNotice, Loading } from '../../components/Notice.js';
import { formatRoute } from '../../lib/routes.js';

const memberKey = (kind: PrincipalKindName, id: string) => `${kind}:${id}`;

export function RoleMembers({ role }: { role: string }) {
  const { identity } = useSession();
  const invalidate = useInvalidateIdentity();
  const members = useRoleMembers(role);
  const { users, serviceUsers } = usePrincipals();
  const [pick, setPick] = useState('');
  const held = new Set((members.data ?? []).map((m) => memberKey(m.kind, m.id)));
  const candidates = [
    ...(users.data ?? []).map((u) => ({ key: memberKey('user', u.id), label: `${u.username} (user)` })),
    ...(serviceUsers.data ?? []).map((s) => ({ key: memberKey('service-user', s.client_id), label: `${s.name} (service user, ${s.client_id})` })),
  ].filter((c) => !held.has(c.key));
  const chosen = candidates.some((c) => c.key === pick) ? pick : (candidates[0]?.key ?? '');

  const add = useMutation({
    mutationFn: () => {
      const sep = chosen.indexOf(':');
      return identity.addMember(role, chosen.slice(0, sep) as PrincipalKindName, chosen.slice(sep + 1));
    },
    onSuccess: async () => {
      setPick('');
      await invalidate();
    },
  });
  const remove = useMutation({
    mutationFn: (m: RoleMember) => identity.removeMember(role, m.kind, m.id),
    onSuccess: () => invalidate(),
  });

  return (
    <div className="members" data-testid="role-members">
      {members.isPending ? (
        <Loading label="Finding the role’s members…" />
      ) : members.isError ? (
        <ErrorNotice title="Could not list the members" error={members.error} onRetry={() => void members.refetch()} />
      ) : members.data.length === 0 ? (
        <EmptyState title="Nobody holds this role yet" testId="role-members-empty">
          Add a user or a service user below: they get the role’s grants at once.
        </EmptyState>
      ) : (
        <ul className="member-list" data-testid="role-member-list">
          {members.data.map((m) => (
            <li key={memberKey(m.kind, m.id)} className="member" data-testid={`role-member-${m.name}`}>
              <span>
                <strong>{m.name}</strong> <span className="muted small">{m.kind === 'user' ? 'user' : `service user ${m.id}`}</span>
                {m.disabled ? <span className="badge badge--small badge--fail">disabled</span> : null}
              </span>
              <button type="button" className="btn btn--small btn--danger" onClick={() => remove.mutate(m)} disabled={remove.isPending} aria-label={`Remove ${m.name} from ${role}`} data-testid={`role-member-remove-${m.name}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {remove.error ? <ErrorNotice title="Could not remove the member" error={remove.error} /> : null}
      {users.isSuccess && serviceUsers.isSuccess && candidates.length === 0 && !members.isPending ? (
        <p className="hint" data-testid="role-members-no-candidates">
          {held.size ? 'Every user and service user holds this role.' : 'The tenant has no users or service users yet: '}
          {held.size ? null : (
            <>
              create one under <a href={formatRoute({ page: 'users' })}>Users</a> or <a href={formatRoute({ page: 'service-users' })}>Service users</a>.
            </>
          )}
        </p>
      ) : (
        <form
          className="actions"
          onSubmit={(e) => {
            e.preventDefault();
            if (chosen) add.mutate();
          }}
        >
          <label className="field field--inline">
            <span>Add</span>
            <select value={chosen} onChange={(e) => setPick(e.target.value)} aria-label="User or service user to add" data-testid="role-member-pick">
              {candidates.map((c) => (
                <option key={c.key} value={c.key}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="btn" disabled={!chosen || add.isPending} data-testid="role-member-add">
            {add.isPending ? 'Adding…' : 'Add member'}
          </button>
        </form>
      )}
      {add.error ? <ErrorNotice title="Could not add the member" error={add.error} /> : null}
      {users.isError || serviceUsers.isError ? <ErrorNotice title="Could not list users and service users" error={users.error ?? serviceUsers.error} /> : null}
    </div>
  );
}
