// The few calls of the Google Cloud Storage JSON API the GCS store needs, over the guarded
// transport (outbound-request.ts: endpoint policy at connect time, timeouts, no redirects).
// @google-cloud/storage's transport (teeny-request) takes no agent and follows redirects,
// so a gcs.service.host chosen by a tenant admin could lead it anywhere.
//
// Only storage answers are believed: a success must be the JSON resource GCS returns (its
// `kind`) or, for a download, carry x-goog-generation (GCS and fake-gcs-server both send
// it). Anything else (an HTML page, a redirect, another status) is a bad-gateway error
// that never repeats the body.
import type { EndpointPolicy } from './endpoint-policy.js';
import { outboundRequest, type OutboundResponse } from './outbound-request.js';
import { safeOrigin } from './outbound.js';
import { StorageError } from './types.js';

export const GOOGLE_STORAGE_ENDPOINT = 'https://storage.googleapis.com';

export interface GcsObjectResource {
  name: string;
  size?: string;
  updated?: string;
}

export interface GcsListPage {
  items: GcsObjectResource[];
  prefixes: string[];
  nextPageToken?: string;
}

export interface GcsApiOptions {
  /** gcs.service.host, or Google's endpoint. */
  endpoint: string;
  policy: EndpointPolicy;
  /** The bearer token to send, or undefined to send none (emulators, gcs.no-auth). */
  token: () => Promise<string | undefined>;
  userProject?: string;
}

/** An error answer of the JSON API, shaped like the SDK's (code = HTTP status, errors[].reason). */
export type GcsApiError = Error & { code: number; errors?: { reason?: string; message?: string }[] };

/** Statuses whose meaning does not depend on the body (fake-gcs-server answers a missing download with text/plain). */
const PLAIN_STATUSES = new Set([401, 403, 404, 412]);

const enc = encodeURIComponent;

export class GcsApi {
  constructor(private readonly opts: GcsApiOptions) {}

  private get base(): string {
    return this.opts.endpoint.replace(/\/+$/, '');
  }

  private async call(method: string, path: string, query: Record<string, string | undefined>, body?: Buffer | string, contentType?: string): Promise<OutboundResponse> {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...query, userProject: this.opts.userProject })) if (v !== undefined) q.set(k, v);
    const qs = q.toString();
    const token = await this.opts.token();
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (contentType) headers['content-type'] = contentType;
    const res = await outboundRequest({ method, url: `${this.base}${path}${qs ? `?${qs}` : ''}`, headers, ...(body !== undefined ? { body } : {}), policy: this.opts.policy });
    if (res.status >= 200 && res.status < 300) return res;
    throw this.errorOf(res);
  }

  private errorOf(res: OutboundResponse): Error {
    const parsed = this.json(res) as { error?: { code?: unknown; message?: unknown; errors?: GcsApiError['errors'] } } | undefined;
    if (parsed?.error && typeof parsed.error.message === 'string') {
      return Object.assign(new Error(parsed.error.message.slice(0, 300)), { code: res.status, errors: Array.isArray(parsed.error.errors) ? parsed.error.errors : [] });
    }
    if (PLAIN_STATUSES.has(res.status)) return Object.assign(new Error(`HTTP ${res.status}`), { code: res.status, errors: [] });
    return this.notStorage(`HTTP ${res.status}${res.status >= 300 && res.status < 400 ? ', a redirect (not followed)' : ''}`);
  }

  private notStorage(what: string): StorageError {
    return new StorageError('bad-gateway', `${safeOrigin(this.base)} did not answer as Google Cloud Storage (${what}): check gcs.service.host`);
  }

  private json(res: OutboundResponse): unknown {
    if (!/^application\/json/i.test(String(res.headers['content-type'] ?? ''))) return undefined;
    try {
      return JSON.parse(res.body.toString('utf8'));
    } catch {
      return undefined;
    }
  }

  /** The JSON resource of a successful answer, which must be of this kind. */
  private resource<T>(res: OutboundResponse, kind: string): T {
    const v = this.json(res) as { kind?: unknown } | undefined;
    if (!v || v.kind !== kind) throw this.notStorage(`no ${kind} resource in the answer`);
    return v as T;
  }

  private objectPath(bucket: string, name: string): string {
    return `/storage/v1/b/${enc(bucket)}/o/${enc(name)}`;
  }

  async getObject(bucket: string, name: string): Promise<GcsObjectResource> {
    return this.resource(await this.call('GET', this.objectPath(bucket, name), {}), 'storage#object');
  }

  async download(bucket: string, name: string): Promise<Buffer> {
    const res = await this.call('GET', this.objectPath(bucket, name), { alt: 'media' });
    if (res.headers['x-goog-generation'] === undefined) throw this.notStorage('no x-goog-generation header on the download');
    return res.body;
  }

  async upload(bucket: string, name: string, body: Buffer, opts: { ifGenerationMatch?: number } = {}): Promise<void> {
    const query = { uploadType: 'media', name, ...(opts.ifGenerationMatch !== undefined ? { ifGenerationMatch: String(opts.ifGenerationMatch) } : {}) };
    this.resource(await this.call('POST', `/upload/storage/v1/b/${enc(bucket)}/o`, query, body, 'application/octet-stream'), 'storage#object');
  }

  async list(bucket: string, q: { prefix: string; delimiter?: string; startOffset?: string; pageToken?: string; maxResults?: number }): Promise<GcsListPage> {
    const res = await this.call('GET', `/storage/v1/b/${enc(bucket)}/o`, {
      prefix: q.prefix,
      delimiter: q.delimiter,
      startOffset: q.startOffset,
      pageToken: q.pageToken,
      maxResults: q.maxResults !== undefined ? String(q.maxResults) : undefined,
    });
    const page = this.resource<{ items?: GcsObjectResource[]; prefixes?: string[]; nextPageToken?: string }>(res, 'storage#objects');
    return { items: page.items ?? [], prefixes: page.prefixes ?? [], ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) };
  }

  async deleteObject(bucket: string, name: string): Promise<void> {
    await this.call('DELETE', this.objectPath(bucket, name), {});
  }

  async bucketExists(bucket: string): Promise<boolean> {
    try {
      this.resource(await this.call('GET', `/storage/v1/b/${enc(bucket)}`, {}), 'storage#bucket');
      return true;
    } catch (e) {
      if ((e as { code?: unknown }).code === 404) return false;
      throw e;
    }
  }

  async createBucket(bucket: string, project: string | undefined): Promise<void> {
    this.resource(await this.call('POST', '/storage/v1/b', { project }, JSON.stringify({ name: bucket }), 'application/json'), 'storage#bucket');
  }
}
