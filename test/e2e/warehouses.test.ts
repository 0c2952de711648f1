// Warehouses and catalogs screens in Debian's Chromium against a real in-process server
// (the built UI in out/renderer): create a local-folder warehouse through the form (a
// typo'd key is caught as it is typed and fixed with the one-click rename), test the
// connection, save, create a catalog on it and see both listed; the refusals (warehouse in
// use, server-side validation) are explained next to the form. With MinIO
// (PANGOLIN_TEST_S3_ENDPOINT), an S3 warehouse for a missing bucket fails the check naming
// the bucket, and "Save & check" is refused with the failed step.
//   PANGOLIN_TEST_S3_ENDPOINT=http://127.0.0.1:9100 node --import tsx --test test/e2e/warehouses.test.ts
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../src/server/config.js';
import { createServer, type ServerHandle } from '../../src/server/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const webRoot = join(root, 'out/renderer');
const shots = join(root, 'test-results/screenshots');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const S3_ENDPOINT = process.env.PANGOLIN_TEST_S3_ENDPOINT;
const S3_KEY = process.env.PANGOLIN_TEST_S3_ACCESS_KEY_ID ?? 'pangolin-test';
const S3_SECRET = process.env.PANGOLIN_TEST_S3_SECRET_ACCESS_KEY ?? 'pangolin-test-secret';

const skip = !existsSync(chromiumPath) && !process.env.CI ? `Chromium not found at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH)` : false;
if (skip) console.log(`# SKIP warehouses e2e: ${skip}`);

describe('Warehouses and catalogs screens (Chromium, real server)', { skip }, () => {
  let handle: ServerHandle;
  let url: string;
  let dataDir: string;
  let lakeDir: string;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  const byTestId = (id: string) => page.getByTestId(id);
  const text = async (id: string) => ((await byTestId(id).textContent()) ?? '').trim();

  /** The storage_config editor row whose key input holds `key`. */
  async function rowIndexOf(editor: string, key: string): Promise<number> {
    const rows = page.locator(`[data-testid^="${editor}-row-"][data-key]`);
    const n = await rows.count();
    for (let i = 0; i < n; i++) if ((await rows.nth(i).getAttribute('data-key')) === key) return i;
    throw new Error(`no ${editor} row with key ${key}`);
  }

  before(async () => {
    if (!existsSync(join(webRoot, 'index.html'))) {
      execFileSync('npx', ['vite', 'build', '--config', 'vite.web.config.ts'], { cwd: root, stdio: 'inherit' });
    }
    mkdirSync(shots, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'pangolin-e2e-wh-'));
    lakeDir = join(dataDir, 'warehouses', 'lake'); // inside the data dir only below warehouses/
    handle = await createServer(
      loadConfig({ PORT: '0', PANGOLIN_DATA_DIR: dataDir, PANGOLIN_STORAGE_TYPE: 'sqlite', PANGOLIN_WEB_ROOT: webRoot, PANGOLIN_LOG_LEVEL: 'silent' }),
    );
    ({ url } = await handle.listen());
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // The refusals this suite provokes on purpose are logged by Chromium as failed loads.
      if (m.type() === 'error' && !/status of (401|409|422)/.test(m.text())) pageErrors.push(`console: ${m.text()}`);
    });
  });

  after(async () => {
    await browser?.close();
    await handle?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('sign in and open Warehouses from the navigation: the bootstrap warehouse is listed', async () => {
    await page.goto(`${url}/`);
    await byTestId('login-page').waitFor();
    await byTestId('login-tab-service').click(); // the user sign-in is the default tab
    await byTestId('login-client-id').fill(handle.bootstrap.clientId);
    await byTestId('login-client-secret').fill(handle.bootstrap.clientSecret);
    await byTestId('login-submit').click();
    await byTestId('explorer-page').waitFor();
    await byTestId('nav-warehouses').click();
    await byTestId('warehouses-table').waitFor();
    assert.equal(await byTestId('nav-warehouses').getAttribute('aria-current'), 'page');
    assert.equal(await text('warehouse-storage-local'), 'Local folder');
    assert.equal(await text('warehouse-vending-local'), 'none');
    await shot('wh-01-list');
  });

  test('create form: a typo’d key is flagged as it is typed and fixed with the rename button', async () => {
    await byTestId('warehouse-create').click();
    await byTestId('warehouse-form').waitFor();
    assert.match(page.url(), /#\/warehouses\?new$/);
    await byTestId('warehouse-name').fill('lake');
    await byTestId('preset-file').check();
    await byTestId('warehouse-location').fill(`file://${lakeDir}`);
    assert.equal(await byTestId('warehouse-location-error').count(), 0);
    await byTestId('storage-config-add').click();
    await byTestId('storage-config-row-0-key').fill('py_io_impl');
    await byTestId('storage-config-row-0-value').fill('pyiceberg.io.pyarrow.PyArrowFileIO');
    const error = byTestId('storage-config-row-0-key-error');
    await error.waitFor();
    assert.match((await error.textContent()) ?? '', /Unknown storage config key "py_io_impl": use "py-io-impl"/);
    assert.equal(await byTestId('storage-config-row-0-key').getAttribute('aria-invalid'), 'true');
    assert.equal(await text('storage-config-row-0-rename'), 'Rename to py-io-impl');
    await shot('wh-02-typo-inline-error');
    await byTestId('storage-config-row-0-rename').click();
    assert.equal(await byTestId('storage-config-row-0-key').inputValue(), 'py-io-impl');
    assert.equal(await byTestId('storage-config-row-0-key-error').count(), 0);
  });

  test('an S3 key on a local warehouse and a legacy S3 key name are explained inline', async () => {
    // Switch to S3 to see the legacy-name rename, then back to the local folder.
    await byTestId('preset-s3').check();
    assert.equal(await byTestId('warehouse-location-hint').textContent().then((t) => /s3:\/\/bucket\/prefix/.test(t ?? '')), true);
    await byTestId('warehouse-location-error').waitFor();
    assert.match(await text('warehouse-location-error'), /Local folder location but the storage type is S3 \/ MinIO/);
    const i = await rowIndexOf('storage-config', 's3.access-key-id');
    await byTestId(`storage-config-row-${i}-key`).fill('access_key_id');
    assert.match(await text(`storage-config-row-${i}-key-error`), /"access_key_id" is not an Iceberg storage property: use "s3.access-key-id"/);
    await byTestId(`storage-config-row-${i}-rename`).click();
    assert.equal(await byTestId(`storage-config-row-${i}-key`).inputValue(), 's3.access-key-id');
    assert.equal(await byTestId(`storage-config-row-${i}-key-error`).count(), 0);
    // The secret is masked.
    const s = await rowIndexOf('storage-config', 's3.secret-access-key');
    assert.equal(await byTestId(`storage-config-row-${s}-value`).getAttribute('type'), 'password');
    // Back to the local folder via the location's one-click fix.
    await byTestId('warehouse-location-switch').click();
    assert.equal(await byTestId('preset-file').isChecked(), true);
    assert.equal(await byTestId('warehouse-location-error').count(), 0);
    assert.equal(await byTestId('storage-config-empty').count(), 1, 'local warehouses take no storage settings');
  });

  test('test connection on the unsaved local warehouse: every step passes', async () => {
    await byTestId('storage-config-add').click();
    await byTestId('storage-config-row-0-key').fill('py-io-impl');
    await byTestId('storage-config-row-0-value').fill('pyiceberg.io.pyarrow.PyArrowFileIO');
    await byTestId('warehouse-test').click();
    await byTestId('check-result').waitFor();
    assert.equal(await byTestId('check-result').getAttribute('data-ok'), 'true');
    const steps = page.locator('[data-testid="check-steps"] > li');
    const statuses = await steps.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-testid')}:${e.getAttribute('data-status')}`));
    assert.deepEqual(statuses, ['check-step-config:pass', 'check-step-reach:pass', 'check-step-write:pass', 'check-step-read:pass', 'check-step-delete:pass']);
    assert.match(await text('check-summary'), /All 5 steps passed/);
    assert.ok(!existsSync(join(lakeDir, '.pangolin-check')) || readdirSync(join(lakeDir, '.pangolin-check')).length === 0, 'the probe object was deleted');
    await shot('wh-03-test-connection-pass');
  });

  test('save: back on the list with the new warehouse', async () => {
    await byTestId('warehouse-save').click();
    await byTestId('warehouses-table').waitFor();
    assert.match(await text('warehouse-notice'), /Warehouse “lake” created/);
    await byTestId('warehouse-row-lake').waitFor();
    assert.match(await text('warehouse-row-lake'), new RegExp(`lake.*file://${lakeDir}.*Local folder.*none`));
    await shot('wh-04-list-after-save');
  });

  test('a server refusal is shown next to the form (duplicate name)', async () => {
    await byTestId('warehouse-create').click();
    await byTestId('warehouse-name').fill('lake');
    await byTestId('warehouse-location').fill(`file://${lakeDir}-2`);
    await byTestId('warehouse-save').click();
    await byTestId('warehouse-form-error').waitFor();
    assert.match(await text('warehouse-form-error'), /AlreadyExistsException/);
    assert.match(await text('warehouse-form-error'), /lake/);
    await shot('wh-05-server-error');
    await byTestId('warehouse-cancel').click();
    await byTestId('warehouses-table').waitFor();
  });

  test('catalogs: create one on the new warehouse, see it listed with a Connect snippet', async () => {
    await byTestId('nav-catalogs').click();
    await byTestId('catalogs-table').waitFor();
    await shot('cat-01-list');
    await byTestId('catalog-create').click();
    await byTestId('catalog-form').waitFor();
    await byTestId('catalog-name').fill('analytics');
    await byTestId('catalog-warehouse').selectOption('lake');
    await byTestId('catalog-properties-add').click();
    await byTestId('catalog-properties-row-0-key').fill('owner');
    await byTestId('catalog-properties-row-0-value').fill('data-team');
    await shot('cat-02-create-form');
    await byTestId('catalog-save').click();
    await byTestId('catalogs-table').waitFor();
    assert.match(await text('catalog-notice'), /Catalog “analytics” created/);
    assert.match(await text('catalog-row-analytics'), /analytics\s*lake\s*1 set/);
    await byTestId('catalog-connect-analytics').click();
    const snippet = await text('connect-snippet-analytics');
    assert.match(snippet, new RegExp(`uri="${url.replace(/[.]/g, '\\.')}"`));
    assert.match(snippet, /warehouse="analytics"/);
    assert.match(snippet, /credential="<client_id>:<client_secret>"/);
    await shot('cat-03-list-connect');
  });

  test('the new catalog works over the Iceberg REST API and appears in the explorer', async () => {
    const token = await page.evaluate<string | null>("sessionStorage.getItem('pangolin.session-token')");
    const res = await fetch(`${url}/v1/analytics/namespaces`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ namespace: ['sales'] }) });
    assert.equal(res.status, 200, await res.text());
    await byTestId('nav-explorer').click();
    await byTestId('catalog-select').selectOption('analytics');
    await byTestId('ns-sales').waitFor();
  });

  test('deleting a catalog with namespaces explains to drop them first', async () => {
    await byTestId('nav-catalogs').click();
    await byTestId('catalog-delete-analytics').click();
    await byTestId('delete-catalog').waitFor();
    assert.equal(await page.getByRole('alertdialog').getAttribute('aria-modal'), 'true');
    await byTestId('delete-catalog-confirm').click();
    await byTestId('delete-catalog-not-empty').waitFor();
    assert.match(await text('delete-catalog-error'), /ConflictException/);
    assert.match(await text('delete-catalog-not-empty'), /drop its namespaces/);
    await shot('cat-04-delete-not-empty');
    await byTestId('delete-catalog-cancel').click();
  });

  test('deleting a warehouse in use names the catalog that uses it', async () => {
    await byTestId('nav-warehouses').click();
    await byTestId('warehouse-delete-lake').click();
    await byTestId('delete-warehouse-users').waitFor();
    assert.match(await text('delete-warehouse-users'), /catalog analytics/);
    await byTestId('delete-warehouse-confirm').click();
    await byTestId('delete-warehouse-in-use').waitFor();
    assert.match(await text('delete-warehouse-error'), /ConflictException.*analytics/s);
    await byTestId('in-use-catalog-analytics').waitFor();
    await shot('wh-06-delete-in-use');
    await byTestId('delete-warehouse-cancel').click();
  });

  test('edit: the saved warehouse loads, the saved check passes, a change is saved', async () => {
    await byTestId('warehouse-link-lake').click();
    await byTestId('warehouse-form').waitFor();
    assert.equal(await byTestId('warehouse-name').isDisabled(), true);
    assert.equal(await byTestId('storage-config-row-0-key').inputValue(), 'py-io-impl');
    await byTestId('warehouse-test').click(); // unchanged: POST /warehouses/lake/check
    await byTestId('check-result').waitFor();
    assert.equal(await byTestId('check-result').getAttribute('data-ok'), 'true');
    await byTestId('storage-config-row-0-remove').click();
    await byTestId('warehouse-save-check').click();
    await byTestId('warehouses-table').waitFor();
    assert.match(await text('warehouse-notice'), /Warehouse “lake” saved\. Connection check: All 5 steps passed/);
    await shot('wh-07-edit-saved');
  });

  test('S3 (MinIO): a missing bucket fails the check naming the bucket; Save & check is refused with the failed step', { skip: S3_ENDPOINT ? false : 'PANGOLIN_TEST_S3_ENDPOINT is not set (scripts/start-minio.sh)' }, async () => {
    const bucket = `no-such-bucket-${randomUUID().slice(0, 8)}`;
    await byTestId('warehouse-create').click();
    await byTestId('warehouse-name').fill('minio-lake');
    await byTestId('preset-s3').check();
    await byTestId('warehouse-location').fill(`s3://${bucket}/lake`);
    const set = async (key: string, value: string) => byTestId(`storage-config-row-${await rowIndexOf('storage-config', key)}-value`).fill(value);
    await set('s3.endpoint', S3_ENDPOINT!);
    await set('s3.access-key-id', S3_KEY);
    await set('s3.secret-access-key', S3_SECRET);
    // A Docker host name in the endpoint: the client_config hint offers localhost.
    await set('s3.endpoint', 'http://minio:9000');
    await byTestId('client-endpoint-hint').waitFor();
    await shot('wh-08-s3-docker-hint');
    await set('s3.endpoint', S3_ENDPOINT!);
    assert.equal(await byTestId('client-endpoint-hint').count(), 0);
    await byTestId('vending-type').selectOption('AwsSts');
    await byTestId('vending-role_arn-error').waitFor();
    await byTestId('vending-role_arn').fill('arn:aws:iam::123456789012:role/lake');
    await byTestId('vending-duration_seconds').fill('60');
    assert.match(await text('vending-duration_seconds-error'), /900 to 43200/);
    await byTestId('vending-type').selectOption('AwsStatic');

    await byTestId('warehouse-test').click();
    await byTestId('check-result').waitFor();
    assert.equal(await byTestId('check-result').getAttribute('data-ok'), 'false');
    assert.equal(await byTestId('check-step-config').getAttribute('data-status'), 'pass');
    assert.equal(await byTestId('check-step-reach').getAttribute('data-status'), 'fail');
    assert.match(await text('check-step-reach-message'), new RegExp(bucket));
    assert.match(await text('check-step-reach-fix'), /Create the bucket/);
    await shot('wh-09-s3-missing-bucket');

    await byTestId('warehouse-save-check').click();
    await byTestId('warehouse-form-error').waitFor();
    assert.match(await text('warehouse-form-error'), /Not saved: the connection check failed/);
    const failed = page.locator('[data-testid="failed-steps"] > li');
    assert.equal(await failed.count(), 1);
    assert.match((await failed.first().textContent()) ?? '', new RegExp(`Bucket / container reachable.*${bucket}.*Fix:.*Create the bucket`, 's'));
    await shot('wh-10-s3-save-check-refused');
    assert.equal(await byTestId(`storage-config-row-${await rowIndexOf('storage-config', 's3.secret-access-key')}-value`).getAttribute('type'), 'password', 'the secret stays masked');
    assert.ok(!(await text('warehouse-form-error')).includes(S3_SECRET), 'no secret in the server message');
    await byTestId('warehouse-cancel').click();
    await byTestId('warehouses-table').waitFor();
    assert.equal(await byTestId('warehouse-row-minio-lake').count(), 0, 'nothing saved');
  });

  test('no page errors along the way', () => {
    assert.deepEqual(pageErrors, []);
  });
});
