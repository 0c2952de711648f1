// Every kind of caller the authorization tests need, set up through the store (so these
// tests do not depend on the admin API they check) and signed in the way a real caller is:
// root with Basic, users through /api/v1/users/login, service users through /v1/oauth/tokens.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hashPassword } from '../../src/server/auth/passwords.js';
import { generateSecret, hashGeneratedSecret } from '../../src/server/auth/secret-hash.js';
import type { GrantScope, Privilege, UserRole } from '../../src/server/stores/identity-types.js';
import { getToken, requestJson, type TestServer } from '../helpers/server.js';

export const ROOT_USER = 'admin';
export const ROOT_PASSWORD = 'root-Pa55word-for-tests';
export const ROOT_ENV = { PANGOLIN_ROOT_USER: ROOT_USER, PANGOLIN_ROOT_PASSWORD: ROOT_PASSWORD };

export const ALL: Privilege[] = ['read', 'write', 'create', 'drop', 'manage-grants'];

export type Caller = 'anonymous' | 'root' | 'adminA' | 'writer' | 'reader' | 'nobody' | 'svcWriter' | 'svcNobody' | 'adminB';
export const CALLERS: Caller[] = ['anonymous', 'root', 'adminA', 'writer', 'reader', 'nobody', 'svcWriter', 'svcNobody', 'adminB'];

export interface World {
  headers: Record<Caller, Record<string, string>>;
  tenantA: string;
  tenantB: string;
  userIds: Record<string, string>;
  clientIds: Record<string, string>;
}

const now = () => new Date().toISOString();

export async function login(url: string, username: string, password: string, tenant?: string): Promise<string> {
  const r = await requestJson(`${url}/api/v1/users/login`, 'POST', { username, password, ...(tenant ? { tenant } : {}) });
  if (r.status !== 200) throw new Error(`login of ${username} failed: ${r.status} ${r.text}`);
  return r.body.token as string;
}

export async function createUser(s: TestServer, tenantId: string, username: string, role: UserRole, password = `${username}-Pa55word!`): Promise<{ id: string; password: string }> {
  const id = randomUUID();
  const t = now();
  await s.handle.store.createUser({ id, tenantId, username, passwordHash: await hashPassword(password), role, disabled: false, createdAt: t, updatedAt: t });
  return { id, password };
}

export async function createServiceUser(s: TestServer, tenantId: string, name: string, role: UserRole = 'tenant-user'): Promise<{ clientId: string; secret: string }> {
  const clientId = `svc-${name}-${randomUUID().slice(0, 6)}`;
  const secret = generateSecret();
  await s.handle.store.createClient({ clientId, tenantId, name, role, secretHash: hashGeneratedSecret(secret), createdAt: now() });
  return { clientId, secret };
}

/** A role holding `grants`, assigned to the principals. */
export async function grantRole(s: TestServer, tenantId: string, name: string, grants: { scope: GrantScope; privileges: Privilege[] }[], members: { kind: 'user' | 'client'; id: string }[]): Promise<string> {
  const roleId = randomUUID();
  await s.handle.store.createRole({ id: roleId, tenantId, name, description: '', createdAt: now() });
  for (const g of grants) {
    const catalog = await s.handle.store.getCatalog({ tenantId, name: g.scope.catalog });
    if (!catalog) throw new Error(`no catalog ${g.scope.catalog} in tenant ${tenantId}`);
    await s.handle.store.createGrant({ id: randomUUID(), tenantId, roleId, catalogId: catalog.id, scope: g.scope, privileges: g.privileges, createdAt: now() });
  }
  for (const m of members) await s.handle.store.assignRole({ roleId, principalKind: m.kind, principalId: m.id });
  return roleId;
}

/**
 * Tenant A (the default tenant, catalog "local"): an admin user, a user with every
 * privilege on namespace m, a user with read on table m.t and view m.v only, a user with
 * no grant, a service user with the writer's role and one with none. Tenant B: its own
 * admin, warehouse and catalog "bcat".
 */
export async function setUpWorld(s: TestServer): Promise<World> {
  const store = s.handle.store;
  const tenantA = s.handle.bootstrap.tenant.id;
  const tenantB = randomUUID();
  await store.createTenant({ id: tenantB, name: 'tenant-b', properties: {}, createdAt: now() });
  const dirB = join(s.dataDir, 'warehouses', 'b');
  mkdirSync(dirB, { recursive: true });
  const whB = randomUUID();
  await store.createWarehouse({ id: whB, tenantId: tenantB, name: 'b-local', location: pathToFileURL(dirB).href, storageConfig: {}, clientConfig: {}, vendingStrategy: null, createdAt: now() });
  await store.createCatalog({ id: randomUUID(), tenantId: tenantB, name: 'bcat', warehouseId: whB, properties: { location: pathToFileURL(dirB).href }, createdAt: now() });

  const adminA = await createUser(s, tenantA, 'alice-admin', 'tenant-admin');
  const writer = await createUser(s, tenantA, 'wendy-writer', 'tenant-user');
  const reader = await createUser(s, tenantA, 'rita-reader', 'tenant-user');
  const nobody = await createUser(s, tenantA, 'ned-nobody', 'tenant-user');
  const adminB = await createUser(s, tenantB, 'bob-admin', 'tenant-admin');
  const svcWriter = await createServiceUser(s, tenantA, 'etl-writer');
  const svcNobody = await createServiceUser(s, tenantA, 'etl-nobody');

  await grantRole(s, tenantA, 'writers', [{ scope: { catalog: 'local', namespace: ['m'] }, privileges: ALL }], [
    { kind: 'user', id: writer.id },
    { kind: 'client', id: svcWriter.clientId },
  ]);
  await grantRole(
    s,
    tenantA,
    'readers',
    [
      { scope: { catalog: 'local', namespace: ['m'], table: 't' }, privileges: ['read'] },
      { scope: { catalog: 'local', namespace: ['m'], view: 'v' }, privileges: ['read'] },
    ],
    [{ kind: 'user', id: reader.id }],
  );

  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
  return {
    tenantA,
    tenantB,
    userIds: { adminA: adminA.id, writer: writer.id, reader: reader.id, nobody: nobody.id, adminB: adminB.id },
    clientIds: { svcWriter: svcWriter.clientId, svcNobody: svcNobody.clientId },
    headers: {
      anonymous: {},
      root: { authorization: `Basic ${Buffer.from(`${ROOT_USER}:${ROOT_PASSWORD}`).toString('base64')}` },
      adminA: bearer(await login(s.url, 'alice-admin', adminA.password)),
      writer: bearer(await login(s.url, 'wendy-writer', writer.password)),
      reader: bearer(await login(s.url, 'rita-reader', reader.password)),
      nobody: bearer(await login(s.url, 'ned-nobody', nobody.password)),
      svcWriter: bearer(await getToken(s.url, svcWriter.clientId, svcWriter.secret)),
      svcNobody: bearer(await getToken(s.url, svcNobody.clientId, svcNobody.secret)),
      adminB: bearer(await login(s.url, 'bob-admin', adminB.password, 'tenant-b')),
    },
  };
}
