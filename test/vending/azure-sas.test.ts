// AzureSas vending against Azurite, which checks SAS signatures, permissions, expiry and
// scope (container / blob). Azurite implements no hierarchical namespace and no directory
// SAS (sr=d), so the table-folder scope is proven on the signer (test/unit/vending/
// azure-sas.test.ts, against the SDK) and here only its refusal on a flat account; the SAS
// used end to end is the opt-in container scope, and these tests show what it does and
// does not confine.
//   PANGOLIN_TEST_AZURE_ENDPOINT=http://127.0.0.1:10000/devstoreaccount1 node --import tsx --test test/vending/azure-sas.test.ts
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { BlobServiceClient } from '@azure/storage-blob';
import { AZURITE_ACCOUNT, AZURITE_KEY, AzureObjectStore } from '../../src/server/storage/azure.js';
import { StorageError, type StorageErrorCode } from '../../src/server/storage/types.js';
import { containerSas, directorySas, vend } from '../../src/server/vending/azure-sas.js';
import type { TableAccess, VendingStrategy } from '../../src/server/vending/types.js';

const ENDPOINT = process.env.PANGOLIN_TEST_AZURE_ENDPOINT?.replace(/\/+$/, '');
const ACCOUNT = process.env.PANGOLIN_TEST_AZURE_ACCOUNT ?? AZURITE_ACCOUNT;
const KEY = process.env.PANGOLIN_TEST_AZURE_KEY ?? AZURITE_KEY;
const SKIP = ENDPOINT ? false : 'PANGOLIN_TEST_AZURE_ENDPOINT is not set (start Azurite with scripts/start-azurite.sh and set it to the printed URL)';
if (SKIP) console.log(`# SKIP AzureSas vending tests: ${SKIP}`);
const sit = (name: string, fn: () => Promise<void>) => it(name, { skip: SKIP }, fn);

const HOST = `${ACCOUNT}.dfs.core.windows.net`;
const CONTAINER_A = `pangolin-sas-a-${randomUUID().slice(0, 8)}`;
const CONTAINER_B = `pangolin-sas-b-${randomUUID().slice(0, 8)}`;
const storageConfig = (): Record<string, string> => ({ 'adls.account-name': ACCOUNT, 'adls.account-key': KEY, 'adls.account-host': ENDPOINT ?? 'http://127.0.0.1:1' });
const CONTAINER_SCOPE = { type: 'AzureSas', scope: 'container' } as unknown as VendingStrategy; // `scope` needs the strategy schema change (see azure-sas.ts)
const table = (container: string, name: string) => `abfss://${container}@${HOST}/wh/ns/${name}`;

async function vendFor(location: string, access: TableAccess, strategy: VendingStrategy = CONTAINER_SCOPE) {
  return vend({ strategy, storageConfig: storageConfig(), clientConfig: {}, tableLocation: location, access });
}

/** A store that holds nothing but what a client received. */
const clientStore = (config: Record<string, string>) => new AzureObjectStore({ 'adls.account-name': config['adls.account-name'], 'adls.account-host': config['adls.connection-string.' + HOST], 'adls.sas-token': config['adls.sas-token'] });

async function rejectsCode(p: Promise<unknown>, code: StorageErrorCode, message?: RegExp): Promise<StorageError> {
  let caught: unknown;
  await assert.rejects(p, (e: unknown) => {
    caught = e;
    return e instanceof StorageError && e.code === code && (!message || message.test(e.message));
  });
  return caught as StorageError;
}

describe('AzureSas vending against Azurite', () => {
  let service: BlobServiceClient;
  const owner = new AzureObjectStore(storageConfig());
  const tA = table(CONTAINER_A, 'table_a');
  const tB = table(CONTAINER_A, 'table_b'); // same container as A
  const tC = table(CONTAINER_B, 'table_c'); // another container

  before(async () => {
    if (SKIP) return;
    const sdk = await import('@azure/storage-blob');
    service = new sdk.BlobServiceClient(ENDPOINT!, new sdk.StorageSharedKeyCredential(ACCOUNT, KEY));
    await service.getContainerClient(CONTAINER_A).create();
    await service.getContainerClient(CONTAINER_B).create();
    for (const t of [tA, tB, tC]) await owner.write(`${t}/metadata/v1.metadata.json`, `{"table":"${t}"}`);
  });

  after(async () => {
    if (!service) return;
    await service.getContainerClient(CONTAINER_A).deleteIfExists();
    await service.getContainerClient(CONTAINER_B).deleteIfExists();
  });

  sit('vends a SAS where PyIceberg and Iceberg Java read it, with one storage credential for the table', async () => {
    const before = Date.now();
    const v = await vendFor(tA, 'read');
    const sas = v.config['adls.sas-token'];
    assert.ok(sas && new URLSearchParams(sas).get('sig'));
    assert.equal(v.config['adls.account-name'], ACCOUNT);
    assert.equal(v.config[`adls.sas-token.${HOST}`], sas);
    assert.equal(v.config[`adls.connection-string.${HOST}`], ENDPOINT);
    assert.equal(v.config['adls.connection-string'], `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};BlobEndpoint=${ENDPOINT};SharedAccessSignature=${sas}`);
    assert.ok(!JSON.stringify(v).includes(KEY), 'the account key never reaches the client');
    assert.deepEqual(v.storageCredentials, [{ prefix: tA, config: v.config }]);
    const q = new URLSearchParams(sas);
    assert.deepEqual([q.get('sr'), q.get('sp'), q.get('spr')], ['c', 'rl', 'https,http']);
    // an hour by default, and the expiry returned is the one signed into the SAS
    assert.ok(v.expiresAt && Math.abs(v.expiresAt.getTime() - (before + 3600_000)) < 10_000);
    assert.equal(q.get('se'), `${v.expiresAt!.toISOString().slice(0, 19)}Z`);
    assert.equal(v.config[`adls.sas-token-expires-at-ms.${HOST}`], String(v.expiresAt!.getTime()));
    const short = await vendFor(tA, 'read', { type: 'AzureSas', duration_seconds: 120, scope: 'container' } as unknown as VendingStrategy);
    assert.ok(Math.abs(short.expiresAt!.getTime() - (Date.now() + 120_000)) < 10_000);
  });

  sit("a 'read' SAS reads and lists the table but Azurite refuses writes and deletes with it", async () => {
    const v = await vendFor(tA, 'read');
    const c = clientStore(v.config);
    assert.equal((await c.read(`${tA}/metadata/v1.metadata.json`)).toString(), `{"table":"${tA}"}`);
    assert.deepEqual((await c.list(`${tA}/`)).objects.map((o) => o.location), [`${tA}/metadata/v1.metadata.json`]);
    await rejectsCode(c.write(`${tA}/data/new.parquet`, 'x'), 'access-denied', /AuthorizationPermissionMismatch/);
    await rejectsCode(c.write(`${tA}/metadata/v1.metadata.json`, 'overwrite'), 'access-denied');
    await rejectsCode(c.delete(`${tA}/metadata/v1.metadata.json`), 'access-denied');
    assert.equal((await owner.read(`${tA}/metadata/v1.metadata.json`)).toString(), `{"table":"${tA}"}`, 'nothing changed');
  });

  sit("a 'read-write' SAS creates, overwrites, lists and deletes the table's files", async () => {
    const v = await vendFor(tA, 'read-write');
    assert.equal(new URLSearchParams(v.config['adls.sas-token']).get('sp'), 'racwdl');
    const c = clientStore(v.config);
    await c.write(`${tA}/data/f1.parquet`, 'one', { ifNotExists: true });
    await c.write(`${tA}/data/f1.parquet`, 'two');
    assert.equal((await owner.read(`${tA}/data/f1.parquet`)).toString(), 'two');
    assert.equal(await c.deletePrefix(`${tA}/data/`), 1);
  });

  sit('the vended connection string is one the Azure SDK accepts as is', async () => {
    const v = await vendFor(tA, 'read');
    const sdk = await import('@azure/storage-blob');
    const client = sdk.BlobServiceClient.fromConnectionString(v.config['adls.connection-string']);
    const body = await client.getContainerClient(CONTAINER_A).getBlobClient('wh/ns/table_a/metadata/v1.metadata.json').downloadToBuffer();
    assert.equal(body.toString(), `{"table":"${tA}"}`);
  });

  sit("a SAS for table A cannot reach a table in another container (Azurite enforces the SAS's container)", async () => {
    const v = await vendFor(tA, 'read-write');
    const c = clientStore(v.config);
    await rejectsCode(c.read(`${tC}/metadata/v1.metadata.json`), 'access-denied');
    await rejectsCode(c.write(`${tC}/data/x.parquet`, 'x'), 'access-denied');
    await rejectsCode(c.list(`${tC}/`), 'access-denied');
  });

  sit('LIMIT of scope "container": the SAS also reaches table B in the same container (why the scope is opt-in)', async () => {
    const v = await vendFor(tA, 'read');
    assert.equal((await clientStore(v.config).read(`${tB}/metadata/v1.metadata.json`)).toString(), `{"table":"${tB}"}`);
  });

  sit('scope "directory" (the default) is refused on an account without hierarchical namespace, naming the fix', async () => {
    const e = await rejectsCode(vendFor(tA, 'read', { type: 'AzureSas' }), 'invalid-location', /no hierarchical namespace.*"scope":"container"/);
    assert.ok(!e.message.includes(KEY));
    // ...which is what Azurite would do with one: it does not accept directory SAS at all
    const sdk = await import('@azure/storage-blob');
    const { version } = containerSas(sdk, { account: ACCOUNT, accountKey: KEY, container: CONTAINER_A, permissions: 'rl', expiresOn: new Date(Date.now() + 600_000) });
    const dirSas = directorySas({ account: ACCOUNT, accountKey: KEY, container: CONTAINER_A, directory: 'wh/ns/table_a', permissions: 'rl', expiresOn: new Date(Date.now() + 600_000), version });
    const c = new AzureObjectStore({ 'adls.account-name': ACCOUNT, 'adls.account-host': ENDPOINT!, 'adls.sas-token': dirSas });
    await rejectsCode(c.read(`${tA}/metadata/v1.metadata.json`), 'access-denied');
  });

  sit('Azurite enforces the expiry and the signature: an expired or tampered SAS is refused', async () => {
    const sdk = await import('@azure/storage-blob');
    const expired = containerSas(sdk, { account: ACCOUNT, accountKey: KEY, container: CONTAINER_A, permissions: 'rl', expiresOn: new Date(Date.now() - 60_000) }).sas;
    const c = new AzureObjectStore({ 'adls.account-name': ACCOUNT, 'adls.account-host': ENDPOINT!, 'adls.sas-token': expired });
    await rejectsCode(c.read(`${tA}/metadata/v1.metadata.json`), 'access-denied', /adls\.sas-token/);
    const v = await vendFor(tA, 'read');
    const q = new URLSearchParams(v.config['adls.sas-token']);
    q.set('sp', 'racwdl'); // widen the permissions without re-signing
    const tampered = new AzureObjectStore({ 'adls.account-name': ACCOUNT, 'adls.account-host': ENDPOINT!, 'adls.sas-token': q.toString() });
    await rejectsCode(tampered.write(`${tA}/data/evil.parquet`, 'x'), 'access-denied');
  });

  sit('refuses to vend without the account key, and for non-Azure locations', async () => {
    await rejectsCode(vend({ strategy: CONTAINER_SCOPE, storageConfig: { 'adls.account-name': ACCOUNT, 'adls.sas-token': 'sv=x&sig=y' }, clientConfig: {}, tableLocation: tA, access: 'read' }), 'access-denied', /adls\.account-key/);
    await rejectsCode(vend({ strategy: CONTAINER_SCOPE, storageConfig: storageConfig(), clientConfig: {}, tableLocation: 's3://b/t', access: 'read' }), 'invalid-location');
  });
});
