// Who is calling. Decided once per request by authenticate(); handlers only read it.
export type Principal =
  | { kind: 'root'; name: string }
  | { kind: 'client'; clientId: string; tenantId: string; name: string };

export function principalTenant(p: Principal, defaultTenantId: string): string {
  return p.kind === 'client' ? p.tenantId : defaultTenantId;
}
