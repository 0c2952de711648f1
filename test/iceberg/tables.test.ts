import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { parseJson } from '../../src/server/iceberg/json.js';
import { SIMPLE_SCHEMA, startTestServer, type TestServer } from '../helpers/server.js';

describe('tables over HTTP', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
    await s.http('POST', '/v1/local/namespaces', { namespace: ['db'] });
    await s.http('POST', '/v1/local/namespaces', { namespace: ['other'] });
  });
  after(() => s.stop());

  test('create writes 00000-<uuid>.metadata.json under <location>/metadata and returns it', async () => {
    const r = await s.http('POST', '/v1/local/namespaces/db/tables', {
      name: 'events',
      schema: { type: 'struct', 'schema-id': 0, fields: [{ id: 10, name: 'id', required: true, type: 'long' }, { id: 11, name: 'day', required: false, type: 'date' }] },
      'partition-spec': { 'spec-id': 0, fields: [{ 'source-id': 11, 'field-id': 1000, name: 'day', transform: 'identity' }] },
      properties: { owner: 'me' },
    });
    assert.equal(r.status, 200, r.text);
    const loc: string = r.body['metadata-location'];
    assert.match(loc, /\/db\/events\/metadata\/00000-[0-9a-f-]{36}\.metadata\.json$/);
    assert.ok(r.headers.get('etag'));
    const onDisk = parseJson(readFileSync(fileURLToPath(loc), 'utf8')) as any;
    assert.equal(onDisk['table-uuid'], r.body.metadata['table-uuid']);
    assert.equal(onDisk['format-version'], 2);
    // Fresh ids are assigned by the server, as the Java reference does.
    assert.deepEqual(onDisk.schemas[0].fields.map((f: any) => f.id), [1, 2]);
    assert.equal(onDisk['partition-specs'][0].fields[0]['source-id'], 2);
    assert.equal(onDisk.properties.owner, 'me');
  });

  test('create: 409 when it exists, 404 when the namespace is missing, 400 on a bad schema', async () => {
    await s.http('POST', '/v1/local/namespaces/db/tables', { name: 'dupe', schema: SIMPLE_SCHEMA });
    const dupe = await s.http('POST', '/v1/local/namespaces/db/tables', { name: 'dupe', schema: SIMPLE_SCHEMA });
    assert.equal(dupe.status, 409);
    assert.equal(dupe.body.error.type, 'AlreadyExistsException');
    const nons = await s.http('POST', '/v1/local/namespaces/nowhere/tables', { name: 't', schema: SIMPLE_SCHEMA });
    assert.equal(nons.status, 404);
    assert.equal(nons.body.error.type, 'NoSuchNamespaceException');
    const noschema = await s.http('POST', '/v1/local/namespaces/db/tables', { name: 't2' });
    assert.equal(noschema.status, 400);
    const badfmt = await s.http('POST', '/v1/local/namespaces/db/tables', { name: 't3', schema: SIMPLE_SCHEMA, properties: { 'format-version': '9' } });
    assert.equal(badfmt.status, 400);
    assert.equal((await s.http('HEAD', '/v1/local/namespaces/db/tables/t3')).status, 404, 'rejected create left no table');
  });

  test('format versions 1 and 3 are accepted', async () => {
    const v1 = await s.http('POST', '/v1/local/namespaces/db/tables', { name: 'v1t', schema: SIMPLE_SCHEMA, properties: { 'format-version': '1' } });
    assert.equal(v1.status, 200, v1.text);
    assert.equal(v1.body.metadata['format-version'], 1);
    assert.ok(v1.body.metadata.schema, 'v1 metadata carries the legacy schema field');
    const v3 = await s.http('POST', '/v1/local/namespaces/db/tables', { name: 'v3t', schema: SIMPLE_SCHEMA, properties: { 'format-version': '3' } });
    assert.equal(v3.status, 200, v3.text);
    assert.equal(v3.body.metadata['format-version'], 3);
    assert.equal(v3.body.metadata['next-row-id'], 0);
  });

  test('load: ETag + If-None-Match → 304; snapshots=refs has a different ETag; HEAD exists', async () => {
    await s.http('POST', '/v1/local/namespaces/db/tables', { name: 'etag', schema: SIMPLE_SCHEMA });
    const a = await s.http('GET', '/v1/local/namespaces/db/tables/etag');
    assert.equal(a.status, 200);
    const etag = a.headers.get('etag')!;
    const b = await s.http('GET', '/v1/local/namespaces/db/tables/etag', undefined, { 'if-none-match': etag });
    assert.equal(b.status, 304);
    assert.equal(b.text, '');
    const refs = await s.http('GET', '/v1/local/namespaces/db/tables/etag?snapshots=refs');
    assert.equal(refs.status, 200);
    assert.notEqual(refs.headers.get('etag'), etag);
    assert.equal((await s.http('GET', '/v1/local/namespaces/db/tables/etag?snapshots=bogus')).status, 400);
    assert.equal((await s.http('HEAD', '/v1/local/namespaces/db/tables/etag')).status, 204);
    const missing = await s.http('GET', '/v1/local/namespaces/db/tables/nope');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.type, 'NoSuchTableException');
  });

  test('load of a table whose metadata file vanished → 404 "Failed to open input stream for file"', async () => {
    const c = await s.http('POST', '/v1/local/namespaces/db/tables', { name: 'vanish', schema: SIMPLE_SCHEMA });
    const { rmSync } = await import('node:fs');
    rmSync(fileURLToPath(c.body['metadata-location']));
    const r = await s.http('GET', '/v1/local/namespaces/db/tables/vanish');
    assert.equal(r.status, 404);
    assert.equal(r.body.error.type, 'NotFoundException');
    assert.match(r.body.error.message, /Failed to open input stream for file: /);
  });

  test('list tables with paging', async () => {
    await s.http('POST', '/v1/local/namespaces', { namespace: ['list'] });
    for (const n of ['c', 'a', 'b']) await s.http('POST', '/v1/local/namespaces/list/tables', { name: n, schema: SIMPLE_SCHEMA });
    const all = await s.http('GET', '/v1/local/namespaces/list/tables');
    assert.deepEqual(all.body, { identifiers: ['a', 'b', 'c'].map((name) => ({ namespace: ['list'], name })) });
    const p1 = await s.http('GET', '/v1/local/namespaces/list/tables?pageToken=&pageSize=2');
    assert.deepEqual(p1.body.identifiers.map((i: any) => i.name), ['a', 'b']);
    const p2 = await s.http('GET', `/v1/local/namespaces/list/tables?pageSize=2&pageToken=${encodeURIComponent(p1.body['next-page-token'])}`);
    assert.deepEqual(p2.body.identifiers.map((i: any) => i.name), ['c']);
    assert.equal(p2.body['next-page-token'], null);
  });

  test('rename: across namespaces; 404 for missing source or target namespace; 409 when target exists', async () => {
    await s.http('POST', '/v1/local/namespaces/db/tables', { name: 'src', schema: SIMPLE_SCHEMA });
    await s.http('POST', '/v1/local/namespaces/db/tables', { name: 'taken', schema: SIMPLE_SCHEMA });
    const clash = await s.http('POST', '/v1/local/tables/rename', { source: { namespace: ['db'], name: 'src' }, destination: { namespace: ['db'], name: 'taken' } });
    assert.equal(clash.status, 409);
    const nons = await s.http('POST', '/v1/local/tables/rename', { source: { namespace: ['db'], name: 'src' }, destination: { namespace: ['nowhere'], name: 'x' } });
    assert.equal(nons.status, 404);
    assert.equal(nons.body.error.type, 'NoSuchNamespaceException');
    const nosrc = await s.http('POST', '/v1/local/tables/rename', { source: { namespace: ['db'], name: 'ghost' }, destination: { namespace: ['db'], name: 'x' } });
    assert.equal(nosrc.status, 404);
    assert.equal(nosrc.body.error.type, 'NoSuchTableException');
    const ok = await s.http('POST', '/v1/local/tables/rename', { source: { namespace: ['db'], name: 'src' }, destination: { namespace: ['other'], name: 'moved' } });
    assert.equal(ok.status, 204);
    assert.equal((await s.http('HEAD', '/v1/local/namespaces/db/tables/src')).status, 404);
    assert.equal((await s.http('HEAD', '/v1/local/namespaces/other/tables/moved')).status, 204);
  });

  test('drop without purge keeps files; register brings the table back; drop with purge deletes them', async () => {
    const c = await s.http('POST', '/v1/local/namespaces/db/tables', { name: 'keep', schema: SIMPLE_SCHEMA });
    const metaLoc: string = c.body['metadata-location'];
    const tableDir = fileURLToPath(c.body.metadata.location);
    assert.equal((await s.http('DELETE', '/v1/local/namespaces/db/tables/keep')).status, 204);
    assert.ok(existsSync(fileURLToPath(metaLoc)), 'files kept without purge');
    assert.equal((await s.http('DELETE', '/v1/local/namespaces/db/tables/keep')).status, 404);

    const reg = await s.http('POST', '/v1/local/namespaces/db/register', { name: 'keep2', 'metadata-location': metaLoc });
    assert.equal(reg.status, 200, reg.text);
    assert.equal(reg.body['metadata-location'], metaLoc);
    assert.equal(reg.body.metadata['table-uuid'], c.body.metadata['table-uuid']);
    const again = await s.http('POST', '/v1/local/namespaces/db/register', { name: 'keep2', 'metadata-location': metaLoc });
    assert.equal(again.status, 409);
    const over = await s.http('POST', '/v1/local/namespaces/db/register', { name: 'keep2', 'metadata-location': metaLoc, overwrite: true });
    assert.equal(over.status, 200);
    const missing = await s.http('POST', '/v1/local/namespaces/db/register', { name: 'ghost', 'metadata-location': metaLoc.replace('00000-', '99999-') });
    assert.equal(missing.status, 404);
    assert.equal((await s.http('HEAD', '/v1/local/namespaces/db/tables/ghost')).status, 404);

    assert.equal((await s.http('DELETE', '/v1/local/namespaces/db/tables/keep2?purgeRequested=true')).status, 204);
    assert.ok(!existsSync(fileURLToPath(metaLoc)), 'purge deleted the metadata file');
    const left = existsSync(tableDir) ? readdirSync(tableDir, { recursive: true }).filter((f) => !String(f).match(/^(data|metadata)$/)) : [];
    assert.deepEqual(left, []);
    assert.equal((await s.http('DELETE', '/v1/local/namespaces/db/tables/x?purgeRequested=maybe')).status, 400);
  });

  test('metrics reports are stored and listed', async () => {
    await s.http('POST', '/v1/local/namespaces/db/tables', { name: 'metrics', schema: SIMPLE_SCHEMA });
    const report = { 'report-type': 'scan-report', 'table-name': 'local.db.metrics', 'snapshot-id': 9007199254740993n, filter: true, 'schema-id': 0, 'projected-field-ids': [1], 'projected-field-names': ['id'], metrics: {} };
    const r = await s.http('POST', '/v1/local/namespaces/db/tables/metrics/metrics', report);
    assert.equal(r.status, 204);
    const list = await s.http('GET', '/api/v1/catalogs/local/metrics-reports');
    assert.equal(list.status, 200);
    const found = list.body.reports.find((x: any) => x.table === 'metrics');
    assert.ok(found);
    assert.equal(found.report_type, 'scan-report');
    assert.equal(found.report['snapshot-id'], 9007199254740993n);
    const bad = await s.http('POST', '/v1/local/namespaces/db/tables/nope/metrics', report);
    assert.equal(bad.status, 404);
  });
});
