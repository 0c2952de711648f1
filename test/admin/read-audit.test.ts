// Reads of stored bytes are audited (issue 14): every bucket-browser list, download and
// preview and every table-inspector read is an event (bucket.list, bucket.read,
// inspector.read) naming the warehouse and key, or the table and path, with its outcome;
// refusals (no permission, a key leaving the warehouse) are recorded as denied. No event
// carries the content that was read.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { generateSecret, hashGeneratedSecret } from '../../src/server/auth/secret-hash.js';
import { getToken, requestJson, SIMPLE_SCHEMA, startTestServer, type TestServer } from '../helpers/server.js';

interface Event {
  actor: { name: string };
  action: string;
  resource: string;
  outcome: string;
  detail: string | null;
}

const enc = encodeURIComponent;
const CONTENT = `content-${randomUUID()}`;
const INSPECT = '/api/v1/catalogs/local/namespaces/db/tables/t/inspect';

describe('bucket-browser and inspector reads are audited', () => {
  let s: TestServer;
  let metadataLocation: string;
  let bootstrapName: string;
  const seen: string[] = [];

  async function events(action: string): Promise<Event[]> {
    const r = await s.http('GET', `/api/v1/audit?action=${action}&page_size=1000`);
    assert.equal(r.status, 200, r.text);
    seen.push(r.text);
    return r.body.events as Event[];
  }

  /** Exactly one new event of `action` on `resource` with this outcome. */
  async function expectOne(action: string, resource: string, outcome: string, actor = bootstrapName): Promise<Event> {
    const found = (await events(action)).filter((e) => e.resource === resource && e.outcome === outcome && e.actor.name === actor);
    assert.equal(found.length, 1, `one ${outcome} ${action} on ${resource} by ${actor}, got ${found.length}`);
    return found[0]!;
  }

  async function tenantUser(): Promise<{ token: string; name: string }> {
    const name = `u-${randomUUID().slice(0, 8)}`;
    const secret = generateSecret();
    await s.handle.store.createClient({ clientId: name, tenantId: s.handle.bootstrap.tenant.id, name, role: 'tenant-user', secretHash: hashGeneratedSecret(secret), createdAt: new Date().toISOString() });
    return { token: await getToken(s.url, name, secret), name };
  }

  before(async () => {
    s = await startTestServer();
    bootstrapName = (await s.http('GET', '/api/v1/me')).body.name;
    writeFileSync(join(s.dataDir, 'warehouses', 'local', 'note.txt'), CONTENT);
    assert.equal((await s.http('POST', '/v1/local/namespaces', { namespace: ['db'] })).status, 200);
    const t = await s.http('POST', '/v1/local/namespaces/db/tables', { name: 't', schema: SIMPLE_SCHEMA });
    assert.equal(t.status, 200, t.text);
    metadataLocation = t.body['metadata-location'];
  });
  after(() => s?.stop());

  it('list, download and preview: allowed events naming the warehouse and key, never the content', async () => {
    assert.equal((await s.http('GET', '/api/v1/warehouses/local/objects?prefix=')).status, 200);
    await expectOne('bucket.list', 'warehouse/local/', 'allowed');
    const dl = await requestJson(`${s.url}/api/v1/warehouses/local/object?key=note.txt&download=1`, 'GET', undefined, { authorization: `Bearer ${s.token}` });
    assert.equal(dl.text, CONTENT);
    assert.equal((await s.http('GET', '/api/v1/warehouses/local/object/preview?key=note.txt')).status, 200);
    const reads = (await events('bucket.read')).filter((e) => e.resource === 'warehouse/local/note.txt' && e.outcome === 'allowed');
    assert.equal(reads.length, 2, 'the download and the preview');
  });

  it('refused reads are denied events: a key leaving the warehouse, a tenant user', async () => {
    assert.equal((await s.http('GET', `/api/v1/warehouses/local/object?key=${enc('../../catalog.db')}`)).status, 400);
    const out = await expectOne('bucket.read', 'warehouse/local/../../catalog.db', 'denied');
    assert.match(out.detail ?? '', /HTTP 400/);
    const user = await tenantUser();
    const r = await requestJson(`${s.url}/api/v1/warehouses/local/objects?prefix=db/`, 'GET', undefined, { authorization: `Bearer ${user.token}` });
    assert.equal(r.status, 403, r.text);
    const denied = await expectOne('bucket.list', 'warehouse/local/db/', 'denied', user.name);
    assert.match(denied.detail ?? '', /tenant-admin/);
  });

  it('inspector reads: the metadata and a file are allowed events; outside the table and without read, denied', async () => {
    const table = 'catalog/local/namespace/db/table/t';
    assert.equal((await s.http('GET', INSPECT)).status, 200);
    await expectOne('inspector.read', table, 'allowed');
    assert.equal((await s.http('GET', `${INSPECT}/file?path=${enc(metadataLocation)}`)).status, 200);
    await expectOne('inspector.read', `${table}/file/${metadataLocation}`, 'allowed');

    const outside = pathToFileURL(join(s.dataDir, 'warehouses', 'local', 'note.txt')).href;
    assert.equal((await s.http('GET', `${INSPECT}/file?path=${enc(outside)}`)).status, 400);
    await expectOne('inspector.read', `${table}/file/${outside}`, 'denied');

    const user = await tenantUser();
    const r = await requestJson(`${s.url}${INSPECT}`, 'GET', undefined, { authorization: `Bearer ${user.token}` });
    assert.equal(r.status, 403, r.text);
    const denied = await expectOne('inspector.read', table, 'denied', user.name);
    assert.match(denied.detail ?? '', /lacks the "read" privilege/);
  });

  it('no audit answer holds what was read', () => {
    assert.ok(seen.length > 0);
    for (const text of seen) assert.ok(!text.includes(CONTENT), 'object content reached the audit log');
  });
});
