// A create / edit form that is a page of its own (warehouses, catalogs): the header with
// the way back to the list, the title and "Delete…"; and, by the buttons, how many fields
// are still wrong.
import type { ReactNode } from 'react';

export interface FormPageProps {
  /** The form's test id; its title's id is `<testId>-title`. */
  testId: string;
  back: { href: string; label: string; testId: string };
  title: string;
  /** Offers "Delete…" (an existing item, for those who may delete it). */
  onDelete?(): void;
  deleteTestId: string;
  onSubmit(): void;
  children: ReactNode;
}

export function FormPage({ testId, back, title, onDelete, deleteTestId, onSubmit, children }: FormPageProps) {
  const titleId = `${testId}-title`;
  return (
    <form
      className="page form"
      aria-labelledby={titleId}
      data-testid={testId}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <header className="page__header">
        <a href={back.href} className="btn btn--small" data-testid={back.testId}>
          ← {back.label}
        </a>
        <h1 id={titleId}>{title}</h1>
        {onDelete ? (
          <button type="button" className="btn btn--small btn--danger page__header-end" onClick={onDelete} data-testid={deleteTestId}>
            Delete…
          </button>
        ) : null}
      </header>
      {children}
    </form>
  );
}

/** "Fix the 2 highlighted fields first." after a submit with problems; nothing otherwise. */
export function FixFirst({ attempted, count, testId }: { attempted: boolean; count: number; testId: string }) {
  if (!attempted || count === 0) return null;
  return (
    <p className="field-error" data-testid={testId}>
      Fix the {count === 1 ? 'highlighted field' : `${count} highlighted fields`} first.
    </p>
  );
}
