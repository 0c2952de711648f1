// Shown instead of a screen the caller's role cannot use (rather than provoking a 403).
import { roleLabel, type AccessRole } from '../lib/access.js';
import { formatRoute } from '../lib/routes.js';
import { EmptyState } from './Notice.js';

export function NoAccess({ page, role }: { page: string; role: AccessRole }) {
  return (
    <div className="page" data-testid="no-access">
      <EmptyState title="Not available to you" testId="no-access-message">
        <p>
          This screen is for {page === 'tenants' ? 'the root user' : 'tenant admins'}; you are signed in as a {roleLabel(role).toLowerCase()}. Ask a tenant admin
          if you need it.
        </p>
        <a className="btn" href={formatRoute({ page: 'explorer' })}>
          Open the explorer
        </a>
      </EmptyState>
    </div>
  );
}
