import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { SIMPLE_SCHEMA, startTestServer, type TestServer } from '../helpers/server.js';

const V = '/v1/local/namespaces/v/views';

function viewRequest(name: string, sql = 'SELECT 1 AS id') {
  return {
    name,
    schema: { type: 'struct', 'schema-id': 0, fields: [{ id: 1, name: 'id', required: false, type: 'int' }] },
    'view-version': {
      'version-id': 1,
      'timestamp-ms': Date.now(),
      'schema-id': 0,
      summary: { 'engine-name': 'test' },
      representations: [{ type: 'sql', sql, dialect: 'spark' }],
      'default-namespace': ['v'],
    },
    properties: { comment: 'a view' },
  };
}

describe('views over HTTP', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
    await s.http('POST', '/v1/local/namespaces', { namespace: ['v'] });
  });
  after(() => s.stop());

  test('create, load, HEAD, list, drop; the server writes the view metadata file', async () => {
    const c = await s.http('POST', V, viewRequest('daily'));
    assert.equal(c.status, 200, c.text);
    assert.match(c.body['metadata-location'], /\/metadata\/00000-[0-9a-f-]{36}\.metadata\.json$/);
    assert.ok(existsSync(fileURLToPath(c.body['metadata-location'])));
    assert.equal(c.body.metadata['current-version-id'], 1);
    assert.equal(c.body.metadata.properties.comment, 'a view');
    const l = await s.http('GET', `${V}/daily`);
    assert.equal(l.body['metadata-location'], c.body['metadata-location']);
    assert.equal((await s.http('HEAD', `${V}/daily`)).status, 204);
    assert.deepEqual((await s.http('GET', V)).body.identifiers, [{ namespace: ['v'], name: 'daily' }]);
    assert.equal((await s.http('DELETE', `${V}/daily`)).status, 204);
    const gone = await s.http('GET', `${V}/daily`);
    assert.equal(gone.status, 404);
    assert.equal(gone.body.error.type, 'NoSuchViewException');
  });

  test('tables and views share one name space', async () => {
    await s.http('POST', '/v1/local/namespaces/v/tables', { name: 'shared', schema: SIMPLE_SCHEMA });
    const r = await s.http('POST', V, viewRequest('shared'));
    assert.equal(r.status, 409);
    await s.http('POST', V, viewRequest('onlyview'));
    const t = await s.http('POST', '/v1/local/namespaces/v/tables', { name: 'onlyview', schema: SIMPLE_SCHEMA });
    assert.equal(t.status, 409);
    const ren = await s.http('POST', '/v1/local/views/rename', { source: { namespace: ['v'], name: 'onlyview' }, destination: { namespace: ['v'], name: 'shared' } });
    assert.equal(ren.status, 409);
  });

  test('replace: add-view-version + set-current-view-version -1, assert-view-uuid', async () => {
    const c = await s.http('POST', V, viewRequest('evolve'));
    const uuid = c.body.metadata['view-uuid'];
    const bad = await s.http('POST', `${V}/evolve`, { requirements: [{ type: 'assert-view-uuid', uuid: '00000000-0000-0000-0000-000000000000' }], updates: [{ action: 'set-properties', updates: { a: 'b' } }] });
    assert.equal(bad.status, 409);
    assert.equal(bad.body.error.type, 'CommitFailedException');
    const r = await s.http('POST', `${V}/evolve`, {
      requirements: [{ type: 'assert-view-uuid', uuid }],
      updates: [
        { action: 'add-view-version', 'view-version': { ...viewRequest('x', 'SELECT 2 AS id')['view-version'], 'version-id': 2 } },
        { action: 'set-current-view-version', 'view-version-id': -1 },
      ],
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.metadata['current-version-id'], 2);
    assert.match(r.body['metadata-location'], /\/00001-/);
    const unknown = await s.http('POST', `${V}/evolve`, { requirements: [], updates: [{ action: 'add-snapshot', snapshot: {} }] });
    assert.equal(unknown.status, 400);
  });

  test('rename across namespaces and register-view', async () => {
    await s.http('POST', '/v1/local/namespaces', { namespace: ['v2'] });
    const c = await s.http('POST', V, viewRequest('mover'));
    const ren = await s.http('POST', '/v1/local/views/rename', { source: { namespace: ['v'], name: 'mover' }, destination: { namespace: ['v2'], name: 'moved' } });
    assert.equal(ren.status, 204);
    assert.equal((await s.http('HEAD', '/v1/local/namespaces/v2/views/moved')).status, 204);
    // The view still lives (as v2.moved): a second live entry on its files is refused.
    const twice = await s.http('POST', '/v1/local/namespaces/v/register-view', { name: 'again', 'metadata-location': c.body['metadata-location'] });
    assert.equal(twice.status, 400, twice.text);
    assert.match(twice.body.error.message, /overlaps the view v2\.moved/);
    assert.equal((await s.http('HEAD', '/v1/local/namespaces/v/views/again')).status, 404);
    assert.equal((await s.http('DELETE', '/v1/local/namespaces/v2/views/moved')).status, 204);
    const reg = await s.http('POST', '/v1/local/namespaces/v/register-view', { name: 'again', 'metadata-location': c.body['metadata-location'] });
    assert.equal(reg.status, 200, reg.text);
    assert.equal(reg.body.metadata['view-uuid'], c.body.metadata['view-uuid']);
  });
});
