// The doctor's checks of this machine: environment, AWS pairs, port, data folder.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../../src/server/config.js';
import { awsEnvStep, dataDirStep, envStep, localChecks, portStep } from '../../../src/server/troubleshoot/local-checks.js';

const listen = (s: Server) => new Promise<number>((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)));

describe('local checks', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pangolin-doctor-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('envStep: valid variables pass with a summary; a bad one fails naming it', () => {
    const good = envStep({ PANGOLIN_DATA_DIR: dir, PORT: '8181' });
    assert.equal(good.step.status, 'pass');
    assert.match(good.step.message, /store sqlite, data folder .*, listen on 127\.0\.0\.1:8181/);
    assert.equal(good.config?.port, 8181);
    const bad = envStep({ PANGOLIN_DATA_DIR: dir, PORT: 'eighty' });
    assert.equal(bad.step.status, 'fail');
    assert.match(bad.step.message, /PORT="eighty" is not valid: expected a port number/);
    assert.equal(bad.config, undefined);
  });

  it('awsEnvStep: half a key pair warns', () => {
    assert.equal(awsEnvStep({}).status, 'skip');
    assert.equal(awsEnvStep({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' }).status, 'pass');
    const half = awsEnvStep({ AWS_SECRET_ACCESS_KEY: 'b' });
    assert.equal(half.status, 'warn');
    assert.match(half.message, /AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not/);
    assert.match(half.message, /catalogs without a warehouse/);
  });

  it('awsEnvStep: the endpoint follows PANGOLIN_STORAGE_ENDPOINT_ALLOW; the two endpoint variables must agree', () => {
    const policy = loadConfig({ PANGOLIN_DATA_DIR: dir }).storageEndpointPolicy;
    const meta = awsEnvStep({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_ENDPOINT_URL: 'http://169.254.169.254' }, policy);
    assert.equal(meta.status, 'fail');
    assert.match(meta.message, /AWS_ENDPOINT_URL/);
    const two = awsEnvStep({ AWS_ENDPOINT_URL: 'http://127.0.0.1:9000', S3_ENDPOINT: 'http://127.0.0.1:9100' }, policy);
    assert.equal(two.status, 'warn');
    const ok = awsEnvStep({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_REGION: 'eu-west-1', S3_ENDPOINT: 'http://127.0.0.1:9000' }, policy);
    assert.equal(ok.status, 'pass');
    assert.match(ok.message, /region eu-west-1, endpoint http:\/\/127\.0\.0\.1:9000: catalogs without a warehouse/);
    assert.ok(!ok.message.includes(': b'), 'no secret');
  });

  it('portStep: free; taken by another program (fail with PORT advice); taken by a Pangolin server (pass)', async () => {
    const probe = createServer();
    const freePort = await listen(probe);
    await new Promise<void>((r) => probe.close(() => r()));
    assert.equal((await portStep('127.0.0.1', freePort)).status, 'pass');

    const other = createServer((sock) => sock.destroy());
    const otherPort = await listen(other);
    const taken = await portStep('127.0.0.1', otherPort);
    assert.equal(taken.status, 'fail');
    assert.match(taken.message, /Another program listens/);
    assert.match(taken.fix ?? '', /PORT=\d+ npm start/);
    await new Promise<void>((r) => other.close(() => r()));

    const pangolin = createHttpServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ status: 'ok', version: '9.9.9' })));
    const pPort = await listen(pangolin as unknown as Server);
    const ours = await portStep('127.0.0.1', pPort);
    assert.equal(ours.status, 'pass');
    assert.match(ours.message, /Pangolin server \(version 9\.9\.9\)/);
    await new Promise<void>((r) => pangolin.close(() => r()));
  });

  it('dataDirStep: writable passes; a path through a file fails with the fix', () => {
    assert.equal(dataDirStep(join(dir, 'data')).status, 'pass');
    writeFileSync(join(dir, 'a-file'), 'x');
    const s = dataDirStep(join(dir, 'a-file', 'data'));
    assert.equal(s.status, 'fail');
    assert.match(s.message, /Cannot write in/);
    assert.match(s.fix ?? '', /PANGOLIN_DATA_DIR/);
  });

  it('localChecks: stops after a bad environment', async () => {
    const steps = await localChecks({ PANGOLIN_DATA_DIR: dir, PANGOLIN_ROOT_USER: 'admin' });
    assert.deepEqual(steps.map((s) => `${s.id}:${s.status}`), ['env:fail', 'auth-root:fail', 'env-aws:skip']);
  });
});
