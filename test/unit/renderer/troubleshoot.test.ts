import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatRoute, parseRoute } from '../../../src/renderer/src/lib/routes.js';
import { actionHint, PLANNED_STEPS, tableProblem, troubleshootBody, wizardStage } from '../../../src/renderer/src/lib/troubleshoot.js';

describe('troubleshooter (renderer logic)', () => {
  test('the planned steps follow the seed workflow', () => {
    assert.deepEqual(PLANNED_STEPS.map((s) => s.id), ['auth-root', 'auth-token', 'database', 'config', 'endpoint', 'reach', 'bucket', 'write', 'read', 'delete', 'vending']);
  });

  test('wizard stage', () => {
    assert.equal(wizardStage(false, undefined), 'choose');
    assert.equal(wizardStage(true, undefined), 'check');
    assert.equal(wizardStage(false, [{ id: 'a', title: 'a', status: 'pass', message: '' }]), 'done');
    assert.equal(wizardStage(false, [{ id: 'a', title: 'a', status: 'warn', message: '' }]), 'fix');
  });

  test('request body from the choice', () => {
    assert.deepEqual(troubleshootBody({ kind: 'catalog', catalog: 'lake', warehouse: 'x', table: ' db.t ' }), { catalog: 'lake', table: 'db.t' });
    assert.deepEqual(troubleshootBody({ kind: 'catalog', catalog: 'lake', warehouse: '', table: '' }), { catalog: 'lake' });
    assert.deepEqual(troubleshootBody({ kind: 'warehouse', catalog: 'lake', warehouse: 'wh', table: 'db.t' }), { warehouse: 'wh' });
    assert.equal(troubleshootBody({ kind: 'warehouse', catalog: '', warehouse: '', table: '' }), undefined);
  });

  test('table field', () => {
    assert.equal(tableProblem(''), undefined);
    assert.equal(tableProblem('db.sub.events'), undefined);
    assert.match(tableProblem('events') ?? '', /namespace\.table/);
    assert.match(tableProblem('db.') ?? '', /namespace\.table/);
  });

  test('action hints say what a click does', () => {
    assert.match(actionHint({ kind: 'rename-keys', label: 'x', warehouse: 'w', renames: { access_key_id: 's3.access-key-id' } }), /access_key_id → s3\.access-key-id; stored values \(secrets too\) are kept/);
    assert.match(actionHint({ kind: 'create-bucket', label: 'x', warehouse: 'w', bucket: 'lake' }), /“lake”/);
  });

  test('routes: #/troubleshoot and #/connect keep their parameters', () => {
    const r = { page: 'troubleshoot' as const, catalog: 'my lake', table: 'db.t' };
    assert.equal(formatRoute(r), '#/troubleshoot?catalog=my%20lake&table=db.t');
    assert.deepEqual(parseRoute(formatRoute(r)), r);
    assert.deepEqual(parseRoute('#/troubleshoot?warehouse=w&bogus=1'), { page: 'troubleshoot', warehouse: 'w' });
    assert.deepEqual(parseRoute('#/troubleshoot?catalog=%E0%A4%A'), { page: 'troubleshoot' });
    assert.equal(formatRoute({ page: 'connect' }), '#/connect');
    assert.deepEqual(parseRoute('#/connect?catalog=a'), { page: 'connect', catalog: 'a' });
  });
});
