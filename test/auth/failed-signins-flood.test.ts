// A flood of failed sign-ins does not flood the audit log (issue 14): a refusal repeated
// without guessing (forged bearer tokens) is one event a minute, and refusals from one
// address are capped at EVENTS_PER_ADDRESS a minute whatever they are (here: unknown API
// keys, each a different account), with one warning in the log when the cap is reached.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { generateApiKey } from '../../src/server/auth/api-keys.js';
import { EVENTS_PER_ADDRESS } from '../../src/server/auth/sign-in-failures.js';
import { requestJson, startTestServer, type TestServer } from '../helpers/server.js';
import { ROOT_PASSWORD, ROOT_USER } from './principals.js';

describe('failed sign-ins cannot flood the audit log', () => {
  let s: TestServer;
  let logs = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs += chunk.toString();
      done();
    },
  });
  const rootBasic = { authorization: `Basic ${Buffer.from(`${ROOT_USER}:${ROOT_PASSWORD}`).toString('base64')}` };
  const me = (headers: Record<string, string>) => requestJson(`${s.url}/api/v1/me`, 'GET', undefined, headers);

  /** Every login.failed event, tenant and system logs together. */
  async function failures(): Promise<{ detail: string; actor: { kind: string } }[]> {
    const out = [];
    for (const q of ['', '&system=true']) {
      const r = await requestJson(`${s.url}/api/v1/audit?action=login.failed&page_size=1000${q}`, 'GET', undefined, rootBasic);
      assert.equal(r.status, 200, r.text);
      out.push(...r.body.events);
    }
    return out;
  }

  before(async () => {
    s = await startTestServer({ env: { PANGOLIN_ROOT_USER: ROOT_USER, PANGOLIN_ROOT_PASSWORD: ROOT_PASSWORD, PANGOLIN_LOG_LEVEL: 'warn' }, logSink: sink });
  });
  after(() => s?.stop());

  test('100 forged bearer tokens: one event', async () => {
    for (let i = 0; i < 100; i++) assert.equal((await me({ authorization: `Bearer eyJhbGciOiJIUzI1NiJ9.e30.${randomUUID().replace(/-/g, '')}` })).status, 401);
    const forged = (await failures()).filter((e) => e.detail === 'invalid-token');
    assert.equal(forged.length, 1);
  });

  test('300 unknown API keys from one address: at most the per-address cap, and one warning', async () => {
    const requests = 300;
    assert.ok(requests > EVENTS_PER_ADDRESS * 2, 'the flood is larger than the cap');
    for (let i = 0; i < requests; i++) assert.ok([401, 429].includes((await me({ 'x-api-key': generateApiKey().key })).status));
    const all = await failures();
    assert.ok(all.length <= EVENTS_PER_ADDRESS, `${all.length} events for ${requests + 100} refusals (cap ${EVENTS_PER_ADDRESS})`);
    assert.ok(all.length >= EVENTS_PER_ADDRESS / 2, `the refusals are recorded up to the cap (${all.length})`);
    assert.equal(logs.split('\n').filter((l) => l.includes('Too many failed sign-ins from this address')).length, 1);
  });
});
