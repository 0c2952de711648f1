// Browser host only: exchange a client id + secret for a bearer token.
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useSession } from '../api/api-context.js';

export function LoginPage() {
  const { client, signIn, expired } = useSession();
  const [clientId, setClientId] = useState('');
  const [secret, setSecret] = useState('');
  const login = useMutation({
    mutationFn: () => client.requestToken(clientId.trim(), secret),
    onSuccess: (res) => signIn(res.access_token),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (clientId.trim() && secret) login.mutate();
  };

  return (
    <main className="login" data-testid="login-page">
      <form className="card login__card" onSubmit={submit} aria-labelledby="login-title">
        <div className="brand brand--large">
          <span className="brand__mark" aria-hidden="true" />
          Pangolin
        </div>
        <h1 id="login-title">Sign in to the catalog</h1>
        {expired && !login.isPending ? (
          <p className="notice notice--info" data-testid="login-expired">
            Your session ended. Sign in again to continue.
          </p>
        ) : null}
        <label className="field">
          <span>Client ID</span>
          <input
            data-testid="login-client-id"
            autoComplete="username"
            value={clientId}
            onChange={(e) => setClientId(e.target.value)}
            placeholder="pangolin-…"
            autoFocus
            required
          />
        </label>
        <label className="field">
          <span>Client secret</span>
          <input
            data-testid="login-client-secret"
            type="password"
            autoComplete="current-password"
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            required
          />
        </label>
        {login.error ? (
          <p className="notice notice--error" role="alert" data-testid="login-error">
            {login.error.message}
          </p>
        ) : null}
        <button className="btn btn--primary" type="submit" disabled={login.isPending || !clientId.trim() || !secret} data-testid="login-submit">
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="hint">
          The local client ID and secret are printed when the server starts (<code>npm start</code>) and saved in{' '}
          <code>credentials.json</code> in the data folder.
        </p>
      </form>
    </main>
  );
}
