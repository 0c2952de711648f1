// The S3 vending strategies without a network: the STS session policy (scoped to the
// table's prefix), duration clamping, session names, STS error messages (clear, never a
// secret), the static strategy's config, and the non-secret keys every client gets.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { vend as vendStatic } from '../../../src/server/vending/aws-static.js';
import { buildSessionPolicy, clampDuration, roleSessionName, stsError, vend as vendSts } from '../../../src/server/vending/aws-sts.js';
import { s3ClientKeys, s3PrefixOf } from '../../../src/server/vending/s3-common.js';
import { vendingStrategySchema, type VendRequest } from '../../../src/server/vending/types.js';
import { StorageError } from '../../../src/server/storage/types.js';

const SECRET = 'super-secret-value-123';
const STORAGE = {
  's3.access-key-id': 'AKIDWAREHOUSE',
  's3.secret-access-key': SECRET,
  's3.endpoint': 'http://minio.internal:9000/',
  's3.region': 'eu-west-1',
};

const request = (over: Partial<VendRequest> = {}): VendRequest => ({
  strategy: { type: 'AwsStatic' },
  storageConfig: STORAGE,
  clientConfig: {},
  tableLocation: 's3://lake/wh/sales/orders',
  access: 'read-write',
  ...over,
});

describe('buildSessionPolicy', () => {
  it('grants read and write on the table prefix and listing below it only', () => {
    assert.deepEqual(buildSessionPolicy({ bucket: 'lake', prefix: 'wh/sales/orders' }, 'read-write'), {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'TableObjects', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'], Resource: ['arn:aws:s3:::lake/wh/sales/orders/*'] },
        { Sid: 'ListTablePrefix', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: ['arn:aws:s3:::lake'], Condition: { StringLike: { 's3:prefix': ['wh/sales/orders/*', 'wh/sales/orders'] } } },
      ],
    });
  });

  it('grants only GetObject for read access', () => {
    const p = buildSessionPolicy({ bucket: 'lake', prefix: 't' }, 'read');
    assert.deepEqual(p.Statement[0].Action, ['s3:GetObject']);
    assert.deepEqual(p.Statement[0].Resource, ['arn:aws:s3:::lake/t/*']);
    assert.ok(!JSON.stringify(p).includes('PutObject'));
  });

  it('a table at the bucket root gets the bucket, without a list condition', () => {
    const p = buildSessionPolicy({ bucket: 'lake', prefix: '' }, 'read');
    assert.deepEqual(p.Statement[0].Resource, ['arn:aws:s3:::lake/*']);
    assert.equal(p.Statement[1].Condition, undefined);
  });

  it('is small enough for STS (packed policy limit ~2 KB) even for long locations', () => {
    const prefix = `wh/${'n'.repeat(200)}/${'t'.repeat(200)}`;
    assert.ok(JSON.stringify(buildSessionPolicy({ bucket: 'b'.repeat(63), prefix }, 'read-write')).length < 2048);
  });
});

describe('s3PrefixOf', () => {
  it('takes the bucket from s3.bucket first, then from the location', () => {
    assert.deepEqual(s3PrefixOf('s3://loc-bucket/a/b/', {}), { bucket: 'loc-bucket', prefix: 'a/b' });
    assert.deepEqual(s3PrefixOf('s3a://loc-bucket/a', { 's3.bucket': 'cfg' }), { bucket: 'cfg', prefix: 'a' });
    assert.deepEqual(s3PrefixOf('s3://b', {}), { bucket: 'b', prefix: '' });
  });
  it('refuses non-S3 locations', () => {
    assert.throws(() => s3PrefixOf('file:///tmp/wh/t', {}), (e: unknown) => e instanceof StorageError && e.code === 'invalid-location' && /Not an S3 location/.test(e.message));
    assert.throws(() => s3PrefixOf('s3:///k', {}), (e: unknown) => e instanceof StorageError && /s3\.bucket/.test(e.message));
  });
});

describe('clampDuration and roleSessionName', () => {
  it('defaults to 3600 s and clamps to STS limits 900..43200', () => {
    assert.equal(clampDuration(undefined), 3600);
    assert.equal(clampDuration(60), 900);
    assert.equal(clampDuration(100_000), 43200);
    assert.equal(clampDuration(1800.7), 1800);
  });
  it('the strategy schema keeps durations in the same range', () => {
    assert.equal(vendingStrategySchema.safeParse({ type: 'AwsSts', role_arn: 'arn:x', duration_seconds: 899 }).success, false);
    assert.equal(vendingStrategySchema.safeParse({ type: 'AwsSts', role_arn: 'arn:x', duration_seconds: 900 }).success, true);
  });
  it('names the session after the table within STS rules', () => {
    assert.equal(roleSessionName('wh/sales/orders'), 'pangolin-wh-sales-orders');
    const long = roleSessionName(`wh/${'x'.repeat(100)}/tbl`);
    assert.ok(long.length <= 64 && /^[\w+=,.@-]+$/.test(long) && long.endsWith('-tbl'), long);
    assert.equal(roleSessionName('///'), 'pangolin-table');
  });
});

describe('stsError', () => {
  const target = 'http://sts.example:9000';
  // STS (AWS and MinIO) sends a request id with every answer; the SDK puts it in $metadata.
  const sdkError = (name: string, status: number, message = 'x') => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status, requestId: 'req-1' } });

  it('names the key to fix for wrong keys, never echoing the secret', () => {
    const wrongKey = stsError(sdkError('InvalidClientTokenId', 403, 'The security token included in the request is invalid.'), target, 'arn:r', SECRET);
    assert.equal(wrongKey.code, 'access-denied');
    assert.match(wrongKey.message, /does not know the warehouse's s3\.access-key-id/);
    const wrongSecret = stsError(sdkError('SignatureDoesNotMatch', 403, `signature mismatch for ${SECRET}`), target, 'arn:r', SECRET);
    assert.match(wrongSecret.message, /s3\.secret-access-key does not match/);
    for (const e of [wrongKey, wrongSecret]) assert.ok(!e.message.includes(SECRET));
  });

  it("reads MinIO's wrong-key answers (AccessDenied with S3's messages) as wrong keys, not as a role problem", () => {
    const secret = stsError(sdkError('AccessDenied', 403, 'The request signature we calculated does not match the signature you provided. Check your key and signing method.'), target, 'arn:r', SECRET);
    assert.match(secret.message, /s3\.secret-access-key does not match s3\.access-key-id/);
    const key = stsError(sdkError('AccessDenied', 403, 'The Access Key Id you provided does not exist in our records.'), target, 'arn:r', SECRET);
    assert.match(key.message, /does not know the warehouse's s3\.access-key-id/);
  });

  it('says the role could not be assumed, with the role and what to check', () => {
    const e = stsError(sdkError('AccessDenied', 403, `User: arn:aws:iam::1:user/u is not authorized to perform: sts:AssumeRole (${SECRET})`), target, 'arn:aws:iam::1:role/r', SECRET);
    assert.equal(e.code, 'access-denied');
    assert.match(e.message, /refused to let the warehouse's keys assume role arn:aws:iam::1:role\/r: check the role's trust policy/);
    assert.ok(!e.message.includes(SECRET), e.message);
  });

  it('maps an unreachable endpoint to unavailable naming sts_endpoint', () => {
    const e = stsError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), target, 'arn:r');
    assert.equal(e.code, 'unavailable');
    assert.match(e.message, /Cannot reach STS at http:\/\/sts\.example:9000 \(ECONNREFUSED\): check sts_endpoint/);
  });

  it('keeps other HTTP failures as unavailable with the status', () => {
    const e = stsError(sdkError('InternalFailure', 500), target, 'arn:r');
    assert.equal(e.code, 'unavailable');
    assert.match(e.message, /HTTP 500/);
  });

  it('an answer without a request id is not from STS: bad-gateway, its message not repeated', () => {
    const e = stsError(Object.assign(new Error('<html>SECRET-PAGE</html>'), { name: 'Unknown', $metadata: { httpStatusCode: 302 } }), target, 'arn:r');
    assert.deepEqual([e.code, /did not answer as an STS service \(HTTP 302\)/.test(e.message), e.message.includes('SECRET-PAGE')], ['bad-gateway', true, false]);
  });
});

describe('s3ClientKeys', () => {
  it('gives endpoint, region and path-style, no secret', () => {
    assert.deepEqual(s3ClientKeys(STORAGE), { 's3.endpoint': 'http://minio.internal:9000', 's3.region': 'eu-west-1', 'client.region': 'eu-west-1', 's3.path-style-access': 'true' });
  });
  it('prefers client_config values (the endpoint as the client reaches it) and passes its other keys on', () => {
    const keys = s3ClientKeys(STORAGE, { 's3.endpoint': 'https://s3.public.example', 's3.path-style-access': 'false', 'header.x': 'y', 's3.secret-access-key': 'no' });
    assert.equal(keys['s3.endpoint'], 'https://s3.public.example');
    assert.equal(keys['s3.path-style-access'], 'false');
    assert.equal(keys['header.x'], 'y');
    assert.equal(keys['s3.secret-access-key'], undefined);
  });
  it('no path-style without an endpoint (AWS) or with forced virtual addressing', () => {
    assert.deepEqual(s3ClientKeys({ 's3.region': 'us-east-1' }), { 's3.region': 'us-east-1', 'client.region': 'us-east-1' });
    assert.equal(s3ClientKeys({ 's3.endpoint': 'http://e', 's3.force-virtual-addressing': 'true' })['s3.path-style-access'], undefined);
  });
});

describe('AwsStatic', () => {
  it('hands out the warehouse keys in config and one storage credential for the table', async () => {
    const out = await vendStatic(request({ clientConfig: { 's3.endpoint': 'http://localhost:9000' } }));
    const expected = { 's3.endpoint': 'http://localhost:9000', 's3.region': 'eu-west-1', 'client.region': 'eu-west-1', 's3.path-style-access': 'true', 's3.access-key-id': 'AKIDWAREHOUSE', 's3.secret-access-key': SECRET };
    assert.deepEqual(out.config, expected);
    assert.deepEqual(out.storageCredentials, [{ prefix: 's3://lake/wh/sales/orders', config: expected }]);
    assert.equal(out.expiresAt, undefined);
  });
  it('includes the session token when the warehouse has one', async () => {
    const out = await vendStatic(request({ storageConfig: { ...STORAGE, 's3.session-token': 'tok' } }));
    assert.equal(out.config['s3.session-token'], 'tok');
  });
  it('refuses without keys, naming them', async () => {
    await assert.rejects(vendStatic(request({ storageConfig: { 's3.region': 'us-east-1' } })), (e: unknown) => e instanceof StorageError && /s3\.access-key-id and s3\.secret-access-key missing/.test(e.message));
    await assert.rejects(vendStatic(request({ tableLocation: 'file:///tmp/t' })), (e: unknown) => e instanceof StorageError && e.code === 'invalid-location');
  });
});

describe('AwsSts (no server)', () => {
  it('reports an unreachable STS endpoint as unavailable, without the secret', async () => {
    await assert.rejects(
      vendSts(request({ strategy: { type: 'AwsSts', role_arn: 'arn:aws:iam::1:role/r', sts_endpoint: 'http://127.0.0.1:1' } })),
      (e: unknown) => e instanceof StorageError && e.code === 'unavailable' && /Cannot reach STS at http:\/\/127\.0\.0\.1:1/.test(e.message) && !e.message.includes(SECRET),
    );
  });
});
