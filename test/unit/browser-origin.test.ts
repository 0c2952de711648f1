// The pure decisions behind the browser-origin guards: which Host headers are answered,
// which requests count as cross-origin, which bodies are JSON.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { acceptsForm, isJsonType } from '../../src/server/http/body.js';
import { hostAllowed, parseHostName, type HostPolicy } from '../../src/server/http/host-guard.js';
import { crossOriginProblem, sameOrigin } from '../../src/server/http/origin-guard.js';

const loopback: HostPolicy = { bindAddress: '127.0.0.1', allowedHosts: undefined };

describe('parseHostName', () => {
  test('names, IPv4 and bracketed IPv6, with or without a port', () => {
    assert.deepEqual(parseHostName('LocalHost:8080'), { host: 'localhost', port: 8080 });
    assert.deepEqual(parseHostName('pangolin.lan'), { host: 'pangolin.lan' });
    assert.deepEqual(parseHostName('pangolin.lan.'), { host: 'pangolin.lan' });
    assert.deepEqual(parseHostName('10.0.0.7:443'), { host: '10.0.0.7', port: 443 });
    assert.deepEqual(parseHostName('[::1]:8080'), { host: '::1', port: 8080 });
    assert.deepEqual(parseHostName('[fd00::1]'), { host: 'fd00::1' });
  });

  for (const bad of ['', 'http://x', 'x/y', 'x:0', 'x:65536', 'x:port', '-x.lan', 'a..b', '[::1', '[zz::1]', '::1', '300.1.1.1', 'a b', 'x:80:80', 'ev!l']) {
    test(`refuses ${JSON.stringify(bad)}`, () => assert.equal(parseHostName(bad), undefined));
  }
});

describe('hostAllowed', () => {
  test('bound to loopback: loopback names and the bind address, any port', () => {
    for (const h of ['127.0.0.1:8080', '127.1.2.3', 'localhost', 'localhost:5173', 'LOCALHOST.:1', '[::1]:8080', '[::1]']) {
      assert.equal(hostAllowed(h, loopback), true, h);
    }
    assert.equal(hostAllowed('localhost', { bindAddress: '127.0.0.2', allowedHosts: undefined }), true);
    assert.equal(hostAllowed('[::1]:1', { bindAddress: '::1', allowedHosts: undefined }), true);
  });

  test('bound to loopback: any other name is refused (DNS rebinding)', () => {
    for (const h of ['evil.example', 'evil.example:8080', '127.0.0.1.evil.example', 'localhost.evil.example', '192.168.1.5', '0.0.0.0', '', 'evil.example/..', '[::ffff:7f00:1]']) {
      assert.equal(hostAllowed(h, loopback), false, h);
    }
  });

  test('no Host header (HTTP/1.0 tools; browsers always send one) is answered', () => {
    assert.equal(hostAllowed(undefined, loopback), true);
  });

  test('PANGOLIN_ALLOWED_HOSTS adds names; a listed port must match', () => {
    const p: HostPolicy = { bindAddress: '127.0.0.1', allowedHosts: [{ host: 'pangolin.lan' }, { host: 'proxy.lan', port: 8443 }, { host: 'tls.lan', port: 443 }] };
    assert.equal(hostAllowed('pangolin.lan', p), true);
    assert.equal(hostAllowed('Pangolin.LAN:9999', p), true);
    assert.equal(hostAllowed('proxy.lan:8443', p), true);
    assert.equal(hostAllowed('proxy.lan:8080', p), false);
    assert.equal(hostAllowed('proxy.lan', p), false, 'no port = 80 or 443');
    assert.equal(hostAllowed('tls.lan', p), true, 'no port = 443 behind a TLS proxy');
    assert.equal(hostAllowed('evil.example', p), false);
    assert.equal(hostAllowed('localhost:8080', p), true, 'loopback stays allowed');
  });

  test('bound elsewhere: any Host without PANGOLIN_ALLOWED_HOSTS; with it, those + loopback + the bind address', () => {
    assert.equal(hostAllowed('anything.example', { bindAddress: '0.0.0.0', allowedHosts: undefined }), true);
    assert.equal(hostAllowed('anything.example', { bindAddress: '192.168.1.5', allowedHosts: undefined }), true);
    const p: HostPolicy = { bindAddress: '192.168.1.5', allowedHosts: [{ host: 'pangolin.lan' }] };
    assert.equal(hostAllowed('pangolin.lan:8080', p), true);
    assert.equal(hostAllowed('192.168.1.5:8080', p), true);
    assert.equal(hostAllowed('127.0.0.1:8080', p), true);
    assert.equal(hostAllowed('evil.example', p), false);
    const wild: HostPolicy = { bindAddress: '0.0.0.0', allowedHosts: [{ host: 'pangolin.lan' }] };
    assert.equal(hostAllowed('0.0.0.0:8080', wild), false, 'a wildcard bind is not a host name');
    assert.equal(hostAllowed('pangolin.lan', wild), true);
  });
});

describe('cross-origin requests', () => {
  test('sameOrigin compares scheme-less host:port with the Host header', () => {
    assert.equal(sameOrigin('http://127.0.0.1:8080', '127.0.0.1:8080'), true);
    assert.equal(sameOrigin('http://LOCALHOST:5173', 'localhost:5173'), true);
    assert.equal(sameOrigin('https://pangolin.lan', 'pangolin.lan'), true);
    assert.equal(sameOrigin('https://pangolin.lan', 'pangolin.lan:443'), true);
    assert.equal(sameOrigin('http://[::1]:8080', '[::1]:8080'), true);
    assert.equal(sameOrigin('http://127.0.0.1:3000', '127.0.0.1:8080'), false, 'another port is another origin');
    assert.equal(sameOrigin('http://evil.example', '127.0.0.1:8080'), false);
    assert.equal(sameOrigin('null', '127.0.0.1:8080'), false);
    assert.equal(sameOrigin('file:///x', '127.0.0.1:8080'), false);
    assert.equal(sameOrigin('http://127.0.0.1:8080', undefined), false);
  });

  test('state-changing requests from another origin or site are refused; reads and non-browser clients are not', () => {
    const host = '127.0.0.1:8080';
    assert.match(crossOriginProblem('POST', { host, origin: 'http://evil.example' }) ?? '', /origin http:\/\/evil\.example/);
    assert.match(crossOriginProblem('DELETE', { host, origin: 'null' }) ?? '', /DELETE/);
    assert.match(crossOriginProblem('PUT', { host, 'sec-fetch-site': 'cross-site' }) ?? '', /cross-site/);
    assert.equal(crossOriginProblem('POST', { host, origin: 'http://127.0.0.1:8080', 'sec-fetch-site': 'same-origin' }), undefined);
    assert.equal(crossOriginProblem('POST', { host }), undefined, 'PyIceberg, curl: no Origin');
    assert.equal(crossOriginProblem('GET', { host, origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' }), undefined);
  });

  test('every CORS preflight from another origin is refused', () => {
    assert.match(crossOriginProblem('OPTIONS', { host: 'localhost:8080', origin: 'http://evil.example', 'access-control-request-method': 'POST' }) ?? '', /preflight/);
    assert.match(crossOriginProblem('OPTIONS', { host: 'localhost:8080', 'access-control-request-method': 'POST' }) ?? '', /preflight/);
    assert.equal(crossOriginProblem('OPTIONS', { host: 'localhost:8080' }), undefined);
  });
});

describe('request bodies', () => {
  test('JSON types: application/json and +json, with parameters', () => {
    for (const t of ['application/json', 'Application/JSON; charset=utf-8', 'application/merge-patch+json', 'application/vnd.api+json;v=1']) assert.equal(isJsonType(t), true, t);
    for (const t of [undefined, '', 'text/plain', 'text/plain; application/json', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'json']) assert.equal(isJsonType(t), false, String(t));
  });

  test('forms only on the OAuth token endpoint', () => {
    assert.equal(acceptsForm('/v1/oauth/tokens'), true);
    assert.equal(acceptsForm('/V1/OAuth/tokens/'), true);
    assert.equal(acceptsForm('/api/v1/tenants'), false);
    assert.equal(acceptsForm('/v1/local/oauth/tokens'), false);
    assert.equal(acceptsForm('/v1/namespaces'), false);
  });
});
