// iceberg-js (npm `iceberg-js`, the Supabase TS REST client) against an in-process
// Pangolin server on a memory store: namespace and table CRUD, ETag / If-None-Match,
// register, rename, paging and the error model as the client surfaces it.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { IcebergError, IcebergRestCatalog } from 'iceberg-js';
import { loadConfig } from '../../src/server/config.js';
import { createServer, type ServerHandle } from '../../src/server/index.js';

const SCHEMA = {
  type: 'struct' as const,
  'schema-id': 0,
  fields: [
    { id: 1, name: 'id', type: 'long', required: true },
    { id: 2, name: 'data', type: 'string', required: false },
    { id: 3, name: 'day', type: 'date', required: false },
  ],
};

async function rejects(p: Promise<unknown>, status: number, icebergType?: string): Promise<IcebergError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof IcebergError, `expected IcebergError, got ${String(e)}`);
    assert.equal(e.status, status, `status: ${e.message} (${e.icebergType})`);
    if (icebergType) assert.equal(e.icebergType, icebergType, e.message);
    assert.equal(e.icebergCode, status, 'error.code in the body must equal the HTTP status');
    assert.ok(e.message && !e.message.startsWith('Request failed with status'), 'the server error message must reach the client');
    return e;
  }
  assert.fail(`expected a ${status}${icebergType ? ` ${icebergType}` : ''} rejection`);
}

describe('iceberg-js against Pangolin', () => {
  let handle: ServerHandle;
  let dataDir: string;
  let url: string;
  let token: string;
  let catalog: IcebergRestCatalog;
  const uniq = () => randomUUID().slice(0, 8);

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pangolin-icebergjs-'));
    handle = await createServer(loadConfig({ PORT: '0', PANGOLIN_DATA_DIR: dataDir, PANGOLIN_STORAGE_TYPE: 'memory', PANGOLIN_LOG_LEVEL: 'silent' }));
    ({ url } = await handle.listen());
    const { clientId, clientSecret, catalogName } = handle.bootstrap;
    const res = await fetch(`${url}/v1/oauth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'catalog' }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    const body = (await res.json()) as { access_token: string; token_type: string };
    assert.ok(body.access_token);
    assert.equal(body.token_type.toLowerCase(), 'bearer');
    token = body.access_token;
    assert.equal(catalogName, 'local');
    catalog = new IcebergRestCatalog({ baseUrl: url, warehouse: 'local', auth: { type: 'bearer', token } });
  });

  after(async () => {
    await handle?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('config gives a prefix the client uses', async () => {
    const cfg = await catalog.loadConfig();
    assert.ok(cfg.defaults && typeof cfg.defaults === 'object', 'defaults must be an object, never null');
    assert.ok(cfg.overrides && typeof cfg.overrides === 'object', 'overrides must be an object, never null');
    assert.ok(cfg.overrides.prefix ?? cfg.defaults.prefix, 'a prefix is advertised');
    assert.ok(Array.isArray(cfg.endpoints) && cfg.endpoints.includes('GET /v1/{prefix}/namespaces'), String(cfg.endpoints));
  });

  test('namespaces: create, list (top-level and children), load, update properties, exists, drop', async () => {
    const top = `ijs_${uniq()}`;
    const created = await catalog.createNamespace({ namespace: [top] }, { properties: { owner: 'alice', a: '1' } });
    assert.deepEqual(created.namespace, [top]);
    await catalog.createNamespace({ namespace: [top, 'child'] });
    await catalog.createNamespace({ namespace: [top, 'child2'] });

    const roots = (await catalog.listNamespaces()).namespaces.map((n) => n.namespace);
    assert.ok(roots.some((n) => n.length === 1 && n[0] === top), JSON.stringify(roots));
    assert.ok(roots.every((n) => n.length === 1), 'top-level listing only');
    const kids = (await catalog.listNamespaces({ parent: { namespace: [top] } })).namespaces.map((n) => n.namespace.join('.'));
    assert.deepEqual(kids.sort(), [`${top}.child`, `${top}.child2`]);

    const meta = await catalog.loadNamespaceMetadata({ namespace: [top] });
    assert.equal(meta.properties.owner, 'alice');
    assert.equal(meta.properties.a, '1');

    const upd = await catalog.updateNamespaceProperties({ namespace: [top] }, { removals: ['a', 'never-set'], updates: { b: '2', owner: 'bob' } });
    assert.deepEqual([...upd.updated].sort(), ['b', 'owner']);
    assert.deepEqual(upd.removed, ['a']);
    assert.deepEqual(upd.missing, ['never-set']);
    const meta2 = await catalog.loadNamespaceMetadata({ namespace: [top] });
    assert.equal(meta2.properties.owner, 'bob');
    assert.equal(meta2.properties.b, '2');
    assert.ok(!('a' in meta2.properties));

    assert.equal(await catalog.namespaceExists({ namespace: [top, 'child'] }), true);
    assert.equal(await catalog.namespaceExists({ namespace: [top, 'nope'] }), false);
    await rejects(catalog.createNamespace({ namespace: [top] }), 409, 'AlreadyExistsException');
    assert.equal(await catalog.createNamespaceIfNotExists({ namespace: [top] }), undefined);

    await catalog.dropNamespace({ namespace: [top, 'child'] });
    await catalog.dropNamespace({ namespace: [top, 'child2'] });
    await catalog.dropNamespace({ namespace: [top] });
    assert.equal(await catalog.namespaceExists({ namespace: [top] }), false);
    await rejects(catalog.dropNamespace({ namespace: [top] }), 404, 'NoSuchNamespaceException');
    await rejects(catalog.loadNamespaceMetadata({ namespace: [top] }), 404, 'NoSuchNamespaceException');
  });

  test('tables: create, list, load, exists, commit, ETag 304, rename, drop', async () => {
    const ns = { namespace: [`ijs_${uniq()}`] };
    await catalog.createNamespace(ns);
    const id = { namespace: ns.namespace, name: 'events' };

    const created = await catalog.createTableResult(ns, {
      name: 'events',
      schema: SCHEMA,
      'partition-spec': { 'spec-id': 0, fields: [{ 'source-id': 3, 'field-id': 1000, name: 'day', transform: 'identity' }] },
      properties: { owner: 'me' },
    });
    assert.ok(created['metadata-location']?.endsWith('.metadata.json'));
    assert.equal(created.metadata['format-version'] >= 1, true);
    assert.deepEqual(created.metadata.schemas[0].fields.map((f) => f.name), ['id', 'data', 'day']);
    assert.equal(created.metadata.properties?.owner, 'me');
    const spec = created.metadata['partition-specs'].find((s) => s['spec-id'] === created.metadata['default-spec-id']);
    assert.equal(spec?.fields.length, 1);
    const daySourceId = created.metadata.schemas[0].fields.find((f) => f.name === 'day')!.id;
    assert.equal(spec!.fields[0]['source-id'], daySourceId);

    const listed = await catalog.listTables(ns);
    assert.deepEqual(listed.identifiers, [{ namespace: ns.namespace, name: 'events' }]);
    assert.equal(await catalog.tableExists(id), true);
    assert.equal(await catalog.tableExists({ ...id, name: 'nope' }), false);
    await rejects(catalog.createTable(ns, { name: 'events', schema: SCHEMA }), 409, 'AlreadyExistsException');

    const loaded = await catalog.loadTableResult(id);
    assert.ok(loaded);
    assert.equal(loaded['metadata-location'], created['metadata-location']);
    assert.equal(loaded.metadata['table-uuid'], created.metadata['table-uuid']);
    assert.ok(loaded.etag, 'loadTable must send an ETag');
    assert.equal(await catalog.loadTable(id, { ifNoneMatch: loaded.etag! }), null, 'unchanged table + If-None-Match → 304');

    const committed = await catalog.updateTable(id, {
      requirements: [{ type: 'assert-table-uuid', uuid: loaded.metadata['table-uuid'] }],
      updates: [
        { action: 'set-properties', updates: { color: 'blue' } },
        { action: 'remove-properties', removals: ['owner'] },
      ],
    });
    assert.notEqual(committed['metadata-location'], loaded['metadata-location']);
    assert.equal(committed.metadata.properties?.color, 'blue');
    assert.ok(!('owner' in (committed.metadata.properties ?? {})));

    const afterCommit = await catalog.loadTableResult(id, { ifNoneMatch: loaded.etag! });
    assert.ok(afterCommit, 'changed table must not answer 304 to the old ETag');
    assert.equal(afterCommit['metadata-location'], committed['metadata-location']);
    assert.notEqual(afterCommit.etag, loaded.etag);
    assert.equal(await catalog.loadTable(id, { ifNoneMatch: afterCommit.etag! }), null);

    const conflict = await rejects(
      catalog.updateTable(id, {
        requirements: [{ type: 'assert-table-uuid', uuid: randomUUID() }],
        updates: [{ action: 'set-properties', updates: { color: 'red' } }],
      }),
      409,
      'CommitFailedException',
    );
    assert.equal(conflict.isConflict(), true);
    assert.equal(conflict.isCommitStateUnknown, false);
    assert.equal((await catalog.loadTable(id)).properties?.color, 'blue');

    await rejects(
      catalog.updateTable(id, { requirements: [], updates: [{ action: 'no-such-action' } as never] }),
      400,
    );

    const dest = { namespace: ns.namespace, name: 'events_renamed' };
    await catalog.renameTable({ source: id, destination: dest });
    assert.equal(await catalog.tableExists(id), false);
    assert.equal(await catalog.tableExists(dest), true);
    assert.equal((await catalog.loadTable(dest))['table-uuid'], created.metadata['table-uuid']);
    const nf = await rejects(catalog.loadTable(id), 404, 'NoSuchTableException');
    assert.equal(nf.isNotFound(), true);
    await rejects(catalog.renameTable({ source: id, destination: { ...id, name: 'x' } }), 404, 'NoSuchTableException');

    await catalog.dropTable(dest);
    assert.equal(await catalog.tableExists(dest), false);
    await rejects(catalog.dropTable(dest), 404, 'NoSuchTableException');
    assert.deepEqual((await catalog.listTables(ns)).identifiers, []);
    await catalog.dropNamespace(ns);
  });

  test('register a dropped (not purged) table from its metadata file', async () => {
    const ns = { namespace: [`ijs_${uniq()}`] };
    await catalog.createNamespace(ns);
    const created = await catalog.createTableResult(ns, { name: 'orig', schema: SCHEMA, properties: { k: 'v' } });
    await catalog.dropTable({ namespace: ns.namespace, name: 'orig' }, { purge: false });
    const reg = await catalog.registerTableResult(ns, { name: 'back', 'metadata-location': created['metadata-location']! });
    assert.equal(reg['metadata-location'], created['metadata-location']);
    assert.equal(reg.metadata['table-uuid'], created.metadata['table-uuid']);
    assert.equal(reg.metadata.properties?.k, 'v');
    assert.equal(await catalog.tableExists({ namespace: ns.namespace, name: 'back' }), true);
    await rejects(catalog.registerTable(ns, { name: 'back', 'metadata-location': created['metadata-location']! }), 409, 'AlreadyExistsException');
  });

  test('multi-level namespace tables and paging', async () => {
    const root = `ijs_${uniq()}`;
    const ns = { namespace: [root, 'deep', 'er'] };
    await catalog.createNamespace({ namespace: [root] });
    await catalog.createNamespace({ namespace: [root, 'deep'] });
    await catalog.createNamespace(ns);
    const names = ['t1', 't2', 't3', 't4', 't5'];
    for (const name of names) await catalog.createTable(ns, { name, schema: SCHEMA });

    const seen: string[] = [];
    let pageToken: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await catalog.listTables(ns, { pageSize: 2, pageToken });
      assert.ok(page.identifiers.length <= 2 || page.nextPageToken === undefined, 'pageSize honoured or ignored entirely');
      for (const ident of page.identifiers) {
        assert.deepEqual(ident.namespace, ns.namespace);
        seen.push(ident.name);
      }
      pageToken = page.nextPageToken;
      if (!pageToken) break;
    }
    assert.deepEqual([...seen].sort(), names, 'every table exactly once across pages');
    assert.deepEqual((await catalog.listTables({ namespace: [root, 'deep'] })).identifiers, []);
    await rejects(catalog.dropNamespace(ns), 409, 'NamespaceNotEmptyException');
    assert.equal(await catalog.tableExists({ namespace: ns.namespace, name: 't3' }), true);
  });

  test('errors: 404 for a missing namespace, 401 without a token', async () => {
    await rejects(catalog.listTables({ namespace: [`missing_${uniq()}`] }), 404, 'NoSuchNamespaceException');
    await rejects(catalog.createTable({ namespace: [`missing_${uniq()}`] }, { name: 't', schema: SCHEMA }), 404, 'NoSuchNamespaceException');

    const anon = new IcebergRestCatalog({ baseUrl: url, warehouse: 'local', auth: { type: 'none' } });
    await rejects(anon.loadConfig(), 401);
    await rejects(anon.listNamespaces(), 401);
    const bad = new IcebergRestCatalog({ baseUrl: url, warehouse: 'local', auth: { type: 'bearer', token: `${token}x` } });
    await rejects(bad.listNamespaces(), 401);
  });
});
