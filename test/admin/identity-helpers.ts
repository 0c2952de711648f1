// Shared by the identity admin API tests: a server with a root user, an HTTP client that
// keeps every response text (to prove a secret is shown once and never again), and
// sign-in helpers for users, service users and API keys.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { getToken, requestJson, startTestServer, type HttpResult, type TestServer } from '../helpers/server.js';

export interface IdentityServer {
  s: TestServer;
  rootPassword: string;
  /** Every response text seen through the helpers below, in order. */
  seen: string[];
  /** As the bootstrap service user (tenant admin of the default tenant). */
  admin<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResult<T>>;
  /** As root (HTTP Basic); `tenant` sets X-Pangolin-Tenant. */
  root<T = any>(method: string, path: string, body?: unknown, tenant?: string): Promise<HttpResult<T>>;
  /** With any Authorization header value (or none). */
  as<T = any>(auth: string | undefined, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResult<T>>;
  /** POST /api/v1/users/login → the login body. */
  login(username: string, password: string, tenant?: string): Promise<HttpResult>;
  /** A bearer header for a signed-in user. */
  userAuth(username: string, password: string, tenant?: string): Promise<string>;
  /** A bearer header for a service user (client credentials). */
  clientAuth(clientId: string, secret: string): Promise<string>;
  stop(): Promise<void>;
}

/** A password the policy accepts. */
export const goodPassword = (): string => `Pw-${randomBytes(9).toString('base64url')}`;

export async function startIdentityServer(): Promise<IdentityServer> {
  const rootPassword = `root-${randomBytes(12).toString('base64url')}`;
  const s = await startTestServer({ env: { PANGOLIN_ROOT_USER: 'admin', PANGOLIN_ROOT_PASSWORD: rootPassword } });
  const seen: string[] = [];
  const keep = async <T>(p: Promise<HttpResult<T>>): Promise<HttpResult<T>> => {
    const r = await p;
    seen.push(r.text);
    return r;
  };
  const basic = `Basic ${Buffer.from(`admin:${rootPassword}`).toString('base64')}`;
  const as = <T>(auth: string | undefined, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    keep(requestJson<T>(s.url + path, method, body, { ...(auth ? { authorization: auth } : {}), ...headers }));
  const login = (username: string, password: string, tenant?: string) => as<any>(undefined, 'POST', '/api/v1/users/login', { username, password, ...(tenant ? { tenant } : {}) });
  return {
    s,
    rootPassword,
    seen,
    admin: (method, path, body, headers) => as(`Bearer ${s.token}`, method, path, body, headers),
    root: (method, path, body, tenant) => as(basic, method, path, body, tenant ? { 'x-pangolin-tenant': tenant } : {}),
    as,
    login,
    async userAuth(username, password, tenant) {
      const r = await login(username, password, tenant);
      assert.equal(r.status, 200, r.text);
      return `Bearer ${r.body.token}`;
    },
    async clientAuth(clientId, secret) {
      return `Bearer ${await getToken(s.url, clientId, secret)}`;
    },
    stop: () => s.stop(),
  };
}

/** The Iceberg error shape with this status. */
export function assertError(r: HttpResult, status: number, message?: RegExp): void {
  assert.equal(r.status, status, r.text);
  assert.equal(typeof r.body?.error?.message, 'string', r.text);
  assert.equal(typeof r.body.error.type, 'string', r.text);
  assert.equal(r.body.error.code, status, r.text);
  if (message) assert.match(r.body.error.message, message);
}

/** The secret appears in exactly one response text: the one that created it. */
export function assertShownOnce(seen: string[], secret: string): void {
  const hits = seen.filter((t) => t.includes(secret)).length;
  assert.equal(hits, 1, `secret appeared in ${hits} responses`);
}

/** Polls until `check` holds (audit writes are batched), failing after ~3 s. */
export async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`never happened: ${what}`);
}
