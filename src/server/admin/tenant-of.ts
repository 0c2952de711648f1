// The tenant an admin request acts on. Until roles exist (tenancy issue), root acts on the
// default tenant and a client on its own.
import type { Response } from 'express';
import { principalOf } from '../auth/authenticate.js';
import { principalTenant } from '../auth/principal.js';

export const tenantOf = (res: Response, defaultTenantId: () => string): string => principalTenant(principalOf(res), defaultTenantId());
