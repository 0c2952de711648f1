// API keys: long-lived keys sent as "Authorization: Bearer pgk_…" or "X-API-Key". Everyone
// sees and makes their own; tenant admins may list every key of the tenant and make keys
// for others. The key is shown once; a key is revoked, never shown again.
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { PrincipalResponse } from '../../../../shared/api/auth.js';
import type { ApiKeyResponse, CreatedApiKeyResponse } from '../../../../shared/api/identity.js';
import { useSession } from '../../api/api-context.js';
import { useApiKeyList, useInvalidateIdentity, usePrincipals } from '../../api/identity-hooks.js';
import { CodeSnippet } from '../../components/CodeSnippet.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { DoneNotice } from '../../components/DoneNotice.js';
import { LoadMore } from '../../components/LoadMore.js';
import { EmptyState, ErrorNotice, Loading } from '../../components/Notice.js';
import { SecretOnceDialog } from '../../components/SecretOnceDialog.js';
import type { AccessRole } from '../../lib/access.js';
import { formatCreated } from '../../lib/dates.js';
import { CreateApiKeyDialog } from './CreateApiKeyDialog.js';

function keyStatus(k: ApiKeyResponse, now = Date.now()): { label: string; className: string } {
  if (k.revoked_at) return { label: 'Revoked', className: 'badge--fail' };
  if (k.expires_at && Date.parse(k.expires_at) <= now) return { label: 'Expired', className: 'badge--warn' };
  return { label: 'Active', className: 'badge--ok' };
}

export function ApiKeysPage({ role, me }: { role: AccessRole; me: PrincipalResponse }) {
  const { host } = useSession();
  const admin = role !== 'tenant-user';
  // Root owns no keys: it sees the tenant's.
  const [all, setAll] = useState(me.kind === 'root');
  const keys = useApiKeyList(all);
  const { users, serviceUsers } = usePrincipals(admin);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiKeyResponse | undefined>();
  const [revoking, setRevoking] = useState<ApiKeyResponse | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const ownerName = (k: ApiKeyResponse) => {
    if (k.owner.id === me.id) return 'you';
    const found = k.owner.kind === 'user' ? users.data?.find((u) => u.id === k.owner.id)?.username : serviceUsers.data?.find((s) => s.client_id === k.owner.id)?.name;
    return `${found ?? k.owner.id} (${k.owner.kind === 'user' ? 'user' : 'service user'})`;
  };
  const create = (
    <button type="button" className="btn btn--primary" onClick={() => setCreating(true)} data-testid="api-key-create">
      Create API key
    </button>
  );
  return (
    <div className="page" data-testid="api-keys-page">
      <header className="page__header">
        <h1>API keys</h1>
        <div className="page__header-end actions">
          {admin && me.kind !== 'root' ? (
            <div className="segmented" role="group" aria-label="Whose keys">
              <button type="button" className={`btn btn--small${all ? '' : ' btn--selected'}`} aria-pressed={!all} onClick={() => setAll(false)} data-testid="api-keys-mine">
                Mine
              </button>
              <button type="button" className={`btn btn--small${all ? ' btn--selected' : ''}`} aria-pressed={all} onClick={() => setAll(true)} data-testid="api-keys-all">
                Everyone’s
              </button>
            </div>
          ) : null}
          {keys.items.length ? create : null}
        </div>
      </header>
      <p className="hint">
        A key acts as its owner, with the owner’s role and grants, until it expires or is revoked. Send it as <code>Authorization: Bearer &lt;key&gt;</code> or{' '}
        <code>X-API-Key: &lt;key&gt;</code>.
      </p>
      {done ? <DoneNotice onDismiss={() => setDone(undefined)} testId="api-key-notice">{done}</DoneNotice> : null}
      {keys.isPending ? (
        <Loading label="Loading API keys…" />
      ) : keys.isError && !keys.items.length ? (
        <ErrorNotice title="Could not load API keys" error={keys.error} onRetry={keys.refetch} />
      ) : keys.items.length === 0 ? (
        <EmptyState title={all ? 'No API keys in this tenant' : 'You have no API keys'} testId="api-keys-empty">
          <p>Create one for a script or tool that cannot sign in interactively; you see the key once, when it is made.</p>
          {create}
        </EmptyState>
      ) : (
        <div className="card card--flush">
          <table className="grid" data-testid="api-keys-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                {all ? <th scope="col">Owner</th> : null}
                <th scope="col">Key</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {keys.items.map((k) => {
                const status = keyStatus(k);
                return (
                  <tr key={k.id} data-testid={`api-key-row-${k.name}`} className={k.revoked_at ? 'row--muted' : undefined}>
                    <td>
                      <strong>{k.name}</strong>
                    </td>
                    {all ? <td>{ownerName(k)}</td> : null}
                    <td>
                      <code>{k.key_prefix}…</code>
                    </td>
                    <td>
                      <span className={`badge ${status.className}`} data-testid={`api-key-status-${k.name}`}>
                        {status.label}
                      </span>
                    </td>
                    <td>{formatCreated(k.created_at)}</td>
                    <td>{k.expires_at ? formatCreated(k.expires_at) : <span className="muted">never</span>}</td>
                    <td>{k.last_used_at ? formatCreated(k.last_used_at) : <span className="muted">never</span>}</td>
                    <td className="row-actions">
                      {k.revoked_at ? null : (
                        <button type="button" className="btn btn--small btn--danger" onClick={() => setRevoking(k)} aria-label={`Revoke ${k.name}`} data-testid={`api-key-revoke-${k.name}`}>
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <LoadMore list={keys} noun="keys" testId="api-keys-more" />
        </div>
      )}
      {creating ? (
        <CreateApiKeyDialog
          me={me}
          admin={admin}
          onClose={() => setCreating(false)}
          onCreated={(k) => {
            setCreating(false);
            setCreated(k);
          }}
        />
      ) : null}
      {created ? (
        <SecretOnceDialog
          title={`API key “${created.name}” created`}
          testId="api-key-secret"
          values={[{ label: 'API key', value: created.key, testId: 'api-key-secret-value' }]}
          onDone={() => {
            setDone(`API key “${created.name}” created.`);
            setCreated(undefined);
          }}
        >
          <CodeSnippet code={`curl -H "X-API-Key: ${created.key}" ${host.serverUrl}/api/v1/me`} label="Try the key with curl" testId="api-key-secret-curl" />
        </SecretOnceDialog>
      ) : null}
      {revoking ? (
        <RevokeKey
          apiKey={revoking}
          onDone={(message) => {
            setRevoking(undefined);
            if (message) setDone(message);
          }}
        />
      ) : null}
    </div>
  );
}

function RevokeKey({ apiKey, onDone }: { apiKey: ApiKeyResponse; onDone(message?: string): void }) {
  const { identity } = useSession();
  const invalidate = useInvalidateIdentity();
  const revoke = useMutation({
    mutationFn: () => identity.revokeApiKey(apiKey.id),
    onSuccess: async () => {
      await invalidate();
      onDone(`API key “${apiKey.name}” revoked.`);
    },
  });
  return (
    <ConfirmDialog
      title={`Revoke API key “${apiKey.name}”?`}
      confirmLabel="Revoke key"
      busy={revoke.isPending}
      onConfirm={() => revoke.mutate()}
      onCancel={() => onDone()}
      testId="revoke-api-key"
      error={revoke.error ? <ErrorNotice title="Could not revoke the key" error={revoke.error} /> : null}
    >
      <p>
        Requests with <code>{apiKey.key_prefix}…</code> are refused from now on. This cannot be undone: make a new key if it is needed again.
      </p>
    </ConfirmDialog>
  );
}
