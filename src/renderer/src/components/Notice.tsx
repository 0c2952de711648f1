// Empty states, errors and loading placeholders: always say what to do next.
import type { ReactNode } from 'react';
import { ApiError } from '../api/client.js';

export function EmptyState({ title, children, testId }: { title: string; children?: ReactNode; testId?: string }) {
  return (
    <div className="empty-state" data-testid={testId ?? 'empty-state'}>
      <p className="empty-state__title">{title}</p>
      {children ? <div className="empty-state__body">{children}</div> : null}
    </div>
  );
}

export function ErrorNotice({ error, title = 'Something went wrong', onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  const api = error instanceof ApiError ? error : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="notice notice--error" role="alert" data-testid="error-notice">
      <div>
        <strong>{title}</strong>
        {api ? <span className="notice__type">{api.type}</span> : null}
        <p>{message}</p>
      </div>
      {onRetry ? (
        <button type="button" className="btn btn--small" onClick={onRetry} data-testid="error-retry">
          Retry
        </button>
      ) : null}
    </div>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}
    </div>
  );
}
