import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SecretCipher, SecretDecryptError, isEncrypted } from '../../../src/server/secrets/cipher.js';
import { checkWarehouseDefinition, mergeRedacted, redactConfig } from '../../../src/server/admin/warehouse-rules.js';
import { endpointReachability } from '../../../src/server/troubleshoot/endpoint-advice.js';

describe('SecretCipher', () => {
  it('round-trips, uses a fresh IV per value, and refuses a tampered or foreign value', () => {
    const c = SecretCipher.fromKey(randomBytes(32));
    const a = c.encrypt('s3cret');
    const b = c.encrypt('s3cret');
    assert.notEqual(a, b);
    assert.ok(isEncrypted(a) && !a.includes('s3cret'));
    assert.equal(c.decrypt(a), 's3cret');
    const tampered = a.slice(0, -4) + (a.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    assert.throws(() => c.decrypt(tampered), SecretDecryptError);
    assert.throws(() => SecretCipher.fromKey(randomBytes(32)).decrypt(a), /PANGOLIN_ENCRYPTION_KEY/);
    assert.equal(c.decrypt('plain-legacy'), 'plain-legacy');
  });

  it('encrypts only the secret keys of a config, idempotently', () => {
    const c = SecretCipher.fromKey(randomBytes(32));
    const enc = c.encryptConfig({ 's3.access-key-id': 'AK', 's3.secret-access-key': 'SK', 's3.endpoint': 'http://x', 'adls.account-key': 'AZ' });
    assert.equal(enc['s3.access-key-id'], 'AK');
    assert.equal(enc['s3.endpoint'], 'http://x');
    assert.ok(isEncrypted(enc['s3.secret-access-key']!) && isEncrypted(enc['adls.account-key']!));
    assert.deepEqual(c.encryptConfig(enc), enc);
    assert.deepEqual(c.decryptConfig(enc), { 's3.access-key-id': 'AK', 's3.secret-access-key': 'SK', 's3.endpoint': 'http://x', 'adls.account-key': 'AZ' });
  });

  it('generates a 0600 key file in the data dir once, or takes PANGOLIN_ENCRYPTION_KEY', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pangolin-key-'));
    const a = SecretCipher.fromConfig(undefined, dir);
    const b = SecretCipher.fromConfig(undefined, dir);
    assert.equal(b.decrypt(a.encrypt('x')), 'x');
    assert.equal(statSync(join(dir, 'encryption-key')).mode & 0o777, 0o600);
    const hex = randomBytes(32).toString('hex');
    const fromEnv = SecretCipher.fromConfig(hex, dir);
    assert.equal(SecretCipher.fromKey(Buffer.from(hex, 'hex')).decrypt(fromEnv.encrypt('y')), 'y');
  });
});

describe('warehouse rules', () => {
  it('redacts secrets and keeps a stored secret when the placeholder is sent back', () => {
    const red = redactConfig({ 's3.secret-access-key': 'SK', 's3.region': 'r' });
    assert.deepEqual(red, { 's3.secret-access-key': '********', 's3.region': 'r' });
    assert.deepEqual(mergeRedacted(red, { 's3.secret-access-key': 'SK', 's3.region': 'old' }), { 's3.secret-access-key': 'SK', 's3.region': 'r' });
  });

  it('accepts a complete definition and lists every problem of a bad one', () => {
    assert.deepEqual(checkWarehouseDefinition({ location: 's3://b/p', storageConfig: { 's3.access-key-id': 'a', 's3.secret-access-key': 'b' }, clientConfig: {}, vendingStrategy: { type: 'AwsSts', role_arn: 'arn:aws:iam::1:role/r' } }), { type: 'AwsSts', role_arn: 'arn:aws:iam::1:role/r' });
    assert.throws(
      () => checkWarehouseDefinition({ location: 's3://b/p', storageConfig: { access_key_id: 'a' }, clientConfig: { 's3.secret-access-key': 'x' }, vendingStrategy: { type: 'GcpDownscoped' } }),
      (e: Error) => /s3\.access-key-id/.test(e.message) && /client_config/.test(e.message) && /vending_strategy: GcpDownscoped/.test(e.message),
    );
  });
});

describe('endpoint advice (localhost vs Docker host names)', () => {
  it('warns for a container host name without client_config, passes with one', () => {
    const [warn] = endpointReachability('s3://b/p', { 's3.endpoint': 'http://minio:9000' }, {});
    assert.equal(warn?.status, 'warn');
    assert.match(warn!.fix!, /localhost:9000/);
    const [ok] = endpointReachability('s3://b/p', { 's3.endpoint': 'http://minio:9000' }, { 's3.endpoint': 'http://localhost:9000' });
    assert.equal(ok?.status, 'pass');
    assert.deepEqual(endpointReachability('file:///tmp/x', {}, {}), []);
    assert.equal(endpointReachability('s3://b/p', { 's3.endpoint': 'not a url' }, {})[0]?.status, 'fail');
  });
});
