// Pure permission logic: whether grants cover a target, and what a principal may do.
// No I/O: the Authorizer (authorize.ts) fetches grants and calls these.
import type { Grant, GrantScope, Privilege } from '../stores/identity-types.js';
import type { Principal } from './principal.js';

export const PRIVILEGES = ['read', 'write', 'create', 'drop', 'manage-grants'] as const satisfies readonly Privilege[];

/** What a request touches: a catalog, a namespace in it, or a table/view in a namespace. */
export type Target = GrantScope;

/** Holding `write` lets you read what you write; nothing else implies another privilege. */
export function satisfies(held: readonly Privilege[], need: Privilege): boolean {
  return held.includes(need) || (need === 'read' && held.includes('write'));
}

function isPrefix(prefix: readonly string[], of: readonly string[]): boolean {
  if (prefix.length > of.length) return false;
  for (let i = 0; i < prefix.length; i++) if (prefix[i] !== of[i]) return false;
  return true;
}

const sameNamespace = (a: readonly string[] = [], b: readonly string[] = []): boolean => a.length === b.length && isPrefix(a, b);

/**
 * True if a grant on `scope` applies to `target`: the catalog grant covers everything in
 * it, a namespace grant its nested namespaces, tables and views, a table/view grant only
 * that table/view.
 */
export function covers(scope: GrantScope, target: Target): boolean {
  if (scope.catalog !== target.catalog) return false;
  if (scope.table !== undefined) return target.table === scope.table && target.view === undefined && sameNamespace(scope.namespace, target.namespace);
  if (scope.view !== undefined) return target.view === scope.view && target.table === undefined && sameNamespace(scope.namespace, target.namespace);
  if (scope.namespace === undefined) return true;
  return target.namespace !== undefined && isPrefix(scope.namespace, target.namespace);
}

/** True if `scope` lies inside the container `target` (so the container must be visible to reach it). */
function inside(scope: GrantScope, target: Target): boolean {
  if (scope.catalog !== target.catalog || target.table !== undefined || target.view !== undefined) return false;
  return isPrefix(target.namespace ?? [], scope.namespace ?? []);
}

/** The grants that give `need` on `target`. */
export function grantsFor(grants: readonly Grant[], need: Privilege, target: Target): Grant[] {
  return grants.filter((g) => covers(g.scope, target) && satisfies(g.privileges, need));
}

/**
 * Whether a principal may see `target` in lists and load it: some grant covers it, or it
 * contains something the principal holds a grant on (you may walk down to your table).
 */
export function canSee(grants: readonly Grant[], target: Target): boolean {
  return grants.some((g) => g.privileges.length > 0 && (covers(g.scope, target) || inside(g.scope, target)));
}

/** Tenant admins and root need no grants inside the tenant they act on. */
export function bypassesGrants(p: Principal, actingTenantId: string): boolean {
  if (p.kind === 'root') return true;
  return p.role === 'tenant-admin' && p.tenantId === actingTenantId;
}

/** `table db.events in catalog "local"`, for messages and the audit log. */
export function describeTarget(t: Target): string {
  const ns = t.namespace?.join('.');
  if (t.table !== undefined) return `table ${ns ? `${ns}.` : ''}${t.table} in catalog "${t.catalog}"`;
  if (t.view !== undefined) return `view ${ns ? `${ns}.` : ''}${t.view} in catalog "${t.catalog}"`;
  if (ns) return `namespace ${ns} in catalog "${t.catalog}"`;
  return `catalog "${t.catalog}"`;
}

/** A stable resource path for the audit log: catalog/<c>/namespace/<a.b>/table/<t>. */
export function targetResource(t: Target): string {
  let out = `catalog/${t.catalog}`;
  if (t.namespace?.length) out += `/namespace/${t.namespace.join('\u001f')}`;
  if (t.table !== undefined) out += `/table/${t.table}`;
  if (t.view !== undefined) out += `/view/${t.view}`;
  return out;
}
