import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeNamespace, encodeNamespace, isPrefixOf, namespaceLabel } from '../../../src/renderer/src/lib/namespace.js';
import { formatRoute, parseRoute, type Route } from '../../../src/renderer/src/lib/routes.js';

describe('namespace encoding', () => {
  test('levels are joined with %1F, each level percent-encoded', () => {
    assert.equal(encodeNamespace(['a']), 'a');
    assert.equal(encodeNamespace(['a', 'b', 'c']), 'a%1Fb%1Fc');
    assert.equal(encodeNamespace(['sales eu', 'x/y', '50%']), 'sales%20eu%1Fx%2Fy%1F50%25');
  });

  test('decoding is the inverse, also for a raw 0x1F separator', () => {
    for (const parts of [['a'], ['a', 'b'], ['sales eu', 'x/y', '50%', 'ü']]) {
      assert.deepEqual(decodeNamespace(encodeNamespace(parts)), parts);
    }
    assert.deepEqual(decodeNamespace('a\u001fb'), ['a', 'b']);
    assert.deepEqual(decodeNamespace('a%1fb'), ['a', 'b']);
  });

  test('an empty namespace cannot be encoded', () => {
    assert.throws(() => encodeNamespace([]));
  });

  test('labels and prefixes', () => {
    assert.equal(namespaceLabel(['a', 'b']), 'a.b');
    assert.equal(isPrefixOf(['a'], ['a', 'b']), true);
    assert.equal(isPrefixOf(['a', 'b'], ['a']), false);
    assert.equal(isPrefixOf(['b'], ['a', 'b']), false);
  });
});

describe('hash routes', () => {
  test('explorer routes round-trip with multi-level namespaces', () => {
    const r: Route = { page: 'explorer', catalog: 'my cat', namespace: ['a', 'b c'], table: 't&1' };
    const hash = formatRoute(r);
    assert.equal(hash, '#/explorer?catalog=my%20cat&ns=a%1Fb%20c&table=t%261');
    assert.deepEqual(parseRoute(hash), r);
  });

  test('status, defaults and garbage', () => {
    assert.deepEqual(parseRoute('#/status'), { page: 'status' });
    assert.deepEqual(parseRoute(''), { page: 'explorer' });
    assert.deepEqual(parseRoute('#/nope'), { page: 'explorer' });
    assert.deepEqual(parseRoute('#/explorer?catalog=%E0%A4%A'), { page: 'explorer' });
    assert.deepEqual(parseRoute('#/explorer?table=t'), { page: 'explorer' }, 'a table needs a catalog and namespace');
  });
});
