import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { parseJson, type Int64 } from '../../src/server/iceberg/json.js';
import { SIMPLE_SCHEMA, startTestServer, type TestServer } from '../helpers/server.js';

const T = '/v1/local/namespaces/c/tables';

function snapshot(id: Int64, parent: Int64 | null, seq: number) {
  return {
    'snapshot-id': id,
    ...(parent === null ? {} : { 'parent-snapshot-id': parent }),
    'sequence-number': seq,
    'timestamp-ms': Date.now(),
    'manifest-list': `file:///tmp/snap-${String(id)}.avro`,
    summary: { operation: 'append', 'added-records': '1' },
    'schema-id': 0,
  };
}

function appendCommit(id: Int64, parent: Int64 | null, seq: number) {
  return {
    requirements: [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': parent }],
    updates: [
      { action: 'add-snapshot', snapshot: snapshot(id, parent, seq) },
      { action: 'set-snapshot-ref', 'ref-name': 'main', type: 'branch', 'snapshot-id': id },
    ],
  };
}

describe('commits over HTTP', () => {
  let s: TestServer;
  let n = 0;
  const create = async () => {
    const name = `t${n++}`;
    const r = await s.http('POST', T, { name, schema: SIMPLE_SCHEMA });
    assert.equal(r.status, 200, r.text);
    return { name, created: r.body };
  };
  before(async () => {
    s = await startTestServer();
    await s.http('POST', '/v1/local/namespaces', { namespace: ['c'] });
  });
  after(() => s.stop());

  test('append: new metadata file version 00001, metadata-log and snapshot-log kept', async () => {
    const { name, created } = await create();
    const r = await s.http('POST', `${T}/${name}`, appendCommit(1001, null, 1));
    assert.equal(r.status, 200, r.text);
    assert.match(r.body['metadata-location'], /\/metadata\/00001-[0-9a-f-]{36}\.metadata\.json$/);
    assert.equal(r.body.metadata['current-snapshot-id'], 1001);
    assert.deepEqual(r.body.metadata['metadata-log'].map((e: any) => e['metadata-file']), [created['metadata-location']]);
    assert.deepEqual(r.body.metadata['snapshot-log'].map((e: any) => e['snapshot-id']), [1001]);
    const onDisk = parseJson(readFileSync(fileURLToPath(r.body['metadata-location']), 'utf8')) as any;
    assert.equal(onDisk['current-snapshot-id'], 1001);
    const r2 = await s.http('POST', `${T}/${name}`, appendCommit(1002, 1001, 2));
    assert.match(r2.body['metadata-location'], /\/00002-/);
    assert.equal(r2.body.metadata['metadata-log'].length, 2);
    const loaded = await s.http('GET', `${T}/${name}`);
    assert.equal(loaded.body['metadata-location'], r2.body['metadata-location']);
  });

  test('int64 snapshot ids above 2^53 survive parse, store, file and response exactly', async () => {
    const { name } = await create();
    const big = 9007199254740993n; // 2^53 + 1: JSON.parse would turn it into ...992
    const r = await s.http('POST', `${T}/${name}`, appendCommit(big, null, 1));
    assert.equal(r.status, 200, r.text);
    assert.ok(r.text.includes('"current-snapshot-id":9007199254740993'), 'response text carries the exact digits');
    const file = readFileSync(fileURLToPath(r.body['metadata-location']), 'utf8');
    assert.ok(file.includes('9007199254740993'));
    assert.ok(!file.includes('9007199254740992'));
    const bigger = 9223372036854775807n;
    const r2 = await s.http('POST', `${T}/${name}`, appendCommit(bigger, big, 2));
    assert.equal(r2.status, 200, r2.text);
    const loaded = await s.http('GET', `${T}/${name}`);
    assert.equal(loaded.body.metadata['current-snapshot-id'], bigger);
    assert.equal(loaded.body.metadata.snapshots[1]['parent-snapshot-id'], big);
    assert.ok(loaded.text.includes('9223372036854775807'));
  });

  test('failed requirement → 409 CommitFailedException and no new metadata', async () => {
    const { name, created } = await create();
    for (const req of [
      { type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': 42 },
      { type: 'assert-table-uuid', uuid: '00000000-0000-0000-0000-000000000000' },
      { type: 'assert-current-schema-id', 'current-schema-id': 5 },
      { type: 'assert-last-assigned-field-id', 'last-assigned-field-id': 99 },
      { type: 'assert-last-assigned-partition-id', 'last-assigned-partition-id': 1500 },
      { type: 'assert-default-spec-id', 'default-spec-id': 3 },
      { type: 'assert-default-sort-order-id', 'default-sort-order-id': 4 },
      { type: 'assert-create' },
    ]) {
      const r = await s.http('POST', `${T}/${name}`, { requirements: [req], updates: [{ action: 'set-properties', updates: { x: '1' } }] });
      assert.equal(r.status, 409, `${req.type}: ${r.text}`);
      assert.equal(r.body.error.type, 'CommitFailedException');
    }
    const loaded = await s.http('GET', `${T}/${name}`);
    assert.equal(loaded.body['metadata-location'], created['metadata-location']);
    assert.equal(loaded.body.metadata.properties.x, undefined);
  });

  test('passing requirements of every type commit', async () => {
    const { name, created } = await create();
    const m = created.metadata;
    const r = await s.http('POST', `${T}/${name}`, {
      requirements: [
        { type: 'assert-table-uuid', uuid: m['table-uuid'] },
        { type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': null },
        { type: 'assert-current-schema-id', 'current-schema-id': m['current-schema-id'] },
        { type: 'assert-last-assigned-field-id', 'last-assigned-field-id': m['last-column-id'] },
        { type: 'assert-last-assigned-partition-id', 'last-assigned-partition-id': m['last-partition-id'] },
        { type: 'assert-default-spec-id', 'default-spec-id': m['default-spec-id'] },
        { type: 'assert-default-sort-order-id', 'default-sort-order-id': m['default-sort-order-id'] },
      ],
      updates: [{ action: 'set-properties', updates: { ok: 'yes' } }],
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.metadata.properties.ok, 'yes');
  });

  test('unknown update action or requirement type → 400 and the table is unchanged', async () => {
    const { name, created } = await create();
    const a = await s.http('POST', `${T}/${name}`, { requirements: [], updates: [{ action: 'set-properties', updates: { y: '1' } }, { action: 'make-it-fast' }] });
    assert.equal(a.status, 400);
    assert.match(a.body.error.message, /make-it-fast/);
    const b = await s.http('POST', `${T}/${name}`, { requirements: [{ type: 'assert-vibes' }], updates: [] });
    assert.equal(b.status, 400);
    const c = await s.http('POST', `${T}/${name}`, '{"updates": [', {});
    assert.equal(c.status, 400);
    const d = await s.http('POST', `${T}/${name}`, { requirements: 'none', updates: [] });
    assert.equal(d.status, 400);
    const loaded = await s.http('GET', `${T}/${name}`);
    assert.equal(loaded.body['metadata-location'], created['metadata-location']);
    assert.equal(loaded.body.metadata.properties.y, undefined);
  });

  test('schema evolution with -1 (last added) and invalid updates → 400', async () => {
    const { name, created } = await create();
    const schema = { type: 'struct', 'schema-id': 1, fields: [...SIMPLE_SCHEMA.fields, { id: 4, name: 'extra', required: false, type: 'int' }] };
    const r = await s.http('POST', `${T}/${name}`, {
      requirements: [{ type: 'assert-current-schema-id', 'current-schema-id': 0 }],
      updates: [
        { action: 'add-schema', schema, 'last-column-id': 4 },
        { action: 'set-current-schema', 'schema-id': -1 },
      ],
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.metadata['current-schema-id'], 1);
    assert.equal(r.body.metadata['last-column-id'], 4);
    const bad = await s.http('POST', `${T}/${name}`, { requirements: [], updates: [{ action: 'set-current-schema', 'schema-id': 77 }] });
    assert.equal(bad.status, 400);
    assert.ok(created);
  });

  test('commit to a missing table → 404 NoSuchTableException', async () => {
    const r = await s.http('POST', `${T}/ghost`, { requirements: [], updates: [{ action: 'set-properties', updates: { a: 'b' } }] });
    assert.equal(r.status, 404);
    assert.equal(r.body.error.type, 'NoSuchTableException');
  });

  test('staged create: no table until the assert-create commit lands', async () => {
    const staged = await s.http('POST', T, { name: 'staged', schema: SIMPLE_SCHEMA, 'stage-create': true });
    assert.equal(staged.status, 200, staged.text);
    assert.equal(staged.body['metadata-location'], undefined);
    assert.equal((await s.http('HEAD', `${T}/staged`)).status, 404);
    const m = staged.body.metadata;
    const commit = await s.http('POST', `${T}/staged`, {
      requirements: [{ type: 'assert-create' }],
      updates: [
        { action: 'assign-uuid', uuid: m['table-uuid'] },
        { action: 'upgrade-format-version', 'format-version': 2 },
        { action: 'add-schema', schema: m.schemas[0], 'last-column-id': m['last-column-id'] },
        { action: 'set-current-schema', 'schema-id': -1 },
        { action: 'add-spec', spec: m['partition-specs'][0] },
        { action: 'set-default-spec', 'spec-id': -1 },
        { action: 'add-sort-order', 'sort-order': m['sort-orders'][0] },
        { action: 'set-default-sort-order', 'sort-order-id': -1 },
        { action: 'set-location', location: m.location },
        { action: 'set-properties', updates: { created: 'staged' } },
      ],
    });
    assert.equal(commit.status, 200, commit.text);
    assert.match(commit.body['metadata-location'], /\/00000-/);
    assert.equal(commit.body.metadata['table-uuid'], m['table-uuid']);
    const loaded = await s.http('GET', `${T}/staged`);
    assert.equal(loaded.body.metadata.properties.created, 'staged');
    const again = await s.http('POST', `${T}/staged`, { requirements: [{ type: 'assert-create' }], updates: commit.body ? [{ action: 'set-location', location: m.location }] : [] });
    assert.equal(again.status, 409);
  });

  test('concurrent writers: every append lands exactly once, none lost', async () => {
    const { name } = await create();
    const writers = 12;
    let conflicts = 0;
    const writer = async (w: number) => {
      for (let attempt = 0; attempt < 200; attempt++) {
        const cur = await s.http('GET', `${T}/${name}`);
        const m = cur.body.metadata;
        const parent = m['current-snapshot-id'] ?? null;
        const seq = Number(m['last-sequence-number']) + 1;
        const r = await s.http('POST', `${T}/${name}`, appendCommit(100000 + w, parent === -1 ? null : parent, seq));
        if (r.status === 200) return;
        assert.equal(r.status, 409, r.text);
        conflicts++;
      }
      throw new Error(`writer ${w} never landed`);
    };
    await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
    const final = await s.http('GET', `${T}/${name}`);
    const snaps = final.body.metadata.snapshots;
    assert.equal(snaps.length, writers, `all ${writers} appends present (conflicts retried: ${conflicts})`);
    // The history is one linear chain: each snapshot's parent is the one before it.
    const byId = new Map(snaps.map((x: any) => [x['snapshot-id'], x]));
    let cur: any = byId.get(final.body.metadata['current-snapshot-id']);
    let chain = 0;
    while (cur) {
      chain++;
      cur = cur['parent-snapshot-id'] === undefined ? undefined : byId.get(cur['parent-snapshot-id']);
    }
    assert.equal(chain, writers);
    assert.equal(final.body.metadata['metadata-log'].length, writers);
  });

  test('multi-table transaction: all or nothing', async () => {
    const a = await create();
    const b = await create();
    const ok = await s.http('POST', '/v1/local/transactions/commit', {
      'table-changes': [
        { identifier: { namespace: ['c'], name: a.name }, requirements: [], updates: [{ action: 'set-properties', updates: { tx: '1' } }] },
        { identifier: { namespace: ['c'], name: b.name }, requirements: [], updates: [{ action: 'set-properties', updates: { tx: '1' } }] },
      ],
    });
    assert.equal(ok.status, 204, ok.text);
    const fail = await s.http('POST', '/v1/local/transactions/commit', {
      'table-changes': [
        { identifier: { namespace: ['c'], name: a.name }, requirements: [], updates: [{ action: 'set-properties', updates: { tx: '2' } }] },
        { identifier: { namespace: ['c'], name: b.name }, requirements: [{ type: 'assert-table-uuid', uuid: '00000000-0000-0000-0000-000000000000' }], updates: [{ action: 'set-properties', updates: { tx: '2' } }] },
      ],
    });
    assert.equal(fail.status, 409);
    for (const t of [a, b]) {
      const loaded = await s.http('GET', `${T}/${t.name}`);
      assert.equal(loaded.body.metadata.properties.tx, '1', 'neither table took the failed transaction');
    }
  });

  test('a store without atomic multi-table swaps: no transactions endpoint, and a multi-table commit is refused unchanged', async () => {
    const a = await create();
    const b = await create();
    const store = s.handle.store;
    const caps = store.capabilities;
    store.capabilities = () => ({ ...caps.call(store), atomicMultiSwap: false });
    try {
      const config = await s.http('GET', '/v1/config?warehouse=local');
      assert.ok(!config.body.endpoints.includes('POST /v1/{prefix}/transactions/commit'));
      assert.ok(config.body.endpoints.includes('POST /v1/{prefix}/namespaces/{namespace}/tables/{table}'));
      const r = await s.http('POST', '/v1/local/transactions/commit', {
        'table-changes': [a, b].map((t) => ({ identifier: { namespace: ['c'], name: t.name }, requirements: [], updates: [{ action: 'set-properties', updates: { tx: 'half' } }] })),
      });
      assert.equal(r.status, 501, r.text);
      assert.equal(r.body.error.type, 'NotImplementedException');
      for (const t of [a, b]) assert.equal((await s.http('GET', `${T}/${t.name}`)).body.metadata.properties.tx, undefined);
    } finally {
      store.capabilities = caps;
    }
  });
});
