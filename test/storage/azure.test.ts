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
import { StorageError } from '../../src/server/storage/types.js';
import { names, objectStoreContract, rejectsCode, rejectsNonObjectLocations } from './contract.js';

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
    await rejectsNonObjectLocations(s, `abfss://c@${HOST}`);
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

  objectStoreContract(
    'Azure (Azurite)',
    () => ({
      store,
      root: `${base}contract/`,
      config: config(),
      newContainer: () => ({ location: `abfss://pangolin-cc-${randomUUID().slice(0, 8)}@${HOST}/lake`, config: config() }),
      // Server pages of 100 (the default is List Blobs' maximum, 5000), so that a few
      // hundred blobs span several pages.
      manyObjects: { count: 250, store: new AzureObjectStore(config(), { listPageSize: 100 }) },
    }),
    { skip: SKIP, ifNotExistsVia: 'If-None-Match: *' },
  );

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
});
