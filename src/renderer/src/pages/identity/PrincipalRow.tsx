// One user or service user in its list: its own cells, the status badge, and the actions
// both have — Edit, Disable / Enable (saved at once), the kind's own actions, Delete — with
// the server's refusal of the toggle in a row of its own below.
import type { ReactNode } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useInvalidateIdentity } from '../../api/identity-hooks.js';
import { ErrorNotice } from '../../components/Notice.js';
import { DeleteButton, EditButton } from '../../components/RowActions.js';
import { formatCreated } from '../../lib/dates.js';

export interface PrincipalRowProps {
  /** Test id prefix: "user" → user-row-<name>, user-status-<name>, user-edit-<name>… */
  kind: 'user' | 'service-user';
  name: string;
  disabled: boolean;
  createdAt: string;
  /** The cells before Status. */
  cells: ReactNode;
  /** The buttons between Disable / Enable and Delete. */
  actions: ReactNode;
  /** All the row's columns, for the error row. */
  columns: number;
  /** Saves the new disabled flag; resolves to the message shown above the list. */
  setDisabled(disabled: boolean): Promise<string>;
  onEdit(): void;
  onDelete(): void;
  onDone(message?: string): void;
}

export function PrincipalRow(p: PrincipalRowProps) {
  const invalidate = useInvalidateIdentity();
  const toggle = useMutation({
    mutationFn: () => p.setDisabled(!p.disabled),
    onSuccess: async (message) => {
      await invalidate();
      p.onDone(message);
    },
  });
  return (
    <>
      <tr data-testid={`${p.kind}-row-${p.name}`} className={p.disabled ? 'row--muted' : undefined}>
        {p.cells}
        <td>
          <span className={`badge ${p.disabled ? 'badge--fail' : 'badge--ok'}`} data-testid={`${p.kind}-status-${p.name}`}>
            {p.disabled ? 'Disabled' : 'Active'}
          </span>
        </td>
        <td>{formatCreated(p.createdAt)}</td>
        <td className="row-actions">
          <EditButton name={p.name} onClick={p.onEdit} testId={`${p.kind}-edit-${p.name}`} />
          <button type="button" className="btn btn--small" onClick={() => toggle.mutate()} disabled={toggle.isPending} data-testid={`${p.kind}-toggle-${p.name}`}>
            {p.disabled ? 'Enable' : 'Disable'}
          </button>
          {p.actions}
          <DeleteButton name={p.name} onClick={p.onDelete} testId={`${p.kind}-delete-${p.name}`} />
        </td>
      </tr>
      {toggle.error ? (
        <tr>
          <td colSpan={p.columns}>
            <ErrorNotice title={`Could not ${p.disabled ? 'enable' : 'disable'} “${p.name}”`} error={toggle.error} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
