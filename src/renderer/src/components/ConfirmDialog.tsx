// A modal confirmation for destructive actions; shows the server's answer when it refuses.
import { useEffect, useId, useRef, type ReactNode } from 'react';

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  /** Shown under the text, e.g. the server's 409 explanation. */
  error?: ReactNode;
  onConfirm(): void;
  onCancel(): void;
  testId?: string;
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  const titleId = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => cancelRef.current?.focus(), []);
  const testId = props.testId ?? 'confirm-dialog';
  return (
    <div className="modal" onKeyDown={(e) => e.key === 'Escape' && props.onCancel()}>
      <div className="modal__card card" role="alertdialog" aria-modal="true" aria-labelledby={titleId} data-testid={testId}>
        <h2 id={titleId}>{props.title}</h2>
        <div className="modal__body">{props.children}</div>
        {props.error ? <div data-testid={`${testId}-error`}>{props.error}</div> : null}
        <div className="actions">
          <button type="button" className="btn btn--danger" onClick={props.onConfirm} disabled={props.busy} data-testid={`${testId}-confirm`}>
            {props.busy ? 'Working…' : props.confirmLabel}
          </button>
          <button type="button" className="btn" ref={cancelRef} onClick={props.onCancel} data-testid={`${testId}-cancel`}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
