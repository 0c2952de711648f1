// The IdentityStore part of the conformance suite (users, sessions, service users, API
// keys, roles and grants, audit log), one file per group.
import type { Suite } from './fixtures.js';
import { apiKeyTests } from './identity-apikeys.js';
import { auditTests } from './identity-audit.js';
import { clientTests } from './identity-clients.js';
import { grantLifecycleTests } from './identity-grant-lifecycle.js';
import { roleTests } from './identity-roles.js';
import { rootSessionTests } from './identity-root-sessions.js';
import { sessionTests } from './identity-sessions.js';
import { userTests } from './identity-users.js';

export function identityTests(s: Suite): void {
  userTests(s);
  sessionTests(s);
  rootSessionTests(s);
  clientTests(s);
  apiKeyTests(s);
  roleTests(s);
  grantLifecycleTests(s);
  auditTests(s);
}
