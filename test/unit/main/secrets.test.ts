import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SecretBox, SecretBoxError } from '../../../src/main/secrets.js';
import { fakeSafeStorage } from './fakes.js';

describe('SecretBox', () => {
  test('seals with safeStorage and opens again; the sealed text does not contain the secret', () => {
    const safe = fakeSafeStorage();
    const warnings: string[] = [];
    const box = new SecretBox(safe, { warn: (m) => warnings.push(m) });
    const sealed = box.seal('s3cr3t-key');
    assert.match(sealed, /^enc:v1:/);
    assert.ok(!sealed.includes('s3cr3t-key'));
    assert.ok(!Buffer.from(sealed.slice(7), 'base64').toString('utf8').includes('s3cr3t-key'));
    assert.equal(box.open(sealed), 's3cr3t-key');
    assert.deepEqual(safe.calls, ['encrypt', 'decrypt']);
    assert.equal(box.encrypted, true);
    assert.deepEqual(warnings, []);
  });

  test('without OS encryption it still works, warns once, and says so', () => {
    const warnings: string[] = [];
    const box = new SecretBox(fakeSafeStorage({ available: false }), { warn: (m) => warnings.push(m) });
    const sealed = box.seal('pässword');
    assert.match(sealed, /^plain:v1:/);
    assert.equal(box.open(sealed), 'pässword');
    box.seal('again');
    assert.equal(box.encrypted, false);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /unencrypted/);
  });

  test('the Linux basic_text backend counts as not encrypted and is reported', () => {
    const warnings: string[] = [];
    const box = new SecretBox(fakeSafeStorage({ backend: 'basic_text' }), { warn: (m) => warnings.push(m) });
    assert.equal(box.encrypted, false);
    assert.match(warnings[0]!, /basic_text/);
    assert.equal(box.open(box.seal('x')), 'x');
  });

  test('an encrypted secret cannot be opened once the keychain is unavailable: clear error', () => {
    const sealed = new SecretBox(fakeSafeStorage(), { warn: () => undefined }).seal('k');
    const box = new SecretBox(fakeSafeStorage({ available: false }), { warn: () => undefined });
    assert.throws(() => box.open(sealed), (e: unknown) => e instanceof SecretBoxError && /keychain/.test(e.message));
  });

  test('garbage and foreign ciphertexts give a SecretBoxError, not a crash', () => {
    const box = new SecretBox(fakeSafeStorage(), { warn: () => undefined });
    assert.throws(() => box.open('hello'), SecretBoxError);
    assert.throws(() => box.open('enc:v1:' + Buffer.from('other-machine').toString('base64')), /cannot be decrypted/);
  });
});
