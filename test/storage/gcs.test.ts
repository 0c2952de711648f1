// GcsObjectStore against fake-gcs-server (a GCS emulator serving the JSON API; built from
// the Go module proxy by scripts/start-fake-gcs.sh).
//   scripts/start-fake-gcs.sh   # prints http://127.0.0.1:4443
//   PANGOLIN_TEST_GCS_ENDPOINT=http://127.0.0.1:4443 node --import tsx --test test/storage/gcs.test.ts
// fake-gcs-server checks no credentials, so these tests prove the store's use of the API
// (atomic and conditional writes, listing, paging, errors for missing buckets/objects);
// how 401/403 answers are reported is tested on the error mapper. Without
// PANGOLIN_TEST_GCS_ENDPOINT the server tests are skipped (not failed).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Storage } from '@google-cloud/storage';
import { GcsObjectStore, parseGcsLocation } from '../../src/server/storage/gcs.js';
import { objectStoreFor } from '../../src/server/storage/index.js';
import { StorageError } from '../../src/server/storage/types.js';
import { objectStoreContract, rejectsCode, rejectsNonObjectLocations } from './contract.js';

const ENDPOINT = process.env.PANGOLIN_TEST_GCS_ENDPOINT?.replace(/\/+$/, '');
const SKIP = ENDPOINT ? false : 'PANGOLIN_TEST_GCS_ENDPOINT is not set (start fake-gcs-server with scripts/start-fake-gcs.sh and set it to the printed URL)';
if (SKIP) console.log(`# SKIP GCS server tests: ${SKIP}`);

const BUCKET = `pangolin-test-${randomUUID().slice(0, 8)}`;
const config = (extra: Record<string, string> = {}): Record<string, string> => ({
  'gcs.service.host': ENDPOINT ?? 'http://127.0.0.1:1',
  'gcs.project-id': 'pangolin-test',
  ...extra,
});

describe('GcsObjectStore (no server needed)', () => {
  it('parses gs:// locations', () => {
    assert.deepEqual(parseGcsLocation('gs://b/a/b.json'), { bucket: 'b', name: 'a/b.json', root: 'gs://b/' });
    assert.deepEqual(parseGcsLocation('gs://b'), { bucket: 'b', name: '', root: 'gs://b/' });
    for (const bad of ['gs:///k', 's3://b/k', 'gcs://b/k']) assert.throws(() => parseGcsLocation(bad), (e: unknown) => e instanceof StorageError && e.code === 'invalid-location');
  });

  it('rejects folder and bucket-only locations for object operations, and a non-URL gcs.service.host', async () => {
    const s = new GcsObjectStore(config());
    await rejectsNonObjectLocations(s, 'gs://b');
    await rejectsCode(s.list('gs://b/', { pageToken: 'garbage!' }), 'invalid-location', /page token/);
    assert.throws(() => new GcsObjectStore({ 'gcs.service.host': '127.0.0.1:4443' }), /gcs\.service\.host must be an http/);
  });

  it('is routed from objectStoreFor for gs://, cached per config', async () => {
    const a = await objectStoreFor('gs://b/wh', { 'gcs.project-id': 'p1' });
    const b = await objectStoreFor('gs://other/wh', { 'gcs.project-id': 'p1' });
    const c = await objectStoreFor('gs://b/wh', { 'gcs.project-id': 'p2' });
    assert.ok(a instanceof GcsObjectStore);
    assert.equal(a, b);
    assert.notEqual(a, c);
  });

  it('maps 401/403/412 answers to access-denied / already-exists naming the key, never the token', () => {
    const token = 'ya29.secret-token-value';
    const s = new GcsObjectStore({ 'gcs.oauth2.token': token });
    const m401 = s.mapError(Object.assign(new Error(`Invalid Credentials ${token}`), { code: 401 }), 'gs://b/k', 'b');
    assert.deepEqual([m401.code, /gcs\.oauth2\.token/.test(m401.message), m401.message.includes(token)], ['access-denied', true, false]);
    const m403 = s.mapError(Object.assign(new Error('x does not have storage.objects.get access'), { code: 403, errors: [{ reason: 'forbidden' }] }), 'gs://b/k', 'b');
    assert.deepEqual([m403.code, /gcs\.oauth2\.token lacks permission .*forbidden/.test(m403.message)], ['access-denied', true]);
    assert.equal(s.mapError(Object.assign(new Error('Precondition Failed'), { code: 412 }), 'gs://b/k', 'b').code, 'already-exists');
    const adc = new GcsObjectStore({}).mapError(new Error('Could not load the default credentials. Browse to ...'), 'gs://b/k', 'b');
    assert.deepEqual([adc.code, /gcs\.oauth2\.token.*GOOGLE_APPLICATION_CREDENTIALS/.test(adc.message)], ['access-denied', true]);
  });

  it('maps an unreachable endpoint to unavailable naming gcs.service.host', async () => {
    const s = new GcsObjectStore({ 'gcs.service.host': 'http://127.0.0.1:1', 'gcs.project-id': 'p' });
    await rejectsCode(s.read('gs://x/k'), 'unavailable', /Cannot reach http:\/\/127\.0\.0\.1:1 .*gcs\.service\.host/);
  });
});

// Each server test is skipped on its own (so runners count them as skipped), not the suite.
const sit = (name: string, fn: () => Promise<void>) => it(name, { skip: SKIP }, fn);

describe('GcsObjectStore against fake-gcs-server', () => {
  let admin: Storage;
  const store = new GcsObjectStore(config());
  const base = `gs://${BUCKET}/`;

  before(async () => {
    if (SKIP) return;
    const sdk = await import('@google-cloud/storage');
    admin = new sdk.Storage({ apiEndpoint: ENDPOINT, projectId: 'pangolin-test' });
    await admin.bucket(BUCKET).create();
  });

  after(async () => {
    if (!admin) return;
    await admin.bucket(BUCKET).deleteFiles({ force: true }).catch(() => undefined);
    await admin.bucket(BUCKET).delete().catch(() => undefined);
  });

  objectStoreContract(
    'GCS (fake-gcs-server)',
    () => ({
      store,
      root: `${base}contract/`,
      config: config(),
      // with gcs.no-auth=true: the store sends no credentials at all
      newContainer: () => ({ location: `gs://pangolin-cc-${randomUUID().slice(0, 8)}/lake`, config: config({ 'gcs.no-auth': 'true' }) }),
    }),
    { skip: SKIP, ifNotExistsVia: 'ifGenerationMatch=0' },
  );

  sit('says which bucket does not exist, where, and how to create it', async () => {
    const missing = `no-such-bucket-${randomUUID().slice(0, 8)}`;
    const e = await rejectsCode(store.write(`gs://${missing}/k`, 'x'), 'not-found');
    assert.equal(e.message, `Bucket "${missing}" does not exist at ${ENDPOINT}: create it (gcloud storage buckets create gs://${missing}) or fix the warehouse location`);
    await rejectsCode(store.read(`gs://${missing}/k`), 'not-found', /Bucket ".*" does not exist/);
    await rejectsCode(store.list(`gs://${missing}/`), 'not-found', /Bucket ".*" does not exist/);
    await rejectsCode(store.stat(`gs://${missing}/k`), 'not-found', /Bucket ".*" does not exist/);
    await rejectsCode(store.delete(`gs://${missing}/k`), 'not-found', /Bucket ".*" does not exist/);
    await rejectsCode(store.deletePrefix(`gs://${missing}/p/`), 'not-found', /Bucket ".*" does not exist/);
  });
});
