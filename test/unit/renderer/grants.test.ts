// The grant editor's scope building and the plain-language grant summary.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildScope, describeGrant, describePrivileges, describeScope, parseNamespaceText, scopeToDraft, togglePrivilege } from '../../../src/renderer/src/lib/grants.js';

describe('grant scope building', () => {
  test('catalog only, namespace, table and view', () => {
    assert.deepEqual(buildScope({ catalog: 'analytics', namespace: '', target: 'all', name: '' }), { ok: true, scope: { catalog: 'analytics' } });
    assert.deepEqual(buildScope({ catalog: 'analytics', namespace: ' db.sales ', target: 'all', name: 'ignored' }), { ok: true, scope: { catalog: 'analytics', namespace: ['db', 'sales'] } });
    assert.deepEqual(buildScope({ catalog: 'a', namespace: 'db', target: 'table', name: ' orders ' }), { ok: true, scope: { catalog: 'a', namespace: ['db'], table: 'orders' } });
    assert.deepEqual(buildScope({ catalog: 'a', namespace: 'db', target: 'view', name: 'v' }), { ok: true, scope: { catalog: 'a', namespace: ['db'], view: 'v' } });
  });

  test('problems name the field to fix', () => {
    const noCatalog = buildScope({ catalog: ' ', namespace: '', target: 'all', name: '' });
    assert.equal(noCatalog.ok, false);
    assert.equal(!noCatalog.ok && noCatalog.field, 'catalog');
    const badNs = buildScope({ catalog: 'a', namespace: 'db..x', target: 'all', name: '' });
    assert.equal(!badNs.ok && badNs.field, 'namespace');
    const tableWithoutNs = buildScope({ catalog: 'a', namespace: '', target: 'table', name: 't' });
    assert.equal(!tableWithoutNs.ok && tableWithoutNs.field, 'namespace');
    assert.match(!tableWithoutNs.ok ? tableWithoutNs.message : '', /table grant needs the namespace/);
    const noName = buildScope({ catalog: 'a', namespace: 'db', target: 'view', name: '' });
    assert.equal(!noName.ok && noName.field, 'name');
  });

  test('namespace text', () => {
    assert.deepEqual(parseNamespaceText(''), []);
    assert.deepEqual(parseNamespaceText('a.b.c'), ['a', 'b', 'c']);
    assert.equal(parseNamespaceText('.a'), undefined);
    assert.equal(parseNamespaceText('a.'), undefined);
  });

  test('a saved scope goes back into the editor', () => {
    assert.deepEqual(scopeToDraft({ catalog: 'c', namespace: ['db', 's'], table: 't' }), { catalog: 'c', namespace: 'db.s', target: 'table', name: 't' });
    assert.deepEqual(scopeToDraft({ catalog: 'c' }), { catalog: 'c', namespace: '', target: 'all', name: '' });
  });
});

describe('grant summary', () => {
  test('privileges in plain words, write implying read', () => {
    assert.equal(describePrivileges(['read']), 'read');
    assert.equal(describePrivileges(['write']), 'read and write');
    assert.equal(describePrivileges(['drop', 'read', 'create']), 'read, create and drop');
    assert.equal(describePrivileges(['manage-grants']), 'manage grants');
    assert.equal(describePrivileges([]), 'nothing');
  });

  test('scopes', () => {
    assert.equal(describeScope({ catalog: 'analytics' }), 'every namespace, table and view in catalog analytics');
    assert.equal(describeScope({ catalog: 'analytics', namespace: ['db'] }), 'every table and view in db and the namespaces below it (catalog analytics)');
    assert.equal(describeScope({ catalog: 'a', namespace: ['db', 's'], table: 'orders' }), 'table db.s.orders (catalog a)');
    assert.equal(describeScope({ catalog: 'a', namespace: ['db'], view: 'v' }), 'view db.v (catalog a)');
  });

  test('a whole grant reads as a sentence', () => {
    assert.equal(describeGrant({ catalog: 'analytics', namespace: ['db'] }, ['read', 'write']), 'read and write on every table and view in db and the namespaces below it (catalog analytics)');
    assert.equal(describeGrant({ catalog: 'a', namespace: ['db'], table: 't' }, ['read']), 'read on table db.t (catalog a)');
  });

  test('toggling keeps the canonical order', () => {
    assert.deepEqual(togglePrivilege(['read'], 'drop'), ['read', 'drop']);
    assert.deepEqual(togglePrivilege(['drop', 'read'], 'write'), ['read', 'write', 'drop']);
    assert.deepEqual(togglePrivilege(['read', 'write'], 'read'), ['write']);
  });
});
