// The storage check pieces the warehouse "test connection" and the troubleshooter share:
// key names with the renames that fix them, the Docker host name's client_config, the
// bucket of a location, table references, and the warehouse probe on a local folder.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { objectStoreFor } from '../../../src/server/storage/index.js';
import { suggestedClientConfig } from '../../../src/server/troubleshoot/endpoint-advice.js';
import { containerOf, parseTableRef } from '../../../src/server/troubleshoot/run.js';
import { checkConfigKeys, probeWarehouse } from '../../../src/server/troubleshoot/storage-probe.js';

describe('checkConfigKeys', () => {
  it('valid Iceberg keys pass with no renames', () => {
    const r = checkConfigKeys('s3', { 's3.access-key-id': 'a', 's3.secret-access-key': 'b', 's3.endpoint': 'http://127.0.0.1:9000' });
    assert.equal(r.step.status, 'pass');
    assert.deepEqual(r.renames, {});
    assert.equal(r.corrected, undefined);
  });

  it('legacy names (seed Issue 3): fail, the renames, and the corrected config', () => {
    const r = checkConfigKeys('s3', { access_key_id: 'a', AWS_SECRET_ACCESS_KEY: 'b', bucket: 'lake', 's3.region': 'us-east-1' });
    assert.equal(r.step.status, 'fail');
    assert.deepEqual(r.renames, { access_key_id: 's3.access-key-id', AWS_SECRET_ACCESS_KEY: 's3.secret-access-key', bucket: 's3.bucket' });
    assert.deepEqual(r.corrected, { 's3.access-key-id': 'a', 's3.secret-access-key': 'b', 's3.bucket': 'lake', 's3.region': 'us-east-1' });
    assert.match(r.step.fix ?? '', /Rename "access_key_id" → "s3\.access-key-id"/);
    assert.ok(!r.step.message.includes('b"'), 'no secret value in the message');
  });

  it('a rename onto a key already set is not offered; renames that leave other errors give no corrected config', () => {
    const clash = checkConfigKeys('s3', { access_key_id: 'a', 's3.access-key-id': 'a', 's3.secret-access-key': 'b' });
    assert.deepEqual(clash.renames, {});
    const rest = checkConfigKeys('s3', { access_key_id: 'a', 's3.secret-access-key': 'b', 's3.region': 'Not A Region' });
    assert.deepEqual(rest.renames, { access_key_id: 's3.access-key-id' });
    assert.equal(rest.corrected, undefined);
  });
});

describe('suggestedClientConfig (the Docker host name trap)', () => {
  it('a single-label host: client_config points clients at localhost, other client keys kept', () => {
    assert.deepEqual(suggestedClientConfig('s3://b/x', { 's3.endpoint': 'http://minio:9000' }, { 's3.region': 'us-east-1' }), { 's3.region': 'us-east-1', 's3.endpoint': 'http://localhost:9000' });
  });
  it('nothing to fix for localhost, a real domain, or when client_config already says', () => {
    assert.equal(suggestedClientConfig('s3://b/x', { 's3.endpoint': 'http://localhost:9000' }, {}), undefined);
    assert.equal(suggestedClientConfig('s3://b/x', { 's3.endpoint': 'https://s3.example.com' }, {}), undefined);
    assert.equal(suggestedClientConfig('s3://b/x', { 's3.endpoint': 'http://minio:9000' }, { 's3.endpoint': 'http://127.0.0.1:9000' }), undefined);
  });
});

describe('containerOf and parseTableRef', () => {
  it('s3.bucket first, then the location (the seed’s bucket rule)', () => {
    assert.equal(containerOf('s3://from-location/x', { 's3.bucket': 'from-config' }), 'from-config');
    assert.equal(containerOf('s3a://from-location/x', {}), 'from-location');
    assert.equal(containerOf('abfss://lake@acct.dfs.core.windows.net/x', {}), 'lake');
    assert.equal(containerOf('gs://gbucket/x', {}), 'gbucket');
    assert.equal(containerOf('file:///tmp/lake', {}), '/tmp/lake');
    assert.equal(containerOf('ftp://x', {}), undefined);
  });
  it('"ns.sub.table" splits at the last dot; parts pass through; no dot is refused', () => {
    assert.deepEqual(parseTableRef('db.sub.events'), { namespace: ['db', 'sub'], name: 'events' });
    assert.deepEqual(parseTableRef({ namespace: ['a.b'], name: 't' }), { namespace: ['a.b'], name: 't' });
    assert.throws(() => parseTableRef('events'), /<namespace>\.<table>/);
    assert.throws(() => parseTableRef('db..t'), /<namespace>\.<table>/);
  });
});

describe('probeWarehouse (warehouse "test connection") keeps its steps', () => {
  it('a local folder: config, reach, write, read, delete', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pangolin-probe-'));
    try {
      const r = await probeWarehouse({ location: pathToFileURL(dir).href, storageConfig: {}, clientConfig: {}, vendingStrategy: null, objectStoreFor });
      assert.equal(r.ok, true, JSON.stringify(r.steps));
      assert.deepEqual(r.steps.map((s) => `${s.id}:${s.status}`), ['config:pass', 'reach:pass', 'write:pass', 'read:pass', 'delete:pass']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('bad keys stop after the config step', async () => {
    const r = await probeWarehouse({ location: 's3://b/x', storageConfig: { access_key_id: 'a' }, clientConfig: {}, vendingStrategy: null, objectStoreFor });
    assert.deepEqual(r.steps.map((s) => `${s.id}:${s.status}`), ['config:fail']);
  });
});
