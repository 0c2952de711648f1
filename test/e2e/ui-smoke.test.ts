// UI smoke test: the built web UI (out/renderer) served by a real in-process server,
// driven in Debian's Chromium. Logs in with the server's bootstrap client credential,
// browses a nested namespace to a table, and checks the snapshot id (> 2^53) is exact.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
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
const BIG_ID = '9007199254740993'; // 2^53 + 1: JSON.parse would show ...992

const skip = !existsSync(chromiumPath) && !process.env.CI ? `Chromium not found at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH)` : false;
if (skip) console.log(`# SKIP ui-smoke: ${skip}`);

describe('UI smoke (Chromium, real server)', { skip }, () => {
  let handle: ServerHandle;
  let url: string;
  let dataDir: string;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  async function api(method: string, path: string, body?: string): Promise<void> {
    const tokenRes = await fetch(`${url}/v1/oauth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: handle.bootstrap.clientId, client_secret: handle.bootstrap.clientSecret, scope: 'catalog' }),
    });
    const { access_token } = (await tokenRes.json()) as { access_token: string };
    const res = await fetch(url + path, { method, headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' }, body });
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${await res.text()}`);
  }

  const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  const byTestId = (id: string) => page.getByTestId(id);

  before(async () => {
    if (!existsSync(join(webRoot, 'index.html'))) {
      execFileSync('npx', ['vite', 'build', '--config', 'vite.web.config.ts'], { cwd: root, stdio: 'inherit' });
    }
    mkdirSync(shots, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'pangolin-e2e-'));
    handle = await createServer(
      loadConfig({ PORT: '0', PANGOLIN_DATA_DIR: dataDir, PANGOLIN_STORAGE_TYPE: 'sqlite', PANGOLIN_WEB_ROOT: webRoot, PANGOLIN_LOG_LEVEL: 'silent' }),
    );
    ({ url } = await handle.listen());

    const T = '/v1/local/namespaces/sales%1Feu/tables';
    await api('POST', '/v1/local/namespaces', JSON.stringify({ namespace: ['sales'], properties: { owner: 'e2e' } }));
    await api('POST', '/v1/local/namespaces', JSON.stringify({ namespace: ['sales', 'eu'] }));
    await api('POST', '/v1/local/namespaces', JSON.stringify({ namespace: ['empty'] }));
    await api(
      'POST',
      T,
      JSON.stringify({
        name: 'orders',
        schema: {
          type: 'struct',
          'schema-id': 0,
          fields: [
            { id: 1, name: 'order_id', required: true, type: 'long' },
            { id: 2, name: 'customer', required: false, type: 'string' },
            { id: 3, name: 'placed_at', required: false, type: 'timestamptz' },
          ],
        },
        'partition-spec': { 'spec-id': 0, fields: [{ 'source-id': 3, 'field-id': 1000, name: 'placed_day', transform: 'day' }] },
        properties: { 'write.format.default': 'parquet' },
      }),
    );
    // The id goes over the wire as a JSON number literal, exactly as Java/PyIceberg send it.
    await api(
      'POST',
      `${T}/orders`,
      `{"requirements":[{"type":"assert-ref-snapshot-id","ref":"main","snapshot-id":null}],"updates":[` +
        `{"action":"add-snapshot","snapshot":{"snapshot-id":${BIG_ID},"sequence-number":1,"timestamp-ms":${Date.now()},` +
        `"manifest-list":"file:///tmp/snap.avro","summary":{"operation":"append","added-records":"3"},"schema-id":0}},` +
        `{"action":"set-snapshot-ref","ref-name":"main","type":"branch","snapshot-id":${BIG_ID}}]}`,
    );

    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 401/.test(m.text())) pageErrors.push(`console: ${m.text()}`);
    });
  });

  after(async () => {
    await browser?.close();
    await handle?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('login page: a wrong secret shows the server message, the right one signs in', async () => {
    await page.goto(`${url}/`);
    await page.locator('[data-app-state="ready"]').waitFor();
    await byTestId('login-page').waitFor();
    await shot('01-login');
    await byTestId('login-tab-service').click(); // the user sign-in is the default tab
    await byTestId('login-client-id').fill(handle.bootstrap.clientId);
    await byTestId('login-client-secret').fill('not-the-secret');
    await byTestId('login-submit').click();
    await byTestId('login-error').waitFor();
    assert.notEqual((await byTestId('login-error').textContent())?.trim(), '');
    await byTestId('login-client-secret').fill(handle.bootstrap.clientSecret);
    await byTestId('login-submit').click();
    await byTestId('explorer-page').waitFor();
  });

  test('explorer: namespaces load lazily down to the table', async () => {
    await byTestId('ns-sales').waitFor();
    assert.equal(await byTestId('ns-sales.eu').count(), 0, 'children are not loaded before expanding');
    await shot('02-explorer');
    await byTestId('ns-toggle-sales').click();
    await byTestId('ns-toggle-sales.eu').click();
    await byTestId('table-sales.eu.orders').click();
    await byTestId('table-detail').waitFor();
    assert.match(page.url(), /#\/explorer\?catalog=local&ns=sales%1Feu&table=orders$/);
  });

  test('table detail: schema, partition spec, properties and the exact snapshot id', async () => {
    assert.match((await byTestId('schema-field-order_id').textContent()) ?? '', /1\s*order_id\s*long\s*yes/);
    assert.match((await byTestId('schema-field-placed_at').textContent()) ?? '', /timestamptz/);
    assert.match((await byTestId('partition-fields').textContent()) ?? '', /placed_day.*day.*placed_at/);
    assert.match((await byTestId('table-properties').textContent()) ?? '', /write\.format\.default.*parquet/);
    assert.equal(await byTestId('table-current-snapshot').textContent(), BIG_ID);
    assert.equal(await byTestId(`snapshot-${BIG_ID}`).getByTestId('snapshot-id').textContent(), BIG_ID);
    await shot('03-table-detail');
    await page.locator('[data-testid="raw-metadata"] > summary').click();
    const raw = (await byTestId('raw-metadata-json').textContent()) ?? '';
    assert.match(raw, new RegExp(`"current-snapshot-id": ${BIG_ID}\\b`));
    assert.doesNotMatch(raw, /9007199254740992/);
    await byTestId('raw-metadata-json').scrollIntoViewIfNeeded();
    await shot('03b-raw-metadata');
  });

  test('a reload keeps the session (sessionStorage) and the deep link', async () => {
    await page.reload();
    await byTestId('table-detail').waitFor();
    assert.equal(await byTestId('table-current-snapshot').textContent(), BIG_ID);
  });

  test('an empty namespace says what to do next', async () => {
    await byTestId('ns-empty').click();
    await byTestId('namespace-panel').waitFor();
    await page.getByText('No tables in this namespace').waitFor();
    await shot('04-empty-namespace');
  });

  test('server page shows the running server and its catalogs', async () => {
    await byTestId('nav-status').click();
    await byTestId('status-page').waitFor();
    assert.equal(await byTestId('status-version').textContent(), '0.1.0');
    assert.equal(await byTestId('status-store').textContent(), 'sqlite');
    // The data dir is the server's own: only root is told where it is (this UI signs in as the tenant's client).
    assert.equal(await byTestId('status-data-dir').textContent(), 'shown to the root user only');
    await byTestId('status-catalog-local').waitFor();
    await shot('05-server-status');
  });

  test('sign out returns to the login page; no page errors along the way', async () => {
    await byTestId('sign-out').click();
    await byTestId('login-page').waitFor();
    assert.deepEqual(pageErrors, []);
  });
});
