// GcpDownscoped vending: the Credential Access Boundary (pure) and everything around the
// token exchange, with a stand-in exchanger. The exchange at Google's STS itself is NOT
// tested: it needs real Google credentials and network access to Google (see the header of
// src/server/vending/gcp-downscoped.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CredentialAccessBoundary } from 'google-auth-library';
import { StorageError } from '../../src/server/storage/types.js';
import { ADMIN_ROLE, VIEWER_ROLE, celString, credentialAccessBoundary, gcsPrefixOf, stsExchange, vendWith, type TokenExchange } from '../../src/server/vending/gcp-downscoped.js';

/** Evaluates the two CEL forms the boundary uses, for a resource name or a list prefix. */
function admits(boundary: CredentialAccessBoundary, request: { object?: string; listPrefix?: string }): boolean {
  const rule = boundary.accessBoundary.accessBoundaryRules[0];
  const cond = rule.availabilityCondition;
  if (!cond) return true;
  const lits = [...cond.expression.matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1].replace(/\\(.)/g, '$1'));
  const [objectPrefix, , , listPrefix] = lits; // resource.name prefix, the attribute name, its default (''), the list prefix
  const bucket = rule.availableResource.replace('//storage.googleapis.com/', '');
  return (request.object !== undefined && `${bucket}/objects/${request.object}`.startsWith(objectPrefix)) || (request.listPrefix !== undefined && request.listPrefix.startsWith(listPrefix));
}

describe('GcpDownscoped access boundary', () => {
  it("takes the bucket and the table's object prefix from the location", () => {
    assert.deepEqual(gcsPrefixOf('gs://b/wh/ns/t/'), { bucket: 'b', prefix: 'wh/ns/t' });
    assert.deepEqual(gcsPrefixOf('gs://b'), { bucket: 'b', prefix: '' });
    assert.throws(() => gcsPrefixOf('s3://b/t'), StorageError);
  });

  it('allows objectViewer for read and objectAdmin for read-write, on the bucket only', () => {
    const read = credentialAccessBoundary({ bucket: 'lake', prefix: 'wh/ns/t' }, 'read');
    const write = credentialAccessBoundary({ bucket: 'lake', prefix: 'wh/ns/t' }, 'read-write');
    assert.equal(read.accessBoundary.accessBoundaryRules.length, 1);
    assert.deepEqual(read.accessBoundary.accessBoundaryRules[0].availablePermissions, [VIEWER_ROLE]);
    assert.equal(VIEWER_ROLE, 'inRole:roles/storage.objectViewer');
    assert.deepEqual(write.accessBoundary.accessBoundaryRules[0].availablePermissions, [ADMIN_ROLE]);
    assert.equal(ADMIN_ROLE, 'inRole:roles/storage.objectAdmin');
    assert.equal(read.accessBoundary.accessBoundaryRules[0].availableResource, '//storage.googleapis.com/projects/_/buckets/lake');
  });

  it("limits objects and listings to the table's prefix (with the trailing '/': no sibling tables)", () => {
    const b = credentialAccessBoundary({ bucket: 'lake', prefix: 'wh/ns/t' }, 'read');
    assert.equal(
      b.accessBoundary.accessBoundaryRules[0].availabilityCondition?.expression,
      "resource.name.startsWith('projects/_/buckets/lake/objects/wh/ns/t/') || api.getAttribute('storage.googleapis.com/objectListPrefix', '').startsWith('wh/ns/t/')",
    );
    assert.ok(admits(b, { object: 'wh/ns/t/metadata/v1.metadata.json' }));
    assert.ok(admits(b, { listPrefix: 'wh/ns/t/data/' }));
    assert.ok(!admits(b, { object: 'wh/ns/t2/metadata/v1.metadata.json' }), 'sibling table t2');
    assert.ok(!admits(b, { object: 'wh/ns/other/data/x.parquet' }));
    assert.ok(!admits(b, { listPrefix: 'wh/ns/' }), 'listing the namespace would show other tables');
    assert.ok(!admits(b, { listPrefix: '' }));
  });

  it('escapes quotes and backslashes in prefixes (no CEL injection)', () => {
    assert.equal(celString("a'b\\c"), "'a\\'b\\\\c'");
    const b = credentialAccessBoundary({ bucket: 'lake', prefix: "wh/it's" }, 'read');
    assert.match(b.accessBoundary.accessBoundaryRules[0].availabilityCondition!.expression, /objects\/wh\/it\\'s\/'\)/);
    assert.ok(admits(b, { object: "wh/it's/x" }));
    assert.ok(!admits(b, { object: 'wh/it/x' }));
  });

  it('covers the whole bucket (no condition) when the table sits at its root', () => {
    assert.equal(credentialAccessBoundary({ bucket: 'lake', prefix: '' }, 'read').accessBoundary.accessBoundaryRules[0].availabilityCondition, undefined);
  });
});

describe('GcpDownscoped vend (stand-in token exchange)', () => {
  const req = (over: Partial<Parameters<typeof vendWith>[0]> = {}): Parameters<typeof vendWith>[0] => ({
    strategy: { type: 'GcpDownscoped' },
    storageConfig: { 'gcs.project-id': 'proj', 'gcs.oauth2.token': 'source-token-secret' },
    clientConfig: {},
    tableLocation: 'gs://lake/wh/ns/t/',
    access: 'read',
    ...over,
  });

  it('returns gcs.oauth2.token and gcs.oauth2.token-expires-at (ms) and one storage credential for the table', async () => {
    const seen: CredentialAccessBoundary[] = [];
    const exchange: TokenExchange = async (boundary) => {
      seen.push(boundary);
      return { token: 'downscoped-token', expiresAt: 1_900_000_000_000 };
    };
    const v = await vendWith(req({ access: 'read-write', clientConfig: { 'gcs.service.host': 'https://storage.example', 'gcs.oauth2.token': 'client-side-never' } }), exchange);
    assert.deepEqual(seen, [credentialAccessBoundary({ bucket: 'lake', prefix: 'wh/ns/t' }, 'read-write')]);
    assert.deepEqual(v.config, { 'gcs.project-id': 'proj', 'gcs.service.host': 'https://storage.example', 'gcs.oauth2.token': 'downscoped-token', 'gcs.oauth2.token-expires-at': '1900000000000' });
    assert.deepEqual(v.storageCredentials, [{ prefix: 'gs://lake/wh/ns/t', config: v.config }]);
    assert.deepEqual(v.expiresAt, new Date(1_900_000_000_000));
    assert.ok(!JSON.stringify(v).includes('source-token-secret'), "the warehouse's own token never reaches the client");
  });

  it('refuses to downscope for an emulator (gcs.no-auth) with a message that says what to do', async () => {
    await assert.rejects(
      stsExchange(credentialAccessBoundary({ bucket: 'b', prefix: 'p' }, 'read'), { 'gcs.no-auth': 'true' }),
      (e: unknown) => e instanceof StorageError && /gcs\.no-auth/.test(e.message),
    );
  });
});
