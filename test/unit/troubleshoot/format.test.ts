// How the doctor prints steps and fixes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeAction, formatStep, formatSummary } from '../../../src/server/troubleshoot/format.js';

describe('doctor output', () => {
  it('a failed step: status, title, message, fix, the action as a request, details', () => {
    const out = formatStep({
      id: 'bucket',
      title: 'Bucket / container exists',
      status: 'fail',
      message: 'Bucket "lake" does not exist',
      fix: 'Create bucket "lake"',
      action: { kind: 'create-bucket', label: 'Create bucket “lake”', warehouse: 'my wh', bucket: 'lake' },
      details: { 's3.region': 'us-east-1' },
    });
    assert.equal(
      out,
      [
        '  FAIL  Bucket / container exists',
        '        Bucket "lake" does not exist',
        '        Fix: Create bucket "lake"',
        '        Create bucket “lake”: POST /api/v1/warehouses/my%20wh/create-bucket (or npm run doctor -- --fix)',
        '        Details:',
        '          s3.region = us-east-1',
      ].join('\n'),
    );
  });

  it('colours only when asked', () => {
    assert.match(formatStep({ id: 'x', title: 'T', status: 'pass', message: 'm' }, { color: true }), /\u001b\[32mPASS\u001b\[0m/);
  });

  it('actions: rename keys and client_config as PATCH bodies; copy text not repeated when already in the fix', () => {
    assert.match(describeAction({ kind: 'rename-keys', label: 'Rename the keys', warehouse: 'w', renames: { access_key_id: 's3.access-key-id' } }), /PATCH \/api\/v1\/warehouses\/w \{"rename_keys":\{"access_key_id":"s3\.access-key-id"\}\}/);
    assert.match(describeAction({ kind: 'set-client-config', label: 'Set client_config', warehouse: 'w', client_config: { 's3.endpoint': 'http://localhost:9000' } }), /\{"client_config":\{"s3\.endpoint":"http:\/\/localhost:9000"\}\}/);
    const text = 'GRANT USAGE, CREATE ON SCHEMA public TO pangolin;';
    const out = formatStep({ id: 'database', title: 'Database permissions', status: 'fail', message: 'm', fix: `Run:\n${text}`, action: { kind: 'copy', label: 'Copy GRANT statements', text } });
    assert.equal(out.split(text).length - 1, 1);
  });

  it('summary', () => {
    assert.equal(formatSummary([{ id: 'a', title: 'a', status: 'pass', message: '' }, { id: 'b', title: 'b', status: 'warn', message: '' }, { id: 'c', title: 'c', status: 'fail', message: '' }]), '1 passed, 1 warning, 1 failed, 0 skipped');
  });
});
