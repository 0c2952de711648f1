// Every route × every kind of caller: each allow and each deny is asserted, and a denied
// change must leave nothing behind. Tenant A is the default tenant (catalog "local");
// tenant B's admin must reach none of A's data through any route.
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Privilege } from '../../src/server/stores/identity-types.js';
import { NS_SEP, requestJson, SIMPLE_SCHEMA, startTestServer, type HttpResult, type TestServer } from '../helpers/server.js';
import { CALLERS, ROOT_ENV, setUpWorld, type Caller, type World } from './principals.js';

type Scope = 'catalog' | 'm' | 't' | 'v';
type Need = 'public' | 'signed-in' | 'admin' | 'root' | { priv: Privilege | 'see'; on: Scope };

interface Req {
  method: string;
  path: string;
  body?: unknown;
}

interface RouteCase {
  route: string;
  need: Need;
  req: (c: Caller) => Req;
  /** Prepares what the request acts on (as the tenant admin). */
  setup?: (c: Caller) => Promise<void>;
  /** After a denied change: true when nothing changed. */
  unchanged?: (c: Caller) => Promise<boolean>;
  /** A tenant-wide list or check: B's admin is allowed but must not see A's data (`leak` must not appear). */
  ownTenant?: { leak: string | (() => string) };
  /** Users acting on their own record: only they (and admins) may; others are denied. */
  self?: boolean;
  /** A list filtered by grants: what a caller without grants must not see in it. */
  filtered?: string;
}

function allowed(c: Caller, need: Need): boolean {
  if (need === 'public') return true;
  if (c === 'anonymous') return false;
  if (need === 'signed-in') return true;
  if (c === 'root') return true;
  if (need === 'root') return false;
  if (c === 'adminA') return true;
  if (c === 'adminB') return false;
  if (need === 'admin') return false;
  const { priv, on } = need;
  if (c === 'writer' || c === 'svcWriter') return on !== 'catalog' || priv === 'see';
  if (c === 'reader') return on === 'catalog' || on === 'm' ? priv === 'see' : priv === 'see' || priv === 'read';
  return false; // nobody, svcNobody
}

const ns = (...parts: string[]) => parts.join(NS_SEP);
const T = `/v1/local/namespaces/m/tables`;
const V = `/v1/local/namespaces/m/views`;

function viewBody(name: string) {
  return {
    name,
    schema: { type: 'struct', 'schema-id': 0, fields: [{ id: 1, name: 'id', required: false, type: 'int' }] },
    'view-version': { 'version-id': 1, 'timestamp-ms': Date.now(), 'schema-id': 0, summary: {}, representations: [{ type: 'sql', sql: 'SELECT 1 AS id', dialect: 'spark' }], 'default-namespace': ['m'] },
    properties: {},
  };
}

const scanReport = {
  'report-type': 'scan-report',
  'table-name': 'local.m.t',
  'snapshot-id': 1,
  filter: { type: 'true' },
  'schema-id': 0,
  'projected-field-ids': [1],
  'projected-field-names': ['id'],
  metrics: {},
};

describe('authorization matrix: every route × every caller', () => {
  let s: TestServer;
  let w: World;
  const admin = (method: string, path: string, body?: unknown) => s.http(method, path, body);
  const exists = async (path: string) => (await admin('GET', path)).status === 200;

  before(async () => {
    s = await startTestServer({ env: ROOT_ENV });
    await admin('POST', '/v1/local/namespaces', { namespace: ['m'] });
    await admin('POST', T, { name: 't', schema: SIMPLE_SCHEMA });
    await admin('POST', V, viewBody('v'));
    w = await setUpWorld(s);
  });
  after(() => s?.stop());

  const whDir = (name: string) => {
    const d = join(s.dataDir, 'warehouses', name);
    mkdirSync(d, { recursive: true });
    return pathToFileURL(d).href;
  };

  const cases: RouteCase[] = [
    // ---- Iceberg REST ----
    { route: 'GET /v1/config', need: { priv: 'see', on: 'catalog' }, req: () => ({ method: 'GET', path: '/v1/config?warehouse=local' }) },
    { route: 'GET /v1/namespaces (default catalog)', need: { priv: 'see', on: 'catalog' }, req: () => ({ method: 'GET', path: '/v1/namespaces' }) },
    { route: 'GET /v1/{prefix}/namespaces', need: { priv: 'see', on: 'catalog' }, req: () => ({ method: 'GET', path: '/v1/local/namespaces' }) },
    { route: 'GET /v1/{prefix}/namespaces?parent', need: { priv: 'see', on: 'm' }, req: () => ({ method: 'GET', path: '/v1/local/namespaces?parent=m' }) },
    {
      route: 'POST /v1/{prefix}/namespaces (top level)',
      need: { priv: 'create', on: 'catalog' },
      req: (c) => ({ method: 'POST', path: '/v1/local/namespaces', body: { namespace: [`top_${c}`] } }),
      unchanged: async (c) => !(await exists(`/v1/local/namespaces/top_${c}`)),
    },
    {
      route: 'POST /v1/{prefix}/namespaces (inside m)',
      need: { priv: 'create', on: 'm' },
      req: (c) => ({ method: 'POST', path: '/v1/local/namespaces', body: { namespace: ['m', `sub_${c}`] } }),
      unchanged: async (c) => !(await exists(`/v1/local/namespaces/${ns('m', `sub_${c}`)}`)),
    },
    { route: 'GET /v1/{prefix}/namespaces/{ns}', need: { priv: 'see', on: 'm' }, req: () => ({ method: 'GET', path: '/v1/local/namespaces/m' }) },
    { route: 'HEAD /v1/{prefix}/namespaces/{ns}', need: { priv: 'see', on: 'm' }, req: () => ({ method: 'HEAD', path: '/v1/local/namespaces/m' }) },
    {
      route: 'POST /v1/{prefix}/namespaces/{ns}/properties',
      need: { priv: 'write', on: 'm' },
      req: (c) => ({ method: 'POST', path: '/v1/local/namespaces/m/properties', body: { updates: { [`by_${c}`]: '1' } } }),
      unchanged: async (c) => (await admin('GET', '/v1/local/namespaces/m')).body.properties[`by_${c}`] === undefined,
    },
    {
      route: 'DELETE /v1/{prefix}/namespaces/{ns}',
      need: { priv: 'drop', on: 'm' },
      setup: async (c) => void (await admin('POST', '/v1/local/namespaces', { namespace: ['m', `del_${c}`] })),
      req: (c) => ({ method: 'DELETE', path: `/v1/local/namespaces/${ns('m', `del_${c}`)}` }),
      unchanged: async (c) => exists(`/v1/local/namespaces/${ns('m', `del_${c}`)}`),
    },
    { route: 'GET /v1/{prefix}/namespaces/{ns}/tables', need: { priv: 'see', on: 'm' }, req: () => ({ method: 'GET', path: T }) },
    {
      route: 'POST /v1/{prefix}/namespaces/{ns}/tables',
      need: { priv: 'create', on: 'm' },
      req: (c) => ({ method: 'POST', path: T, body: { name: `new_${c}`, schema: SIMPLE_SCHEMA } }),
      unchanged: async (c) => !(await exists(`${T}/new_${c}`)),
    },
    { route: 'GET /v1/{prefix}/namespaces/{ns}/tables/{t}', need: { priv: 'read', on: 't' }, req: () => ({ method: 'GET', path: `${T}/t` }) },
    { route: 'HEAD /v1/{prefix}/namespaces/{ns}/tables/{t}', need: { priv: 'read', on: 't' }, req: () => ({ method: 'HEAD', path: `${T}/t` }) },
    { route: 'GET …/tables/{t}/credentials', need: { priv: 'read', on: 't' }, req: () => ({ method: 'GET', path: `${T}/t/credentials` }) },
    {
      route: 'POST …/tables/{t} (commit)',
      need: { priv: 'write', on: 't' },
      req: (c) => ({ method: 'POST', path: `${T}/t`, body: { requirements: [], updates: [{ action: 'set-properties', updates: { [`by_${c}`]: '1' } }] } }),
      unchanged: async (c) => (await admin('GET', `${T}/t`)).body.metadata.properties[`by_${c}`] === undefined,
    },
    { route: 'POST …/tables/{t}/metrics', need: { priv: 'read', on: 't' }, req: () => ({ method: 'POST', path: `${T}/t/metrics`, body: scanReport }) },
    {
      route: 'DELETE …/tables/{t}',
      need: { priv: 'drop', on: 'm' },
      setup: async (c) => void (await admin('POST', T, { name: `d_${c}`, schema: SIMPLE_SCHEMA })),
      req: (c) => ({ method: 'DELETE', path: `${T}/d_${c}` }),
      unchanged: async (c) => exists(`${T}/d_${c}`),
    },
    {
      route: 'POST /v1/{prefix}/tables/rename',
      need: { priv: 'drop', on: 'm' },
      setup: async (c) => void (await admin('POST', T, { name: `r_${c}`, schema: SIMPLE_SCHEMA })),
      req: (c) => ({ method: 'POST', path: '/v1/local/tables/rename', body: { source: { namespace: ['m'], name: `r_${c}` }, destination: { namespace: ['m'], name: `r2_${c}` } } }),
      unchanged: async (c) => (await exists(`${T}/r_${c}`)) && !(await exists(`${T}/r2_${c}`)),
    },
    {
      route: 'POST /v1/{prefix}/transactions/commit',
      need: { priv: 'write', on: 't' },
      req: (c) => ({ method: 'POST', path: '/v1/local/transactions/commit', body: { 'table-changes': [{ identifier: { namespace: ['m'], name: 't' }, requirements: [], updates: [{ action: 'set-properties', updates: { [`tx_${c}`]: '1' } }] }] } }),
      unchanged: async (c) => (await admin('GET', `${T}/t`)).body.metadata.properties[`tx_${c}`] === undefined,
    },
    { route: 'GET /v1/{prefix}/namespaces/{ns}/views', need: { priv: 'see', on: 'm' }, req: () => ({ method: 'GET', path: V }) },
    {
      route: 'POST /v1/{prefix}/namespaces/{ns}/views',
      need: { priv: 'create', on: 'm' },
      req: (c) => ({ method: 'POST', path: V, body: viewBody(`vnew_${c}`) }),
      unchanged: async (c) => !(await exists(`${V}/vnew_${c}`)),
    },
    { route: 'GET …/views/{v}', need: { priv: 'read', on: 'v' }, req: () => ({ method: 'GET', path: `${V}/v` }) },
    { route: 'HEAD …/views/{v}', need: { priv: 'read', on: 'v' }, req: () => ({ method: 'HEAD', path: `${V}/v` }) },
    {
      route: 'POST …/views/{v} (replace)',
      need: { priv: 'write', on: 'v' },
      req: (c) => ({ method: 'POST', path: `${V}/v`, body: { requirements: [], updates: [{ action: 'set-properties', updates: { [`by_${c}`]: '1' } }] } }),
      unchanged: async (c) => (await admin('GET', `${V}/v`)).body.metadata.properties?.[`by_${c}`] === undefined,
    },
    {
      route: 'DELETE …/views/{v}',
      need: { priv: 'drop', on: 'm' },
      setup: async (c) => void (await admin('POST', V, viewBody(`vd_${c}`))),
      req: (c) => ({ method: 'DELETE', path: `${V}/vd_${c}` }),
      unchanged: async (c) => exists(`${V}/vd_${c}`),
    },
    {
      route: 'POST /v1/{prefix}/views/rename',
      need: { priv: 'drop', on: 'm' },
      setup: async (c) => void (await admin('POST', V, viewBody(`vr_${c}`))),
      req: (c) => ({ method: 'POST', path: '/v1/local/views/rename', body: { source: { namespace: ['m'], name: `vr_${c}` }, destination: { namespace: ['m'], name: `vr2_${c}` } } }),
      unchanged: async (c) => (await exists(`${V}/vr_${c}`)) && !(await exists(`${V}/vr2_${c}`)),
    },
    // ---- admin API ----
    { route: 'GET /api/v1/health', need: 'public', req: () => ({ method: 'GET', path: '/api/v1/health' }) },
    { route: 'GET /api/v1/auth/config', need: 'public', req: () => ({ method: 'GET', path: '/api/v1/auth/config' }) },
    { route: 'GET /api/v1/me', need: 'signed-in', req: () => ({ method: 'GET', path: '/api/v1/me' }) },
    { route: 'GET /api/v1/server/status', need: 'signed-in', req: () => ({ method: 'GET', path: '/api/v1/server/status' }), filtered: '"local"' },
    { route: 'GET /api/v1/catalogs', need: 'signed-in', req: () => ({ method: 'GET', path: '/api/v1/catalogs' }), filtered: '"local"' },
    { route: 'GET /api/v1/catalogs/{name}', need: { priv: 'see', on: 'catalog' }, req: () => ({ method: 'GET', path: '/api/v1/catalogs/local' }) },
    { route: 'GET /api/v1/catalogs/{name}/metrics-reports', need: { priv: 'read', on: 'catalog' }, req: () => ({ method: 'GET', path: '/api/v1/catalogs/local/metrics-reports' }) },
    {
      route: 'POST /api/v1/catalogs',
      need: 'admin',
      req: (c) => ({ method: 'POST', path: '/api/v1/catalogs', body: { name: `c_${c}`, warehouse: 'local' } }),
      unchanged: async (c) => !(await exists(`/api/v1/catalogs/c_${c}`)),
    },
    {
      route: 'PATCH /api/v1/catalogs/{name}',
      need: 'admin',
      setup: async (c) => void (await admin('POST', '/api/v1/catalogs', { name: `pc_${c}`, warehouse: 'local' })),
      req: (c) => ({ method: 'PATCH', path: `/api/v1/catalogs/pc_${c}`, body: { properties: { owner: c } } }),
      unchanged: async (c) => (await admin('GET', `/api/v1/catalogs/pc_${c}`)).body.properties.owner === undefined,
    },
    {
      route: 'DELETE /api/v1/catalogs/{name}',
      need: 'admin',
      setup: async (c) => void (await admin('POST', '/api/v1/catalogs', { name: `dc_${c}`, warehouse: 'local' })),
      req: (c) => ({ method: 'DELETE', path: `/api/v1/catalogs/dc_${c}` }),
      unchanged: async (c) => exists(`/api/v1/catalogs/dc_${c}`),
    },
    { route: 'GET /api/v1/warehouses', need: 'admin', req: () => ({ method: 'GET', path: '/api/v1/warehouses' }), ownTenant: { leak: '"local"' } },
    { route: 'GET /api/v1/warehouses/{name}', need: 'admin', req: () => ({ method: 'GET', path: '/api/v1/warehouses/local' }) },
    {
      route: 'POST /api/v1/warehouses',
      need: 'admin',
      req: (c) => ({ method: 'POST', path: '/api/v1/warehouses', body: { name: `w_${c}`, location: whDir(`w_${c}`) } }),
      unchanged: async (c) => !(await exists(`/api/v1/warehouses/w_${c}`)),
      // B's admin creates it in tenant B: A must not get it.
      ownTenant: { leak: '"local"' },
    },
    {
      route: 'PATCH /api/v1/warehouses/{name}',
      need: 'admin',
      setup: async (c) => void (await admin('POST', '/api/v1/warehouses', { name: `pw_${c}`, location: whDir(`pw_${c}`) })),
      req: (c) => ({ method: 'PATCH', path: `/api/v1/warehouses/pw_${c}`, body: { location: whDir(`pw2_${c}`) } }),
      unchanged: async (c) => (await admin('GET', `/api/v1/warehouses/pw_${c}`)).body.location === whDir(`pw_${c}`),
    },
    {
      route: 'DELETE /api/v1/warehouses/{name}',
      need: 'admin',
      setup: async (c) => void (await admin('POST', '/api/v1/warehouses', { name: `dw_${c}`, location: whDir(`dw_${c}`) })),
      req: (c) => ({ method: 'DELETE', path: `/api/v1/warehouses/dw_${c}` }),
      unchanged: async (c) => exists(`/api/v1/warehouses/dw_${c}`),
    },
    { route: 'POST /api/v1/warehouses/{name}/check', need: 'admin', req: () => ({ method: 'POST', path: '/api/v1/warehouses/local/check' }) },
    // ---- identity admin API ----
    { route: 'GET /api/v1/tenants', need: 'root', req: () => ({ method: 'GET', path: '/api/v1/tenants' }) },
    {
      route: 'POST /api/v1/tenants',
      need: 'root',
      req: (c) => ({ method: 'POST', path: '/api/v1/tenants', body: { name: `t-${c.toLowerCase()}` } }),
      unchanged: async (c) => (await s.handle.store.getTenant({ name: `t-${c.toLowerCase()}` })) === undefined,
    },
    { route: 'GET /api/v1/tenants/{name}', need: 'root', req: () => ({ method: 'GET', path: '/api/v1/tenants/tenant-b' }) },
    { route: 'GET /api/v1/tenants/current', need: 'signed-in', req: () => ({ method: 'GET', path: '/api/v1/tenants/current' }) },
    { route: 'GET /api/v1/users', need: 'admin', req: () => ({ method: 'GET', path: '/api/v1/users' }), ownTenant: { leak: 'wendy-writer' } },
    {
      route: 'POST /api/v1/users',
      need: 'admin',
      req: (c) => ({ method: 'POST', path: '/api/v1/users', body: { username: `made-by-${c}`, password: 'a-Strong-pass-123', role: 'tenant-user' } }),
      unchanged: async (c) => (await s.handle.store.getUser({ tenantId: w.tenantA, username: `made-by-${c}` })) === undefined,
      // B's admin creates the user in tenant B (checked: not in A).
      ownTenant: { leak: () => w.tenantA },
    },
    { route: 'GET /api/v1/users/{id} (someone else)', need: 'admin', req: (c) => ({ method: 'GET', path: `/api/v1/users/${c === 'nobody' ? w.userIds.reader : w.userIds.nobody}` }) },
    { route: 'GET /api/v1/users/{id} (oneself)', need: 'signed-in', req: (c) => ({ method: 'GET', path: `/api/v1/users/${w.userIds[c] ?? w.userIds.nobody}` }), self: true },
    {
      route: 'PATCH /api/v1/users/{id} (disable someone else)',
      need: 'admin',
      setup: async (c) => void (await s.handle.store.createUser({ id: `victim-${c}`, tenantId: w.tenantA, username: `victim-${c}`, passwordHash: 'x', role: 'tenant-user', disabled: false, createdAt: 'now', updatedAt: 'now' })),
      req: (c) => ({ method: 'PATCH', path: `/api/v1/users/victim-${c}`, body: { disabled: true } }),
      unchanged: async (c) => (await s.handle.store.getUser({ id: `victim-${c}` }))?.disabled === false,
    },
    { route: 'GET /api/v1/service-users', need: 'admin', req: () => ({ method: 'GET', path: '/api/v1/service-users' }), ownTenant: { leak: 'etl-writer' } },
    {
      route: 'POST /api/v1/service-users',
      need: 'admin',
      req: (c) => ({ method: 'POST', path: '/api/v1/service-users', body: { name: `svc-by-${c}` } }),
      unchanged: async (c) => !(await s.handle.store.listClients(w.tenantA)).items.some((x) => x.name === `svc-by-${c}`),
      ownTenant: { leak: () => w.tenantA },
    },
    { route: 'GET /api/v1/roles', need: 'admin', req: () => ({ method: 'GET', path: '/api/v1/roles' }), ownTenant: { leak: 'writers' } },
    {
      route: 'POST /api/v1/roles/{name}/grants',
      need: 'admin',
      setup: async (c) => void (await admin('POST', '/api/v1/roles', { name: `g-${c}` })),
      req: (c) => ({ method: 'POST', path: `/api/v1/roles/g-${c}/grants`, body: { scope: { catalog: 'local' }, privileges: ['read', 'write'] } }),
      unchanged: async (c) => (await admin('GET', `/api/v1/roles/g-${c}/grants`)).body.grants.length === 0,
    },
    {
      route: 'PUT /api/v1/roles/{name}/members/{kind}/{id} (give oneself a role)',
      need: 'admin',
      setup: async (c) => {
        await admin('POST', '/api/v1/roles', { name: `m-${c}` });
        await admin('POST', `/api/v1/roles/m-${c}/grants`, { scope: { catalog: 'local' }, privileges: ['read', 'write', 'create', 'drop'] });
      },
      req: (c) => (w.clientIds[c] ? { method: 'PUT', path: `/api/v1/roles/m-${c}/members/service-user/${w.clientIds[c]}` } : { method: 'PUT', path: `/api/v1/roles/m-${c}/members/user/${w.userIds[c] ?? w.userIds.nobody}` }),
      unchanged: async (c) => {
        const ref = w.clientIds[c] ? { kind: 'client' as const, id: w.clientIds[c]! } : { kind: 'user' as const, id: w.userIds[c] ?? w.userIds.nobody! };
        return !(await s.handle.store.listPrincipalRoles(w.tenantA, ref.kind, ref.id)).items.some((r) => r.name === `m-${c}`);
      },
    },
    { route: 'GET /api/v1/audit', need: 'admin', req: () => ({ method: 'GET', path: '/api/v1/audit' }), ownTenant: { leak: 'rita-reader' } },
    { route: 'GET /api/v1/api-keys (own)', need: 'signed-in', req: () => ({ method: 'GET', path: '/api/v1/api-keys' }) },
    { route: 'POST /api/v1/warehouses-check', need: 'admin', req: () => ({ method: 'POST', path: '/api/v1/warehouses-check', body: { location: whDir('probe') } }), ownTenant: { leak: s_never() } },
  ];

  for (const rc of cases) {
    test(rc.route, async () => {
      for (const c of CALLERS) {
        await rc.setup?.(c);
        const { method, path, body } = rc.req(c);
        const r: HttpResult = await requestJson(s.url + path, method, body, w.headers[c]);
        const who = `${rc.route} as ${c}`;
        const ownTenantOk = c === 'adminB' && rc.ownTenant !== undefined;
        // "oneself" routes: users reach their own record; service users ask for someone else's: denied.
        const selfOk = rc.self === true && (c === 'root' || c in w.userIds);
        if (rc.self ? selfOk : allowed(c, rc.need) || ownTenantOk) {
          assert.ok(r.status < 400, `${who}: expected success, got ${r.status} ${r.text}`);
          if (c === 'adminB' && rc.ownTenant) assert.ok(!r.text.includes(typeof rc.ownTenant.leak === 'string' ? rc.ownTenant.leak : rc.ownTenant.leak()), `${who}: tenant B saw tenant A's data: ${r.text}`);
          if (rc.filtered && ['nobody', 'svcNobody', 'adminB'].includes(c)) assert.ok(!r.text.includes(rc.filtered), `${who}: the list shows what the caller holds no grant on: ${r.text}`);
          continue;
        }
        if (c === 'anonymous') assert.equal(r.status, 401, `${who}: ${r.text}`);
        else if (c === 'adminB') assert.ok(r.status === 403 || r.status === 404, `${who}: expected 403/404, got ${r.status} ${r.text}`);
        else {
          assert.equal(r.status, 403, `${who}: expected 403, got ${r.status} ${r.text}`);
          if (method !== 'HEAD') {
            assert.equal(r.body.error.type, 'ForbiddenException', who);
            assert.match(r.body.error.message, /lacks the "[a-z-]+" privilege|needs the tenant-admin role|only the root user|has no grant on or inside/, who);
          }
        }
        if (rc.unchanged) assert.ok(await rc.unchanged(c), `${who}: a denied request changed something`);
      }
    });
  }

  test("a tenant admin cannot put a local warehouse over another tenant's folder or the server's data folder", async () => {
    assert.equal((await admin('GET', '/api/v1/warehouses/w_adminB')).status, 404, "B's warehouse is not in tenant A");
    const over = async (location: string) => requestJson(`${s.url}/api/v1/warehouses`, 'POST', { name: `x${Math.random().toString(36).slice(2, 8)}`, location }, w.headers.adminB);
    const aFolder = (await admin('GET', '/api/v1/warehouses/local')).body.location as string;
    for (const location of [aFolder, `${aFolder}/m`, pathToFileURL(s.dataDir).href, pathToFileURL(join(s.dataDir, '..')).href]) {
      const r = await over(location);
      assert.equal(r.status, 400, `${location}: ${r.text}`);
      assert.match(r.body.error.message, /another tenant|data folder/);
    }
    const move = await requestJson(`${s.url}/api/v1/warehouses/w_adminB`, 'PATCH', { location: aFolder }, w.headers.adminB);
    assert.equal(move.status, 400, move.text);
  });

  test('lists show each caller only what it holds grants on', async () => {
    const names = async (c: Caller, path: string, key: string) =>
      ((await requestJson(s.url + path, 'GET', undefined, w.headers[c])).body[key] as { name: string }[]).map((i) => i.name);
    await admin('POST', T, { name: 'hidden', schema: SIMPLE_SCHEMA });
    assert.ok((await names('writer', T, 'identifiers')).includes('hidden'));
    assert.deepEqual(await names('reader', T, 'identifiers'), ['t']);
    assert.deepEqual(await names('reader', V, 'identifiers'), ['v']);
    const readerNs = (await requestJson(`${s.url}/v1/local/namespaces`, 'GET', undefined, w.headers.reader)).body.namespaces;
    assert.deepEqual(readerNs, [['m']]);
  });

  test('a tenant user cannot switch tenants with X-Pangolin-Tenant; root can', async () => {
    const asUser = await requestJson(`${s.url}/v1/bcat/namespaces`, 'GET', undefined, { ...w.headers.adminA, 'x-pangolin-tenant': 'tenant-b' });
    assert.equal(asUser.status, 403);
    assert.match(asUser.body.error.message, /Only the root user may act on another tenant/);
    const asRoot = await requestJson(`${s.url}/v1/bcat/namespaces`, 'GET', undefined, { ...w.headers.root, 'x-pangolin-tenant': 'tenant-b' });
    assert.equal(asRoot.status, 200);
    const bSeesA = await requestJson(`${s.url}/v1/local/namespaces`, 'GET', undefined, w.headers.adminB);
    assert.equal(bSeesA.status, 404);
  });

  test('denied attempts are in the audit log with who tried what', async () => {
    await requestJson(`${s.url}${T}/t`, 'POST', { requirements: [], updates: [] }, w.headers.reader);
    let events: { actor: { name: string }; action: string; outcome: string; detail?: string }[] = [];
    for (let i = 0; i < 50 && !events.some((e) => e.actor.name === 'rita-reader' && e.action === 'table.commit'); i++) {
      await new Promise((r) => setTimeout(r, 20));
      events = (await s.handle.store.listAuditEvents(w.tenantA, { outcome: 'denied' }, { pageSize: 1000 })).items;
    }
    const denied = events.find((e) => e.actor.name === 'rita-reader' && e.action === 'table.commit');
    assert.ok(denied, 'the reader\'s denied commit is audited');
    assert.match(denied.detail ?? '', /lacks the "write" privilege on table m\.t/);
    assert.ok(events.some((e) => e.actor.name === 'ned-nobody'), 'the caller without grants is audited too');
  });
});

/** A string that never appears in a response (for checks whose answers name no tenant data). */
function s_never(): string {
  return '\u0000never\u0000';
}
