import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/server/config.js';

describe('loadConfig', () => {
  test('defaults: port 8080, loopback, sqlite, per-user data dir', () => {
    const c = loadConfig({ HOME: '/home/u' });
    assert.equal(c.port, 8080);
    assert.equal(c.bindAddress, '127.0.0.1');
    assert.equal(c.storeType, 'sqlite');
    assert.match(c.dataDir, /pangolin/i);
  });

  for (const [name, value, pattern] of [
    ['PORT', 'eighty', /PORT="eighty" is not valid: expected a port number/],
    ['PORT', '70000', /PORT/],
    ['PANGOLIN_STORAGE_TYPE', 'oracle', /PANGOLIN_STORAGE_TYPE="oracle".*memory\|sqlite\|postgres\|mongodb/],
    ['PANGOLIN_LOG_LEVEL', 'loud', /PANGOLIN_LOG_LEVEL/],
    ['PANGOLIN_JWT_SECRET', 'short', /PANGOLIN_JWT_SECRET is too short/],
    ['PANGOLIN_ENCRYPTION_KEY', 'xyz', /PANGOLIN_ENCRYPTION_KEY/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL has an unknown scheme/],
    ['AWS_ENDPOINT_URL', 'minio:9000', /AWS_ENDPOINT_URL is not valid/],
    ['PANGOLIN_BIND_ADDRESS', 'local host', /PANGOLIN_BIND_ADDRESS/],
    ['MONGO_DB_NAME', 'has space', /MONGO_DB_NAME="has space" is not valid/],
  ] as const) {
    test(`bad ${name}=${value} names the variable`, () => {
      assert.throws(() => loadConfig({ [name]: value }), (e: unknown) => e instanceof ConfigError && pattern.test(e.message));
    });
  }

  test('root user without password names the missing variable', () => {
    assert.throws(() => loadConfig({ PANGOLIN_ROOT_USER: 'admin' }), /PANGOLIN_ROOT_PASSWORD is not set/);
    assert.throws(() => loadConfig({ PANGOLIN_ROOT_PASSWORD: 'pw' }), /PANGOLIN_ROOT_USER is not set/);
  });

  test('a weak root password is refused outside dev mode, and accepted in it', () => {
    for (const weak of ['password', 'tiny-pw', 'admin123', 'aaaaaaaaaaaa', 'my-admin-password']) {
      assert.throws(
        () => loadConfig({ PANGOLIN_ROOT_USER: 'admin', PANGOLIN_ROOT_PASSWORD: weak }),
        (e: unknown) => e instanceof ConfigError && /PANGOLIN_ROOT_PASSWORD is too weak/.test(e.message) && /PANGOLIN_DEV_MODE=true/.test(e.message) && !e.message.includes(weak),
        weak,
      );
    }
    const dev = loadConfig({ PANGOLIN_ROOT_USER: 'admin', PANGOLIN_ROOT_PASSWORD: 'password', PANGOLIN_DEV_MODE: 'true' });
    assert.equal(dev.rootPassword, 'password');
    assert.equal(dev.devMode, true);
    assert.equal(loadConfig({ PANGOLIN_ROOT_USER: 'admin', PANGOLIN_ROOT_PASSWORD: 'k3P9-vQ7x-Lm2Z' }).devMode, false);
    assert.throws(() => loadConfig({ PANGOLIN_DEV_MODE: 'yes' }), /PANGOLIN_DEV_MODE/);
  });

  test('no-auth mode only on a loopback address', () => {
    assert.equal(loadConfig({ PANGOLIN_NO_AUTH: 'true' }).noAuth, true);
    assert.equal(loadConfig({ PANGOLIN_NO_AUTH: 'true', PANGOLIN_BIND_ADDRESS: '::1' }).noAuth, true);
    assert.equal(loadConfig({}).noAuth, false);
    for (const addr of ['0.0.0.0', '192.168.1.10', '::']) {
      assert.throws(() => loadConfig({ PANGOLIN_NO_AUTH: 'true', PANGOLIN_BIND_ADDRESS: addr }), (e: unknown) => e instanceof ConfigError && /only allowed on a loopback address/.test(e.message), addr);
    }
  });

  test('user token and session lifetimes are validated', () => {
    const c = loadConfig({});
    assert.equal(c.userTokenTtlSeconds, 900);
    assert.equal(c.sessionTtlSeconds, 7 * 24 * 3600);
    assert.throws(() => loadConfig({ PANGOLIN_USER_TOKEN_TTL_SECONDS: '5' }), /PANGOLIN_USER_TOKEN_TTL_SECONDS/);
    assert.throws(() => loadConfig({ PANGOLIN_SESSION_TTL_SECONDS: 'forever' }), /PANGOLIN_SESSION_TTL_SECONDS/);
  });

  test('store type inferred from DATABASE_URL; postgres needs DATABASE_URL', () => {
    assert.equal(loadConfig({ DATABASE_URL: 'postgresql://u:p@h/db' }).storeType, 'postgres');
    assert.equal(loadConfig({ DATABASE_URL: 'mongodb://h/db' }).storeType, 'mongodb');
    assert.throws(() => loadConfig({ PANGOLIN_STORAGE_TYPE: 'postgres' }), /needs DATABASE_URL/);
  });

  test('S3_ENDPOINT is a fallback for AWS_ENDPOINT_URL', () => {
    assert.equal(loadConfig({ S3_ENDPOINT: 'http://127.0.0.1:9000' }).aws.endpoint, 'http://127.0.0.1:9000');
    assert.equal(loadConfig({ S3_ENDPOINT: 'http://a:1', AWS_ENDPOINT_URL: 'http://b:2' }).aws.endpoint, 'http://b:2');
  });

  test('PANGOLIN_ALLOWED_HOSTS: host names with optional ports; unset or empty = none', () => {
    assert.equal(loadConfig({}).allowedHosts, undefined);
    assert.equal(loadConfig({ PANGOLIN_ALLOWED_HOSTS: '' }).allowedHosts, undefined);
    assert.deepEqual(loadConfig({ PANGOLIN_ALLOWED_HOSTS: ' Pangolin.lan , proxy.lan:8443,10.0.0.7,[fd00::1]:80' }).allowedHosts, [
      { host: 'pangolin.lan' },
      { host: 'proxy.lan', port: 8443 },
      { host: '10.0.0.7' },
      { host: 'fd00::1', port: 80 },
    ]);
  });

  for (const bad of ['http://pangolin.lan', 'pangolin.lan/ui', 'a,,b', 'a:99999', 'a b', '*', 'pangolin.lan,']) {
    test(`bad PANGOLIN_ALLOWED_HOSTS=${bad} stops start-up naming the variable and the entry`, () => {
      assert.throws(
        () => loadConfig({ PANGOLIN_ALLOWED_HOSTS: bad }),
        (e: unknown) => e instanceof ConfigError && e.message.startsWith('PANGOLIN_ALLOWED_HOSTS=') && /is not a host name/.test(e.message) && /comma-separated host names/.test(e.message),
      );
    });
  }
});
