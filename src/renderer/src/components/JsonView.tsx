// Pretty-printed JSON that keeps int64 digits exact, with a copy button.
import { useMemo, useState } from 'react';
import { stringifyApiJson } from '../lib/json.js';

export function JsonView({ value, testId = 'json-view' }: { value: unknown; testId?: string }) {
  const text = useMemo(() => stringifyApiJson(value, 2), [value]);
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard?.writeText(text).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    });
  };
  return (
    <div className="json-view">
      <button type="button" className="btn btn--small json-view__copy" onClick={copy} data-testid={`${testId}-copy`}>
        {copied ? 'Copied' : 'Copy'}
      </button>
      <pre data-testid={testId}>{text}</pre>
    </div>
  );
}
