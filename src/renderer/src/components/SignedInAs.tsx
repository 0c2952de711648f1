// The top bar's "who is signed in": name, role and tenant from GET /api/v1/me; for root a
// tenant switcher (every request then carries X-Pangolin-Tenant).
import { useSession } from '../api/api-context.js';
import { useAllTenants, useMe } from '../api/identity-hooks.js';
import { roleLabel } from '../lib/access.js';

export function SignedInAs() {
  const me = useMe();
  const { actingTenant, setActingTenant } = useSession();
  if (me.isPending) return <span className="who muted small">…</span>;
  if (me.isError) {
    // Root acting on a tenant that was deleted or renamed elsewhere: every request fails until it switches back.
    return (
      <span className="who who--error small" title={me.error.message} data-testid="signed-in-error">
        {actingTenant ? `Tenant “${actingTenant}” is not available` : 'Unknown caller'}
        {actingTenant ? (
          <button type="button" className="btn btn--small" onClick={() => setActingTenant(undefined)} data-testid="tenant-reset">
            Back to the default tenant
          </button>
        ) : null}
      </span>
    );
  }
  const p = me.data;
  return (
    <div className="who" data-testid="signed-in-as">
      <span className="who__name" data-testid="signed-in-name" title={p.via_api_key ? 'Signed in with an API key' : undefined}>
        {p.name}
      </span>
      <span className={`badge badge--role badge--${p.role}`} data-testid="signed-in-role">
        {roleLabel(p.role)}
      </span>
      {p.role === 'root' ? (
        <TenantSwitcher current={p.tenant?.name} />
      ) : p.tenant ? (
        <span className="who__tenant muted small" data-testid="signed-in-tenant">
          tenant {p.tenant.name}
        </span>
      ) : null}
    </div>
  );
}

function TenantSwitcher({ current }: { current: string | undefined }) {
  const { actingTenant, setActingTenant } = useSession();
  const tenants = useAllTenants(true);
  const names = tenants.data?.map((t) => t.name) ?? [];
  const value = actingTenant ?? current ?? '';
  return (
    <label className="who__switch small">
      <span className="muted">tenant</span>
      <select
        value={value}
        onChange={(e) => setActingTenant(e.target.value || undefined)}
        aria-label="Tenant to act on"
        title="Root acts on this tenant: lists, changes and the explorer are this tenant’s"
        data-testid="tenant-switcher"
        disabled={tenants.isPending}
      >
        {names.includes(value) || !value ? null : <option value={value}>{value}</option>}
        {names.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
}
