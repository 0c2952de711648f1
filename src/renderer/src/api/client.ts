// The typed API client: the only module that knows the server's URLs. Relative URLs
// (same origin as the page), bearer token, lossless JSON, zod-checked responses, and
// one error type carrying the server's Iceberg error message.
import type { z } from 'zod';
import {
  catalogResponse,
  checkResult,
  listCatalogsResponse,
  listWarehousesResponse,
  warehouseResponse,
  type CatalogResponse,
  type CheckResult,
  type CreateCatalogRequest,
  type CreateWarehouseRequest,
  type UpdateCatalogRequest,
  type UpdateWarehouseRequest,
  type WarehouseResponse,
  catalogConfigResponse,
  healthResponse,
  icebergErrorBody,
  listNamespacesResponse,
  listTablesResponse,
  loadNamespaceResponse,
  loadTableResponse,
  oauthErrorBody,
  serverStatusResponse,
  tokenResponse,
  type CatalogConfigResponse,
  type HealthResponse,
  type LoadNamespaceResponse,
  type LoadTableResponse,
  type ServerStatusResponse,
  type TableIdentifier,
  type TokenResponse,
} from '../../../shared/api/index.js';
import { parseApiJson, stringifyApiJson } from '../lib/json.js';
import { encodeNamespace } from '../lib/namespace.js';

/** Any failed API call. `type` is the Iceberg exception name (e.g. NoSuchTableException). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    /** The parsed error body, for details beyond the message (e.g. a failed check). */
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The token is missing, invalid or expired: the user must sign in again. */
  get isAuthError(): boolean {
    return this.status === 401 || this.status === 419;
  }
}

export interface ApiClientOptions {
  /** '' (default) = same origin as the page. */
  baseUrl?: string;
  getToken?: () => string | undefined;
  /** Called on 401/419 from an authenticated request. */
  onAuthError?: (error: ApiError) => void;
  fetch?: typeof fetch;
}

/** Pages of namespaces/tables to follow before giving up (a UI list, not an export). */
const MAX_PAGES = 50;

export class ApiClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ApiClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  health(): Promise<HealthResponse> {
    return this.get('/api/v1/health', healthResponse, false);
  }

  serverStatus(): Promise<ServerStatusResponse> {
    return this.get('/api/v1/server/status', serverStatusResponse);
  }

  /** OAuth2 client credentials → bearer token. */
  async requestToken(clientId: string, clientSecret: string): Promise<TokenResponse> {
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'catalog' });
    return this.send('/v1/oauth/tokens', tokenResponse, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: body.toString(),
    });
  }

  catalogConfig(catalog: string): Promise<CatalogConfigResponse> {
    return this.get(`/v1/config?warehouse=${encodeURIComponent(catalog)}`, catalogConfigResponse);
  }

  /** Child namespaces of `parent` (top level when empty), all pages. */
  async listNamespaces(prefix: string | undefined, parent: readonly string[] = []): Promise<string[][]> {
    const base = `${catalogPath(prefix)}/namespaces`;
    const query = parent.length ? [`parent=${encodeNamespace(parent)}`] : [];
    const out: string[][] = [];
    await this.paged(base, query, listNamespacesResponse, (page) => out.push(...page.namespaces));
    return out;
  }

  loadNamespace(prefix: string | undefined, namespace: readonly string[]): Promise<LoadNamespaceResponse> {
    return this.get(`${catalogPath(prefix)}/namespaces/${encodeNamespace(namespace)}`, loadNamespaceResponse);
  }

  async listTables(prefix: string | undefined, namespace: readonly string[]): Promise<TableIdentifier[]> {
    const out: TableIdentifier[] = [];
    await this.paged(`${catalogPath(prefix)}/namespaces/${encodeNamespace(namespace)}/tables`, [], listTablesResponse, (page) =>
      out.push(...page.identifiers),
    );
    return out;
  }

  /** The table's metadata, typed, plus the losslessly parsed body for the raw view. */
  async loadTable(prefix: string | undefined, namespace: readonly string[], table: string): Promise<{ table: LoadTableResponse; raw: unknown }> {
    const path = `${catalogPath(prefix)}/namespaces/${encodeNamespace(namespace)}/tables/${encodeURIComponent(table)}`;
    const raw = await this.request(path, { method: 'GET' }, true);
    return { table: check(loadTableResponse, raw, path), raw };
  }

  // ---- /api/v1 warehouses and catalogs (admin) ----

  async listWarehouses(): Promise<WarehouseResponse[]> {
    return this.adminPages('/api/v1/warehouses', listWarehousesResponse, (p) => p.warehouses);
  }

  getWarehouse(name: string): Promise<WarehouseResponse> {
    return this.get(`/api/v1/warehouses/${encodeURIComponent(name)}`, warehouseResponse);
  }

  createWarehouse(body: CreateWarehouseRequest): Promise<WarehouseResponse> {
    return this.sendBody('POST', '/api/v1/warehouses', body, warehouseResponse);
  }

  updateWarehouse(name: string, body: UpdateWarehouseRequest): Promise<WarehouseResponse> {
    return this.sendBody('PATCH', `/api/v1/warehouses/${encodeURIComponent(name)}`, body, warehouseResponse);
  }

  async deleteWarehouse(name: string): Promise<void> {
    await this.request(`/api/v1/warehouses/${encodeURIComponent(name)}`, { method: 'DELETE' }, true, true);
  }

  /** "Test connection" of a saved warehouse (with its stored secrets). */
  checkWarehouse(name: string): Promise<CheckResult> {
    return this.sendBody('POST', `/api/v1/warehouses/${encodeURIComponent(name)}/check`, {}, checkResult);
  }

  /** "Test connection" of a definition that is not saved; saves nothing. */
  checkUnsavedWarehouse(body: Omit<CreateWarehouseRequest, 'name' | 'check'> & { name?: string }): Promise<CheckResult> {
    return this.sendBody('POST', '/api/v1/warehouses-check', body, checkResult);
  }

  async listCatalogs(): Promise<CatalogResponse[]> {
    return this.adminPages('/api/v1/catalogs', listCatalogsResponse, (p) => p.catalogs);
  }

  getCatalog(name: string): Promise<CatalogResponse> {
    return this.get(`/api/v1/catalogs/${encodeURIComponent(name)}`, catalogResponse);
  }

  createCatalog(body: CreateCatalogRequest): Promise<CatalogResponse> {
    return this.sendBody('POST', '/api/v1/catalogs', body, catalogResponse);
  }

  updateCatalog(name: string, body: UpdateCatalogRequest): Promise<CatalogResponse> {
    return this.sendBody('PATCH', `/api/v1/catalogs/${encodeURIComponent(name)}`, body, catalogResponse);
  }

  async deleteCatalog(name: string): Promise<void> {
    await this.request(`/api/v1/catalogs/${encodeURIComponent(name)}`, { method: 'DELETE' }, true, true);
  }

  private async adminPages<P extends { next_page_token: string | null }, T>(base: string, schema: z.ZodType<P>, items: (page: P) => T[]): Promise<T[]> {
    const out: T[] = [];
    let token: string | null = null;
    for (let i = 0; i < MAX_PAGES; i++) {
      const page: P = await this.get(token === null ? base : `${base}?pageToken=${encodeURIComponent(token)}`, schema);
      out.push(...items(page));
      token = page.next_page_token;
      if (!token) break;
    }
    return out;
  }

  private sendBody<T>(method: string, path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    return this.send(path, schema, { method, headers: { 'content-type': 'application/json' }, body: stringifyApiJson(body) });
  }

  private async paged<T extends { 'next-page-token'?: string | null }>(
    base: string,
    query: string[],
    schema: z.ZodType<T>,
    each: (page: T) => void,
  ): Promise<void> {
    let token: string | undefined;
    for (let i = 0; i < MAX_PAGES; i++) {
      const q = token === undefined ? query : [...query, `pageToken=${encodeURIComponent(token)}`];
      const page = await this.get(q.length ? `${base}?${q.join('&')}` : base, schema);
      each(page);
      token = page['next-page-token'] ?? undefined;
      if (!token) return;
    }
  }

  private get<T>(path: string, schema: z.ZodType<T>, auth = true): Promise<T> {
    return this.send(path, schema, { method: 'GET' }, auth);
  }

  private async send<T>(path: string, schema: z.ZodType<T>, init: RequestInit, auth = path !== '/v1/oauth/tokens'): Promise<T> {
    return check(schema, await this.request(path, init, auth), path);
  }

  private async request(path: string, init: RequestInit, auth: boolean, allowEmpty = false): Promise<unknown> {
    const headers = new Headers(init.headers);
    headers.set('accept', 'application/json');
    const token = auth ? this.options.getToken?.() : undefined;
    if (token) headers.set('authorization', `Bearer ${token}`);
    let res: Response;
    try {
      res = await this.fetchImpl(this.baseUrl + path, { ...init, headers });
    } catch (e) {
      throw new ApiError(0, 'NetworkError', `Cannot reach the catalog server: ${(e as Error).message}. Is it running?`);
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? parseApiJson(text) : undefined;
    } catch {
      body = undefined;
    }
    if (!res.ok) {
      const error = toApiError(res.status, body, text);
      if (auth && error.isAuthError) this.options.onAuthError?.(error);
      throw error;
    }
    if (body === undefined && allowEmpty) return undefined;
    if (body === undefined) throw new ApiError(res.status, 'InvalidResponse', `The server sent no JSON for ${path}`);
    return body;
  }
}

function catalogPath(prefix: string | undefined): string {
  return prefix ? `/v1/${encodeURIComponent(prefix)}` : '/v1';
}

function check<T>(schema: z.ZodType<T>, body: unknown, path: string): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  throw new ApiError(200, 'InvalidResponse', `Unexpected response from ${path.split('?')[0]}${where}: ${issue?.message ?? 'invalid'}`);
}

export function toApiError(status: number, body: unknown, text = ''): ApiError {
  const iceberg = icebergErrorBody.safeParse(body);
  if (iceberg.success) return new ApiError(status, iceberg.data.error.type, iceberg.data.error.message, body);
  const oauth = oauthErrorBody.safeParse(body);
  if (oauth.success) return new ApiError(status, oauth.data.error, oauth.data.error_description ?? oauth.data.error);
  const snippet = text.trim().slice(0, 200);
  return new ApiError(status, `HTTP${status}`, `The server answered HTTP ${status}${snippet ? `: ${snippet}` : ''}`);
}
