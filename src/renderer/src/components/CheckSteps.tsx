// The result of a warehouse connection check: each step pass / warn / fail / skip, with
// what happened and, when there is one, the fix.
import type { ReactNode } from 'react';
import type { CheckStep } from '../../../shared/api/admin.js';

const LABEL: Record<CheckStep['status'], string> = { pass: 'Pass', warn: 'Warning', fail: 'Failed', skip: 'Skipped' };

/** `extra` adds content under a step (the troubleshooter's one-click fixes and details). */
export function CheckSteps<S extends CheckStep>({ steps, testId = 'check-steps', label = 'Connection check steps', extra }: { steps: readonly S[]; testId?: string; label?: string; extra?: (step: S) => ReactNode }) {
  return (
    <ol className="check-steps" data-testid={testId} aria-label={label}>
      {steps.map((s) => (
        <li key={s.id} className={`check-step check-step--${s.status}`} data-testid={`check-step-${s.id}`} data-status={s.status}>
          <span className={`badge badge--${s.status}`} data-testid={`check-step-${s.id}-status`}>
            {LABEL[s.status]}
          </span>
          <div>
            <div className="check-step__title">{s.title}</div>
            <div className="check-step__message" data-testid={`check-step-${s.id}-message`}>
              {s.message}
            </div>
            {s.fix ? (
              <div className="check-step__fix" data-testid={`check-step-${s.id}-fix`}>
                <strong>Fix:</strong> {s.fix}
              </div>
            ) : null}
            {extra?.(s)}
          </div>
        </li>
      ))}
    </ol>
  );
}

export function checkSummary(steps: readonly CheckStep[]): string {
  const fails = steps.filter((s) => s.status === 'fail').length;
  const warns = steps.filter((s) => s.status === 'warn').length;
  if (fails) return `${fails} of ${steps.length} steps failed`;
  if (warns) return `All steps passed, ${warns} with a warning`;
  return `All ${steps.length} steps passed`;
}
