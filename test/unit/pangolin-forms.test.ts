// The Pangolin 0.8 request aliases (pure): each Pangolin body maps onto ours, ours pass
// through untouched, and a wrong key is refused naming the right one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromPangolinCatalog, fromPangolinLogin, fromPangolinServiceUser, fromPangolinUser, fromPangolinUserUpdate } from '../../src/server/admin/pangolin/forms.js';
import { fromPangolinWarehouse } from '../../src/server/admin/pangolin/warehouse-form.js';

const refused = (f: () => unknown, why: RegExp, code = 400) =>
  assert.throws(f, (e: { code?: number; message: string }) => e.code === code && why.test(e.message));

describe('Pangolin warehouse form', () => {
  it('leaves our own form alone', () => {
    const ours = { name: 'w', location: 's3://b/p', storage_config: { type: 's3', 's3.bucket': 'b' }, vending_strategy: { type: 'AwsStatic' } };
    assert.deepEqual(fromPangolinWarehouse(ours, 'create'), { body: ours, pangolin: false });
    assert.equal(fromPangolinWarehouse({ storage_config: { 's3.endpoint': 'http://x' } }, 'update').pangolin, false);
  });

  it('derives the location from the bucket, drops the type, moves AwsStatic keys into storage_config', () => {
    const r = fromPangolinWarehouse({ name: 'w', storage_config: { type: 's3', 's3.bucket': 'b' }, vending_strategy: { AwsStatic: { access_key_id: 'ak', secret_access_key: 'sk' } } }, 'create');
    assert.deepEqual(r, { pangolin: true, body: { name: 'w', location: 's3://b', storage_config: { 's3.bucket': 'b', 's3.access-key-id': 'ak', 's3.secret-access-key': 'sk' }, vending_strategy: { type: 'AwsStatic' } } });
  });

  it('azure and gcs: container + account, gcp.bucket; AzureSas keys', () => {
    const az = fromPangolinWarehouse({ name: 'a', storage_config: { type: 'azure', 'azure.container': 'c', 'adls.account-name': 'acct' }, vending_strategy: { AzureSas: { account_name: 'acct', account_key: 'k' } } }, 'create');
    assert.deepEqual(az.body, { name: 'a', location: 'abfss://c@acct.dfs.core.windows.net', storage_config: { 'adls.account-name': 'acct', 'adls.account-key': 'k' }, vending_strategy: { type: 'AzureSas' } });
    const gs = fromPangolinWarehouse({ name: 'g', storage_config: { type: 'gcs', 'gcp.bucket': 'gb' }, vending_strategy: { GcpDownscoped: {} } }, 'create');
    assert.deepEqual(gs.body, { name: 'g', location: 'gs://gb', storage_config: {}, vending_strategy: { type: 'GcpDownscoped' } });
    refused(() => fromPangolinWarehouse({ name: 'g', storage_config: { 'gcp.bucket': 'gb' }, vending_strategy: { GcpDownscoped: { service_account_email: 'a@b', private_key: 'pk' } } }, 'create'), /GOOGLE_APPLICATION_CREDENTIALS/);
  });

  it('AwsSts, "None", legacy use_sts', () => {
    const sc = { 's3.bucket': 'b', 's3.role-arn': 'arn:r' };
    assert.deepEqual(fromPangolinWarehouse({ name: 'w', storage_config: sc, vending_strategy: { AwsSts: { role_arn: 'arn:x', external_id: 'e' } } }, 'create').body, { name: 'w', location: 's3://b', storage_config: sc, vending_strategy: { type: 'AwsSts', role_arn: 'arn:x', external_id: 'e' } });
    assert.deepEqual((fromPangolinWarehouse({ name: 'w', storage_config: sc, vending_strategy: 'None' }, 'create').body as { vending_strategy: unknown }).vending_strategy, { type: 'none' });
    assert.deepEqual((fromPangolinWarehouse({ name: 'w', use_sts: true, storage_config: sc }, 'create').body as { vending_strategy: unknown }).vending_strategy, { type: 'AwsSts', role_arn: 'arn:r' });
    refused(() => fromPangolinWarehouse({ name: 'w', use_sts: true, storage_config: { 's3.bucket': 'b' } }, 'create'), /s3\.role-arn/);
    refused(() => fromPangolinWarehouse({ name: 'w', use_sts: true, storage_config: sc, vending_strategy: 'None' }, 'create'), /drop use_sts/);
  });

  it('refuses wrong keys naming the right one, and conflicting values', () => {
    refused(() => fromPangolinWarehouse({ name: 'w', storage_config: { 's3.bucket': 'b' }, vending_strategy: { AwsStatic: { access_key_id: 'a', secret_key: 's' } } }, 'create'), /"secret_key": use "secret_access_key"/);
    refused(() => fromPangolinWarehouse({ name: 'w', storage_config: { 's3.bucket': 'b' }, vending_strategy: { AzureSAS: {} } }, 'create'), /use "AzureSas"/);
    refused(() => fromPangolinWarehouse({ name: 'w', storage_configs: {}, use_sts: false }, 'create'), /"storage_configs": use "storage_config"/);
    refused(() => fromPangolinWarehouse({ name: 'w', storage_config: { 's3.bucket': 'b', 's3.access-key-id': 'one' }, vending_strategy: { AwsStatic: { access_key_id: 'two' } } }, 'create'), /differ/);
    refused(() => fromPangolinWarehouse({ name: 'w', storage_config: { type: 's3' } }, 'create'), /location: missing/);
  });

  it('update: keys without storage_config become a patch; a rename is refused', () => {
    const current = { name: 'w', location: 's3://b' };
    assert.deepEqual(fromPangolinWarehouse({ name: 'w', vending_strategy: { AwsStatic: { access_key_id: 'a', secret_access_key: 's' } } }, 'update', current), {
      pangolin: true,
      body: { vending_strategy: { type: 'AwsStatic' } },
      storagePatch: { 's3.access-key-id': 'a', 's3.secret-access-key': 's' },
    });
    refused(() => fromPangolinWarehouse({ name: 'other' }, 'update', current), /not renamed/);
  });
});

describe('Pangolin catalog, user, login and service user forms', () => {
  it('catalogs', () => {
    assert.deepEqual(fromPangolinCatalog({ name: 'c', catalog_type: 'Local', warehouse_name: 'w', storage_location: 's3://b/c', properties: {} }, 'create').body, { name: 'c', warehouse: 'w', location: 's3://b/c', properties: {} });
    assert.deepEqual(fromPangolinCatalog({ storage_location: 's3://b/x' }, 'update'), { body: {}, pangolin: true, extra: { location: 's3://b/x' } });
    refused(() => fromPangolinCatalog({ name: 'c', catalog_type: 'Federated' }, 'create'), /Federated/, 501);
    refused(() => fromPangolinCatalog({ name: 'c', catalog_type: 'Remote' }, 'create'), /must be "Local"/);
    refused(() => fromPangolinCatalog({ name: 'c', warehouse_name: 'w', storage_locaton: 'x' }, 'create'), /use "storage_location"/);
    const ours = { name: 'c', warehouse: 'w' };
    assert.equal(fromPangolinCatalog(ours, 'create').body, ours);
  });

  it('users and login', () => {
    assert.deepEqual(fromPangolinUser({ username: 'u', password: 'p', 'tenant-id': 't1', role: 'TenantAdmin' }), { body: { username: 'u', password: 'p', role: 'tenant-admin' }, pangolin: true, extra: { tenant: 't1' } });
    refused(() => fromPangolinUser({ username: 'u', password: 'p', tenant_id: 'a', 'tenant-id': 'b' }), /differ/);
    refused(() => fromPangolinUser({ username: 'u', password: 'p', role: 'root' }), /PANGOLIN_ROOT_USER/);
    assert.deepEqual(fromPangolinUserUpdate({ email: 'e@x.org', active: false }).body, { email: 'e@x.org', disabled: true });
    assert.deepEqual(fromPangolinLogin({ username: 'u', password: 'p', 'tenant-id': 't1' }).body, { username: 'u', password: 'p', tenant: 't1' });
    assert.deepEqual(fromPangolinLogin({ username: 'u', password: 'p', 'tenant-id': null }).body, { username: 'u', password: 'p' });
    refused(() => fromPangolinLogin({ username: 'u', passwrd: 'p', tenant_id: 't' }), /use "password"/);
  });

  it('service users', () => {
    assert.deepEqual(fromPangolinServiceUser({ name: 's', description: 'd', role: 'TenantUser' }, 'create').body, { name: 's', role: 'tenant-user' });
    assert.deepEqual(fromPangolinServiceUser({ active: true }, 'update').body, { disabled: false });
    refused(() => fromPangolinServiceUser({ name: 's', role: 'TenantUser', expires_in_days: 3 }, 'create'), /API key/);
  });
});
