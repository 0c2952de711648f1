// A form's fields (dialogs, the full-page forms, the login page): a labelled field with its
// hint or problem, and the submit that shows every problem once tried.
import { useState, type ReactNode } from 'react';

/** A labelled field with its hint or, once shown, its problem. */
export function Field({ label, hint, problem, children, id }: { label: ReactNode; hint?: ReactNode; problem?: string; children: ReactNode; id: string }) {
  return (
    <label className="field">
      <span>{label}</span>
      {children}
      {problem ? (
        <span className="field-error" role="alert" id={`${id}-help`} data-testid={`${id}-error`}>
          {problem}
        </span>
      ) : hint ? (
        <span className="hint" id={`${id}-help`}>
          {hint}
        </span>
      ) : null}
    </label>
  );
}

/**
 * Submitting a form that checks its fields: the first try shows every problem (before it,
 * only those of fields typed in: `shown(problem, value)`), and it saves only when `ok`.
 */
export function useCheckedSubmit(ok: boolean, save: () => void): { attempted: boolean; submit(): void; shown(problem: string | undefined, value: string): string | undefined } {
  const [attempted, setAttempted] = useState(false);
  return {
    attempted,
    submit: () => {
      setAttempted(true);
      if (ok) save();
    },
    shown: (problem, value) => (attempted || value ? problem : undefined),
  };
}
