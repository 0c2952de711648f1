// Storage endpoints a tenant admin chooses are not a way into the server's network
// (issue 14, SSRF with the answer read back), through HTTP against a real server and plain
// node:http listeners on 127.0.0.1 that play the "internal service":
// - link-local / metadata endpoints in any notation are refused on create and update (400
//   naming the key, nothing saved) and a stored one is refused before any call (403);
// - an endpoint that answers with an HTML page is never relayed by the bucket browser
//   (502, the page not echoed), for S3, Azure and GCS;
// - redirects are not followed (the redirect target never gets a request);
// - the connection check and the troubleshooter write and delete only their probe object
//   below <location>/.pangolin-check/.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

const SECRET_PAGE = '<html><body>SECRET-INTERNAL-PAGE token=hunter2</body></html>';

interface Listener {
  url: string;
  requests: { method: string; path: string; query: string }[];
  close(): Promise<void>;
}

async function listen(handler: http.RequestListener): Promise<Listener> {
  const requests: Listener['requests'] = [];
  const srv = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    requests.push({ method: req.method ?? '', path: decodeURIComponent(u.pathname), query: u.search });
    handler(req, res);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((r) => (srv.closeAllConnections(), srv.close(() => r()))),
  };
}

/** An internal web app: every request gets the secret page (HEAD: S3-looking headers, so only the read can refuse it). */
const htmlPage: http.RequestListener = (req, res) => {
  res.writeHead(200, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(SECRET_PAGE), 'last-modified': new Date().toUTCString(), ...(req.method === 'HEAD' ? { 'x-amz-request-id': 'r1', etag: '"e"' } : {}) });
  res.end(req.method === 'HEAD' ? undefined : SECRET_PAGE);
};

const KEYS = { 's3.access-key-id': 'AKIDEXAMPLE', 's3.secret-access-key': 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 's3.region': 'us-east-1' };
const AZ_KEY = Buffer.from('an-azure-account-key-for-tests').toString('base64');

/** The three storage kinds pointed at one endpoint. */
const kinds = (endpoint: string) => [
  { kind: 'S3', location: 's3://bkt/wh', storage_config: { ...KEYS, 's3.endpoint': endpoint, 's3.bucket': 'bkt' } },
  { kind: 'Azure', location: 'abfss://c@acct.dfs.core.windows.net/wh', storage_config: { 'adls.account-name': 'acct', 'adls.account-key': AZ_KEY, 'adls.account-host': `${endpoint}/acct` } },
  { kind: 'GCS', location: 'gs://bkt/wh', storage_config: { 'gcs.service.host': endpoint, 'gcs.project-id': 'p' } },
];

describe('storage endpoints chosen by a tenant admin', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(() => s.stop());

  it('refuses link-local and metadata endpoints on create with 400 naming the key and why, and saves nothing', async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['s3://bkt/wh', { storage_config: { 's3.endpoint': 'http://169.254.169.254' } }, /s3\.endpoint .*169\.254\.169\.254 is a cloud metadata service address/],
      ['s3://bkt/wh', { storage_config: { 's3.endpoint': 'http://[fe80::1]:9000' } }, /s3\.endpoint .*fe80::1 is a link-local address/],
      ['s3://bkt/wh', { storage_config: { 's3.endpoint': 'http://0xA9FEA9FE' } }, /s3\.endpoint .*169\.254\.169\.254 is a cloud metadata/],
      ['s3://bkt/wh', { storage_config: { 's3.endpoint': 'http://[::ffff:169.254.169.254]' } }, /s3\.endpoint .*cloud metadata/],
      ['s3://bkt/wh', { storage_config: { 's3.endpoint': 'http://metadata.google.internal' } }, /s3\.endpoint .*metadata\.google\.internal is a cloud metadata service/],
      ['s3://bkt/wh', { storage_config: { 's3.endpoint': 'http://0.0.0.0:9000' } }, /unspecified address/],
      ['abfss://c@acct.dfs.core.windows.net/wh', { storage_config: { 'adls.account-name': 'acct', 'adls.account-key': AZ_KEY, 'adls.account-host': 'http://169.254.169.254/acct' } }, /adls\.account-host .*cloud metadata/],
      ['gs://bkt/wh', { storage_config: { 'gcs.service.host': 'http://[fe80::a9fe:a9fe]:4443' } }, /gcs\.service\.host .*link-local/],
      ['s3://bkt/wh', { storage_config: { ...KEYS, 's3.endpoint': 'http://127.0.0.1:9' }, vending_strategy: { type: 'AwsSts', role_arn: 'arn:aws:iam::1:role/r', sts_endpoint: 'http://169.254.169.254' } }, /vending_strategy: sts_endpoint .*cloud metadata/],
    ];
    for (const [location, extra, why] of cases) {
      const name = `bad-${randomUUID().slice(0, 6)}`;
      const r = await s.http('POST', '/api/v1/warehouses', { name, location, ...extra });
      assert.equal(r.status, 400, r.text);
      assert.equal(r.body.error.type, 'BadRequestException');
      assert.match(r.body.error.message, why);
      assert.match(r.body.error.message, /PANGOLIN_STORAGE_ENDPOINT_ALLOW/);
      assert.equal((await s.http('GET', `/api/v1/warehouses/${name}`)).status, 404, 'nothing saved');
      const unsaved = await s.http('POST', '/api/v1/warehouses-check', { location, ...extra });
      assert.equal(unsaved.status, 400, unsaved.text);
    }
  });

  it('refuses such an endpoint on update too and keeps the stored one; a stored one from before is refused with 403 before any call', async () => {
    const page = await listen(htmlPage);
    try {
      const created = await s.http('POST', '/api/v1/warehouses', { name: 'upd', location: 's3://bkt/upd', storage_config: { ...KEYS, 's3.endpoint': page.url } });
      assert.equal(created.status, 201, created.text);
      const patched = await s.http('PATCH', '/api/v1/warehouses/upd', { storage_config: { ...KEYS, 's3.endpoint': 'http://169.254.169.254:80' } });
      assert.equal(patched.status, 400, patched.text);
      assert.match(patched.body.error.message, /s3\.endpoint .*cloud metadata/);
      assert.equal((await s.http('GET', '/api/v1/warehouses/upd')).body.storage_config['s3.endpoint'], page.url);

      // Stored before the policy existed (or written to the database by hand).
      const tenantId = s.handle.bootstrap.tenant.id;
      await s.handle.store.createWarehouse({ id: randomUUID(), tenantId, name: 'old', location: 's3://bkt/old', storageConfig: { 's3.endpoint': 'http://169.254.169.254' }, clientConfig: {}, vendingStrategy: null, createdAt: new Date().toISOString() });
      const browse = await s.http('GET', '/api/v1/warehouses/old/objects');
      assert.equal(browse.status, 403, browse.text);
      assert.match(browse.body.error.message, /s3\.endpoint \(http:\/\/169\.254\.169\.254\) cannot be used: .*cloud metadata/);
      const check = await s.http('POST', '/api/v1/warehouses/old/check');
      assert.equal(check.body.ok, false, check.text);
      assert.ok(check.body.steps.some((x: { status: string; message: string }) => x.status === 'fail' && /cloud metadata/.test(x.message)), check.text);
    } finally {
      await page.close();
    }
  });

  it('never relays an HTML answer through the bucket browser: 502 in the Iceberg error shape, the page not echoed (S3, Azure, GCS)', async () => {
    const page = await listen(htmlPage);
    try {
      for (const k of kinds(page.url)) {
        const name = `html-${k.kind.toLowerCase()}`;
        const created = await s.http('POST', '/api/v1/warehouses', { name, location: k.location, storage_config: k.storage_config });
        assert.equal(created.status, 201, created.text);
        const before = page.requests.length;
        for (const path of [`/object?key=${encodeURIComponent('secret.html')}`, `/object?key=secret.json&download=1`, '/object/preview?key=secret.json', '/objects?prefix=']) {
          const r = await s.http('GET', `/api/v1/warehouses/${name}${path}`);
          assert.equal(r.status, 502, `${k.kind} ${path}: ${r.text}`);
          assert.equal(r.body.error.type, 'BadGatewayException');
          assert.match(r.body.error.message, new RegExp(`${page.url.replace(/[.:/]/g, '\\$&')} did not answer as`));
          assert.ok(!r.text.includes('SECRET-INTERNAL-PAGE') && !r.text.includes('hunter2'), `${k.kind} ${path} echoed the page: ${r.text}`);
        }
        assert.ok(page.requests.length > before, `${k.kind}: the listener was asked (the endpoint is allowed as loopback)`);
      }
    } finally {
      await page.close();
    }
  });

  it('follows no redirect: the redirect target never gets a request (bucket browser, connection check, troubleshooter)', async () => {
    const target = await listen((_req, res) => res.end(SECRET_PAGE));
    const redirector = await listen((req, res) => {
      res.writeHead(302, { location: `${target.url}${req.url}`, 'content-type': 'text/html' });
      res.end('<a href="elsewhere">moved</a>');
    });
    try {
      for (const k of kinds(redirector.url)) {
        const name = `redir-${k.kind.toLowerCase()}`;
        assert.equal((await s.http('POST', '/api/v1/warehouses', { name, location: k.location, storage_config: k.storage_config })).status, 201);
        const r = await s.http('GET', `/api/v1/warehouses/${name}/object?key=a.json`);
        assert.equal(r.status, 502, `${k.kind}: ${r.text}`);
        assert.match(r.body.error.message, /redirect \(not followed\)/);
        const check = await s.http('POST', `/api/v1/warehouses/${name}/check`);
        assert.equal(check.body.ok, false, check.text);
        const trouble = await s.http('POST', '/api/v1/troubleshoot', { warehouse: name });
        assert.equal(trouble.body.ok, false, trouble.text);
      }
      assert.ok(redirector.requests.length > 0);
      assert.deepEqual(target.requests, [], 'the redirect target was never asked');
    } finally {
      await redirector.close();
      await target.close();
    }
  });

  it('the connection check and the troubleshooter write and delete nothing but their probe object below <location>/.pangolin-check/', async () => {
    // Just enough of S3 for the check: list, put, head, get, delete.
    const objects = new Map<string, Buffer>();
    const s3 = await listen((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      const key = decodeURIComponent(u.pathname);
      const headers = { 'x-amz-request-id': randomUUID() };
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.method === 'GET' && u.searchParams.get('list-type') === '2') {
          res.writeHead(200, { ...headers, 'content-type': 'application/xml' });
          return res.end(`<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>bkt</Name><Prefix>${u.searchParams.get('prefix') ?? ''}</Prefix><KeyCount>0</KeyCount><MaxKeys>1</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>`);
        }
        if (req.method === 'PUT') {
          objects.set(key, Buffer.concat(chunks));
          res.writeHead(200, { ...headers, etag: '"e"' });
          return res.end();
        }
        const body = objects.get(key);
        if (req.method === 'DELETE') {
          objects.delete(key);
          res.writeHead(204, headers);
          return res.end();
        }
        if (!body) {
          res.writeHead(404, { ...headers, 'content-type': 'application/xml' });
          return res.end(req.method === 'HEAD' ? undefined : '<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>no</Message></Error>');
        }
        res.writeHead(200, { ...headers, etag: '"e"', 'content-length': body.length, 'last-modified': new Date().toUTCString() });
        res.end(req.method === 'HEAD' ? undefined : body);
      });
    });
    try {
      const created = await s.http('POST', '/api/v1/warehouses', { name: 'probe', location: 's3://bkt/lake/wh', storage_config: { ...KEYS, 's3.endpoint': s3.url }, check: true });
      assert.equal(created.status, 201, created.text);
      assert.equal(created.body.check.ok, true, created.text);
      const trouble = await s.http('POST', '/api/v1/troubleshoot', { warehouse: 'probe' });
      assert.ok(trouble.body.steps.some((x: { id: string; status: string }) => x.id === 'delete' && x.status === 'pass'), trouble.text);

      const writes = s3.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD');
      assert.ok(writes.length >= 4, JSON.stringify(s3.requests));
      for (const w of writes) assert.match(w.path, /^\/bkt\/lake\/wh\/\.pangolin-check\/[0-9a-f-]{36}\.txt$/, `${w.method} ${w.path}`);
      const puts = writes.filter((w) => w.method === 'PUT').map((w) => w.path);
      const deletes = writes.filter((w) => w.method === 'DELETE').map((w) => w.path);
      assert.deepEqual(deletes, puts, 'each check deletes exactly the object it wrote');
      for (const r of s3.requests.filter((x) => x.method === 'GET' || x.method === 'HEAD')) {
        assert.ok(r.path === '/bkt/' || r.path === '/bkt' || r.path.startsWith('/bkt/lake/wh/.pangolin-check/'), `${r.method} ${r.path}${r.query}`);
      }
      assert.equal(objects.size, 0, 'nothing left behind');
    } finally {
      await s3.close();
    }
  });

  it('with PANGOLIN_STORAGE_ENDPOINT_ALLOW=public a name resolving to loopback is refused after DNS on create (400) and at connect time when stored (403); the listener is never asked', async () => {
    const page = await listen(htmlPage);
    const strict = await startTestServer({ env: { PANGOLIN_STORAGE_ENDPOINT_ALLOW: 'public' } });
    try {
      const port = new URL(page.url).port;
      const r = await strict.http('POST', '/api/v1/warehouses', { name: 'lo', location: 's3://bkt/lo', storage_config: { ...KEYS, 's3.endpoint': `http://localhost:${port}` } });
      assert.equal(r.status, 400, r.text);
      assert.match(r.body.error.message, /s3\.endpoint \(http:\/\/localhost:\d+\) cannot be used: localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
      const literal = await strict.http('POST', '/api/v1/warehouses', { name: 'lo', location: 's3://bkt/lo', storage_config: { ...KEYS, 's3.endpoint': page.url } });
      assert.equal(literal.status, 400, literal.text);
      const tenantId = strict.handle.bootstrap.tenant.id;
      await strict.handle.store.createWarehouse({ id: randomUUID(), tenantId, name: 'lo-old', location: 's3://bkt/lo', storageConfig: { ...KEYS, 's3.endpoint': `http://localhost:${port}` }, clientConfig: {}, vendingStrategy: null, createdAt: new Date().toISOString() });
      const browse = await strict.http('GET', '/api/v1/warehouses/lo-old/object?key=a.json');
      assert.equal(browse.status, 403, browse.text);
      assert.match(browse.body.error.message, /localhost resolves to .*loopback/);
      assert.deepEqual(page.requests, []);
    } finally {
      await strict.stop();
      await page.close();
    }
  });
});
