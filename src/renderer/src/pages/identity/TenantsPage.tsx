// Tenants (root only): the list, create and edit (name, properties) in a dialog, delete
// with confirmation, and "Act on" — the same as the top bar's tenant switcher.
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { TenantResponse } from '../../../../shared/api/identity.js';
import { useSession } from '../../api/api-context.js';
import { useInvalidateIdentity, useTenantList } from '../../api/identity-hooks.js';
import { ConfirmAction } from '../../components/ConfirmDialog.js';
import { useDoneNotice } from '../../components/DoneNotice.js';
import { Field, useCheckedSubmit } from '../../components/Field.js';
import { CreateOrEditDialog } from '../../components/FormDialog.js';
import { KeyValueEditor, PropertyCount } from '../../components/KeyValueEditor.js';
import { ListPage } from '../../components/ListPage.js';
import { DeleteButton, EditButton } from '../../components/RowActions.js';
import { configToRows, hasIssues, rowsToConfig, validateRows, type ConfigRow } from '../../lib/config-rows.js';
import { formatCreated } from '../../lib/dates.js';
import { entityNameProblem } from '../../lib/identity-forms.js';
import type { Route } from '../../lib/routes.js';

export function TenantsPage({ navigate }: { navigate(route: Route): void }) {
  const { actingTenant, setActingTenant } = useSession();
  const tenants = useTenantList();
  const [editing, setEditing] = useState<TenantResponse | 'new' | undefined>();
  const [deleting, setDeleting] = useState<string | undefined>();
  const done = useDoneNotice('tenant-notice');
  const actOn = (name: string) => {
    setActingTenant(name);
    navigate({ page: 'users' });
  };
  return (
    <ListPage
      title="Tenants"
      testId="tenants-page"
      create={{ label: 'Create tenant', testId: 'tenant-create', onClick: () => setEditing('new') }}
      intro={
        <>
          <p className="hint">
            A tenant is a separate space with its own warehouses, catalogs, users and roles; its users never see another tenant. As root you act on one
            tenant at a time (the switcher in the top bar).
          </p>
          {done.notice}
        </>
      }
      list={tenants}
      more={{ noun: 'tenants', testId: 'tenants-more' }}
      loadingLabel="Loading tenants…"
      errorTitle="Could not load tenants"
      empty={{
        title: 'No tenants',
        testId: 'tenants-empty',
        children: <p>The server creates the “default” tenant when it starts; create one for each team or customer that must be kept apart.</p>,
      }}
      columns={['Name', 'Properties', 'Created']}
      tableTestId="tenants-table"
      row={(t) => (
        <tr key={t.id} data-testid={`tenant-row-${t.name}`}>
          <td>
            {t.name}
            {actingTenant === t.name ? <span className="badge badge--small badge--ok">acting on</span> : null}
            <div className="muted small">{t.id}</div>
          </td>
          <td>
            <PropertyCount properties={t.properties} />
          </td>
          <td>{formatCreated(t.created_at)}</td>
          <td className="row-actions">
            <button type="button" className="btn btn--small" onClick={() => actOn(t.name)} data-testid={`tenant-act-${t.name}`}>
              Act on
            </button>
            <EditButton name={t.name} onClick={() => setEditing(t)} testId={`tenant-edit-${t.name}`} />
            <DeleteButton name={t.name} onClick={() => setDeleting(t.name)} testId={`tenant-delete-${t.name}`} />
          </td>
        </tr>
      )}
    >
      {editing ? (
        <TenantDialog
          existing={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={(t, created) => {
            // Renamed the tenant root acts on: follow it (the header names tenants by name).
            if (editing !== 'new' && editing.name === actingTenant && t.name !== editing.name) setActingTenant(t.name);
            setEditing(undefined);
            done.say(`Tenant “${t.name}” ${created ? 'created' : 'saved'}.`);
          }}
        />
      ) : null}
      {deleting ? (
        <DeleteTenant
          name={deleting}
          onCancel={() => setDeleting(undefined)}
          onDeleted={() => {
            if (actingTenant === deleting) setActingTenant(undefined);
            done.say(`Tenant “${deleting}” deleted.`);
            setDeleting(undefined);
          }}
          onActOn={() => actOn(deleting)}
        />
      ) : null}
    </ListPage>
  );
}

function TenantDialog({ existing, onClose, onSaved }: { existing?: TenantResponse; onClose(): void; onSaved(t: TenantResponse, created: boolean): void }) {
  const { identity } = useSession();
  const invalidate = useInvalidateIdentity();
  const [name, setName] = useState(existing?.name ?? '');
  const [rows, setRows] = useState<ConfigRow[]>(() => configToRows(existing?.properties ?? {}));
  const nameProblem = entityNameProblem(name, 'tenant');
  const issues = validateRows(rows, undefined, { kind: 'properties' });
  const save = useMutation({
    mutationFn: () => {
      const properties = rowsToConfig(rows);
      if (!existing) return identity.createTenant({ name: name.trim(), properties });
      return identity.updateTenant(existing.name, { ...(name.trim() !== existing.name ? { name: name.trim() } : {}), properties });
    },
    onSuccess: async (t) => {
      await invalidate();
      onSaved(t, !existing);
    },
  });
  const check = useCheckedSubmit(!nameProblem && !hasIssues(issues), () => save.mutate());
  return (
    <CreateOrEditDialog noun="tenant" existing={existing?.name} save={save} onCancel={onClose} onSubmit={check.submit} testId="tenant-dialog">
      <Field label="Name" id="tenant-name" problem={check.shown(nameProblem, name)} hint="Users of this tenant type it when they sign in.">
        <input value={name} onChange={(e) => setName(e.target.value)} autoFocus spellCheck={false} placeholder="team-a" aria-describedby="tenant-name-help" data-testid="tenant-name" />
      </Field>
      <div className="field">
        <span>
          Properties <span className="muted small">optional notes, e.g. owner or cost centre</span>
        </span>
        <KeyValueEditor label="Tenant properties" rows={rows} onChange={setRows} issues={issues} testId="tenant-properties" showAll={check.attempted} />
      </div>
    </CreateOrEditDialog>
  );
}

function DeleteTenant({ name, onCancel, onDeleted, onActOn }: { name: string; onCancel(): void; onDeleted(): void; onActOn(): void }) {
  const { identity } = useSession();
  const invalidate = useInvalidateIdentity();
  return (
    <ConfirmAction
      title={`Delete tenant “${name}”?`}
      confirmLabel="Delete tenant"
      action={async () => {
        await identity.deleteTenant(name);
        await invalidate();
      }}
      onDone={onDeleted}
      onCancel={onCancel}
      testId="delete-tenant"
      refusal={{
        title: 'Could not delete the tenant',
        conflict: {
          title: 'The tenant is not empty',
          explain: (
            <p className="hint">
              Delete its catalogs and warehouses first:{' '}
              <button type="button" className="link" onClick={onActOn}>
                act on “{name}”
              </button>{' '}
              and open Catalogs and Warehouses.
            </p>
          ),
        },
      }}
    >
      <p>Its users, service users, API keys, roles and grants are deleted with it and can no longer sign in. Its audit events are kept.</p>
    </ConfirmAction>
  );
}
