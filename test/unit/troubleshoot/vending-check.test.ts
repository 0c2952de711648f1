// What a client received from a load with vended credentials, judged and masked.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskConfig, vendedCredentialsStep } from '../../../src/server/troubleshoot/vending-check.js';

describe('vendedCredentialsStep', () => {
  it('AwsStatic with the Iceberg keys: pass, details masked and sorted', () => {
    const s = vendedCredentialsStep({ strategy: 'AwsStatic', scheme: 's3', table: 'lake.db.t', config: { 's3.secret-access-key': 'sk', 's3.access-key-id': 'AK', 's3.endpoint': 'http://localhost:9000' }, storageCredentials: [] });
    assert.equal(s.status, 'pass');
    assert.deepEqual(s.details, { 's3.access-key-id': 'AK', 's3.endpoint': 'http://localhost:9000', 's3.secret-access-key': '********' });
    assert.deepEqual(Object.keys(s.details ?? {}), ['s3.access-key-id', 's3.endpoint', 's3.secret-access-key']);
    assert.ok(!JSON.stringify(s).includes('"sk"'));
  });

  it('keys only in storage-credentials count too', () => {
    const s = vendedCredentialsStep({ strategy: 'AwsSts', scheme: 's3', table: 't', config: {}, storageCredentials: [{ prefix: 's3://b/t', config: { 's3.access-key-id': 'A', 's3.secret-access-key': 'S', 's3.session-token': 'T' } }] });
    assert.equal(s.status, 'pass');
    assert.match(s.message, /1 prefix-scoped storage credential\(s\) \(s3:\/\/b\/t\)/);
    assert.equal(s.details?.['s3.session-token'], '********');
  });

  it('no keys vended (seed Issue 3): fail naming the missing keys and where they belong', () => {
    const s = vendedCredentialsStep({ strategy: 'AwsStatic', scheme: 's3', table: 'lake.db.t', config: { 's3.endpoint': 'http://x' }, storageCredentials: [] });
    assert.equal(s.status, 'fail');
    assert.match(s.message, /returned no s3\.access-key-id, s3\.secret-access-key/);
    assert.match(s.fix ?? '', /s3\.access-key-id and s3\.secret-access-key/);
  });

  it('remote signing and Azure SAS', () => {
    assert.equal(vendedCredentialsStep({ strategy: 'S3RemoteSigning', scheme: 's3', table: 't', config: { 's3.remote-signing-enabled': 'true', 's3.signer.uri': 'http://127.0.0.1:8080' }, storageCredentials: [] }).status, 'pass');
    assert.equal(vendedCredentialsStep({ strategy: 'AzureSas', scheme: 'azure', table: 't', config: { 'adls.sas-token.acct.dfs.core.windows.net': 'sv=...' }, storageCredentials: [] }).status, 'pass');
    assert.equal(vendedCredentialsStep({ strategy: 'AzureSas', scheme: 'azure', table: 't', config: {}, storageCredentials: [] }).status, 'fail');
  });

  it('maskConfig masks every secret key', () => {
    assert.deepEqual(maskConfig({ 'adls.sas-token.acct': 'sig', 'gcs.oauth2.token': 'ya29', 's3.region': 'us-east-1' }), { 'adls.sas-token.acct': '********', 'gcs.oauth2.token': '********', 's3.region': 'us-east-1' });
  });
});
