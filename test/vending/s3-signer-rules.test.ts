// The S3 signer's decisions without a server: which requests are inside the table (path-
// and virtual-host style, listings, DeleteObjects, copies), which are refused and why,
// what is signed and returned, and the S3RemoteSigning vend config clients need.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { S3SignError, deleteObjectsKeys, s3SignRequestSchema, signRequestTarget, signS3Request, type SignInput } from '../../src/server/vending/s3-signer.js';
import { vend as vendRemoteSigning } from '../../src/server/vending/s3-remote-signing.js';
import type { TableAccess } from '../../src/server/vending/types.js';

const STORAGE = { 's3.endpoint': 'http://127.0.0.1:9100', 's3.access-key-id': 'AKID', 's3.secret-access-key': 'warehouse-secret', 's3.region': 'us-east-1' };
const TABLE = 's3://lake/wh/ns/orders';
const E = 'http://127.0.0.1:9100';
const AWS = { 's3.access-key-id': 'AKID', 's3.secret-access-key': 'warehouse-secret', 's3.region': 'us-east-1' };
const AWS_E = 'https://s3.us-east-1.amazonaws.com';

async function sign(method: string, uri: string, opts: { headers?: Record<string, string[]>; body?: string; access?: TableAccess; storage?: Record<string, string>; clientConfig?: Record<string, string>; table?: string } = {}) {
  const input: SignInput = {
    request: s3SignRequestSchema.parse({ method, uri, region: 'us-east-1', headers: opts.headers ?? {}, ...(opts.body !== undefined ? { body: opts.body } : {}) }),
    storageConfig: opts.storage ?? STORAGE,
    clientConfig: opts.clientConfig ?? {},
    tableLocation: opts.table ?? TABLE,
    access: opts.access ?? 'read-write',
    now: new Date('2026-11-24T12:00:00Z'),
  };
  return signS3Request(input);
}

async function refused(p: Promise<unknown>, kind: 'forbidden' | 'bad-request', message: RegExp) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof S3SignError, String(e));
    assert.equal(e.kind, kind, e.message);
    assert.match(e.message, message);
    assert.ok(!e.message.includes('warehouse-secret'));
    return true;
  });
}

describe('S3 signer: what is signed', () => {
  it('signs a GET inside the table: only the headers to add, over host, x-amz-* and content-md5', async () => {
    const r = await sign('GET', `${E}/lake/wh/ns/orders/data/00000-0.parquet`, { headers: { 'User-Agent': ['botocore'], Range: ['bytes=0-9'], 'X-Amz-Meta-X': ['1'] } });
    assert.equal(r.uri, `${E}/lake/wh/ns/orders/data/00000-0.parquet`);
    assert.deepEqual(Object.keys(r.headers).sort(), ['Authorization', 'X-Amz-Content-SHA256', 'X-Amz-Date']);
    assert.deepEqual(r.headers['X-Amz-Content-SHA256'], ['UNSIGNED-PAYLOAD']);
    assert.deepEqual(r.headers['X-Amz-Date'], ['20261124T120000Z']);
    assert.match(r.headers.Authorization[0], /^AWS4-HMAC-SHA256 Credential=AKID\/20261124\/us-east-1\/s3\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-meta-x, Signature=[0-9a-f]{64}$/);
    assert.equal(r.cacheable, true);
  });

  it("keeps the client's own x-amz-content-sha256 and x-amz-date (Iceberg Java keeps its headers over ours)", async () => {
    const r = await sign('PUT', `${E}/lake/wh/ns/orders/metadata/snap.avro`, { headers: { 'x-amz-content-sha256': ['STREAMING-UNSIGNED-PAYLOAD-TRAILER'], 'X-Amz-Date': ['20261124T115959Z'], 'Content-MD5': ['abc='] } });
    assert.equal(r.headers['X-Amz-Content-SHA256'], undefined);
    assert.deepEqual(r.headers['X-Amz-Date'], ['20261124T115959Z']);
    assert.match(r.headers.Authorization[0], /SignedHeaders=content-md5;host;x-amz-content-sha256;x-amz-date,/);
    assert.equal(r.cacheable, false);
  });

  it('adds the session token of the warehouse keys', async () => {
    const r = await sign('HEAD', `${E}/lake/wh/ns/orders/data/a`, { storage: { ...STORAGE, 's3.session-token': 'sess' } });
    assert.deepEqual(r.headers['X-Amz-Security-Token'], ['sess']);
    assert.match(r.headers.Authorization[0], /x-amz-security-token/);
  });

  it('is deterministic for the same request and date, and differs per path', async () => {
    const a = await sign('GET', `${E}/lake/wh/ns/orders/data/a`);
    const b = await sign('GET', `${E}/lake/wh/ns/orders/data/a`);
    const c = await sign('GET', `${E}/lake/wh/ns/orders/data/b`);
    assert.equal(a.headers.Authorization[0], b.headers.Authorization[0]);
    assert.notEqual(a.headers.Authorization[0], c.headers.Authorization[0]);
  });

  it('accepts virtual-host style URIs on the endpoint, and the client_config endpoint', async () => {
    const aws = { 's3.access-key-id': 'AKID', 's3.secret-access-key': 'x', 's3.region': 'eu-west-1' };
    await sign('GET', 'https://lake.s3.eu-west-1.amazonaws.com/wh/ns/orders/data/a', { storage: aws });
    await sign('GET', 'https://s3.eu-west-1.amazonaws.com/lake/wh/ns/orders/data/a', { storage: aws });
    await sign('GET', 'http://lake.minio.local:9000/wh/ns/orders/data/a', { storage: { ...STORAGE, 's3.endpoint': 'http://minio.local:9000' } });
    await sign('GET', 'http://public.example/lake/wh/ns/orders/data/a', { clientConfig: { 's3.endpoint': 'http://public.example' } });
  });

  it('serves listings below the table, bucket HEAD, GetBucketLocation and multipart uploads', async () => {
    await sign('GET', `${E}/lake?list-type=2&prefix=wh%2Fns%2Forders%2Fdata%2F&delimiter=%2F`, { access: 'read' });
    await sign('GET', `${E}/lake/?prefix=wh/ns/orders/&max-keys=10`, { access: 'read' });
    await sign('GET', `${E}/lake?uploads&prefix=wh/ns/orders/`, { access: 'read' });
    await sign('HEAD', `${E}/lake`, { access: 'read' });
    await sign('GET', `${E}/lake?location`, { access: 'read' });
    await sign('POST', `${E}/lake/wh/ns/orders/data/big.parquet?uploads`);
    await sign('PUT', `${E}/lake/wh/ns/orders/data/big.parquet?partNumber=1&uploadId=abc`);
    await sign('POST', `${E}/lake/wh/ns/orders/data/big.parquet?uploadId=abc`);
    await sign('DELETE', `${E}/lake/wh/ns/orders/data/big.parquet?uploadId=abc`);
    await sign('PUT', `${E}/lake/wh/ns/orders/data/copy.parquet`, { headers: { 'x-amz-copy-source': ['/lake/wh/ns/orders/data/a.parquet'] } });
  });

  it('signs a DeleteObjects on AWS S3 whose keys are all inside, binding the body by its SHA-256', async () => {
    const body = '<?xml version="1.0" encoding="UTF-8"?>\n<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>wh/ns/orders/data/a&amp;b.parquet</Key></Object><Object><Key>wh/ns/orders/metadata/m.avro</Key></Object><Quiet>true</Quiet></Delete>';
    const sha = createHash('sha256').update(body).digest('hex');
    const md5 = createHash('md5').update(body).digest('base64');
    const r = await sign('POST', `${AWS_E}/lake?delete`, { body, headers: { 'Content-MD5': [md5] }, storage: AWS });
    assert.deepEqual(r.headers['X-Amz-Content-SHA256'], [sha]);
    assert.match(r.headers.Authorization[0], /SignedHeaders=content-md5;host;x-amz-content-sha256;x-amz-date,/);
    // the client's own payload hash is kept when it is the body's
    const own = await sign('POST', `${AWS_E}/lake?delete`, { body, headers: { 'x-amz-content-sha256': [sha], 'content-md5': [md5] }, storage: AWS });
    assert.equal(own.headers['X-Amz-Content-SHA256'], undefined);
    // an unsigned payload cannot be bound to the checked keys
    await refused(sign('POST', `${AWS_E}/lake?delete`, { body, headers: { 'x-amz-content-sha256': ['UNSIGNED-PAYLOAD'], 'content-md5': [md5] }, storage: AWS }), 'forbidden', /must be signed with the SHA-256 of its body/);
    await refused(sign('POST', `${AWS_E}/lake?delete`, { body, headers: { 'content-md5': ['AAAA'] }, storage: AWS }), 'bad-request', /content-md5 header does not match/);
    await refused(sign('POST', `${AWS_E}/lake?delete`, { body, headers: { 'x-amz-content-sha256': ['0'.repeat(64)] }, storage: AWS }), 'bad-request', /x-amz-content-sha256 header does not match/);
    // S3-compatible endpoints (MinIO) do not verify the body: no bulk deletes there
    await refused(sign('POST', `${E}/lake?delete`, { body }), 'forbidden', /only signed for AWS S3/);
  });
});

describe('S3 signer: what is refused', () => {
  it('objects outside the table: other tables, siblings with a shared name prefix, the bucket root, other buckets', async () => {
    await refused(sign('GET', `${E}/lake/wh/ns/other/data/a`), 'forbidden', /s3:\/\/lake\/wh\/ns\/other\/data\/a is outside the table's location s3:\/\/lake\/wh\/ns\/orders/);
    await refused(sign('GET', `${E}/lake/wh/ns/orders_v2/data/a`), 'forbidden', /outside/);
    await refused(sign('GET', `${E}/lake/wh/ns/orders`), 'forbidden', /outside/);
    await refused(sign('GET', `${E}/lake/secret.txt`), 'forbidden', /outside/);
    await refused(sign('GET', `${E}/other-bucket/wh/ns/orders/data/a`), 'forbidden', /bucket "other-bucket", outside the table/);
    await refused(sign('PUT', `${E}/lake/wh/ns/orders/../other/x`), 'forbidden', /"\." or "\.\." segment/);
    await refused(sign('PUT', `${E}/lake/wh/ns/orders/%2E%2E/other/x`), 'forbidden', /"\." or "\.\." segment/);
  });

  it('hosts that are not the endpoint (S3 would read another bucket from them)', async () => {
    await refused(sign('GET', `http://evil.example/lake/wh/ns/orders/data/a`), 'forbidden', /host evil\.example is not this warehouse's S3 endpoint/);
    const local = { ...STORAGE, 's3.endpoint': 'http://minio.local:9000' };
    await refused(sign('GET', 'http://other.minio.local:9000/lake/wh/ns/orders/data/a', { storage: local }), 'forbidden', /host other\.minio\.local:9000 is not this warehouse's S3 endpoint/);
    await refused(sign('GET', 'http://minio.local:9001/lake/wh/ns/orders/data/a', { storage: local }), 'forbidden', /not this warehouse's S3 endpoint/);
    const aws = { 's3.access-key-id': 'AKID', 's3.secret-access-key': 'x', 's3.region': 'eu-west-1' };
    await refused(sign('GET', 'https://other.s3.eu-west-1.amazonaws.com/lake/wh/ns/orders/data/a', { storage: aws }), 'forbidden', /not this warehouse's S3 endpoint/);
  });

  it('listings without a prefix or with a prefix outside the table', async () => {
    await refused(sign('GET', `${E}/lake?list-type=2`), 'forbidden', /needs a prefix inside/);
    await refused(sign('GET', `${E}/lake?list-type=2&prefix=wh/ns/`), 'forbidden', /Listing prefix "wh\/ns\/" is outside/);
    await refused(sign('GET', `${E}/lake?list-type=2&prefix=wh/ns/orders`), 'forbidden', /outside/);
    await refused(sign('GET', `${E}/lake?list-type=2&prefix=wh/ns/orders/&prefix=wh/`), 'forbidden', /outside/);
    await refused(sign('GET', `${E}/lake?policy`), 'forbidden', /not served/);
  });

  it('writes without write access; bucket writes; unknown subresources; public ACLs and grants', async () => {
    for (const m of ['PUT', 'POST', 'DELETE']) {
      await refused(sign(m, `${E}/lake/wh/ns/orders/data/a${m === 'POST' ? '?uploads' : ''}`, { access: 'read' }), 'forbidden', new RegExp(`${m} needs write access`));
    }
    await refused(sign('PUT', `${E}/lake`), 'forbidden', /on the bucket itself is not served/);
    await refused(sign('DELETE', `${E}/lake`), 'forbidden', /on the bucket itself/);
    await refused(sign('PUT', `${E}/lake/wh/ns/orders/data/a?acl`), 'forbidden', /\?acl is not an S3 operation this signer serves/);
    await refused(sign('GET', `${E}/lake/wh/ns/orders/data/a?torrent`), 'forbidden', /not an S3 operation/);
    await refused(sign('PUT', `${E}/lake/wh/ns/orders/data/a`, { headers: { 'x-amz-acl': ['public-read'] } }), 'forbidden', /x-amz-acl "public-read" is refused/);
    await refused(sign('PUT', `${E}/lake/wh/ns/orders/data/a`, { headers: { 'x-amz-grant-read': ['uri=http://acs.amazonaws.com/groups/global/AllUsers'] } }), 'forbidden', /grant/);
    await refused(sign('OPTIONS', `${E}/lake/wh/ns/orders/data/a`), 'forbidden', /OPTIONS/);
  });

  it('copies from outside the table', async () => {
    await refused(sign('PUT', `${E}/lake/wh/ns/orders/data/c`, { headers: { 'x-amz-copy-source': ['/lake/wh/ns/other/data/a'] } }), 'forbidden', /copy source lake\/wh\/ns\/other\/data\/a is outside/);
    await refused(sign('PUT', `${E}/lake/wh/ns/orders/data/c`, { headers: { 'x-amz-copy-source': ['other-bucket/wh/ns/orders/data/a?versionId=1'] } }), 'forbidden', /outside/);
  });

  it('DeleteObjects naming a key outside, without a body, or with a body S3 might read differently', async () => {
    const doc = (keys: string[]) => `<Delete>${keys.map((k) => `<Object><Key>${k}</Key></Object>`).join('')}</Delete>`;
    await refused(sign('POST', `${AWS_E}/lake?delete`, { storage: AWS, body: doc(['wh/ns/orders/data/a', 'wh/ns/other/data/b']) }), 'forbidden', /DeleteObjects names s3:\/\/lake\/wh\/ns\/other\/data\/b/);
    await refused(sign('POST', `${AWS_E}/lake?delete`, { storage: AWS }), 'forbidden', /needs the request body/);
    await refused(sign('POST', `${AWS_E}/lake?delete`, { storage: AWS, body: '<Delete><Object><Key >wh/ns/other/x</Key></Object></Delete>' }), 'forbidden', /not a plain S3 Delete document/);
    await refused(sign('POST', `${AWS_E}/lake?delete`, { storage: AWS, body: '<Delete><!-- c --><Object><Key>wh/ns/orders/a</Key></Object></Delete>' }), 'forbidden', /not a plain/);
    await refused(sign('POST', `${AWS_E}/lake?delete`, { storage: AWS, body: '<Delete><Object><Key><![CDATA[wh/ns/other/x]]></Key></Object></Delete>' }), 'forbidden', /not a plain/);
    assert.deepEqual(deleteObjectsKeys('<Delete>\n <Object><Key>a&#47;b&lt;</Key><VersionId>1</VersionId></Object>\n</Delete>'), ['a/b<']);
  });

  it('malformed requests are bad requests', async () => {
    assert.equal(s3SignRequestSchema.safeParse({ method: 'GET', uri: 'x', headers: {} }).success, true, 'region is optional');
    assert.equal(s3SignRequestSchema.safeParse({ method: 'BREW', uri: 'http://h/b/k', headers: {} }).success, false);
    assert.equal(s3SignRequestSchema.safeParse({ method: 'GET', uri: 'http://h/b/k', headers: { a: 'not-a-list' } }).success, false);
    assert.equal(s3SignRequestSchema.parse({ method: 'get', uri: 'http://h/b/k', headers: {}, provider: 's3', properties: {} }).method, 'GET');
    await refused(sign('GET', 'ftp://127.0.0.1:9100/lake/wh/ns/orders/a'), 'bad-request', /absolute http\(s\) URL/);
    await refused(sign('GET', 'http://user:pw@127.0.0.1:9100/lake/wh/ns/orders/a'), 'bad-request', /user name or password/);
    await refused(sign('GET', `${E}/lake/wh/ns/orders/%E0%A4%A`), 'bad-request', /percent-encoding/);
    await refused(sign('GET', `${E}/lake?__proto__=x&prefix=wh/ns/orders/`), 'bad-request', /Unexpected query parameter/);
  });

  it('names the missing warehouse keys', async () => {
    await assert.rejects(sign('GET', `${E}/lake/wh/ns/orders/a`, { storage: { 's3.endpoint': E } }), /S3 remote signing needs the warehouse's S3 keys: s3\.access-key-id and s3\.secret-access-key missing/);
  });
});

describe('S3RemoteSigning vend', () => {
  it('gives no keys, only the signer and the settings PyIceberg and Iceberg Java need', async () => {
    const out = await vendRemoteSigning({
      strategy: { type: 'S3RemoteSigning' },
      storageConfig: STORAGE,
      clientConfig: { 's3.endpoint': 'http://localhost:9100' },
      tableLocation: TABLE,
      access: 'read-write',
      signer: { uri: 'http://127.0.0.1:8080/', endpoint: '/v1/cat/sign' },
    });
    assert.deepEqual(out, {
      config: {
        's3.endpoint': 'http://localhost:9100',
        's3.region': 'us-east-1',
        'client.region': 'us-east-1',
        's3.path-style-access': 'true',
        's3.remote-signing-enabled': 'true',
        's3.signer': 'S3V4RestSigner',
        's3.signer.uri': 'http://127.0.0.1:8080',
        's3.signer.endpoint': 'v1/cat/sign',
        'py-io-impl': 'pyiceberg.io.fsspec.FsspecFileIO',
      },
      storageCredentials: [],
    });
    assert.ok(!JSON.stringify(out).includes('warehouse-secret') && !JSON.stringify(out).includes('AKID'));
  });
});

describe('signRequestTarget (what the catalog-level signer resolves the table from)', () => {
  const target = (method: string, uri: string, body?: string, storage: Record<string, string> = STORAGE) =>
    signRequestTarget(s3SignRequestSchema.parse({ method, uri, headers: {}, ...(body !== undefined ? { body } : {}) }), storage, {}, 'lake');

  it('the object key (path-style and virtual-host style), decoded', () => {
    assert.deepEqual(target('GET', `${E}/lake/wh/ns/orders/data/a%20b.parquet`), { bucket: 'lake', keys: ['wh/ns/orders/data/a b.parquet'] });
    assert.deepEqual(target('PUT', 'https://lake.s3.us-east-1.amazonaws.com/wh/ns/orders/x', undefined, AWS), { bucket: 'lake', keys: ['wh/ns/orders/x'] });
    assert.deepEqual(target('GET', `${E}/other/k`), { bucket: 'other', keys: ['k'] });
  });

  it('the listing prefixes, the DeleteObjects keys, nothing for other bucket-level requests', () => {
    assert.deepEqual(target('GET', `${E}/lake?list-type=2&prefix=wh%2Fns%2Forders%2F`), { bucket: 'lake', keys: ['wh/ns/orders/'] });
    assert.deepEqual(target('POST', `${AWS_E}/lake?delete`, '<Delete><Object><Key>wh/ns/orders/a</Key></Object></Delete>', AWS), { bucket: 'lake', keys: ['wh/ns/orders/a'] });
    assert.deepEqual(target('HEAD', `${E}/lake`), { bucket: 'lake', keys: [] });
    assert.deepEqual(target('GET', `${E}/lake?list-type=2`), { bucket: 'lake', keys: [] });
  });

  it('refuses what signS3Request would refuse before any lookup: foreign hosts, dot segments', () => {
    assert.throws(() => target('GET', 'http://evil.example/lake/wh/ns/orders/x'), (e: unknown) => e instanceof S3SignError && e.kind === 'forbidden');
    assert.throws(() => target('GET', `${E}/lake/wh/ns/orders/../other/x`), (e: unknown) => e instanceof S3SignError && e.kind === 'forbidden');
  });
});
