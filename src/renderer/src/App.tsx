// The shell: header + navigation, the login page in a browser without a token, and the
// page for the current hash route. Marks the root data-app-state="ready" once mounted.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useSession } from './api/api-context.js';
import { LoginPage } from './pages/LoginPage.js';
import { StatusPage } from './pages/StatusPage.js';
import { ExplorerPage } from './pages/explorer/ExplorerPage.js';
import { CatalogsPage } from './pages/catalogs/CatalogsPage.js';
import { WarehousesPage } from './pages/warehouses/WarehousesPage.js';
import { TroubleshootPage } from './pages/troubleshoot/TroubleshootPage.js';
import { ConnectPage } from './pages/connect/ConnectPage.js';
import { BucketsPage } from './pages/buckets/BucketsPage.js';
import { RootPasswordDialog } from './components/RootPasswordDialog.js';
import { formatRoute, isIdentityRoute, parseRoute, type Route } from './lib/routes.js';
import { useMe } from './api/identity-hooks.js';
import { NoAccess } from './components/NoAccess.js';
import { Loading } from './components/Notice.js';
import { SignedInAs } from './components/SignedInAs.js';
import { IdentityPage } from './pages/identity/IdentityPage.js';
import { accessHome, canOpen, isAccessPage } from './lib/access.js';

function subscribeHash(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

function useRoute(): [Route, (r: Route) => void] {
  const hash = useSyncExternalStore(subscribeHash, () => window.location.hash);
  return [parseRoute(hash), (r) => void (window.location.hash = formatRoute(r))];
}

export function App() {
  const session = useSession();
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  const state = ready ? 'ready' : 'loading';

  if (!session.signedIn) {
    return (
      <div className="app" data-app-state={state} data-testid="app-root">
        {session.authMode === 'pending' ? <Loading label="Connecting…" /> : <LoginPage />}
      </div>
    );
  }
  return (
    <div className="app" data-app-state={state} data-testid="app-root">
      <Shell />
      {session.host.kind === 'electron' ? <RootPasswordDialog /> : null}
    </div>
  );
}

function Shell() {
  const session = useSession();
  const queryClient = useQueryClient();
  const [route, navigate] = useRoute();
  // Entries the caller's role cannot use are hidden (lib/access.ts); the server decides anyway.
  const role = useMe().data?.role;
  const tab = (page: Route['page'], label: string) => !canOpen(page, role) ? null : (
    <a
      href={formatRoute({ page } as Route)}
      className={`nav__link${route.page === page ? ' nav__link--active' : ''}`}
      aria-current={route.page === page ? 'page' : undefined}
      data-testid={`nav-${page}`}
    >
      {label}
    </a>
  );

  return (
    <>
      <header className="topbar">
        <div className="brand">
          <span className="brand__mark" aria-hidden="true" />
          Pangolin
        </div>
        <nav className="nav" aria-label="Main">
          {tab('explorer', 'Explorer')}
          {tab('catalogs', 'Catalogs')}
          {tab('warehouses', 'Warehouses')}
          {tab('buckets', 'Buckets')}
          {tab('connect', 'Connect')}
          {tab('troubleshoot', 'Troubleshoot')}
          <a
            href={formatRoute({ page: accessHome(role) })}
            className={`nav__link${isAccessPage(route.page) ? ' nav__link--active' : ''}`}
            aria-current={isAccessPage(route.page) ? 'page' : undefined}
            data-testid="nav-access"
          >
            {role === 'tenant-user' ? 'API keys' : 'Access'}
          </a>
          {tab('tenants', 'Tenants')}
          {tab('status', 'Server')}
        </nav>
        <div className="topbar__right">
          <code className="topbar__url" title="Iceberg REST endpoint">
            {session.host.serverUrl}
          </code>
          <SignedInAs />
          <button type="button" className="btn btn--small" onClick={() => void queryClient.invalidateQueries()} data-testid="refresh">
            Refresh
          </button>
          {session.host.kind === 'browser' && session.token ? (
            <button type="button" className="btn btn--small" onClick={session.signOut} data-testid="sign-out">
              Sign out
            </button>
          ) : null}
        </div>
      </header>
      {session.expired && session.host.kind === 'electron' ? (
        <div className="notice notice--error banner" role="alert" data-testid="session-expired">
          The session with the embedded server ended.
          <button type="button" className="btn btn--small" onClick={() => window.location.reload()}>
            Reload
          </button>
        </div>
      ) : null}
      <main className="content">
        {role && !canOpen(route.page, role) ? (
          <NoAccess page={route.page} role={role} />
        ) : isIdentityRoute(route) ? (
          <IdentityPage route={route} navigate={navigate} />
        ) : route.page === 'status' ? (
          <StatusPage />
        ) : route.page === 'troubleshoot' ? (
          <TroubleshootPage route={route} navigate={navigate} />
        ) : route.page === 'connect' ? (
          <ConnectPage route={route} navigate={navigate} />
        ) : route.page === 'warehouses' ? (
          <WarehousesPage route={route} navigate={navigate} />
        ) : route.page === 'catalogs' ? (
          <CatalogsPage route={route} navigate={navigate} />
        ) : route.page === 'buckets' ? (
          <BucketsPage route={route} navigate={navigate} />
        ) : (
          <ExplorerPage route={route} navigate={navigate} />
        )}
      </main>
    </>
  );
}
