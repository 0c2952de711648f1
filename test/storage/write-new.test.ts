// writeNew (issue 15): a create whose first PUT landed but whose answer was lost is retried
// by the SDK; the retry's If-None-Match: * meets our own object. That is a success, not
// "already exists". The S3 case runs against MinIO through a proxy that swallows the
// first PUT's answer (PANGOLIN_TEST_S3_ENDPOINT).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LocalObjectStore } from '../../src/server/storage/local.js';
import { S3ObjectStore } from '../../src/server/storage/s3.js';
import { StorageError } from '../../src/server/storage/types.js';
import { writeNew } from '../../src/server/storage/write-new.js';

const isExists = (e: unknown) => e instanceof StorageError && e.code === 'already-exists';

describe('writeNew on the local store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pangolin-writenew-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const store = new LocalObjectStore();

  it('an existing object with exactly our bytes counts as written; other bytes are already-exists', async () => {
    const loc = `file://${dir}/m.json`;
    await writeNew(store, loc, '{"a":1}');
    await writeNew(store, loc, '{"a":1}');
    await assert.rejects(writeNew(store, loc, '{"a":2}'), isExists);
    assert.equal((await store.read(loc)).toString(), '{"a":1}');
  });
});

const ENDPOINT = process.env.PANGOLIN_TEST_S3_ENDPOINT;
describe('writeNew on S3 when the first answer is lost', { skip: !ENDPOINT && 'PANGOLIN_TEST_S3_ENDPOINT is not set (scripts/start-minio.sh)' }, () => {
  const bucket = `pangolin-test-${randomUUID().slice(0, 8)}`;
  let proxy: Server;
  let dropped = 0;
  let store: S3ObjectStore;
  const target = new URL(ENDPOINT ?? 'http://127.0.0.1:1');

  before(async () => {
    // TCP proxy to MinIO: the first connection that carries a PUT of a "drop-" key gets
    // its request through, but the client never sees the answer (the socket is reset).
    proxy = createServer((client: Socket) => {
      const upstream = connect(Number(target.port), target.hostname);
      let dropThis = false;
      client.on('data', (d) => {
        if (dropped === 0 && /^PUT [^ ]*drop-/.test(d.toString('latin1'))) {
          dropThis = true;
          dropped++;
        }
        upstream.write(d);
      });
      upstream.on('data', (d) => (dropThis ? client.destroy() : client.write(d)));
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const port = (proxy.address() as { port: number }).port;
    const cfg = { 's3.access-key-id': process.env.PANGOLIN_TEST_S3_ACCESS_KEY_ID ?? 'pangolin-test', 's3.secret-access-key': process.env.PANGOLIN_TEST_S3_SECRET_ACCESS_KEY ?? 'pangolin-test-secret', 's3.region': 'us-east-1', 's3.path-style-access': 'true' };
    store = new S3ObjectStore({ ...cfg, 's3.endpoint': `http://127.0.0.1:${port}`, 's3.bucket': bucket });
    const sdk = await import('@aws-sdk/client-s3');
    const admin = new sdk.S3Client({ endpoint: ENDPOINT, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: cfg['s3.access-key-id'], secretAccessKey: cfg['s3.secret-access-key'] } });
    await admin.send(new sdk.CreateBucketCommand({ Bucket: bucket }));
    admin.destroy();
  });
  after(async () => {
    await store?.deletePrefix(`s3://${bucket}/`).catch(() => undefined);
    proxy?.close();
  });

  it('the SDK retry meets our own object: written, not already-exists', async () => {
    const loc = `s3://${bucket}/t/metadata/drop-${randomUUID()}.metadata.json`;
    // The raw write shows the problem: the retry's If-None-Match: * answers 412.
    await assert.rejects(store.write(loc, '{"v":1}', { ifNotExists: true }), isExists);
    assert.equal(dropped, 1, 'the proxy swallowed one answer');
    assert.equal((await store.read(loc)).toString(), '{"v":1}');
    dropped = 0;
    const loc2 = `s3://${bucket}/t/metadata/drop-${randomUUID()}.metadata.json`;
    await writeNew(store, loc2, '{"v":2}');
    assert.equal(dropped, 1);
    assert.equal((await store.read(loc2)).toString(), '{"v":2}');
    await assert.rejects(writeNew(store, loc2, '{"v":3}'), isExists, 'a different object is still refused');
  });
});
