// The desktop app's generated root password, shown once: the Electron host delivers it
// until the user acknowledges this dialog, and never again after that.
import { useEffect, useId, useRef, useState } from 'react';
import { getRootPasswordNotice, type RootPasswordNotice } from '../host/index.js';

export function RootPasswordDialog({ notice = getRootPasswordNotice() }: { notice?: RootPasswordNotice }) {
  const titleId = useId();
  const copyRef = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(notice !== undefined);
  const [copied, setCopied] = useState<'yes' | 'no' | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => copyRef.current?.focus(), []);
  if (!notice || !open) return null;

  const copy = () => {
    if (!navigator.clipboard) return setCopied('no');
    navigator.clipboard.writeText(notice.password).then(
      () => setCopied('yes'),
      () => setCopied('no'),
    );
  };
  const acknowledge = () => {
    setBusy(true);
    setError(undefined);
    notice.acknowledge().then(
      () => setOpen(false),
      (e: unknown) => {
        setBusy(false);
        setError(e instanceof Error ? e.message : String(e));
      },
    );
  };

  return (
    <div className="modal">
      <div className="modal__card card" role="alertdialog" aria-modal="true" aria-labelledby={titleId} data-testid="root-password-dialog">
        <h2 id={titleId}>Your root password — shown once; store it in your password manager</h2>
        <div className="modal__body">
          <p>
            The catalog's root account was created for you. This app signs itself in, but other clients (curl, scripts,
            PyIceberg with <code>credential="{notice.user}:…"</code>) need these. The password is kept encrypted with your
            OS keychain and will not be shown again.
          </p>
          <p>
            User: <code data-testid="root-password-user">{notice.user}</code>
          </p>
          <div className="snippet-box">
            <button type="button" className="btn btn--small snippet-box__copy" ref={copyRef} onClick={copy} data-testid="root-password-copy">
              {copied === 'yes' ? 'Copied' : copied === 'no' ? 'Select and copy' : 'Copy'}
            </button>
            <pre className="snippet" aria-label="Root password" data-testid="root-password-value">
              {notice.password}
            </pre>
          </div>
        </div>
        {error ? (
          <div className="notice notice--error" role="alert" data-testid="root-password-error">
            {error}
          </div>
        ) : null}
        <div className="actions">
          <button type="button" className="btn btn--primary" onClick={acknowledge} disabled={busy} data-testid="root-password-ack">
            {busy ? 'Saving…' : 'I have stored it'}
          </button>
        </div>
      </div>
    </div>
  );
}
