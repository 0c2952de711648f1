// AzureSas vending, pure parts: the directory SAS signer (checked against the SDK's own
// isDirectory output), permissions, durations, scope, and the client keys per client.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as sdk from '@azure/storage-blob';
import { AZURITE_KEY, parseAzureLocation } from '../../../src/server/storage/azure.js';
import { StorageError } from '../../../src/server/storage/types.js';
import { clampDuration, clientEndpoint, containerSas, directorySas, sasClientConfig, sasPermissions, sasScope, tableDirectory } from '../../../src/server/vending/azure-sas.js';
import type { VendingStrategy } from '../../../src/server/vending/types.js';

const KEY = AZURITE_KEY;
const expiresOn = new Date('2030-01-02T03:04:05.678Z');

describe('AzureSas signing', () => {
  it('signs a directory SAS (sr=d, sdd=depth) exactly as @azure/storage-blob does for isDirectory', () => {
    for (const permissions of ['r', 'racwd']) {
      for (const protocol of [undefined, 'https'] as const) {
        const ours = new URLSearchParams(directorySas({ account: 'acct', accountKey: KEY, container: 'wh', directory: 'ns/tbl', permissions, expiresOn, protocol, version: '2025-01-05' }));
        const theirs = new URLSearchParams(
          sdk
            .generateBlobSASQueryParameters(
              { containerName: 'wh', blobName: 'ns/tbl', isDirectory: true, permissions: sdk.BlobSASPermissions.parse(permissions), expiresOn, version: '2025-01-05', ...(protocol ? { protocol: sdk.SASProtocol.Https } : {}) },
              new sdk.StorageSharedKeyCredential('acct', KEY),
            )
            .toString(),
        );
        for (const k of ['sv', 'se', 'sr', 'sp', 'sdd', 'spr', 'sig']) assert.equal(ours.get(k), theirs.get(k), `${k} for ${permissions}/${protocol}`);
        assert.equal(ours.get('sr'), 'd');
        assert.equal(ours.get('sdd'), '2');
      }
    }
  });

  it('adds the list permission to directory SAS (which the SDK cannot express) and signs it', () => {
    const q = new URLSearchParams(directorySas({ account: 'acct', accountKey: KEY, container: 'wh', directory: 'a/b/c', permissions: 'rl', expiresOn, version: '2025-01-05' }));
    assert.equal(q.get('sp'), 'rl');
    assert.equal(q.get('sdd'), '3');
    assert.equal(q.get('se'), '2030-01-02T03:04:05Z');
    assert.match(q.get('sig')!, /^[A-Za-z0-9+/]{43}=$/);
    assert.throws(() => directorySas({ account: 'acct', accountKey: KEY, container: 'wh', directory: '', permissions: 'r', expiresOn, version: 'v' }), StorageError);
  });

  it('makes container SAS through the SDK and reports the version it signs with', () => {
    const { sas, version } = containerSas(sdk, { account: 'acct', accountKey: KEY, container: 'wh', permissions: 'rl', expiresOn, protocol: 'https,http' });
    const q = new URLSearchParams(sas);
    assert.deepEqual([q.get('sr'), q.get('sp'), q.get('spr'), q.get('sv')], ['c', 'rl', 'https,http', version]);
    assert.match(version, /^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('AzureSas policy', () => {
  it('grants r,l for read and r,a,c,w,d,l for read-write', () => {
    assert.equal(sasPermissions('read'), 'rl');
    assert.equal(sasPermissions('read-write'), 'racwdl');
  });

  it('defaults to an hour and clamps to 60..86400 seconds', () => {
    assert.equal(clampDuration(undefined), 3600);
    assert.equal(clampDuration(10), 60);
    assert.equal(clampDuration(10 ** 9), 86400);
    assert.equal(clampDuration(900.7), 900);
  });

  it('is directory-scoped unless the strategy says scope "container"', () => {
    assert.equal(sasScope({ type: 'AzureSas' }), 'directory');
    assert.equal(sasScope({ type: 'AzureSas', scope: 'container' } as VendingStrategy as Extract<VendingStrategy, { type: 'AzureSas' }>), 'container');
    assert.throws(() => sasScope({ type: 'AzureSas', scope: 'account' } as unknown as Extract<VendingStrategy, { type: 'AzureSas' }>), /"directory" or "container"/);
  });

  it("takes the table's folder from the location", () => {
    assert.equal(tableDirectory(parseAzureLocation('abfss://wh@a.dfs.core.windows.net/ns/t/')), 'ns/t');
    assert.equal(tableDirectory(parseAzureLocation('abfss://wh@a.dfs.core.windows.net')), '');
  });
});

describe('AzureSas client config', () => {
  const expiresAt = new Date(1_900_000_000_000);
  it('on Azure: account name and the SAS under the plain and the per-host keys, no connection string', () => {
    const loc = parseAzureLocation('abfss://wh@acct.dfs.core.windows.net/ns/t');
    const cfg = sasClientConfig({ account: 'acct', loc, endpoint: 'https://acct.blob.core.windows.net', sas: 'sv=x&sig=y', expiresAt });
    assert.deepEqual(cfg, {
      'adls.account-name': 'acct',
      'adls.sas-token': 'sv=x&sig=y',
      'adls.sas-token.acct.dfs.core.windows.net': 'sv=x&sig=y',
      'adls.sas-token-expires-at-ms.acct.dfs.core.windows.net': '1900000000000',
    });
  });

  it('on Azurite: a SAS connection string for adlfs, the endpoint for Iceberg Java, the authority for PyArrow', () => {
    const loc = parseAzureLocation('abfs://wh@devstoreaccount1.dfs.core.windows.net/ns/t');
    const endpoint = 'http://127.0.0.1:10000/devstoreaccount1';
    const cfg = sasClientConfig({ account: 'devstoreaccount1', loc, endpoint, sas: 'sv=x&sig=y', expiresAt, clientConfig: { 'adls.read.block-size-bytes': '1048576', 'adls.account-key': 'never', 'adls.sas-token': 'never' } });
    assert.equal(cfg['adls.connection-string'], `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;BlobEndpoint=${endpoint};SharedAccessSignature=sv=x&sig=y`);
    assert.equal(cfg['adls.connection-string.devstoreaccount1.dfs.core.windows.net'], endpoint);
    assert.deepEqual([cfg['adls.blob-storage-authority'], cfg['adls.blob-storage-scheme'], cfg['adls.dfs-storage-authority']], ['127.0.0.1:10000', 'http', '127.0.0.1:10000']);
    assert.equal(cfg['adls.read.block-size-bytes'], '1048576', 'non-secret client_config passes through');
    assert.equal(cfg['adls.sas-token'], 'sv=x&sig=y', 'the vended SAS, never a client_config credential');
    assert.ok(!Object.values(cfg).includes('never'));
  });

  it("uses client_config's endpoint over the server's (the client may reach the storage elsewhere)", () => {
    const loc = parseAzureLocation('abfs://wh@devstoreaccount1.dfs.core.windows.net/ns/t');
    const server = { 'adls.connection-string': `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${KEY};BlobEndpoint=http://10.0.0.5:10000/devstoreaccount1;` };
    assert.equal(clientEndpoint(server, {}, loc, 'devstoreaccount1'), 'http://10.0.0.5:10000/devstoreaccount1');
    assert.equal(clientEndpoint(server, { 'adls.account-host': 'http://localhost:10000/devstoreaccount1' }, loc, 'devstoreaccount1'), 'http://localhost:10000/devstoreaccount1');
    assert.equal(clientEndpoint({}, {}, parseAzureLocation('abfss://wh@acct.dfs.core.windows.net/t'), 'acct'), 'https://acct.blob.core.windows.net');
  });
});
