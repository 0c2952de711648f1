// File previews (JSON, Avro, Parquet, text, binary) and the fences that keep browsing
// inside a warehouse or table location.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { stringifyJson } from '../../../src/server/iceberg/json.js';
import { checkKey, keyOf, locationRoot } from '../../../src/server/inspect/locations.js';
import { nodeCompressors, previewParquet } from '../../../src/server/inspect/parquet.js';
import { contentTypeFor, detectFormat, previewFile, JSON_PREVIEW_BYTES, TEXT_PREVIEW_BYTES } from '../../../src/server/inspect/preview.js';
import { manifestFile } from './fixtures.js';

const data = (name: string) => readFileSync(new URL(`./data/${name}`, import.meta.url));
const input = (name: string, bytes: Uint8Array, limit?: number) => ({ key: `k/${name}`, name, size: bytes.length, lastModified: null, bytes, limit, compressors: nodeCompressors() });

describe('Parquet preview', () => {
  it('reads the footer (schema with field ids, row groups, stats) and the first rows', async () => {
    const { preview, truncated } = await previewParquet(data('sample-snappy.parquet'), { limit: 10, compressors: nodeCompressors() });
    assert.equal(truncated, false);
    assert.equal(preview.num_rows, 3);
    assert.deepEqual(preview.columns, ['id', 'name', 'ts', 'd', 'price', 'flag', 'score']);
    assert.deepEqual(preview.schema.map((s) => [s.path, s.field_id, s.type]), [
      ['id', 1, 'INT64'],
      ['name', 2, 'BYTE_ARRAY'],
      ['ts', 3, 'INT64'],
      ['d', 4, 'INT32'],
      ['price', 5, 'FIXED_LEN_BYTE_ARRAY'],
      ['flag', 6, 'BOOLEAN'],
      ['score', 7, 'DOUBLE'],
    ]);
    assert.equal(preview.schema[2].logical_type, 'TIMESTAMP(MICROS)');
    assert.equal(preview.row_groups.length, 2);
    assert.equal(preview.row_groups[0].columns[0].codec, 'SNAPPY');
    assert.equal(preview.row_groups[0].columns[0].max, 9007199254740993n);
    assert.equal(preview.rows_error, null);
    assert.deepEqual(preview.rows[0], { id: 9007199254740993n, name: 'alpha', ts: '2024-03-01T12:00:00.123456', d: '2024-03-01', price: 123.45, flag: true, score: 0.5 });
    assert.equal(preview.rows[2].name, null);
    assert.match(stringifyJson(preview), /"id":9007199254740993\b/);
    assert.match(preview.key_value_metadata['ARROW:schema'], /^\(Arrow IPC schema/);
  });

  it('limits rows and says so', async () => {
    const p = await previewFile(input('a.parquet', data('sample-snappy.parquet'), 1));
    assert.equal(p.format, 'parquet');
    assert.equal(p.truncated, true);
    assert.equal(p.parquet?.rows.length, 1);
    assert.match(p.note ?? '', /first 1 of 3 rows/);
  });

  it('a codec it cannot decompress still shows the footer and explains why rows are missing', async () => {
    const compressors = nodeCompressors();
    const p = await previewFile(input('z.parquet', data('sample-zstd.parquet')));
    assert.equal(p.parquet?.schema.length, 7);
    assert.equal(p.parquet?.row_groups[0].columns[0].codec, 'ZSTD');
    if (compressors.ZSTD) {
      assert.equal(p.parquet?.rows.length, 3);
    } else {
      assert.equal(p.parquet?.rows.length, 0);
      assert.match(p.parquet?.rows_error ?? '', /ZSTD/);
      assert.match(p.note ?? '', /ZSTD/);
    }
  });
});

describe('file previews', () => {
  it('JSON is parsed losslessly; invalid JSON falls back to text', async () => {
    const p = await previewFile(input('v1.metadata.json', Buffer.from('{"current-snapshot-id": 9007199254740993, "x": [1, 2.5]}')));
    assert.equal(p.format, 'json');
    assert.deepEqual(p.json, { 'current-snapshot-id': 9007199254740993n, x: [1, 2.5] });
    assert.equal(p.truncated, false);
    const bad = await previewFile(input('bad.json', Buffer.from('{nope')));
    assert.equal(bad.format, 'text');
    assert.match(bad.note ?? '', /Not valid JSON/);
  });

  it('large JSON is cut as text, large text is cut, binary is a hex dump', async () => {
    const big = Buffer.from(`[${'1,'.repeat(JSON_PREVIEW_BYTES / 2)}1]`);
    const p = await previewFile(input('big.json', big));
    assert.equal(p.format, 'text');
    assert.equal(p.truncated, true);
    assert.equal(p.text?.length, TEXT_PREVIEW_BYTES);
    const bin = await previewFile(input('x.bin', Buffer.from([0, 1, 2, 0x41, 0xff])));
    assert.equal(bin.format, 'binary');
    assert.match(bin.hex ?? '', /^00000000 {2}00 01 02 41 ff +\.\.\.A\.$/);
  });

  it('Avro files are decoded and Iceberg manifests recognised', async () => {
    const p = await previewFile(input('m.avro', manifestFile(['a', 'b']), 1));
    assert.equal(p.format, 'avro');
    assert.equal(p.avro?.iceberg_kind, 'manifest');
    assert.equal(p.avro?.total_records, 2);
    assert.equal(p.avro?.records.length, 1);
    assert.equal(p.truncated, true);
    const rec = p.avro?.records[0] as { snapshot_id: unknown; data_file: { lower_bounds: { value: unknown }[] } };
    assert.equal(rec.snapshot_id, 9007199254740993n);
    assert.match(String(rec.data_file.lower_bounds[0].value), /^0x/);
    assert.equal(p.avro?.metadata['format-version'], '2');
  });

  it('detects formats by name, then by content; never serves HTML as HTML', () => {
    assert.equal(detectFormat('x.parquet', Buffer.from('')), 'parquet');
    assert.equal(detectFormat('noext', Buffer.from('PAR1....PAR1')), 'parquet');
    assert.equal(detectFormat('snap-1.avro', Buffer.from('')), 'avro');
    assert.equal(detectFormat('noext', Buffer.from('{"a":1}')), 'json');
    assert.equal(detectFormat('version-hint.text', Buffer.from('3')), 'text');
    assert.equal(detectFormat('x.bin', Buffer.from([0, 1])), 'binary');
    assert.equal(contentTypeFor('v1.metadata.json'), 'application/json');
    assert.equal(contentTypeFor('a.html'), 'text/plain; charset=utf-8');
    assert.equal(contentTypeFor('a.parquet'), 'application/vnd.apache.parquet');
    assert.equal(contentTypeFor('README'), 'application/octet-stream');
  });
});

describe('location fences', () => {
  it('keys stay below the warehouse location', () => {
    for (const k of ['a/b.json', 'a/', 'a b/c%20d', 'x..y/z']) checkKey(k, { local: true, prefix: true });
    const refused: [string, RegExp][] = [
      ['../secret', /"\." and "\.\."/],
      ['a/../../b', /"\." and "\.\."/],
      ['a/./b', /"\." and "\.\."/],
      ['%2e%2e/b', /"\." and "\.\."/],
      ['a%2fb', /encoded "\/"/],
      ['/etc/passwd', /relative/],
      ['C:\\x', /relative/],
      ['s3://other-bucket/x', /not a URI/],
      ['file:///etc/passwd', /not a URI/],
      ['a\\..\\b', /"\/"/],
      ['a//b', /empty folder/],
      ['a\u0000b', /control/],
    ];
    for (const [k, why] of refused) {
      assert.throws(() => checkKey(k, { local: true }), (e: Error & { code?: number }) => e.code === 400 && why.test(e.message), k);
    }
    // On object stores ".." is refused too, though it is only a name there.
    assert.throws(() => checkKey('a/../b', { local: false }), /"\." and "\.\."/);
    checkKey('a//b', { local: false });
    assert.throws(() => checkKey('', { local: true }), /empty/);
    assert.throws(() => checkKey('a/', { local: true }), /folder/);
  });

  it('roots and keys of listed locations', () => {
    assert.equal(locationRoot('file:///tmp/lake'), 'file:///tmp/lake/');
    assert.equal(locationRoot('/tmp/lake/'), 'file:///tmp/lake/');
    assert.equal(locationRoot('s3://b/wh'), 's3://b/wh/');
    assert.equal(keyOf('s3://b/wh/', 's3://b/wh/a/b.json'), 'a/b.json');
    assert.equal(keyOf('s3://b/wh/', 's3://b/wh/a/'), 'a/');
    assert.equal(keyOf('s3://b/wh/', 's3://b/other/x'), undefined);
  });

});
