import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { objectStoreFor } from '../../src/server/storage/index.js';
import { LocalObjectStore } from '../../src/server/storage/local.js';
import { StorageError } from '../../src/server/storage/types.js';

describe('objectStoreFor', () => {
  it('serves file:// URIs and absolute paths with one cached LocalObjectStore', async () => {
    const a = await objectStoreFor(pathToFileURL(tmpdir()).href, {});
    const b = await objectStoreFor(tmpdir(), { ignored: 'x' });
    assert.ok(a instanceof LocalObjectStore);
    assert.equal(a, b);
  });

  it('says cloud storage is not available yet, and rejects unknown locations', async () => {
    for (const loc of ['abfss://c@acct.dfs.core.windows.net/p', 'wasbs://c@a/p', 'gs://bucket/p']) {
      await assert.rejects(objectStoreFor(loc, {}), (e: unknown) => e instanceof StorageError && e.code === 'invalid-location' && /not available yet/.test(e.message));
    }
    for (const loc of ['relative/dir', 'hdfs://nn/x', 'file://remote-host/x', '']) {
      await assert.rejects(objectStoreFor(loc, {}), (e: unknown) => e instanceof StorageError && e.code === 'invalid-location');
    }
  });
});
