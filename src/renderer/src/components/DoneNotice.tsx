// "User “alice” created." above a list after a change, dismissible.
import type { ReactNode } from 'react';

export function DoneNotice({ children, onDismiss, testId }: { children: ReactNode; onDismiss(): void; testId: string }) {
  return (
    <div className="notice notice--ok" role="status" data-testid={testId}>
      <div>{children}</div>
      <button type="button" className="btn btn--small" onClick={onDismiss} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
