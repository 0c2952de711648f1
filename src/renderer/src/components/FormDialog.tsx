// A modal form (create, edit, reset password): fields as children, one submit button,
// the server's refusal shown above the buttons. ConfirmDialog is for destructive actions.
import { useId, type FormEvent, type ReactNode } from 'react';
import { ErrorNotice } from './Notice.js';

export interface FormDialogProps {
  title: string;
  children: ReactNode;
  submitLabel: string;
  busy?: boolean;
  /** The server's answer when it refused (an ApiError), shown with its Iceberg type. */
  error?: unknown;
  errorTitle?: string;
  onSubmit(): void;
  onCancel(): void;
  testId: string;
}

export function FormDialog(props: FormDialogProps) {
  const titleId = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!props.busy) props.onSubmit();
  };
  return (
    <div className="modal" onKeyDown={(e) => e.key === 'Escape' && !props.busy && props.onCancel()}>
      <form className="modal__card card" role="dialog" aria-modal="true" aria-labelledby={titleId} data-testid={props.testId} onSubmit={submit} noValidate>
        <h2 id={titleId}>{props.title}</h2>
        <div className="modal__body form__section">{props.children}</div>
        {props.error ? (
          <div data-testid={`${props.testId}-error`}>
            <ErrorNotice title={props.errorTitle ?? 'The server refused'} error={props.error} />
          </div>
        ) : null}
        <div className="actions">
          <button type="submit" className="btn btn--primary" disabled={props.busy} data-testid={`${props.testId}-submit`}>
            {props.busy ? 'Working…' : props.submitLabel}
          </button>
          <button type="button" className="btn" onClick={props.onCancel} disabled={props.busy} data-testid={`${props.testId}-cancel`}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}

/** A save in progress and its refusal (a react-query mutation). */
export interface SaveState {
  isPending: boolean;
  error: unknown;
}

/**
 * The dialog that creates a thing or edits one, titled and labelled after its noun:
 * "New role" / "Role “analysts”", "Create role" / "Save changes".
 */
export function CreateOrEditDialog({ noun, existing, save, onSubmit, onCancel, testId, children }: { noun: string; existing?: string; save: SaveState; onSubmit(): void; onCancel(): void; testId: string; children: ReactNode }) {
  const Noun = noun.charAt(0).toUpperCase() + noun.slice(1);
  return (
    <FormDialog
      title={existing !== undefined ? `${Noun} “${existing}”` : `New ${noun}`}
      submitLabel={existing !== undefined ? 'Save changes' : `Create ${noun}`}
      busy={save.isPending}
      error={save.error}
      onCancel={onCancel}
      onSubmit={onSubmit}
      testId={testId}
    >
      {children}
    </FormDialog>
  );
}
