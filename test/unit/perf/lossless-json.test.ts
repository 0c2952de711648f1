// The fast compact serialiser must write exactly what lossless-json writes, bigints
// included, and splice remembered text only for the objects it was remembered for.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { stringify } from 'lossless-json';
import { parseJson, rememberJsonText, stringifyJson } from '../../../src/shared/lossless-json.js';

const cases: [string, unknown][] = [
  ['primitives', [1, -0, 1.5, 'x', true, false, null, Number.NaN, Number.POSITIVE_INFINITY]],
  ['bigints at every depth', { a: 9223372036854775807n, b: [1n, { c: -9007199254740993n }], d: { e: { f: { g: 12345678901234567890n } } } }],
  ['undefined, functions and symbols', { a: undefined, b: () => 1, c: Symbol('s'), d: [undefined, () => 1, Symbol('t')], e: { f: undefined } }],
  ['toJSON and wrappers', { d: new Date(0), n: [Object(1), Object('s'), Object(true)], t: { toJSON: () => ({ x: 1n }) } }],
  ['strings that look like the bigint marker', { a: '\u0000int64:5', b: 7n, c: { d: '"\u0000int64:1"', e: [8n, '\u0000int64:9'] } }],
  ['escapes and unicode', { 'k"\\\n': 'v"\\\n\u2028\ud83d\ude00', '\u0000': '\u0001' }],
  ['__proto__ key', parseJson('{"__proto__":{"x":1},"y":2}')],
  ['empty containers', { a: {}, b: [], c: [[], {}], d: '' }],
];

describe('stringifyJson (compact)', () => {
  for (const [name, value] of cases) {
    test(`same text as lossless-json: ${name}`, () => {
      assert.equal(stringifyJson(value), stringify(value));
    });
  }

  test('table metadata with int64 ids round-trips exactly', () => {
    const text = JSON.stringify({
      'format-version': 2,
      snapshots: [1, 2, 3].map((i) => ({ 'snapshot-id': `@${i}`, summary: { operation: 'append' } })),
      refs: { main: { 'snapshot-id': '@3', type: 'branch' } },
    }).replace(/"@(\d)"/g, (_m, d: string) => `922337203685477580${d}`);
    assert.equal(stringifyJson(parseJson(text)), text);
  });

  test('remembered text is spliced for that object only, at the top and one level down', () => {
    const meta = Object.freeze({ a: 1, b: 2n });
    rememberJsonText(meta, '{"a":1,   "b":2}');
    assert.equal(stringifyJson(meta), '{"a":1,   "b":2}');
    assert.equal(stringifyJson({ metadata: meta, config: {} }), '{"metadata":{"a":1,   "b":2},"config":{}}');
    assert.equal(stringifyJson({ ...meta }), '{"a":1,"b":2}');
  });

  test('indent still goes through lossless-json', () => {
    assert.equal(stringifyJson({ a: [1n] }, 2), '{\n  "a": [\n    1\n  ]\n}');
  });

  test('nothing to serialise throws like before', () => {
    assert.throws(() => stringifyJson(undefined), TypeError);
  });

  test('BigInt.prototype is left as it was', () => {
    stringifyJson({ a: { b: 1n } });
    assert.equal(Object.getOwnPropertyDescriptor(BigInt.prototype, 'toJSON'), undefined);
  });
});
