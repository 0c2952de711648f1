// The S3 remote signer against MinIO (which verifies every SigV4 signature): requests
// signed by the signer succeed when sent with fetch, anything outside the table is
// refused, and a signature is bound to its path. Then the same through the catalog's
// POST …/tables/{table}/sign route on a real server with an S3 warehouse, and the catalog's
// one signer POST {prefix}/sign, which finds the table from the request's key.
// Skips when PANGOLIN_TEST_S3_ENDPOINT is unset (scripts/start-minio.sh prints it).
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { S3Client } from '@aws-sdk/client-s3';
import { s3SignRequestSchema, signS3Request, type S3SignResponse } from '../../src/server/vending/s3-signer.js';
import type { TableAccess } from '../../src/server/vending/types.js';
import { SIMPLE_SCHEMA, startTestServer, type TestServer } from '../helpers/server.js';

const ENDPOINT = process.env.PANGOLIN_TEST_S3_ENDPOINT;
const ACCESS_KEY = process.env.PANGOLIN_TEST_S3_ACCESS_KEY_ID ?? 'pangolin-test';
const SECRET = process.env.PANGOLIN_TEST_S3_SECRET_ACCESS_KEY ?? 'pangolin-test-secret';
const SKIP = ENDPOINT ? false : 'PANGOLIN_TEST_S3_ENDPOINT is not set (start MinIO with scripts/start-minio.sh and set it to the printed URL)';
if (SKIP) console.log(`# SKIP S3 signer server tests: ${SKIP}`);
const sit = (name: string, fn: () => Promise<void>) => it(name, { skip: SKIP }, fn);

const BUCKET = `pangolin-sign-${randomUUID().slice(0, 8)}`;
const STORAGE = { 's3.endpoint': ENDPOINT ?? 'http://127.0.0.1:1', 's3.access-key-id': ACCESS_KEY, 's3.secret-access-key': SECRET, 's3.region': 'us-east-1' };
const TABLE = `s3://${BUCKET}/wh/ns/orders`;
const url = (key: string, query = '') => `${ENDPOINT}/${BUCKET}/${key.split('/').map(encodeURIComponent).join('/')}${query}`;

/** Sends an S3 request with the signer's headers added, as a client would. */
async function send(method: string, uri: string, signed: S3SignResponse, body?: string, extra: Record<string, string> = {}) {
  const headers = new Headers(extra);
  for (const [k, v] of Object.entries(signed.headers)) headers.set(k, v.join(', '));
  const res = await fetch(signed.uri ?? uri, { method, headers, ...(body !== undefined ? { body } : {}) });
  return { status: res.status, text: await res.text() };
}

describe('S3 signer against MinIO', () => {
  let sdk: typeof import('@aws-sdk/client-s3');
  let admin: S3Client;

  const sign = (method: string, uri: string, opts: { headers?: Record<string, string[]>; body?: string; access?: TableAccess; storage?: Record<string, string> } = {}) =>
    signS3Request({
      request: s3SignRequestSchema.parse({ method, uri, region: 'us-east-1', headers: opts.headers ?? {}, ...(opts.body !== undefined ? { body: opts.body } : {}) }),
      storageConfig: opts.storage ?? STORAGE,
      tableLocation: TABLE,
      access: opts.access ?? 'read-write',
    });

  before(async () => {
    if (SKIP) return;
    sdk = await import('@aws-sdk/client-s3');
    admin = new sdk.S3Client({ endpoint: ENDPOINT, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET } });
    await admin.send(new sdk.CreateBucketCommand({ Bucket: BUCKET }));
    await admin.send(new sdk.PutObjectCommand({ Bucket: BUCKET, Key: 'wh/ns/other/data/b.parquet', Body: 'table B' }));
  });

  after(async () => {
    if (!admin) return;
    const left = await admin.send(new sdk.ListObjectsV2Command({ Bucket: BUCKET }));
    for (const o of left.Contents ?? []) await admin.send(new sdk.DeleteObjectCommand({ Bucket: BUCKET, Key: o.Key }));
    await admin.send(new sdk.DeleteBucketCommand({ Bucket: BUCKET })).catch(() => undefined);
    admin.destroy();
  });

  sit('a signed PUT then GET inside the table succeed (keys with spaces, +, = and %)', async () => {
    for (const key of ['wh/ns/orders/data/00000-0.parquet', 'wh/ns/orders/data/a b+c=d%e.parquet']) {
      const put = await send('PUT', url(key), await sign('PUT', url(key), { headers: { 'Content-Type': ['application/octet-stream'] } }), `body of ${key}`, { 'Content-Type': 'application/octet-stream' });
      assert.equal(put.status, 200, put.text);
      const get = await send('GET', url(key), await sign('GET', url(key), { access: 'read' }));
      assert.equal(get.status, 200, get.text);
      assert.equal(get.text, `body of ${key}`);
    }
    const head = await send('HEAD', url('wh/ns/orders/data/00000-0.parquet'), await sign('HEAD', url('wh/ns/orders/data/00000-0.parquet'), { access: 'read' }));
    assert.equal(head.status, 200);
  });

  sit('a signed ListObjectsV2 below the table lists it; a signed DeleteObject deletes inside it', async () => {
    const list = `${ENDPOINT}/${BUCKET}?list-type=2&prefix=${encodeURIComponent('wh/ns/orders/')}`;
    const r = await send('GET', list, await sign('GET', list, { access: 'read' }));
    assert.equal(r.status, 200, r.text);
    assert.match(r.text, /<Key>wh\/ns\/orders\/data\/00000-0\.parquet<\/Key>/);
    assert.ok(!r.text.includes('wh/ns/other'));

    await admin.send(new sdk.PutObjectCommand({ Bucket: BUCKET, Key: 'wh/ns/orders/data/old.parquet', Body: 'x' }));
    const d = await send('DELETE', url('wh/ns/orders/data/old.parquet'), await sign('DELETE', url('wh/ns/orders/data/old.parquet')));
    assert.equal(d.status, 204, d.text);
    await assert.rejects(admin.send(new sdk.HeadObjectCommand({ Bucket: BUCKET, Key: 'wh/ns/orders/data/old.parquet' })));
  });

  sit('a signature is bound to its path and method: reusing it elsewhere is rejected by MinIO', async () => {
    const signed = await sign('GET', url('wh/ns/orders/data/00000-0.parquet'), { access: 'read' });
    const other = await send('GET', url('wh/ns/other/data/b.parquet'), { ...signed, uri: url('wh/ns/other/data/b.parquet') });
    assert.equal(other.status, 403);
    assert.match(other.text, /SignatureDoesNotMatch/);
    const asPut = await send('PUT', url('wh/ns/orders/data/00000-0.parquet'), signed, 'overwrite');
    assert.equal(asPut.status, 403);
    assert.equal(await (await admin.send(new sdk.GetObjectCommand({ Bucket: BUCKET, Key: 'wh/ns/other/data/b.parquet' }))).Body!.transformToString(), 'table B');
  });

  sit('DeleteObjects is refused on MinIO: MinIO does not verify a signed body, so its keys could be swapped', async () => {
    const inside = '<Delete><Object><Key>wh/ns/orders/data/00000-0.parquet</Key></Object></Delete>';
    const del = `${ENDPOINT}/${BUCKET}?delete`;
    await assert.rejects(sign('POST', del, { body: inside }), /DeleteObjects \(bulk delete\) is only signed for AWS S3/);
    // Why: sign the inside body's SHA-256 and Content-MD5 ourselves, send another body -> MinIO deletes it.
    await admin.send(new sdk.PutObjectCommand({ Bucket: BUCKET, Key: 'wh/ns/victim/x', Body: 'v' }));
    const [{ SignatureV4 }, { Sha256 }] = await Promise.all([import('@smithy/signature-v4'), import('@aws-crypto/sha256-js')]);
    const md5 = createHash('md5').update(inside).digest('base64');
    const u = new URL(del);
    const signed = await new SignatureV4({ service: 's3', region: 'us-east-1', credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET }, sha256: Sha256, uriEscapePath: false }).sign({
      method: 'POST', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: u.pathname, query: { delete: '' },
      headers: { host: u.host, 'content-md5': md5, 'x-amz-content-sha256': createHash('sha256').update(inside).digest('hex') },
    });
    const swapped = '<Delete><Object><Key>wh/ns/victim/x</Key></Object></Delete>';
    const res = await fetch(del, { method: 'POST', headers: signed.headers as Record<string, string>, body: swapped });
    await res.text();
    const gone = await admin.send(new sdk.HeadObjectCommand({ Bucket: BUCKET, Key: 'wh/ns/victim/x' })).then(() => false, () => true);
    // Informational (the refusal above is what the signer guarantees): with the pinned MinIO the swapped key is deleted.
    console.log(`# MinIO ${gone ? 'deleted the swapped key: it does not verify a signed DeleteObjects body' : 'rejected the swapped body: this MinIO verifies it'}`);
  });

  sit('a wrong warehouse secret gives signatures MinIO rejects', async () => {
    const r = await send('GET', url('wh/ns/orders/data/00000-0.parquet'), await sign('GET', url('wh/ns/orders/data/00000-0.parquet'), { storage: { ...STORAGE, 's3.secret-access-key': 'wrong-secret' } }));
    assert.equal(r.status, 403);
    assert.match(r.text, /SignatureDoesNotMatch/);
  });

  sit('nothing outside the table gets a signature', async () => {
    await assert.rejects(sign('GET', url('wh/ns/other/data/b.parquet')), /outside the table's location/);
    await assert.rejects(sign('GET', `${ENDPOINT}/${BUCKET}?list-type=2&prefix=wh%2F`), /outside the table's location/);
    await assert.rejects(sign('PUT', url('wh/ns/orders/data/x'), { access: 'read' }), /needs write access/);
  });
});

describe('POST …/tables/{table}/sign on a server with an S3 warehouse', () => {
  let s: TestServer;
  let sdk: typeof import('@aws-sdk/client-s3');
  let admin: S3Client;
  const bucket = `pangolin-signroute-${randomUUID().slice(0, 8)}`;
  let location = '';

  before(async () => {
    if (SKIP) return;
    sdk = await import('@aws-sdk/client-s3');
    admin = new sdk.S3Client({ endpoint: ENDPOINT, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET } });
    await admin.send(new sdk.CreateBucketCommand({ Bucket: bucket }));
    s = await startTestServer();
    const tenantId = s.handle.bootstrap.tenant.id;
    const now = new Date().toISOString();
    for (const [name, strategy] of [
      ['signed', { type: 'S3RemoteSigning' }],
      ['static', { type: 'AwsStatic' }],
    ] as const) {
      const warehouse = await s.handle.store.createWarehouse({ id: randomUUID(), tenantId, name: `wh-${name}`, location: `s3://${bucket}/${name}`, storageConfig: STORAGE, clientConfig: {}, vendingStrategy: strategy, createdAt: now });
      await s.handle.store.createCatalog({ id: randomUUID(), tenantId, name, warehouseId: warehouse.id, properties: {}, createdAt: now });
      assert.equal((await s.http('POST', `/v1/${name}/namespaces`, { namespace: ['ns'] })).status, 200);
      const t = await s.http('POST', `/v1/${name}/namespaces/ns/tables`, { name: 'orders', schema: SIMPLE_SCHEMA });
      assert.equal(t.status, 200, t.text);
      if (name === 'signed') location = t.body.metadata.location;
    }
  });

  after(async () => {
    await s?.stop();
    if (!admin) return;
    const left = await admin.send(new sdk.ListObjectsV2Command({ Bucket: bucket }));
    for (const o of left.Contents ?? []) await admin.send(new sdk.DeleteObjectCommand({ Bucket: bucket, Key: o.Key }));
    await admin.send(new sdk.DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined);
    admin.destroy();
  });

  const objectUrl = (key: string) => `${ENDPOINT}/${bucket}/${key}`;
  const signVia = (catalog: string, body: unknown, table = 'orders') => s.http('POST', `/v1/${catalog}/namespaces/ns/tables/${table}/sign`, body);

  sit('signs a PUT and a GET inside the table that MinIO accepts; metadata written by the server is readable', async () => {
    assert.equal(location, `s3://${bucket}/signed/signed/ns/orders`);
    const key = 'signed/signed/ns/orders/data/00000-0-x.parquet';
    const put = await signVia('signed', { region: 'us-east-1', uri: objectUrl(key), method: 'PUT', headers: { 'Content-Type': ['application/octet-stream'] } });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.headers.get('cache-control'), 'no-cache');
    assert.equal(put.body.uri, objectUrl(key));
    assert.equal((await send('PUT', objectUrl(key), put.body, 'parquet bytes', { 'Content-Type': 'application/octet-stream' })).status, 200);

    const get = await signVia('signed', { region: 'us-east-1', uri: objectUrl(key), method: 'GET', headers: {} });
    assert.equal(get.status, 200, get.text);
    assert.equal(get.headers.get('cache-control'), 'private');
    assert.deepEqual(await send('GET', objectUrl(key), get.body), { status: 200, text: 'parquet bytes' });

    const listed = await admin.send(new sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: 'signed/signed/ns/orders/metadata/' }));
    const metadataKey = listed.Contents![0].Key!;
    const m = await signVia('signed', { region: 'us-east-1', uri: objectUrl(metadataKey), method: 'GET', headers: {} });
    const read = await send('GET', objectUrl(metadataKey), m.body);
    assert.equal(read.status, 200);
    assert.equal(JSON.parse(read.text).location, location);
  });

  sit('403 ForbiddenException for a URI outside the table, in the Iceberg error shape', async () => {
    for (const uri of [objectUrl('signed/signed/ns/other/data/x'), objectUrl('static/static/ns/orders/metadata/x.json'), `${ENDPOINT}/${bucket}?list-type=2&prefix=signed%2F`]) {
      const r = await signVia('signed', { region: 'us-east-1', uri, method: 'GET', headers: {} });
      assert.equal(r.status, 403, r.text);
      assert.equal(r.body.error.type, 'ForbiddenException');
      assert.equal(r.body.error.code, 403);
      assert.match(r.body.error.message, /outside the table's location/);
    }
  });

  sit('400 BadRequestException for a malformed sign request', async () => {
    for (const body of [{}, { uri: objectUrl('x'), method: 'GET' }, { uri: objectUrl('x'), method: 'FETCH', headers: {} }, { uri: 5, method: 'GET', headers: {} }]) {
      const r = await signVia('signed', body);
      assert.equal(r.status, 400, r.text);
      assert.equal(r.body.error.type, 'BadRequestException');
      assert.match(r.body.error.message, /Invalid sign request/);
    }
    const ftp = await signVia('signed', { uri: 'ftp://x/y', method: 'GET', headers: {} });
    assert.equal(ftp.status, 400);
  });

  sit('refuses to sign for a warehouse whose strategy is not S3RemoteSigning, and for missing tables', async () => {
    const r = await signVia('static', { region: 'us-east-1', uri: objectUrl('static/static/ns/orders/data/x'), method: 'GET', headers: {} });
    assert.equal(r.status, 403, r.text);
    assert.match(r.body.error.message, /Remote signing is not enabled for warehouse "wh-static" \(its vending_strategy is AwsStatic\)/);
    const missing = await signVia('signed', { region: 'us-east-1', uri: objectUrl('signed/signed/ns/nope/x'), method: 'GET', headers: {} }, 'nope');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.type, 'NoSuchTableException');
  });

  sit('needs authentication like every catalog route', async () => {
    const res = await fetch(`${s.url}/v1/signed/namespaces/ns/tables/orders/sign`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ uri: objectUrl('x'), method: 'GET', headers: {} }) });
    assert.equal(res.status, 401);
  });
});

describe('POST {prefix}/sign: one signer per catalog, the table found from the key', () => {
  let s: TestServer;
  let sdk: typeof import('@aws-sdk/client-s3');
  let admin: S3Client;
  const bucket = `pangolin-signcat-${randomUUID().slice(0, 8)}`;
  const base = 'cat/cat'; // <warehouse prefix>/<catalog name>

  before(async () => {
    if (SKIP) return;
    sdk = await import('@aws-sdk/client-s3');
    admin = new sdk.S3Client({ endpoint: ENDPOINT, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET } });
    await admin.send(new sdk.CreateBucketCommand({ Bucket: bucket }));
    s = await startTestServer();
    const tenantId = s.handle.bootstrap.tenant.id;
    const now = new Date().toISOString();
    const warehouse = await s.handle.store.createWarehouse({ id: randomUUID(), tenantId, name: 'wh-cat', location: `s3://${bucket}/cat`, storageConfig: STORAGE, clientConfig: {}, vendingStrategy: { type: 'S3RemoteSigning' }, createdAt: now });
    await s.handle.store.createCatalog({ id: randomUUID(), tenantId, name: 'cat', warehouseId: warehouse.id, properties: {}, createdAt: now });
    const ok = async (path: string, body: unknown) => {
      const r = await s.http('POST', `/v1/cat${path}`, body);
      assert.equal(r.status, 200, r.text);
      return r;
    };
    await ok('/namespaces', { namespace: ['ns'] });
    await ok('/namespaces', { namespace: ['ns', 'table_a'] }); // a namespace named like a table of its parent
    await ok('/namespaces', { namespace: ['elsewhere'], properties: { location: `s3://${bucket}/cat/custom/place` } });
    for (const name of ['table_a', 'table_b']) await ok('/namespaces/ns/tables', { name, schema: SIMPLE_SCHEMA });
    await ok(`/namespaces/ns${encodeURIComponent('\u001f')}table_a/tables`, { name: 'inner', schema: SIMPLE_SCHEMA });
    await ok('/namespaces/elsewhere/tables', { name: 'moved', schema: SIMPLE_SCHEMA });
  });

  after(async () => {
    await s?.stop();
    if (!admin) return;
    const left = await admin.send(new sdk.ListObjectsV2Command({ Bucket: bucket }));
    for (const o of left.Contents ?? []) await admin.send(new sdk.DeleteObjectCommand({ Bucket: bucket, Key: o.Key }));
    await admin.send(new sdk.DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined);
    admin.destroy();
  });

  const objectUrl = (key: string) => `${ENDPOINT}/${bucket}/${key}`;
  const signAt = (path: string, method: string, uri: string, headers: Record<string, string[]> = {}) => s.http('POST', path, { region: 'us-east-1', uri, method, headers });
  const catSign = (method: string, uri: string, headers: Record<string, string[]> = {}) => signAt('/v1/cat/sign', method, uri, headers);

  sit('vends the catalog endpoint v1/{prefix}/sign to every table at its default location', async () => {
    for (const t of ['table_a', 'table_b']) {
      const r = await s.http('GET', `/v1/cat/namespaces/ns/tables/${t}`, undefined, { 'x-iceberg-access-delegation': 'vended-credentials' });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.config['s3.signer.endpoint'], 'v1/cat/sign');
    }
  });

  sit('signs inside table A for A and inside table B for B through the same endpoint; MinIO accepts both', async () => {
    for (const t of ['table_a', 'table_b']) {
      const key = `${base}/ns/${t}/data/00000-0.parquet`;
      const put = await catSign('PUT', objectUrl(key), { 'Content-Type': ['application/octet-stream'] });
      assert.equal(put.status, 200, put.text);
      assert.equal((await send('PUT', objectUrl(key), put.body, `rows of ${t}`, { 'Content-Type': 'application/octet-stream' })).status, 200);
      const get = await catSign('GET', objectUrl(key));
      assert.equal(get.status, 200, get.text);
      assert.deepEqual(await send('GET', objectUrl(key), get.body), { status: 200, text: `rows of ${t}` });
    }
    const list = `${ENDPOINT}/${bucket}?list-type=2&prefix=${encodeURIComponent(`${base}/ns/table_b/`)}`;
    const l = await catSign('GET', list);
    assert.equal(l.status, 200, l.text);
    const listed = await send('GET', list, l.body);
    assert.equal(listed.status, 200, listed.text);
    assert.match(listed.text, /table_b\/data\/00000-0\.parquet/);
    assert.ok(!listed.text.includes('table_a/'));
  });

  sit('the deepest table wins: a key of table ns.table_a.inner is signed for it (and is inside it)', async () => {
    const key = `${base}/ns/table_a/inner/data/x.parquet`;
    const put = await catSign('PUT', objectUrl(key));
    assert.equal(put.status, 200, put.text);
    assert.equal((await send('PUT', objectUrl(key), put.body, 'inner')).status, 200);
  });

  sit('403 ForbiddenException for a key in no table: a sibling like table_a_copy, a missing table, outside the catalog, another bucket', async () => {
    for (const uri of [
      objectUrl(`${base}/ns/table_a_copy/data/x.parquet`),
      objectUrl(`${base}/ns/table_c/metadata/v1.metadata.json`),
      objectUrl(`${base}/ns/x.parquet`),
      objectUrl(`${base}/nope/t/data/x`),
      objectUrl('cat/other-catalog/ns/table_a/data/x'),
      `${ENDPOINT}/${BUCKET}-other/${base}/ns/table_a/data/x`,
      `${ENDPOINT}/${bucket}?list-type=2&prefix=${encodeURIComponent(`${base}/ns/`)}`,
      `${ENDPOINT}/${bucket}?list-type=2&prefix=${encodeURIComponent(`${base}/ns/table_a`)}`,
    ]) {
      const r = await catSign('GET', uri);
      assert.equal(r.status, 403, `${uri}: ${r.text}`);
      assert.equal(r.body.error.type, 'ForbiddenException');
      assert.match(r.body.error.message, /outside every table of catalog "cat"/);
    }
    const bucketLevel = await catSign('HEAD', `${ENDPOINT}/${bucket}`);
    assert.equal(bucketLevel.status, 403);
    assert.match(bucketLevel.body.error.message, /addresses the bucket .* itself/);
  });

  sit("keeps every check of the table's signer: dot segments, copies from another table, foreign hosts", async () => {
    const dots = await catSign('GET', objectUrl(`${base}/ns/table_a/../table_b/data/00000-0.parquet`));
    assert.equal(dots.status, 403, dots.text);
    const copy = await catSign('PUT', objectUrl(`${base}/ns/table_a/data/copy.parquet`), { 'x-amz-copy-source': [`/${bucket}/${base}/ns/table_b/data/00000-0.parquet`] });
    assert.equal(copy.status, 403, copy.text);
    assert.match(copy.body.error.message, /copy source .* is outside the table's location/);
    const host = await catSign('GET', `http://evil.example/${bucket}/${base}/ns/table_a/data/x`);
    assert.equal(host.status, 403, host.text);
  });

  sit('a table outside the default layout (namespace location) gets its per-table endpoint, which signs for it', async () => {
    const r = await s.http('GET', '/v1/cat/namespaces/elsewhere/tables/moved', undefined, { 'x-iceberg-access-delegation': 'vended-credentials' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.metadata.location, `s3://${bucket}/cat/custom/place/moved`);
    assert.equal(r.body.config['s3.signer.endpoint'], 'v1/cat/namespaces/elsewhere/tables/moved/sign');
    const key = 'cat/custom/place/moved/data/x.parquet';
    assert.equal((await signAt(`/${r.body.config['s3.signer.endpoint']}`, 'GET', objectUrl(key))).status, 200);
    assert.equal((await catSign('GET', objectUrl(key))).status, 403);
  });

  sit('the per-table endpoint still signs for its table only', async () => {
    assert.equal((await signAt('/v1/cat/namespaces/ns/tables/table_a/sign', 'GET', objectUrl(`${base}/ns/table_a/data/00000-0.parquet`))).status, 200);
    assert.equal((await signAt('/v1/cat/namespaces/ns/tables/table_a/sign', 'GET', objectUrl(`${base}/ns/table_b/data/00000-0.parquet`))).status, 403);
  });

  sit('POST /v1/sign serves the default catalog (no prefix); needs authentication', async () => {
    const r = await signAt('/v1/sign', 'GET', objectUrl(`${base}/ns/table_a/data/x`));
    assert.equal(r.status, 403, r.text);
    assert.match(r.body.error.message, /Remote signing is not enabled for warehouse/);
    const anon = await fetch(`${s.url}/v1/cat/sign`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ uri: objectUrl('x'), method: 'GET', headers: {} }) });
    assert.equal(anon.status, 401);
  });
});
