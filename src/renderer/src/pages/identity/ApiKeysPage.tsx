// API keys: long-lived keys sent as "Authorization: Bearer pgk_…" or "X-API-Key". Everyone
// sees and makes their own; tenant admins may list every key of the tenant and make keys
// for others. The key is shown once; a key is revoked, never shown again.
import { useState } from 'react';
import type { PrincipalResponse } from '../../../../shared/api/auth.js';
import type { ApiKeyResponse, CreatedApiKeyResponse } from '../../../../shared/api/identity.js';
import { useSession } from '../../api/api-context.js';
import { useApiKeyList, useInvalidateIdentity, usePrincipals } from '../../api/identity-hooks.js';
import { CodeSnippet } from '../../components/CodeSnippet.js';
import { ConfirmAction } from '../../components/ConfirmDialog.js';
import { useDoneNotice } from '../../components/DoneNotice.js';
import { ListPage } from '../../components/ListPage.js';
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
  const done = useDoneNotice('api-key-notice');
  const ownerName = (k: ApiKeyResponse) => {
    if (k.owner.id === me.id) return 'you';
    const found = k.owner.kind === 'user' ? users.data?.find((u) => u.id === k.owner.id)?.username : serviceUsers.data?.find((s) => s.client_id === k.owner.id)?.name;
    return `${found ?? k.owner.id} (${k.owner.kind === 'user' ? 'user' : 'service user'})`;
  };
  return (
    <ListPage
      title="API keys"
      testId="api-keys-page"
      create={{ label: 'Create API key', testId: 'api-key-create', onClick: () => setCreating(true) }}
      tools={
        admin && me.kind !== 'root' ? (
          <div className="segmented" role="group" aria-label="Whose keys">
            <button type="button" className={`btn btn--small${all ? '' : ' btn--selected'}`} aria-pressed={!all} onClick={() => setAll(false)} data-testid="api-keys-mine">
              Mine
            </button>
            <button type="button" className={`btn btn--small${all ? ' btn--selected' : ''}`} aria-pressed={all} onClick={() => setAll(true)} data-testid="api-keys-all">
              Everyone’s
            </button>
          </div>
        ) : null
      }
      intro={
        <>
          <p className="hint">
            A key acts as its owner, with the owner’s role and grants, until it expires or is revoked. Send it as <code>Authorization: Bearer &lt;key&gt;</code> or{' '}
            <code>X-API-Key: &lt;key&gt;</code>.
          </p>
          {done.notice}
        </>
      }
      list={keys}
      more={{ noun: 'keys', testId: 'api-keys-more' }}
      loadingLabel="Loading API keys…"
      errorTitle="Could not load API keys"
      empty={{
        title: all ? 'No API keys in this tenant' : 'You have no API keys',
        testId: 'api-keys-empty',
        children: <p>Create one for a script or tool that cannot sign in interactively; you see the key once, when it is made.</p>,
      }}
      columns={['Name', ...(all ? ['Owner'] : []), 'Key', 'Status', 'Created', 'Expires', 'Last used']}
      tableTestId="api-keys-table"
      row={(k) => {
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
      }}
    >
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
            done.say(`API key “${created.name}” created.`);
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
            done.say(message);
          }}
        />
      ) : null}
    </ListPage>
  );
}

function RevokeKey({ apiKey, onDone }: { apiKey: ApiKeyResponse; onDone(message?: string): void }) {
  const { identity } = useSession();
  const invalidate = useInvalidateIdentity();
  return (
    <ConfirmAction
      title={`Revoke API key “${apiKey.name}”?`}
      confirmLabel="Revoke key"
      action={async () => {
        await identity.revokeApiKey(apiKey.id);
        await invalidate();
      }}
      onDone={() => onDone(`API key “${apiKey.name}” revoked.`)}
      onCancel={() => onDone()}
      testId="revoke-api-key"
      refusal={{ title: 'Could not revoke the key' }}
    >
      <p>
        Requests with <code>{apiKey.key_prefix}…</code> are refused from now on. This cannot be undone: make a new key if it is needed again.
      </p>
    </ConfirmAction>
  );
}
