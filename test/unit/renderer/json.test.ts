import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareInt64, formatInt64, parseApiJson, stringifyApiJson } from '../../../src/renderer/src/lib/json.js';

describe('lossless API JSON', () => {
  test('ids above 2^53 keep every digit (JSON.parse would round them)', () => {
    const text = '{"snapshot-id":9007199254740993,"big":-6878358347812219407}';
    assert.equal((JSON.parse(text) as { 'snapshot-id': number })['snapshot-id'], 9007199254740992, 'JSON.parse loses the last digit');
    const v = parseApiJson(text) as { 'snapshot-id': unknown; big: unknown };
    assert.equal(v['snapshot-id'], 9007199254740993n);
    assert.equal(v.big, -6878358347812219407n);
    assert.equal(formatInt64(v['snapshot-id'] as bigint), '9007199254740993');
  });

  test('safe integers and decimals stay numbers', () => {
    const v = parseApiJson('{"a":1,"b":9007199254740991,"c":1.5,"d":[0,-3]}') as Record<string, unknown>;
    assert.deepEqual(v, { a: 1, b: 9007199254740991, c: 1.5, d: [0, -3] });
    assert.equal(typeof v.b, 'number');
  });

  test('stringify writes bigints exactly and round-trips', () => {
    const text = '{"ids":[9223372036854775807,1],"s":"x"}';
    assert.equal(stringifyApiJson(parseApiJson(text)), text);
    assert.match(stringifyApiJson({ id: 12345678901234567890n }, 2), /"id": 12345678901234567890/);
  });

  test('compareInt64 orders ids that doubles cannot tell apart', () => {
    assert.equal(compareInt64(9007199254740993n, 9007199254740992), 1);
    assert.equal(compareInt64(5, 5n), 0);
    assert.equal(compareInt64(-1, 2n), -1);
  });

  test('formatInt64 shows a dash for missing values', () => {
    assert.equal(formatInt64(null), '—');
    assert.equal(formatInt64(42), '42');
  });
});
