// The storage endpoint policy (src/server/storage/endpoint-policy.ts, ip-address.ts) and its
// DNS side (outbound.ts) without any network: address classes in every notation, the
// PANGOLIN_STORAGE_ENDPOINT_ALLOW setting, URL checks, and host names that resolve to a
// forbidden address, at validation and at connect time, through an injected resolver.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../../src/server/config.js';
import { DEFAULT_ENDPOINT_POLICY, endpointProblem, hostProblem, parseEndpointPolicy } from '../../../src/server/storage/endpoint-policy.js';
import { endpointProblems, resolvedEndpointProblems, warehouseEndpoints } from '../../../src/server/storage/endpoints.js';
import { classifyAddress } from '../../../src/server/storage/ip-address.js';
import { createOutboundAgents, refusalIn, resolvedHostProblem, type LookupAll } from '../../../src/server/storage/outbound.js';

/** A resolver from a table: no DNS server is asked. */
const fakeDns =
  (table: Record<string, string[]>): LookupAll =>
  async (host) => {
    const addresses = table[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

describe('address classes', () => {
  it('classifies IPv4 and IPv6 addresses', () => {
    const cases: [string, string][] = [
      ['8.8.8.8', 'public'],
      ['10.1.2.3', 'private'],
      ['172.31.255.1', 'private'],
      ['172.32.0.1', 'public'],
      ['192.168.0.10', 'private'],
      ['100.64.0.1', 'private'],
      ['127.0.0.1', 'loopback'],
      ['127.8.9.10', 'loopback'],
      ['169.254.169.254', 'metadata'],
      ['169.254.170.2', 'metadata'],
      ['100.100.100.200', 'metadata'],
      ['169.254.1.1', 'link-local'],
      ['0.0.0.0', 'unspecified'],
      ['224.0.0.1', 'multicast'],
      ['255.255.255.255', 'broadcast'],
      ['240.0.0.1', 'reserved'],
      ['::1', 'loopback'],
      ['::', 'unspecified'],
      ['fe80::1', 'link-local'],
      ['febf::1', 'link-local'],
      ['fd00:ec2::254', 'metadata'],
      ['fd12:3456::1', 'private'],
      ['ff02::1', 'multicast'],
      ['2606:4700::1111', 'public'],
      ['::ffff:169.254.169.254', 'metadata'],
      ['::ffff:a9fe:a9fe', 'metadata'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['::ffff:8.8.8.8', 'public'],
      ['64:ff9b::a9fe:a9fe', 'metadata'],
      ['2002:a9fe:a9fe::1', 'metadata'],
    ];
    for (const [address, cls] of cases) assert.equal(classifyAddress(address), cls, address);
    for (const bad of ['1.2.3', '1.2.3.256', '01.2.3.4', 'fe80::1%eth0', '1::2::3', 'example.com']) assert.equal(classifyAddress(bad), undefined, bad);
  });

  it('sees IPv4 in every notation the URL parser accepts (decimal, octal, hex, short forms)', () => {
    for (const host of ['169.254.169.254', '0xA9FEA9FE', '2852039166', '0251.0376.0251.0376', '0xa9.0xfe.0xa9.0xfe', '169.254.43518', '[::ffff:169.254.169.254]', '[::ffff:a9fe:a9fe]']) {
      assert.match(endpointProblem(`http://${host}/`, DEFAULT_ENDPOINT_POLICY) ?? '', /cloud metadata service address/, host);
    }
    for (const host of ['0', '0.0.0.0', '[::]']) assert.match(endpointProblem(`http://${host}:9000`, DEFAULT_ENDPOINT_POLICY) ?? '', /unspecified address/, host);
    assert.match(endpointProblem('http://[fe80::1]:9000', DEFAULT_ENDPOINT_POLICY) ?? '', /link-local/);
  });
});

describe('PANGOLIN_STORAGE_ENDPOINT_ALLOW', () => {
  it('by default allows public, private and loopback hosts, never link-local, metadata or 0.0.0.0', () => {
    for (const ok of ['http://127.0.0.1:9000', 'http://[::1]:10000/devstoreaccount1', 'http://localhost:4443', 'http://minio:9000', 'http://10.0.0.5', 'https://s3.amazonaws.com', 'http://192.168.1.20:9000']) {
      assert.equal(endpointProblem(ok, DEFAULT_ENDPOINT_POLICY), undefined, ok);
    }
    for (const bad of ['http://169.254.169.254', 'http://169.254.10.1', 'http://[fd00:ec2::254]', 'http://metadata.google.internal', 'http://METADATA.google.internal.', 'http://metadata', 'http://224.0.0.251', 'http://255.255.255.255']) {
      assert.match(endpointProblem(bad, DEFAULT_ENDPOINT_POLICY) ?? '', /PANGOLIN_STORAGE_ENDPOINT_ALLOW/, bad);
    }
  });

  it('refuses other schemes, user info, queries and fragments', () => {
    assert.match(endpointProblem('ftp://127.0.0.1', DEFAULT_ENDPOINT_POLICY) ?? '', /http:\/\/ or https:\/\//);
    assert.match(endpointProblem('file:///etc/passwd', DEFAULT_ENDPOINT_POLICY) ?? '', /http:\/\/ or https:\/\//);
    assert.match(endpointProblem('http://u:p@127.0.0.1', DEFAULT_ENDPOINT_POLICY) ?? '', /user name or password/);
    assert.match(endpointProblem('http://127.0.0.1/?x=1', DEFAULT_ENDPOINT_POLICY) ?? '', /query or fragment/);
    assert.match(endpointProblem('http://127.0.0.1/#f', DEFAULT_ENDPOINT_POLICY) ?? '', /query or fragment/);
    assert.match(endpointProblem('not a url', DEFAULT_ENDPOINT_POLICY) ?? '', /not a URL/);
  });

  it('levels and lists', () => {
    const pub = parseEndpointPolicy('public');
    assert.match(endpointProblem('http://127.0.0.1:9000', pub) ?? '', /loopback/);
    assert.match(endpointProblem('http://10.0.0.1', pub) ?? '', /private-network/);
    assert.equal(endpointProblem('https://8.8.8.8', pub), undefined);
    const any = parseEndpointPolicy('any');
    assert.equal(endpointProblem('http://169.254.169.254', any), undefined);
    assert.equal(endpointProblem('http://metadata.google.internal', any), undefined);
    // A level plus entries: the defaults and one link-local address.
    const extra = parseEndpointPolicy(' Private , 169.254.10.20 ');
    assert.equal(endpointProblem('http://169.254.10.20:9000', extra), undefined);
    assert.match(endpointProblem('http://169.254.169.254', extra) ?? '', /metadata/);
    // Entries alone: only them.
    const only = parseEndpointPolicy('minio.lan,*.storage.lan,10.0.0.0/8,[fd00::1]');
    assert.deepEqual([only.level, only.names, only.nets.length], ['none', ['minio.lan', '*.storage.lan'], 2]);
    for (const ok of ['http://minio.lan:9000', 'http://a.storage.lan', 'http://10.9.8.7', 'http://[fd00::1]']) assert.equal(endpointProblem(ok, only), undefined, ok);
    for (const bad of ['http://127.0.0.1', 'http://other.lan', 'http://storage.lan.evil', 'http://11.0.0.1']) assert.match(endpointProblem(bad, only) ?? '', /not listed/, bad);
    assert.equal(hostProblem('MINIO.LAN.', only), undefined);
  });

  it('refuses a bad setting naming the entry; start-up stops naming the variable', () => {
    for (const [raw, why] of [
      ['privat', /did you mean "private"/],
      ['public,any', /two levels/],
      ['a,,b', /empty/],
      ['minio:9000', /has a port/],
      ['[::1]:9000', /has a port/],
      ['10.0.0.0/33', /CIDR/],
      ['none', /not a level/],
      ['http://minio', /is a URL/],
    ] as const) {
      assert.throws(() => parseEndpointPolicy(raw), why, raw);
      assert.throws(
        () => loadConfig({ PANGOLIN_STORAGE_ENDPOINT_ALLOW: raw, PANGOLIN_DATA_DIR: '/tmp/x' }),
        (e: unknown) => e instanceof ConfigError && e.message.startsWith('PANGOLIN_STORAGE_ENDPOINT_ALLOW=') && why.test(e.message),
        raw,
      );
    }
    assert.equal(loadConfig({ PANGOLIN_DATA_DIR: '/tmp/x' }).storageEndpointPolicy, DEFAULT_ENDPOINT_POLICY);
    assert.equal(loadConfig({ PANGOLIN_DATA_DIR: '/tmp/x', PANGOLIN_STORAGE_ENDPOINT_ALLOW: 'any' }).storageEndpointPolicy.level, 'any');
  });
});

describe('the endpoints of a warehouse definition', () => {
  it('names every endpoint-like key: s3.endpoint, gcs.service.host, the Azure endpoint wherever it comes from, sts_endpoint', () => {
    const eps = warehouseEndpoints('s3://b/w', { 's3.endpoint': 'http://169.254.169.254', 's3.signer.uri': 'http://[fe80::1]' }, { type: 'AwsSts', role_arn: 'r', sts_endpoint: 'http://0xA9FEA9FE' });
    assert.deepEqual(eps.map((e) => e.key), ['s3.endpoint', 's3.signer.uri', 'sts_endpoint']);
    const problems = endpointProblems(eps, DEFAULT_ENDPOINT_POLICY);
    assert.equal(problems.length, 3);
    assert.match(problems[0], /^storage_config: s3\.endpoint \(http:\/\/169\.254\.169\.254\) cannot be used: 169\.254\.169\.254 is a cloud metadata service address/);
    assert.match(problems[2], /^vending_strategy: sts_endpoint \(http:\/\/169\.254\.169\.254\)/);
    const az = warehouseEndpoints('abfss://c@acct.dfs.core.windows.net/w', { 'adls.connection-string': 'AccountName=acct;AccountKey=a2V5;BlobEndpoint=http://169.254.169.254/acct' }, null);
    assert.deepEqual(az.map((e) => e.key), ['adls.connection-string (BlobEndpoint)']);
    assert.match(endpointProblems(az, DEFAULT_ENDPOINT_POLICY)[0], /metadata/);
    assert.ok(!endpointProblems(az, DEFAULT_ENDPOINT_POLICY)[0].includes('a2V5'), 'no part of the connection string but its origin');
    const host = warehouseEndpoints('abfss://c@acct.dfs.core.windows.net/w', { 'adls.account-name': 'acct', 'adls.account-host': '169.254.169.254' }, null);
    assert.match(endpointProblems(host, DEFAULT_ENDPOINT_POLICY)[0], /^storage_config: adls\.account-host \(https:\/\/169\.254\.169\.254\)/);
    assert.match(endpointProblems(warehouseEndpoints('gs://b/w', { 'gcs.service.host': 'http://metadata.google.internal' }, null), DEFAULT_ENDPOINT_POLICY)[0], /gcs\.service\.host/);
  });

  it('refuses a host name that resolves to a forbidden address; one that does not resolve is left to connect time', async () => {
    const dns = fakeDns({ 'evil.test': ['8.8.8.8', '169.254.169.254'], 'minio.test': ['127.0.0.1'], 'v6.test': ['fe80::1'] });
    assert.match((await resolvedHostProblem('evil.test', DEFAULT_ENDPOINT_POLICY, dns)) ?? '', /evil\.test resolves to 169\.254\.169\.254, a cloud metadata service address/);
    assert.match((await resolvedHostProblem('v6.test', DEFAULT_ENDPOINT_POLICY, dns)) ?? '', /link-local/);
    assert.equal(await resolvedHostProblem('minio.test', DEFAULT_ENDPOINT_POLICY, dns), undefined);
    assert.equal(await resolvedHostProblem('unknown.test', DEFAULT_ENDPOINT_POLICY, dns), undefined);
    const late: LookupAll = () => new Promise((r) => setTimeout(() => r([{ address: '169.254.169.254', family: 4 }]), 300));
    assert.equal(await resolvedHostProblem('slow.test', DEFAULT_ENDPOINT_POLICY, late, 50), undefined, 'DNS slower than the bound: left to connect time');
    // A listed name is trusted whatever it resolves to.
    assert.equal(await resolvedHostProblem('evil.test', parseEndpointPolicy('private,evil.test'), dns), undefined);
    const eps = warehouseEndpoints('s3://b/w', { 's3.endpoint': 'http://evil.test:9000' }, null);
    assert.deepEqual(endpointProblems(eps, DEFAULT_ENDPOINT_POLICY), []);
    const problems = await resolvedEndpointProblems(eps, DEFAULT_ENDPOINT_POLICY, dns);
    assert.match(problems[0], /^storage_config: s3\.endpoint \(http:\/\/evil\.test:9000\) cannot be used: evil\.test resolves to 169\.254\.169\.254/);
  });

  it('checks again at connect time: a name that now resolves to metadata (DNS rebinding) gets no connection', async () => {
    const seen: string[] = [];
    const srv = http.createServer((req, res) => {
      seen.push(String(req.url));
      res.end('ok');
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const port = (srv.address() as AddressInfo).port;
    const table: Record<string, string[]> = { 'rebind.test': ['127.0.0.1'] };
    const agents = createOutboundAgents(DEFAULT_ENDPOINT_POLICY, fakeDns(table));
    const get = (url: string) =>
      new Promise<string>((resolve, reject) => {
        http.get(url, { agent: agents.http }, (res) => {
          res.resume();
          res.on('end', () => resolve(String(res.statusCode)));
        }).on('error', reject);
      });
    try {
      assert.equal(await get(`http://rebind.test:${port}/first`), '200');
      agents.http.destroy(); // no kept-alive connection: the next request connects anew
      table['rebind.test'] = ['169.254.169.254'];
      await assert.rejects(get(`http://rebind.test:${port}/second`), (e: unknown) => /rebind\.test resolves to 169\.254\.169\.254/.test(refusalIn(e) ?? ''));
      await assert.rejects(get(`http://169.254.169.254:${port}/literal`), (e: unknown) => /cloud metadata/.test(refusalIn(e) ?? ''));
      assert.deepEqual(seen, ['/first']);
    } finally {
      srv.close();
    }
  });
});
