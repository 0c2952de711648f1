// Bucket browser helpers: breadcrumbs, parent folders, sizes, and the buckets route.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { breadcrumbs, formatBytes, parentPrefix, previewKind } from '../../../src/renderer/src/lib/bucket-path.js';
import { formatRoute, parseRoute } from '../../../src/renderer/src/lib/routes.js';

describe('bucket paths', () => {
  test('breadcrumbs: the warehouse, then one per folder', () => {
    assert.deepEqual(breadcrumbs('', 'lake'), [{ label: 'lake', prefix: '' }]);
    assert.deepEqual(breadcrumbs('db/events/', 'lake'), [
      { label: 'lake', prefix: '' },
      { label: 'db', prefix: 'db/' },
      { label: 'events', prefix: 'db/events/' },
    ]);
  });

  test('parent folders', () => {
    assert.equal(parentPrefix('db/events/'), 'db/');
    assert.equal(parentPrefix('db/'), '');
    assert.equal(parentPrefix(''), '');
  });

  test('sizes for people, exact below 1 KB; int64 sizes too', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(1023), '1023 B');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(5 * 1024 * 1024), '5.0 MB');
    assert.equal(formatBytes(300 * 1024 * 1024 * 1024), '300 GB');
    assert.equal(formatBytes(9007199254741001n), '8.0 PB');
    assert.equal(formatBytes(null), '—');
  });

  test('preview kinds by name', () => {
    assert.equal(previewKind('00001-x.metadata.json'), 'json');
    assert.equal(previewKind('snap-1.avro'), 'avro');
    assert.equal(previewKind('part.PARQUET'), 'parquet');
    assert.equal(previewKind('version-hint.text'), 'text');
    assert.equal(previewKind('blob'), 'other');
  });

  test('the buckets route round-trips warehouse, prefix and key', () => {
    const r = { page: 'buckets' as const, warehouse: 'my lake', prefix: 'db/ev ents/', key: 'db/ev ents/a&b=c.json' };
    assert.deepEqual(parseRoute(formatRoute(r)), r);
    assert.deepEqual(parseRoute('#/buckets'), { page: 'buckets' });
    assert.equal(formatRoute({ page: 'buckets' }), '#/buckets');
  });
});
