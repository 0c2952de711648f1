// A modal confirmation for destructive actions; shows the server's answer when it refuses.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useMutation } from '@tanstack/react-query';
import { ApiError } from '../api/client.js';
import { ErrorNotice } from './Notice.js';

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

/** What a refused action shows: an ErrorNotice with `title`, or for 409 Conflict (not empty, in use) the `conflict` one and what to do first. */
export interface Refusal {
  title: string;
  conflict?: { title: string; explain: ReactNode };
}

/**
 * A ConfirmDialog whose confirm calls the server: `action` runs (the dialog is busy until it
 * settles), then `onDone` gets its result; a refusal shows under the text.
 */
export function ConfirmAction<R>({ action, onDone, refusal, ...dialog }: Omit<ConfirmDialogProps, 'busy' | 'error' | 'onConfirm'> & { action(): Promise<R>; onDone(result: R): void; refusal: Refusal }) {
  const run = useMutation({ mutationFn: () => action(), onSuccess: onDone });
  const conflict = run.error instanceof ApiError && run.error.status === 409 ? refusal.conflict : undefined;
  return (
    <ConfirmDialog
      {...dialog}
      busy={run.isPending}
      onConfirm={() => run.mutate()}
      error={
        run.error ? (
          <>
            <ErrorNotice title={conflict?.title ?? refusal.title} error={run.error} />
            {conflict?.explain}
          </>
        ) : null
      }
    />
  );
}
