// Avro object container files (Iceberg manifest lists and manifests) decoded in memory
// with avsc. Avro `long` decodes to an exact Int64 (number when safe, bigint above 2^53):
// avsc's default long type would silently round snapshot ids. Codecs: null, deflate,
// snappy, and zstandard where this Node has it. Pure: bytes in, values out.
import { inflateRawSync } from 'node:zlib';
import * as zlib from 'node:zlib';
import avro from 'avsc';
import { snappyUncompress } from 'hyparquet';
import { canonicalInt64 } from '../iceberg/json.js';

export const AVRO_MAGIC = Buffer.from([0x4f, 0x62, 0x6a, 0x01]); // "Obj\x01"

/** Avro long as Int64: number when it is a safe integer, bigint otherwise. */
export const exactLong = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => canonicalInt64(buf.readBigInt64LE(0)),
  toBuffer: (n: number | bigint) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(BigInt(n));
    return buf;
  },
  fromJSON: (v: unknown) => canonicalInt64(BigInt(v as number | string)),
  toJSON: (n: number | bigint) => (typeof n === 'bigint' ? n.toString() : n),
  isValid: (n: unknown) => (typeof n === 'number' && Number.isInteger(n)) || typeof n === 'bigint',
  compare: (a: number | bigint, b: number | bigint) => (a === b ? 0 : a < b ? -1 : 1),
});

/** Builds an avsc type whose longs are exact (for reading and for writing test files). */
export function avroType(schema: unknown): avro.Type {
  return avro.Type.forSchema(schema as avro.Schema, { registry: { long: exactLong } as unknown as Record<string, avro.Type>, wrapUnions: 'auto' });
}

const HEADER = avro.Type.forSchema({
  type: 'record',
  name: 'org.apache.avro.file.Header',
  fields: [
    { name: 'magic', type: { type: 'fixed', name: 'Magic', size: 4 } },
    { name: 'meta', type: { type: 'map', values: 'bytes' } },
    { name: 'sync', type: { type: 'fixed', name: 'Sync', size: 16 } },
  ],
});
const LONG = avro.Type.forSchema('long');

export class AvroDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AvroDecodeError';
  }
}

export interface AvroFile {
  /** The writer schema (from avro.schema), as JSON. */
  schema: unknown;
  /** Every key-value of the file header except avro.schema, as UTF-8 text. */
  metadata: Record<string, string>;
  codec: string;
  /** Decoded records, at most `limit` of them, from `offset` on. */
  records: unknown[];
  /** Records in the file (from the block headers; every block is counted). */
  totalRecords: number;
  /** More records exist than were returned. */
  truncated: boolean;
}

export function isAvro(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && Buffer.from(bytes.buffer, bytes.byteOffset, 4).equals(AVRO_MAGIC);
}

/**
 * Decodes an Avro container file. `limit` bounds the records decoded (blocks past it are
 * only counted, not decompressed); `offset` skips records first.
 */
export function decodeAvroFile(bytes: Uint8Array, opts: { limit?: number; offset?: number } = {}): AvroFile {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isAvro(buf)) throw new AvroDecodeError('Not an Avro object container file (the first bytes are not "Obj\\x01")');
  const header = decodeAt(HEADER, buf, 0, 'the file header') as { value: { meta: Record<string, Buffer>; sync: Buffer }; offset: number };
  const meta: Record<string, string> = {};
  for (const [k, v] of Object.entries(header.value.meta)) meta[k] = v.toString('utf8');
  const schemaText = meta['avro.schema'];
  if (!schemaText) throw new AvroDecodeError('The Avro file has no avro.schema in its header');
  delete meta['avro.schema'];
  let schema: unknown;
  let type: avro.Type;
  try {
    schema = JSON.parse(schemaText);
    type = avroType(schema);
  } catch (e) {
    throw new AvroDecodeError(`The Avro file's schema cannot be read: ${(e as Error).message}`);
  }
  const codec = meta['avro.codec'] ?? 'null';
  delete meta['avro.codec'];
  const limit = Math.max(0, opts.limit ?? Infinity);
  const offset = Math.max(0, opts.offset ?? 0);

  const records: unknown[] = [];
  let total = 0;
  let pos = header.offset;
  const sync = header.value.sync;
  while (pos < buf.length) {
    const count = decodeAt(LONG, buf, pos, 'a block header');
    const size = decodeAt(LONG, buf, count.offset, 'a block header');
    const start = size.offset;
    const end = start + Number(size.value);
    if (Number(size.value) < 0 || end + 16 > buf.length) throw new AvroDecodeError(`The Avro file is truncated: a block at byte ${pos} runs past the end`);
    if (!buf.subarray(end, end + 16).equals(sync)) throw new AvroDecodeError(`The Avro file is corrupt: bad sync marker after the block at byte ${pos}`);
    const n = Number(count.value);
    const wantFrom = Math.max(offset - total, 0);
    const wantTo = Math.min(n, offset + limit - total);
    if (wantFrom < wantTo) {
      const data = decompress(codec, buf.subarray(start, end));
      let p = 0;
      for (let i = 0; i < wantTo; i++) {
        const r = decodeAt(type, data, p, `record ${total + i}`);
        if (i >= wantFrom) records.push(r.value);
        p = r.offset;
      }
    }
    total += n;
    pos = end + 16;
  }
  return { schema, metadata: meta, codec, records, totalRecords: total, truncated: offset + records.length < total };
}

function decodeAt(type: avro.Type, buf: Buffer, pos: number, what: string): { value: any; offset: number } {
  let r: { value: any; offset: number };
  try {
    r = type.decode(buf, pos);
  } catch (e) {
    throw new AvroDecodeError(`Cannot decode ${what} of the Avro file: ${(e as Error).message}`);
  }
  if (r.offset < 0) throw new AvroDecodeError(`The Avro file is truncated in ${what}`);
  return r;
}

function decompress(codec: string, block: Buffer): Buffer {
  switch (codec) {
    case 'null':
      return block;
    case 'deflate':
      return inflateRawSync(block);
    case 'snappy': {
      // Avro's snappy blocks end with the CRC-32 of the uncompressed data (4 bytes).
      const input = block.subarray(0, block.length - 4);
      const out = new Uint8Array(snappyLength(input));
      snappyUncompress(input, out);
      return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    }
    case 'zstandard': {
      const zstd = (zlib as unknown as { zstdDecompressSync?: (b: Buffer) => Buffer }).zstdDecompressSync;
      if (zstd) return zstd(block);
      throw new AvroDecodeError(`The Avro file is compressed with zstandard, which needs Node 22.15 or later (this is ${process.version})`);
    }
    default:
      throw new AvroDecodeError(`Unsupported Avro codec "${codec}" (supported: null, deflate, snappy, zstandard)`);
  }
}

/** The uncompressed length a snappy block starts with (a varint). */
function snappyLength(input: Uint8Array): number {
  let result = 0;
  let shift = 0;
  for (let i = 0; i < input.length && i < 5; i++) {
    const b = input[i];
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return result;
    shift += 7;
  }
  throw new AvroDecodeError('Corrupt snappy block in the Avro file');
}

/** Writes an Avro container file (null codec): for tests and fixtures. */
export function encodeAvroFile(schema: unknown, records: unknown[], metadata: Record<string, string> = {}, codec: 'null' | 'deflate' = 'null'): Buffer {
  const type = avroType(schema);
  const sync = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) sync[i] = (i * 37 + 11) & 0xff;
  const meta: Record<string, Buffer> = { 'avro.schema': Buffer.from(JSON.stringify(schema)), 'avro.codec': Buffer.from(codec) };
  for (const [k, v] of Object.entries(metadata)) meta[k] = Buffer.from(v);
  const parts: Buffer[] = [HEADER.toBuffer({ magic: AVRO_MAGIC, meta, sync })];
  if (records.length) {
    const raw = Buffer.concat(records.map((r) => type.toBuffer(r)));
    const data = codec === 'deflate' ? zlib.deflateRawSync(raw) : raw;
    parts.push(LONG.toBuffer(records.length), LONG.toBuffer(data.length), data, sync);
  }
  return Buffer.concat(parts);
}
