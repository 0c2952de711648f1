// Browser-origin safety in a real browser (Debian's Chromium) against a no-auth server,
// where any page the user visits could otherwise act as root: the built UI runs under its
// Content-Security-Policy without a single violation; a page on another origin cannot
// create a tenant (text/plain fetch, form post, JSON fetch), cannot frame the UI; and a
// DNS-rebound name (evil.example → 127.0.0.1, via Chromium's resolver rules) gets a 421.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../src/server/config.js';
import { createServer, type ServerHandle } from '../../src/server/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const webRoot = join(root, 'out/renderer');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const skip = !existsSync(chromiumPath) && !process.env.CI ? `Chromium not found at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH)` : false;
if (skip) console.log(`# SKIP browser-safety: ${skip}`);

/** Pages a visitor could reach, as hash routes of the UI. */
const ROUTES = ['#/explorer', '#/explorer?catalog=local&ns=db&table=t', '#/status', '#/warehouses', '#/warehouses?name=local', '#/catalogs', '#/connect?catalog=local', '#/troubleshoot', '#/buckets?warehouse=local', '#/tenants', '#/users', '#/service-users', '#/roles', '#/api-keys', '#/audit'];

describe('browser-origin safety (Chromium, no-auth server)', { skip }, () => {
  let handle: ServerHandle;
  let url: string;
  let port: number;
  let dataDir: string;
  let browser: Browser;
  let page: Page;
  let attacker: Server;
  let attackerUrl: string;
  const problems: string[] = [];

  const tenants = async (): Promise<string[]> => ((await (await fetch(`${url}/api/v1/tenants`)).json()) as { tenants: { name: string }[] }).tenants.map((t) => t.name);

  before(async () => {
    if (!existsSync(join(webRoot, 'index.html'))) execFileSync('npx', ['vite', 'build', '--config', 'vite.web.config.ts'], { cwd: root, stdio: 'inherit' });
    dataDir = mkdtempSync(join(tmpdir(), 'pangolin-e2e-safety-'));
    handle = await createServer(loadConfig({ PORT: '0', PANGOLIN_DATA_DIR: dataDir, PANGOLIN_STORAGE_TYPE: 'sqlite', PANGOLIN_WEB_ROOT: webRoot, PANGOLIN_LOG_LEVEL: 'silent', PANGOLIN_NO_AUTH: 'true' }));
    ({ url, port } = await handle.listen());
    const ns = await fetch(`${url}/v1/local/namespaces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ namespace: ['db'] }) });
    assert.equal(ns.status, 200, await ns.text());
    const t = await fetch(`${url}/v1/local/namespaces/db/tables`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 't', schema: { type: 'struct', 'schema-id': 0, fields: [{ id: 1, name: 'id', required: true, type: 'long' }] } }),
    });
    assert.equal(t.status, 200, await t.text());

    // The attacker's site: another origin on this machine, serving whatever page a test sets.
    let attackPage = '';
    attacker = createHttpServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(attackPage));
    await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
    (attacker as Server & { setPage?: (html: string) => void }).setPage = (html) => (attackPage = html);

    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--host-resolver-rules=MAP evil.example 127.0.0.1'],
    });
    page = await browser.newPage();
    // Every CSP violation is recorded, also those that log nothing.
    await page.addInitScript("document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`))");
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && page.url().startsWith(url)) problems.push(`console: ${m.text()}`);
    });
  });

  after(async () => {
    await browser?.close();
    await handle?.close();
    await new Promise((r) => (attacker ? attacker.close(r) : r(undefined)));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const attack = async (html: string) => {
    (attacker as Server & { setPage: (html: string) => void }).setPage(html);
    await page.goto(`${attackerUrl}/`);
  };

  test('the UI loads under its CSP header on every page without a violation', async () => {
    const res = await page.goto(`${url}/`);
    const csp = res?.headers()['content-security-policy'] ?? '';
    for (const d of ["default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"]) assert.ok(csp.includes(d), `${d} in ${csp}`);
    assert.equal(res?.headers()['x-frame-options'], 'DENY');
    await page.locator('[data-app-state="ready"]').waitFor();
    for (const route of ROUTES) {
      await page.goto(`${url}/${route}`);
      await page.locator('[data-app-state="ready"]').waitFor();
      await page.waitForLoadState('networkidle');
    }
    assert.deepEqual(problems, []);
  });

  test('a page on another origin cannot create a tenant: text/plain fetch, form post, JSON fetch', async () => {
    const target = `${url}/api/v1/tenants`;
    await attack(`<script>
      window.results = [];
      fetch(${JSON.stringify(target)}, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{"name":"pwned-text"}' }).then(() => results.push('text sent'), (e) => results.push('text failed'));
      fetch(${JSON.stringify(target)}, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"pwned-json"}' }).then(() => results.push('json read!'), () => results.push('json blocked'));
    </script>
    <form id="f" method="POST" enctype="text/plain" action=${JSON.stringify(target)} target="sink"><input name='{"name":"pwned-form","x":"' value='"}'></form>
    <iframe name="sink"></iframe><script>document.getElementById('f').submit()</script>`);
    await page.waitForFunction(() => (globalThis as unknown as { results: string[] }).results.length === 2);
    const results = await page.evaluate(() => (globalThis as unknown as { results: string[] }).results);
    assert.ok(results.includes('json blocked'), `the preflight is not approved: ${results.join(', ')}`);
    await page.waitForTimeout(500); // the form post's answer
    const names = await tenants();
    for (const n of ['pwned-text', 'pwned-json', 'pwned-form']) assert.ok(!names.includes(n), `${n} was created: ${names.join(', ')}`);
  });

  test('another origin cannot frame the UI', async () => {
    await attack(`<script>window.framed = new Promise((r) => addEventListener('DOMContentLoaded', () => document.getElementById('ui').addEventListener('load', r)));</script><iframe id="ui" src="${url}/"></iframe>`);
    await page.evaluate(() => (globalThis as unknown as { framed: Promise<void> }).framed); // fires for a blocked frame too
    await page.waitForTimeout(300);
    const frame = page.frames().find((f) => f.url().startsWith(url));
    const framedAppLoaded = frame ? await frame.locator('[data-app-state]').count().catch(() => 0) : 0;
    assert.equal(framedAppLoaded, 0, 'the UI did not render inside another site');
  });

  test('a DNS-rebound name (evil.example → 127.0.0.1) gets the 421 refusal, not the UI or the API', async () => {
    const ui = await page.goto(`http://evil.example:${port}/`);
    assert.equal(ui?.status(), 421);
    assert.match(await page.content(), /PANGOLIN_ALLOWED_HOSTS/);
    const created = await page.evaluate(async (p) => (await fetch(`http://evil.example:${p}/api/v1/tenants`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"rebound"}' })).status, port);
    assert.equal(created, 421);
    assert.ok(!(await tenants()).includes('rebound'));
  });
});
