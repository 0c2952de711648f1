// A secret the server shows once (a service user's client secret, an API key): each value
// with a copy button, what to do with it, and an explicit "stored it" to close, so a stray
// Escape or click outside cannot lose it.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { CodeSnippet } from './CodeSnippet.js';

export interface SecretValue {
  label: string;
  value: string;
  testId: string;
}

export function SecretOnceDialog({ title, values, children, onDone, testId }: { title: string; values: SecretValue[]; children?: ReactNode; onDone(): void; testId: string }) {
  const titleId = useId();
  const doneRef = useRef<HTMLButtonElement>(null);
  useEffect(() => doneRef.current?.focus(), []);
  return (
    <div className="modal">
      <div className="modal__card modal__card--wide card" role="alertdialog" aria-modal="true" aria-labelledby={titleId} data-testid={testId}>
        <h2 id={titleId}>{title}</h2>
        <p className="notice notice--warn" data-testid={`${testId}-once`}>
          Copy it now: it is shown only this once. The server keeps only a hash, so nobody can show it again; if it is lost, make a new one.
        </p>
        {values.map((v) => (
          <div key={v.testId} className="secret-value">
            <span className="secret-value__label">{v.label}</span>
            <CodeSnippet code={v.value} label={v.label} testId={v.testId} />
          </div>
        ))}
        {children}
        <div className="actions">
          <button type="button" className="btn btn--primary" ref={doneRef} onClick={onDone} data-testid={`${testId}-done`}>
            I have stored it
          </button>
        </div>
      </div>
    </div>
  );
}
