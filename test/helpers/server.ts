// Starts a real server in-process on port 0 with a fresh temp data dir, and gives tests
// an authenticated HTTP client that parses JSON losslessly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/server/config.js';
import { parseJson, stringifyJson } from '../../src/server/iceberg/json.js';
import { createServer, type ServerHandle } from '../../src/server/index.js';
import { createLogger } from '../../src/server/logger.js';
import type { StoreKind } from '../../src/server/stores/types.js';

export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

export interface TestServer {
  url: string;
  handle: ServerHandle;
  dataDir: string;
  token: string;
  /** Request with the bearer token; body is serialised losslessly unless a string. */
  http<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResult<T>>;
  stop(): Promise<void>;
}

export async function requestJson<T = any>(url: string, method: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult<T>> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : stringifyJson(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  const res = await fetch(url, init);
  const text = await res.text();
  let parsed: unknown;
  if (text && (res.headers.get('content-type') ?? '').includes('json')) parsed = parseJson(text);
  return { status: res.status, headers: res.headers, text, body: parsed as T };
}

export async function getToken(url: string, clientId: string, clientSecret: string): Promise<string> {
  const res = await fetch(`${url}/v1/oauth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'catalog' }),
  });
  if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export async function startTestServer(opts: { storeType?: StoreKind; env?: Record<string, string>; dataDir?: string; logSink?: NodeJS.WritableStream } = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'pangolin-test-'));
  const config = loadConfig({ PORT: '0', PANGOLIN_DATA_DIR: dataDir, PANGOLIN_STORAGE_TYPE: opts.storeType ?? 'sqlite', PANGOLIN_LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ...opts.env });
  const handle = await createServer(config, { logger: createLogger(config.logLevel, opts.logSink) });
  const { url } = await handle.listen();
  const token = await getToken(url, handle.bootstrap.clientId, handle.bootstrap.clientSecret);
  return {
    url,
    handle,
    dataDir,
    token,
    http: (method, path, body, headers = {}) => requestJson(url + path, method, body, { authorization: `Bearer ${token}`, ...headers }),
    stop: async () => {
      await handle.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const NS_SEP = '%1F';

/** A minimal valid table schema (fields get fresh ids on create). */
export const SIMPLE_SCHEMA = {
  type: 'struct',
  'schema-id': 0,
  fields: [
    { id: 1, name: 'id', required: true, type: 'long' },
    { id: 2, name: 'data', required: false, type: 'string' },
    { id: 3, name: 'ts', required: false, type: 'timestamptz' },
  ],
};
