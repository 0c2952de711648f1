// Tenancy and access screens in Debian's Chromium against a real in-process server with a
// root user: root signs in (the user tab is the default), creates a tenant, acts on it
// with the tenant switcher, and makes a tenant admin for the default tenant. That admin
// signs in, creates a user (a weak password is refused by the server, next to the form),
// a service user (its secret shown once, with a working PyIceberg credential), a role
// with a grant (read on namespace "sales") and both as members, and an API key. The new
// user then sees only what the grant allows (no Warehouses or admin screens; the explorer
// shows "sales", not "hr"), and a refused request of theirs is in the audit log, highlighted.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
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
const ROOT_PASSWORD = randomBytes(18).toString('base64url');
const ADMIN_PASSWORD = `adm-${randomBytes(9).toString('hex')}`;
const USER_PASSWORD = `usr-${randomBytes(9).toString('hex')}`;

const skip = !existsSync(chromiumPath) && !process.env.CI ? `Chromium not found at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH)` : false;
if (skip) console.log(`# SKIP identity e2e: ${skip}`);

/** Newest modification time under a folder (the renderer sources vs. the built UI). */
function newest(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

describe('Tenancy and access screens (Chromium, real server)', { skip }, () => {
  let handle: ServerHandle;
  let url: string;
  let dataDir: string;
  let browser: Browser;
  let page: Page;
  let serviceSecret = '';
  let aliceToken = '';
  const pageErrors: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  const byTestId = (id: string) => page.getByTestId(id);
  const text = async (id: string) => ((await byTestId(id).first().textContent()) ?? '').trim();

  async function api(method: string, path: string, body?: unknown): Promise<Response> {
    const tokenRes = await fetch(`${url}/v1/oauth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: handle.bootstrap.clientId, client_secret: handle.bootstrap.clientSecret, scope: 'catalog' }),
    });
    const { access_token } = (await tokenRes.json()) as { access_token: string };
    return fetch(url + path, { method, headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  }

  async function signIn(username: string, password: string, tenant = '') {
    await byTestId('login-page').waitFor();
    await byTestId('login-username').fill(username);
    await byTestId('login-password').fill(password);
    await byTestId('login-tenant').fill(tenant);
    await byTestId('login-submit').click();
    await byTestId('signed-in-as').waitFor();
  }

  async function signOut() {
    await byTestId('sign-out').click();
    await byTestId('login-page').waitFor();
  }

  before(async () => {
    const built = join(webRoot, 'index.html');
    if (!existsSync(built) || statSync(built).mtimeMs < Math.max(newest(join(root, 'src/renderer')), newest(join(root, 'src/shared')))) {
      execFileSync('npx', ['vite', 'build', '--config', 'vite.web.config.ts'], { cwd: root, stdio: 'inherit' });
    }
    mkdirSync(shots, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'pangolin-e2e-id-'));
    handle = await createServer(
      loadConfig({
        PORT: '0',
        PANGOLIN_DATA_DIR: dataDir,
        PANGOLIN_STORAGE_TYPE: 'sqlite',
        PANGOLIN_WEB_ROOT: webRoot,
        PANGOLIN_LOG_LEVEL: 'silent',
        PANGOLIN_ROOT_USER: 'admin',
        PANGOLIN_ROOT_PASSWORD: ROOT_PASSWORD,
      }),
    );
    ({ url } = await handle.listen());
    for (const ns of ['sales', 'hr']) {
      const res = await api('POST', '/v1/local/namespaces', { namespace: [ns] });
      assert.equal(res.status, 200, await res.text());
    }
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // The refusals this suite provokes on purpose are logged by Chromium as failed loads.
      if (m.type() === 'error' && !/status of (400|401|403|409)/.test(m.text())) pageErrors.push(`console: ${m.text()}`);
    });
  });

  after(async () => {
    await browser?.close();
    await handle?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('the login page opens on the user tab; root signs in and sees who it is and the Tenants entry', async () => {
    await page.goto(`${url}/`);
    await byTestId('login-page').waitFor();
    assert.equal(await byTestId('login-tab-user').getAttribute('aria-selected'), 'true');
    await byTestId('login-username').fill('admin');
    await byTestId('login-password').fill('not-the-password');
    await byTestId('login-submit').click();
    assert.match(await text('login-error'), /Invalid user name or password/);
    await shot('id-01-login');
    await byTestId('login-password').fill(ROOT_PASSWORD);
    await byTestId('login-submit').click();
    await byTestId('explorer-page').waitFor();
    assert.equal(await text('signed-in-name'), 'admin');
    assert.equal(await text('signed-in-role'), 'Root');
    assert.equal(await byTestId('tenant-switcher').inputValue(), 'default');
    await byTestId('nav-tenants').waitFor();
    const refresh = await page.evaluate<string | null>("sessionStorage.getItem('pangolin.token-expires-at')");
    assert.ok(Number(refresh) > Date.now(), 'the access token expiry is kept to refresh it in time');
  });

  test('tenants: create one with a property; it is listed', async () => {
    await byTestId('nav-tenants').click();
    await byTestId('tenants-table').waitFor();
    await byTestId('tenant-create').click();
    await byTestId('tenant-name').fill('team a');
    await byTestId('tenant-dialog-submit').click();
    assert.match(await text('tenant-name-error'), /A tenant name must be/);
    await byTestId('tenant-name').fill('team-a');
    await byTestId('tenant-properties-add').click();
    await byTestId('tenant-properties-row-0-key').fill('owner');
    await byTestId('tenant-properties-row-0-value').fill('data-team');
    await shot('id-02-tenant-create');
    await byTestId('tenant-dialog-submit').click();
    await byTestId('tenant-row-team-a').waitFor();
    assert.match(await text('tenant-notice'), /Tenant “team-a” created/);
    assert.match(await text('tenant-row-team-a'), /team-a.*1 set/s);
    await shot('id-03-tenants');
  });

  test('the tenant switcher: acting on team-a shows its (empty) users; back to default', async () => {
    await byTestId('tenant-act-team-a').click();
    await byTestId('users-empty').waitFor();
    assert.equal(await byTestId('tenant-switcher').inputValue(), 'team-a');
    await shot('id-04-root-acting-on-team-a');
    // The default tenant has no users yet either (its first admin is a service user).
    await byTestId('tenant-switcher').selectOption('default');
    assert.equal(await byTestId('tenant-switcher').inputValue(), 'default');
    await byTestId('users-empty').waitFor();
  });

  test('root makes a tenant admin for the default tenant', async () => {
    await byTestId('user-create').click();
    await byTestId('user-name').fill('dana');
    await byTestId('user-role').selectOption('tenant-admin');
    await byTestId('user-password').fill(ADMIN_PASSWORD);
    await byTestId('user-confirm').fill(ADMIN_PASSWORD);
    await byTestId('user-dialog-submit').click();
    await byTestId('user-row-dana').waitFor();
    assert.equal(await text('user-role-dana'), 'Tenant admin');
    await signOut();
  });

  test('the tenant admin signs in: no Tenants entry; creates a user (a weak password is refused by the server first)', async () => {
    await signIn('dana', ADMIN_PASSWORD);
    assert.equal(await text('signed-in-role'), 'Tenant admin');
    assert.equal(await text('signed-in-tenant'), 'tenant default');
    assert.equal(await byTestId('nav-tenants').count(), 0);
    await byTestId('nav-access').click();
    await byTestId('users-table').waitFor();
    await byTestId('user-create').click();
    await byTestId('user-name').fill('alice');
    await byTestId('user-password').fill('password1234');
    await byTestId('user-confirm').fill('password1234');
    await byTestId('user-dialog-submit').click();
    await byTestId('user-dialog-error').waitFor();
    assert.match(await text('user-dialog-error'), /BadRequestException.*well-known password/s);
    await shot('id-05-user-weak-password');
    await byTestId('user-password').fill(USER_PASSWORD);
    await byTestId('user-confirm').fill(USER_PASSWORD);
    await byTestId('user-dialog-submit').click();
    await byTestId('user-row-alice').waitFor();
    assert.equal(await text('user-role-alice'), 'Tenant user');
    assert.equal(await text('user-status-alice'), 'Active');
    await shot('id-06-users');
  });

  test('service user: the secret is shown once, with a PyIceberg credential that works', async () => {
    await byTestId('access-tab-service-users').click();
    await byTestId('service-users-page').waitFor();
    await byTestId('service-user-create').click();
    await byTestId('service-user-name').fill('etl');
    await byTestId('service-user-dialog-submit').click();
    await byTestId('service-user-secret').waitFor();
    const clientId = await text('service-user-secret-client-id');
    serviceSecret = await text('service-user-secret-value');
    assert.match(clientId, /^svc-[0-9a-f]{16}$/);
    assert.ok(serviceSecret.length >= 20);
    assert.match(await text('service-user-secret-once'), /shown only this once/);
    assert.ok((await text('service-user-secret-snippet')).includes(`credential="${clientId}:${serviceSecret}"`));
    await shot('id-07-service-user-secret');
    const token = await fetch(`${url}/v1/oauth/tokens`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: serviceSecret, scope: 'catalog' }) });
    assert.equal(token.status, 200, 'the credential shown works');
    await byTestId('service-user-secret-done').click();
    await byTestId('service-user-row-etl').waitFor();
    assert.equal(await byTestId('service-user-secret').count(), 0);
    assert.equal((await page.content()).includes(serviceSecret), false, 'the secret is gone from the page');
  });

  test('role: a grant said in plain words, and two members', async () => {
    await byTestId('access-tab-roles').click();
    await byTestId('roles-empty').waitFor();
    await shot('id-08-roles-empty');
    await byTestId('role-create').click();
    await byTestId('role-name').fill('sales-readers');
    await byTestId('role-description').fill('Analysts who read sales');
    await byTestId('role-dialog-submit').click();
    await byTestId('role-detail').waitFor();
    await byTestId('grants-empty').waitFor();
    await byTestId('role-members-empty').waitFor();
    assert.equal(await byTestId('grant-catalog').inputValue(), 'local');
    await byTestId('grant-namespace').fill('sales');
    assert.equal(await text('grant-summary'), 'Members may: read on every table and view in sales and the namespaces below it (catalog local).');
    await byTestId('grant-target-table').check();
    assert.match(await text('grant-summary'), /Enter the table’s name/);
    await byTestId('grant-target-all').check();
    await shot('id-09-grant-editor');
    await byTestId('grant-add').click();
    await byTestId('grant-list').waitFor();
    assert.equal(await text('grant-text'), 'read on every table and view in sales and the namespaces below it (catalog local)');
    await byTestId('role-member-pick').selectOption({ label: 'alice (user)' });
    await byTestId('role-member-add').click();
    await byTestId('role-member-alice').waitFor();
    const etl = await byTestId('role-member-pick').locator('option', { hasText: 'etl (service user' }).getAttribute('value');
    await byTestId('role-member-pick').selectOption(etl!);
    await byTestId('role-member-add').click();
    await byTestId('role-member-etl').waitFor();
    await shot('id-10-role-detail');
  });

  test('API keys: made, shown once, listed by prefix', async () => {
    await byTestId('access-tab-api-keys').click();
    await byTestId('api-keys-empty').waitFor();
    await byTestId('api-key-create').click();
    await byTestId('api-key-name').fill('laptop');
    await byTestId('api-key-dialog-submit').click();
    await byTestId('api-key-secret').waitFor();
    const key = await text('api-key-secret-value');
    const me = await fetch(`${url}/api/v1/me`, { headers: { 'x-api-key': key } });
    assert.equal(((await me.json()) as { name: string }).name, 'dana');
    await shot('id-11-api-key-once');
    await byTestId('api-key-secret-done').click();
    await byTestId('api-key-row-laptop').waitFor();
    assert.equal(await text('api-key-status-laptop'), 'Active');
    assert.equal((await page.content()).includes(key), false);
    await signOut();
  });

  test('the new user sees only what the grant allows', async () => {
    await signIn('alice', USER_PASSWORD);
    await byTestId('nav-explorer').click(); // the address still names dana's last screen
    await byTestId('explorer-page').waitFor();
    assert.equal(await text('signed-in-role'), 'Tenant user');
    assert.equal(await byTestId('nav-warehouses').count(), 0, 'no Warehouses entry');
    assert.equal(await byTestId('nav-tenants').count(), 0);
    assert.equal(await byTestId('nav-explorer').count(), 1);
    assert.equal(await text('nav-access'), 'API keys');
    await byTestId('ns-sales').waitFor();
    assert.equal(await byTestId('ns-hr').count(), 0, 'the namespace without a grant is not listed');
    await shot('id-12-user-explorer');
    await page.goto(`${url}/#/users`);
    await byTestId('no-access').waitFor();
    await shot('id-13-user-no-access');
    // Catalogs: listed with Connect and Browse, but no Create, Edit or Delete (the server refuses those with 403).
    await byTestId('nav-catalogs').click();
    await byTestId('catalog-row-local').waitFor();
    assert.equal(await byTestId('catalog-connect-local').count(), 1);
    assert.equal(await byTestId('catalog-create').count(), 0, 'no Create catalog');
    assert.equal(await byTestId('catalog-delete-local').count(), 0, 'no Delete');
    assert.equal(await page.getByRole('link', { name: 'Edit local' }).count(), 0, 'no Edit');
    await shot('id-13b-user-catalogs');
    await page.goto(`${url}/#/catalogs?new`);
    await byTestId('no-access').waitFor();
    // A refused attempt (the user calls the admin API directly): audited as denied.
    aliceToken = (await page.evaluate<string | null>("sessionStorage.getItem('pangolin.session-token')")) ?? '';
    assert.ok(await page.evaluate<string | null>("sessionStorage.getItem('pangolin.refresh-token')"), 'the refresh token is kept next to the access token');
    const denied = await fetch(`${url}/api/v1/warehouses`, { headers: { authorization: `Bearer ${aliceToken}` } });
    assert.equal(denied.status, 403);
    await signOut();
    // The logout call is sent as the page signs out; the session then ends on the server.
    let status = 0;
    for (let i = 0; i < 30 && status !== 401; i++) {
      status = (await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${aliceToken}` } })).status;
      if (status !== 401) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(status, 401, 'sign-out ended the session on the server');
  });

  test('the audit log shows the changes and the denied attempt, highlighted; filters narrow it', async () => {
    await signIn('dana', ADMIN_PASSWORD);
    await page.goto(`${url}/#/audit`);
    await byTestId('audit-table').waitFor();
    const rows = page.locator('[data-testid="audit-row"]');
    const all = (await rows.allTextContents()).join('\n');
    for (const action of ['user.create', 'service-user.create', 'role.create', 'role.grant', 'role.assign', 'api-key.create']) assert.ok(all.includes(action), action);
    const deniedRow = page.locator('[data-testid="audit-row"][data-outcome="denied"]').filter({ hasText: 'warehouse.list' });
    await deniedRow.first().waitFor();
    assert.match((await deniedRow.first().textContent()) ?? '', /alice.*warehouse\.list.*denied.*tenant-admin/s);
    assert.match((await deniedRow.first().getAttribute('class')) ?? '', /row--denied/);
    const times = await rows.evaluateAll((els) => els.map((e) => e.querySelector('td')?.getAttribute('title') ?? ''));
    assert.deepEqual([...times].sort().reverse(), times, 'newest first');
    await shot('id-14-audit');
    await byTestId('audit-filter-outcome').selectOption('denied');
    await byTestId('audit-apply').click();
    await page.locator('[data-testid="audit-row"][data-outcome="allowed"]').first().waitFor({ state: 'detached' });
    // The allowed rows also go while the filtered page loads: wait for its rows too.
    await page.locator('[data-testid="audit-row"][data-outcome="denied"]').first().waitFor();
    const outcomes = await page.locator('[data-testid="audit-row"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-outcome')));
    assert.ok(outcomes.length > 0 && outcomes.every((o) => o === 'denied'), outcomes.join(','));
    await byTestId('audit-filter-since').fill('2030-01-02T00:00');
    await byTestId('audit-filter-until').fill('2030-01-01T00:00');
    assert.match(await text('audit-filter-problem'), /must be before/);
    await shot('id-15-audit-filtered');
  });

  test('a server in no-auth mode (PANGOLIN_NO_AUTH) opens without the login page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pangolin-e2e-noauth-'));
    const open = await createServer(loadConfig({ PORT: '0', PANGOLIN_DATA_DIR: dir, PANGOLIN_STORAGE_TYPE: 'sqlite', PANGOLIN_WEB_ROOT: webRoot, PANGOLIN_LOG_LEVEL: 'silent', PANGOLIN_NO_AUTH: 'true' }));
    const tab = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    try {
      const { url: openUrl } = await open.listen();
      await tab.goto(`${openUrl}/`);
      await tab.getByTestId('explorer-page').waitFor();
      assert.equal(await tab.getByTestId('login-page').count(), 0);
      assert.equal(await tab.getByTestId('signed-in-role').textContent(), 'Root');
      assert.equal(await tab.getByTestId('sign-out').count(), 0, 'nothing to sign out of');
      await tab.screenshot({ path: join(shots, 'id-16-no-auth.png') });
    } finally {
      await tab.close();
      await open.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('no page errors along the way', () => {
    assert.deepEqual(pageErrors, []);
  });
});
