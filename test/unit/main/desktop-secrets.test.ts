import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import {
  DesktopSecrets,
  DesktopSecretsError,
  LEGACY_KEY_FILE,
  ROOT_USER,
  SECRETS_FILE,
  isValidEncryptionKey,
  type DesktopSecretsOptions,
} from '../../../src/main/desktop-secrets.js';
import { SecretBox } from '../../../src/main/secrets.js';
import { loadConfig } from '../../../src/server/config.js';
import { SecretCipher } from '../../../src/server/secrets/cipher.js';
import { fakeSafeStorage } from './fakes.js';

const quietBox = (opts: { available?: boolean } = {}) => new SecretBox(fakeSafeStorage(opts), { warn: () => undefined });

describe('desktop secrets', () => {
  let dir: string;
  let warnings: string[];
  const load = (over: Partial<DesktopSecretsOptions> = {}) =>
    DesktopSecrets.load({ dir, dataDir: dir, box: quietBox(), env: {}, logger: { warn: (m) => warnings.push(m) }, ...over });
  const stored = () => JSON.parse(readFileSync(join(dir, SECRETS_FILE), 'utf8')) as Record<string, unknown>;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pangolin-desktop-secrets-'));
    warnings = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('first launch generates a strong root password and a 256-bit key, both sealed with the keychain', () => {
    const safe = fakeSafeStorage();
    const s = load({ box: new SecretBox(safe, { warn: () => undefined }) });
    assert.equal(s.rootUser, ROOT_USER);
    assert.equal(s.rootUser, 'admin');
    assert.match(s.rootPassword, /^[A-Za-z0-9_-]{32}$/, '192 random bits, URL-safe');
    assert.match(s.encryptionKey, /^[0-9a-f]{64}$/);
    assert.ok(safe.calls.filter((c) => c === 'encrypt').length >= 2, 'both sealed with safeStorage');

    const file = join(dir, SECRETS_FILE);
    const text = readFileSync(file, 'utf8');
    assert.ok(!text.includes(s.rootPassword), 'no plaintext password on disk');
    assert.ok(!text.includes(s.encryptionKey), 'no plaintext key on disk');
    assert.match(String(stored().rootPassword), /^enc:v1:/);
    assert.match(String(stored().encryptionKey), /^enc:v1:/);
    assert.equal(stored().rootPasswordShown, false);
    if (process.platform !== 'win32') assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(existsSync(join(dir, LEGACY_KEY_FILE)), false, 'no plaintext key file is written');
  });

  test('later launches reuse the same secrets (a new box on the same keychain opens them)', () => {
    const first = load();
    const before = readFileSync(join(dir, SECRETS_FILE), 'utf8');
    const again = load();
    assert.equal(again.rootPassword, first.rootPassword);
    assert.equal(again.encryptionKey, first.encryptionKey);
    assert.equal(readFileSync(join(dir, SECRETS_FILE), 'utf8'), before, 'nothing rewritten');
  });

  test('two first launches make different secrets', () => {
    const a = load();
    rmSync(join(dir, SECRETS_FILE));
    const b = load();
    assert.notEqual(a.rootPassword, b.rootPassword);
    assert.notEqual(a.encryptionKey, b.encryptionKey);
  });

  test('the server gets them as PANGOLIN_ROOT_USER / _PASSWORD / _ENCRYPTION_KEY, which its config accepts', () => {
    const s = load({ env: { PORT: '9000' } });
    const env = s.serverEnv({ noAuth: false });
    assert.equal(env.PANGOLIN_ROOT_USER, 'admin');
    assert.equal(env.PANGOLIN_ROOT_PASSWORD, s.rootPassword);
    assert.equal(env.PANGOLIN_ENCRYPTION_KEY, s.encryptionKey);
    assert.equal(env.PANGOLIN_NO_AUTH, undefined);
    assert.equal(env.PORT, '9000', 'the rest of the env is passed on');
    const config = loadConfig({ ...env, PANGOLIN_DATA_DIR: dir });
    assert.equal(config.rootUser, 'admin');
    assert.equal(config.rootPassword, s.rootPassword);
    assert.equal(config.encryptionKey, s.encryptionKey);
  });

  test('the no-auth setting becomes PANGOLIN_NO_AUTH=true', () => {
    const s = load();
    assert.equal(s.serverEnv({ noAuth: true }).PANGOLIN_NO_AUTH, 'true');
    assert.equal(loadConfig({ ...s.serverEnv({ noAuth: true }), PANGOLIN_DATA_DIR: dir, PANGOLIN_BIND_ADDRESS: '127.0.0.1' }).noAuth, true);
    assert.equal(s.serverEnv({ noAuth: false }).PANGOLIN_NO_AUTH, undefined);
    const fromEnv = load({ env: { PANGOLIN_NO_AUTH: 'false' } });
    assert.equal(fromEnv.serverEnv({ noAuth: true }).PANGOLIN_NO_AUTH, 'false', 'the env wins over the setting');
  });

  test('the user env wins: PANGOLIN_ENCRYPTION_KEY and the root account are left as given', () => {
    const key = 'ab'.repeat(32);
    const s = load({ env: { PANGOLIN_ENCRYPTION_KEY: key, PANGOLIN_ROOT_USER: 'root', PANGOLIN_ROOT_PASSWORD: 'their-own' } });
    const env = s.serverEnv({ noAuth: false });
    assert.equal(env.PANGOLIN_ENCRYPTION_KEY, key);
    assert.equal(env.PANGOLIN_ROOT_USER, 'root');
    assert.equal(env.PANGOLIN_ROOT_PASSWORD, 'their-own');
    assert.equal(s.encryptionKey, key);
    assert.equal(s.pendingRootPassword(), undefined, 'a password the user chose is not "shown once"');
    // Without the env next time, the desktop's own sealed secrets are used.
    const later = load();
    assert.notEqual(later.encryptionKey, key);
    assert.equal(later.serverEnv({ noAuth: false }).PANGOLIN_ROOT_USER, 'admin');
  });

  test('half a root account in the env is passed on as is (the server names the missing variable)', () => {
    const env = load({ env: { PANGOLIN_ROOT_USER: 'root' } }).serverEnv({ noAuth: false });
    assert.equal(env.PANGOLIN_ROOT_USER, 'root');
    assert.equal(env.PANGOLIN_ROOT_PASSWORD, undefined);
    assert.throws(() => loadConfig({ ...env, PANGOLIN_DATA_DIR: dir }), /PANGOLIN_ROOT_PASSWORD/);
  });

  test('an encryption-key file from an earlier version is adopted, so its secrets still decrypt', () => {
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    // An earlier version: the server made <data dir>/encryption-key and encrypted with it.
    const sealedByOldServer = SecretCipher.fromConfig(undefined, dataDir).encrypt('warehouse-secret');
    const legacy = readFileSync(join(dataDir, LEGACY_KEY_FILE), 'utf8').trim();
    const s = load({ dataDir });
    const env = s.serverEnv({ noAuth: false });
    assert.equal(SecretCipher.fromConfig(env.PANGOLIN_ENCRYPTION_KEY, join(dir, 'elsewhere')).decrypt(sealedByOldServer), 'warehouse-secret');
    assert.equal(s.encryptionKey, legacy);
    assert.equal(s.serverEnv({ noAuth: false }).PANGOLIN_ENCRYPTION_KEY, legacy);
    assert.equal(quietBox().open(String(stored().encryptionKey)), legacy, 'sealed copy of the adopted key');
    // The key file is the data dir's key: it keeps winning while it is there.
    assert.equal(load({ dataDir }).encryptionKey, legacy);
  });

  test('a base64 legacy key is accepted; a broken one stops start-up naming the file', () => {
    const b64 = Buffer.alloc(32, 7).toString('base64');
    writeFileSync(join(dir, LEGACY_KEY_FILE), b64);
    assert.equal(load().encryptionKey, b64);
    assert.ok(isValidEncryptionKey(b64));
    rmSync(join(dir, SECRETS_FILE));
    writeFileSync(join(dir, LEGACY_KEY_FILE), 'not-a-key');
    assert.throws(() => load(), (e: unknown) => e instanceof DesktopSecretsError && e.message.includes(LEGACY_KEY_FILE));
  });

  test('the password is pending until acknowledged, then never again (also after a restart)', () => {
    const s = load();
    assert.deepEqual(s.pendingRootPassword(), { user: 'admin', password: s.rootPassword });
    assert.deepEqual(load().pendingRootPassword(), { user: 'admin', password: s.rootPassword }, 'not acknowledged yet: shown again');
    s.markRootPasswordShown();
    assert.equal(s.pendingRootPassword(), undefined);
    assert.equal(stored().rootPasswordShown, true);
    const later = load();
    assert.equal(later.pendingRootPassword(), undefined);
    assert.equal(later.rootPassword, s.rootPassword, 'still passed to the server');
  });

  test('an unreadable root password is replaced and shown again; the key is kept', () => {
    const s = load();
    s.markRootPasswordShown();
    const data = stored();
    writeFileSync(join(dir, SECRETS_FILE), JSON.stringify({ ...data, rootPassword: 'enc:v1:' + Buffer.from('other machine').toString('base64') }));
    const again = load();
    assert.notEqual(again.rootPassword, s.rootPassword);
    assert.equal(again.encryptionKey, s.encryptionKey);
    assert.deepEqual(again.pendingRootPassword(), { user: 'admin', password: again.rootPassword });
    assert.match(warnings[0]!, /root password cannot be read/);
  });

  test('an unreadable key or a damaged file stops start-up with a clear error (never a silent new key)', () => {
    load();
    const data = stored();
    writeFileSync(join(dir, SECRETS_FILE), JSON.stringify({ ...data, encryptionKey: 'enc:v1:' + Buffer.from('x').toString('base64') }));
    assert.throws(() => load(), (e: unknown) => e instanceof DesktopSecretsError && /cannot be read/.test(e.message));
    assert.throws(() => load({ box: quietBox({ available: false }) }), DesktopSecretsError, 'keychain locked');
    writeFileSync(join(dir, SECRETS_FILE), '{"version": 1, ');
    assert.throws(() => load(), (e: unknown) => e instanceof DesktopSecretsError && /damaged/.test(e.message));
  });

  test('without a keychain they are stored unencrypted, and encrypted once a keychain appears', () => {
    const plain = load({ box: quietBox({ available: false }) });
    assert.match(String(stored().rootPassword), /^plain:v1:/);
    const later = load();
    assert.equal(later.rootPassword, plain.rootPassword);
    assert.equal(later.encryptionKey, plain.encryptionKey);
    assert.match(String(stored().rootPassword), /^enc:v1:/);
    assert.match(String(stored().encryptionKey), /^enc:v1:/);
  });
});
