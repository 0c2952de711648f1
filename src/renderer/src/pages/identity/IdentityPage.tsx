// The identity screens behind one entry: Tenants (root) and the "Access" section (Users,
// Service users, Roles, API keys, Audit log) with its tabs. A page the caller's role
// cannot use says so instead of provoking a 403.
import type { ReactNode } from 'react';
import { useMe } from '../../api/identity-hooks.js';
import { NoAccess } from '../../components/NoAccess.js';
import { ErrorNotice, Loading } from '../../components/Notice.js';
import { accessTabs, canOpen, isAccessPage } from '../../lib/access.js';
import { formatRoute, type IdentityRoute, type Route } from '../../lib/routes.js';
import { ApiKeysPage } from './ApiKeysPage.js';
import { AuditPage } from './AuditPage.js';
import { RoleDetail } from './RoleDetail.js';
import { RolesPage } from './RolesPage.js';
import { ServiceUsersPage } from './ServiceUsersPage.js';
import { TenantsPage } from './TenantsPage.js';
import { UsersPage } from './UsersPage.js';

export function IdentityPage({ route, navigate }: { route: IdentityRoute; navigate(route: Route): void }) {
  const me = useMe();
  if (me.isPending) return <Loading label="Checking who you are…" />;
  if (me.isError) return <div className="page"><ErrorNotice title="Could not tell who is signed in" error={me.error} onRetry={() => void me.refetch()} /></div>;
  const role = me.data.role;
  if (!canOpen(route.page, role)) return <NoAccess page={route.page} role={role} />;
  let body: ReactNode;
  switch (route.page) {
    case 'tenants':
      return <TenantsPage navigate={navigate} />;
    case 'users':
      body = <UsersPage />;
      break;
    case 'service-users':
      body = <ServiceUsersPage />;
      break;
    case 'roles':
      body = route.name ? <RoleDetail key={route.name} name={route.name} navigate={navigate} /> : <RolesPage navigate={navigate} />;
      break;
    case 'api-keys':
      body = <ApiKeysPage role={role} me={me.data} />;
      break;
    case 'audit':
      body = <AuditPage />;
      break;
  }
  return (
    <>
      <AccessTabs page={route.page} role={role} />
      {body}
    </>
  );
}

/** The Access section's second row of navigation. */
function AccessTabs({ page, role }: { page: string; role: Parameters<typeof accessTabs>[0] }) {
  const tabs = accessTabs(role);
  if (!isAccessPage(page) || tabs.length < 2) return null;
  return (
    <nav className="subnav" aria-label="Access" data-testid="access-tabs">
      {tabs.map((t) => (
        <a
          key={t.page}
          href={formatRoute({ page: t.page })}
          className={`subnav__link${page === t.page ? ' subnav__link--active' : ''}`}
          aria-current={page === t.page ? 'page' : undefined}
          data-testid={`access-tab-${t.page}`}
        >
          {t.label}
        </a>
      ))}
    </nav>
  );
}
