// Tenants (root only): the list, create and edit (name, properties) in a dialog, delete
// with confirmation, and "Act on" — the same as the top bar's tenant switcher.
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { TenantResponse } from '../../../../shared/api/identity.js';
import { useSession } from '../../api/api-context.js';
import { ApiError } from '../../api/client.js';
import { useInvalidateIdentity, useTenantList } from '../../api/identity-hooks.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { DoneNotice } from '../../components/DoneNotice.js';
import { Field, FormDialog } from '../../components/FormDialog.js';
import { KeyValueEditor } from '../../components/KeyValueEditor.js';
import { LoadMore } from '../../components/LoadMore.js';
import { EmptyState, ErrorNotice, Loading } from '../../components/Notice.js';
import { configToRows, hasIssues, rowsToConfig, validateRows, type ConfigRow } from '../../lib/config-rows.js';
import { formatCreated } from '../../lib/dates.js';
import { entityNameProblem } from '../../lib/identity-forms.js';
import type { Route } from '../../lib/routes.js';

export function TenantsPage({ navigate }: { navigate(route: Route): void }) {
  const { actingTenant, setActingTenant } = useSession();
  const tenants = useTenantList();
  const [editing, setEditing] = useState<TenantResponse | 'new' | undefined>();
  const [deleting, setDeleting] = useState<string | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const create = (
    <button type="button" className="btn btn--primary" onClick={() => setEditing('new')} data-testid="tenant-create">
      Create tenant
    </button>
  );
  const actOn = (name: string) => {
    setActingTenant(name);
    navigate({ page: 'users' });
  };
  return (
    <div className="page" data-testid="tenants-page">
      <header className="page__header">
        <h1>Tenants</h1>
        {tenants.items.length ? <div className="page__header-end">{create}</div> : null}
      </header>
      <p className="hint">
        A tenant is a separate space with its own warehouses, catalogs, users and roles; its users never see another tenant. As root you act on one
        tenant at a time (the switcher in the top bar).
      </p>
      {done ? <DoneNotice onDismiss={() => setDone(undefined)} testId="tenant-notice">{done}</DoneNotice> : null}
      {tenants.isPending ? (
        <Loading label="Loading tenants…" />
      ) : tenants.isError && !tenants.items.length ? (
        <ErrorNotice title="Could not load tenants" error={tenants.error} onRetry={tenants.refetch} />
      ) : tenants.items.length === 0 ? (
        <EmptyState title="No tenants" testId="tenants-empty">
          <p>The server creates the “default” tenant when it starts; create one for each team or customer that must be kept apart.</p>
          {create}
        </EmptyState>
      ) : (
        <div className="card card--flush">
          <table className="grid" data-testid="tenants-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Properties</th>
                <th scope="col">Created</th>
                <th scope="col"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {tenants.items.map((t) => {
                const props = Object.keys(t.properties).length;
                const acting = actingTenant === t.name;
                return (
                  <tr key={t.id} data-testid={`tenant-row-${t.name}`}>
                    <td>
                      {t.name}
                      {acting ? <span className="badge badge--small badge--ok">acting on</span> : null}
                      <div className="muted small">{t.id}</div>
                    </td>
                    <td>{props ? `${props} set` : <span className="muted">none</span>}</td>
                    <td>{formatCreated(t.created_at)}</td>
                    <td className="row-actions">
                      <button type="button" className="btn btn--small" onClick={() => actOn(t.name)} data-testid={`tenant-act-${t.name}`}>
                        Act on
                      </button>
                      <button type="button" className="btn btn--small" onClick={() => setEditing(t)} aria-label={`Edit ${t.name}`} data-testid={`tenant-edit-${t.name}`}>
                        Edit
                      </button>
                      <button type="button" className="btn btn--small btn--danger" onClick={() => setDeleting(t.name)} aria-label={`Delete ${t.name}`} data-testid={`tenant-delete-${t.name}`}>
                        Delete
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <LoadMore list={tenants} noun="tenants" testId="tenants-more" />
        </div>
      )}
      {editing ? (
        <TenantDialog
          existing={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={(t, created) => {
            // Renamed the tenant root acts on: follow it (the header names tenants by name).
            if (editing !== 'new' && editing.name === actingTenant && t.name !== editing.name) setActingTenant(t.name);
            setEditing(undefined);
            setDone(`Tenant “${t.name}” ${created ? 'created' : 'saved'}.`);
          }}
        />
      ) : null}
      {deleting ? (
        <DeleteTenant
          name={deleting}
          onCancel={() => setDeleting(undefined)}
          onDeleted={() => {
            if (actingTenant === deleting) setActingTenant(undefined);
            setDone(`Tenant “${deleting}” deleted.`);
            setDeleting(undefined);
          }}
          onActOn={() => actOn(deleting)}
        />
      ) : null}
    </div>
  );
}

function TenantDialog({ existing, onClose, onSaved }: { existing?: TenantResponse; onClose(): void; onSaved(t: TenantResponse, created: boolean): void }) {
  const { identity } = useSession();
  const invalidate = useInvalidateIdentity();
  const [name, setName] = useState(existing?.name ?? '');
  const [rows, setRows] = useState<ConfigRow[]>(() => configToRows(existing?.properties ?? {}));
  const [attempted, setAttempted] = useState(false);
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
  return (
    <FormDialog
      title={existing ? `Tenant “${existing.name}”` : 'New tenant'}
      submitLabel={existing ? 'Save changes' : 'Create tenant'}
      busy={save.isPending}
      error={save.error}
      onCancel={onClose}
      onSubmit={() => {
        setAttempted(true);
        if (!nameProblem && !hasIssues(issues)) save.mutate();
      }}
      testId="tenant-dialog"
    >
      <Field label="Name" id="tenant-name" problem={attempted || name ? nameProblem : undefined} hint="Users of this tenant type it when they sign in.">
        <input value={name} onChange={(e) => setName(e.target.value)} autoFocus spellCheck={false} placeholder="team-a" aria-describedby="tenant-name-help" data-testid="tenant-name" />
      </Field>
      <div className="field">
        <span>
          Properties <span className="muted small">optional notes, e.g. owner or cost centre</span>
        </span>
        <KeyValueEditor label="Tenant properties" rows={rows} onChange={setRows} issues={issues} testId="tenant-properties" showAll={attempted} />
      </div>
    </FormDialog>
  );
}

function DeleteTenant({ name, onCancel, onDeleted, onActOn }: { name: string; onCancel(): void; onDeleted(): void; onActOn(): void }) {
  const { identity } = useSession();
  const invalidate = useInvalidateIdentity();
  const del = useMutation({
    mutationFn: () => identity.deleteTenant(name),
    onSuccess: async () => {
      await invalidate();
      onDeleted();
    },
  });
  const inUse = del.error instanceof ApiError && del.error.status === 409;
  return (
    <ConfirmDialog
      title={`Delete tenant “${name}”?`}
      confirmLabel="Delete tenant"
      busy={del.isPending}
      onConfirm={() => del.mutate()}
      onCancel={onCancel}
      testId="delete-tenant"
      error={
        del.error ? (
          <>
            <ErrorNotice title={inUse ? 'The tenant is not empty' : 'Could not delete the tenant'} error={del.error} />
            {inUse ? (
              <p className="hint">
                Delete its catalogs and warehouses first:{' '}
                <button type="button" className="link" onClick={onActOn}>
                  act on “{name}”
                </button>{' '}
                and open Catalogs and Warehouses.
              </p>
            ) : null}
          </>
        ) : null
      }
    >
      <p>Its users, service users, API keys, roles and grants are deleted with it and can no longer sign in. Its audit events are kept.</p>
    </ConfirmDialog>
  );
}
