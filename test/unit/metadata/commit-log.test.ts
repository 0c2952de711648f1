import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyUpdates, finalizeCommit, metadataFileLocation, nextMetadataFileName } from '../../../src/server/iceberg/metadata/index.js';
import type { TableMetadata } from '../../../src/server/iceberg/metadata/types.js';
import { NOW, deepFreeze, json, table } from './fixtures.js';

const U = '0f0e0d0c-0000-4000-8000-000000000001';
const loc = (v: number) => `s3://b/wh/t/metadata/${String(v).padStart(5, '0')}-${U}.metadata.json`;

/** Commits `n` property changes, finalizing each like the catalog does. */
function history(n: number, props: Record<string, string> = {}): { md: TableMetadata; evicted: string[][] } {
  let md = applyUpdates(table(), [{ action: 'set-properties', updates: props }], NOW);
  if (Object.keys(props).length === 0) md = table();
  const evicted: string[][] = [];
  for (let i = 0; i < n; i++) {
    const next = applyUpdates(md, [{ action: 'set-properties', updates: { step: String(i) } }], NOW + i + 1);
    const done = finalizeCommit(md, next, { previousMetadataLocation: loc(i), nowMs: NOW + i + 1 });
    evicted.push(done.evicted);
    md = done.metadata;
  }
  return { md, evicted };
}

describe('finalizeCommit', () => {
  test('appends the previous file with the base timestamp', () => {
    const base = deepFreeze(table());
    const next = applyUpdates(base, [{ action: 'set-properties', updates: { a: 'b' } }], NOW + 7);
    const before = json(next);
    const done = finalizeCommit(base, next, { previousMetadataLocation: loc(0), nowMs: NOW + 7 });
    assert.deepEqual(done.metadata['metadata-log'], [{ 'timestamp-ms': NOW, 'metadata-file': loc(0) }]);
    assert.deepEqual(done.evicted, []);
    assert.equal(done.deleteAfterCommit, false);
    assert.equal(json(next), before);
  });

  test('an unchanged commit (applyUpdates returned base) is flagged and logs nothing', () => {
    const base = table();
    const next = applyUpdates(base, [{ action: 'set-properties', updates: {} }], NOW + 1);
    const done = finalizeCommit(base, next, { previousMetadataLocation: loc(0) });
    assert.equal(done.unchanged, true);
    assert.equal(done.metadata, base);
    assert.equal(finalizeCommit(base, table({ a: 'b' }), { previousMetadataLocation: loc(0) }).unchanged, false);
  });

  test('no previous location (create) leaves the log alone', () => {
    const md = table();
    assert.deepEqual(finalizeCommit(undefined, md, {}).metadata['metadata-log'], []);
  });

  test('trims to write.metadata.previous-versions-max and reports evicted files', () => {
    const { md, evicted } = history(5, { 'write.metadata.previous-versions-max': '2', 'write.metadata.delete-after-commit.enabled': 'TRUE' });
    assert.deepEqual(md['metadata-log'].map((e) => e['metadata-file']), [loc(3), loc(4)]);
    assert.deepEqual(evicted, [[], [], [loc(0)], [loc(1)], [loc(2)]]);
    const done = finalizeCommit(md, md, { previousMetadataLocation: loc(5) });
    assert.equal(done.deleteAfterCommit, true);
  });

  test('default maximum is 100 and a max below 1 keeps one entry', () => {
    assert.equal(history(103).md['metadata-log'].length, 100);
    assert.equal(history(3, { 'write.metadata.previous-versions-max': '0' }).md['metadata-log'].length, 1);
  });
});

describe('metadata file names', () => {
  test('nextMetadataFileName', () => {
    assert.equal(nextMetadataFileName(undefined, U), `00000-${U}.metadata.json`);
    assert.equal(nextMetadataFileName(loc(41), U), `00042-${U}.metadata.json`);
    assert.equal(nextMetadataFileName(`s3://b/t/metadata/99999-${U}.metadata.json`, U), `100000-${U}.metadata.json`);
    assert.equal(nextMetadataFileName('s3://b/t/metadata/v3.metadata.json', U), `00000-${U}.metadata.json`);
    assert.equal(nextMetadataFileName('s3://b/t/metadata/abc-def.metadata.json', U), `00000-${U}.metadata.json`);
  });

  test('metadataFileLocation never doubles slashes and honours write.metadata.path', () => {
    assert.equal(metadataFileLocation('s3://b/t', 'f.json'), 's3://b/t/metadata/f.json');
    assert.equal(metadataFileLocation('s3://b/t//', 'f.json'), 's3://b/t/metadata/f.json');
    assert.equal(metadataFileLocation('s3://b/t', 'f.json', { 'write.metadata.path': 's3://m/x/' }), 's3://m/x/f.json');
  });
});
