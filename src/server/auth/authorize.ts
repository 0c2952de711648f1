// The one place that decides "may this principal do X on Y". Routes ask it before calling
// a service; a refusal is a 403 that names the missing permission and is audited.
// Grants are read once per principal and reused for a short while (invalidated at once
// when this process changes roles or grants; other processes see changes within GRANTS_TTL_MS).
import type { Response } from 'express';
import { forbidden } from '../iceberg/errors.js';
import type { Grant, GrantScope, IdentityStore, Privilege } from '../stores/identity-types.js';
import type { AuditLog } from './audit-log.js';
import { bypassesGrants, canSee, describeTarget, grantsFor, targetResource, type Target } from './permissions.js';
import { describePrincipal, principalId, type Principal } from './principal.js';

export const GRANTS_TTL_MS = 2000;
const GRANTS_CACHE_MAX = 5000;

/** The request's principal (set by authenticate). */
export function requestPrincipal(res: Response): Principal {
  const p = res.locals.principal as Principal | undefined;
  if (!p) throw new Error('authorize called before authenticate');
  return p;
}

/** The tenant this request acts on: the principal's own, or for root the one it chose. */
export function actingTenant(res: Response): string {
  const t = res.locals.tenantId as string | undefined;
  if (!t) throw new Error('authorize called before authenticate');
  return t;
}

export class Authorizer {
  private readonly cache = new Map<string, { grants: Grant[]; expiresAt: number }>();
  private generation = 0;

  constructor(
    private readonly store: Pick<IdentityStore, 'grantsForPrincipal'>,
    private readonly audit: AuditLog,
  ) {}

  /** Root only (tenants, server-wide settings). */
  requireRoot(res: Response, action: string, resource: string): void {
    const p = requestPrincipal(res);
    if (p.kind === 'root') return this.mark(res, action, resource);
    this.deny(res, action, resource, `${describePrincipal(p)} may not ${action}: only the root user may`);
  }

  /** Root, or an admin of the acting tenant. Returns that tenant's id. */
  requireTenantAdmin(res: Response, action: string, resource: string): string {
    const p = requestPrincipal(res);
    const tenantId = actingTenant(res);
    if (bypassesGrants(p, tenantId)) {
      this.mark(res, action, resource);
      return tenantId;
    }
    this.deny(res, action, resource, `${describePrincipal(p)} may not ${action}: it needs the tenant-admin role`);
  }

  /** Throws 403 unless the principal holds `privilege` on `target` in the acting tenant. */
  async require(res: Response, action: string, privilege: Privilege, target: Target): Promise<void> {
    if (await this.can(res, privilege, target)) return this.mark(res, action, targetResource(target));
    const p = requestPrincipal(res);
    this.deny(
      res,
      action,
      targetResource(target),
      `${describePrincipal(p)} lacks the "${privilege}" privilege on ${describeTarget(target)} (${action}); a tenant admin can grant it to one of its roles (POST /api/v1/roles/{role}/grants)`,
    );
  }

  async can(res: Response, privilege: Privilege, target: Target): Promise<boolean> {
    const p = requestPrincipal(res);
    const tenantId = actingTenant(res);
    if (bypassesGrants(p, tenantId)) return true;
    return grantsFor(await this.grantsOf(p, tenantId), privilege, target).length > 0;
  }

  /** Throws 403 (as NotFound would leak existence, the message names only the request) unless the target is visible. */
  async requireVisible(res: Response, action: string, target: Target): Promise<void> {
    const see = await this.visibility(res);
    if (see(target)) return this.mark(res, action, targetResource(target));
    this.deny(res, action, targetResource(target), `${describePrincipal(requestPrincipal(res))} has no grant on or inside ${describeTarget(target)} (${action})`);
  }

  /** A predicate for filtering lists: which targets the principal may see. */
  async visibility(res: Response): Promise<(t: Target) => boolean> {
    const p = requestPrincipal(res);
    const tenantId = actingTenant(res);
    if (bypassesGrants(p, tenantId)) return () => true;
    const grants = await this.grantsOf(p, tenantId);
    return (t) => canSee(grants, t);
  }

  /** The grants that apply to this principal in this tenant (none outside its own). */
  async grantsOf(p: Principal, tenantId: string): Promise<Grant[]> {
    if (p.kind === 'root' || p.tenantId !== tenantId) return [];
    const key = `${p.kind}\u0000${principalId(p)}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() < hit.expiresAt) return hit.grants;
    const startedAt = this.generation;
    const grants = await this.store.grantsForPrincipal(tenantId, p.kind, principalId(p));
    if (startedAt === this.generation) {
      if (this.cache.size >= GRANTS_CACHE_MAX) this.cache.clear();
      this.cache.set(key, { grants, expiresAt: Date.now() + GRANTS_TTL_MS });
    }
    return grants;
  }

  /** After roles, grants or assignments change in this process. */
  invalidate(): void {
    this.generation++;
    this.cache.clear();
  }

  /** Scopes a principal may hand out: with manage-grants on a scope, grants inside it. */
  async canManageGrants(res: Response, scope: GrantScope): Promise<boolean> {
    return this.can(res, 'manage-grants', scope);
  }

  /** Remembers what was authorized, for the audit record written when a mutation finishes. */
  private mark(res: Response, action: string, resource: string): void {
    res.locals.auditAction ??= action;
    res.locals.auditResource ??= resource;
  }

  /** A 403 with `message`, audited as a denied `action` on `resource`. */
  refuse(res: Response, action: string, resource: string, message: string): never {
    this.deny(res, action, resource, message);
  }

  private deny(res: Response, action: string, resource: string, message: string): never {
    this.audit.recordFor(res, { action, resource, outcome: 'denied', detail: message });
    res.locals.auditDone = true;
    throw forbidden(message);
  }
}
