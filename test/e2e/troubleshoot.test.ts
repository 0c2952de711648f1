// The troubleshooter, Connect and Server pages in Debian's Chromium against a real
// in-process server (the UI built from the current sources into a private folder). The
// local catalog passes every step. With MinIO (PANGOLIN_TEST_S3_ENDPOINT): a broken
// warehouse (legacy key names stored by an old server, a missing bucket) fails with the
// right steps and fixes; "Create bucket" and "Rename the keys" repair it with one click
// each; a good S3 catalog shows what a client receives on a vended-credentials load,
// secrets masked. Connect shows the four engines' snippets with placeholders; the Server
// page lists recent requests, errors and a metrics report. Screenshots: test-results/screenshots.
//   PANGOLIN_TEST_S3_ENDPOINT=http://127.0.0.1:9100 node scripts/test.mjs test/e2e/troubleshoot.test.ts
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../src/server/config.js';
import { createServer, type ServerHandle } from '../../src/server/index.js';
import { SecretCipher } from '../../src/server/secrets/cipher.js';
import { SIMPLE_SCHEMA } from '../helpers/server.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const shots = join(root, 'test-results/screenshots');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const S3_ENDPOINT = process.env.PANGOLIN_TEST_S3_ENDPOINT;
const S3_KEY = process.env.PANGOLIN_TEST_S3_ACCESS_KEY_ID ?? 'pangolin-test';
const S3_SECRET = process.env.PANGOLIN_TEST_S3_SECRET_ACCESS_KEY ?? 'pangolin-test-secret';
const S3_SKIP = S3_ENDPOINT ? false : 'PANGOLIN_TEST_S3_ENDPOINT is not set (scripts/start-minio.sh)';

const skip = !existsSync(chromiumPath) && !process.env.CI ? `Chromium not found at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH)` : false;
if (skip) console.log(`# SKIP troubleshoot e2e: ${skip}`);

describe('Troubleshoot, Connect and Server pages (Chromium, real server)', { skip }, () => {
  let handle: ServerHandle;
  let url: string;
  let dataDir: string;
  let webRoot: string;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const missingBucket = `pangolin-e2e-missing-${randomUUID().slice(0, 8)}`;
  const goodBucket = `pangolin-e2e-good-${randomUUID().slice(0, 8)}`;

  const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  /** The app scrolls inside its content pane: a long result is captured as an element. */
  async function shotOf(id: string, name: string): Promise<void> {
    const height = await byTestId(id).evaluate((e) => e.getBoundingClientRect().height);
    await page.setViewportSize({ width: 1360, height: Math.min(6000, Math.ceil(height) + 300) });
    await byTestId(id).screenshot({ path: join(shots, `${name}.png`) });
    await page.setViewportSize({ width: 1360, height: 900 });
  }
  const byTestId = (id: string) => page.getByTestId(id);
  const text = async (id: string) => ((await byTestId(id).textContent()) ?? '').trim();
  const statusOf = (id: string) => byTestId(`check-step-${id}`).getAttribute('data-status');

  /** An API call with the page's session token (the same the UI uses). */
  async function api(method: string, path: string, body?: unknown): Promise<Response> {
    const token = await page.evaluate<string | null>("sessionStorage.getItem('pangolin.session-token')");
    return fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  }

  /** Runs the troubleshooter for the chosen target and waits for its result. */
  async function runChecks(): Promise<void> {
    const before = await byTestId('ts-result').count();
    await byTestId('ts-run').click();
    if (before) await byTestId('ts-progress').waitFor({ state: 'attached' }).catch(() => undefined);
    await byTestId('ts-result').waitFor();
  }

  /** After a one-click fix: the notice, then the re-run's result. */
  async function afterFix(expect: RegExp): Promise<void> {
    await byTestId('ts-fix-notice').filter({ hasText: expect }).waitFor();
    await byTestId('ts-progress').waitFor({ state: 'detached' });
    await byTestId('ts-result').waitFor();
  }

  before(async () => {
    mkdirSync(shots, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'pangolin-e2e-ts-'));
    // The UI as it is now (not a stale out/renderer), in a folder of its own.
    webRoot = join(dataDir, 'web');
    execFileSync('npx', ['vite', 'build', '--config', 'vite.web.config.ts', '--outDir', webRoot, '--emptyOutDir', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    handle = await createServer(loadConfig({ PORT: '0', PANGOLIN_DATA_DIR: dataDir, PANGOLIN_STORAGE_TYPE: 'sqlite', PANGOLIN_WEB_ROOT: webRoot, PANGOLIN_LOG_LEVEL: 'silent' }));
    ({ url } = await handle.listen());
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // 404s this suite provokes on purpose are logged by Chromium as failed loads.
      if (m.type() === 'error' && !/status of (404)/.test(m.text())) pageErrors.push(`console: ${m.text()}`);
    });
  });

  after(async () => {
    await browser?.close();
    await handle?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('sign in and open Troubleshoot from the navigation: the wizard starts at step 1', async () => {
    await page.goto(`${url}/`);
    await byTestId('login-page').waitFor();
    if (await byTestId('login-tab-service').count()) await byTestId('login-tab-service').click(); // service user: client id + secret
    await byTestId('login-client-id').fill(handle.bootstrap.clientId);
    await byTestId('login-client-secret').fill(handle.bootstrap.clientSecret);
    await byTestId('login-submit').click();
    await byTestId('explorer-page').waitFor();
    await byTestId('nav-troubleshoot').click();
    await byTestId('troubleshoot-page').waitFor();
    assert.equal(await byTestId('nav-troubleshoot').getAttribute('aria-current'), 'page');
    assert.equal(await byTestId('ts-wizard').getAttribute('data-stage'), 'choose');
    await byTestId('ts-catalog').waitFor();
    await shot('ts-01-choose');
  });

  test('the local catalog: every step passes or is not applicable, with the why', async () => {
    await byTestId('ts-catalog').selectOption('local');
    await runChecks();
    assert.equal(await byTestId('ts-result').getAttribute('data-ok'), 'true');
    assert.equal(await byTestId('ts-wizard').getAttribute('data-stage'), 'done');
    const statuses = await page.locator('[data-testid="ts-steps"] > li').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-testid')?.replace('check-step-', '')}:${e.getAttribute('data-status')}`));
    assert.deepEqual(statuses, ['auth-root:pass', 'auth-token:pass', 'database:skip',
      'locations:pass', 'config:pass', 'endpoint:pass', 'reach:pass', 'bucket:pass', 'write:pass', 'read:pass', 'delete:pass', 'vending:skip']);
    assert.match(await text('check-step-database-message'), /Not applicable/);
    assert.match(await text('check-step-auth-token-message'), /issued and verified a bearer token/);
    assert.match(page.url(), /#\/troubleshoot\?catalog=local$/);
    await shot('ts-02-local-pass');
    await shotOf('ts-result', 'ts-02b-local-pass-steps');
  });

  test('S3: a broken warehouse fails with the right steps and fixes; one click each repairs it', { skip: S3_SKIP }, async () => {
    // An old server stored legacy key names (encrypted secret) for a bucket that does not exist.
    const cipher = SecretCipher.fromConfig(undefined, dataDir);
    const tenantId = handle.bootstrap.tenant.id;
    const warehouseId = randomUUID();
    await handle.store.createWarehouse({
      id: warehouseId,
      tenantId,
      name: 'legacy-minio',
      location: `s3://${missingBucket}/lake`,
      storageConfig: cipher.encryptConfig({ 's3.endpoint': S3_ENDPOINT!, access_key_id: S3_KEY, secret_access_key: S3_SECRET, 's3.region': 'us-east-1' }),
      clientConfig: {},
      vendingStrategy: { type: 'AwsStatic' },
      createdAt: new Date().toISOString(),
    });
    assert.equal((await api('POST', '/api/v1/catalogs', { name: 'legacy', warehouse: 'legacy-minio' })).status, 201);
    await page.reload();
    await byTestId('ts-catalog').waitFor();
    await page.locator('[data-testid="ts-catalog"] option[value="legacy"]').waitFor({ state: 'attached' });
    await byTestId('ts-catalog').selectOption('legacy');
    await runChecks();
    assert.equal(await byTestId('ts-result').getAttribute('data-ok'), 'false');
    assert.equal(await byTestId('ts-wizard').getAttribute('data-stage'), 'fix');
    assert.equal(await statusOf('config'), 'fail');
    assert.match(await text('check-step-config-message'), /"access_key_id" is not an Iceberg storage property: use "s3\.access-key-id"/);
    assert.match(await text('check-step-config-fix'), /Rename "access_key_id" → "s3\.access-key-id", "secret_access_key" → "s3\.secret-access-key"/);
    assert.match(await text('ts-details-config'), /s3\.secret-access-key\s*\*{8}/);
    assert.equal(await text('ts-action-config'), 'Rename the keys');
    assert.equal(await statusOf('reach'), 'pass');
    assert.equal(await statusOf('bucket'), 'fail');
    assert.match(await text('check-step-bucket-message'), new RegExp(`Bucket "${missingBucket}" does not exist`));
    assert.equal(await text('ts-action-bucket'), `Create bucket “${missingBucket}”`);
    for (const id of ['write', 'read', 'delete', 'vending']) assert.equal(await statusOf(id), 'skip', id);
    assert.ok(!(await text('ts-result')).includes(S3_SECRET), 'no secret on screen');
    await shot('ts-03-broken-s3');
    await shotOf('ts-result', 'ts-03b-broken-s3-steps');

    await byTestId('ts-action-bucket').click();
    await afterFix(new RegExp(`Bucket "${missingBucket}" created`));
    await page.locator('[data-testid="check-step-bucket"][data-status="pass"]').waitFor();
    assert.equal(await statusOf('write'), 'pass');
    assert.equal(await statusOf('config'), 'fail', 'the keys are still the legacy names');
    assert.equal(await statusOf('vending'), 'fail', 'with legacy names clients get no keys (seed Issue 3)');
    await shotOf('ts-result', 'ts-04-bucket-created');

    await byTestId('ts-action-config').click();
    await afterFix(/saved with the Iceberg key names/);
    await page.locator('[data-testid="ts-result"][data-ok="true"]').waitFor();
    assert.equal(await statusOf('config'), 'pass');
    assert.equal(await statusOf('vending'), 'pass');
    assert.match(await text('ts-summary'), /All 12 steps passed|All steps passed/);
    await shotOf('ts-result', 'ts-05-fixed');
  });

  test('S3: a good catalog with a table shows what a client receives, secrets masked', { skip: S3_SKIP }, async () => {
    const { S3Client, CreateBucketCommand } = await import('@aws-sdk/client-s3');
    await new S3Client({ endpoint: S3_ENDPOINT, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: S3_KEY, secretAccessKey: S3_SECRET } }).send(new CreateBucketCommand({ Bucket: goodBucket }));
    const storage = { 's3.endpoint': S3_ENDPOINT, 's3.access-key-id': S3_KEY, 's3.secret-access-key': S3_SECRET, 's3.region': 'us-east-1' };
    assert.equal((await api('POST', '/api/v1/warehouses', { name: 'minio', location: `s3://${goodBucket}/lake`, storage_config: storage, vending_strategy: { type: 'AwsStatic' } })).status, 201);
    assert.equal((await api('POST', '/api/v1/catalogs', { name: 'lake', warehouse: 'minio' })).status, 201);
    assert.equal((await api('POST', '/v1/lake/namespaces', { namespace: ['db'] })).status, 200);
    assert.equal((await api('POST', '/v1/lake/namespaces/db/tables', { name: 'events', schema: SIMPLE_SCHEMA })).status, 200);
    await page.goto(`${url}/#/troubleshoot?catalog=lake&table=db.events`);
    await byTestId('ts-result').waitFor(); // a link with a target runs at once
    assert.equal(await byTestId('ts-result').getAttribute('data-ok'), 'true');
    assert.equal(await byTestId('ts-table').inputValue(), 'db.events');
    assert.match(await text('check-step-vending-message'), /lake\.db\.events/);
    const details = await text('ts-details-vending');
    assert.match(details, new RegExp(`s3\\.access-key-id\\s*${S3_KEY}`));
    assert.match(details, /s3\.secret-access-key\s*\*{8}/);
    assert.ok(!details.includes(S3_SECRET));
    await shotOf('check-step-vending', 'ts-06-vending-details');
  });

  test('Connect: the four engines for a catalog, placeholders for secrets, token or client credentials', async () => {
    await byTestId('nav-connect').click();
    await byTestId('connect-page').waitFor();
    await byTestId('connect-catalog').selectOption('local');
    await byTestId('connect-storage').waitFor();
    await byTestId('connect-storage').filter({ hasText: /local folder/ }).waitFor();
    const py = await text('connect-code-pyiceberg');
    assert.match(py, new RegExp(`uri="${url.replace(/\./g, '\\.')}"`));
    assert.match(py, /credential="<client_id>:<client_secret>"/);
    await byTestId('connect-client-id').fill(handle.bootstrap.clientId);
    assert.match(await text('connect-code-pyiceberg'), new RegExp(`credential="${handle.bootstrap.clientId}:<client_secret>"`));
    await shot('connect-01-pyiceberg');
    await byTestId('connect-tab-spark').click();
    const spark = await text('connect-code-spark');
    assert.match(spark, /spark\.sql\.catalog\.local=org\.apache\.iceberg\.spark\.SparkCatalog/);
    assert.match(spark, /spark\.sql\.catalog\.local\.type=rest/);
    assert.match(spark, /spark\.sql\.catalog\.local\.warehouse=local/);
    await byTestId('connect-tab-trino').click();
    assert.match(await text('connect-code-trino'), /iceberg\.rest-catalog\.security=OAUTH2/);
    await byTestId('connect-credential-token').check();
    assert.match(await text('connect-code-trino'), /iceberg\.rest-catalog\.oauth2\.token=<token>/);
    await byTestId('connect-tab-duckdb').click();
    const duck = await text('connect-code-duckdb');
    assert.match(duck, /TOKEN '<token>'/);
    assert.match(duck, /ATTACH 'local' AS local/);
    assert.ok(!duck.includes(handle.bootstrap.clientSecret));
    await shot('connect-02-duckdb-token');
  });

  test('Server page: status, recent requests and errors, metrics reports', async () => {
    // Something to show: a 404, and a metrics report for a table of the local catalog.
    assert.equal((await api('GET', '/v1/local/namespaces/no_such_namespace')).status, 404);
    assert.equal((await api('POST', '/v1/local/namespaces', { namespace: ['metrics_ns'] })).status, 200);
    assert.equal((await api('POST', '/v1/local/namespaces/metrics_ns/tables', { name: 't', schema: SIMPLE_SCHEMA })).status, 200);
    const report = { 'report-type': 'scan-report', 'table-name': 'local.metrics_ns.t', 'snapshot-id': 1, filter: { type: 'true' }, 'schema-id': 0, 'projected-field-ids': [1], 'projected-field-names': ['id'], metrics: {} };
    assert.equal((await api('POST', '/v1/local/namespaces/metrics_ns/tables/t/metrics', report)).status, 204);

    await byTestId('nav-status').click();
    await byTestId('status-page').waitFor();
    assert.equal(await text('status-store'), 'sqlite');
    await byTestId('status-requests').waitFor();
    await page.locator('[data-testid="status-request-row"]', { hasText: '/v1/local/namespaces/metrics_ns/tables/t/metrics' }).waitFor();
    const rows = await page.locator('[data-testid="status-request-row"]').count();
    assert.ok(rows > 0);
    await byTestId('status-errors').waitFor();
    const errors = await text('status-errors');
    assert.match(errors, /GET \/v1\/local\/namespaces\/no_such_namespace/);
    assert.match(errors, /NoSuchNamespaceException/);
    assert.ok(!(await text('status-page')).includes(handle.bootstrap.clientSecret));
    await byTestId('status-metrics-catalog').selectOption('local');
    await byTestId('status-metrics-table').waitFor();
    assert.match(await text('status-metrics-table'), /metrics_ns\.t\s*scan-report/);
    await shotOf('status-page', 'status-01-server-page');
    await shotOf('status-errors', 'status-02-recent-errors');
    await shotOf('status-metrics', 'status-03-metrics-reports');
  });

  test('no page errors along the way', () => {
    assert.deepEqual(pageErrors, []);
  });
});
