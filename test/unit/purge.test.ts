// Purge's pure parts: bounded parallelism, and the report as header and audit detail.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapBounded } from '../../src/server/iceberg/services/bounded.js';
import { emptyPurgeReport, purgeComplete, purgeDetail, purgeHeader } from '../../src/server/iceberg/services/purge-report.js';

describe('purge helpers', () => {
  it('mapBounded runs every item with at most `limit` in flight', async () => {
    let active = 0;
    let peak = 0;
    const done: number[] = [];
    await mapBounded([...Array(50).keys()], 4, async (i) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, i % 3));
      done.push(i);
      active--;
    });
    assert.equal(peak, 4);
    assert.deepEqual(done.sort((a, b) => a - b), [...Array(50).keys()]);
    await mapBounded([], 16, async () => assert.fail('no items, no calls'));
  });

  it('reports counts in the header and the first locations of each problem in the detail', () => {
    const r = emptyPurgeReport();
    r.deleted = 12;
    assert.equal(purgeHeader(r), 'deleted=12; missing=0; refused=0; failed=0; unreadable=0');
    assert.ok(purgeComplete(r));
    assert.equal(purgeDetail(r), purgeHeader(r));
    r.missing = ['s3://b/t/data/1.parquet', 's3://b/t/data/2.parquet', 's3://b/t/data/3.parquet'];
    r.failed = [{ location: 's3://b/t/data/4.parquet', message: 'x'.repeat(300) }];
    assert.ok(!purgeComplete(r));
    const d = purgeDetail(r, 2);
    assert.match(d, /^deleted=12; missing=3; refused=0; failed=1; unreadable=0; failed: s3:\/\/b\/t\/data\/4\.parquet \(x{200}…\); missing: s3:\/\/b\/t\/data\/1\.parquet, s3:\/\/b\/t\/data\/2\.parquet \(\+1 more\)$/);
  });
});
