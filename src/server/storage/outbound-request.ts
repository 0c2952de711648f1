// One HTTP request to a storage endpoint through the guarded agents (outbound.ts): the
// endpoint policy at connect time, a connect timeout, an idle timeout, and no redirects
// (node:http never follows them; a 3xx is just an answer the caller refuses).
import http from 'node:http';
import https from 'node:https';
import type { EndpointPolicy } from './endpoint-policy.js';
import { outboundAgents, REQUEST_TIMEOUT_MS } from './outbound.js';

export interface OutboundRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  policy: EndpointPolicy;
  /** Idle time (no bytes either way) after which the request fails; 30 s unless given. */
  timeoutMs?: number;
}

export interface OutboundResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export function outboundRequest(req: OutboundRequest): Promise<OutboundResponse> {
  const url = new URL(req.url);
  const secure = url.protocol === 'https:';
  const agents = outboundAgents(req.policy);
  const body = typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : req.body;
  const headers: Record<string, string> = { ...req.headers };
  if (body) headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const r = (secure ? https : http).request(url, { method: req.method, headers, agent: secure ? agents.https : agents.http }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    r.setTimeout(req.timeoutMs ?? REQUEST_TIMEOUT_MS, () => r.destroy(Object.assign(new Error(`${url.host} did not answer within ${req.timeoutMs ?? REQUEST_TIMEOUT_MS} ms`), { code: 'ETIMEDOUT' })));
    r.on('error', reject);
    r.end(body);
  });
}
