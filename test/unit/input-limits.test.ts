// The pure checks behind malformed-input refusals: JSON depth and NUL, URL escapes, Basic base64.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeBasic } from '../../src/server/auth/basic-credentials.js';
import { jsonTextProblem } from '../../src/server/http/json-limits.js';
import { urlProblem } from '../../src/server/http/url-guard.js';

test('jsonTextProblem counts nesting outside strings only, and finds NUL raw or escaped', () => {
  assert.equal(jsonTextProblem('[[[]]]', 3), undefined);
  assert.match(jsonTextProblem('[[[[]]]]', 3)!, /deeper than 3 levels/);
  assert.match(jsonTextProblem('{"a":{"b":{"c":{}}}}', 3)!, /deeper/);
  assert.equal(jsonTextProblem('[[[]]],[[[]]]', 3), undefined, 'siblings do not add up');
  assert.equal(jsonTextProblem('["[[[[", "\\"[[[["]', 3), undefined, 'brackets in strings, after an escaped quote');
  assert.match(jsonTextProblem('["a\\u0000"]')!, /NUL/);
  assert.match(jsonTextProblem('["a\u0000"]')!, /NUL/);
  assert.equal(jsonTextProblem('["a\\\\u0000"]'), undefined, 'an escaped backslash, then the text u0000');
  assert.match(jsonTextProblem('["\\u00001"]')!, /NUL/);
  assert.equal(jsonTextProblem('["\\u0001", "\\u1000"]'), undefined);
  for (const lone of ['"\\ud800"', '"\\uDBFFx"', '"\\udc00"', '"\\ud800\\u0041"', '"\\ud800\\ud800"', '"a\\ud83d"']) assert.match(jsonTextProblem(`[${lone}]`)!, /lone UTF-16 surrogate/, lone);
  assert.equal(jsonTextProblem('["\\ud83e\\udd94", "\\uD83D\\uDE00x", "\\\\ud800"]'), undefined, 'pairs, and an escaped backslash before "ud800"');
});

test('urlProblem refuses %00 and a % that starts no escape', () => {
  assert.equal(urlProblem('/v1/namespaces/a%1Fb?pageToken=&x=%2F%25'), undefined);
  assert.match(urlProblem('/v1/namespaces/a%00')!, /NUL/);
  assert.match(urlProblem('/x?key=%00')!, /NUL/);
  assert.match(urlProblem('/v1/namespaces/%zz')!, /near "%zz"/);
  assert.match(urlProblem('/x?a=5%')!, /near "%"/);
  assert.match(urlProblem('/x?a=%4')!, /Malformed/);
});

test('decodeBasic accepts base64 with or without padding and nothing else', () => {
  assert.equal(decodeBasic('cm9vdDpwdw=='), 'root:pw');
  assert.equal(decodeBasic(' cm9vdDpwdw '), 'root:pw');
  assert.equal(decodeBasic('cm9vdDpwdw'), 'root:pw');
  for (const bad of ['', '!!!', 'a', 'ab=', 'ab===', 'cm9v dDpw', 'cm9vdDpw_-']) assert.equal(decodeBasic(bad), undefined, bad);
});
