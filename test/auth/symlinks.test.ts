// Symlinks inside a local-folder warehouse are never followed out of it (issue 14): with
// `inside/link -> <outside dir>` and `inside/file-link -> <outside file>` planted in the
// warehouse folder, the bucket browser, the inspector, table creation, commits, loads and
// purge refuse (400/403) or leave the outside untouched; nothing outside is read, written
// or deleted. Covers links planted after a table was created (its metadata folder swapped
// for a link out), which the location checks at creation cannot see.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { SIMPLE_SCHEMA, startTestServer, type HttpResult, type TestServer } from '../helpers/server.js';

const SECRET = `outside-${randomUUID()}`;
const enc = encodeURIComponent;
const T = '/v1/local/namespaces/db/tables';

function refused(r: HttpResult, what: string): void {
  assert.ok(r.status === 400 || r.status === 403, `${what}: expected 400/403, got ${r.status} ${r.text}`);
  assert.equal(r.body?.error?.code, r.status, `${what}: Iceberg error shape`);
  assert.ok(!r.text.includes(SECRET), `${what}: the outside content was returned`);
}

describe('symlinks in a local warehouse are not followed out of it', () => {
  let s: TestServer;
  let W: string;
  let outside: string;
  const listing = () => readdirSync(outside, { recursive: true }).map(String).sort();
  let before_: string[];

  before(async () => {
    s = await startTestServer();
    W = join(s.dataDir, 'warehouses', 'local');
    outside = mkdtempSync(join(tmpdir(), 'pangolin-outside-'));
    writeFileSync(join(outside, 'file'), SECRET);
    writeFileSync(join(outside, 'v1.metadata.json'), JSON.stringify({ secret: SECRET }));
    mkdirSync(join(W, 'inside'), { recursive: true });
    symlinkSync(outside, join(W, 'inside', 'link'));
    symlinkSync(join(outside, 'file'), join(W, 'inside', 'file-link'));
    assert.equal((await s.http('POST', '/v1/local/namespaces', { namespace: ['db'] })).status, 200);
    before_ = listing();
  });
  after(async () => {
    await s?.stop();
    rmSync(outside, { recursive: true, force: true });
  });

  it('bucket browser: reading, previewing or listing through a link is refused', async () => {
    for (const key of ['inside/link/file', 'inside/file-link', 'inside/link/v1.metadata.json']) {
      refused(await s.http('GET', `/api/v1/warehouses/local/object?key=${enc(key)}`), `read ${key}`);
      refused(await s.http('GET', `/api/v1/warehouses/local/object/preview?key=${enc(key)}`), `preview ${key}`);
    }
    refused(await s.http('GET', `/api/v1/warehouses/local/objects?prefix=${enc('inside/link/')}`), 'list inside/link/');
    const folder = await s.http('GET', `/api/v1/warehouses/local/objects?prefix=${enc('inside/')}`);
    assert.equal(folder.status, 200, folder.text);
    assert.ok(!folder.body.objects.some((o: { key: string }) => o.key === 'inside/file-link'), 'a link to a file outside is not listed as an object');
  });

  it('a table located under the link is refused; register of a file through it too', async () => {
    const location = pathToFileURL(join(W, 'inside', 'link', 't')).href;
    refused(await s.http('POST', T, { name: 'evil', schema: SIMPLE_SCHEMA, location }), 'create under the link');
    refused(await s.http('POST', '/v1/local/namespaces/db/register', { name: 'evil', 'metadata-location': pathToFileURL(join(W, 'inside', 'link', 'v1.metadata.json')).href }), 'register through the link');
    assert.deepEqual(listing(), before_);
  });

  it('a table whose metadata folder became a link out: load, commit and inspector refused, purge deletes nothing outside', async () => {
    const created = await s.http('POST', T, { name: 'victim', schema: SIMPLE_SCHEMA });
    assert.equal(created.status, 200, created.text);
    const location: string = created.body.metadata.location;
    const metadataDir = join(new URL(location).pathname, 'metadata');
    const moved = join(outside, 'moved-metadata');
    renameSync(metadataDir, moved);
    symlinkSync(moved, metadataDir);
    const outsideBefore = listing();

    refused(await s.http('GET', `${T}/victim`), 'load through the link');
    refused(await s.http('POST', `${T}/victim`, { requirements: [], updates: [{ action: 'set-properties', updates: { k: 'v' } }] }), 'commit through the link');
    refused(await s.http('GET', `/api/v1/catalogs/local/namespaces/db/tables/victim/inspect/file?path=${enc(created.body['metadata-location'])}`), 'inspect through the link');
    assert.deepEqual(listing(), outsideBefore, 'nothing written outside');

    const purge = await s.http('DELETE', `${T}/victim?purgeRequested=true`);
    assert.ok(purge.status < 500, purge.text);
    assert.deepEqual(listing(), outsideBefore, 'nothing deleted outside');
  });
});
