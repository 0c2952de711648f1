// The bucket browser through HTTP against a real server: folder listing by prefix with
// paging, previews (JSON, Avro manifest, Parquet, text), downloads, and the refusals (keys
// leaving the warehouse, unknown warehouse, another tenant's warehouse, non-admins). Runs
// on a local-folder warehouse, and on MinIO too when PANGOLIN_TEST_S3_ENDPOINT is set.
//   PANGOLIN_TEST_S3_ENDPOINT=http://127.0.0.1:9100 node --import tsx --test test/admin/bucket-browser.test.ts
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { generateSecret, hashGeneratedSecret } from '../../src/server/auth/secret-hash.js';
import { objectStoreFor } from '../../src/server/storage/index.js';
import { getToken, requestJson, startTestServer, type TestServer } from '../helpers/server.js';
import { manifestFile } from '../unit/inspect/fixtures.js';

const S3_ENDPOINT = process.env.PANGOLIN_TEST_S3_ENDPOINT;
const S3_KEY = process.env.PANGOLIN_TEST_S3_ACCESS_KEY_ID ?? 'pangolin-test';
const S3_SECRET = process.env.PANGOLIN_TEST_S3_SECRET_ACCESS_KEY ?? 'pangolin-test-secret';
const s3Config = () => ({ 's3.endpoint': S3_ENDPOINT ?? '', 's3.access-key-id': S3_KEY, 's3.secret-access-key': S3_SECRET, 's3.region': 'us-east-1' });
const parquet = readFileSync(new URL('../unit/inspect/data/sample-snappy.parquet', import.meta.url));

const enc = encodeURIComponent;

/** Objects every backend gets: a small lake with folders, formats and 25 files to page through. */
function sampleObjects(): [string, Buffer | string][] {
  const files: [string, Buffer | string][] = [
    ['db/events/metadata/00001-a.metadata.json', '{"format-version":2,"current-snapshot-id":9007199254740993,"location":"x"}'],
    ['db/events/metadata/m0.avro', manifestFile(['x/a.parquet', 'x/b.parquet'])],
    ['db/events/data/part-0.parquet', parquet],
    ['db/events/notes.txt', 'hello\nworld\n'],
    ['db/events/blob.bin', Buffer.from([0, 1, 2, 255])],
    ['db/events/page.html', '<script>alert(1)</script>'],
    ['db/résumé ü.json', '[1,2,3]'],
    ['top.json', '{"a":1}'],
  ];
  for (let i = 0; i < 25; i++) files.push([`many/f-${String(i).padStart(2, '0')}.txt`, `file ${i}`]);
  return files;
}

interface Backend {
  name: string;
  skip: string | false;
  location: () => string;
  storageConfig: () => Record<string, string>;
  setUp?: () => Promise<void>;
}

const bucket = `pangolin-browse-${randomUUID().slice(0, 8)}`;
const localDir = mkdtempSync(join(tmpdir(), 'pangolin-browse-'));
const backends: Backend[] = [
  { name: 'local folder', skip: false, location: () => pathToFileURL(join(localDir, 'lake')).href, storageConfig: () => ({}) },
  {
    name: 'S3 (MinIO)',
    skip: S3_ENDPOINT ? false : 'PANGOLIN_TEST_S3_ENDPOINT is not set (start MinIO with scripts/start-minio.sh)',
    location: () => `s3://${bucket}/lake`,
    storageConfig: s3Config,
    setUp: async () => {
      const { S3Client, CreateBucketCommand } = await import('@aws-sdk/client-s3');
      const client = new S3Client({ endpoint: S3_ENDPOINT, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: S3_KEY, secretAccessKey: S3_SECRET } });
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
    },
  },
];

describe('bucket browser', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => {
    await s?.stop();
    rmSync(localDir, { recursive: true, force: true });
  });

  for (const b of backends) {
    describe(`on a ${b.name} warehouse`, { skip: b.skip }, () => {
      const wh = `browse-${b.name.startsWith('S3') ? 's3' : 'local'}`;
      const objects = (prefix = '', extra = '') => s.http('GET', `/api/v1/warehouses/${wh}/objects?prefix=${enc(prefix)}${extra}`);

      before(async () => {
        await b.setUp?.();
        const store = await objectStoreFor(b.location(), b.storageConfig());
        for (const [key, body] of sampleObjects()) await store.write(`${b.location()}/${key}`, body);
        const r = await s.http('POST', '/api/v1/warehouses', { name: wh, location: b.location(), storage_config: b.storageConfig() });
        assert.equal(r.status, 201, r.text);
      });

      it('lists one level: folders and objects with size and last-modified', async () => {
        const r = await objects();
        assert.equal(r.status, 200, r.text);
        assert.equal(r.body.warehouse, wh);
        assert.equal(r.body.location, `${b.location()}/`);
        assert.equal(r.body.prefix, '');
        assert.deepEqual(r.body.folders, [
          { prefix: 'db/', name: 'db' },
          { prefix: 'many/', name: 'many' },
        ]);
        assert.deepEqual(r.body.objects.map((o: { key: string }) => o.key), ['top.json']);
        assert.equal(r.body.objects[0].size, 7);
        assert.ok(!Number.isNaN(Date.parse(r.body.objects[0].last_modified)));
        assert.equal(r.body.next_page_token, null);

        const db = await objects('db/');
        assert.deepEqual(db.body.folders.map((f: { prefix: string }) => f.prefix), ['db/events/']);
        assert.deepEqual(db.body.objects.map((o: { name: string }) => o.name), ['résumé ü.json']);
        const events = await objects('db/events/');
        assert.deepEqual(events.body.folders.map((f: { name: string }) => f.name), ['data', 'metadata']);
        assert.deepEqual(events.body.objects.map((o: { name: string }) => o.name), ['blob.bin', 'notes.txt', 'page.html']);
        assert.deepEqual((await objects('nothing-here/')).body, { warehouse: wh, location: `${b.location()}/`, prefix: 'nothing-here/', folders: [], objects: [], next_page_token: null });
      });

      it('pages with page_size and next_page_token, without gaps or repeats', async () => {
        const seen: string[] = [];
        let token: string | null = null;
        let pages = 0;
        do {
          const r = await objects('many/', `&page_size=10${token ? `&page_token=${enc(token)}` : ''}`);
          assert.equal(r.status, 200, r.text);
          assert.ok(r.body.objects.length <= 10);
          seen.push(...r.body.objects.map((o: { key: string }) => o.key));
          token = r.body.next_page_token;
          pages++;
        } while (token && pages < 10);
        assert.equal(pages, 3);
        assert.deepEqual(seen, Array.from({ length: 25 }, (_, i) => `many/f-${String(i).padStart(2, '0')}.txt`));
        const bad = await objects('many/', '&page_size=0');
        assert.equal(bad.status, 400);
        assert.match(bad.body.error.message, /page_size/);
      });

      it('previews JSON losslessly, an Avro manifest, Parquet rows and text', async () => {
        const preview = (key: string, extra = '') => s.http('GET', `/api/v1/warehouses/${wh}/object/preview?key=${enc(key)}${extra}`);
        const json = await preview('db/events/metadata/00001-a.metadata.json');
        assert.equal(json.status, 200, json.text);
        assert.equal(json.body.format, 'json');
        assert.equal(json.body.json['current-snapshot-id'], 9007199254740993n);
        assert.match(json.text, /"current-snapshot-id":9007199254740993\b/);

        const avro = await preview('db/events/metadata/m0.avro', '&limit=1');
        assert.equal(avro.body.format, 'avro');
        assert.equal(avro.body.avro.iceberg_kind, 'manifest');
        assert.equal(avro.body.avro.total_records, 2);
        assert.equal(avro.body.avro.records.length, 1);
        assert.equal(avro.body.truncated, true);
        assert.match(avro.text, /"snapshot_id":9007199254740993\b/);

        const pq = await preview('db/events/data/part-0.parquet');
        assert.equal(pq.body.format, 'parquet');
        assert.equal(pq.body.parquet.num_rows, 3);
        assert.equal(pq.body.parquet.rows[0].id, 9007199254740993n);
        assert.equal(pq.body.parquet.rows[0].ts, '2024-03-01T12:00:00.123456');
        assert.deepEqual(pq.body.parquet.schema.map((f: { field_id: number }) => f.field_id), [1, 2, 3, 4, 5, 6, 7]);

        const text = await preview('db/events/notes.txt');
        assert.equal(text.body.format, 'text');
        assert.equal(text.body.text, 'hello\nworld\n');
        const bin = await preview('db/events/blob.bin');
        assert.equal(bin.body.format, 'binary');
        assert.match(bin.body.hex, /00 01 02 ff/);
        const uni = await preview('db/résumé ü.json');
        assert.deepEqual(uni.body.json, [1, 2, 3]);
      });

      it('serves the bytes with a Content-Type by extension, as an attachment on request', async () => {
        const res = await fetch(`${s.url}/api/v1/warehouses/${wh}/object?key=${enc('db/events/data/part-0.parquet')}&download=1`, { headers: { authorization: `Bearer ${s.token}` } });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('content-type'), 'application/vnd.apache.parquet');
        assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="part-0\.parquet"/);
        assert.deepEqual(Buffer.from(await res.arrayBuffer()), parquet);

        const inline = await fetch(`${s.url}/api/v1/warehouses/${wh}/object?key=${enc('db/events/metadata/00001-a.metadata.json')}`, { headers: { authorization: `Bearer ${s.token}` } });
        assert.match(inline.headers.get('content-type') ?? '', /^application\/json/);
        assert.match(inline.headers.get('content-disposition') ?? '', /^inline/);
        assert.match(await inline.text(), /9007199254740993/);

        // Never HTML on the UI's origin.
        const html = await fetch(`${s.url}/api/v1/warehouses/${wh}/object?key=${enc('db/events/page.html')}`, { headers: { authorization: `Bearer ${s.token}` } });
        assert.match(html.headers.get('content-type') ?? '', /^text\/plain/);
        assert.equal(html.headers.get('x-content-type-options'), 'nosniff');
        assert.match(html.headers.get('content-security-policy') ?? '', /sandbox/);

        const uni = await fetch(`${s.url}/api/v1/warehouses/${wh}/object?key=${enc('db/résumé ü.json')}&download=1`, { headers: { authorization: `Bearer ${s.token}` } });
        assert.match(uni.headers.get('content-disposition') ?? '', /filename\*=UTF-8''r%C3%A9sum%C3%A9%20%C3%BC\.json/);
      });

      it('refuses keys that leave the warehouse location, naming why (400)', async () => {
        const cases: [string, string, RegExp][] = [
          ['object', '../../etc/passwd', /"\." and "\.\."/],
          ['object', 'db/../../x', /"\." and "\.\."/],
          ['object/preview', '/etc/passwd', /relative/],
          ['object', 's3://another-bucket/x.json', /not a URI/],
          ['object', 'file:///etc/passwd', /not a URI/],
          ['objects', '../', /"\." and "\.\."/],
        ];
        for (const [route, key, why] of cases) {
          const r = route === 'objects' ? await objects(key) : await s.http('GET', `/api/v1/warehouses/${wh}/${route}?key=${enc(key)}`);
          assert.equal(r.status, 400, `${route} ${key}: ${r.text}`);
          assert.equal(r.body.error.type, 'BadRequestException');
          assert.match(r.body.error.message, why);
        }
        const missingKey = await s.http('GET', `/api/v1/warehouses/${wh}/object`);
        assert.equal(missingKey.status, 400);
        assert.match(missingKey.body.error.message, /key/);
        const missing = await s.http('GET', `/api/v1/warehouses/${wh}/object?key=${enc('db/nope.json')}`);
        assert.equal(missing.status, 404);
        assert.match(missing.body.error.message, /db\/nope\.json/);
      });
    });
  }

  it('an unknown warehouse is a 404 in the Iceberg error shape', async () => {
    const r = await s.http('GET', '/api/v1/warehouses/nope/objects');
    assert.equal(r.status, 404);
    assert.equal(r.body.error.type, 'NoSuchWarehouseException');
    assert.equal(r.body.error.code, 404);
  });

  it('another tenant sees only its own warehouses; a tenant user may not browse', async () => {
    const store = s.handle.store;
    const client = async (tenantId: string, role: 'tenant-admin' | 'tenant-user') => {
      const clientId = `c-${randomUUID().slice(0, 8)}`;
      const secret = generateSecret();
      await store.createClient({ clientId, tenantId, name: clientId, role, secretHash: hashGeneratedSecret(secret), createdAt: new Date().toISOString() });
      return getToken(s.url, clientId, secret);
    };
    const other = await store.createTenant({ id: randomUUID(), name: `other-${randomUUID().slice(0, 6)}`, properties: {}, createdAt: new Date().toISOString() });
    const otherAdmin = await client(other.id, 'tenant-admin');
    const as = (token: string, path: string) => requestJson(s.url + path, 'GET', undefined, { authorization: `Bearer ${token}` });

    // The default tenant's "browse-local" and "local" are invisible to the other tenant.
    for (const name of ['browse-local', 'local']) {
      const r = await as(otherAdmin, `/api/v1/warehouses/${name}/objects`);
      assert.equal(r.status, 404, r.text);
      assert.equal(r.body.error.type, 'NoSuchWarehouseException');
      assert.equal((await as(otherAdmin, `/api/v1/warehouses/${name}/object?key=top.json`)).status, 404);
    }
    // Its own warehouse of the same name shows its own folder.
    const own = join(localDir, 'other-tenant');
    const store2 = await objectStoreFor(pathToFileURL(own).href, {});
    await store2.write(`${pathToFileURL(own).href}/mine.json`, '{}');
    await store.createWarehouse({ id: randomUUID(), tenantId: other.id, name: 'browse-local', location: pathToFileURL(own).href, storageConfig: {}, clientConfig: {}, vendingStrategy: null, createdAt: new Date().toISOString() });
    const mine = await as(otherAdmin, '/api/v1/warehouses/browse-local/objects');
    assert.equal(mine.status, 200, mine.text);
    assert.deepEqual(mine.body.objects.map((o: { key: string }) => o.key), ['mine.json']);

    // A plain tenant user may not browse buckets (all tables' data is there).
    const user = await client(s.handle.bootstrap.tenant.id, 'tenant-user');
    const denied = await as(user, '/api/v1/warehouses/local/objects');
    assert.equal(denied.status, 403, denied.text);
    assert.equal(denied.body.error.type, 'ForbiddenException');
    assert.match(denied.body.error.message, /bucket\.list/);
  });
});
