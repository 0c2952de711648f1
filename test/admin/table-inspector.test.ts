// The table inspector through HTTP against a real server, on a table PyIceberg wrote
// (three snapshots, day(ts) partitions, a schema change): the metadata, a snapshot's
// manifest list, a manifest's data files with decoded column stats, a Parquet data file's
// rows, all int64 values exact; and the refusals: files outside the table, unknown
// snapshot, tables the caller may not read, another tenant's catalog.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { generateSecret, hashGeneratedSecret } from '../../src/server/auth/secret-hash.js';
import { SIMPLE_SCHEMA, getToken, requestJson, startTestServer, type TestServer } from '../helpers/server.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const PYTHON = join(root, '.venv/bin/python');
const SKIP = existsSync(PYTHON) || process.env.CI ? false : '.venv missing: run `bash scripts/setup-python.sh` (PyIceberg writes the table)';
const BASE = '/api/v1/catalogs/local/namespaces/db/tables/events/inspect';
const BIG_ROW_ID = 9007199254740993n;
const enc = encodeURIComponent;

describe('table inspector', { skip: SKIP }, () => {
  let s: TestServer;
  let written: { snapshot_ids: string[]; metadata_location: string; location: string };

  before(async () => {
    s = await startTestServer();
    const { stdout } = await promisify(execFile)(PYTHON, [join(root, 'test/helpers/write_inspect_table.py'), s.url, s.handle.bootstrap.clientId, s.handle.bootstrap.clientSecret, 'local', 'db', 'events'], { timeout: 240_000 });
    written = JSON.parse(stdout.trim().split('\n').pop()!);
    assert.equal((await s.http('POST', '/v1/local/namespaces/db/tables', { name: 'other', schema: SIMPLE_SCHEMA })).status, 200);
  });
  after(() => s?.stop());

  it('returns the current metadata with exact snapshot ids', async () => {
    const r = await s.http('GET', BASE);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.catalog, 'local');
    assert.deepEqual(r.body.namespace, ['db']);
    assert.equal(r.body.table, 'events');
    assert.equal(r.body.metadata_location, written.metadata_location);
    assert.deepEqual(r.body.metadata.snapshots.map((x: { 'snapshot-id': bigint | number }) => String(x['snapshot-id'])), written.snapshot_ids);
    assert.equal(String(r.body.metadata['current-snapshot-id']), written.snapshot_ids[2]);
    assert.equal(r.body.metadata.schemas.length, 2, 'the schema change made a second schema');
    for (const id of written.snapshot_ids) assert.ok(r.text.includes(id), `${id} appears exactly`);
  });

  it('decodes the current snapshot’s manifest list: one manifest per append, newest first', async () => {
    const r = await s.http('GET', `${BASE}/manifest-list`);
    assert.equal(r.status, 200, r.text);
    assert.equal(String(r.body.snapshot_id), written.snapshot_ids[2]);
    assert.match(r.body.manifest_list, /\/metadata\/snap-\d+-.*\.avro$/);
    assert.equal(r.body.format_version, 2);
    assert.equal(r.body.manifests.length, 3);
    assert.deepEqual(r.body.manifests.map((m: { added_snapshot_id: bigint | number }) => String(m.added_snapshot_id)), [...written.snapshot_ids].reverse());
    assert.deepEqual(r.body.manifests.map((m: { added_rows_count: number }) => m.added_rows_count), [2, 2, 4]);
    assert.deepEqual(r.body.manifests.map((m: { sequence_number: number }) => m.sequence_number), [3, 2, 1]);
    const m = r.body.manifests[2];
    assert.equal(m.content, 'data');
    assert.equal(m.added_files_count, 2);
    assert.deepEqual(m.partitions, [{ field_id: 1000, name: 'ts_day', transform: 'day', contains_null: false, contains_nan: false, lower_bound: '2024-03-01', upper_bound: '2024-03-02' }]);
    // An older snapshot by id (digits, exact).
    const first = await s.http('GET', `${BASE}/manifest-list?snapshot_id=${written.snapshot_ids[0]}`);
    assert.equal(first.status, 200, first.text);
    assert.equal(first.body.manifests.length, 1);
    assert.equal(String(first.body.snapshot_id), written.snapshot_ids[0]);
  });

  it('decodes a manifest: data files, partitions and column bounds by type, the id above 2^53 exact', async () => {
    const list = await s.http('GET', `${BASE}/manifest-list?snapshot_id=${written.snapshot_ids[1]}`);
    const path = list.body.manifests.find((m: { added_snapshot_id: bigint | number }) => String(m.added_snapshot_id) === written.snapshot_ids[1]).manifest_path;
    const r = await s.http('GET', `${BASE}/manifest?path=${enc(path)}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.format_version, 2);
    assert.equal(r.body.content, 'data');
    assert.deepEqual(r.body.partition_fields, [{ field_id: 1000, name: 'ts_day', transform: 'day', source_id: 3 }]);
    assert.equal(r.body.total_entries, 2);
    const files = r.body.entries.map((e: { data_file: unknown }) => e.data_file) as { partition: { ts_day: string }; record_count: number; file_format: string; file_path: string; columns: { name: string; lower_bound: unknown; upper_bound: unknown; null_value_count: number; nan_value_count: number | null }[] }[];
    assert.ok(r.body.entries.every((e: { status: string; snapshot_id: bigint | number }) => e.status === 'added' && String(e.snapshot_id) === written.snapshot_ids[1]));
    const big = files.find((f) => f.columns.find((c) => c.name === 'id')?.upper_bound === BIG_ROW_ID);
    assert.ok(big, `a data file whose id upper bound is ${BIG_ROW_ID}: ${r.text.slice(0, 400)}`);
    assert.equal(big.file_format, 'PARQUET');
    assert.equal(big.record_count, 1);
    assert.match(big.file_path, /\/data\/ts_day=2024-03-0[12]\//);
    const col = (name: string) => big.columns.find((c) => c.name === name)!;
    assert.match(String(col('ts').lower_bound), /^2024-03-0[12]T12:00:00\.0000\d\d$/);
    assert.match(String(col('d').lower_bound), /^2024-\d\d-\d\d$/);
    assert.match(String(col('price').lower_bound), /^\d+\.25$/);
    assert.equal(typeof col('flag').lower_bound, 'boolean');
    assert.equal(col('name').null_value_count, 0);
    assert.match(r.text, /"upper_bound":9007199254740993\b/);
    assert.deepEqual(Object.keys(big.partition), ['ts_day']);
    assert.match(big.partition.ts_day, /^2024-03-0[12]$/);
    // Paging entries.
    const page = await s.http('GET', `${BASE}/manifest?path=${enc(path)}&limit=1&offset=1`);
    assert.equal(page.body.entries.length, 1);
    assert.equal(page.body.offset, 1);
  });

  it('previews a data file (Parquet rows and field ids) and an old metadata.json', async () => {
    const list = await s.http('GET', `${BASE}/manifest-list`);
    const manifest = await s.http('GET', `${BASE}/manifest?path=${enc(list.body.manifests[0].manifest_path)}`);
    const dataPath = manifest.body.entries[0].data_file.file_path;
    const r = await s.http('GET', `${BASE}/file?path=${enc(dataPath)}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.format, 'parquet');
    assert.equal(r.body.parquet.rows_error, null);
    assert.deepEqual(r.body.parquet.columns, ['id', 'name', 'ts', 'd', 'price', 'flag', 'score', 'ratio', 'quantity', 'note']);
    assert.deepEqual(r.body.parquet.schema.map((f: { field_id: number }) => f.field_id), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.equal(r.body.parquet.rows.length, 1);
    assert.match(r.body.parquet.rows[0].name, /^name-[78]$/);

    // The row with the id above 2^53, from the second append.
    const second = await s.http('GET', `${BASE}/manifest-list?snapshot_id=${written.snapshot_ids[1]}`);
    const m2 = await s.http('GET', `${BASE}/manifest?path=${enc(second.body.manifests[0].manifest_path)}`);
    const rows = [];
    for (const e of m2.body.entries) rows.push(...(await s.http('GET', `${BASE}/file?path=${enc(e.data_file.file_path)}`)).body.parquet.rows);
    assert.ok(rows.some((x: { id: unknown }) => x.id === BIG_ROW_ID), JSON.stringify(rows.map((x: { id: unknown }) => String(x.id))));

    const meta = await s.http('GET', BASE);
    const old = meta.body.metadata['metadata-log'][0]['metadata-file'];
    const f = await s.http('GET', `${BASE}/file?path=${enc(old)}`);
    assert.equal(f.status, 200, f.text);
    assert.equal(f.body.format, 'json');
    assert.equal(f.body.json['table-uuid'], meta.body.metadata['table-uuid']);
  });

  it('refuses files outside the table location (400) and names missing ones (404)', async () => {
    const other = await s.http('GET', '/v1/local/namespaces/db/tables/other');
    const otherMeta = other.body['metadata-location'];
    const outside = [otherMeta, `${written.location}/../other/metadata/x.json`, `${written.location}/metadata/../../other/x`, 's3://another-bucket/db/events/x.avro', '/etc/passwd', `${written.location}2/metadata/x.json`];
    for (const route of ['manifest', 'file']) {
      for (const p of outside) {
        const r = await s.http('GET', `${BASE}/${route}?path=${enc(p)}`);
        assert.equal(r.status, 400, `${route} ${p}: ${r.text}`);
        assert.equal(r.body.error.type, 'BadRequestException');
        assert.match(r.body.error.message, /not inside the table location|outside the warehouse|segments .* are not allowed/);
      }
    }
    const missing = await s.http('GET', `${BASE}/manifest?path=${enc(`${written.location}/metadata/nope.avro`)}`);
    assert.equal(missing.status, 404);
    assert.match(missing.body.error.message, /nope\.avro/);
    const notAvro = await s.http('GET', `${BASE}/manifest?path=${enc(written.metadata_location)}`);
    assert.equal(notAvro.status, 422);
    assert.match(notAvro.body.error.message, /Not an Avro/);
    const noPath = await s.http('GET', `${BASE}/file`);
    assert.equal(noPath.status, 400);
    assert.match(noPath.body.error.message, /path/);
  });

  it('unknown snapshot, table or catalog: 404; a malformed snapshot id: 400', async () => {
    const snap = await s.http('GET', `${BASE}/manifest-list?snapshot_id=123`);
    assert.equal(snap.status, 404);
    assert.match(snap.body.error.message, /Snapshot 123 does not exist/);
    assert.equal((await s.http('GET', `${BASE}/manifest-list?snapshot_id=12x`)).status, 400);
    const empty = await s.http('GET', '/api/v1/catalogs/local/namespaces/db/tables/other/inspect/manifest-list');
    assert.equal(empty.status, 404);
    assert.match(empty.body.error.message, /no current snapshot/);
    const table = await s.http('GET', '/api/v1/catalogs/local/namespaces/db/tables/nope/inspect');
    assert.equal(table.status, 404);
    assert.equal(table.body.error.type, 'NoSuchTableException');
    const cat = await s.http('GET', '/api/v1/catalogs/nope/namespaces/db/tables/events/inspect');
    assert.equal(cat.status, 404);
    assert.equal(cat.body.error.type, 'NoSuchWarehouseException');
  });

  it('read on the table is enough to inspect it; without it 403; another tenant cannot reach it', async () => {
    const store = s.handle.store;
    const tenantId = s.handle.bootstrap.tenant.id;
    const now = new Date().toISOString();
    const client = async (tenant: string, role: 'tenant-admin' | 'tenant-user') => {
      const clientId = `c-${randomUUID().slice(0, 8)}`;
      const secret = generateSecret();
      await store.createClient({ clientId, tenantId: tenant, name: clientId, role, secretHash: hashGeneratedSecret(secret), createdAt: now });
      return { clientId, token: await getToken(s.url, clientId, secret) };
    };
    const as = (token: string, path: string) => requestJson(s.url + path, 'GET', undefined, { authorization: `Bearer ${token}` });

    const reader = await client(tenantId, 'tenant-user');
    const role = await store.createRole({ id: randomUUID(), tenantId, name: `readers-${randomUUID().slice(0, 6)}`, description: '', createdAt: now });
    await store.assignRole({ roleId: role.id, principalKind: 'client', principalId: reader.clientId });
    const catalogId = (await store.getCatalog({ tenantId, name: 'local' }))!.id;
    await store.createGrant({ id: randomUUID(), tenantId, roleId: role.id, catalogId, scope: { catalog: 'local', namespace: ['db'], table: 'events' }, privileges: ['read'], createdAt: now });

    const ok = await as(reader.token, `${BASE}/manifest-list`);
    assert.equal(ok.status, 200, ok.text);
    const denied = await as(reader.token, '/api/v1/catalogs/local/namespaces/db/tables/other/inspect');
    assert.equal(denied.status, 403, denied.text);
    assert.equal(denied.body.error.type, 'ForbiddenException');
    assert.match(denied.body.error.message, /read.*inspector\.read/);
    const stranger = await client(tenantId, 'tenant-user');
    assert.equal((await as(stranger.token, BASE)).status, 403);

    const other = await store.createTenant({ id: randomUUID(), name: `other-${randomUUID().slice(0, 6)}`, properties: {}, createdAt: now });
    const otherAdmin = await client(other.id, 'tenant-admin');
    const foreign = await as(otherAdmin.token, BASE);
    assert.equal(foreign.status, 404, foreign.text);
    assert.equal(foreign.body.error.type, 'NoSuchWarehouseException');
  });
});
