import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalLocation, isWithin, LocationError, overlaps } from '../../../src/server/storage/locations.js';

const uri = (l: string, opts?: { s3Bucket?: string }) => canonicalLocation(l, opts).uri;

test('canonical form folds spellings of one place', () => {
  assert.equal(uri('/data/wh/t/'), 'file:///data/wh/t');
  assert.equal(uri('file:/data/wh/t'), 'file:///data/wh/t');
  assert.equal(uri('file:///data/wh/t'), 'file:///data/wh/t');
  assert.equal(uri('file://localhost/data/wh/t'), 'file:///data/wh/t');
  assert.equal(uri('FILE:///data/my%20wh/t'), 'file:///data/my wh/t');
  assert.equal(uri('s3a://bucket/wh/t'), 's3://bucket/wh/t');
  assert.equal(uri('s3n://bucket/wh/t/'), 's3://bucket/wh/t');
  assert.equal(uri('s3://any/wh/t', { s3Bucket: 'real' }), 's3://real/wh/t');
  assert.equal(uri('abfss://c@acct.dfs.core.windows.net/wh'), 'abfs://c@acct/wh');
  assert.equal(uri('wasbs://c@ACCT.blob.core.windows.net/wh'), 'abfs://c@acct/wh');
  assert.equal(uri('gs://bucket/wh'), 'gs://bucket/wh');
});

test('ambiguous or escaping forms are refused', () => {
  for (const bad of [
    'file:///data/wh/../other',
    'file:///data/wh/%2e%2e/other',
    'file:///data/wh/%2E./other',
    'file:///data/wh/a%2F..%2F..%2Fx',
    'file:///data/wh/./t',
    'file:///data//wh',
    's3://bucket/wh/../x',
    's3://bucket/wh/%2e%2e/x',
    's3://bucket//wh',
    'file://otherhost/data',
    'relative/path',
    'hdfs://nn/x',
    'abfss://acct.dfs.core.windows.net/wh',
    's3:///nobucket',
    ' /data/wh',
    '/data/wh\u0000x',
    '',
  ]) {
    assert.throws(() => canonicalLocation(bad), LocationError, bad);
  }
});

test('inside is by segments, not by string prefix', () => {
  const wh = canonicalLocation('file:///data/wh');
  assert.ok(isWithin(canonicalLocation('/data/wh/t'), wh));
  assert.ok(isWithin(canonicalLocation('/data/wh'), wh));
  assert.ok(!isWithin(canonicalLocation('/data/wh-sibling/t'), wh));
  assert.ok(!isWithin(canonicalLocation('/data'), wh));
  assert.ok(!isWithin(canonicalLocation('s3://data/wh/t'), wh));
  assert.ok(isWithin(canonicalLocation('s3a://b/wh/t'), canonicalLocation('s3://b/wh')));
  assert.ok(!isWithin(canonicalLocation('s3://other/wh/t'), canonicalLocation('s3://b/wh')));
  assert.ok(overlaps(canonicalLocation('/data'), wh));
  assert.ok(!overlaps(canonicalLocation('/data/a'), canonicalLocation('/data/ab')));
});

test('table files must lie below the table location (what the inspector asks)', () => {
  const below = (file: string, base: string): boolean => {
    try {
      const f = canonicalLocation(file);
      const b = canonicalLocation(base);
      return isWithin(f, b) && f.segments.length > b.segments.length;
    } catch {
      return false;
    }
  };
  const base = 's3://b/wh/db/t';
  assert.ok(below('s3://b/wh/db/t/metadata/snap-1.avro', base));
  assert.ok(below('s3a://b/wh/db/t/data/x.parquet', base));
  assert.ok(below('file:///lake/db/t/data/x.parquet', '/lake/db/t'));
  for (const p of ['s3://b/wh/db/t2/data/x.parquet', 's3://b/wh/db/t/../t2/x', 's3://other/wh/db/t/x', '/etc/passwd', 's3://b/wh/db/t', 'file:///lake/db/t/%2e%2e/u/x']) {
    assert.ok(!below(p, p.startsWith('file') ? 'file:///lake/db/t' : base), p);
  }
});
