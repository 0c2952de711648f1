// The desktop's generated root password, end to end without Electron: DesktopSecrets
// (keychain stubbed) → ServerHost starts the real server with it → the window gets the
// host info the preload would expose (hostInfoFor) → the dialog in Chromium shows it
// once; it signs in as root over HTTP Basic; acknowledging it stops it being delivered.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DesktopSecrets } from '../../src/main/desktop-secrets.js';
import { hostInfoFor } from '../../src/main/host-info.js';
import { SecretBox } from '../../src/main/secrets.js';
import { ServerHost } from '../../src/main/server-host.js';
import { fakeSafeStorage } from '../unit/main/fakes.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const webRoot = join(root, 'out/renderer');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const skip = !existsSync(chromiumPath) && !process.env.CI ? `Chromium not found at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH)` : false;
if (skip) console.log(`# SKIP root-password: ${skip}`);

describe('root password shown once (Chromium, real server)', { skip }, () => {
  let dir: string;
  let secrets: DesktopSecrets;
  const host = new ServerHost({ logger: { info: () => undefined, warn: () => undefined } });
  let url: string;
  let browser: Browser;
  const pageErrors: string[] = [];

  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  /** A page whose window.pangolin is what the preload would expose for this load. */
  async function openWindow(): Promise<{ context: BrowserContext; page: Page; acks: number[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 820 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    const acks: number[] = [];
    // The IPC acknowledgement, handled as main does (registerRootPasswordAck).
    await page.exposeFunction('__ackRootPassword', () => {
      secrets.markRootPasswordShown();
      acks.push(Date.now());
      return true;
    });
    const rootPassword = secrets.pendingRootPassword();
    const info = hostInfoFor(`${url}/`, [url], {
      serverUrl: url,
      sessionToken: host.sessionToken!,
      ...(rootPassword ? { rootPassword } : {}),
    });
    // A string, not a function: tsx's helpers would not exist in the page.
    await page.addInitScript({
      content: `{
        const info = ${JSON.stringify(info)};
        if (info.rootPassword) info.acknowledgeRootPassword = () => window.__ackRootPassword();
        window.pangolin = Object.freeze(info);
      }`,
    });
    await page.goto(`${url}/`);
    await page.locator('[data-app-state="ready"]').waitFor();
    return { context, page, acks };
  }

  before(async () => {
    if (!existsSync(join(webRoot, 'index.html'))) {
      execFileSync('npx', ['vite', 'build', '--config', 'vite.web.config.ts'], { cwd: root, stdio: 'inherit' });
    }
    mkdirSync(join(root, 'test-results/screenshots'), { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'pangolin-e2e-root-'));
    secrets = DesktopSecrets.load({ dir, dataDir: dir, box: new SecretBox(fakeSafeStorage(), { warn: () => undefined }), env: {} });
    ({ url } = await host.start({
      port: 0,
      dataDir: dir,
      webRoot,
      env: { ...secrets.serverEnv({ noAuth: false }), PORT: '0', PANGOLIN_STORAGE_TYPE: 'sqlite', PANGOLIN_LOG_LEVEL: 'silent' },
    }));
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });

  after(async () => {
    await browser?.close();
    await host.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the generated password is root’s: Basic auth works with it, not without it', async () => {
    const ok = await fetch(`${url}/api/v1/server/status`, { headers: { authorization: basic('admin', secrets.rootPassword) } });
    assert.equal(ok.status, 200, await ok.text());
    const wrong = await fetch(`${url}/api/v1/server/status`, { headers: { authorization: basic('admin', 'guess') } });
    assert.equal(wrong.status, 401);
  });

  test('first window: the dialog shows it with a copy button; acknowledging closes it', async () => {
    const { context, page, acks } = await openWindow();
    const dialog = page.getByTestId('root-password-dialog');
    await dialog.waitFor();
    assert.match((await dialog.textContent()) ?? '', /shown once; store it in your password manager/);
    assert.equal(await page.getByTestId('root-password-user').textContent(), 'admin');
    assert.equal(await page.getByTestId('root-password-value').textContent(), secrets.rootPassword);
    await page.getByTestId('root-password-copy').click();
    await page.getByTestId('root-password-copy').filter({ hasText: 'Copied' }).waitFor();
    assert.equal(await page.evaluate<string>('navigator.clipboard.readText()'), secrets.rootPassword);
    await page.screenshot({ path: join(root, 'test-results/screenshots/root-password-dialog.png') });
    await page.getByTestId('root-password-ack').click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(acks.length, 1);
    assert.equal(secrets.pendingRootPassword(), undefined);
    await page.getByTestId('explorer-page').waitFor();
    await context.close();
  });

  test('after the acknowledgement a new window never receives it', async () => {
    const { context, page } = await openWindow();
    await page.getByTestId('explorer-page').waitFor();
    assert.equal(await page.getByTestId('root-password-dialog').count(), 0);
    assert.equal((await page.evaluate<string>('JSON.stringify(window.pangolin)')).includes(secrets.rootPassword), false);
    await context.close();
    assert.deepEqual(pageErrors, []);
  });
});
