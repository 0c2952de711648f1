// ObjectStore.createContainer (the troubleshooter's "Create bucket") on each real server:
// creates the bucket / container once, then reports it exists; the store can then write.
//   PANGOLIN_TEST_S3_ENDPOINT=… PANGOLIN_TEST_AZURE_ENDPOINT=… PANGOLIN_TEST_GCS_ENDPOINT=… node scripts/test.mjs test/storage/create-container.test.ts
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { AZURITE_ACCOUNT, AZURITE_KEY } from '../../src/server/storage/azure.js';
import { objectStoreFor } from '../../src/server/storage/index.js';
import type { ObjectStore } from '../../src/server/storage/types.js';

const S3 = process.env.PANGOLIN_TEST_S3_ENDPOINT;
const AZURE = process.env.PANGOLIN_TEST_AZURE_ENDPOINT?.replace(/\/+$/, '');
const GCS = process.env.PANGOLIN_TEST_GCS_ENDPOINT?.replace(/\/+$/, '');
const name = (p: string) => `${p}-${randomUUID().slice(0, 8)}`;

async function createTwiceAndWrite(store: ObjectStore, base: string): Promise<void> {
  assert.ok(store.createContainer, 'the store can create its container');
  assert.equal(await store.createContainer(`${base}/`), true, 'created');
  assert.equal(await store.createContainer(`${base}/`), false, 'already there');
  await store.write(`${base}/probe.txt`, 'ok');
  assert.equal((await store.read(`${base}/probe.txt`)).toString(), 'ok');
}

describe('ObjectStore.createContainer', () => {
  it('local folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pangolin-cc-'));
    try {
      const base = pathToFileURL(join(dir, 'lake', 'sub')).href;
      await createTwiceAndWrite(await objectStoreFor(base, {}), base);
      assert.ok(statSync(join(dir, 'lake', 'sub')).isDirectory());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('S3 (MinIO): s3.bucket first, then the location', { skip: S3 ? false : 'PANGOLIN_TEST_S3_ENDPOINT is not set' }, async () => {
    const cfg = { 's3.endpoint': S3!, 's3.region': 'us-east-1', 's3.access-key-id': process.env.PANGOLIN_TEST_S3_ACCESS_KEY_ID ?? 'pangolin-test', 's3.secret-access-key': process.env.PANGOLIN_TEST_S3_SECRET_ACCESS_KEY ?? 'pangolin-test-secret' };
    const bucket = name('pangolin-cc');
    await createTwiceAndWrite(await objectStoreFor(`s3://${bucket}/lake`, cfg), `s3://${bucket}/lake`);
    const configured = name('pangolin-cc-cfg');
    const store = await objectStoreFor('s3://ignored/lake', { ...cfg, 's3.bucket': configured });
    assert.equal(await store.createContainer!('s3://ignored/lake/'), true);
    await store.write('s3://ignored/lake/x.txt', 'x'); // lands in the configured bucket
  });

  it('Azure (Azurite)', { skip: AZURE ? false : 'PANGOLIN_TEST_AZURE_ENDPOINT is not set' }, async () => {
    const cfg = { 'adls.account-name': AZURITE_ACCOUNT, 'adls.account-key': AZURITE_KEY, 'adls.account-host': AZURE! };
    const container = name('pangolin-cc');
    const base = `abfss://${container}@${AZURITE_ACCOUNT}.dfs.core.windows.net/lake`;
    await createTwiceAndWrite(await objectStoreFor(base, cfg), base);
  });

  it('GCS (fake-gcs-server)', { skip: GCS ? false : 'PANGOLIN_TEST_GCS_ENDPOINT is not set' }, async () => {
    const cfg = { 'gcs.service.host': GCS!, 'gcs.project-id': 'pangolin-test', 'gcs.no-auth': 'true' };
    const bucket = name('pangolin-cc');
    await createTwiceAndWrite(await objectStoreFor(`gs://${bucket}/lake`, cfg), `gs://${bucket}/lake`);
  });
});
