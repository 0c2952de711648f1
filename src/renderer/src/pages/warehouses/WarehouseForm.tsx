// Create or edit a warehouse: name, location, storage type (presets with the exact
// Iceberg keys), storage settings and client settings checked as the user types, the
// vending strategy with its fields, "Test connection", "Save" and "Save & check".
import { useEffect, useMemo, useRef, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { entityName, REDACTED, type CheckResult, type CheckStep, type WarehouseResponse } from '../../../../shared/api/admin.js';
import { AZURE_KEYS, GCS_KEYS, S3_KEYS, storageSchemeOf } from '../../../../shared/storage-config.js';
import { useInvalidateAdmin } from '../../api/hooks.js';
import { useSession } from '../../api/api-context.js';
import { ApiError } from '../../api/client.js';
import { CheckSteps, checkSummary } from '../../components/CheckSteps.js';
import { Field } from '../../components/Field.js';
import { FixFirst, FormPage } from '../../components/FormPage.js';
import { KeyValueEditor } from '../../components/KeyValueEditor.js';
import { ErrorNotice } from '../../components/Notice.js';
import { failedStepsFrom } from '../../lib/check-steps.js';
import { configToRows, newRow, rowsToConfig, validateRows, type ConfigRow } from '../../lib/config-rows.js';
import { applyPreset, checkLocation, dockerHostHint, presetFor, STORAGE_PRESETS, type StorageScheme } from '../../lib/storage-presets.js';
import { fieldsOf, strategiesFor, strategyInfo, vendingFormFrom, vendingIssues, vendingStrategyFrom, type StrategyType, type VendingField, type VendingForm } from '../../lib/vending.js';

const KEY_SUGGESTIONS: Record<StorageScheme, readonly string[]> = { s3: S3_KEYS, azure: AZURE_KEYS, gcs: GCS_KEYS, file: [] };

const FIELD_LABEL: Record<VendingField, string> = {
  role_arn: 'Role ARN',
  duration_seconds: 'Duration (seconds)',
  external_id: 'External id',
  sts_endpoint: 'STS endpoint',
  scope: 'SAS scope',
};

const FIELD_HINT: Partial<Record<VendingField, string>> = {
  role_arn: 'The role the server assumes for each table, e.g. arn:aws:iam::123456789012:role/lake',
  external_id: 'Optional; when the role’s trust policy requires one',
  sts_endpoint: 'Optional; defaults to s3.endpoint (MinIO serves STS there)',
};

export interface SavedNotice {
  name: string;
  created: boolean;
  check?: CheckResult;
}

type Outcome =
  | { kind: 'check'; result: CheckResult; saved: boolean }
  | { kind: 'error'; error: unknown; failed?: CheckStep[] }
  | { kind: 'needs-save' };

export function WarehouseForm({ existing, onDone, onDelete }: { existing?: WarehouseResponse; onDone(notice: SavedNotice): void; onDelete?(): void }) {
  const { client } = useSession();
  const invalidate = useInvalidateAdmin();
  const initial = useMemo(() => {
    const scheme = (existing && storageSchemeOf(existing.location)) || 'file';
    return {
      name: existing?.name ?? '',
      location: existing?.location ?? '',
      scheme,
      storage: existing ? configToRows(existing.storage_config) : configToRows(presetFor(scheme).storageConfig),
      client: existing ? configToRows(existing.client_config) : [],
      vending: vendingFormFrom(existing?.vending_strategy),
    };
  }, [existing]);
  const storedSecrets = useMemo(
    () => new Set(Object.entries(existing?.storage_config ?? {}).filter(([, v]) => v === REDACTED).map(([k]) => k)),
    [existing],
  );

  const [name, setName] = useState(initial.name);
  const [location, setLocation] = useState(initial.location);
  const [scheme, setScheme] = useState<StorageScheme>(initial.scheme);
  const [storageRows, setStorageRows] = useState<ConfigRow[]>(initial.storage);
  const [clientRows, setClientRows] = useState<ConfigRow[]>(initial.client);
  const [vending, setVending] = useState<VendingForm>(initial.vending);
  const [attempted, setAttempted] = useState(false);
  const [locationTouched, setLocationTouched] = useState(Boolean(existing));
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const outcomeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (outcome) outcomeRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [outcome]);

  const storageConfig = rowsToConfig(storageRows);
  const clientConfig = rowsToConfig(clientRows);
  const nameError = existing ? undefined : name === '' ? 'Enter a name' : entityName.safeParse(name).success ? undefined : entityName.safeParse(name).error?.issues[0]?.message;
  const loc = checkLocation(location, scheme);
  const storageIssues = validateRows(storageRows, scheme, { kind: 'storage', storedSecrets });
  const clientIssues = validateRows(clientRows, scheme, { kind: 'client' });
  const vIssues = vendingIssues(vending, scheme, storageConfig);
  const problemCount =
    (nameError ? 1 : 0) + (loc.error ? 1 : 0) + Object.keys(storageIssues).length + Object.keys(clientIssues).length + Object.keys(vIssues).length;
  const hint = dockerHostHint(scheme, storageConfig, clientConfig);
  const dirty =
    !existing ||
    location !== initial.location ||
    JSON.stringify(storageConfig) !== JSON.stringify(rowsToConfig(initial.storage)) ||
    JSON.stringify(clientConfig) !== JSON.stringify(rowsToConfig(initial.client)) ||
    JSON.stringify(vendingStrategyFrom(vending)) !== JSON.stringify(vendingStrategyFrom(initial.vending));

  const definition = () => ({ location, storage_config: storageConfig, client_config: clientConfig, vending_strategy: vendingStrategyFrom(vending) });

  const test = useMutation({
    mutationFn: async (): Promise<CheckResult | 'needs-save'> => {
      if (existing && !dirty) return client.checkWarehouse(existing.name);
      if (existing && Object.values(storageConfig).includes(REDACTED)) return 'needs-save';
      return client.checkUnsavedWarehouse({ ...definition(), ...(name ? { name } : {}) });
    },
    onMutate: () => setOutcome(undefined),
    onSuccess: (r) => setOutcome(r === 'needs-save' ? { kind: 'needs-save' } : { kind: 'check', result: r, saved: false }),
    onError: (error) => setOutcome({ kind: 'error', error }),
  });

  const save = useMutation({
    mutationFn: (check: boolean) =>
      existing ? client.updateWarehouse(existing.name, { ...definition(), check }) : client.createWarehouse({ name, ...definition(), check }),
    onMutate: () => setOutcome(undefined),
    onSuccess: async (w) => {
      await invalidate();
      onDone({ name: w.name, created: !existing, ...(w.check ? { check: w.check } : {}) });
    },
    onError: (error) => {
      const failed = error instanceof ApiError && error.status === 422 ? failedStepsFrom(error.message, error.body) : undefined;
      setOutcome({ kind: 'error', error, ...(failed ? { failed } : {}) });
    },
  });

  const nameProblem = nameError && (attempted || name !== '') ? nameError : undefined;
  const busy = test.isPending || save.isPending;
  const submit = (action: () => void) => {
    setAttempted(true);
    setLocationTouched(true);
    if (problemCount === 0) action();
  };

  const chooseScheme = (s: StorageScheme) => {
    setScheme(s);
    setStorageRows(configToRows(applyPreset(s, storageConfig)));
    if (strategyInfo(vending.type)?.scheme && strategyInfo(vending.type)?.scheme !== s) setVending({ ...vending, type: 'none' });
  };

  return (
    <FormPage
      testId="warehouse-form"
      onSubmit={() => submit(() => save.mutate(false))}
      back={{ href: '#/warehouses', label: 'Warehouses', testId: 'warehouse-back' }}
      title={existing ? `Warehouse “${existing.name}”` : 'New warehouse'}
      onDelete={existing ? onDelete : undefined}
      deleteTestId="warehouse-delete"
    >
      <section className="card form__section">
        <h2>Where the data lives</h2>
        <Field label="Name" id="warehouse-name" problem={nameProblem} hint={existing ? 'A warehouse keeps its name; catalogs refer to it.' : 'Catalogs refer to the warehouse by this name.'}>
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            disabled={Boolean(existing)}
            aria-invalid={nameProblem ? true : undefined}
            aria-describedby="warehouse-name-help"
            placeholder="lake"
            spellCheck={false}
            data-testid="warehouse-name"
          />
        </Field>

        <fieldset className="field presets">
          <legend>Storage type</legend>
          <div className="presets__options" role="radiogroup" aria-label="Storage type">
            {STORAGE_PRESETS.map((p) => (
              <label key={p.scheme} className={`preset${scheme === p.scheme ? ' preset--active' : ''}`}>
                <input type="radio" name="storage-type" value={p.scheme} checked={scheme === p.scheme} onChange={() => chooseScheme(p.scheme)} data-testid={`preset-${p.scheme}`} />
                {p.label}
              </label>
            ))}
          </div>
          <span className="hint">{presetFor(scheme).help}</span>
        </fieldset>

        <label className="field">
          <span>Location</span>
          <input
            value={location}
            onChange={(e) => setLocation(e.target.value)}
            onBlur={() => setLocationTouched(true)}
            placeholder={presetFor(scheme).locationExample}
            aria-invalid={loc.error && locationTouched ? true : undefined}
            aria-describedby="wh-location-help"
            spellCheck={false}
            data-testid="warehouse-location"
          />
          <span className="hint" id="wh-location-help" data-testid="warehouse-location-hint">
            {presetFor(scheme).locationHint}
          </span>
          {loc.error && locationTouched ? (
            <span className="field-error" role="alert" data-testid="warehouse-location-error">
              {loc.error}
              {loc.scheme && loc.scheme !== scheme ? (
                <button type="button" className="btn btn--small btn--fix" onClick={() => chooseScheme(loc.scheme!)} data-testid="warehouse-location-switch">
                  Switch to {presetFor(loc.scheme).label}
                </button>
              ) : null}
            </span>
          ) : null}
        </label>
      </section>

      <section className="card form__section">
        <h2>Storage settings <span className="muted small">storage_config: what the catalog server uses</span></h2>
        <p className="hint">
          Exact Iceberg FileIO keys (the names PyIceberg and Spark read), e.g. <code>s3.access-key-id</code>, not <code>access_key_id</code> or{' '}
          <code>AWS_ACCESS_KEY_ID</code>. Secrets are stored encrypted and shown as <code>{REDACTED}</code>.
        </p>
        <KeyValueEditor
          label="Storage settings"
          rows={storageRows}
          onChange={setStorageRows}
          issues={storageIssues}
          testId="storage-config"
          maskSecrets
          storedSecrets={storedSecrets}
          showAll={attempted}
          suggestions={KEY_SUGGESTIONS[scheme]}
        />
      </section>

      <section className="card form__section">
        <h2>Client settings <span className="muted small">client_config: the endpoint clients reach</span></h2>
        <p className="hint">
          What clients (PyIceberg, Spark, Trino) receive instead of the server’s values. The server and its clients may reach the storage at
          different addresses: when the server runs in Docker and sees MinIO as <code>http://minio:9000</code>, clients on your machine must use{' '}
          <code>http://localhost:9000</code>. Never put secrets here; the vending strategy decides which credentials clients get.
        </p>
        {hint ? (
          <div className="notice notice--warn" role="status" data-testid="client-endpoint-hint">
            <div>
              <strong>{hint.key}</strong> uses the host name “{hint.host}”, which usually resolves only inside a Docker network: clients on your
              machine will fail with “could not resolve host”.
            </div>
            <button type="button" className="btn btn--small btn--fix" onClick={() => setClientRows([...clientRows, newRow(hint.key, hint.suggested)])} data-testid="client-endpoint-fix">
              Add {hint.key} = {hint.suggested}
            </button>
          </div>
        ) : null}
        <KeyValueEditor
          label="Client settings"
          rows={clientRows}
          onChange={setClientRows}
          issues={clientIssues}
          testId="client-config"
          showAll={attempted}
          suggestions={KEY_SUGGESTIONS[scheme]}
        />
      </section>

      <section className="card form__section">
        <h2>Credential vending</h2>
        <label className="field">
          <span>Strategy</span>
          <select
            value={vending.type}
            onChange={(e) => setVending({ ...vending, type: e.target.value as StrategyType })}
            aria-invalid={vIssues.type ? true : undefined}
            aria-describedby="wh-vending-help"
            data-testid="vending-type"
          >
            {strategiesFor(scheme, vending.type).map((s) => (
              <option key={s.type} value={s.type}>
                {s.label}
              </option>
            ))}
          </select>
          <span className="hint" id="wh-vending-help">
            {strategyInfo(vending.type)?.help} Clients ask for vended credentials with the header <code>X-Iceberg-Access-Delegation: vended-credentials</code>.
          </span>
          {vIssues.type ? (
            <span className="field-error" role="alert" data-testid="vending-type-error">
              {vIssues.type}
            </span>
          ) : null}
        </label>
        {fieldsOf(vending.type).map((f) => {
          const range = f === 'duration_seconds' ? strategyInfo(vending.type)?.duration : undefined;
          return (
            <label className="field" key={f}>
              <span>{FIELD_LABEL[f]}</span>
              {f === 'scope' ? (
                <select value={vending.scope} onChange={(e) => setVending({ ...vending, scope: e.target.value as VendingForm['scope'] })} data-testid="vending-scope">
                  <option value="">directory (default; needs a hierarchical-namespace account)</option>
                  <option value="directory">directory</option>
                  <option value="container">container (the whole container)</option>
                </select>
              ) : (
                <input
                  value={vending[f]}
                  inputMode={f === 'duration_seconds' ? 'numeric' : undefined}
                  placeholder={range ? `default; ${range[0]}–${range[1]}` : undefined}
                  onChange={(e) => setVending({ ...vending, [f]: e.target.value })}
                  aria-invalid={vIssues[f] ? true : undefined}
                  spellCheck={false}
                  data-testid={`vending-${f}`}
                />
              )}
              {FIELD_HINT[f] ? <span className="hint">{FIELD_HINT[f]}</span> : null}
              {vIssues[f] ? (
                <span className="field-error" role="alert" data-testid={`vending-${f}-error`}>
                  {vIssues[f]}
                </span>
              ) : null}
            </label>
          );
        })}
      </section>

      <div className="form__footer" aria-live="polite">
        <FixFirst attempted={attempted} count={problemCount} testId="warehouse-form-problems" />
        <div className="actions">
          <button type="button" className="btn" disabled={busy} onClick={() => submit(() => test.mutate())} data-testid="warehouse-test">
            {test.isPending ? 'Testing…' : 'Test connection'}
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy} data-testid="warehouse-save">
            {save.isPending && save.variables === false ? 'Saving…' : existing ? 'Save changes' : 'Save'}
          </button>
          <button type="button" className="btn" disabled={busy} onClick={() => submit(() => save.mutate(true))} data-testid="warehouse-save-check">
            {save.isPending && save.variables === true ? 'Checking…' : 'Save & check'}
          </button>
          <a href="#/warehouses" className="btn btn--plain" data-testid="warehouse-cancel">
            Cancel
          </a>
        </div>

        <div ref={outcomeRef} className="form__outcome">
        {outcome?.kind === 'check' ? (
          <div className={`result result--${outcome.result.ok ? 'ok' : 'fail'}`} data-testid="check-result" data-ok={String(outcome.result.ok)}>
            <h2>
              Connection check: <span data-testid="check-summary">{checkSummary(outcome.result.steps)}</span>
            </h2>
            <CheckSteps steps={outcome.result.steps} />
            {existing && !outcome.result.ok ? (
              <p className="hint">
                <a href={`#/troubleshoot?warehouse=${encodeURIComponent(existing.name)}`} data-testid="warehouse-troubleshoot">
                  Open the troubleshooter
                </a>{' '}
                for one-click fixes (create the bucket, rename legacy keys) and the credential-vending check.
              </p>
            ) : null}
          </div>
        ) : null}
        {outcome?.kind === 'needs-save' ? (
          <div className="notice notice--info" role="status" data-testid="check-needs-save">
            Your changes keep a stored secret ({REDACTED}) the check cannot read before saving. Use “Save & check” (nothing is saved if a step
            fails), or type the secret again to test first.
          </div>
        ) : null}
        {outcome?.kind === 'error' ? (
          <div className="result result--fail" data-testid="warehouse-form-error">
            <ErrorNotice
              title={outcome.failed ? 'Not saved: the connection check failed' : existing ? 'The server refused the change' : 'The server refused the warehouse'}
              error={outcome.error}
            />
            {outcome.failed ? <CheckSteps steps={outcome.failed} testId="failed-steps" /> : null}
          </div>
        ) : null}
        </div>
      </div>
    </FormPage>
  );
}
