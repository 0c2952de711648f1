// Plain-text rendering of check steps for the `doctor` CLI (the UI renders the same data
// with CheckSteps). Pure: colours only when asked.
import type { TroubleshootAction, TroubleshootStep } from '../../shared/api/troubleshoot.js';

const LABEL: Record<TroubleshootStep['status'], string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skip: 'SKIP' };
const COLOR: Record<TroubleshootStep['status'], string> = { pass: '32', warn: '33', fail: '31', skip: '90' };

const indent = (text: string, pad: string) => text.split('\n').map((l) => pad + l).join('\n');

/** How to apply an action without the UI. */
export function describeAction(a: TroubleshootAction): string {
  const w = encodeURIComponent('warehouse' in a ? a.warehouse : '');
  switch (a.kind) {
    case 'create-bucket':
      return `${a.label}: POST /api/v1/warehouses/${w}/create-bucket (or npm run doctor -- --fix)`;
    case 'rename-keys':
      return `${a.label}: PATCH /api/v1/warehouses/${w} ${JSON.stringify({ rename_keys: a.renames })} (or npm run doctor -- --fix)`;
    case 'set-client-config':
      return `${a.label}: PATCH /api/v1/warehouses/${w} ${JSON.stringify({ client_config: a.client_config })} (or npm run doctor -- --fix)`;
    case 'copy':
      return `${a.label}:\n${indent(a.text, '  ')}`;
  }
}

export function formatStep(s: TroubleshootStep, opts: { color?: boolean } = {}): string {
  const label = opts.color ? `\u001b[${COLOR[s.status]}m${LABEL[s.status]}\u001b[0m` : LABEL[s.status];
  const lines = [`  ${label}  ${s.title}`, indent(s.message, '        ')];
  if (s.fix) lines.push(indent(`Fix: ${s.fix}`, '        '));
  if (s.action && !(s.action.kind === 'copy' && s.fix?.includes(s.action.text))) lines.push(indent(describeAction(s.action), '        '));
  if (s.details && Object.keys(s.details).length) {
    lines.push('        Details:');
    for (const [k, v] of Object.entries(s.details)) lines.push(`          ${k} = ${v}`);
  }
  return lines.join('\n');
}

export function formatSection(title: string, steps: readonly TroubleshootStep[], opts: { color?: boolean } = {}): string {
  return [opts.color ? `\u001b[1m${title}\u001b[0m` : title, ...steps.map((s) => formatStep(s, opts))].join('\n');
}

export function countStatuses(steps: readonly TroubleshootStep[]): Record<TroubleshootStep['status'], number> {
  const out = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const s of steps) out[s.status]++;
  return out;
}

export function formatSummary(steps: readonly TroubleshootStep[]): string {
  const c = countStatuses(steps);
  return `${c.pass} passed, ${c.warn} warning${c.warn === 1 ? '' : 's'}, ${c.fail} failed, ${c.skip} skipped`;
}
