// One HTTP request sent exactly as given: the path is not normalised (fetch would resolve
// `..` and re-encode), any header may be set, the body is a string. For malformed-input tests.
import { Agent, request } from 'node:http';
import { icebergErrorBody, oauthErrorBody } from '../../src/shared/api/errors.js';

export interface RawResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

/** A request not answered within `timeoutMs` fails (a hang is a bug too). */
export function rawRequest(baseUrl: string, method: string, path: string, headers: Record<string, string> = {}, body?: string, timeoutMs = 20_000): Promise<RawResult> {
  const u = new URL(baseUrl);
  const length = body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {};
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method, path, agent, headers: { ...length, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)));
    req.end(body);
  });
}

export const TOKEN_PATH = /^\/v1\/oauth\/tokens\/?(\?|$)/i;

/**
 * Why an error answer has the wrong shape for its path (OAuth2's {error, error_description}
 * on the token endpoint, the Iceberg {error: {message, type, code}} elsewhere), or undefined.
 */
export function errorShapeProblem(method: string, path: string, r: RawResult): string | undefined {
  if (r.status < 400) return undefined;
  if (method === 'HEAD') return r.text === '' ? undefined : 'a HEAD answer has a body';
  if (TOKEN_PATH.test(path)) return oauthErrorBody.safeParse(r.json).success ? undefined : `not the OAuth2 error shape: ${r.text.slice(0, 200)}`;
  const parsed = icebergErrorBody.safeParse(r.json);
  if (!parsed.success) return `not the Iceberg error shape: ${r.text.slice(0, 200)}`;
  return parsed.data.error.code === r.status ? undefined : `error.code ${parsed.data.error.code} differs from the status ${r.status}`;
}
