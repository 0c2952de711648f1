// validateStorageConfig: only Iceberg FileIO keys, legacy names mapped to the right key,
// did-you-mean for typos, value checks, and no secret in any message.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AZURE_KEYS, GCS_KEYS, S3_KEYS, editDistance, isSecretKey, isSecretKeyFor, storageSchemeOf, validateStorageConfig, type StorageConfigError, type StorageScheme } from '../../src/server/storage/storage-config.js';

const MINIO = {
  's3.access-key-id': 'pangolin-test',
  's3.secret-access-key': 'pangolin-test-secret',
  's3.endpoint': 'http://127.0.0.1:9100',
  's3.region': 'us-east-1',
  's3.bucket': 'warehouse',
  's3.path-style-access': 'true',
};

function errorsOf(scheme: StorageScheme, config: Record<string, string>): StorageConfigError[] {
  const r = validateStorageConfig(scheme, config);
  assert.equal(r.ok, false, `expected errors for ${JSON.stringify(Object.keys(config))}`);
  return r.ok ? [] : r.errors;
}

function only(scheme: StorageScheme, config: Record<string, string>): StorageConfigError {
  const errors = errorsOf(scheme, config);
  assert.equal(errors.length, 1, JSON.stringify(errors));
  return errors[0];
}

describe('validateStorageConfig', () => {
  it('accepts a complete MinIO config and returns a copy of it', () => {
    const r = validateStorageConfig('s3', MINIO);
    assert.deepEqual(r, { ok: true, config: MINIO });
    assert.ok(r.ok && r.config !== MINIO);
  });

  it('accepts the seed guide warehouse config (with "type")', () => {
    const seed = { type: 's3', 's3.bucket': 'postgres-bucket', 's3.region': 'us-east-1', 's3.endpoint': 'http://localhost:9000', 's3.access-key-id': 'minioadmin', 's3.secret-access-key': 'minioadmin' };
    assert.equal(validateStorageConfig('s3', seed).ok, true);
  });

  it('accepts an empty config for every scheme', () => {
    for (const s of ['s3', 'azure', 'gcs', 'file'] as const) assert.deepEqual(validateStorageConfig(s, {}), { ok: true, config: {} });
  });

  it('accepts every listed Iceberg key with a plausible value', () => {
    const value = (k: string) => (/endpoint|uri|host/.test(k) ? 'https://example.com' : /enabled|path-style|virtual|anon|no-auth|requester|aware|resolve|anonymous/.test(k) ? 'false' : /region/.test(k) ? 'eu-west-1' : /expires|size|timeout-sec/.test(k) ? '1000' : /account-name/.test(k) ? 'acct01' : /bucket/.test(k) ? 'my-bucket' : 'x');
    const s3 = Object.fromEntries(S3_KEYS.filter((k) => !k.startsWith('client.') || k === 'client.region' || k.startsWith('client.assume') || k === 'client.factory').map((k) => [k, k === 's3.force-virtual-addressing' ? 'false' : value(k)]));
    s3['s3.region'] = s3['client.region'] = 'eu-west-1';
    assert.deepEqual(validateStorageConfig('s3', s3), { ok: true, config: s3 });
    const az = Object.fromEntries(AZURE_KEYS.filter((k) => k !== 'azure.client-secret').map((k) => [k, value(k)]));
    assert.deepEqual(validateStorageConfig('azure', az), { ok: true, config: az });
    const gcs = Object.fromEntries(GCS_KEYS.map((k) => [k, value(k)]));
    assert.deepEqual(validateStorageConfig('gcs', gcs), { ok: true, config: gcs });
  });

  it('accepts client.* credential aliases and any adls.* key', () => {
    assert.equal(validateStorageConfig('s3', { 'client.access-key-id': 'a', 'client.secret-access-key': 'b', 'client.session-token': 't', 'client.region': 'us-east-1' }).ok, true);
    assert.equal(validateStorageConfig('azure', { 'adls.sas-token.myacct.dfs.core.windows.net': 'sv=x', 'adls.connection-string.myacct': 'c' }).ok, true);
  });

  describe('legacy and wrong key names name the right key', () => {
    const cases: [string, string][] = [
      ['access_key_id', 's3.access-key-id'],
      ['AWS_ACCESS_KEY_ID', 's3.access-key-id'],
      ['s3.access_key_id', 's3.access-key-id'],
      ['accessKeyId', 's3.access-key-id'],
      ['secret_access_key', 's3.secret-access-key'],
      ['AWS_SECRET_ACCESS_KEY', 's3.secret-access-key'],
      ['s3.secret_access_key', 's3.secret-access-key'],
      ['secretAccessKey', 's3.secret-access-key'],
      ['AWS_SESSION_TOKEN', 's3.session-token'],
      ['bucket', 's3.bucket'],
      ['BUCKET_NAME', 's3.bucket'],
      ['endpoint', 's3.endpoint'],
      ['S3_ENDPOINT', 's3.endpoint'],
      ['AWS_ENDPOINT_URL', 's3.endpoint'],
      ['endpoint_url', 's3.endpoint'],
      ['region', 's3.region'],
      ['AWS_REGION', 's3.region'],
      ['AWS_DEFAULT_REGION', 's3.region'],
      ['path_style_access', 's3.path-style-access'],
      ['s3.path_style_access', 's3.path-style-access'],
      ['forcePathStyle', 's3.path-style-access'],
      ['S3.Access-Key-Id', 's3.access-key-id'],
      ['S3.REGION', 's3.region'],
    ];
    for (const [wrong, right] of cases) {
      it(`${wrong} -> ${right}`, () => {
        const e = only('s3', { [wrong]: 'VALUE-1234' });
        assert.equal(e.key, wrong);
        assert.equal(e.suggestion, right);
        assert.match(e.message, new RegExp(`"${right.replace(/\./g, '\\.')}"`));
        assert.match(e.message, new RegExp(wrong.replace(/\./g, '\\.')));
        assert.doesNotMatch(e.message, /VALUE-1234/);
      });
    }

    it('says an environment variable name is not a property', () => {
      assert.match(only('s3', { AWS_ACCESS_KEY_ID: 'x' }).message, /environment variable/);
      assert.doesNotMatch(only('s3', { access_key_id: 'x' }).message, /environment variable/);
    });

    it('maps Azure and GCS legacy names for their scheme', () => {
      assert.equal(only('azure', { account_name: 'acct01' }).suggestion, 'azure.account-name');
      assert.equal(only('azure', { AZURE_STORAGE_KEY: 'k' }).suggestion, 'azure.account-key');
      assert.equal(only('azure', { azure_account_key: 'k' }).suggestion, 'azure.account-key');
      assert.equal(only('gcs', { project_id: 'p' }).suggestion, 'gcs.project-id');
      assert.equal(only('gcs', { 'gcp.project-id': 'p' }).suggestion, 'gcs.project-id');
      assert.equal(only('gcs', { GOOGLE_CLOUD_PROJECT: 'p' }).suggestion, 'gcs.project-id');
      assert.equal(only('gcs', { 'gcs.oauth2_token': 't' }).suggestion, 'gcs.oauth2.token');
    });

    it('reports every wrong key, not just the first', () => {
      const errors = errorsOf('s3', { access_key_id: 'a', secret_access_key: 'b', bucket: 'x', endpoint: 'http://h:1', region: 'r' });
      assert.deepEqual(errors.map((e) => e.suggestion).sort(), ['s3.access-key-id', 's3.bucket', 's3.endpoint', 's3.region', 's3.secret-access-key']);
    });
  });

  describe('did you mean', () => {
    const typos: [StorageScheme, string, string][] = [
      ['s3', 's3.acess-key-id', 's3.access-key-id'],
      ['s3', 's3.secret-acces-key', 's3.secret-access-key'],
      ['s3', 's3.endpont', 's3.endpoint'],
      ['s3', 's3.regoin', 's3.region'],
      ['s3', 's3.buckets', 's3.bucket'],
      ['s3', 's3.path-style-acess', 's3.path-style-access'],
      ['s3', 'client.regin', 'client.region'],
      ['s3', 's3.sesion-token', 's3.session-token'],
      ['azure', 'azure.acount-name', 'azure.account-name'],
      ['azure', 'azure.account-keys', 'azure.account-key'],
      ['gcs', 'gcs.projectid', 'gcs.project-id'],
      ['gcs', 'gcs.oauth2.tokn', 'gcs.oauth2.token'],
    ];
    for (const [scheme, typo, right] of typos) {
      it(`${typo} -> ${right}`, () => {
        const e = only(scheme, { [typo]: 'true' });
        assert.equal(e.suggestion, right);
        assert.match(e.message, /did you mean|use/);
      });
    }

    it('rejects unknown keys without a close match, listing known keys', () => {
      const e = only('s3', { 'warehouse-owner': 'me' });
      assert.equal(e.suggestion, undefined);
      assert.match(e.message, /Unknown storage config key "warehouse-owner".*s3\.access-key-id/);
    });

    it('editDistance counts insertions, deletions, substitutions and transpositions', () => {
      assert.equal(editDistance('abc', 'abc'), 0);
      assert.equal(editDistance('abc', 'abd'), 1);
      assert.equal(editDistance('abc', 'ab'), 1);
      assert.equal(editDistance('abc', 'acb'), 1);
      assert.equal(editDistance('', 'abc'), 3);
    });
  });

  it('flags keys of another scheme', () => {
    const e = only('s3', { 'azure.account-name': 'acct01' });
    assert.match(e.message, /Azure property.*no effect on S3/);
    assert.match(only('azure', { 's3.endpoint': 'http://x:1' }).message, /S3 property/);
    assert.match(only('gcs', { 'adls.account-name': 'a' }).message, /Azure property/);
    assert.match(only('file', { 's3.bucket': 'b' }).message, /S3 property.*local/);
    assert.match(only('file', { foo: 'b' }).message, /not used by local/);
  });

  describe('values', () => {
    it('s3.endpoint must be an http(s) URL without path, query or credentials', () => {
      for (const ok of ['http://127.0.0.1:9100', 'https://s3.eu-west-1.amazonaws.com', 'http://minio:9000/']) assert.equal(validateStorageConfig('s3', { 's3.endpoint': ok }).ok, true, ok);
      assert.match(only('s3', { 's3.endpoint': 'localhost:9000' }).message, /http:\/\/ or https:\/\/ URL/);
      assert.match(only('s3', { 's3.endpoint': '127.0.0.1:9000' }).message, /e\.g\. "http:\/\/127\.0\.0\.1:9000"/);
      assert.match(only('s3', { 's3.endpoint': 'ftp://host' }).message, /not ftp:/);
      assert.match(only('s3', { 's3.endpoint': 'not a url' }).message, /http:\/\//);
      const withPath = only('s3', { 's3.endpoint': 'http://localhost:9000/my-bucket' });
      assert.match(withPath.message, /without a path.*s3\.bucket/);
      assert.match(only('s3', { 's3.endpoint': 'http://h:1/?x=1' }).message, /query/);
      const creds = only('s3', { 's3.endpoint': 'http://user:hunter2@h:9000' });
      assert.doesNotMatch(creds.message, /hunter2/);
      assert.match(creds.message, /s3\.access-key-id/);
    });

    it('booleans are true or false', () => {
      for (const v of ['true', 'false', 'TRUE', 'False']) assert.equal(validateStorageConfig('s3', { 's3.path-style-access': v }).ok, true, v);
      for (const v of ['yes', '1', 'on', 'ture']) assert.match(only('s3', { 's3.path-style-access': v }).message, /must be true or false/);
      assert.match(only('gcs', { 'gcs.no-auth': 'y' }).message, /true or false/);
    });

    it('credentials come in pairs', () => {
      const e = only('s3', { 's3.secret-access-key': 'sekrit-value' });
      assert.equal(e.key, 's3.secret-access-key');
      assert.match(e.message, /s3\.access-key-id is missing/);
      assert.doesNotMatch(e.message, /sekrit-value/);
      assert.match(only('s3', { 's3.access-key-id': 'id' }).message, /s3\.secret-access-key is missing/);
      assert.match(only('s3', { 's3.session-token': 't0k' }).message, /session token/);
      assert.equal(validateStorageConfig('s3', { 's3.access-key-id': 'a', 'client.secret-access-key': 'b' }).ok, true);
      assert.match(only('azure', { 'azure.account-key': 'k' }).message, /azure\.account-name is missing/);
    });

    it('flags contradictions and disagreeing aliases', () => {
      assert.match(only('s3', { 's3.path-style-access': 'true', 's3.force-virtual-addressing': 'true' }).message, /contradict/);
      assert.match(only('s3', { 's3.region': 'us-east-1', 'client.region': 'eu-west-1' }).message, /disagree/);
      const e = only('s3', { 's3.access-key-id': 'a', 's3.secret-access-key': 'one-secret', 'client.secret-access-key': 'two-secret' });
      assert.doesNotMatch(e.message, /one-secret|two-secret/);
    });

    it('checks bucket names, regions, empty values and stray spaces', () => {
      assert.match(only('s3', { 's3.bucket': 's3://warehouse/path' }).message, /not a location: use "warehouse"/);
      assert.match(only('s3', { 's3.bucket': 'warehouse/path' }).message, /without "\/"/);
      assert.match(only('s3', { 's3.bucket': 'My_Bucket' }).message, /not a valid bucket name/);
      assert.match(only('s3', { 's3.region': 'US East 1' }).message, /region name/);
      assert.match(only('s3', { 's3.bucket': '' }).message, /empty/);
      const e = only('s3', { 's3.access-key-id': 'a', 's3.secret-access-key': 'secret-with-newline\n' });
      assert.match(e.message, /leading or trailing/);
      assert.doesNotMatch(e.message, /secret-with-newline/);
      assert.match(only('gcs', { 'gcs.oauth2.token-expires-at': 'tomorrow' }).message, /whole number/);
      assert.match(only('azure', { 'azure.account-name': 'Bad_Name' }).message, /storage account name/);
    });

    it('type must match the scheme', () => {
      assert.equal(validateStorageConfig('azure', { type: 'adls' }).ok, true);
      assert.equal(validateStorageConfig('gcs', { type: 'gcs' }).ok, true);
      assert.match(only('s3', { type: 'azure' }).message, /type is "azure" but the location is S3/);
    });

    it('never echoes a secret value in any message', () => {
      const secret = 'TOP-SECRET-VALUE-42';
      const configs: Record<string, string>[] = [
        { AWS_SECRET_ACCESS_KEY: secret },
        { secret_access_key: secret },
        { 's3.secret-access-key': secret },
        { 's3.secret-access-key': ` ${secret}` },
        { 's3.session-token': secret },
        { 's3.secret-acces-key': secret },
        { 's3.endpoint': `http://u:${secret}@h:1` },
        { 's3.access-key-id': 'a', 's3.secret-access-key': secret, 'client.secret-access-key': 'other' },
      ];
      for (const c of configs) for (const e of errorsOf('s3', c)) assert.doesNotMatch(e.message, new RegExp(secret), JSON.stringify(e));
    });

    it('rejects non-object configs and unknown schemes', () => {
      assert.equal(validateStorageConfig('s3', null as unknown as Record<string, string>).ok, false);
      assert.equal(validateStorageConfig('hdfs' as StorageScheme, {}).ok, false);
      assert.match(only('s3', { 's3.region': 42 as unknown as string }).message, /string/);
    });
  });
});

describe('storageSchemeOf', () => {
  it('maps location schemes to storage schemes', () => {
    const cases: [string, StorageScheme | undefined][] = [
      ['s3://b/k', 's3'],
      ['S3A://b/k', 's3'],
      ['s3n://b/k', 's3'],
      ['abfss://c@a.dfs.core.windows.net/p', 'azure'],
      ['wasbs://c@a/p', 'azure'],
      ['gs://b/p', 'gcs'],
      ['file:///tmp/x', 'file'],
      ['/tmp/x', 'file'],
      ['C:/x', 'file'],
      ['hdfs://nn/x', undefined],
      ['relative', undefined],
    ];
    for (const [loc, s] of cases) assert.equal(storageSchemeOf(loc), s, loc);
  });
});

describe('isSecretKey / isSecretKeyFor', () => {
  it('counts secret keys and every legacy name of one as secret, plain keys as plain', () => {
    for (const k of ['s3.secret-access-key', 's3.session-token', 'adls.account-key', 'gcs.oauth2.token', 'secret_access_key', 'AWS_SECRET_ACCESS_KEY', 'MINIO_ROOT_PASSWORD', 'connection_string', 'AZURE_STORAGE_CONNECTION_STRING', 'sas_token']) {
      assert.equal(isSecretKey(k), true, k);
    }
    for (const k of ['s3.access-key-id', 's3.role-session-name', 's3.region', 's3.endpoint', 'access_key_id', 'azure.account-name', 'bucket']) assert.equal(isSecretKey(k), false, k);
  });

  it('on a scheme, a legacy name is the class of the key it stands for', () => {
    assert.equal(isSecretKeyFor('s3', 'access_key'), false); // S3: the access key id
    assert.equal(isSecretKeyFor('azure', 'access_key'), true); // Azure: the account key
    assert.equal(isSecretKeyFor('s3', 'secret_access_key'), true);
    assert.equal(isSecretKeyFor('s3', 's3.role-session-name'), false);
    assert.equal(isSecretKeyFor(undefined, 'access_key'), true);
  });
});
