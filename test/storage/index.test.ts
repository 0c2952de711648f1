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

  it('routes Azure and Google Cloud locations to their stores, and rejects unknown locations', async () => {
    const { AzureObjectStore } = await import('../../src/server/storage/azure.js');
    const { GcsObjectStore } = await import('../../src/server/storage/gcs.js');
    for (const loc of ['abfss://c@acct.dfs.core.windows.net/p', 'wasbs://c@acct.blob.core.windows.net/p']) {
      assert.ok((await objectStoreFor(loc, { 'adls.account-name': 'acct' })) instanceof AzureObjectStore, loc);
    }
    assert.ok((await objectStoreFor('gs://bucket/p', { 'gcs.project-id': 'p' })) instanceof GcsObjectStore);
    for (const loc of ['relative/dir', 'hdfs://nn/x', 'file://remote-host/x', '']) {
      await assert.rejects(objectStoreFor(loc, {}), (e: unknown) => e instanceof StorageError && e.code === 'invalid-location');
    }
  });
});
