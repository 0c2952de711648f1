// Avro container decoding and Iceberg manifest list / manifest decoding: int64 values
// above 2^53 stay exact, partition tuples and column bounds decode by the schema's types.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { avroType, decodeAvroFile, encodeAvroFile, AvroDecodeError } from '../../../src/server/inspect/avro.js';
import { decodeManifest, decodeManifestList, icebergAvroKind } from '../../../src/server/inspect/manifest.js';
import { stringifyJson } from '../../../src/server/iceberg/json.js';
import type { Schema, PartitionSpec } from '../../../src/server/iceberg/metadata/types.js';
import { BIG_FILE_SIZE, BIG_SEQUENCE, BIG_SNAPSHOT_ID, MANIFEST_ENTRY_SCHEMA, PARTITION_SPEC, TABLE_SCHEMA, manifestFile, manifestListFile } from './fixtures.js';

const table = { schemas: [TABLE_SCHEMA as Schema], 'current-schema-id': 0, 'partition-specs': [PARTITION_SPEC as PartitionSpec], 'default-spec-id': 0 };

describe('Avro container files', () => {
  it('decodes longs exactly (bigint above 2^53, number below) and counts records', () => {
    const schema = { type: 'record', name: 'r', fields: [{ name: 'id', type: 'long' }, { name: 'b', type: ['null', 'bytes'], default: null }] };
    const file = encodeAvroFile(schema, [{ id: BIG_SNAPSHOT_ID, b: Buffer.from([1, 2]) }, { id: 42, b: null }, { id: -(2n ** 63n), b: null }], { 'x-meta': 'hello' });
    const out = decodeAvroFile(file);
    assert.equal(out.totalRecords, 3);
    assert.equal(out.truncated, false);
    assert.equal(out.metadata['x-meta'], 'hello');
    assert.equal(out.codec, 'null');
    const [a, b, c] = out.records as { id: unknown; b: unknown }[];
    assert.equal(a.id, BIG_SNAPSHOT_ID);
    assert.equal(typeof b.id, 'number');
    assert.equal(b.id, 42);
    assert.equal(c.id, -(2n ** 63n));
    assert.deepEqual(a.b, Buffer.from([1, 2]));
    assert.match(stringifyJson(out.records), /"id":9007199254740993\b/);
  });

  it('limits and offsets records, reporting the total, over deflate blocks', () => {
    const schema = { type: 'record', name: 'r', fields: [{ name: 'n', type: 'int' }] };
    const file = encodeAvroFile(schema, Array.from({ length: 10 }, (_, n) => ({ n })), {}, 'deflate');
    const page = decodeAvroFile(file, { limit: 3, offset: 4 });
    assert.deepEqual(page.records.map((r) => ({ ...(r as object) })), [{ n: 4 }, { n: 5 }, { n: 6 }]);
    assert.equal(page.totalRecords, 10);
    assert.equal(page.truncated, true);
    assert.equal(decodeAvroFile(file, { limit: 0 }).records.length, 0);
  });

  it('refuses what is not an Avro file, a truncated file and a bad sync marker', () => {
    assert.throws(() => decodeAvroFile(Buffer.from('{"not":"avro"}')), AvroDecodeError);
    const schema = { type: 'record', name: 'r', fields: [{ name: 'n', type: 'int' }] };
    const file = encodeAvroFile(schema, [{ n: 1 }, { n: 2 }]);
    assert.throws(() => decodeAvroFile(file.subarray(0, file.length - 5)), /truncated/);
    const bad = Buffer.from(file);
    bad[bad.length - 1] ^= 0xff;
    assert.throws(() => decodeAvroFile(bad), /sync marker/);
  });

  it('the exact long type writes and reads int64 bounds', () => {
    const t = avroType('long');
    for (const v of [0, -1, 2 ** 53 - 1, 2n ** 53n + 1n, 2n ** 63n - 1n, -(2n ** 63n)]) {
      assert.equal(t.fromBuffer(t.toBuffer(v)), v);
    }
  });
});

describe('manifest list', () => {
  it('decodes a v2 manifest list with exact ids and partition summaries', () => {
    const out = decodeManifestList(manifestListFile('s3://b/t/metadata/m1.avro'), table);
    assert.equal(out.formatVersion, 2);
    assert.equal(out.manifests.length, 1);
    const m = out.manifests[0];
    assert.equal(m.manifest_path, 's3://b/t/metadata/m1.avro');
    assert.equal(m.manifest_length, 4242);
    assert.equal(m.content, 'data');
    assert.equal(m.added_snapshot_id, BIG_SNAPSHOT_ID);
    assert.equal(m.sequence_number, BIG_SEQUENCE);
    assert.equal(m.min_sequence_number, 1);
    assert.equal(m.added_files_count, 2);
    assert.equal(m.added_rows_count, 5);
    assert.deepEqual(m.partitions, [{ field_id: 1000, name: 'ts_day', transform: 'day', contains_null: false, contains_nan: false, lower_bound: '2024-03-01', upper_bound: '2024-03-02' }]);
    const json = stringifyJson(out);
    assert.match(json, /"added_snapshot_id":9007199254740993\b/);
    assert.match(json, /"sequence_number":9007199254740995\b/);
  });

  it('recognises manifest lists and manifests by their headers', () => {
    const list = decodeAvroFile(manifestListFile('x'));
    assert.equal(icebergAvroKind(list.metadata, list.schema), 'manifest-list');
    const man = decodeAvroFile(manifestFile(['a', 'b']));
    assert.equal(icebergAvroKind(man.metadata, man.schema), 'manifest');
    assert.equal(icebergAvroKind({}, { name: 'other' }), null);
  });
});

describe('manifest', () => {
  const path = 's3://b/t/metadata/m1.avro';
  const decoded = decodeManifest(manifestFile(['s3://b/t/data/ts_day=2024-03-01/a.parquet', 's3://b/t/data/ts_day=2024-03-02/b.parquet']), table, path);

  it('reads the header: format, content, spec and schema ids, partition fields', () => {
    assert.equal(decoded.path, path);
    assert.equal(decoded.format_version, 2);
    assert.equal(decoded.content, 'data');
    assert.equal(decoded.partition_spec_id, 0);
    assert.equal(decoded.schema_id, 0);
    assert.deepEqual(decoded.partition_fields, [{ field_id: 1000, name: 'ts_day', transform: 'day', source_id: 3 }]);
    assert.equal(decoded.total_entries, 2);
    assert.equal(decoded.truncated, false);
  });

  it('entries: status, exact snapshot id, sequence numbers, sizes and partition values', () => {
    const [a, b] = decoded.entries;
    assert.equal(a.status, 'added');
    assert.equal(a.snapshot_id, BIG_SNAPSHOT_ID);
    assert.equal(a.sequence_number, BIG_SEQUENCE);
    assert.equal(a.file_sequence_number, BIG_SEQUENCE);
    assert.equal(b.sequence_number, null, 'inherited sequence numbers stay null');
    assert.equal(a.data_file.content, 'data');
    assert.equal(a.data_file.file_format, 'PARQUET');
    assert.equal(a.data_file.record_count, 3);
    assert.equal(a.data_file.file_size_in_bytes, BIG_FILE_SIZE);
    assert.deepEqual(a.data_file.partition, { ts_day: '2024-03-01' });
    assert.deepEqual(b.data_file.partition, { ts_day: '2024-03-02' });
    assert.deepEqual(a.data_file.split_offsets, [4]);
    assert.equal(a.data_file.sort_order_id, 0);
  });

  it('column stats: counts and lower/upper bounds decoded by field type', () => {
    const cols = new Map(decoded.entries[0].data_file.columns.map((c) => [c.name, c]));
    assert.deepEqual(cols.get('id'), { field_id: 1, name: 'id', type: 'long', column_size: 40, value_count: 3, null_value_count: 0, nan_value_count: null, lower_bound: -5, upper_bound: BIG_SNAPSHOT_ID });
    assert.equal(cols.get('name')?.lower_bound, 'apple');
    assert.equal(cols.get('name')?.upper_bound, 'pear');
    assert.equal(cols.get('name')?.null_value_count, 1);
    assert.equal(cols.get('ts')?.lower_bound, '2024-03-01T12:00:00.000001');
    assert.equal(cols.get('d')?.lower_bound, '2024-03-01');
    assert.equal(cols.get('price')?.lower_bound, '123.45');
    assert.equal(cols.get('uid')?.lower_bound, '00112233-4455-6677-8899-aabbccddeeff');
    assert.equal(cols.get('flag')?.lower_bound, false);
    assert.equal(cols.get('flag')?.upper_bound, true);
    assert.equal(cols.get('f')?.lower_bound, -1.5);
    assert.equal(cols.get('f')?.nan_value_count, 0);
    assert.equal(cols.get('dd')?.lower_bound, 0.25);
    assert.equal(cols.get('dd')?.nan_value_count, 1);
    assert.equal(cols.get('i')?.lower_bound, -7);
    assert.deepEqual(decoded.entries[0].data_file.columns.map((c) => c.field_id), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.match(stringifyJson(decoded), /"upper_bound":9007199254740993\b/);
  });

  it('pages entries and falls back to the table’s schema when the header has none', () => {
    const page = decodeManifest(manifestFile(['a', 'b']), table, path, { limit: 1, offset: 1 });
    assert.equal(page.entries.length, 1);
    assert.equal(page.offset, 1);
    assert.equal(page.total_entries, 2);
    assert.equal(page.truncated, false);
    assert.equal(decodeManifest(manifestFile(['a', 'b']), table, path, { limit: 1 }).truncated, true);

    const bare = encodeAvroFile(MANIFEST_ENTRY_SCHEMA, decodeAvroFile(manifestFile(['a', 'b'])).records, { 'format-version': '2' });
    const fromTable = decodeManifest(bare, table, path);
    assert.equal(fromTable.entries[0].data_file.columns.find((c) => c.field_id === 3)?.lower_bound, '2024-03-01T12:00:00.000001');
    assert.deepEqual(fromTable.entries[0].data_file.partition, { ts_day: '2024-03-01' });
  });
});
