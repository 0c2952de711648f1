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
  createBucketResponse,
  metricsReportsResponse,
  recentRequestsResponse,
  troubleshootResponse,
  type CreateBucketResponse,
  type MetricsReportsResponse,
  type RecentRequestsResponse,
  type TroubleshootRequest,
  type TroubleshootResponse,
} from '../../../shared/api/index.js';
import {
  filePreview,
  inspectTableResponse,
  listObjectsResponse,
  manifestListResponse,
  manifestResponse,
  type FilePreview,
  type InspectTableResponse,
  type ListObjectsResponse,
  type ManifestListResponse,
  type ManifestResponse,
} from '../../../shared/api/inspect.js';
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

  /** The access token expired (419, or a 401 saying so): a refresh may fix it. */
  get isExpiredToken(): boolean {
    return this.status === 419 || (this.status === 401 && /expired/i.test(this.message));
  }
}

export interface ApiClientOptions {
  /** '' (default) = same origin as the page. */
  baseUrl?: string;
  getToken?: () => string | undefined;
  /** Called on 401/419 from an authenticated request (after a refresh did not help). */
  onAuthError?: (error: ApiError) => void;
  /**
   * The token a request was sent with expired: get a new one (user sign-in refreshes).
   * Resolves true to retry the request once with the new token.
   */
  onTokenExpired?: (staleToken: string | undefined) => Promise<boolean>;
  /** Root acting on another tenant: sent as X-Pangolin-Tenant on every authenticated request. */
  getTenant?: () => string | undefined;
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

  // ---- troubleshooter and Server page ----

  /** Runs the guided troubleshooter's checks (POST /api/v1/troubleshoot). */
  troubleshoot(body: TroubleshootRequest): Promise<TroubleshootResponse> {
    return this.sendBody('POST', '/api/v1/troubleshoot', body, troubleshootResponse);
  }

  /** The troubleshooter's one-click fix: create the warehouse's missing bucket / container. */
  createBucket(warehouse: string): Promise<CreateBucketResponse> {
    return this.sendBody('POST', `/api/v1/warehouses/${encodeURIComponent(warehouse)}/create-bucket`, {}, createBucketResponse);
  }

  recentRequests(): Promise<RecentRequestsResponse> {
    return this.get('/api/v1/server/requests', recentRequestsResponse);
  }

  /** The newest metrics reports clients sent for a catalog (the list is oldest first: read to its end). */
  async metricsReports(catalog: string, newest = 100): Promise<MetricsReportsResponse['reports']> {
    const base = `/api/v1/catalogs/${encodeURIComponent(catalog)}/metrics-reports?page_size=500`;
    let out: MetricsReportsResponse['reports'] = [];
    let token: string | null | undefined = '';
    for (let i = 0; i < MAX_PAGES && token !== null && token !== undefined; i++) {
      const page: MetricsReportsResponse = await this.get(token ? `${base}&page_token=${encodeURIComponent(token)}` : base, metricsReportsResponse);
      out = [...out, ...page.reports].slice(-newest);
      token = page.next_page_token;
    }
    return out.reverse();
  }

  // ---- /api/v1 bucket browser and table inspector ----

  /** One page of a warehouse folder: sub-folders and objects directly below `prefix`. */
  listObjects(warehouse: string, prefix: string, pageToken?: string | null, pageSize?: number): Promise<ListObjectsResponse> {
    const q = [`prefix=${encodeURIComponent(prefix)}`];
    if (pageToken) q.push(`page_token=${encodeURIComponent(pageToken)}`);
    if (pageSize) q.push(`page_size=${pageSize}`);
    return this.get(`/api/v1/warehouses/${encodeURIComponent(warehouse)}/objects?${q.join('&')}`, listObjectsResponse);
  }

  previewObject(warehouse: string, key: string, limit?: number): Promise<FilePreview> {
    return this.get(`/api/v1/warehouses/${encodeURIComponent(warehouse)}/object/preview?key=${encodeURIComponent(key)}${limit ? `&limit=${limit}` : ''}`, filePreview);
  }

  /** The object's bytes (with the bearer token, so not a plain link). */
  downloadObject(warehouse: string, key: string): Promise<Blob> {
    return this.blob(`/api/v1/warehouses/${encodeURIComponent(warehouse)}/object?key=${encodeURIComponent(key)}&download=1`);
  }

  inspectTable(catalog: string, namespace: readonly string[], table: string): Promise<InspectTableResponse> {
    return this.get(inspectPath(catalog, namespace, table), inspectTableResponse);
  }

  /** A snapshot's manifests (the current snapshot when no id is given). */
  manifestList(catalog: string, namespace: readonly string[], table: string, snapshotId?: string): Promise<ManifestListResponse> {
    return this.get(`${inspectPath(catalog, namespace, table)}/manifest-list${snapshotId ? `?snapshot_id=${snapshotId}` : ''}`, manifestListResponse);
  }

  manifest(catalog: string, namespace: readonly string[], table: string, path: string, offset = 0, limit?: number): Promise<ManifestResponse> {
    const q = [`path=${encodeURIComponent(path)}`, ...(offset ? [`offset=${offset}`] : []), ...(limit ? [`limit=${limit}`] : [])];
    return this.get(`${inspectPath(catalog, namespace, table)}/manifest?${q.join('&')}`, manifestResponse);
  }

  /** A preview of any file of the table (data file, old metadata.json). */
  tableFile(catalog: string, namespace: readonly string[], table: string, path: string, limit?: number): Promise<FilePreview> {
    return this.get(`${inspectPath(catalog, namespace, table)}/file?path=${encodeURIComponent(path)}${limit ? `&limit=${limit}` : ''}`, filePreview);
  }

  private async blob(path: string): Promise<Blob> {
    const headers = new Headers();
    const token = this.options.getToken?.();
    if (token) headers.set('authorization', `Bearer ${token}`);
    const tenant = this.options.getTenant?.();
    if (tenant) headers.set('x-pangolin-tenant', tenant);
    let res: Response;
    try {
      res = await this.fetchImpl(this.baseUrl + path, { method: 'GET', headers });
    } catch (e) {
      throw new ApiError(0, 'NetworkError', `Cannot reach the catalog server: ${(e as Error).message}. Is it running?`);
    }
    if (!res.ok) {
      const text = await res.text();
      let body: unknown;
      try {
        body = text ? parseApiJson(text) : undefined;
      } catch {
        body = undefined;
      }
      const error = toApiError(res.status, body, text);
      if (error.isAuthError) this.options.onAuthError?.(error);
      throw error;
    }
    return res.blob();
  }

  /** A JSON call checked against `schema`, for the per-area clients in api/ (identity-client.ts). `auth: false` for the public sign-in routes. */
  call<T>(method: string, path: string, schema: z.ZodType<T>, opts: { body?: unknown; auth?: boolean; headers?: Record<string, string> } = {}): Promise<T> {
    const headers: Record<string, string> = { ...opts.headers, ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }) };
    return this.send(path, schema, { method, headers, ...(opts.body === undefined ? {} : { body: stringifyApiJson(opts.body) }) }, opts.auth ?? true);
  }

  /** A call answered with no content (204), e.g. DELETE. */
  async callNoContent(method: string, path: string, body?: unknown): Promise<void> {
    const init: RequestInit = body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: stringifyApiJson(body) };
    await this.request(path, init, true, true);
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

  private async request(path: string, init: RequestInit, auth: boolean, allowEmpty = false, retried = false): Promise<unknown> {
    const headers = new Headers(init.headers);
    headers.set('accept', 'application/json');
    const token = auth ? this.options.getToken?.() : undefined;
    if (token) headers.set('authorization', `Bearer ${token}`);
    const tenant = auth ? this.options.getTenant?.() : undefined;
    if (tenant) headers.set('x-pangolin-tenant', tenant);
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
      // An expired access token is refreshed and the request retried, once.
      if (auth && !retried && error.isExpiredToken && this.options.onTokenExpired && (await this.options.onTokenExpired(token))) {
        return this.request(path, init, auth, allowEmpty, true);
      }
      if (auth && error.isAuthError) this.options.onAuthError?.(error);
      throw error;
    }
    if (body === undefined && allowEmpty) return undefined;
    if (body === undefined) throw new ApiError(res.status, 'InvalidResponse', `The server sent no JSON for ${path}`);
    return body;
  }
}

function inspectPath(catalog: string, namespace: readonly string[], table: string): string {
  return `/api/v1/catalogs/${encodeURIComponent(catalog)}/namespaces/${encodeNamespace(namespace)}/tables/${encodeURIComponent(table)}/inspect`;
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
