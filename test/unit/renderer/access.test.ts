// Navigation by role: what a tenant user, a tenant admin and root see.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { accessHome, accessTabs, canDo, canOpen, isAccessPage, roleLabel } from '../../../src/renderer/src/lib/access.js';

describe('nav visibility by role', () => {
  test('tenant users: explorer, catalogs, connect, server and their API keys; no admin screens', () => {
    for (const page of ['explorer', 'catalogs', 'connect', 'status', 'api-keys']) assert.equal(canOpen(page, 'tenant-user'), true, page);
    for (const page of ['warehouses', 'buckets', 'troubleshoot', 'users', 'service-users', 'roles', 'audit', 'tenants']) assert.equal(canOpen(page, 'tenant-user'), false, page);
    assert.deepEqual(accessTabs('tenant-user').map((t) => t.page), ['api-keys']);
    assert.equal(accessHome('tenant-user'), 'api-keys');
  });

  test('tenant admins: everything but Tenants', () => {
    for (const page of ['warehouses', 'users', 'service-users', 'roles', 'audit', 'api-keys']) assert.equal(canOpen(page, 'tenant-admin'), true, page);
    assert.equal(canOpen('tenants', 'tenant-admin'), false);
    assert.deepEqual(accessTabs('tenant-admin').map((t) => t.page), ['users', 'service-users', 'roles', 'api-keys', 'audit']);
    assert.equal(accessHome('tenant-admin'), 'users');
  });

  test('root sees everything, Tenants included', () => {
    assert.equal(canOpen('tenants', 'root'), true);
    assert.equal(canOpen('warehouses', 'root'), true);
  });

  test('while the role is unknown only open pages show', () => {
    assert.equal(canOpen('explorer', undefined), true);
    assert.equal(canOpen('warehouses', undefined), false);
    assert.equal(accessHome(undefined), 'api-keys');
  });

  test('labels and the Access section', () => {
    assert.equal(roleLabel('tenant-admin'), 'Tenant admin');
    assert.equal(isAccessPage('audit'), true);
    assert.equal(isAccessPage('tenants'), false);
  });
});

describe('actions by role', () => {
  test('only tenant admins and root create, edit and delete catalogs', () => {
    for (const action of ['catalog.create', 'catalog.update', 'catalog.delete'] as const) {
      assert.equal(canDo(action, 'tenant-user'), false, action);
      assert.equal(canDo(action, 'tenant-admin'), true, action);
      assert.equal(canDo(action, 'root'), true, action);
      assert.equal(canDo(action, undefined), false, `${action} while the role is unknown`);
    }
  });
});
