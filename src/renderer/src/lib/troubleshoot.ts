// The troubleshooter's plan and outcome, as pure functions: which steps will run (shown
// while the checks run), which wizard stage the page is in, and how a fix is described.
import type { TroubleshootAction, TroubleshootRequest, TroubleshootStep } from '../../../shared/api/troubleshoot.js';

/** The seed guide's debugging workflow, in the order the server runs it. */
export const PLANNED_STEPS: readonly { id: string; title: string }[] = [
  { id: 'auth-root', title: 'Root credentials' },
  { id: 'auth-token', title: 'Token login' },
  { id: 'database', title: 'Database permissions' },
  { id: 'config', title: 'Storage configuration keys' },
  { id: 'endpoint', title: 'Endpoint as clients see it' },
  { id: 'reach', title: 'Object store reachable' },
  { id: 'bucket', title: 'Bucket / container exists' },
  { id: 'write', title: 'Write a probe object' },
  { id: 'read', title: 'Read it back' },
  { id: 'delete', title: 'Delete the probe object' },
  { id: 'vending', title: 'Credential vending' },
];

export type WizardStage = 'choose' | 'check' | 'fix' | 'done';

export function wizardStage(running: boolean, steps: readonly TroubleshootStep[] | undefined): WizardStage {
  if (running) return 'check';
  if (!steps) return 'choose';
  return steps.some((s) => s.status === 'fail' || s.status === 'warn') ? 'fix' : 'done';
}

export interface TargetChoice {
  kind: 'catalog' | 'warehouse';
  catalog: string;
  warehouse: string;
  table: string;
}

/** The request for a choice; undefined while nothing is picked. */
export function troubleshootBody(c: TargetChoice): TroubleshootRequest | undefined {
  if (c.kind === 'catalog') {
    if (!c.catalog) return undefined;
    const table = c.table.trim();
    return table ? { catalog: c.catalog, table } : { catalog: c.catalog };
  }
  return c.warehouse ? { warehouse: c.warehouse } : undefined;
}

/** A table field value that cannot be sent ("ns.table" needs a dot with text on both sides). */
export function tableProblem(table: string): string | undefined {
  const t = table.trim();
  if (!t) return undefined;
  return /^[^.]+(\.[^.]+)+$/.test(t) ? undefined : 'Write it as namespace.table, e.g. db.events';
}

/** What clicking the fix does, in words (shown next to the button). */
export function actionHint(a: TroubleshootAction): string {
  switch (a.kind) {
    case 'create-bucket':
      return `Creates “${a.bucket}” with the warehouse’s own credentials.`;
    case 'rename-keys':
      return `Saves warehouse “${a.warehouse}” with ${Object.entries(a.renames).map(([from, to]) => `${from} → ${to}`).join(', ')}; stored values (secrets too) are kept.`;
    case 'set-client-config':
      return `Saves client_config of “${a.warehouse}”: ${Object.entries(a.client_config).map(([k, v]) => `${k} = ${v}`).join(', ')}. The server keeps its own endpoint.`;
    case 'copy':
      return 'Copy and run this where you administer the database.';
  }
}
