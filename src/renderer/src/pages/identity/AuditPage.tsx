// The audit log (tenant admins): who did what, when, from where, and whether it was
// allowed; newest first, 50 at a time. Filters: actor, action, outcome, time range.
// Denied attempts stand out.
import { useId, useState, type FormEvent } from 'react';
import type { AuditEventResponse } from '../../../../shared/api/identity.js';
import { useAuditLog, usePrincipals } from '../../api/identity-hooks.js';
import { ListPage } from '../../components/ListPage.js';
import { auditFilterProblem, hasAuditFilters, KNOWN_AUDIT_ACTIONS, NO_AUDIT_FILTERS, type AuditFilters } from '../../lib/audit-query.js';
import { formatSeconds } from '../../lib/dates.js';

export function AuditPage() {
  const [draft, setDraft] = useState<AuditFilters>(NO_AUDIT_FILTERS);
  const [applied, setApplied] = useState<AuditFilters>(NO_AUDIT_FILTERS);
  const problem = auditFilterProblem(draft);
  const events = useAuditLog(applied, true);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    if (!problem) setApplied(draft);
  };
  const clear = () => {
    setDraft(NO_AUDIT_FILTERS);
    setApplied(NO_AUDIT_FILTERS);
  };
  return (
    <ListPage
      title="Audit log"
      testId="audit-page"
      wide
      tools={
        <button type="button" className="btn btn--small" onClick={events.refetch} data-testid="audit-refresh">
          Refresh
        </button>
      }
      intro={<AuditFilterForm draft={draft} onChange={setDraft} problem={problem} onSubmit={apply} onClear={clear} />}
      list={events}
      more={{ noun: 'events', testId: 'audit-more' }}
      loadingLabel="Loading the audit log…"
      errorTitle="Could not load the audit log"
      empty={{
        title: hasAuditFilters(applied) ? 'Nothing matches these filters' : 'Nothing recorded yet',
        testId: 'audit-empty',
        children: hasAuditFilters(applied) ? (
          <>
            Widen the time range or{' '}
            <button type="button" className="link" onClick={clear}>
              clear the filters
            </button>
            .
          </>
        ) : (
          'Changes (creating users, roles, warehouses…), sign-ins and refused requests are recorded here as they happen.'
        ),
      }}
      columns={['When', 'Who', 'Action', 'On', 'Outcome', 'Detail']}
      actions={false}
      tableTestId="audit-table"
      tableClassName="grid grid--dense"
      row={(e) => <AuditRow key={e.id} event={e} />}
    />
  );
}

function AuditRow({ event: e }: { event: AuditEventResponse }) {
  return (
    <tr className={e.outcome === 'denied' ? 'row--denied' : e.outcome === 'error' ? 'row--error' : undefined} data-outcome={e.outcome} data-testid="audit-row">
      <td className="nowrap" title={e.at}>
        {formatSeconds(e.at)}
      </td>
      <td>
        {e.actor.name}
        <div className="muted small">{e.actor.kind === 'client' ? 'service user' : e.actor.kind}</div>
      </td>
      <td className="nowrap">
        <code>{e.action}</code>
      </td>
      <td className="wrap">
        <code>{e.resource.replace(/\u001f/g, '.')}</code>
      </td>
      <td>
        <span className={`badge ${e.outcome === 'allowed' ? 'badge--ok' : e.outcome === 'denied' ? 'badge--fail' : 'badge--warn'}`} data-testid="audit-outcome">
          {e.outcome}
        </span>
      </td>
      <td className="small">
        {e.detail ?? ''}
        {e.address ? <div className="muted">from {e.address}</div> : null}
      </td>
    </tr>
  );
}

function AuditFilterForm(props: { draft: AuditFilters; onChange(f: AuditFilters): void; problem?: string; onSubmit(e: FormEvent): void; onClear(): void }) {
  const { draft, onChange } = props;
  const actionsId = useId();
  const { users, serviceUsers } = usePrincipals();
  const set = (patch: Partial<AuditFilters>) => onChange({ ...draft, ...patch });
  const actors = [
    ...(users.data ?? []).map((u) => ({ id: u.id, label: `${u.username} (user)` })),
    ...(serviceUsers.data ?? []).map((s) => ({ id: s.client_id, label: `${s.name} (service user)` })),
  ];
  return (
    <form className="card filters" onSubmit={props.onSubmit} data-testid="audit-filters" aria-label="Filter the audit log">
      <label className="field">
        <span>Who</span>
        <select value={draft.actor} onChange={(e) => set({ actor: e.target.value })} data-testid="audit-filter-actor">
          <option value="">Anyone</option>
          {actors.map((a) => (
            <option key={a.id} value={a.id}>
              {a.label}
            </option>
          ))}
          {draft.actor && !actors.some((a) => a.id === draft.actor) ? <option value={draft.actor}>{draft.actor}</option> : null}
        </select>
      </label>
      <label className="field">
        <span>Action</span>
        <input value={draft.action} onChange={(e) => set({ action: e.target.value })} list={actionsId} placeholder="any, e.g. user.create" spellCheck={false} data-testid="audit-filter-action" />
        <datalist id={actionsId}>
          {KNOWN_AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </label>
      <label className="field">
        <span>Outcome</span>
        <select value={draft.outcome} onChange={(e) => set({ outcome: e.target.value as AuditFilters['outcome'] })} data-testid="audit-filter-outcome">
          <option value="">Any</option>
          <option value="allowed">Allowed</option>
          <option value="denied">Denied</option>
          <option value="error">Error</option>
        </select>
      </label>
      <label className="field">
        <span>From</span>
        <input type="datetime-local" value={draft.since} onChange={(e) => set({ since: e.target.value })} aria-invalid={props.problem ? true : undefined} data-testid="audit-filter-since" />
      </label>
      <label className="field">
        <span>To</span>
        <input type="datetime-local" value={draft.until} onChange={(e) => set({ until: e.target.value })} aria-invalid={props.problem ? true : undefined} data-testid="audit-filter-until" />
      </label>
      <div className="filters__actions">
        <button type="submit" className="btn btn--primary" disabled={Boolean(props.problem)} data-testid="audit-apply">
          Apply
        </button>
        <button type="button" className="btn btn--plain" onClick={props.onClear} data-testid="audit-clear">
          Clear
        </button>
      </div>
      {props.problem ? (
        <p className="field-error filters__problem" role="alert" data-testid="audit-filter-problem">
          {props.problem}
        </p>
      ) : null}
    </form>
  );
}
