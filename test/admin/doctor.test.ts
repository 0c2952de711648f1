// `npm run doctor` spawned against a real server: a healthy setup exits 0 with every step
// printed; a broken environment, an unreachable server, wrong credentials and (with
// MinIO) a broken warehouse exit 1 with the failed steps and their fixes; --fix repairs
// the warehouse. No secret is printed.
//   PANGOLIN_TEST_S3_ENDPOINT=http://127.0.0.1:9100 node scripts/test.mjs test/admin/doctor.test.ts
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { SecretCipher } from '../../src/server/secrets/cipher.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const ENDPOINT = process.env.PANGOLIN_TEST_S3_ENDPOINT;
const ACCESS_KEY = process.env.PANGOLIN_TEST_S3_ACCESS_KEY_ID ?? 'pangolin-test';
const SECRET = process.env.PANGOLIN_TEST_S3_SECRET_ACCESS_KEY ?? 'pangolin-test-secret';

/** Runs the CLI (asynchronously: the server answers from this same process). */
function doctor(args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; out: string; err: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(PANGOLIN_(?!TEST_)|PORT$|DATABASE_URL$|AWS_)/.test(k)));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/doctor-cli.ts', ...args], { cwd: root, env: { ...clean, NO_COLOR: '1', ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('npm run doctor', () => {
  let s: TestServer;
  let env: Record<string, string>;
  before(async () => {
    s = await startTestServer();
    env = { PANGOLIN_DATA_DIR: s.dataDir, PANGOLIN_STORAGE_TYPE: 'sqlite', PORT: new URL(s.url).port };
  });
  after(() => s?.stop());

  it('a healthy local setup: every step printed with its status, exit 0', async () => {
    const r = await doctor([], env);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, new RegExp(`^Pangolin doctor: ${s.url.replace(/\./g, '\\.')}`, 'm'));
    assert.match(r.out, /^This machine/m);
    assert.match(r.out, /^ {2}PASS {2}Environment variables$/m);
    assert.match(r.out, new RegExp(`^  PASS  Port ${new URL(s.url).port} on 127\\.0\\.0\\.1\\n\\s+In use by a Pangolin server`, 'm'));
    assert.match(r.out, /^ {2}PASS {2}Data folder writable$/m);
    assert.match(r.out, /^ {2}PASS {2}Sign in\n.*credentials\.json/m);
    assert.match(r.out, /^ {2}PASS {2}Token login$/m);
    assert.match(r.out, /^ {2}SKIP {2}Database permissions\n\s+Not applicable/m);
    assert.match(r.out, /^Warehouse "local"$/m);
    assert.match(r.out, /^ {2}PASS {2}Write a probe object$/m);
    assert.match(r.out, /\d+ passed, 0 warnings, 0 failed, \d+ skipped$/m);
    assert.ok(!r.out.includes(s.handle.bootstrap.clientSecret), 'the client secret is never printed');
    assert.equal(r.out.match(/Token login/g)?.length, 1, 'server-level steps are printed once');
  });

  it('--json: the same steps as data', async () => {
    const r = await doctor(['--json', '--catalog', 'local'], env);
    assert.equal(r.code, 0, r.err);
    const body = JSON.parse(r.out) as { ok: boolean; sections: { title: string; steps: { id: string; status: string }[] }[] };
    assert.equal(body.ok, true);
    assert.deepEqual(body.sections.map((x) => x.title), ['This machine (the environment as the server reads it)', `Server ${s.url}`, 'Warehouse "local", catalog "local"']);
    assert.deepEqual(body.sections[2].steps.map((x) => x.id), ['locations', 'config', 'endpoint', 'reach', 'bucket', 'write', 'read', 'delete', 'vending']);
  });

  it('a broken environment fails locally, naming the variable (no server needed)', async () => {
    const r = await doctor(['--no-server'], { ...env, PANGOLIN_ROOT_USER: 'admin', AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE' });
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /^ {2}FAIL {2}Environment variables\n\s+PANGOLIN_ROOT_PASSWORD is not set/m);
    assert.match(r.out, /^ {2}FAIL {2}Root credentials \(PANGOLIN_ROOT_USER \+ PANGOLIN_ROOT_PASSWORD\)\n.*\n\s+Fix: Set PANGOLIN_ROOT_PASSWORD as well/m);
    assert.match(r.out, /^ {2}WARN {2}Server S3 credentials \(AWS_\*\)\n\s+AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not/m);
    assert.match(r.out, /fix the FAIL steps above/);
  });

  it('an unreachable server: FAIL with how to start it, exit 1', async () => {
    const closed = await new Promise<number>((resolve) => {
      const srv = createNetServer().listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as AddressInfo;
        srv.close(() => resolve(port));
      });
    });
    const r = await doctor(['--no-local', '--url', `http://127.0.0.1:${closed}`], env);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, new RegExp(`^  FAIL  Server reachable\\n\\s+Cannot reach http://127\\.0\\.0\\.1:${closed} \\(ECONNREFUSED\\)\\n\\s+Fix: Start it \\(npm start`, 'm'));
  });

  it('wrong client credentials: FAIL Sign in with the server’s reason, and the secret is not printed', async () => {
    const wrong = `wrong-${randomUUID()}`;
    const r = await doctor(['--no-local', '--client-id', s.handle.bootstrap.clientId, '--client-secret', wrong], env);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /^ {2}FAIL {2}Sign in\n\s+\/v1\/oauth\/tokens refused client/m);
    assert.ok(!r.out.includes(wrong));
  });

  it('root Basic auth when the server has no root configured: FAIL with the fix', async () => {
    const r = await doctor(['--no-local', '--root-user', 'admin', '--root-password', 'password'], env);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /^ {2}FAIL {2}Sign in\n\s+The server refused root Basic auth/m);
    assert.match(r.out, /PANGOLIN_ROOT_USER and PANGOLIN_ROOT_PASSWORD/);
    assert.ok(!r.out.includes('password\n'), 'the password is not echoed');
  });

  it('a usage error exits 2 with the usage text', async () => {
    const r = await doctor(['--table', 'db.t'], env);
    assert.equal(r.code, 2);
    assert.match(r.err, /--table needs --catalog/);
    assert.match(r.err, /Usage: npm run doctor/);
  });

  it('S3 (MinIO): a broken warehouse fails with its fixes; --fix renames the keys and creates the bucket', { skip: ENDPOINT ? false : 'PANGOLIN_TEST_S3_ENDPOINT is not set (scripts/start-minio.sh)' }, async () => {
    const bucket = `pangolin-doctor-${randomUUID().slice(0, 8)}`;
    const cipher = SecretCipher.fromConfig(undefined, s.dataDir);
    await s.handle.store.createWarehouse({
      id: randomUUID(),
      tenantId: s.handle.bootstrap.tenant.id,
      name: 'legacy',
      location: `s3://${bucket}/lake`,
      storageConfig: cipher.encryptConfig({ 's3.endpoint': ENDPOINT!, access_key_id: ACCESS_KEY, secret_access_key: SECRET, 's3.region': 'us-east-1' }),
      clientConfig: {},
      vendingStrategy: { type: 'AwsStatic' },
      createdAt: new Date().toISOString(),
    });
    const broken = await doctor(['--no-local', '--warehouse', 'legacy'], env);
    assert.equal(broken.code, 1, broken.out);
    assert.match(broken.out, /^Warehouse "legacy"$/m);
    assert.match(broken.out, /^ {2}FAIL {2}Storage configuration keys\n\s+"access_key_id" is not an Iceberg storage property: use "s3\.access-key-id"/m);
    assert.match(broken.out, /Fix: Rename "access_key_id" → "s3\.access-key-id", "secret_access_key" → "s3\.secret-access-key"/);
    assert.match(broken.out, /Details:\n\s+s3\.access-key-id = pangolin-test\n[\s\S]*s3\.secret-access-key = \*{8}/);
    assert.match(broken.out, new RegExp(`^  FAIL  Bucket / container exists\\n\\s+Bucket "${bucket}" does not exist`, 'm'));
    assert.match(broken.out, new RegExp(`Create bucket “${bucket}”: POST /api/v1/warehouses/legacy/create-bucket`));
    assert.match(broken.out, /^ {2}SKIP {2}Write a probe object$/m);
    assert.ok(!broken.out.includes(SECRET), 'no secret printed');

    const fixed = await doctor(['--no-local', '--warehouse', 'legacy', '--fix'], env);
    assert.equal(fixed.code, 0, fixed.out);
    assert.match(fixed.out, /Applied: Rename the keys/);
    assert.match(fixed.out, new RegExp(`Applied: Create bucket “${bucket}” \\(Bucket "${bucket}" created\\)`));
    assert.match(fixed.out, /^ {2}PASS {2}Storage configuration keys$/m);
    assert.match(fixed.out, /^ {2}PASS {2}Credential vending \(AwsStatic\)$/m);
    assert.ok(fixed.out.indexOf('Applied: Rename') < fixed.out.indexOf('Applied: Create bucket'), 'keys first, then the bucket');
  });
});
