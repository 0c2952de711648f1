// The user dialogs: create (name, email, role, password), edit (name, email, role) and
// reset password (which also ends the user's sessions).
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { TenantRole, UserResponse } from '../../../../shared/api/identity.js';
import { useSession } from '../../api/api-context.js';
import { useInvalidateIdentity } from '../../api/identity-hooks.js';
import { Field, useCheckedSubmit } from '../../components/Field.js';
import { CreateOrEditDialog, FormDialog } from '../../components/FormDialog.js';
import { emailProblem, generatePassword, MIN_PASSWORD_LENGTH, passwordProblem, usernameProblem } from '../../lib/identity-forms.js';

export function RoleSelect({ value, onChange, testId }: { value: TenantRole; onChange(r: TenantRole): void; testId: string }) {
  return (
    <Field
      label="Tenant role"
      id={testId}
      hint={
        value === 'tenant-admin'
          ? 'Manages the tenant: warehouses, catalogs, users, roles and the audit log, and reaches every catalog.'
          : 'Sees and changes only what the roles they hold grant.'
      }
    >
      <select value={value} onChange={(e) => onChange(e.target.value as TenantRole)} data-testid={testId}>
        <option value="tenant-user">Tenant user</option>
        <option value="tenant-admin">Tenant admin</option>
      </select>
    </Field>
  );
}

function PasswordFields(props: { password: string; confirm: string; onPassword(p: string): void; onConfirm(p: string): void; problem?: string; testId: string }) {
  const [shown, setShown] = useState(false);
  return (
    <>
      <Field label="Password" id={`${props.testId}-password`} hint={`At least ${MIN_PASSWORD_LENGTH} characters; not a well-known password.`}>
        <div className="kv__value">
          <input
            type={shown ? 'text' : 'password'}
            value={props.password}
            onChange={(e) => props.onPassword(e.target.value)}
            autoComplete="new-password"
            data-testid={`${props.testId}-password`}
          />
          <button type="button" className="btn btn--small" aria-pressed={shown} onClick={() => setShown(!shown)}>
            {shown ? 'Hide' : 'Show'}
          </button>
          <button
            type="button"
            className="btn btn--small"
            onClick={() => {
              const p = generatePassword();
              props.onPassword(p);
              props.onConfirm(p);
              setShown(true);
            }}
            data-testid={`${props.testId}-generate`}
          >
            Generate
          </button>
        </div>
      </Field>
      <Field label="Repeat the password" id={`${props.testId}-confirm`} problem={props.problem}>
        <input type={shown ? 'text' : 'password'} value={props.confirm} onChange={(e) => props.onConfirm(e.target.value)} autoComplete="new-password" data-testid={`${props.testId}-confirm`} />
      </Field>
    </>
  );
}

export function UserDialog({ existing, onClose, onSaved }: { existing?: UserResponse; onClose(): void; onSaved(u: UserResponse, created: boolean): void }) {
  const { identity } = useSession();
  const invalidate = useInvalidateIdentity();
  const [username, setUsername] = useState(existing?.username ?? '');
  const [email, setEmail] = useState(existing?.email ?? '');
  const [role, setRole] = useState<TenantRole>(existing?.role ?? 'tenant-user');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const problems = {
    username: usernameProblem(username),
    email: emailProblem(email),
    password: existing ? undefined : passwordProblem(password, confirm, username),
  };
  const save = useMutation({
    mutationFn: () => {
      const mail = email.trim();
      if (!existing) return identity.createUser({ username: username.trim(), password, role, ...(mail ? { email: mail } : {}) });
      return identity.updateUser(existing.id, {
        ...(username.trim() !== existing.username ? { username: username.trim() } : {}),
        ...(mail !== (existing.email ?? '') ? { email: mail || null } : {}),
        ...(role !== existing.role ? { role } : {}),
      });
    },
    onSuccess: async (u) => {
      await invalidate();
      onSaved(u, !existing);
    },
  });
  const check = useCheckedSubmit(!problems.username && !problems.email && !problems.password, () => save.mutate());
  return (
    <CreateOrEditDialog noun="user" existing={existing?.username} save={save} onCancel={onClose} onSubmit={check.submit} testId="user-dialog">
      <Field label="User name" id="user-name" problem={check.shown(problems.username, username)} hint="What they type to sign in.">
        <input value={username} onChange={(e) => setUsername(e.target.value)} autoFocus spellCheck={false} autoComplete="off" data-testid="user-name" />
      </Field>
      <Field label="Email (optional)" id="user-email" problem={check.shown(problems.email, email)}>
        <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} spellCheck={false} data-testid="user-email" />
      </Field>
      <RoleSelect value={role} onChange={setRole} testId="user-role" />
      {existing ? null : (
        <PasswordFields password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} problem={check.shown(problems.password, confirm)} testId="user" />
      )}
    </CreateOrEditDialog>
  );
}

export function ResetPasswordDialog({ user, onClose, onDone }: { user: UserResponse; onClose(): void; onDone(): void }) {
  const { identity } = useSession();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const problem = passwordProblem(password, confirm, user.username);
  const save = useMutation({ mutationFn: () => identity.updateUser(user.id, { password }), onSuccess: onDone });
  const check = useCheckedSubmit(!problem, () => save.mutate());
  return (
    <FormDialog title={`Reset the password of “${user.username}”`} submitLabel="Set password" busy={save.isPending} error={save.error} onCancel={onClose} onSubmit={check.submit} testId="reset-password">
      <p className="hint">Their sessions end now: they sign in again with the new password. Tell it to them over a channel you trust.</p>
      <PasswordFields password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} problem={check.shown(problem, confirm)} testId="reset" />
    </FormDialog>
  );
}
