import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyUpdates, checkRequirements } from '../../../src/server/iceberg/metadata/index.js';
import { parseJson, stringifyJson } from '../../../src/server/iceberg/json.js';
import type { TableMetadata, TableUpdate } from '../../../src/server/iceberg/metadata/types.js';
import { BIG, BIG2, NOW, deepFreeze, illegal, json, mainRef, snapshotUpdate, table } from './fixtures.js';

const T1 = NOW + 1000;
const T2 = NOW + 2000;
const apply = (base: TableMetadata, updates: TableUpdate[], now = NOW + 10_000) => applyUpdates(base, updates, now);
/** table with snapshot BIG (seq 1) on main */
const withOne = () => apply(table(), [snapshotUpdate(BIG, { ts: T1 }), mainRef(BIG)]);

describe('add-snapshot + set-snapshot-ref main', () => {
  test('append flow (PyIceberg): current snapshot, ref, log and sequence number', () => {
    const md = withOne();
    assert.equal(md['current-snapshot-id'], BIG);
    assert.deepEqual(md.refs, { main: { 'snapshot-id': BIG, type: 'branch' } });
    assert.deepEqual(md['snapshot-log'], [{ 'timestamp-ms': T1, 'snapshot-id': BIG }]);
    assert.equal(md['last-sequence-number'], 1);
    assert.equal(md.snapshots[0]['snapshot-id'], BIG);
  });

  test('int64 above 2^53 survives stringify → parse → next commit', () => {
    const text = stringifyJson(withOne());
    assert.match(text, /"current-snapshot-id":9007199254740993/);
    const reparsed = parseJson(text) as TableMetadata;
    assert.equal(reparsed['current-snapshot-id'], BIG);
    const body = parseJson(`{"requirements":[{"type":"assert-ref-snapshot-id","ref":"main","snapshot-id":9007199254740993}],
      "updates":[{"action":"add-snapshot","snapshot":{"snapshot-id":9223372036854775807,"parent-snapshot-id":9007199254740993,
      "sequence-number":2,"timestamp-ms":${T2},"manifest-list":"s3://m2","summary":{"operation":"append"}}},
      {"action":"set-snapshot-ref","ref-name":"main","type":"branch","snapshot-id":9223372036854775807}]}`) as { requirements: never[]; updates: TableUpdate[] };
    checkRequirements(reparsed, body.requirements);
    const next = apply(reparsed, body.updates);
    assert.equal(next['current-snapshot-id'], BIG2);
    assert.equal(next.snapshots[1]['parent-snapshot-id'], BIG);
    assert.match(stringifyJson(next), /"snapshot-id":9223372036854775807,"type":"branch"/);
  });

  test('bigint ids that are safe integers are stored as numbers', () => {
    const md = apply(table(), [snapshotUpdate(5n), mainRef(5n)]);
    assert.equal(md['current-snapshot-id'], 5);
    assert.equal(typeof md.snapshots[0]['snapshot-id'], 'number');
  });

  test('sequence number must advance when there is a parent (v2+)', () => {
    const md = withOne();
    illegal(() => apply(md, [snapshotUpdate(2, { parent: BIG, seq: 1 })]), 'Cannot add snapshot with sequence number 1 older than last sequence number 1');
    // parentless snapshots are allowed through, like Java
    assert.equal(apply(md, [snapshotUpdate(2, { seq: 2 })])['last-sequence-number'], 2);
    illegal(() => apply(md, [snapshotUpdate(BIG, { seq: 2 })]), `Snapshot already exists for id: ${BIG}`);
  });

  test('v1 snapshots keep sequence number 0', () => {
    const v1 = table({ 'format-version': '1' });
    const md = apply(v1, [snapshotUpdate(1, { seq: 0 }), mainRef(1)]);
    assert.equal('last-sequence-number' in md, false);
    assert.equal('sequence-number' in md.snapshots[0], false);
  });

  test('intermediate main snapshots of one commit are dropped from the log', () => {
    const md = apply(table(), [snapshotUpdate(1, { ts: T1 }), mainRef(1), snapshotUpdate(2, { parent: 1, seq: 2, ts: T2 }), mainRef(2)]);
    assert.deepEqual(md['snapshot-log'], [{ 'timestamp-ms': T2, 'snapshot-id': 2 }]);
    assert.equal(md['current-snapshot-id'], 2);
  });

  test('rollback to an existing snapshot is logged at commit time', () => {
    const two = apply(withOne(), [snapshotUpdate(2, { parent: BIG, seq: 2, ts: T2 }), mainRef(2)]);
    const back = apply(two, [mainRef(BIG)], NOW + 99_999);
    assert.deepEqual(back['snapshot-log'].at(-1), { 'timestamp-ms': NOW + 99_999, 'snapshot-id': BIG });
    assert.equal(back['current-snapshot-id'], BIG);
    assert.equal(back['last-updated-ms'], NOW + 99_999);
  });

  test('does not mutate the frozen base', () => {
    const base = deepFreeze(withOne());
    const before = json(base);
    apply(base, [snapshotUpdate(2, { parent: BIG, seq: 2 }), mainRef(2), { action: 'remove-snapshots', 'snapshot-ids': [BIG] }]);
    assert.equal(json(base), before);
  });

  test('requires schema/spec/order and a manifest list', () => {
    illegal(() => apply(table(), [{ action: 'add-snapshot', snapshot: { 'snapshot-id': 1, 'timestamp-ms': 1, summary: { operation: 'append' } } }]), /manifest-list/);
    illegal(() => apply(table(), [{ action: 'add-snapshot', snapshot: { 'snapshot-id': 1.5, 'timestamp-ms': 1, 'manifest-list': 'x' } }]), /long/);
  });
});

describe('v3 row lineage', () => {
  const v3 = () => table({ 'format-version': '3' });

  test('first-row-id defaults to next-row-id and next-row-id advances by added-rows', () => {
    const a = apply(v3(), [snapshotUpdate(1, { extra: { 'added-rows': 10 } }), mainRef(1)]);
    assert.equal(a.snapshots[0]['first-row-id'], 0);
    assert.equal(a['next-row-id'], 10);
    const b = apply(a, [snapshotUpdate(2, { parent: 1, seq: 2, extra: { 'first-row-id': 10, 'added-rows': 5 } }), mainRef(2)]);
    assert.equal(b.snapshots[1]['first-row-id'], 10);
    assert.equal(b['next-row-id'], 15);
  });

  test('next-row-id arithmetic above 2^53', () => {
    const base = { ...v3(), 'next-row-id': 9007199254740990 };
    const md = apply(base, [snapshotUpdate(1, { extra: { 'added-rows': 3 } })]);
    assert.equal(md['next-row-id'], BIG);
    assert.match(stringifyJson(md), /"next-row-id":9007199254740993/);
  });

  test('first-row-id behind next-row-id and missing added-rows are rejected', () => {
    const a = apply(v3(), [snapshotUpdate(1, { extra: { 'added-rows': 10 } })]);
    illegal(() => apply(a, [snapshotUpdate(2, { parent: 1, seq: 2, extra: { 'first-row-id': 3, 'added-rows': 1 } })]), 'Cannot add a snapshot, first-row-id is behind table next-row-id: 3 < 10');
    illegal(() => apply(a, [snapshotUpdate(2, { parent: 1, seq: 2 })]), /added-rows is null/);
  });
});

describe('refs', () => {
  test('branches and tags with retention, validation of unknown snapshots and main tags', () => {
    const md = apply(withOne(), [
      { action: 'set-snapshot-ref', 'ref-name': 'dev', type: 'branch', 'snapshot-id': BIG, 'min-snapshots-to-keep': 2, 'max-snapshot-age-ms': 1000, 'max-ref-age-ms': 5000 },
      { action: 'set-snapshot-ref', 'ref-name': 'v1', type: 'tag', 'snapshot-id': BIG, 'max-ref-age-ms': 5000 },
    ]);
    assert.deepEqual(md.refs.dev, { 'snapshot-id': BIG, type: 'branch', 'min-snapshots-to-keep': 2, 'max-snapshot-age-ms': 1000, 'max-ref-age-ms': 5000 });
    assert.deepEqual(md.refs.v1, { 'snapshot-id': BIG, type: 'tag', 'max-ref-age-ms': 5000 });
    assert.equal(md['snapshot-log'].length, 1); // only main changes the log
    assert.equal(apply(md, [{ action: 'set-snapshot-ref', 'ref-name': 'v1', type: 'tag', 'snapshot-id': BIG, 'max-ref-age-ms': 5000 }]), md);
    illegal(() => apply(md, [mainRef(BIG - 1n, 'x')]), `Cannot set x to unknown snapshot: ${BIG - 1n}`);
    illegal(() => apply(md, [mainRef(BIG, 'main', 'tag')]), 'Cannot set main to a tag, it must be a branch');
    illegal(() => apply(md, [{ action: 'set-snapshot-ref', 'ref-name': 't', type: 'tag', 'snapshot-id': BIG, 'min-snapshots-to-keep': 1 }]), 'Tags do not support setting minSnapshotsToKeep');
    illegal(() => apply(md, [{ ...mainRef(BIG, 'b'), 'max-ref-age-ms': 0 }]), /greater than 0/);
    illegal(() => apply(md, [mainRef(BIG, 'b', 'leaf')]), /Invalid snapshot ref type/);
  });

  test('remove-snapshot-ref main clears the current snapshot', () => {
    const md = apply(withOne(), [{ action: 'remove-snapshot-ref', 'ref-name': 'main' }]);
    assert.equal(md['current-snapshot-id'], -1);
    assert.deepEqual(md.refs, {});
    assert.equal(md.snapshots.length, 1);
    const v3 = apply(table({ 'format-version': '3' }), [snapshotUpdate(1, { extra: { 'added-rows': 1 } }), mainRef(1)]);
    assert.equal(apply(v3, [{ action: 'remove-snapshot-ref', 'ref-name': 'main' }])['current-snapshot-id'], null);
    const base = withOne();
    assert.equal(apply(base, [{ action: 'remove-snapshot-ref', 'ref-name': 'nope' }]), base);
  });
});

describe('remove-snapshots and statistics', () => {
  const stats = (id: bigint | number) => ({ 'snapshot-id': id, 'statistics-path': `s3://s/${id}.puffin`, 'file-size-in-bytes': 10, 'file-footer-size-in-bytes': 2, 'blob-metadata': [] });
  const pstats = (id: bigint | number) => ({ 'snapshot-id': id, 'statistics-path': `s3://s/${id}.parquet`, 'file-size-in-bytes': 10 });
  const twoSnaps = () => apply(withOne(), [
    snapshotUpdate(2, { parent: BIG, seq: 2, ts: T2 }), mainRef(2),
    { action: 'set-snapshot-ref', 'ref-name': 'old', type: 'tag', 'snapshot-id': BIG },
    { action: 'set-statistics', statistics: stats(BIG) },
    { action: 'set-partition-statistics', 'partition-statistics': pstats(BIG) },
    { action: 'set-statistics', statistics: stats(2) },
  ]);

  test('removing a snapshot drops refs to it, its statistics and older log history', () => {
    const md = apply(twoSnaps(), [{ action: 'remove-snapshots', 'snapshot-ids': [BIG] }]);
    assert.deepEqual(md.snapshots.map((s) => s['snapshot-id']), [2]);
    assert.deepEqual(Object.keys(md.refs), ['main']);
    assert.deepEqual(md.statistics.map((s) => s['snapshot-id']), [2]);
    assert.deepEqual(md['partition-statistics'], []);
    assert.deepEqual(md['snapshot-log'], [{ 'timestamp-ms': T2, 'snapshot-id': 2 }]);
  });

  test('removing the main snapshot clears current-snapshot-id', () => {
    const md = apply(twoSnaps(), [{ action: 'remove-snapshots', 'snapshot-ids': [2] }]);
    assert.equal(md['current-snapshot-id'], -1);
    assert.equal(md.refs.main, undefined);
    assert.deepEqual(Object.keys(md.refs), ['old']);
    assert.deepEqual(md['snapshot-log'], []);
  });

  test('removing unknown ids changes nothing', () => {
    const base = twoSnaps();
    assert.equal(apply(base, [{ action: 'remove-snapshots', 'snapshot-ids': [BIG2] }]), base);
  });

  test('set-statistics replaces per snapshot; remove variants', () => {
    const base = twoSnaps();
    const replaced = apply(base, [{ action: 'set-statistics', 'snapshot-id': BIG, statistics: { ...stats(BIG), 'file-size-in-bytes': 99 } }]);
    assert.equal(replaced.statistics.length, 2);
    assert.equal(replaced.statistics.find((s) => s['snapshot-id'] === BIG)?.['file-size-in-bytes'], 99);
    const removed = apply(base, [{ action: 'remove-statistics', 'snapshot-id': BIG }, { action: 'remove-partition-statistics', 'snapshot-id': BIG }]);
    assert.deepEqual(removed.statistics.map((s) => s['snapshot-id']), [2]);
    assert.deepEqual(removed['partition-statistics'], []);
    assert.equal(apply(base, [{ action: 'remove-statistics', 'snapshot-id': 12345 }]), base);
    illegal(() => apply(base, [{ action: 'set-statistics', statistics: { 'snapshot-id': 1 } }]), /statistics-path/);
  });
});
