// Browser host only. Two ways in: a user (user name + password, optional tenant; root
// signs in here too) — the default — or a service user (client id + secret → OAuth2 token).
import { useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useSession } from '../api/api-context.js';
import { Field } from '../components/Field.js';

type Tab = 'user' | 'service';

export function LoginPage() {
  const { expired } = useSession();
  const [tab, setTab] = useState<Tab>('user');
  const tabButton = (id: Tab, label: string) => (
    <button
      type="button"
      role="tab"
      id={`login-tab-${id}`}
      aria-selected={tab === id}
      aria-controls={`login-panel-${id}`}
      className={`tabs__tab${tab === id ? ' tabs__tab--active' : ''}`}
      onClick={() => setTab(id)}
      data-testid={`login-tab-${id}`}
    >
      {label}
    </button>
  );
  return (
    <main className="login" data-testid="login-page">
      <div className="card login__card">
        <div className="brand brand--large">
          <span className="brand__mark" aria-hidden="true" />
          Pangolin
        </div>
        <h1 id="login-title">Sign in to the catalog</h1>
        {expired ? (
          <p className="notice notice--info" data-testid="login-expired">
            Your session ended. Sign in again to continue.
          </p>
        ) : null}
        <div className="tabs" role="tablist" aria-labelledby="login-title">
          {tabButton('user', 'User')}
          {tabButton('service', 'Service user')}
        </div>
        {tab === 'user' ? <UserSignIn /> : <ServiceUserSignIn />}
      </div>
    </main>
  );
}

function UserSignIn() {
  const { identity, signIn } = useSession();
  const config = useQuery({ queryKey: ['auth', 'config'], queryFn: () => identity.authConfig(), staleTime: Infinity });
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [tenant, setTenant] = useState('');
  const login = useMutation({
    mutationFn: () => identity.login({ username: username.trim(), password, ...(tenant.trim() ? { tenant: tenant.trim() } : {}) }),
    onSuccess: (res) => signIn(res.token, { ...(res.refresh_token ? { refreshToken: res.refresh_token } : {}), expiresIn: res.expires_in }),
  });
  return (
    <SignInForm
      tab="user"
      login={login}
      ready={Boolean(username.trim() && password)}
      hint={
        <>
          Ask a tenant admin for an account.{' '}
          {config.data?.root_login
            ? 'Root signs in with PANGOLIN_ROOT_USER and PANGOLIN_ROOT_PASSWORD.'
            : 'Root sign-in is off on this server (PANGOLIN_ROOT_USER and PANGOLIN_ROOT_PASSWORD are not set).'}
        </>
      }
    >
      <Field label="User name" id="login-username">
        <input data-testid="login-username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} autoFocus required spellCheck={false} />
      </Field>
      <Field label="Password" id="login-password">
        <input data-testid="login-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </Field>
      <Field
        label={
          <>
            Tenant <span className="muted small">optional</span>
          </>
        }
        id="login-tenant"
        hint={`Leave empty for the default tenant${config.data?.root_login ? ' and for the root user' : ''}.`}
      >
        <input data-testid="login-tenant" value={tenant} onChange={(e) => setTenant(e.target.value)} placeholder="default" spellCheck={false} autoComplete="organization" />
      </Field>
    </SignInForm>
  );
}

function ServiceUserSignIn() {
  const { client, signIn } = useSession();
  const [clientId, setClientId] = useState('');
  const [secret, setSecret] = useState('');
  const login = useMutation({
    mutationFn: () => client.requestToken(clientId.trim(), secret),
    onSuccess: (res) => signIn(res.access_token, res.expires_in !== undefined ? { expiresIn: res.expires_in } : {}),
  });
  return (
    <SignInForm
      tab="service"
      login={login}
      ready={Boolean(clientId.trim() && secret)}
      hint={
        <>
          The local client ID and secret are printed when the server starts (<code>npm start</code>) and saved in <code>credentials.json</code> in the data
          folder. A tenant admin creates more under Access → Service users.
        </>
      }
    >
      <Field label="Client ID" id="login-client-id">
        <input data-testid="login-client-id" autoComplete="username" value={clientId} onChange={(e) => setClientId(e.target.value)} placeholder="pangolin-…" autoFocus required />
      </Field>
      <Field label="Client secret" id="login-client-secret">
        <input data-testid="login-client-secret" type="password" autoComplete="current-password" value={secret} onChange={(e) => setSecret(e.target.value)} required />
      </Field>
    </SignInForm>
  );
}

/** A sign-in tab's form: its fields, why signing in failed, the button (off until `ready`, and while signing in), a hint. */
function SignInForm({ tab, login, ready, hint, children }: { tab: Tab; login: { mutate(): void; isPending: boolean; error: Error | null }; ready: boolean; hint: ReactNode; children: ReactNode }) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ready) login.mutate();
  };
  return (
    <form className="login__form" id={`login-panel-${tab}`} role="tabpanel" aria-labelledby={`login-tab-${tab}`} onSubmit={submit} data-testid={`login-${tab}-form`}>
      {children}
      {login.error ? (
        <p className="notice notice--error" role="alert" data-testid="login-error">
          {login.error.message}
        </p>
      ) : null}
      <button className="btn btn--primary" type="submit" disabled={login.isPending || !ready} data-testid="login-submit">
        {login.isPending ? 'Signing in…' : 'Sign in'}
      </button>
      <p className="hint">{hint}</p>
    </form>
  );
}
