// Pangolin 0.8 request shapes through the admin API: each alias stores what our own form
// stores (compared through GET), a wrong key inside one is refused naming the right key
// with nothing stored, the guide's warehouse body is taken as is, and AwsStatic's keys are
// encrypted at rest and redacted in every answer.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertError, goodPassword, startIdentityServer, type IdentityServer } from './identity-helpers.js';

/** The storage-connectivity guide's warehouse body, verbatim but for the name. */
const guideBody = (name: string, bucket = 'postgres-bucket') => ({
  name,
  storage_config: { type: 's3', 's3.bucket': bucket, 's3.region': 'us-east-1', 's3.endpoint': 'http://localhost:9000', 's3.access-key-id': 'minioadmin', 's3.secret-access-key': 'minioadmin' },
  vending_strategy: { AwsStatic: { access_key_id: 'minioadmin', secret_access_key: 'minioadmin' } },
});

/** A GET answer without what differs between two objects made the same way. */
const comparable = ({ id: _i, name: _n, username: _un, created_at: _c, updated_at: _u, ...rest }: Record<string, unknown>) => rest;

describe('Pangolin 0.8 request aliases', () => {
  let t: IdentityServer;
  before(async () => {
    t = await startIdentityServer();
  });
  after(() => t.stop());

  it("takes the guide's warehouse body: location from s3.bucket, type dropped, AwsStatic mapped, the same as our form", async () => {
    const r = await t.admin('POST', '/api/v1/warehouses', guideBody('test-warehouse'));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.location, 's3://postgres-bucket');
    assert.deepEqual(r.body.vending_strategy, { type: 'AwsStatic' });
    assert.equal(r.body.use_sts, false, "Pangolin's answer fields too");
    assert.equal(typeof r.body.tenant_id, 'string');
    // The same stored object as our form (one at a time: two warehouses may not share a location).
    assert.equal((await t.admin('POST', '/api/v1/warehouses', guideBody('cmp', 'cmp-bucket'))).status, 201);
    const viaPangolin = (await t.admin('GET', '/api/v1/warehouses/cmp')).body;
    assert.equal((await t.admin('DELETE', '/api/v1/warehouses/cmp')).status, 204);
    const ours = await t.admin('POST', '/api/v1/warehouses', {
      name: 'cmp',
      location: 's3://cmp-bucket',
      storage_config: { 's3.bucket': 'cmp-bucket', 's3.region': 'us-east-1', 's3.endpoint': 'http://localhost:9000', 's3.access-key-id': 'minioadmin', 's3.secret-access-key': 'minioadmin' },
      vending_strategy: { type: 'AwsStatic' },
    });
    assert.equal(ours.status, 201, ours.text);
    assert.deepEqual(comparable((await t.admin('GET', '/api/v1/warehouses/cmp')).body), comparable(viaPangolin));
    const a = (await t.admin('GET', '/api/v1/warehouses/test-warehouse')).body;
    assert.deepEqual(a.storage_config, { 's3.bucket': 'postgres-bucket', 's3.region': 'us-east-1', 's3.endpoint': 'http://localhost:9000', 's3.access-key-id': 'minioadmin', 's3.secret-access-key': '********' });
    assert.equal(a.use_sts, undefined, 'our GET answer stays ours');
    // The secret is encrypted at rest: the stored row does not hold it in clear.
    const stored = await t.s.handle.store.getWarehouse({ id: a.id });
    assert.notEqual(stored!.storageConfig['s3.secret-access-key'], 'minioadmin');
    assert.ok(!JSON.stringify(stored).includes('"minioadmin"}') && !JSON.stringify(stored!.vendingStrategy).includes('minioadmin'));
    for (const text of t.seen) assert.ok(!text.includes('"s3.secret-access-key":"minioadmin"'), 'a secret came back');
  });

  it('maps the tagged strategies and use_sts; a wrong key inside one is refused naming the right key, nothing stored', async () => {
    const base = { 's3.bucket': 'sts-bucket', 's3.region': 'us-east-1', 's3.endpoint': 'http://localhost:9000', 's3.access-key-id': 'ak', 's3.secret-access-key': 'sk' };
    const sts = await t.admin('POST', '/api/v1/warehouses', { name: 'sts', storage_config: { type: 's3', ...base }, vending_strategy: { AwsSts: { role_arn: 'arn:aws:iam::123:role/R', external_id: null } } });
    assert.equal(sts.status, 201, sts.text);
    assert.deepEqual(sts.body.vending_strategy, { type: 'AwsSts', role_arn: 'arn:aws:iam::123:role/R' });
    assert.equal(sts.body.use_sts, true);
    const legacy = await t.admin('POST', '/api/v1/warehouses', { name: 'legacy', use_sts: true, storage_config: { ...base, 's3.bucket': 'legacy-bucket', 's3.role-arn': 'arn:aws:iam::123:role/R' } });
    assert.equal(legacy.status, 201, legacy.text);
    assert.deepEqual(legacy.body.vending_strategy, { type: 'AwsSts', role_arn: 'arn:aws:iam::123:role/R' });
    const none = await t.admin('POST', '/api/v1/warehouses', { name: 'none', storage_config: { ...base, 's3.bucket': 'none-bucket' }, vending_strategy: 'None' });
    assert.deepEqual(none.body.vending_strategy, { type: 'none' });

    const cases: [unknown, RegExp][] = [
      [{ AwsStatic: { access_key: 'x', secret_access_key: 'y' } }, /unknown key "access_key": use "access_key_id"/],
      [{ AwsStatc: { access_key_id: 'x' } }, /unknown strategy "AwsStatc": use "AwsStatic"/],
      [{ AwsSts: {} }, /role_arn: the ARN of the role to assume is required/],
    ];
    for (const [strategy, why] of cases) {
      assertError(await t.admin('POST', '/api/v1/warehouses', { name: 'bad', storage_config: { type: 's3', ...base, 's3.bucket': 'bad-bucket' }, vending_strategy: strategy }), 400, why);
    }
    // storage_config keys are not loosened by the alias: a legacy name is refused with the right one.
    assertError(await t.admin('POST', '/api/v1/warehouses', { name: 'bad', storage_config: { type: 's3', 's3.bucket': 'bad-bucket', access_key_id: 'x' } }), 400, /use "s3\.access-key-id"/);
    assertError(await t.admin('POST', '/api/v1/warehouses', { name: 'bad', storage_config: { type: 's3', 's3.region': 'us-east-1' } }), 400, /location: missing.*s3\.bucket/);
    assertError(await t.admin('GET', '/api/v1/warehouses/bad'), 404);
  });

  it('PUT with Pangolin fields updates like our PATCH; AwsStatic keys land in the stored config, secrets kept', async () => {
    const put = await t.admin('PUT', '/api/v1/warehouses/none', { vending_strategy: { AwsStatic: { access_key_id: 'ak', secret_access_key: 'new-secret' } } });
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.body.vending_strategy, { type: 'AwsStatic' });
    assert.equal(put.body.storage_config['s3.secret-access-key'], '********');
    assert.equal(put.body.storage_config['s3.endpoint'], 'http://localhost:9000', 'the rest of the stored config stays');
    const stored = await t.s.handle.store.getWarehouse({ id: put.body.id });
    assert.ok(!JSON.stringify(stored).includes('new-secret'), 'encrypted at rest');
    assertError(await t.admin('PUT', '/api/v1/warehouses/none', { name: 'renamed' }), 400, /not renamed/);
  });

  it('catalogs: warehouse_name / storage_location / catalog_type, the same as our form; Federated refused', async () => {
    const p = await t.admin('POST', '/api/v1/catalogs', { name: 'cat_p', catalog_type: 'Local', warehouse_name: 'test-warehouse', storage_location: 's3://postgres-bucket/cat_p' });
    assert.equal(p.status, 201, p.text);
    assert.equal(p.body.warehouse_name, 'test-warehouse');
    assert.equal(p.body.storage_location, 's3://postgres-bucket/cat_p');
    const o = await t.admin('POST', '/api/v1/catalogs', { name: 'cat_o', warehouse: 'test-warehouse', properties: { location: 's3://postgres-bucket/cat_p' } });
    assert.equal(o.status, 201, o.text);
    assert.deepEqual(comparable((await t.admin('GET', '/api/v1/catalogs/cat_p')).body), comparable((await t.admin('GET', '/api/v1/catalogs/cat_o')).body));
    assertError(await t.admin('POST', '/api/v1/catalogs', { name: 'fed', catalog_type: 'Federated', federated_config: { properties: { uri: 'https://x' } } }), 501, /Federated/);
    assertError(await t.admin('POST', '/api/v1/catalogs', { name: 'typo', warehouse_nam: 'test-warehouse', catalog_type: 'Local' }), 400, /"warehouse_nam": use "warehouse_name"/);
    assertError(await t.admin('GET', '/api/v1/catalogs/typo'), 404);
    const moved = await t.admin('PUT', '/api/v1/catalogs/cat_p', { storage_location: 's3://postgres-bucket/elsewhere' });
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.body.properties.location, 's3://postgres-bucket/elsewhere');
  });

  it('root creates a tenant admin with tenant_id / tenant-id and a Pangolin role; login with tenant-id; X-Pangolin-Tenant takes an id', async () => {
    const tenant = await t.root('POST', '/api/v1/tenants', { name: 'acme', properties: {} });
    assert.equal(tenant.status, 201, tenant.text);
    const tenantId = tenant.body.id as string;
    const password = goodPassword();
    const u = await t.root('POST', '/api/v1/users', { username: 'tenant_admin', email: 'a@example.com', password, tenant_id: tenantId, role: 'TenantAdmin' });
    assert.equal(u.status, 201, u.text);
    assert.equal(u.body.role, 'tenant-admin');
    const u2 = await t.root('POST', '/api/v1/users', { username: 'bob', password: goodPassword(), 'tenant-id': 'acme', role: 'tenant-user' });
    assert.equal(u2.status, 201, u2.text);
    // Both live in acme, read through X-Pangolin-Tenant given the tenant's id.
    const listed = await t.root('GET', '/api/v1/users', undefined, tenantId);
    assert.deepEqual(listed.body.users.map((x: { username: string }) => x.username).sort(), ['bob', 'tenant_admin']);
    const ours = await t.root('POST', '/api/v1/users', { username: 'carol', email: 'a@example.com', password, role: 'tenant-admin' }, 'acme');
    assert.deepEqual(comparable((await t.root('GET', `/api/v1/users/${u.body.id}`, undefined, tenantId)).body), comparable(ours.body));
    assertError(await t.root('POST', '/api/v1/users', { username: 'dave', password: goodPassword(), tenant_id: tenantId, role: 'Root' }), 400, /root is the server's PANGOLIN_ROOT_USER/);
    assertError(await t.root('POST', '/api/v1/users', { username: 'dave', password: goodPassword(), tenant_idd: tenantId, role: 'TenantUser' }), 400, /use "tenant_id"/);
    assertError(await t.root('GET', '/api/v1/users/dave', undefined, tenantId), 404);

    for (const key of ['tenant-id', 'tenant_id']) {
      const login = await t.as(undefined, 'POST', '/api/v1/users/login', { username: 'tenant_admin', password, [key]: tenantId });
      assert.equal(login.status, 200, login.text);
      assert.equal(typeof login.body.token, 'string');
      assert.equal(login.body.user.username, 'tenant_admin');
      assert.equal(login.body.user['tenant-id'], tenantId);
      assert.equal(typeof login.body['expires-at'], 'string');
      const me = await t.as(`Bearer ${login.body.token}`, 'GET', '/api/v1/users/me');
      assert.equal(me.status, 200, me.text);
      assert.equal(me.body.username, 'tenant_admin');
    }
    const asAdmin = `Bearer ${(await t.as(undefined, 'POST', '/api/v1/users/login', { username: 'tenant_admin', password, 'tenant-id': tenantId })).body.token}`;
    const wh = await t.as(asAdmin, 'POST', '/api/v1/warehouses', guideBody('test-warehouse', 'acme-bucket'));
    assert.equal(wh.status, 201, wh.text);
    assert.equal((await t.as(asAdmin, 'POST', '/api/v1/users/logout')).status, 200);
  });

  it('service users: Pangolin role and description, its answer fields; rotate; expiry refused', async () => {
    const created = await t.admin('POST', '/api/v1/service-users', { name: 'etl', description: 'nightly', role: 'TenantUser' });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.role, 'tenant-user');
    assert.equal(created.body.service_user_id, created.body.client_id);
    assert.equal(created.body.api_key, created.body.client_secret);
    const ours = await t.admin('POST', '/api/v1/service-users', { name: 'etl', role: 'tenant-user' });
    const strip = ({ client_id: _c, created_at: _a, ...rest }: Record<string, unknown>) => rest;
    assert.deepEqual(strip((await t.admin('GET', `/api/v1/service-users/${created.body.client_id}`)).body), strip((await t.admin('GET', `/api/v1/service-users/${ours.body.client_id}`)).body));
    const rotated = await t.admin('POST', `/api/v1/service-users/${created.body.client_id}/rotate`);
    assert.equal(rotated.status, 200, rotated.text);
    assert.notEqual(rotated.body.api_key, created.body.api_key);
    const off = await t.admin('PUT', `/api/v1/service-users/${created.body.client_id}`, { active: false });
    assert.equal(off.body.disabled, true);
    assertError(await t.admin('POST', '/api/v1/service-users', { name: 'x', role: 'TenantUser', expires_in_days: 30 }), 400, /API key/);
  });

  it('app-config and the health probes answer as Pangolin did', async () => {
    const cfg = await t.as(undefined, 'GET', '/api/v1/app-config');
    assert.deepEqual(cfg.body, { auth_enabled: true });
    assert.equal((await t.as(undefined, 'GET', '/health/live')).body.status, 'alive');
    for (const path of ['/health', '/health/ready']) {
      const r = await t.as(undefined, 'GET', path);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.status, 'ready');
    }
  });
});
