// Seeded, time-bounded fuzz of every route of the app (read from the express router): the
// admin API, /v1/oauth/tokens and the Iceberg routes, as root (Basic), as a tenant user and
// unauthenticated, with random and schema-shaped bodies, malformed JSON, deep nesting, odd
// Content-Types and headers, and bad path segments. No answer may be a 5xx, and every error
// must have its shape (OAuth2 on the token endpoint, Iceberg elsewhere).
//   PANGOLIN_FUZZ_SECONDS (default 30)  how long to fuzz
//   PANGOLIN_FUZZ_SEED (default 14)     the seed; printed, so a failure can be replayed
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { z } from 'zod';
import * as icebergRequests from '../../src/server/iceberg/schemas/requests.js';
import * as sharedApi from '../../src/shared/api/index.js';
import * as authApi from '../../src/shared/api/auth.js';
import * as identityApi from '../../src/shared/api/identity.js';
import * as inspectApi from '../../src/shared/api/inspect.js';
import { errorShapeProblem, rawRequest } from '../helpers/raw-http.js';
import { SIMPLE_SCHEMA, startTestServer, type TestServer } from '../helpers/server.js';
import { bodies, extraHeaders, oddAuthorization, pathSegment, queries, tokenBodies } from './arbitraries.js';
import { listRoutes, type RouteInfo } from './routes.js';

const SECONDS = Number(process.env.PANGOLIN_FUZZ_SECONDS ?? 30);
const SEED = Number(process.env.PANGOLIN_FUZZ_SEED ?? 14);
const ROOT = { user: 'fuzzroot', password: 'Fuzz-Admin-pw-0123456789' };
const USER = { username: 'fuzzer', password: 'Fuzz-user-pw-0123456789' };
const CALLERS = ['root', 'user', 'anonymous'] as const;
type Caller = (typeof CALLERS)[number];

/** Every exported zod schema of a request body, from the shared API and the Iceberg routes. */
const REQUEST_SCHEMAS = Object.entries({ ...sharedApi, ...authApi, ...identityApi, ...inspectApi, ...icebergRequests })
  .filter(([name, v]) => /Request$/.test(name) && typeof v === 'object' && v !== null && '_zod' in v)
  .map(([name, v]) => ({ name: name.toLowerCase(), schema: v as unknown as z.core.$ZodType }));

/** The request schemas a route probably takes, by its last fixed path word (POST /api/v1/service-users → createServiceUserRequest, …); all when none match. */
function schemasFor(route: RouteInfo): z.core.$ZodType[] {
  const word = (route.path.split('/').filter((p) => p && !p.startsWith(':')).pop() ?? '').replace(/-/g, '').replace(/s$/, '').toLowerCase();
  const matching = REQUEST_SCHEMAS.filter((r) => word !== '' && r.name.includes(word));
  return (matching.length > 0 ? matching : REQUEST_SCHEMAS).map((r) => r.schema);
}

let s: TestServer;
let routes: RouteInfo[];
let known: string[];
let userToken = '';

async function login(): Promise<string> {
  const r = await s.http('POST', '/api/v1/users/login', USER, { authorization: '' });
  assert.equal(r.status, 200, r.text);
  return r.body.access_token as string;
}

function authFor(caller: Caller): Record<string, string> {
  if (caller === 'root') return { authorization: `Basic ${Buffer.from(`${ROOT.user}:${ROOT.password}`).toString('base64')}` };
  return caller === 'user' ? { authorization: `Bearer ${userToken}` } : {};
}

before(async () => {
  s = await startTestServer({ env: { PANGOLIN_ROOT_USER: ROOT.user, PANGOLIN_ROOT_PASSWORD: ROOT.password } });
  routes = listRoutes(s.handle.app).filter((r) => /^\/(v1|api)\//.test(r.path)); // the API (the UI's routes answer HTML)
  const setup: [string, string, unknown][] = [
    ['POST', '/api/v1/users', { ...USER, role: 'tenant-user' }],
    ['POST', '/api/v1/users', { username: 'victim', password: USER.password }],
    ['POST', '/v1/namespaces', { namespace: ['ns'] }],
    ['POST', '/v1/namespaces/ns/tables', { name: 't', schema: SIMPLE_SCHEMA }],
    ['POST', '/api/v1/roles', { name: 'fuzz-role' }],
  ];
  const ids: string[] = [];
  for (const [method, path, body] of setup) {
    const r = await s.http(method, path, body);
    assert.equal(r.status < 300, true, `${method} ${path}: ${r.text}`);
    if (path === '/api/v1/users' && (body as { username: string }).username === 'victim') ids.push(r.body.id as string);
  }
  userToken = await login();
  // Names that exist, so requests reach past "not found" (the fuzz user's own id is left out: it would get deleted).
  known = ['ns', 't', 'v', 'local', 'default', 'fuzz-role', 'user', 'service-user', s.handle.bootstrap.clientId, ...ids];
});
after(() => s?.stop());

test(`fuzz: every route, ${SECONDS} s, seed ${SEED}: no 5xx, every error in its shape`, { timeout: (SECONDS + 120) * 1000 }, async () => {
  console.log(`fuzz: ${routes.length} routes, ${REQUEST_SCHEMAS.length} request schemas, seed ${SEED} (PANGOLIN_FUZZ_SEED), ${SECONDS} s (PANGOLIN_FUZZ_SECONDS)`);
  assert.ok(routes.length > 50 && routes.some((r) => r.path === '/v1/oauth/tokens') && routes.some((r) => r.path.startsWith('/api/v1/')), 'routes read from the router');
  const statuses = new Map<number, number>();
  // The token endpoint has its own body generator and takes credentials itself: tried more often.
  const tokenRoute = routes.find((r) => r.path === '/v1/oauth/tokens')!;
  const request = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...routes) }, fc.constant(tokenRoute)).chain((route) => fc.record({
    route: fc.constant(route),
    otherMethod: fc.option(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'), { freq: 10 }),
    caller: fc.constantFrom(...CALLERS),
    segments: fc.array(pathSegment(known), { minLength: 4, maxLength: 4 }),
    query: queries,
    body: bodies(schemasFor(route), route.path === '/v1/oauth/tokens' ? tokenBodies : undefined),
    headers: extraHeaders,
    oddAuth: oddAuthorization,
  }));
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(request, async ({ route, otherMethod, caller, segments, query, body, headers, oddAuth }) => {
      let n = 0;
      const path = route.path.replace(/:\w+/g, () => segments[n++ % segments.length]!) + query;
      const method = otherMethod ?? route.method;
      const all = { ...headers, ...(caller === 'anonymous' ? oddAuth : authFor(caller)), ...(body.contentType !== undefined ? { 'content-type': body.contentType } : {}) };
      const r = await rawRequest(s.url, method, path, all, method === 'GET' || method === 'HEAD' ? undefined : body.text);
      runs++;
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      if (caller === 'user' && r.status === 401) userToken = await login(); // the fuzz logged it out or changed its password
      assert.ok(r.status < 500, `${method} ${path} as ${caller} → ${r.status} ${r.text.slice(0, 300)}`);
      assert.equal(errorShapeProblem(method, path, r), undefined, `${method} ${path} as ${caller} → ${r.status}`);
    }),
    { seed: SEED, numRuns: 1_000_000, interruptAfterTimeLimit: SECONDS * 1000, markInterruptAsFailure: false },
  );
  console.log(`fuzz: ${runs} requests; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
  assert.ok(runs > 100, 'enough requests ran');
});
