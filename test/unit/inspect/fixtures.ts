// Iceberg v2 manifest list and manifest files written with avsc, following the table
// spec's Avro schemas (field ids, k/v arrays for stats maps, "null" unions), for tests.
import { encodeAvroFile } from '../../../src/server/inspect/avro.js';

/** A table schema covering every bound type the inspector decodes. */
export const TABLE_SCHEMA = {
  type: 'struct',
  'schema-id': 0,
  fields: [
    { id: 1, name: 'id', required: true, type: 'long' },
    { id: 2, name: 'name', required: false, type: 'string' },
    { id: 3, name: 'ts', required: false, type: 'timestamp' },
    { id: 4, name: 'd', required: false, type: 'date' },
    { id: 5, name: 'price', required: false, type: 'decimal(9,2)' },
    { id: 6, name: 'uid', required: false, type: 'uuid' },
    { id: 7, name: 'flag', required: false, type: 'boolean' },
    { id: 8, name: 'f', required: false, type: 'float' },
    { id: 9, name: 'dd', required: false, type: 'double' },
    { id: 10, name: 'i', required: false, type: 'int' },
  ],
};

export const PARTITION_SPEC = { 'spec-id': 0, fields: [{ name: 'ts_day', transform: 'day', 'source-id': 3, 'field-id': 1000 }] };

export const MANIFEST_FILE_SCHEMA = {
  type: 'record',
  name: 'manifest_file',
  fields: [
    { name: 'manifest_path', type: 'string', 'field-id': 500 },
    { name: 'manifest_length', type: 'long', 'field-id': 501 },
    { name: 'partition_spec_id', type: 'int', 'field-id': 502 },
    { name: 'content', type: 'int', 'field-id': 517 },
    { name: 'sequence_number', type: 'long', 'field-id': 515 },
    { name: 'min_sequence_number', type: 'long', 'field-id': 516 },
    { name: 'added_snapshot_id', type: 'long', 'field-id': 503 },
    { name: 'added_files_count', type: 'int', 'field-id': 504 },
    { name: 'existing_files_count', type: 'int', 'field-id': 505 },
    { name: 'deleted_files_count', type: 'int', 'field-id': 506 },
    { name: 'added_rows_count', type: 'long', 'field-id': 512 },
    { name: 'existing_rows_count', type: 'long', 'field-id': 513 },
    { name: 'deleted_rows_count', type: 'long', 'field-id': 514 },
    {
      name: 'partitions',
      type: [
        'null',
        {
          type: 'array',
          'element-id': 508,
          items: {
            type: 'record',
            name: 'r508',
            fields: [
              { name: 'contains_null', type: 'boolean', 'field-id': 509 },
              { name: 'contains_nan', type: ['null', 'boolean'], default: null, 'field-id': 518 },
              { name: 'lower_bound', type: ['null', 'bytes'], default: null, 'field-id': 510 },
              { name: 'upper_bound', type: ['null', 'bytes'], default: null, 'field-id': 511 },
            ],
          },
        },
      ],
      default: null,
      'field-id': 507,
    },
    { name: 'key_metadata', type: ['null', 'bytes'], default: null, 'field-id': 519 },
  ],
};

const kv = (name: string, keyId: number, valueId: number, value: unknown) => ({
  type: [
    'null',
    {
      type: 'array',
      logicalType: 'map',
      items: { type: 'record', name: `k${keyId}_v${valueId}`, fields: [{ name: 'key', type: 'int', 'field-id': keyId }, { name: 'value', type: value, 'field-id': valueId }] },
    },
  ],
  default: null,
  name,
});

export const MANIFEST_ENTRY_SCHEMA = {
  type: 'record',
  name: 'manifest_entry',
  fields: [
    { name: 'status', type: 'int', 'field-id': 0 },
    { name: 'snapshot_id', type: ['null', 'long'], default: null, 'field-id': 1 },
    { name: 'sequence_number', type: ['null', 'long'], default: null, 'field-id': 3 },
    { name: 'file_sequence_number', type: ['null', 'long'], default: null, 'field-id': 4 },
    {
      name: 'data_file',
      'field-id': 2,
      type: {
        type: 'record',
        name: 'r2',
        fields: [
          { name: 'content', type: 'int', 'field-id': 134 },
          { name: 'file_path', type: 'string', 'field-id': 100 },
          { name: 'file_format', type: 'string', 'field-id': 101 },
          {
            name: 'partition',
            'field-id': 102,
            type: { type: 'record', name: 'r102', fields: [{ name: 'ts_day', type: ['null', { type: 'int', logicalType: 'date' }], default: null, 'field-id': 1000 }] },
          },
          { name: 'record_count', type: 'long', 'field-id': 103 },
          { name: 'file_size_in_bytes', type: 'long', 'field-id': 104 },
          { ...kv('column_sizes', 117, 118, 'long'), 'field-id': 108 },
          { ...kv('value_counts', 119, 120, 'long'), 'field-id': 109 },
          { ...kv('null_value_counts', 121, 122, 'long'), 'field-id': 110 },
          { ...kv('nan_value_counts', 138, 139, 'long'), 'field-id': 137 },
          { ...kv('lower_bounds', 126, 127, 'bytes'), 'field-id': 125 },
          { ...kv('upper_bounds', 129, 130, 'bytes'), 'field-id': 128 },
          { name: 'key_metadata', type: ['null', 'bytes'], default: null, 'field-id': 131 },
          { name: 'split_offsets', type: ['null', { type: 'array', items: 'long', 'element-id': 133 }], default: null, 'field-id': 132 },
          { name: 'equality_ids', type: ['null', { type: 'array', items: 'int', 'element-id': 136 }], default: null, 'field-id': 135 },
          { name: 'sort_order_id', type: ['null', 'int'], default: null, 'field-id': 140 },
        ],
      },
    },
  ],
};

export const le32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  return b;
};
export const le64 = (n: bigint) => {
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

/** A snapshot id above 2^53 (a double cannot hold it). */
export const BIG_SNAPSHOT_ID = 9007199254740993n;
export const BIG_SEQUENCE = 9007199254740995n;
export const BIG_FILE_SIZE = 9007199254741001n;

export function manifestListFile(manifestPath: string): Buffer {
  return encodeAvroFile(
    MANIFEST_FILE_SCHEMA,
    [
      {
        manifest_path: manifestPath,
        manifest_length: 4242,
        partition_spec_id: 0,
        content: 0,
        sequence_number: BIG_SEQUENCE,
        min_sequence_number: 1,
        added_snapshot_id: BIG_SNAPSHOT_ID,
        added_files_count: 2,
        existing_files_count: 0,
        deleted_files_count: 0,
        added_rows_count: 5,
        existing_rows_count: 0,
        deleted_rows_count: 0,
        partitions: [{ contains_null: false, contains_nan: false, lower_bound: le32(19783), upper_bound: le32(19784) }],
        key_metadata: null,
      },
    ],
    { 'snapshot-id': BIG_SNAPSHOT_ID.toString(), 'parent-snapshot-id': 'null', 'sequence-number': BIG_SEQUENCE.toString(), 'format-version': '2' },
    'deflate',
  );
}

function dataFile(path: string, day: number, rows: number, size: bigint | number) {
  return {
    content: 0,
    file_path: path,
    file_format: 'PARQUET',
    partition: { ts_day: day },
    record_count: rows,
    file_size_in_bytes: size,
    column_sizes: [{ key: 1, value: 40 }, { key: 2, value: 60 }],
    value_counts: [{ key: 1, value: rows }, { key: 2, value: rows }],
    null_value_counts: [{ key: 1, value: 0 }, { key: 2, value: 1 }],
    nan_value_counts: [{ key: 8, value: 0 }, { key: 9, value: 1 }],
    lower_bounds: [
      { key: 1, value: le64(-5n) },
      { key: 2, value: Buffer.from('apple') },
      { key: 3, value: le64(1709294400_000001n) },
      { key: 4, value: le32(19783) },
      { key: 5, value: Buffer.from([0x30, 0x39]) },
      { key: 6, value: Buffer.from('00112233445566778899aabbccddeeff', 'hex') },
      { key: 7, value: Buffer.from([0]) },
      { key: 8, value: f32(-1.5) },
      { key: 9, value: f64(0.25) },
      { key: 10, value: le32(-7) },
    ],
    upper_bounds: [
      { key: 1, value: le64(BIG_SNAPSHOT_ID) },
      { key: 2, value: Buffer.from('pear') },
      { key: 7, value: Buffer.from([1]) },
    ],
    key_metadata: null,
    split_offsets: [4],
    equality_ids: null,
    sort_order_id: 0,
  };
}

export function manifestFile(dataPaths: [string, string]): Buffer {
  return encodeAvroFile(
    MANIFEST_ENTRY_SCHEMA,
    [
      { status: 1, snapshot_id: BIG_SNAPSHOT_ID, sequence_number: BIG_SEQUENCE, file_sequence_number: BIG_SEQUENCE, data_file: dataFile(dataPaths[0], 19783, 3, BIG_FILE_SIZE) },
      { status: 1, snapshot_id: BIG_SNAPSHOT_ID, sequence_number: null, file_sequence_number: null, data_file: dataFile(dataPaths[1], 19784, 2, 1234) },
    ],
    {
      schema: JSON.stringify(TABLE_SCHEMA),
      'schema-id': '0',
      'partition-spec': JSON.stringify(PARTITION_SPEC.fields),
      'partition-spec-id': '0',
      'format-version': '2',
      content: 'data',
    },
  );
}
