// The guided connectivity troubleshooter: the seed guide's debugging workflow as a wizard.
// 1. choose a catalog (optionally a table) or a warehouse, 2. run the checks (progress
// over the planned steps), 3. each step pass / warn / fail with why and the fix, and a
// button where the fix is mechanical (create the bucket, rename the keys, set
// client_config, copy the GRANT statements); a fix runs the checks again.
import { useEffect, useRef, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { TroubleshootAction, TroubleshootRequest, TroubleshootResponse, TroubleshootStep } from '../../../../shared/api/troubleshoot.js';
import { useAdminCatalogs, useInvalidateAdmin, useWarehouses } from '../../api/hooks.js';
import { useSession } from '../../api/api-context.js';
import { CheckSteps, checkSummary } from '../../components/CheckSteps.js';
import { CodeSnippet } from '../../components/CodeSnippet.js';
import { ErrorNotice, Loading } from '../../components/Notice.js';
import { formatRoute, type Route } from '../../lib/routes.js';
import { actionHint, PLANNED_STEPS, tableProblem, troubleshootBody, wizardStage, type TargetChoice, type WizardStage } from '../../lib/troubleshoot.js';

type TroubleshootRoute = Extract<Route, { page: 'troubleshoot' }>;

const STAGES: { id: WizardStage; label: string }[] = [
  { id: 'choose', label: 'Choose what to check' },
  { id: 'check', label: 'Run the checks' },
  { id: 'fix', label: 'Fix what failed' },
];

export function TroubleshootPage({ route, navigate }: { route: TroubleshootRoute; navigate(route: Route): void }) {
  const { client } = useSession();
  const invalidate = useInvalidateAdmin();
  const catalogs = useAdminCatalogs();
  const warehouses = useWarehouses();
  const [choice, setChoice] = useState<TargetChoice>({
    kind: route.warehouse && !route.catalog ? 'warehouse' : 'catalog',
    catalog: route.catalog ?? '',
    warehouse: route.warehouse ?? '',
    table: route.table ?? '',
  });
  const [fixNote, setFixNote] = useState<{ ok: boolean; text: string } | undefined>();
  const run = useMutation({ mutationFn: (body: TroubleshootRequest) => client.troubleshoot(body) });
  const lastBody = useRef<TroubleshootRequest | undefined>(undefined);

  // Defaults once the lists arrive: the first catalog / warehouse.
  const catalog = choice.catalog || catalogs.data?.[0]?.name || '';
  const warehouse = choice.warehouse || warehouses.data?.[0]?.name || '';
  const effective: TargetChoice = { ...choice, catalog, warehouse };
  const body = troubleshootBody(effective);
  const tableError = choice.kind === 'catalog' ? tableProblem(choice.table) : undefined;

  const start = (b: TroubleshootRequest) => {
    lastBody.current = b;
    setFixNote(undefined);
    run.mutate(b);
  };
  const keyOf = (r: { catalog?: string; warehouse?: string; table?: string }) => JSON.stringify([r.catalog ?? '', r.warehouse ?? '', r.table ?? '']);
  const ranKey = useRef<string | undefined>(undefined);
  const submit = () => {
    if (!body || tableError) return;
    const next: TroubleshootRoute = effective.kind === 'catalog' ? { page: 'troubleshoot', catalog, ...(choice.table.trim() ? { table: choice.table.trim() } : {}) } : { page: 'troubleshoot', warehouse };
    ranKey.current = keyOf(next);
    navigate(next);
    start(body);
  };

  // A link with a target (#/troubleshoot?catalog=x&table=db.t) runs at once, also when
  // the page is already open.
  const routeKey = keyOf(route);
  useEffect(() => {
    if (!(route.catalog || route.warehouse) || ranKey.current === routeKey) return;
    ranKey.current = routeKey;
    const next: TargetChoice = { kind: route.warehouse && !route.catalog ? 'warehouse' : 'catalog', catalog: route.catalog ?? '', warehouse: route.warehouse ?? '', table: route.table ?? '' };
    setChoice(next);
    const b = troubleshootBody(next);
    if (b) start(b);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [routeKey]);

  const fix = useMutation({
    mutationFn: async (a: TroubleshootAction) => {
      if (a.kind === 'create-bucket') return (await client.createBucket(a.warehouse)).message;
      if (a.kind === 'rename-keys') {
        await client.updateWarehouse(a.warehouse, { rename_keys: a.renames });
        return `Warehouse “${a.warehouse}” saved with the Iceberg key names`;
      }
      if (a.kind === 'set-client-config') {
        await client.updateWarehouse(a.warehouse, { client_config: a.client_config });
        return `client_config of “${a.warehouse}” saved`;
      }
      return '';
    },
    onSuccess: async (text) => {
      setFixNote({ ok: true, text: `${text}. Checking again…` });
      await invalidate();
      if (lastBody.current) run.mutate(lastBody.current);
    },
    onError: (e) => setFixNote({ ok: false, text: (e as Error).message }),
  });

  const result: TroubleshootResponse | undefined = run.isPending ? undefined : run.data;
  const stage = wizardStage(run.isPending, result?.steps);
  const listsLoading = catalogs.isPending || warehouses.isPending;

  return (
    <div className="page troubleshoot" data-testid="troubleshoot-page">
      <header className="page__header">
        <h1>Troubleshoot</h1>
        <span className="muted">Authentication, storage, bucket, key names, credential vending, database permissions: checked for real, each with its fix.</span>
      </header>
      <ol className="wizard" aria-label="Troubleshooter progress" data-testid="ts-wizard" data-stage={stage}>
        {STAGES.map((s, i) => {
          const current = s.id === stage || (s.id === 'fix' && stage === 'done');
          const doneStage = STAGES.findIndex((x) => x.id === (stage === 'done' ? 'fix' : stage)) > i;
          return (
            <li key={s.id} className={`wizard__step${current ? ' wizard__step--current' : ''}${doneStage ? ' wizard__step--done' : ''}`} aria-current={current ? 'step' : undefined}>
              <span className="wizard__num">{i + 1}</span> {s.id === 'fix' && stage === 'done' ? 'All clear' : s.label}
            </li>
          );
        })}
      </ol>

      <form
        className="card form__section"
        data-testid="ts-target"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <h2>1. What to check</h2>
        {listsLoading ? (
          <Loading label="Loading catalogs and warehouses…" />
        ) : catalogs.isError || warehouses.isError ? (
          <ErrorNotice title="Could not load catalogs and warehouses" error={catalogs.error ?? warehouses.error} />
        ) : (
          <>
            <div className="field field--inline ts-kind" role="radiogroup" aria-label="Check a catalog or a warehouse">
              <label>
                <input type="radio" name="ts-kind" checked={choice.kind === 'catalog'} onChange={() => setChoice({ ...choice, kind: 'catalog' })} data-testid="ts-kind-catalog" /> A catalog (what clients connect to)
              </label>
              <label>
                <input type="radio" name="ts-kind" checked={choice.kind === 'warehouse'} onChange={() => setChoice({ ...choice, kind: 'warehouse' })} data-testid="ts-kind-warehouse" /> A warehouse (storage only)
              </label>
            </div>
            {choice.kind === 'catalog' ? (
              <div className="ts-target__fields">
                <label className="field">
                  <span>Catalog</span>
                  <select value={catalog} onChange={(e) => setChoice({ ...choice, catalog: e.target.value })} data-testid="ts-catalog">
                    {(catalogs.data ?? []).map((c) => (
                      <option key={c.name} value={c.name}>
                        {c.name} — warehouse {c.warehouse}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="field">
                  <span>Table <span className="muted small">optional</span></span>
                  <input
                    value={choice.table}
                    onChange={(e) => setChoice({ ...choice, table: e.target.value })}
                    placeholder="db.events"
                    spellCheck={false}
                    aria-invalid={tableError ? true : undefined}
                    aria-describedby="ts-table-help"
                    data-testid="ts-table"
                  />
                  {tableError ? (
                    <span className="field-error" id="ts-table-help" role="alert">
                      {tableError}
                    </span>
                  ) : (
                    <span className="hint" id="ts-table-help">
                      Loaded with <code>X-Iceberg-Access-Delegation: vended-credentials</code> to show what a client receives; empty: the first table found.
                    </span>
                  )}
                </label>
              </div>
            ) : (
              <label className="field">
                <span>Warehouse</span>
                <select value={warehouse} onChange={(e) => setChoice({ ...choice, warehouse: e.target.value })} data-testid="ts-warehouse">
                  {(warehouses.data ?? []).map((w) => (
                    <option key={w.name} value={w.name}>
                      {w.name} — {w.location}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <div className="actions">
              <button type="submit" className="btn btn--primary" disabled={!body || Boolean(tableError) || run.isPending} data-testid="ts-run">
                {run.isPending ? 'Checking…' : result ? 'Check again' : 'Run the checks'}
              </button>
            </div>
          </>
        )}
      </form>

      {run.isPending ? (
        <section className="card" data-testid="ts-progress" aria-busy="true">
          <h2>2. Checking…</h2>
          <progress className="ts-progress" aria-label="Running the checks" />
          <ol className="check-steps">
            {PLANNED_STEPS.map((s) => (
              <li key={s.id} className="check-step check-step--pending">
                <span className="badge">
                  <span className="spinner" aria-hidden="true" />
                </span>
                <div className="check-step__title">{s.title}</div>
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      {run.isError ? (
        <div data-testid="ts-error">
          <ErrorNotice title="The troubleshooter could not run" error={run.error} onRetry={() => lastBody.current && start(lastBody.current)} />
        </div>
      ) : null}

      {result ? (
        <section className="card" data-testid="ts-result" data-ok={String(result.ok)}>
          <h2>
            {result.ok ? '3. Result' : '3. Fix what failed'}{' '}
            <span className="muted small" data-testid="ts-summary">
              {target(result)}: {checkSummary(result.steps)}
            </span>
          </h2>
          {fixNote ? (
            <div className={`notice ${fixNote.ok ? 'notice--ok' : 'notice--error'}`} role="status" data-testid="ts-fix-notice">
              {fixNote.text}
            </div>
          ) : null}
          <CheckSteps steps={result.steps} testId="ts-steps" label="Troubleshooter steps" extra={(s) => <StepExtra step={s} busy={fix.isPending || run.isPending} onAction={(a) => fix.mutate(a)} />} />
          <p className="hint">
            {result.warehouse ? (
              <>
                <a href={formatRoute({ page: 'warehouses', name: result.warehouse })}>Open warehouse “{result.warehouse}”</a>
                {' · '}
              </>
            ) : null}
            {result.catalog ? (
              <>
                <a href={formatRoute({ page: 'connect', catalog: result.catalog })} data-testid="ts-connect-link">
                  Connect a client to “{result.catalog}”
                </a>
                {' · '}
              </>
            ) : null}
            <a href={formatRoute({ page: 'status' })}>Recent requests and errors</a>
          </p>
        </section>
      ) : null}
    </div>
  );
}

function target(r: TroubleshootResponse): string {
  if (r.catalog) return `catalog “${r.catalog}” (warehouse “${r.warehouse}”${r.table ? `, table ${r.table}` : ''})`;
  if (r.warehouse) return `warehouse “${r.warehouse}”`;
  return 'server';
}

function StepExtra({ step, busy, onAction }: { step: TroubleshootStep; busy: boolean; onAction(a: TroubleshootAction): void }) {
  const a = step.action;
  return (
    <>
      {step.details && Object.keys(step.details).length ? (
        <table className="grid grid--compact ts-details" data-testid={`ts-details-${step.id}`} aria-label={step.id === 'config' ? 'Corrected configuration' : 'What a client receives'}>
          <caption className="muted small">{step.id === 'config' ? 'Corrected configuration (secrets masked)' : 'What a client receives (secrets masked)'}</caption>
          <tbody>
            {Object.entries(step.details).map(([k, v]) => (
              <tr key={k}>
                <th scope="row">
                  <code>{k}</code>
                </th>
                <td>
                  <code>{v}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {a ? (
        a.kind === 'copy' ? (
          <div className="ts-action" data-testid={`ts-action-${step.id}`}>
            <p className="hint">{actionHint(a)}</p>
            <CodeSnippet code={a.text} label={a.label} testId={`ts-copy-${step.id}`} />
          </div>
        ) : (
          <div className="ts-action">
            <button type="button" className="btn btn--fix" disabled={busy} onClick={() => onAction(a)} data-testid={`ts-action-${step.id}`}>
              {a.label}
            </button>
            <span className="hint">{actionHint(a)}</span>
          </div>
        )
      ) : null}
    </>
  );
}
