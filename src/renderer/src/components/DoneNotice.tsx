// "User “alice” created." above a list after a change, dismissible.
import { useState, type ReactNode } from 'react';

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

/** A page's DoneNotice: `say(message)` shows it (without a message nothing changes); place `notice`. */
export function useDoneNotice(testId: string): { notice: ReactNode; say(message?: string): void } {
  const [message, setMessage] = useState<string | undefined>();
  return {
    notice: message ? (
      <DoneNotice onDismiss={() => setMessage(undefined)} testId={testId}>
        {message}
      </DoneNotice>
    ) : null,
    say: (m) => {
      if (m) setMessage(m);
    },
  };
}
