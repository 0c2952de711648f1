import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SIMPLE_SCHEMA, startTestServer, type TestServer } from '../helpers/server.js';

for (const prefix of ['', '/local']) {
  describe(`namespaces over HTTP (${prefix || 'no prefix'})`, () => {
    let s: TestServer;
    const p = (path: string) => `/v1${prefix}${path}`;
    before(async () => {
      s = await startTestServer();
    });
    after(() => s.stop());

    test('create, load, HEAD, list nested, drop', async () => {
      const c = await s.http('POST', p('/namespaces'), { namespace: ['sales'], properties: { owner: 'ana' } });
      assert.equal(c.status, 200);
      assert.deepEqual(c.body, { namespace: ['sales'], properties: { owner: 'ana' } });
      assert.equal((await s.http('POST', p('/namespaces'), { namespace: ['sales', 'eu'] })).status, 200);
      assert.equal((await s.http('POST', p('/namespaces'), { namespace: ['sales', 'us'] })).status, 200);
      assert.equal((await s.http('POST', p('/namespaces'), { namespace: ['sales', 'eu', 'fr'] })).status, 200);

      const top = await s.http('GET', p('/namespaces'));
      assert.deepEqual(top.body, { namespaces: [['sales']] });
      const kids = await s.http('GET', p('/namespaces?parent=sales'));
      assert.deepEqual(kids.body.namespaces, [['sales', 'eu'], ['sales', 'us']]);
      const grandkids = await s.http('GET', p('/namespaces?parent=sales%1Feu'));
      assert.deepEqual(grandkids.body.namespaces, [['sales', 'eu', 'fr']]);

      const load = await s.http('GET', p('/namespaces/sales%1Feu'));
      assert.deepEqual(load.body, { namespace: ['sales', 'eu'], properties: {} });
      assert.equal((await s.http('HEAD', p('/namespaces/sales%1Feu'))).status, 204);
      assert.equal((await s.http('HEAD', p('/namespaces/nope'))).status, 404);

      const notEmpty = await s.http('DELETE', p('/namespaces/sales%1Feu'));
      assert.equal(notEmpty.status, 409, 'a namespace with children is not empty');
      assert.equal(notEmpty.body.error.type, 'NamespaceNotEmptyException');
      assert.equal((await s.http('DELETE', p('/namespaces/sales%1Feu%1Ffr'))).status, 204);
      assert.equal((await s.http('DELETE', p('/namespaces/sales%1Feu'))).status, 204);
      assert.equal((await s.http('GET', p('/namespaces/sales%1Feu'))).status, 404);
    });

    test('duplicate create → 409 AlreadyExistsException; missing → 404 NoSuchNamespaceException', async () => {
      await s.http('POST', p('/namespaces'), { namespace: ['dup'] });
      const r = await s.http('POST', p('/namespaces'), { namespace: ['dup'], properties: { a: 'b' } });
      assert.equal(r.status, 409);
      assert.equal(r.body.error.type, 'AlreadyExistsException');
      assert.deepEqual((await s.http('GET', p('/namespaces/dup'))).body.properties, {}, 'the failed create changed nothing');
      const m = await s.http('GET', p('/namespaces/missing'));
      assert.equal(m.status, 404);
      assert.equal(m.body.error.type, 'NoSuchNamespaceException');
      assert.equal((await s.http('DELETE', p('/namespaces/missing'))).status, 404);
      assert.equal((await s.http('GET', p('/namespaces?parent=missing'))).status, 404);
    });

    test('drop a namespace holding a table → 409', async () => {
      await s.http('POST', p('/namespaces'), { namespace: ['withtable'] });
      assert.equal((await s.http('POST', p('/namespaces/withtable/tables'), { name: 't', schema: SIMPLE_SCHEMA })).status, 200);
      const r = await s.http('DELETE', p('/namespaces/withtable'));
      assert.equal(r.status, 409);
      assert.equal(r.body.error.type, 'NamespaceNotEmptyException');
    });

    test('update properties: updated / removed / missing, never null; 422 when a key is in both', async () => {
      await s.http('POST', p('/namespaces'), { namespace: ['props'], properties: { a: '1', b: '2' } });
      const r = await s.http('POST', p('/namespaces/props/properties'), { updates: { c: '3', a: '10' }, removals: ['b', 'zz'] });
      assert.equal(r.status, 200);
      assert.deepEqual(r.body.updated.sort(), ['a', 'c']);
      assert.deepEqual(r.body.removed, ['b']);
      assert.deepEqual(r.body.missing, ['zz']);
      assert.deepEqual((await s.http('GET', p('/namespaces/props'))).body.properties, { a: '10', c: '3' });
      const both = await s.http('POST', p('/namespaces/props/properties'), { updates: { a: 'x' }, removals: ['a'] });
      assert.equal(both.status, 422);
      assert.deepEqual((await s.http('GET', p('/namespaces/props'))).body.properties, { a: '10', c: '3' });
      const empty = await s.http('POST', p('/namespaces/props/properties'), {});
      assert.deepEqual(empty.body, { updated: [], removed: [], missing: [] });
    });

    test('pagination: no pageToken → everything; pageToken + pageSize → pages that cover all once', async () => {
      await s.http('POST', p('/namespaces'), { namespace: ['paged'] });
      for (let i = 0; i < 7; i++) await s.http('POST', p('/namespaces'), { namespace: ['paged', `n${i}`] });
      const all = await s.http('GET', p('/namespaces?parent=paged'));
      assert.equal(all.body.namespaces.length, 7);
      assert.equal(all.body['next-page-token'], undefined);
      const seen: string[] = [];
      let token = '';
      let pages = 0;
      for (;;) {
        const r = await s.http('GET', p(`/namespaces?parent=paged&pageSize=3&pageToken=${encodeURIComponent(token)}`));
        assert.ok(r.body.namespaces.length <= 3);
        seen.push(...r.body.namespaces.map((n: string[]) => n[1]));
        pages++;
        if (!r.body['next-page-token']) break;
        token = r.body['next-page-token'];
      }
      assert.equal(pages, 3);
      assert.deepEqual(seen, ['n0', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6']);
      assert.equal((await s.http('GET', p('/namespaces?pageSize=0&pageToken='))).status, 400);
    });

    test('bad input: malformed JSON, wrong types, empty level, extra keys', async () => {
      const bad = await s.http('POST', p('/namespaces'), '{"namespace": [', {});
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.type, 'BadRequestException');
      assert.match(bad.body.error.message, /Malformed JSON/);
      const wrongType = await s.http('POST', p('/namespaces'), { namespace: 'flat' });
      assert.equal(wrongType.status, 400);
      assert.match(wrongType.body.error.message, /namespace/);
      assert.equal((await s.http('POST', p('/namespaces'), { namespace: [] })).status, 400);
      assert.equal((await s.http('POST', p('/namespaces'), { namespace: ['a', ''] })).status, 400);
      const typo = await s.http('POST', p('/namespaces'), { namespace: ['typo'], propertys: {} });
      assert.equal(typo.status, 400);
      assert.match(typo.body.error.message, /propertys/);
      assert.equal((await s.http('GET', p('/namespaces/typo'))).status, 404, 'a rejected request created nothing');
      const props = await s.http('POST', p('/namespaces'), { namespace: ['numprops'], properties: { a: 1 } });
      assert.equal(props.status, 400);
    });
  });
}
