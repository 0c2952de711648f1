// IdentityStore on MongoDB / FerretDB 1.x (see identity-types.ts), with the rules of
// mongo-entities.ts: no transactions and no atomic conditional updates, so
// - uniqueness (username per tenant, API key prefix, ...) is a unique index: an insert is atomic everywhere;
// - every read-modify-write of a document runs under that document's lock (withLocks), and
//   nothing else rewrites it (FerretDB writes a partial update back as the whole document);
// - an insert that refers to a parent (tenant, user, ...) writes first, then checks the
//   parent still stands (parentStands waits for a delete in progress) and takes itself back
//   if not; deleteTenant (mongo-entities.ts) calls dropTenantIdentity under the tenant lock.
// An API key's lastUsedAt lives in its own document (api_key_usage), so a touch can never
// write back, and so undo, a concurrent revocation of the key document.
import type { Db, Document } from 'mongodb';
import { notFound } from './entity-rules.js';
import {
  auditAfter, auditKey, nowAfter, pickAuditEvent, type AuditEvent, type AuditFilter, patchedClient, patchedRole, patchedUser, pickApiKey, pickGrant, pickRole, pickSession, pickUser,
  type ApiKey, type ClientPatch, type Grant, type PrincipalKind, type Role, type RoleAssignment, type RolePatch, type IdentityStore, type Session, type User, type UserPatch } from './identity-types.js';
import type { Doc } from './mongo-docs.js';
import { createRootSessionIndexes, MongoRootSessions } from './mongo-root-sessions.js';
import { grantDoc, grantOf } from './mongo-grants.js';
import { clientOf, listDocs, parentStands } from './mongo-entities.js';
import { isDuplicateKey } from './mongo-errors.js';
import { finishPage, pageWindow } from './paging.js';
import { StoreError, type ClientCredential, type Page, type PageRequest } from './types.js';


/** Indexes of the identity collections (fixed names: re-running is a no-op). */
export async function createIdentityIndexes(db: Db): Promise<void> {
  await db.collection('users').createIndex({ tenantId: 1, username: 1 }, { unique: true, name: 'users_tenant_username' });
  await db.collection('sessions').createIndex({ tokenHash: 1 }, { unique: true, name: 'sessions_token' });
  await db.collection('sessions').createIndex({ userId: 1 }, { name: 'sessions_user' });
  await db.collection('sessions').createIndex({ expiresAt: 1 }, { name: 'sessions_expiry' });
  await db.collection('api_keys').createIndex({ keyPrefix: 1 }, { unique: true, name: 'api_keys_prefix' });
  await db.collection('api_keys').createIndex({ tenantId: 1, _id: 1 }, { name: 'api_keys_tenant' });
  await db.collection('api_keys').createIndex({ ownerKind: 1, ownerId: 1 }, { name: 'api_keys_owner' });
  await db.collection('api_key_usage').createIndex({ ownerKind: 1, ownerId: 1 }, { name: 'api_key_usage_owner' });
  await db.collection('api_key_usage').createIndex({ tenantId: 1 }, { name: 'api_key_usage_tenant' });
  await db.collection('roles').createIndex({ tenantId: 1, name: 1 }, { unique: true, name: 'roles_tenant_name' });
  await db.collection('role_assignments').createIndex({ tenantId: 1, principalKind: 1, principalId: 1 }, { name: 'role_assignments_principal' });
  await db.collection('role_assignments').createIndex({ roleId: 1 }, { name: 'role_assignments_role' });
  await db.collection('grants').createIndex({ roleId: 1, _id: 1 }, { name: 'grants_role' });
  await db.collection('grants').createIndex({ catalogId: 1, nsKey: 1, objectName: 1 }, { name: 'grants_object' });
  await db.collection('audit_events').createIndex({ tenantId: 1, at: -1, _id: -1 }, { name: 'audit_events_tenant' });
  await createRootSessionIndexes(db);
}

/** deleteTenant's cascade (run under the tenant's lock): everything of the tenant but its audit events. */
export async function dropTenantIdentity(db: Db, tenantId: string): Promise<void> {
  for (const c of ['sessions', 'users', 'api_keys', 'api_key_usage', 'role_assignments', 'grants', 'roles']) await db.collection(c).deleteMany({ tenantId });
}

async function unique<T>(p: Promise<T>, message: string): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (isDuplicateKey(e)) throw new StoreError('already-exists', message);
    throw e;
  }
}

export class MongoIdentity extends MongoRootSessions implements IdentityStore {
  // ---- users ----

  async createUser(u: User): Promise<User> {
    const rec = pickUser(u);
    await this.requireDoc('tenants', rec.tenantId, 'Tenant');
    await unique(this.col('users').insertOne(userDoc(rec)), `User ${rec.username} (id ${rec.id}) already exists`);
    await this.settleInsert('users', rec.id, 'tenants', rec.tenantId, 'Tenant');
    return rec;
  }

  async getUser(by: { id: string } | { tenantId: string; username: string }): Promise<User | undefined> {
    const d = await this.col('users').findOne('id' in by ? { _id: by.id } : { tenantId: by.tenantId, username: by.username });
    return d ? userOf(d) : undefined;
  }

  listUsers(tenantId: string, page?: PageRequest): Promise<Page<User>> {
    return listDocs(this.db, 'users', { tenantId }, 'username', page, userOf);
  }

  async updateUser(id: string, patch: UserPatch): Promise<User> {
    return this.locked('users', id, async () => {
      const cur = userOf(await this.must('users', id, 'User'));
      const next = patchedUser(cur, patch, nowAfter(cur.updatedAt));
      const { _id, ...fields } = userDoc(next);
      const unset = next.email === undefined ? { $unset: { email: '' } } : {};
      // The unique index on {tenantId, username} refuses a taken name atomically.
      await unique(this.col('users').updateOne({ _id: id }, { $set: fields, ...unset }), `User ${next.username} already exists`);
      return next;
    });
  }

  async deleteUser(id: string): Promise<void> {
    await this.locked('users', id, async () => {
      await this.must('users', id, 'User');
      await this.col('sessions').deleteMany({ userId: id });
      await this.dropOwned('user', id);
      await this.col('users').deleteOne({ _id: id });
    });
  }

  // ---- sessions ----

  async createSession(x: Session): Promise<Session> {
    const rec = pickSession(x);
    if (!(await this.col('users').findOne({ _id: rec.userId, tenantId: rec.tenantId }, { projection: { _id: 1 } }))) throw notFound('User', rec.userId);
    const doc = { _id: rec.id, userId: rec.userId, tenantId: rec.tenantId, tokenHash: rec.tokenHash, createdAt: rec.createdAt, expiresAt: rec.expiresAt, revokedAt: rec.revokedAt ?? null };
    await unique(this.col('sessions').insertOne(doc), `Session ${rec.id} (or its token) already exists`);
    await this.settleInsert('sessions', rec.id, 'users', rec.userId, 'User');
    return rec;
  }

  async getSession(tokenHash: string): Promise<Session | undefined> {
    const d = await this.col('sessions').findOne({ tokenHash });
    return d ? sessionOf(d) : undefined;
  }

  async revokeSession(id: string, at = new Date().toISOString()): Promise<boolean> {
    return this.locked('sessions', id, async () => {
      const d = await this.must('sessions', id, 'Session');
      if (d.revokedAt != null) return false;
      await this.col('sessions').updateOne({ _id: id }, { $set: { revokedAt: at } });
      return true;
    });
  }

  async revokeUserSessions(userId: string, at = new Date().toISOString()): Promise<number> {
    let n = 0;
    for (const d of await this.col('sessions').find({ userId, revokedAt: null }, { projection: { _id: 1 } }).toArray()) {
      // A session deleted meanwhile (expired, or its user deleted) is simply not counted.
      if (await this.revokeSession(d._id, at).catch((e) => (e instanceof StoreError && e.code === 'not-found' ? false : Promise.reject(e)))) n++;
    }
    return n;
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    return (await this.col('sessions').deleteMany({ expiresAt: { $lt: now } })).deletedCount;
  }

  // ---- service users (created and read by mongo-entities.ts) ----

  listClients(tenantId: string, page?: PageRequest): Promise<Page<ClientCredential>> {
    return listDocs(this.db, 'clients', { tenantId }, '_id', page, clientOf);
  }

  async updateClient(clientId: string, patch: ClientPatch): Promise<ClientCredential> {
    return this.locked('clients', clientId, async () => {
      const next = patchedClient(clientOf(await this.must('clients', clientId, 'Client')), patch);
      await this.col('clients').updateOne({ _id: clientId }, { $set: { name: next.name, secretHash: next.secretHash, disabled: !!next.disabled, role: next.role } });
      return next;
    });
  }

  async deleteClient(clientId: string): Promise<void> {
    await this.locked('clients', clientId, async () => {
      await this.must('clients', clientId, 'Client');
      await this.dropOwned('client', clientId);
      await this.col('clients').deleteOne({ _id: clientId });
    });
  }

  // ---- API keys ----

  async createApiKey(k: ApiKey): Promise<ApiKey> {
    const rec = pickApiKey(k);
    const [ownerCol, what] = rec.ownerKind === 'user' ? ['users', 'User'] : ['clients', 'Client'];
    if (!(await this.col(ownerCol).findOne({ _id: rec.ownerId, tenantId: rec.tenantId }, { projection: { _id: 1 } }))) throw notFound(what, rec.ownerId);
    const owner = { tenantId: rec.tenantId, ownerKind: rec.ownerKind, ownerId: rec.ownerId };
    const doc = { _id: rec.id, ...owner, name: rec.name, keyPrefix: rec.keyPrefix, secretHash: rec.secretHash, createdAt: rec.createdAt, expiresAt: rec.expiresAt ?? null, revokedAt: rec.revokedAt ?? null };
    await unique(this.col('api_keys').insertOne(doc), `API key ${rec.id} (or its prefix) already exists`);
    await this.col('api_key_usage').insertOne({ _id: rec.id, ...owner, lastUsedAt: rec.lastUsedAt ?? null });
    if (!(await parentStands(this.db, ownerCol, rec.ownerId))) {
      for (const c of ['api_keys', 'api_key_usage']) await this.col(c).deleteOne({ _id: rec.id });
      throw notFound(what, rec.ownerId);
    }
    return rec;
  }

  async getApiKey(by: { id: string } | { keyPrefix: string }): Promise<ApiKey | undefined> {
    const d = await this.col('api_keys').findOne('id' in by ? { _id: by.id } : { keyPrefix: by.keyPrefix });
    if (!d) return undefined;
    return apiKeyOf(d, await this.col('api_key_usage').findOne({ _id: d._id }));
  }

  async listApiKeys(tenantId: string, owner?: { kind: PrincipalKind; id: string }, page?: PageRequest): Promise<Page<ApiKey>> {
    const filter = owner ? { tenantId, ownerKind: owner.kind, ownerId: owner.id } : { tenantId };
    const res = await listDocs(this.db, 'api_keys', filter, '_id', page, (d) => d);
    const usage = new Map((await this.col('api_key_usage').find({ _id: { $in: res.items.map((d) => d._id) } }).toArray()).map((u) => [u._id, u]));
    return { items: res.items.map((d) => apiKeyOf(d, usage.get(d._id))), nextPageToken: res.nextPageToken };
  }

  async revokeApiKey(id: string, at = new Date().toISOString()): Promise<boolean> {
    return this.locked('api_keys', id, async () => {
      const d = await this.must('api_keys', id, 'API key');
      if (d.revokedAt != null) return false;
      await this.col('api_keys').updateOne({ _id: id }, { $set: { revokedAt: at } });
      return true;
    });
  }

  async touchApiKey(id: string, at: string): Promise<void> {
    // FerretDB may apply two concurrent touches out of order (lastUsedAt is advisory).
    await this.col('api_key_usage').updateOne({ _id: id, $or: [{ lastUsedAt: null }, { lastUsedAt: { $lt: at } }] }, { $set: { lastUsedAt: at } });
  }

  async deleteApiKey(id: string): Promise<void> {
    await this.locked('api_keys', id, async () => {
      await this.must('api_keys', id, 'API key');
      await this.col('api_keys').deleteOne({ _id: id });
      await this.col('api_key_usage').deleteOne({ _id: id });
    });
  }

  // ---- roles and grants ----

  async createRole(r: Role): Promise<Role> {
    const rec = pickRole(r);
    await this.requireDoc('tenants', rec.tenantId, 'Tenant');
    const doc = { _id: rec.id, tenantId: rec.tenantId, name: rec.name, description: rec.description, createdAt: rec.createdAt };
    await unique(this.col('roles').insertOne(doc), `Role ${rec.name} (id ${rec.id}) already exists`);
    await this.settleInsert('roles', rec.id, 'tenants', rec.tenantId, 'Tenant');
    return rec;
  }

  async getRole(by: { id: string } | { tenantId: string; name: string }): Promise<Role | undefined> {
    const d = await this.col('roles').findOne('id' in by ? { _id: by.id } : { tenantId: by.tenantId, name: by.name });
    return d ? roleOf(d) : undefined;
  }

  listRoles(tenantId: string, page?: PageRequest): Promise<Page<Role>> {
    return listDocs(this.db, 'roles', { tenantId }, 'name', page, roleOf);
  }

  async updateRole(id: string, patch: RolePatch): Promise<Role> {
    return this.locked('roles', id, async () => {
      const next = patchedRole(roleOf(await this.must('roles', id, 'Role')), patch);
      await unique(this.col('roles').updateOne({ _id: id }, { $set: { name: next.name, description: next.description } }), `Role ${next.name} already exists`);
      return next;
    });
  }

  /**
   * Not atomic for readers (no transactions): members lose the role first, then its grants
   * go, then the role, so a concurrent or interrupted delete only ever leaves fewer
   * privileges, never more. Writers that add to the role settle against its lock.
   */
  async deleteRole(id: string): Promise<void> {
    await this.locked('roles', id, async () => {
      await this.must('roles', id, 'Role');
      for (const c of ['role_assignments', 'grants']) await this.col(c).deleteMany({ roleId: id });
      await this.col('roles').deleteOne({ _id: id });
    });
  }

  async assignRole(a: RoleAssignment): Promise<boolean> {
    const role = await this.must('roles', a.roleId, 'Role');
    const [principalCol, what] = a.principalKind === 'user' ? ['users', 'User'] : ['clients', 'Client'];
    if (!(await this.col(principalCol).findOne({ _id: a.principalId, tenantId: role.tenantId }, { projection: { _id: 1 } }))) throw notFound(what, a.principalId);
    const _id = assignmentId(a);
    try {
      await this.col('role_assignments').insertOne({ _id, tenantId: role.tenantId, roleId: a.roleId, principalKind: a.principalKind, principalId: a.principalId });
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
    await this.settleInsert('role_assignments', _id, 'roles', a.roleId, 'Role');
    await this.settleInsert('role_assignments', _id, principalCol, a.principalId, what);
    return true;
  }

  async unassignRole(a: RoleAssignment): Promise<boolean> {
    return (await this.col('role_assignments').deleteOne({ _id: assignmentId(a) })).deletedCount === 1;
  }

  async listPrincipalRoles(tenantId: string, kind: PrincipalKind, principalId: string, page?: PageRequest): Promise<Page<Role>> {
    return listDocs(this.db, 'roles', { _id: { $in: await this.roleIdsOf(tenantId, kind, principalId) }, tenantId }, 'name', page, roleOf);
  }

  async createGrant(g: Grant): Promise<Grant> {
    const rec = pickGrant(g);
    if (!(await this.col('roles').findOne({ _id: rec.roleId, tenantId: rec.tenantId }, { projection: { _id: 1 } }))) throw notFound('Role', rec.roleId);
    const cat = await this.col('catalogs').findOne({ _id: rec.catalogId, tenantId: rec.tenantId }, { projection: { name: 1 } });
    if (!cat) throw notFound('Catalog', rec.catalogId);
    const doc = grantDoc(rec, cat.name) as Doc;
    await unique(this.col('grants').insertOne(doc), `Grant ${rec.id} already exists`);
    await this.settleInsert('grants', rec.id, 'roles', rec.roleId, 'Role');
    await this.settleInsert('grants', rec.id, 'catalogs', rec.catalogId, 'Catalog');
    return grantOf(doc);
  }

  listGrants(roleId: string, page?: PageRequest): Promise<Page<Grant>> {
    return listDocs(this.db, 'grants', { roleId }, '_id', page, grantOf);
  }

  async deleteGrant(id: string): Promise<void> {
    if ((await this.col('grants').deleteOne({ _id: id })).deletedCount === 0) throw notFound('Grant', id);
  }

  async grantsForPrincipal(tenantId: string, kind: PrincipalKind, principalId: string): Promise<Grant[]> {
    const roleIds = await this.roleIdsOf(tenantId, kind, principalId);
    if (roleIds.length === 0) return [];
    return (await this.col('grants').find({ roleId: { $in: roleIds } }).sort({ _id: 1 }).toArray()).map(grantOf);
  }

  private async roleIdsOf(tenantId: string, principalKind: PrincipalKind, principalId: string): Promise<string[]> {
    const docs = await this.col('role_assignments').find({ tenantId, principalKind, principalId }, { projection: { roleId: 1 } }).toArray();
    return docs.map((d) => d.roleId as string);
  }

  // ---- audit log (kept when the tenant goes) ----

  async appendAuditEvent(e: AuditEvent): Promise<void> {
    const rec = pickAuditEvent(e);
    const { id, ...rest } = rec;
    try {
      await this.col('audit_events').insertOne({ _id: id, ...rest });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // an id already stored is ignored
    }
  }

  async appendAuditEvents(events: readonly AuditEvent[]): Promise<void> {
    if (events.length === 0) return;
    const docs = events.map((e) => {
      const { id, ...rest } = pickAuditEvent(e);
      return { _id: id, ...rest };
    });
    try {
      await this.col('audit_events').insertMany(docs, { ordered: false });
    } catch (err) {
      // Unordered: every other document was tried; only duplicate ids may have failed.
      const writeErrors = (err as { writeErrors?: unknown[] | unknown }).writeErrors;
      const failures = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [err];
      if (!failures.every(isDuplicateKey)) throw err;
    }
  }

  async listAuditEvents(tenantId: string | null, f: AuditFilter = {}, page?: PageRequest): Promise<Page<AuditEvent>> {
    const { after, limit } = pageWindow(page);
    const and: Document[] = [{ tenantId }];
    if (f.actorId !== undefined) and.push({ 'actor.id': f.actorId });
    if (f.outcome !== undefined) and.push({ outcome: f.outcome });
    if (f.action !== undefined) and.push({ action: f.action });
    if (f.since !== undefined) and.push({ at: { $gte: f.since } });
    if (f.until !== undefined) and.push({ at: { $lt: f.until } });
    const from = auditAfter(after);
    if (from) and.push({ $or: [{ at: { $lt: from.at } }, { at: from.at, _id: { $lt: from.id } }] });
    let cur = this.col('audit_events').find({ $and: and }).sort({ at: -1, _id: -1 });
    if (limit !== undefined) cur = cur.limit(limit + 1);
    const items = (await cur.toArray()).map((d) => pickAuditEvent({ ...(d as unknown as AuditEvent), id: d._id }));
    return finishPage(items, limit, auditKey);
  }

  // ---- helpers ----

  /** Deletes what a user or client owns (under the principal's lock). */
  private async dropOwned(kind: PrincipalKind, id: string): Promise<void> {
    for (const c of ['api_keys', 'api_key_usage']) await this.col(c).deleteMany({ ownerKind: kind, ownerId: id });
    await this.col('role_assignments').deleteMany({ principalKind: kind, principalId: id });
  }


  /** After inserting `id`: if its parent was deleted meanwhile, deletes it again and throws not-found. */
  private async settleInsert(collection: string, id: string, parentCol: string, parentId: string, what: string): Promise<void> {
    if (!(await parentStands(this.db, parentCol, parentId))) {
      await this.col(collection).deleteOne({ _id: id });
      throw notFound(what, parentId);
    }
  }
}

function userDoc(u: User): Doc {
  const d: Doc = { _id: u.id, tenantId: u.tenantId, username: u.username, passwordHash: u.passwordHash, role: u.role, disabled: u.disabled, createdAt: u.createdAt, updatedAt: u.updatedAt };
  if (u.email !== undefined) d.email = u.email;
  return d;
}

const userOf = (d: Document): User =>
  pickUser({ id: d._id, tenantId: d.tenantId, username: d.username, email: d.email, passwordHash: d.passwordHash, role: d.role, disabled: d.disabled, createdAt: d.createdAt, updatedAt: d.updatedAt });

const sessionOf = (d: Document): Session =>
  pickSession({ id: d._id, userId: d.userId, tenantId: d.tenantId, tokenHash: d.tokenHash, createdAt: d.createdAt, expiresAt: d.expiresAt, revokedAt: d.revokedAt ?? undefined });

const apiKeyOf = (d: Document, usage: Document | null | undefined): ApiKey =>
  pickApiKey({
    id: d._id,
    tenantId: d.tenantId,
    ownerKind: d.ownerKind,
    ownerId: d.ownerId,
    name: d.name,
    keyPrefix: d.keyPrefix,
    secretHash: d.secretHash,
    createdAt: d.createdAt,
    expiresAt: d.expiresAt ?? undefined,
    revokedAt: d.revokedAt ?? undefined,
    lastUsedAt: usage?.lastUsedAt ?? undefined,
  });

const roleOf = (d: Document): Role => pickRole({ id: d._id, tenantId: d.tenantId, name: d.name, description: d.description, createdAt: d.createdAt });

const assignmentId = (a: RoleAssignment): string => JSON.stringify([a.principalKind, a.principalId, a.roleId]);
