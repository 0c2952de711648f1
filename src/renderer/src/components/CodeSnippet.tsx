// A code snippet with a copy button.
import { useState } from 'react';

export function CodeSnippet({ code, label, testId }: { code: string; label: string; testId: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | undefined>();
  const copy = () => {
    const done = (ok: boolean) => {
      setCopied(ok ? 'yes' : 'no');
      setTimeout(() => setCopied(undefined), 1500);
    };
    if (!navigator.clipboard) return done(false);
    navigator.clipboard.writeText(code).then(() => done(true), () => done(false));
  };
  return (
    <div className="snippet-box">
      <button type="button" className="btn btn--small snippet-box__copy" onClick={copy} aria-label={`Copy ${label}`} data-testid={`${testId}-copy`}>
        {copied === 'yes' ? 'Copied' : copied === 'no' ? 'Select and copy' : 'Copy'}
      </button>
      <pre className="snippet" aria-label={label} data-testid={testId}>
        {code}
      </pre>
    </div>
  );
}
