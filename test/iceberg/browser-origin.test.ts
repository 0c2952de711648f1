// Browser-origin safety against a real server: DNS rebinding (a foreign Host), CSRF (a
// cross-origin text/plain or form POST, a foreign Origin), no CORS, security headers,
// downloads that never render, no source maps over HTTP. In no-auth mode (where any page
// could otherwise act as root) and with auth. node's fetch cannot set Host: node:http.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { objectStoreFor } from '../../src/server/storage/index.js';
import { rawRequest, type RawResult } from '../helpers/raw-http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** The body as JSON, loosely typed for assertions. */
type Raw = RawResult & { json: any };

/** One request exactly as given (Host, Origin, Content-Type, raw path). */
const raw = (url: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Raw> => rawRequest(url, method, path, headers, body);

const EVIL = 'http://evil.example';
const hostOf = (url: string) => new URL(url).host;

function assertIcebergError(r: Raw, status: number, message: RegExp): void {
  assert.equal(r.status, status, r.text);
  assert.equal(r.json?.error?.code, status, r.text);
  assert.equal(typeof r.json?.error?.type, 'string');
  assert.match(r.json.error.message, message);
}

function assertSecurityHeaders(r: Raw, csp: RegExp): void {
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  assert.equal(r.headers['x-frame-options'], 'DENY');
  assert.equal(r.headers['referrer-policy'], 'no-referrer');
  assert.match(String(r.headers['content-security-policy']), csp);
  for (const name of Object.keys(r.headers)) assert.ok(!name.startsWith('access-control-'), `no CORS header (${name})`);
}

const API_CSP = /^default-src 'none'; frame-ancestors 'none'; sandbox$/;
const UI_CSP = /default-src 'self'.*object-src 'none'.*base-uri 'none'.*frame-ancestors 'none'/;

/** A web root with an app shell, a script, and source maps inside and beside it. */
function makeWebRoot(): { dir: string; webRoot: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pangolin-web-'));
  const webRoot = join(dir, 'renderer');
  mkdirSync(join(webRoot, 'assets'), { recursive: true });
  mkdirSync(join(dir, 'server'), { recursive: true });
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Pangolin</title><script type="module" src="./assets/app.js"></script>');
  writeFileSync(join(webRoot, 'assets', 'app.js'), 'console.log(1);\n//# sourceMappingURL=app.js.map');
  writeFileSync(join(webRoot, 'assets', 'app.js.map'), '{"version":3,"sources":["SECRET-SOURCE.ts"]}');
  writeFileSync(join(dir, 'server', 'cli.js.map'), '{"version":3,"sources":["SECRET-SERVER.ts"]}');
  return { dir, webRoot };
}

const ROOT = { PANGOLIN_ROOT_USER: 'root', PANGOLIN_ROOT_PASSWORD: 'q7-Vw2kP9zL4xR8nT1' };

/** Tenants as root sees them (the caller's credentials: none in no-auth mode). */
const tenantNames = async (s: TestServer, creds: Record<string, string>): Promise<string[]> => {
  const r = await raw(s.url, 'GET', '/api/v1/tenants', { host: hostOf(s.url), ...creds });
  assert.equal(r.status, 200, r.text);
  return r.json.tenants.map((t: { name: string }) => t.name);
};

for (const mode of ['no-auth', 'auth'] as const) {
  describe(`browser-origin safety (${mode})`, () => {
    let s: TestServer;
    let web: { dir: string; webRoot: string };
    /** Root's credentials (none in no-auth mode: a page the user visits could send the same). */
    let creds: Record<string, string>;
    before(async () => {
      web = makeWebRoot();
      s = await startTestServer({ env: { PANGOLIN_WEB_ROOT: web.webRoot, ...(mode === 'no-auth' ? { PANGOLIN_NO_AUTH: 'true' } : ROOT) } });
      creds = mode === 'no-auth' ? {} : { authorization: `Basic ${Buffer.from(`${ROOT.PANGOLIN_ROOT_USER}:${ROOT.PANGOLIN_ROOT_PASSWORD}`).toString('base64')}` };
    });
    after(async () => {
      await s?.stop();
      rmSync(web.dir, { recursive: true, force: true });
    });

    test('Host: evil.example is refused on API and UI routes (DNS rebinding), and nothing changes', async () => {
      const port = new URL(s.url).port;
      for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1.evil.example:${port}`]) {
        for (const path of ['/api/v1/tenants', '/v1/config', '/', '/index.html', '/assets/app.js', '/some/client/route']) {
          const r = await raw(s.url, 'GET', path, { host, ...creds });
          assertIcebergError(r, 421, /PANGOLIN_ALLOWED_HOSTS/);
          assert.ok(!r.text.includes('Pangolin</title>') && !r.text.includes('console.log'), 'no UI file');
        }
        // A rebound page is "same-origin" with itself: the Host check stops it, not the Origin check.
        const post = await raw(s.url, 'POST', '/api/v1/tenants', { host, origin: `http://${host}`, 'content-type': 'application/json', ...creds }, JSON.stringify({ name: 'rebound' }));
        assertIcebergError(post, 421, /DNS rebinding/);
      }
      assert.ok(!(await tenantNames(s, creds)).includes('rebound'));
    });

    test('a cross-origin text/plain POST (no CORS preflight) creates nothing', async () => {
      const body = JSON.stringify({ name: 'csrf-text' });
      const crossSite = await raw(s.url, 'POST', '/api/v1/tenants', { host: hostOf(s.url), origin: EVIL, 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain;charset=UTF-8', ...creds }, body);
      assert.ok([403, 415].includes(crossSite.status), crossSite.text);
      // Even without Origin (an old browser), the body is not read as JSON.
      const plain = await raw(s.url, 'POST', '/api/v1/tenants', { host: hostOf(s.url), 'content-type': 'text/plain', ...creds }, body);
      assertIcebergError(plain, 415, /Content-Type: application\/json/);
      const none = await raw(s.url, 'POST', '/api/v1/tenants', { host: hostOf(s.url), ...creds }, body);
      assertIcebergError(none, 415, /no Content-Type/);
      const form = await raw(s.url, 'POST', '/api/v1/tenants', { host: hostOf(s.url), 'content-type': 'application/x-www-form-urlencoded', ...creds }, 'name=csrf-text');
      assertIcebergError(form, 415, /application\/json/);
      const multipart = await raw(s.url, 'POST', '/v1/namespaces', { host: hostOf(s.url), 'content-type': 'multipart/form-data; boundary=x', ...creds }, '--x--');
      assertIcebergError(multipart, 415, /application\/json/);
      assert.ok(!(await tenantNames(s, creds)).includes('csrf-text'));
    });

    test('a JSON POST from another origin or site is refused; from the server’s own origin it works', async () => {
      const body = JSON.stringify({ name: 'csrf-json' });
      const json = { host: hostOf(s.url), 'content-type': 'application/json', ...creds };
      for (const extra of [{ origin: EVIL }, { origin: 'null' }, { origin: `http://127.0.0.1:1` }, { 'sec-fetch-site': 'cross-site' }] as Record<string, string>[]) {
        assertIcebergError(await raw(s.url, 'POST', '/api/v1/tenants', { ...json, ...extra }, body), 403, /Refused/);
        assertIcebergError(await raw(s.url, 'DELETE', '/api/v1/tenants/default', { ...json, ...extra }), 403, /Refused/);
      }
      assert.ok(!(await tenantNames(s, creds)).includes('csrf-json'));
      assert.ok((await tenantNames(s, creds)).includes('default'));
      const own = await raw(s.url, 'POST', '/api/v1/tenants', { ...json, origin: s.url, 'sec-fetch-site': 'same-origin' }, JSON.stringify({ name: 'same-origin' }));
      assert.equal(own.status, 201, own.text);
      assert.ok((await tenantNames(s, creds)).includes('same-origin'));
    });

    test('malformed JSON with a JSON content type is still the 400 malformed-JSON error; +json types are JSON', async () => {
      const bad = await raw(s.url, 'POST', '/v1/namespaces', { host: hostOf(s.url), 'content-type': 'application/json; charset=utf-8', ...creds }, '{"namespace": ["x"');
      assertIcebergError(bad, 400, /Malformed JSON/);
      const ok = await raw(s.url, 'POST', '/v1/namespaces', { host: hostOf(s.url), 'content-type': 'application/vnd.example+json', ...creds }, '{"namespace": ["plus_json"]}');
      assert.equal(ok.status, 200, ok.text);
    });

    test('no CORS: a preflight is refused and carries no Access-Control-Allow-*; cross-origin reads get none either', async () => {
      for (const path of ['/api/v1/tenants', '/v1/namespaces', '/']) {
        const pre = await raw(s.url, 'OPTIONS', path, { host: hostOf(s.url), origin: EVIL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' });
        assertIcebergError(pre, 403, /preflight/);
        assertSecurityHeaders(pre, path === '/' ? UI_CSP : API_CSP);
      }
      const read = await raw(s.url, 'GET', '/api/v1/auth/config', { host: hostOf(s.url), origin: EVIL });
      assert.equal(read.status, 200);
      assertSecurityHeaders(read, API_CSP);
    });

    test('security headers on API answers, errors, refusals and the UI', async () => {
      const h = { host: hostOf(s.url), ...creds };
      assertSecurityHeaders(await raw(s.url, 'GET', '/v1/config', h), API_CSP);
      assertSecurityHeaders(await raw(s.url, 'GET', '/api/v1/nope', h), API_CSP);
      assertSecurityHeaders(await raw(s.url, 'GET', '/api/v1/tenants', { ...h, host: 'evil.example' }), API_CSP);
      for (const path of ['/', '/index.html', '/client/route']) {
        const ui = await raw(s.url, 'GET', path, h);
        assert.equal(ui.status, 200);
        assert.match(String(ui.headers['content-type']), /^text\/html/);
        assert.match(ui.text, /Pangolin<\/title>/);
        assertSecurityHeaders(ui, UI_CSP);
      }
      assertSecurityHeaders(await raw(s.url, 'GET', '/assets/app.js', h), UI_CSP);
    });

    test('source maps and files outside the web root are never served', async () => {
      for (const path of ['/assets/app.js.map', '/assets/APP.JS.MAP', '/assets/app.js.map?x=1', '/../server/cli.js.map', '/%2e%2e/server/cli.js.map', '/assets/..%2f..%2fserver/cli.js.map']) {
        const r = await raw(s.url, 'GET', path, { host: hostOf(s.url) });
        assert.ok(!r.text.includes('SECRET-'), `${path} → ${r.status} ${r.text.slice(0, 80)}`);
        assert.notEqual(r.status, 200, `${path} is not served`);
      }
    });
  });
}

describe('PANGOLIN_ALLOWED_HOSTS', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ env: { PANGOLIN_NO_AUTH: 'true', PANGOLIN_ALLOWED_HOSTS: 'pangolin.lan,proxy.lan:8443' } });
  });
  after(() => s?.stop());

  test('listed names are answered (a listed port must match); loopback still is; others are not', async () => {
    const port = new URL(s.url).port;
    for (const host of [`pangolin.lan:${port}`, 'PANGOLIN.LAN', 'proxy.lan:8443', `localhost:${port}`, `[::1]:${port}`, `127.0.0.1:${port}`]) {
      const r = await raw(s.url, 'GET', '/api/v1/me', { host });
      assert.equal(r.status, 200, `${host}: ${r.text}`);
    }
    for (const host of ['proxy.lan:8080', 'evil.example', 'pangolin.lan.evil.example']) {
      assertIcebergError(await raw(s.url, 'GET', '/api/v1/me', { host }), 421, /pangolin\.lan, proxy\.lan:8443/);
    }
    const post = await raw(s.url, 'POST', '/api/v1/tenants', { host: `pangolin.lan:${port}`, origin: `http://pangolin.lan:${port}`, 'content-type': 'application/json' }, JSON.stringify({ name: 'via-lan' }));
    assert.equal(post.status, 201, post.text);
  });
});

describe('bucket-browser downloads never render', () => {
  let s: TestServer;
  let dir: string;
  const wh = 'downloads';
  before(async () => {
    s = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), 'pangolin-dl-'));
    const location = pathToFileURL(join(dir, 'lake')).href;
    const store = await objectStoreFor(location, {});
    await store.write(`${location}/page.html`, '<script>alert(1)</script>');
    await store.write(`${location}/pic.svg`, '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    await store.write(`${location}/data.bin`, Buffer.from([0, 1, 2]));
    const r = await s.http('POST', '/api/v1/warehouses', { name: wh, location, storage_config: {} });
    assert.equal(r.status, 201, r.text);
  });
  after(async () => {
    await s?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('downloads are attachments with a non-active type; inline views are never HTML or SVG', async () => {
    const active = /text\/html|image\/svg|javascript|xml/i;
    for (const key of ['page.html', 'pic.svg', 'data.bin']) {
      const dl = await raw(s.url, 'GET', `/api/v1/warehouses/${wh}/object?key=${key}&download=1`, { host: hostOf(s.url), authorization: `Bearer ${s.token}` });
      assert.equal(dl.status, 200, dl.text);
      assert.match(String(dl.headers['content-disposition']), /^attachment; filename="/);
      assert.doesNotMatch(String(dl.headers['content-type']), active);
      assertSecurityHeaders(dl, API_CSP);
      const inline = await raw(s.url, 'GET', `/api/v1/warehouses/${wh}/object?key=${key}`, { host: hostOf(s.url), authorization: `Bearer ${s.token}` });
      assert.doesNotMatch(String(inline.headers['content-type']), active);
      assertSecurityHeaders(inline, API_CSP);
    }
  });
});
