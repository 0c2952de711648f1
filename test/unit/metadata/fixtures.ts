// Shared fixtures for the metadata unit tests.
import assert from 'node:assert/strict';
import { IcebergError } from '../../../src/server/iceberg/errors.js';
import { stringifyJson } from '../../../src/server/iceberg/json.js';
import { newTableMetadata } from '../../../src/server/iceberg/metadata/index.js';
import type { Schema, TableMetadata, TableUpdate } from '../../../src/server/iceberg/metadata/types.js';

export const UUID = '9c12d441-03fe-4693-9a96-a0705ddf69c1';
export const NOW = 1_700_000_000_000;
export const BIG = 9007199254740993n; // 2^53 + 1: not representable as a number
export const BIG2 = 9223372036854775807n; // max int64

/** Request schema with deliberately non-authoritative ids. */
export const requestSchema = (): Schema => ({
  type: 'struct',
  'schema-id': 7,
  fields: [
    { id: 10, name: 'id', required: true, type: 'long' },
    { id: 20, name: 'ts', required: false, type: 'timestamptz' },
    { id: 30, name: 'data', required: false, type: 'string' },
  ],
});

export function table(props: Record<string, string> = {}, extra: Partial<Parameters<typeof newTableMetadata>[0]> = {}): TableMetadata {
  return newTableMetadata({ schema: requestSchema(), location: 's3://b/wh/t', properties: props, uuid: UUID, nowMs: NOW, ...extra });
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

/** Asserts that fn throws an IcebergError with this code/type and a message matching `message`. */
export function assertIcebergError(fn: () => unknown, code: number, type: string, message?: string | RegExp): IcebergError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof IcebergError, `expected IcebergError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.equal(caught.type, type, caught.message);
  if (typeof message === 'string') assert.equal(caught.message, message);
  else if (message) assert.match(caught.message, message);
  return caught;
}

export const illegal = (fn: () => unknown, message?: string | RegExp) => assertIcebergError(fn, 400, 'IllegalArgumentException', message);
export const badReq = (fn: () => unknown, message?: string | RegExp) => assertIcebergError(fn, 400, 'BadRequestException', message);
export const conflict = (fn: () => unknown, message?: string | RegExp) => assertIcebergError(fn, 409, 'CommitFailedException', message);

export function snapshotUpdate(id: bigint | number, opts: { parent?: bigint | number | null; seq?: number | bigint; ts?: number; extra?: Record<string, unknown> } = {}): TableUpdate {
  return {
    action: 'add-snapshot',
    snapshot: {
      'snapshot-id': id,
      ...(opts.parent !== undefined && opts.parent !== null ? { 'parent-snapshot-id': opts.parent } : {}),
      'sequence-number': opts.seq ?? 1,
      'timestamp-ms': opts.ts ?? NOW + 1000,
      'manifest-list': `s3://b/wh/t/metadata/snap-${id}.avro`,
      summary: { operation: 'append' },
      'schema-id': 0,
      ...(opts.extra ?? {}),
    },
  };
}

export const mainRef = (id: bigint | number, name = 'main', type = 'branch'): TableUpdate => ({ action: 'set-snapshot-ref', 'ref-name': name, type, 'snapshot-id': id });

export const json = (v: unknown) => stringifyJson(v);
