// Pure helpers of the identity screens: routes, form checks and the one-time secret snippet.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatSeconds } from '../../../src/renderer/src/lib/dates.js';
import { emailProblem, entityNameProblem, expiryProblem, generatePassword, passwordProblem, usernameProblem } from '../../../src/renderer/src/lib/identity-forms.js';
import { formatRoute, isIdentityRoute, parseRoute, type Route } from '../../../src/renderer/src/lib/routes.js';
import { pyicebergCredentialSnippet } from '../../../src/renderer/src/lib/secret-snippet.js';

describe('identity routes', () => {
  test('round trip', () => {
    const routes: Route[] = [{ page: 'tenants' }, { page: 'users' }, { page: 'service-users' }, { page: 'roles' }, { page: 'roles', name: 'data eng' }, { page: 'api-keys' }, { page: 'audit' }];
    for (const r of routes) {
      assert.deepEqual(parseRoute(formatRoute(r)), r, formatRoute(r));
      assert.equal(isIdentityRoute(r), true);
    }
    assert.equal(formatRoute({ page: 'roles', name: 'data eng' }), '#/roles?name=data%20eng');
    assert.deepEqual(parseRoute('#/roles?name=%E0%A4%A'), { page: 'roles' });
    assert.equal(isIdentityRoute({ page: 'explorer' }), false);
  });
});

describe('identity form checks', () => {
  test('user names and entity names', () => {
    assert.equal(usernameProblem('alice@example.com'), undefined);
    assert.equal(usernameProblem(''), 'Enter a user name');
    assert.match(usernameProblem('-x') ?? '', /starting with a letter or digit/);
    assert.equal(entityNameProblem('team-a', 'tenant'), undefined);
    assert.match(entityNameProblem('team a', 'tenant') ?? '', /^A tenant name must be/);
  });

  test('passwords as the server wants them', () => {
    assert.equal(passwordProblem('short', 'short'), 'Use at least 10 characters');
    assert.equal(passwordProblem('alice-is-great', 'alice-is-great', 'alice'), 'The password may not contain the user name');
    assert.equal(passwordProblem('correct horse', 'correct horsE'), 'The two passwords differ');
    assert.equal(passwordProblem('correct horse', 'correct horse', 'bob'), undefined);
    const p = generatePassword();
    assert.equal(p.length, 20);
    assert.equal(passwordProblem(p, p, 'alice'), undefined);
  });

  test('email and key expiry', () => {
    assert.equal(emailProblem(''), undefined);
    assert.equal(emailProblem('a@b.io'), undefined);
    assert.ok(emailProblem('a@b'));
    assert.equal(expiryProblem(''), undefined);
    assert.equal(expiryProblem('90'), undefined);
    assert.ok(expiryProblem('0'));
    assert.ok(expiryProblem('1.5'));
  });
});

describe('the one-time PyIceberg snippet', () => {
  test('fills in the real credential, and nothing else changes', () => {
    const code = pyicebergCredentialSnippet('http://127.0.0.1:8181', 'local', 'svc-1', 's3cr"t');
    assert.match(code, /credential="svc-1:s3cr\\"t"/);
    assert.match(code, /warehouse="local"/);
    assert.doesNotMatch(code, /<client_secret>/);
  });
});

describe('audit times', () => {
  test('to the second, local time; anything else unchanged', () => {
    const iso = new Date(2026, 0, 31, 9, 5, 7).toISOString();
    assert.equal(formatSeconds(iso), '2026-01-31 09:05:07');
    assert.equal(formatSeconds('soon'), 'soon');
  });
});
