// AzureObjectStore against Azurite (the Azure Storage emulator; it checks Shared Key
// signatures and SAS tokens, so a wrong key is really rejected).
//   scripts/start-azurite.sh   # prints http://127.0.0.1:10000/devstoreaccount1
//   PANGOLIN_TEST_AZURE_ENDPOINT=http://127.0.0.1:10000/devstoreaccount1 node --import tsx --test test/storage/azure.test.ts
// PANGOLIN_TEST_AZURE_ACCOUNT / PANGOLIN_TEST_AZURE_KEY default to Azurite's well-known
// devstoreaccount1 and its published key. Without PANGOLIN_TEST_AZURE_ENDPOINT the server
// tests are skipped (not failed).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { ContainerClient } from '@azure/storage-blob';
import { AZURITE_ACCOUNT, AZURITE_KEY, AzureObjectStore, azureSettings, parseAzureLocation } from '../../src/server/storage/azure.js';
import { objectStoreFor } from '../../src/server/storage/index.js';
import { StorageError, type ListResult, type StorageErrorCode } from '../../src/server/storage/types.js';

const ENDPOINT = process.env.PANGOLIN_TEST_AZURE_ENDPOINT?.replace(/\/+$/, '');
const ACCOUNT = process.env.PANGOLIN_TEST_AZURE_ACCOUNT ?? AZURITE_ACCOUNT;
const KEY = process.env.PANGOLIN_TEST_AZURE_KEY ?? AZURITE_KEY;
const SKIP = ENDPOINT ? false : 'PANGOLIN_TEST_AZURE_ENDPOINT is not set (start Azurite with scripts/start-azurite.sh and set it to the printed URL)';
if (SKIP) console.log(`# SKIP Azure server tests: ${SKIP}`);

const CONTAINER = `pangolin-test-${randomUUID().slice(0, 8)}`;
const HOST = `${ACCOUNT}.dfs.core.windows.net`;
const config = (extra: Record<string, string> = {}): Record<string, string> => ({
  'adls.account-name': ACCOUNT,
  'adls.account-key': KEY,
  'adls.account-host': ENDPOINT ?? 'http://127.0.0.1:1/devstoreaccount1',
  ...extra,
});

async function rejectsCode(p: Promise<unknown>, code: StorageErrorCode, message?: RegExp): Promise<StorageError> {
  let caught: unknown;
  await assert.rejects(p, (e: unknown) => {
    caught = e;
    return e instanceof StorageError && e.code === code && (!message || message.test(e.message));
  });
  return caught as StorageError;
}

describe('AzureObjectStore (no server needed)', () => {
  it('parses abfs[s]:// and wasb[s]:// locations: container, account, blob path', () => {
    assert.deepEqual(parseAzureLocation('abfss://wh@acct.dfs.core.windows.net/a/b.json'), { scheme: 'abfss', container: 'wh', account: 'acct', host: 'acct.dfs.core.windows.net', path: 'a/b.json', root: 'abfss://wh@acct.dfs.core.windows.net/' });
    assert.deepEqual(parseAzureLocation('wasbs://wh@acct.blob.core.windows.net'), { scheme: 'wasbs', container: 'wh', account: 'acct', host: 'acct.blob.core.windows.net', path: '', root: 'wasbs://wh@acct.blob.core.windows.net/' });
    assert.deepEqual(parseAzureLocation('abfs://wh/x/'), { scheme: 'abfs', container: 'wh', account: undefined, host: undefined, path: 'x/', root: 'abfs://wh/' });
    for (const bad of ['abfss://@acct.dfs.core.windows.net/x', 's3://b/k', 'abfss:/wh/x']) {
      assert.throws(() => parseAzureLocation(bad), (e: unknown) => e instanceof StorageError && e.code === 'invalid-location');
    }
  });

  it('resolves the endpoint from the Iceberg keys, config first, the location as a fallback', () => {
    const loc = parseAzureLocation('abfss://wh@fromloc.dfs.core.windows.net/t');
    assert.equal(azureSettings({}, loc).endpoint, 'https://fromloc.blob.core.windows.net');
    assert.equal(azureSettings({ 'adls.account-name': 'cfg' }, loc).endpoint, 'https://cfg.blob.core.windows.net');
    assert.equal(azureSettings({ 'adls.account-host': 'http://127.0.0.1:10000/devstoreaccount1/' }, loc).endpoint, 'http://127.0.0.1:10000/devstoreaccount1');
    assert.equal(azureSettings({ 'adls.account-host': 'acct.blob.core.windows.net' }, loc).endpoint, 'https://acct.blob.core.windows.net', 'a bare host means https (adlfs)');
    assert.equal(azureSettings({ 'adls.blob-storage-authority': '127.0.0.1:10000', 'adls.blob-storage-scheme': 'http' }, loc).endpoint, 'http://127.0.0.1:10000/fromloc', 'PyArrow path-style authority');
    assert.equal(azureSettings({ 'adls.blob-storage-authority': '.blob.core.chinacloudapi.cn' }, loc).endpoint, 'https://fromloc.blob.core.chinacloudapi.cn');
    const cs = azureSettings({ 'adls.connection-string': `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_KEY};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;` }, loc);
    assert.deepEqual([cs.account, cs.endpoint, cs.accountKey], ['devstoreaccount1', 'http://127.0.0.1:10000/devstoreaccount1', AZURITE_KEY]);
    const dev = azureSettings({ 'adls.connection-string': 'UseDevelopmentStorage=true' }, loc);
    assert.deepEqual([dev.account, dev.endpoint, dev.accountKey], [AZURITE_ACCOUNT, 'http://127.0.0.1:10000/devstoreaccount1', AZURITE_KEY]);
    assert.equal(azureSettings({ 'adls.connection-string': 'DefaultEndpointsProtocol=https;AccountName=a1;AccountKey=k;EndpointSuffix=core.usgovcloudapi.net' }).endpoint, 'https://a1.blob.core.usgovcloudapi.net');
    assert.equal(azureSettings({ 'adls.sas-token': '?sv=1&sig=x' }, loc).sasToken, 'sv=1&sig=x');
    assert.throws(() => azureSettings({}, parseAzureLocation('abfs://wh/x')), (e: unknown) => e instanceof StorageError && /adls\.account-name/.test(e.message));
  });

  it('rejects folder and container-only locations for object operations', async () => {
    const s = new AzureObjectStore(config());
    await rejectsCode(s.read(`abfss://c@${HOST}/`), 'invalid-location');
    await rejectsCode(s.write(`abfss://c@${HOST}/dir/`, 'x'), 'invalid-location');
    await rejectsCode(s.write(`abfss://c@${HOST}`, 'x'), 'invalid-location');
    await rejectsCode(s.deletePrefix(`abfss://c@${HOST}/`), 'invalid-location', /Refusing/);
    await rejectsCode(s.list(`abfss://c@${HOST}/`, { delimiter: '|' }), 'invalid-location', /only "\/"/);
  });

  it('says which key is missing when there are no credentials, and never echoes a malformed key', async () => {
    await rejectsCode(new AzureObjectStore({ 'adls.account-name': 'acct' }).read(`abfss://c@${HOST}/k`), 'access-denied', /set adls\.account-key/);
    assert.throws(() => new AzureObjectStore({ 'adls.account-name': 'acct', 'adls.account-key': 'not base64 !!! secret-ish' }), (e: unknown) => e instanceof StorageError && /adls\.account-key/.test(e.message) && !/secret-ish/.test(e.message));
  });

  it('is routed from objectStoreFor for abfs, abfss, wasb and wasbs, cached per config', async () => {
    const a = await objectStoreFor(`abfss://c@${HOST}/wh`, { 'adls.account-name': 'acct' });
    const b = await objectStoreFor(`wasbs://c@${ACCOUNT}.blob.core.windows.net/wh`, { 'adls.account-name': 'acct' });
    const c = await objectStoreFor(`abfs://c@${HOST}/wh`, { 'adls.account-name': 'other' });
    const d = await objectStoreFor(`wasb://c@${HOST}/wh`, { 'adls.account-name': 'other' });
    assert.ok(a instanceof AzureObjectStore);
    assert.equal(a, b);
    assert.notEqual(a, c);
    assert.equal(c, d);
  });

  it('maps an unreachable endpoint to unavailable naming the endpoint key', async () => {
    const s = new AzureObjectStore(config({ 'adls.account-host': 'http://127.0.0.1:1/devstoreaccount1' }));
    await rejectsCode(s.read(`abfss://c@${HOST}/k`), 'unavailable', /Cannot reach http:\/\/127\.0\.0\.1:1\/devstoreaccount1 .*adls\.account-host/);
  });
});

// Each server test is skipped on its own (so runners count them as skipped), not the suite.
const sit = (name: string, fn: () => Promise<void>) => it(name, { skip: SKIP }, fn);

describe('AzureObjectStore against Azurite', () => {
  let admin: ContainerClient;
  const store = new AzureObjectStore(config());
  const base = `abfss://${CONTAINER}@${HOST}/`;
  let n = 0;
  const fresh = () => `${base}case-${++n}/`;
  const names = (r: ListResult, root: string) => r.objects.map((o) => o.location.slice(root.length));

  before(async () => {
    if (SKIP) return;
    const sdk = await import('@azure/storage-blob');
    const service = new sdk.BlobServiceClient(ENDPOINT!, new sdk.StorageSharedKeyCredential(ACCOUNT, KEY));
    admin = service.getContainerClient(CONTAINER);
    await admin.create();
  });

  after(async () => {
    if (admin) await admin.deleteIfExists();
  });

  sit('writes and reads strings, buffers and empty objects (an empty blob reads as 0 bytes)', async () => {
    const d = fresh();
    await store.write(`${d}a/b/c.json`, '{"x":1}');
    await store.write(`${d}bin`, Buffer.from([0, 1, 2, 255]));
    await store.write(`${d}empty`, '');
    assert.equal((await store.read(`${d}a/b/c.json`)).toString(), '{"x":1}');
    assert.deepEqual([...(await store.read(`${d}bin`))], [0, 1, 2, 255]);
    const empty = await store.read(`${d}empty`);
    assert.ok(Buffer.isBuffer(empty));
    assert.equal(empty.length, 0);
    assert.equal((await store.stat(`${d}empty`))?.size, 0);
    const big = Buffer.alloc(3 << 20, 7);
    await store.write(`${d}big`, big);
    assert.ok((await store.read(`${d}big`)).equals(big));
  });

  sit('maps a missing blob to not-found', async () => {
    await rejectsCode(store.read(`${fresh()}missing.json`), 'not-found', /^Not found: /);
  });

  sit('replaces on write; ifNotExists refuses to (If-None-Match: * -> already-exists)', async () => {
    const d = fresh();
    await store.write(`${d}f`, 'one');
    await store.write(`${d}f`, 'two');
    assert.equal((await store.read(`${d}f`)).toString(), 'two');
    await rejectsCode(store.write(`${d}f`, 'three', { ifNotExists: true }), 'already-exists');
    assert.equal((await store.read(`${d}f`)).toString(), 'two');
    await store.write(`${d}g`, 'new', { ifNotExists: true });
    assert.equal((await store.read(`${d}g`)).toString(), 'new');
  });

  sit('lets exactly one of many concurrent ifNotExists writers win', async () => {
    const d = fresh();
    for (let round = 0; round < 5; round++) {
      const loc = `${d}race-${round}.json`;
      const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => store.write(loc, `writer ${i}`, { ifNotExists: true })));
      const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
      assert.equal(winners.length, 1, `round ${round}: ${winners.length} winners`);
      for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as StorageError).code, 'already-exists', String(r.reason));
      assert.equal((await store.read(loc)).toString(), `writer ${winners[0]}`);
    }
  });

  sit('stats objects only', async () => {
    const d = fresh();
    await store.write(`${d}s/x.bin`, Buffer.alloc(1234));
    const info = await store.stat(`${d}s/x.bin`);
    assert.equal(info?.size, 1234);
    assert.equal(info?.location, `${d}s/x.bin`);
    assert.ok(Math.abs(Date.parse(info!.modifiedAt) - Date.now()) < 5 * 60_000);
    assert.equal(await store.stat(`${d}s`), undefined);
    assert.equal(await store.stat(`${d}s/`), undefined);
    assert.equal(await store.stat(`${d}s/missing`), undefined);
  });

  describe('list', () => {
    let d: string;
    before(async () => {
      if (SKIP) return;
      d = fresh();
      for (const k of ['a0', 'a.txt', 'a/b', 'a/c/d', 'b', 'é', 'z/y']) await store.write(`${d}${k}`, k);
    });

    sit('lists every object below a prefix, in byte order', async () => {
      const r = await store.list(d);
      assert.deepEqual(names(r, d), ['a.txt', 'a/b', 'a/c/d', 'a0', 'b', 'z/y', 'é']);
      assert.deepEqual(r.prefixes, []);
      assert.equal(r.nextPageToken, null);
      assert.equal(r.objects[0].size, 'a.txt'.length);
    });

    sit('with the "/" delimiter, lists one level and folders as prefixes', async () => {
      const r = await store.list(d, { delimiter: '/' });
      assert.deepEqual(names(r, d), ['a.txt', 'a0', 'b', 'é']);
      assert.deepEqual(r.prefixes, [`${d}a/`, `${d}z/`]);
      const sub = await store.list(`${d}a/`, { delimiter: '/' });
      assert.deepEqual(names(sub, d), ['a/b']);
      assert.deepEqual(sub.prefixes, [`${d}a/c/`]);
    });

    sit('treats a prefix without a trailing slash as a key prefix', async () => {
      assert.deepEqual(names(await store.list(`${d}a`), d), ['a.txt', 'a/b', 'a/c/d', 'a0']);
      const r = await store.list(`${d}a`, { delimiter: '/' });
      assert.deepEqual([names(r, d), r.prefixes], [['a.txt', 'a0'], [`${d}a/`]]);
    });

    sit('returns nothing for a missing prefix', async () => {
      assert.deepEqual(await store.list(`${d}nope/`), { objects: [], prefixes: [], nextPageToken: null });
    });

    sit('pages through objects and prefixes with continuation tokens', async () => {
      for (const delimiter of [undefined, '/']) {
        const all = await store.list(d, { delimiter });
        const seen: string[] = [];
        let token: string | undefined;
        let pages = 0;
        do {
          const page: ListResult = await store.list(d, { delimiter, pageSize: 2, pageToken: token });
          assert.ok(page.objects.length + page.prefixes.length <= 2);
          seen.push(...page.objects.map((o) => o.location), ...page.prefixes);
          token = page.nextPageToken ?? undefined;
          pages++;
        } while (token);
        assert.ok(pages >= 3, `${pages} pages`);
        assert.deepEqual(seen.sort(), [...all.objects.map((o) => o.location), ...all.prefixes].sort());
      }
    });

    sit('fetches every page when no page size is given', async () => {
      // Server pages of 100 (the default is List Blobs' maximum, 5000) so that a few
      // hundred blobs span several pages.
      const small = new AzureObjectStore(config(), { listPageSize: 100 });
      const e = fresh();
      const keys = Array.from({ length: 250 }, (_, i) => `k${String(i).padStart(4, '0')}`);
      for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((k) => small.write(`${e}${k}`, k)));
      const r = await small.list(e);
      assert.equal(r.objects.length, 250, 'three List Blobs pages');
      assert.equal(r.nextPageToken, null);
      assert.equal(await small.deletePrefix(e), 250);
      assert.deepEqual((await small.list(e)).objects, []);
    });
  });

  sit('deletes single objects, reporting whether there was one', async () => {
    const d = fresh();
    await store.write(`${d}x`, 'x');
    assert.equal(await store.delete(`${d}x`), true);
    assert.equal(await store.delete(`${d}x`), false);
    assert.equal(await store.delete(`${d}never/was`), false);
    await rejectsCode(store.read(`${d}x`), 'not-found');
  });

  sit('deletes by prefix, counting objects', async () => {
    const d = fresh();
    for (const k of ['t/data/1.parquet', 't/data/p=1/2.parquet', 't/metadata/v1.json', 't2/data/keep.parquet', 'other']) await store.write(`${d}${k}`, k);
    assert.equal(await store.deletePrefix(`${d}t/data/`), 2);
    assert.equal(await store.deletePrefix(`${d}t/`), 1);
    assert.deepEqual(names(await store.list(d), d), ['other', 't2/data/keep.parquet']);
    assert.equal(await store.deletePrefix(`${d}nothing/`), 0);
    assert.equal(await store.deletePrefix(`${d}t`), 1); // key prefix: t2/ matches too
    assert.deepEqual(names(await store.list(d), d), ['other']);
  });

  sit('serves wasbs:// and abfs:// spellings of the same container, returning the caller spelling', async () => {
    const d = `case-${++n}/`;
    await store.write(`wasbs://${CONTAINER}@${ACCOUNT}.blob.core.windows.net/${d}k.json`, 'via wasbs');
    assert.equal((await store.read(`${base}${d}k.json`)).toString(), 'via wasbs');
    const listed = await store.list(`abfs://${CONTAINER}@${HOST}/${d}`);
    assert.deepEqual(listed.objects.map((o) => o.location), [`abfs://${CONTAINER}@${HOST}/${d}k.json`]);
  });

  sit('says which container does not exist, in which account, and how to create it', async () => {
    const missing = `no-such-container-${randomUUID().slice(0, 8)}`;
    const loc = `abfss://${missing}@${HOST}/k`;
    const e = await rejectsCode(store.write(loc, 'x'), 'not-found');
    assert.equal(e.message, `Container "${missing}" does not exist in storage account "${ACCOUNT}" at ${ENDPOINT}: create it (az storage container create --name ${missing} --account-name ${ACCOUNT}) or fix the warehouse location`);
    await rejectsCode(store.read(loc), 'not-found', /Container ".*" does not exist/);
    await rejectsCode(store.list(`abfss://${missing}@${HOST}/`), 'not-found', /Container ".*" does not exist/);
    // HEAD responses carry the error code in x-ms-error-code: stat and delete still name the container
    await rejectsCode(store.stat(loc), 'not-found', /Container ".*" does not exist/);
    await rejectsCode(store.delete(loc), 'not-found', /Container ".*" does not exist/);
    await rejectsCode(store.deletePrefix(`abfss://${missing}@${HOST}/p/`), 'not-found', /Container ".*" does not exist/);
  });

  sit('a wrong account key is rejected by Azurite: access-denied naming adls.account-key, no secret echoed', async () => {
    const wrong = Buffer.from(`definitely-not-the-key-${randomUUID()}`).toString('base64');
    const s = new AzureObjectStore(config({ 'adls.account-key': wrong }));
    for (const op of [() => s.read(`${base}anything`), () => s.write(`${base}case-x/k`, 'x'), () => s.list(base), () => s.stat(`${base}anything`)]) {
      const e = await rejectsCode(op(), 'access-denied', /adls\.account-key/);
      assert.ok(!e.message.includes(wrong), e.message);
      assert.ok(!e.message.includes(KEY), e.message);
    }
  });

  sit('works with a connection string (BlobEndpoint) and with a SAS token instead of the key', async () => {
    const d = fresh();
    const cs = new AzureObjectStore({ 'adls.connection-string': `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};BlobEndpoint=${ENDPOINT};` });
    await cs.write(`${d}cs.json`, 'via connection string');
    assert.equal((await store.read(`${d}cs.json`)).toString(), 'via connection string');
    const sdk = await import('@azure/storage-blob');
    const sas = sdk.generateBlobSASQueryParameters({ containerName: CONTAINER, permissions: sdk.ContainerSASPermissions.parse('rl'), expiresOn: new Date(Date.now() + 600_000) }, new sdk.StorageSharedKeyCredential(ACCOUNT, KEY)).toString();
    const bySas = new AzureObjectStore({ 'adls.account-name': ACCOUNT, 'adls.account-host': ENDPOINT!, 'adls.sas-token': sas });
    assert.equal((await bySas.read(`${d}cs.json`)).toString(), 'via connection string');
    assert.deepEqual(names(await bySas.list(d), d), ['cs.json']);
    // read-only SAS: the write is refused by Azurite, and the SAS signature is not echoed
    const e = await rejectsCode(bySas.write(`${d}nope.json`, 'x'), 'access-denied', /adls\.sas-token/);
    assert.ok(!e.message.includes(new URLSearchParams(sas).get('sig')!), e.message);
  });

  sit('works through objectStoreFor with an Iceberg storage config', async () => {
    const s = await objectStoreFor(`${base}via-index/x.json`, config());
    await s.write(`${base}case-index/x.json`, '{}');
    assert.equal((await s.read(`${base}case-index/x.json`)).toString(), '{}');
  });
});
