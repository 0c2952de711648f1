// Iceberg single-value binary serialization (spec appendix D) decoded for display.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decodeBound,
  formatDate,
  formatDecimal,
  formatPartitionValue,
  formatTimestamp,
  indexFields,
  parsePrimitive,
  transformResultType,
} from '../../../src/server/inspect/bounds.js';

const le32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  return b;
};
const le64 = (n: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigInt64LE(n);
  return b;
};
const f32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeFloatLE(n);
  return b;
};
const f64 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(n);
  return b;
};

describe('decodeBound', () => {
  it('int and long, exact above 2^53, and a long promoted from int (4 bytes)', () => {
    assert.equal(decodeBound('int', le32(-42)), -42);
    assert.equal(decodeBound('int', le32(2147483647)), 2147483647);
    assert.equal(decodeBound('long', le64(123n)), 123);
    const big = 9007199254740993n; // 2^53 + 1: a double would round it
    assert.equal(decodeBound('long', le64(big)), big);
    assert.equal(decodeBound('long', le64(-9223372036854775808n)), -9223372036854775808n);
    assert.equal(decodeBound('long', le32(7)), 7);
  });

  it('boolean, float and double (NaN and infinities as text, a promoted float)', () => {
    assert.equal(decodeBound('boolean', Buffer.from([0])), false);
    assert.equal(decodeBound('boolean', Buffer.from([1])), true);
    assert.equal(decodeBound('float', f32(1.5)), 1.5);
    assert.equal(decodeBound('float', f32(NaN)), 'NaN');
    assert.equal(decodeBound('double', f64(-2.25)), -2.25);
    assert.equal(decodeBound('double', f64(Infinity)), 'Infinity');
    assert.equal(decodeBound('double', f64(-Infinity)), '-Infinity');
    assert.equal(decodeBound('double', f32(0.5)), 0.5);
  });

  it('string (UTF-8), uuid (16 bytes big-endian), binary and fixed as hex', () => {
    assert.equal(decodeBound('string', Buffer.from('Zürich ✓', 'utf8')), 'Zürich ✓');
    assert.equal(decodeBound('uuid', Buffer.from('f79c3e09677c4bbd8a6f7b2e1a5c1234', 'hex')), 'f79c3e09-677c-4bbd-8a6f-7b2e1a5c1234');
    assert.equal(decodeBound('binary', Buffer.from([0xde, 0xad])), '0xdead');
    assert.equal(decodeBound('fixed[3]', Buffer.from([1, 2, 3])), '0x010203');
  });

  it('date, time, timestamp, timestamptz and nanosecond timestamps', () => {
    assert.equal(decodeBound('date', le32(19783)), '2024-03-01');
    assert.equal(decodeBound('date', le32(-1)), '1969-12-31');
    assert.equal(decodeBound('time', le64(45296_000_001n)), '12:34:56.000001');
    const micros = 1709294400_123456n; // 2024-03-01T12:00:00.123456Z
    assert.equal(decodeBound('timestamp', le64(micros)), '2024-03-01T12:00:00.123456');
    assert.equal(decodeBound('timestamptz', le64(micros)), '2024-03-01T12:00:00.123456+00:00');
    assert.equal(decodeBound('timestamp', le64(-1n)), '1969-12-31T23:59:59.999999');
    assert.equal(decodeBound('timestamp_ns', le64(1709294400_123456789n)), '2024-03-01T12:00:00.123456789');
    assert.equal(decodeBound('timestamptz_ns', le64(1n)), '1970-01-01T00:00:00.000000001+00:00');
  });

  it('decimal: big-endian two’s complement of the unscaled value, minimal bytes', () => {
    assert.equal(decodeBound('decimal(9,2)', Buffer.from([0x30, 0x39])), '123.45'); // 12345
    assert.equal(decodeBound('decimal(9,2)', Buffer.from([0xcf, 0xc7])), '-123.45'); // -12345
    assert.equal(decodeBound('decimal(9,2)', Buffer.from([0x05])), '0.05');
    assert.equal(decodeBound('decimal(38,0)', Buffer.from('7fffffffffffffffffffffffffffffff', 'hex')), '170141183460469231731687303715884105727');
    assert.equal(decodeBound('decimal(10,3)', Buffer.from([0xff])), '-0.001');
    assert.equal(formatDecimal(Buffer.from([0x01]), 0), '1');
  });

  it('falls back to hex for wrong lengths, unknown and nested types', () => {
    assert.equal(decodeBound('int', Buffer.from([1, 2])), '0x0102');
    assert.equal(decodeBound('variant', Buffer.from([9])), '0x09');
    assert.equal(decodeBound({ type: 'struct', fields: [] }, Buffer.from([9])), '0x09');
    assert.equal(decodeBound(undefined, Buffer.from([9])), '0x09');
  });
});

describe('types, transforms and partition values', () => {
  it('parses primitive type names', () => {
    assert.deepEqual(parsePrimitive('decimal(9, 2)'), { kind: 'decimal', precision: 9, scale: 2 });
    assert.deepEqual(parsePrimitive('fixed[16]'), { kind: 'fixed', length: 16 });
    assert.deepEqual(parsePrimitive('long'), { kind: 'long' });
  });

  it('knows each transform’s result type', () => {
    assert.equal(transformResultType('identity', 'string'), 'string');
    assert.equal(transformResultType('bucket[16]', 'string'), 'int');
    assert.equal(transformResultType('truncate[4]', 'string'), 'string');
    assert.equal(transformResultType('day', 'timestamp'), 'date');
    assert.equal(transformResultType('hour', 'timestamptz'), 'int');
  });

  it('names partition values the way Iceberg partition paths do', () => {
    assert.equal(formatPartitionValue('year', 'timestamp', 54), '2024');
    assert.equal(formatPartitionValue('month', 'timestamp', 650), '2024-03');
    assert.equal(formatPartitionValue('month', 'date', -1), '1969-12');
    assert.equal(formatPartitionValue('day', 'timestamp', 19783), '2024-03-01');
    assert.equal(formatPartitionValue('hour', 'timestamp', 19783 * 24 + 12), '2024-03-01-12');
    assert.equal(formatPartitionValue('identity', 'timestamp', 1709294400_000000n), '2024-03-01T12:00:00.000000');
    assert.equal(formatPartitionValue('identity', 'decimal(9,2)', Buffer.from([0x30, 0x39])), '123.45');
    assert.equal(formatPartitionValue('identity', 'long', 9007199254740993n), 9007199254740993n);
    assert.equal(formatPartitionValue('bucket[8]', 'string', 3), 3);
    assert.equal(formatPartitionValue('identity', 'string', null), null);
  });

  it('formats dates far from the epoch', () => {
    assert.equal(formatDate(0), '1970-01-01');
    assert.equal(formatDate(-719162), '0001-01-01');
    assert.equal(formatDate(2932896), '9999-12-31');
    assert.equal(formatTimestamp(0n, 6, true), '1970-01-01T00:00:00.000000+00:00');
  });

  it('indexes nested schema fields by id with dotted names', () => {
    const idx = indexFields({
      type: 'struct',
      fields: [
        { id: 1, name: 'id', required: true, type: 'long' },
        { id: 2, name: 'address', required: false, type: { type: 'struct', fields: [{ id: 3, name: 'city', required: false, type: 'string' }] } },
        { id: 4, name: 'tags', required: false, type: { type: 'list', 'element-id': 5, element: 'string', 'element-required': false } },
        { id: 6, name: 'props', required: false, type: { type: 'map', 'key-id': 7, key: 'string', 'value-id': 8, value: 'int', 'value-required': false } },
      ],
    });
    assert.deepEqual([...idx.values()].map((f) => `${f.id}:${f.name}`), ['1:id', '2:address', '3:address.city', '4:tags', '5:tags.element', '6:props', '7:props.key', '8:props.value']);
    assert.equal(idx.get(8)?.type, 'int');
  });
});
