// The warehouse form's pure helpers: field-level key checks (with the rename fix), kept
// secrets, client_config rules, presets and locations, the Docker host hint, vending
// fields, and the failed steps recovered from a 422.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { REDACTED } from '../../../src/shared/api/admin.js';
import { failedStepsFrom } from '../../../src/renderer/src/lib/check-steps.js';
import { configToRows, newRow, renameRow, rowsToConfig, validateRows, type ConfigRow } from '../../../src/renderer/src/lib/config-rows.js';
import { applyPreset, checkLocation, dockerHostHint, presetFor, storageLabel, STORAGE_PRESETS } from '../../../src/renderer/src/lib/storage-presets.js';
import { describeStrategy, strategiesFor, vendingFormFrom, vendingIssues, vendingStrategyFrom, EMPTY_VENDING } from '../../../src/renderer/src/lib/vending.js';
import { validateStorageConfig } from '../../../src/shared/storage-config.js';
import * as serverStorageConfig from '../../../src/server/storage/storage-config.js';

const rows = (...pairs: [string, string][]): ConfigRow[] => pairs.map(([k, v]) => newRow(k, v));
const issueFor = (r: ConfigRow[], key: string, scheme: Parameters<typeof validateRows>[1], opts: Parameters<typeof validateRows>[2] = { kind: 'storage' }) => {
  const row = r.find((x) => x.key === key)!;
  return validateRows(r, scheme, opts)[row.id];
};

describe('storage_config rows: key names checked as typed', () => {
  test('legacy and env-var names name the Iceberg key, with a rename fix', () => {
    const r = rows(['access_key_id', 'AKIA'], ['AWS_SECRET_ACCESS_KEY', 's'], ['endpoint', 'http://localhost:9000'], ['bucket', 'b']);
    assert.deepEqual(
      r.map((x) => issueFor(r, x.key, 's3')?.rename),
      ['s3.access-key-id', 's3.secret-access-key', 's3.endpoint', 's3.bucket'],
    );
    assert.match(issueFor(r, 'AWS_SECRET_ACCESS_KEY', 's3')!.key!, /environment variable name/);
  });

  test('a typo is caught; the rename makes the row valid', () => {
    let r = rows(['py_io_impl', 'pyiceberg.io.pyarrow.PyArrowFileIO']);
    const issue = issueFor(r, 'py_io_impl', 'file')!;
    assert.equal(issue.rename, 'py-io-impl');
    r = renameRow(r, r[0]!.id, issue.rename!);
    assert.deepEqual(validateRows(r, 'file', { kind: 'storage' }), {});
    assert.deepEqual(rowsToConfig(r), { 'py-io-impl': 'pyiceberg.io.pyarrow.PyArrowFileIO' });
  });

  test('a key of another storage type is named, without a rename', () => {
    const r = rows(['s3.endpoint', 'http://x:9000']);
    const issue = issueFor(r, 's3.endpoint', 'file')!;
    assert.match(issue.key!, /has no effect on local/);
    assert.equal(issue.rename, undefined);
    assert.match(issueFor(rows(['adls.account-name', 'acct']), 'adls.account-name', 's3')!.key!, /Azure property/);
  });

  test('blank key, spaces around the key, duplicates', () => {
    const r = rows(['', 'v'], [' s3.region ', 'us-east-1'], ['s3.region', 'us-east-1'], ['s3.region', 'eu-west-1']);
    const issues = validateRows(r, 's3', { kind: 'storage' });
    assert.equal(issues[r[0]!.id]?.key, 'Enter a key name');
    assert.equal(issues[r[1]!.id]?.rename, 's3.region');
    assert.equal(issues[r[2]!.id], undefined);
    assert.match(issues[r[3]!.id]!.key!, /already set above/);
  });

  test('values: empty is flagged as empty (shown once touched); bad values name the key', () => {
    const r = rows(['s3.endpoint', '127.0.0.1:9000'], ['s3.region', ''], ['s3.path-style-access', 'yes']);
    assert.match(issueFor(r, 's3.endpoint', 's3')!.value!, /http:\/\/ or https:\/\/ URL .*http:\/\/127\.0\.0\.1:9000/);
    assert.equal(issueFor(r, 's3.region', 's3')!.empty, true);
    assert.match(issueFor(r, 's3.path-style-access', 's3')!.value!, /true or false/);
  });

  test('a secret without its key id offers to add the missing key', () => {
    const r = rows(['s3.secret-access-key', 'x']);
    assert.equal(issueFor(r, 's3.secret-access-key', 's3')!.add, 's3.access-key-id');
  });

  test('stored secrets: ******** is kept for a stored key, refused for any other', () => {
    const r = rows(['s3.access-key-id', 'AKIA'], ['s3.secret-access-key', REDACTED]);
    assert.deepEqual(validateRows(r, 's3', { kind: 'storage', storedSecrets: new Set(['s3.secret-access-key']) }), {});
    assert.match(issueFor(r, 's3.secret-access-key', 's3', { kind: 'storage' })!.value!, /placeholder for a stored secret/);
  });

  test('client_config: no secrets, same key rules', () => {
    const r = rows(['s3.endpoint', 'http://localhost:9000'], ['s3.secret-access-key', 'x'], ['endpoint', 'http://a:1']);
    const issues = validateRows(r, 's3', { kind: 'client' });
    assert.equal(issues[r[0]!.id], undefined);
    assert.match(issues[r[1]!.id]!.key!, /is a secret: client_config holds only what clients may see/);
    assert.equal(issues[r[2]!.id]!.rename, 's3.endpoint');
  });

  test('catalog properties: only structure is checked', () => {
    const r = rows(['anything.goes', 'x'], ['empty', '']);
    const issues = validateRows(r, undefined, { kind: 'properties' });
    assert.equal(issues[r[0]!.id], undefined);
    assert.equal(issues[r[1]!.id]!.empty, true);
  });

  test('rows round-trip; blank rows are dropped, the first duplicate wins', () => {
    const r = [...configToRows({ a: '1', b: '2' }), newRow(), newRow('a', '3')];
    assert.deepEqual(rowsToConfig(r), { a: '1', b: '2' });
  });

  test('every preset is valid for its scheme once the values are filled in', () => {
    for (const p of STORAGE_PRESETS) {
      const filled = Object.fromEntries(Object.entries(p.storageConfig).map(([k, v]) => [k, v || (k.includes('account-name') ? 'acct' : 'value')]));
      assert.deepEqual(validateStorageConfig(p.scheme, filled), { ok: true, config: filled }, p.label);
    }
  });

  test('the server module re-exports the shared one', () => {
    assert.equal(serverStorageConfig.validateStorageConfig, validateStorageConfig);
  });
});

describe('storage presets and locations', () => {
  test('storage type by scheme', () => {
    assert.equal(storageLabel('file:///tmp/x'), 'Local folder');
    assert.equal(storageLabel('/tmp/x'), 'Local folder');
    assert.equal(storageLabel('s3a://b/x'), 'S3 / MinIO');
    assert.equal(storageLabel('abfss://c@a.dfs.core.windows.net/x'), 'Azure (ADLS Gen2 / Blob)');
    assert.equal(storageLabel('gs://b/x'), 'Google Cloud Storage');
    assert.equal(storageLabel('ftp://x'), 'Unknown');
  });

  test('location checks: empty, unsupported, relative, mismatch with the storage type', () => {
    assert.match(checkLocation('', 'file').error!, /Enter where/);
    assert.match(checkLocation('ftp://x/y', 'file').error!, /Unsupported location/);
    assert.match(checkLocation('file:relative', 'file').error!, /absolute path/);
    assert.deepEqual(checkLocation('s3://b/x', 's3'), { scheme: 's3' });
    const mismatch = checkLocation('s3://b/x', 'file');
    assert.equal(mismatch.scheme, 's3');
    assert.match(mismatch.error!, /S3 \/ MinIO location but the storage type is Local folder/);
  });

  test('switching preset keeps typed values of shared keys and drops the old type’s keys', () => {
    assert.deepEqual(applyPreset('s3', { 's3.region': 'eu-west-1', 'adls.account-name': 'a' }), { ...presetFor('s3').storageConfig, 's3.region': 'eu-west-1' });
    assert.deepEqual(applyPreset('file', { 's3.region': 'x' }), {});
  });

  test('Docker host name hint: single-label host without a client endpoint', () => {
    assert.deepEqual(dockerHostHint('s3', { 's3.endpoint': 'http://minio:9000' }, {}), { key: 's3.endpoint', host: 'minio', suggested: 'http://localhost:9000' });
    assert.equal(dockerHostHint('s3', { 's3.endpoint': 'http://minio:9000' }, { 's3.endpoint': 'http://localhost:9000' }), undefined);
    assert.equal(dockerHostHint('s3', { 's3.endpoint': 'http://localhost:9000' }, {}), undefined);
    assert.equal(dockerHostHint('s3', { 's3.endpoint': 'https://s3.amazonaws.com' }, {}), undefined);
    assert.equal(dockerHostHint('file', {}, {}), undefined);
  });
});

describe('vending strategy fields', () => {
  const s3Keys = { 's3.access-key-id': 'a', 's3.secret-access-key': REDACTED };

  test('offered strategies follow the storage type', () => {
    assert.deepEqual(strategiesFor('s3').map((s) => s.type), ['none', 'AwsStatic', 'AwsSts', 'S3RemoteSigning']);
    assert.deepEqual(strategiesFor('azure').map((s) => s.type), ['none', 'AzureSas']);
    assert.deepEqual(strategiesFor('gcs', 'AwsSts').map((s) => s.type), ['none', 'AwsSts', 'GcpDownscoped']);
  });

  test('AwsSts: role required, duration range, URL endpoint; JSON with numbers', () => {
    const form = { ...EMPTY_VENDING, type: 'AwsSts' as const };
    assert.match(vendingIssues(form, 's3', s3Keys).role_arn!, /role to assume/);
    const bad = vendingIssues({ ...form, role_arn: 'arn:aws:iam::1:role/r', duration_seconds: '60', sts_endpoint: 'minio:9000' }, 's3', s3Keys);
    assert.match(bad.duration_seconds!, /900 to 43200/);
    assert.match(bad.sts_endpoint!, /http/);
    const good = { ...form, role_arn: 'arn:aws:iam::1:role/r', duration_seconds: '3600', external_id: 'ext' };
    assert.deepEqual(vendingIssues(good, 's3', s3Keys), {});
    assert.deepEqual(vendingStrategyFrom(good), { type: 'AwsSts', role_arn: 'arn:aws:iam::1:role/r', duration_seconds: 3600, external_id: 'ext' });
    assert.deepEqual(vendingFormFrom(vendingStrategyFrom(good)), good);
  });

  test('strategy must fit the storage and have the keys it hands out or signs with', () => {
    assert.match(vendingIssues({ ...EMPTY_VENDING, type: 'AzureSas' }, 's3', {}).type!, /vends Azure credentials but the location is S3/);
    assert.match(vendingIssues({ ...EMPTY_VENDING, type: 'AwsStatic' }, 's3', {}).type!, /s3\.access-key-id and s3\.secret-access-key/);
    assert.match(vendingIssues({ ...EMPTY_VENDING, type: 'AzureSas' }, 'azure', {}).type!, /adls\.account-key/);
    assert.deepEqual(vendingIssues({ ...EMPTY_VENDING, type: 'AzureSas', scope: 'container', duration_seconds: '600' }, 'azure', { 'adls.account-key': REDACTED }), {});
    assert.match(vendingIssues({ ...EMPTY_VENDING, type: 'GcpDownscoped', duration_seconds: '7200' }, 'gcs', {}).duration_seconds!, /60 to 3600/);
  });

  test('none is sent as null; descriptions for the list', () => {
    assert.equal(vendingStrategyFrom(EMPTY_VENDING), null);
    assert.equal(describeStrategy(null), 'none');
    assert.equal(describeStrategy({ type: 'AwsSts', role_arn: 'arn:x', duration_seconds: 900 }), 'AwsSts (arn:x, 900 s)');
    assert.equal(describeStrategy({ type: 'AwsStatic' }), 'AwsStatic');
  });
});

describe('failed steps of a refused "Save & check" (422)', () => {
  const message =
    'Warehouse not saved, the connection check failed: Bucket / container reachable with these credentials: The bucket "nope" does not exist; check s3.bucket (fix: Create the bucket or container named above (or fix s3.bucket / the location), then check again); Credential vending (AwsSts): STS refused (fix: Check role_arn)';

  test('steps recovered from the message, with their fixes', () => {
    const steps = failedStepsFrom(message)!;
    assert.deepEqual(
      steps.map((s) => [s.title, s.status, s.message, s.fix]),
      [
        ['Bucket / container reachable with these credentials', 'fail', 'The bucket "nope" does not exist; check s3.bucket', 'Create the bucket or container named above (or fix s3.bucket / the location), then check again'],
        ['Credential vending (AwsSts)', 'fail', 'STS refused', 'Check role_arn'],
      ],
    );
  });

  test('steps from the body win when the server sends them; other messages give none', () => {
    const body = { error: { message, type: 'UnprocessableEntityException', code: 422 }, check: { ok: false, steps: [{ id: 'reach', title: 'R', status: 'fail', message: 'm' }, { id: 'config', title: 'C', status: 'pass', message: 'ok' }] } };
    assert.deepEqual(failedStepsFrom(message, body)!.map((s) => s.id), ['reach']);
    assert.equal(failedStepsFrom('Invalid warehouse: storage_config: …'), undefined);
  });
});
