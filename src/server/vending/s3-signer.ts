// The S3 remote signer (Iceberg's S3 signer API: {region, uri, method, headers, body?} ->
// {uri, headers}). Clients holding no keys ask the catalog to sign each S3 request; this
// module decides whether the request stays inside the table and, if so, signs it with
// SigV4 (@smithy/signature-v4) using the warehouse's keys. No HTTP serving here (the route
// is iceberg/routes/sign.ts).
//
// What is checked, before anything is signed:
// - the URI's host is the warehouse's S3 endpoint (server or client_config s3.endpoint; AWS
//   S3 hosts of the region when none is set): path-style `host/bucket/key`, or
//   virtual-host style `bucket.host/key`; any other host is refused, since S3 would read
//   the bucket from it;
// - the bucket is the table's bucket and the key lies below `<table prefix>/` (no '.' or
//   '..' segments); bucket-level requests only for listing below the table's prefix
//   (ListObjects v1/v2, ListObjectVersions, ListMultipartUploads: every `prefix` must be
//   inside), HEAD bucket, GetBucketLocation, and (AWS S3 only, see below) DeleteObjects
//   whose every <Key> is inside, the body bound by signing its SHA-256 as payload hash;
// - only the S3 operations Iceberg clients use (allow-listed subresources per method);
// - CopyObject/UploadPartCopy sources (x-amz-copy-source) inside the table too;
// - writes (PUT, POST, DELETE) only with 'read-write' access; no public ACLs or grants.
//
// What is signed: host, content-md5 and every x-amz-* header the client sends, plus
// x-amz-date and x-amz-content-sha256 (UNSIGNED-PAYLOAD unless the client sent one). Other
// headers (range, content-length, user-agent...) are left unsigned, so the client's HTTP
// stack may set or change them. The answer holds only the headers the client must ADD
// (Authorization, X-Amz-Date, and X-Amz-Content-SHA256 / X-Amz-Security-Token when we set
// them): PyIceberg appends every returned header to its request (add_header), so echoing
// its own headers would duplicate them; Iceberg Java merges its headers over ours, so a
// header it already has must be signed with its value (we do: we sign the client's values).
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import type { TableAccess } from './types.js';
import { first, s3PrefixOf, warehouseKeys } from './s3-common.js';

export const S3_SIGN_METHODS = ['PUT', 'GET', 'HEAD', 'POST', 'DELETE', 'PATCH', 'OPTIONS'] as const;

/** The body of POST …/sign (Iceberg S3SignRequest / RemoteSignRequest). */
export const s3SignRequestSchema = z.object({
  region: z.string().nullish(),
  uri: z.string().min(1, 'uri must not be empty'),
  method: z
    .string()
    .transform((m) => m.toUpperCase())
    .pipe(z.enum(S3_SIGN_METHODS, { message: `method must be one of ${S3_SIGN_METHODS.join(', ')}` })),
  headers: z.record(z.string(), z.array(z.string())),
  properties: z.record(z.string(), z.string()).nullish(),
  body: z.string().nullish(),
  /** Iceberg 1.11+ (RemoteSignRequest): the storage provider; only "s3" is served here. */
  provider: z.string().nullish(),
});
export type S3SignRequest = z.infer<typeof s3SignRequestSchema>;

export interface S3SignResponse {
  uri: string;
  headers: Record<string, string[]>;
}

export class S3SignError extends Error {
  constructor(
    readonly kind: 'forbidden' | 'bad-request',
    message: string,
  ) {
    super(message);
    this.name = 'S3SignError';
  }
}

export interface SignInput {
  request: S3SignRequest;
  /** The warehouse's storage config, secrets decrypted. */
  storageConfig: Record<string, string>;
  clientConfig?: Record<string, string>;
  /** The table's base location, e.g. s3://bucket/warehouse/ns/table */
  tableLocation: string;
  /** What the caller may do on this table (writes need 'read-write'). */
  access: TableAccess;
  /** For tests. */
  now?: Date;
}

export interface SignResult extends S3SignResponse {
  /** Reads may be cached by the client (Cache-Control: private); writes not (no-cache). */
  cacheable: boolean;
}

const forbidden = (m: string) => new S3SignError('forbidden', m);
const badRequest = (m: string) => new S3SignError('bad-request', m);

const WRITE_METHODS = new Set(['PUT', 'POST', 'DELETE', 'PATCH']);
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
/** Query parameters that never change which object or operation a request addresses. */
const NEUTRAL_PARAMS = new Set(['x-id', 'response-content-type', 'response-content-language', 'response-expires', 'response-cache-control', 'response-content-disposition', 'response-content-encoding']);
const LIST_PARAMS = new Set(['list-type', 'prefix', 'delimiter', 'continuation-token', 'max-keys', 'start-after', 'encoding-type', 'fetch-owner', 'marker', 'optional-object-attributes']);
const SAFE_ACLS = new Set(['private', 'bucket-owner-full-control', 'bucket-owner-read']);

type Query = Record<string, string[]>;

interface ParsedUri {
  protocol: 'http:' | 'https:';
  host: string; // lower case, with a non-default port
  hostname: string;
  port?: number;
  rawPath: string; // as the client sends it (percent-encoded), starts with '/'
  query: Query;
}

function decode(raw: string, what: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw badRequest(`Malformed percent-encoding in the ${what} of the URI`);
  }
}

export function parseSignUri(uri: string): ParsedUri {
  const m = /^(https?):\/\/([^/?#]+)([^?#]*)(?:\?([^#]*))?(?:#.*)?$/i.exec(uri);
  if (!m) throw badRequest(`uri must be an absolute http(s) URL of an S3 request, not ${JSON.stringify(uri.slice(0, 200))}`);
  const [, scheme, authority, path, rawQuery] = m;
  if (authority.includes('@')) throw badRequest('uri must not contain a user name or password');
  let url: URL;
  try {
    url = new URL(`${scheme.toLowerCase()}://${authority}/`);
  } catch {
    throw badRequest(`uri has an invalid host: ${JSON.stringify(authority)}`);
  }
  const query: Query = {};
  for (const part of (rawQuery ?? '').split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const k = decode(eq < 0 ? part : part.slice(0, eq), 'query');
    const v = eq < 0 ? '' : decode(part.slice(eq + 1), 'query');
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') throw badRequest(`Unexpected query parameter ${k} in the URI`);
    if (!Object.hasOwn(query, k)) query[k] = [];
    query[k].push(v);
  }
  return {
    protocol: url.protocol as 'http:' | 'https:',
    host: url.host,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    rawPath: path === '' ? '/' : path,
    query,
  };
}

function hostOf(endpoint: string | undefined): string | undefined {
  if (!endpoint) return undefined;
  try {
    return new URL(endpoint).host;
  } catch {
    return undefined;
  }
}

/** The hosts S3 requests of this warehouse may go to (path-style; `bucket.` + host for virtual-host style). */
export function endpointHosts(storageConfig: Record<string, string>, clientConfig: Record<string, string>, region: string): string[] {
  const configured = [hostOf(first(storageConfig, 's3.endpoint')), hostOf(first(clientConfig, 's3.endpoint'))].filter((h): h is string => !!h);
  if (configured.length) return [...new Set(configured)];
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return ['s3.amazonaws.com', `s3.${region}.${suffix}`, `s3-${region}.${suffix}`, `s3.dualstack.${region}.${suffix}`];
}

interface Target {
  bucket: string;
  /** Decoded object key; '' for a bucket-level request. */
  key: string;
}

/** Which bucket and key the request addresses, as S3 will read it from host and path. */
export function targetOf(uri: ParsedUri, hosts: string[], expectedBucket: string): Target {
  const segments = uri.rawPath.split('/').slice(1);
  for (const s of segments) {
    const d = decode(s, 'path');
    if (d === '.' || d === '..' || /(^|\/)\.\.?(\/|$)/.test(d)) throw forbidden(`The URI path has a "." or ".." segment: refused (${uri.rawPath.slice(0, 200)})`);
  }
  if (hosts.includes(uri.host)) {
    // path-style: /bucket/key
    const bucket = decode(segments[0] ?? '', 'path');
    if (bucket === '') throw forbidden('The URI addresses no bucket: refused');
    return { bucket, key: decode(segments.slice(1).join('/'), 'path') };
  }
  for (const h of hosts) {
    if (uri.host === `${expectedBucket.toLowerCase()}.${h}`) return { bucket: expectedBucket, key: decode(segments.join('/'), 'path') };
  }
  throw forbidden(`The URI's host ${uri.host} is not this warehouse's S3 endpoint (${hosts.join(', ')}): refused`);
}

function insidePrefix(key: string, prefix: string): boolean {
  return prefix === '' || key.startsWith(`${prefix}/`);
}

function subresources(query: Query, ignore: Set<string> = NEUTRAL_PARAMS): string[] {
  return Object.keys(query).filter((k) => !ignore.has(k));
}

function only(query: Query, allowed: string[][], what: string): void {
  const present = subresources(query).sort();
  if (allowed.some((set) => set.length === present.length && [...set].sort().every((k, i) => k === present[i]))) return;
  throw forbidden(`${what} with ${present.length ? `?${present.join('&')}` : 'no subresource'} is not an S3 operation this signer serves: refused`);
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function xmlText(raw: string): string {
  return raw.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return XML_ENTITIES[e.toLowerCase()];
  });
}

/**
 * The keys of a DeleteObjects body. Strict: only the elements of S3's Delete document are
 * accepted (no comments, CDATA, attributes other than xmlns, or other elements), so no
 * key can hide from this reading and still be seen by S3's XML parser.
 */
export function deleteObjectsKeys(body: string): string[] {
  const token = /\s*(?:<\?xml[^>]*\?>|<Delete(?:\s+xmlns="[^"<>]*")?\s*>|<\/Delete>|<Object>|<\/Object>|<Quiet>\s*(?:true|false)\s*<\/Quiet>|<Key>([^<]*)<\/Key>|<VersionId>[^<]*<\/VersionId>|<ETag>[^<]*<\/ETag>|<LastModifiedTime>[^<]*<\/LastModifiedTime>|<Size>\d*<\/Size>)\s*/y;
  const keys: string[] = [];
  let at = 0;
  while (at < body.length) {
    token.lastIndex = at;
    const m = token.exec(body);
    if (!m || m[0].length === 0) throw forbidden('The DeleteObjects body is not a plain S3 Delete document: refused');
    if (m[1] !== undefined) keys.push(xmlText(m[1]));
    at = token.lastIndex;
  }
  if (!keys.length) throw forbidden('The DeleteObjects body names no key: refused');
  return keys;
}

/**
 * Whether the client's x-amz-content-sha256 is the body's SHA-256 (S3 then checks the body
 * against the signature). Checksum headers the client sends must match the body too.
 */
function payloadIsSigned(body: string, headers: Map<string, string>): boolean {
  const buf = Buffer.from(body, 'utf8');
  const b64 = (alg: string) => createHash(alg).update(buf).digest('base64');
  const checks: Array<[string, () => string]> = [
    ['content-md5', () => b64('md5')],
    ['x-amz-checksum-sha256', () => b64('sha256')],
    ['x-amz-checksum-sha1', () => b64('sha1')],
    ['x-amz-checksum-crc32', () => Buffer.from(crc32(buf).toString(16).padStart(8, '0'), 'hex').toString('base64')],
  ];
  for (const [name, compute] of checks) {
    const v = headers.get(name);
    if (v !== undefined && v.trim() !== compute()) throw badRequest(`The ${name} header does not match the DeleteObjects body`);
  }
  const sha = headers.get('x-amz-content-sha256');
  if (sha === undefined || !/^[0-9a-f]{64}$/i.test(sha)) return false;
  if (sha.toLowerCase() !== createHash('sha256').update(buf).digest('hex')) throw badRequest('The x-amz-content-sha256 header does not match the DeleteObjects body');
  return true;
}

function parseAmzDate(v: string | undefined): Date | undefined {
  const m = v && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(v.trim());
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

function signingRegion(storageConfig: Record<string, string>, request: S3SignRequest): string {
  return first(storageConfig, 's3.region', 'client.region') ?? (request.region?.trim() || 'us-east-1');
}

/**
 * What a sign request addresses, to find the table it is for (the catalog-level signer):
 * its bucket and the keys that must lie inside one table: the object key; for a bucket-
 * level request the listing `prefix`es, or the <Key>s of a DeleteObjects body; none for
 * other bucket-level requests (HeadBucket, GetBucketLocation: no table to tell). Only
 * reads the request; every check is still made by signS3Request. Throws S3SignError.
 */
export function signRequestTarget(
  request: S3SignRequest,
  storageConfig: Record<string, string>,
  clientConfig: Record<string, string>,
  /** The bucket a virtual-host style URI may name in its host (the catalog's bucket). */
  expectedBucket: string,
): { bucket: string; keys: string[] } {
  const uri = parseSignUri(request.uri);
  const target = targetOf(uri, endpointHosts(storageConfig, clientConfig, signingRegion(storageConfig, request)), expectedBucket);
  if (target.key !== '') return { bucket: target.bucket, keys: [target.key] };
  const prefixes = uri.query.prefix ?? [];
  if (prefixes.length) return { bucket: target.bucket, keys: prefixes };
  if (request.method === 'POST' && Object.hasOwn(uri.query, 'delete') && request.body) return { bucket: target.bucket, keys: deleteObjectsKeys(request.body) };
  return { bucket: target.bucket, keys: [] };
}

/** Checks the request against the table and access, then signs it. Throws S3SignError. */
export async function signS3Request(input: SignInput): Promise<SignResult> {
  const { request, storageConfig, tableLocation, access } = input;
  const clientConfig = input.clientConfig ?? {};
  if (request.provider && request.provider.toLowerCase() !== 's3') throw badRequest(`This signer signs S3 requests only, not provider "${request.provider}"`);
  const method = request.method;
  if (method === 'OPTIONS' || method === 'PATCH') throw forbidden(`${method} is not an S3 operation this signer serves: refused`);
  const table = s3PrefixOf(tableLocation, storageConfig);
  const region = signingRegion(storageConfig, request);
  const uri = parseSignUri(request.uri);
  const target = targetOf(uri, endpointHosts(storageConfig, clientConfig, region), table.bucket);
  if (target.bucket !== table.bucket) throw forbidden(`The request addresses bucket "${target.bucket}", outside the table (bucket "${table.bucket}"): refused`);

  const headers = new Map<string, string>();
  for (const [name, values] of Object.entries(request.headers)) {
    const n = name.toLowerCase().trim();
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(n)) throw badRequest(`Invalid header name ${JSON.stringify(name.slice(0, 100))}`);
    const v = values.join(',');
    headers.set(n, headers.has(n) ? `${headers.get(n)},${v}` : v);
  }

  const write = WRITE_METHODS.has(method);
  if (write && access !== 'read-write') throw forbidden(`${method} needs write access to the table; this caller may only read it: refused`);

  const where = `s3://${table.bucket}/${table.prefix}`;
  let payloadHash: string | undefined; // set by us (and returned) when the client sent none
  if (target.key !== '') {
    if (!insidePrefix(target.key, table.prefix)) throw forbidden(`s3://${target.bucket}/${target.key} is outside the table's location ${where}: refused`);
    const op = `${method} on an object`;
    if (method === 'GET' || method === 'HEAD') only(uri.query, [[], ['versionId'], ['partNumber'], ['partNumber', 'versionId'], ['uploadId']], op);
    else if (method === 'PUT') only(uri.query, [[], ['partNumber', 'uploadId']], op);
    else if (method === 'POST') only(uri.query, [['uploads'], ['uploadId']], op);
    else if (method === 'DELETE') only(uri.query, [[], ['versionId'], ['uploadId']], op);
    const copySource = headers.get('x-amz-copy-source');
    if (copySource !== undefined) {
      const src = decode(copySource.split('?')[0], 'x-amz-copy-source header').replace(/^\/+/, '');
      const slash = src.indexOf('/');
      const [bucket, key] = slash < 0 ? [src, ''] : [src.slice(0, slash), src.slice(slash + 1)];
      if (bucket !== table.bucket || !insidePrefix(key, table.prefix) || /(^|\/)\.\.?(\/|$)/.test(key)) throw forbidden(`The copy source ${src} is outside the table's location ${where}: refused`);
    }
  } else {
    const listing = (extra: string[]) => {
      const unknown = Object.keys(uri.query).filter((k) => !LIST_PARAMS.has(k) && !NEUTRAL_PARAMS.has(k) && !extra.includes(k));
      if (unknown.length) throw forbidden(`Listing with ?${unknown.join('&')} is not served by this signer: refused`);
      const prefixes = uri.query.prefix ?? [];
      if (!prefixes.length && table.prefix !== '') throw forbidden(`Listing the bucket needs a prefix inside the table's location (${table.prefix}/): refused`);
      for (const p of prefixes) if (!insidePrefix(p, table.prefix)) throw forbidden(`Listing prefix "${p}" is outside the table's location (${table.prefix}/): refused`);
    };
    const q = uri.query;
    if (method === 'HEAD' && subresources(q).length === 0) {
      // HeadBucket: existence only
    } else if (method === 'GET' && Object.hasOwn(q, 'location')) {
      only(q, [['location']], 'GET on the bucket');
    } else if (method === 'GET' && Object.hasOwn(q, 'uploads')) {
      listing(['uploads']);
    } else if (method === 'GET' && Object.hasOwn(q, 'versions')) {
      listing(['versions', 'key-marker', 'version-id-marker']);
    } else if (method === 'GET') {
      listing([]);
    } else if (method === 'POST' && Object.hasOwn(q, 'delete')) {
      only(q, [['delete']], 'POST on the bucket');
      if (request.body === undefined || request.body === null) throw forbidden('DeleteObjects needs the request body in the sign request (to check its keys): refused');
      for (const key of deleteObjectsKeys(request.body)) {
        if (!insidePrefix(key, table.prefix) || /(^|\/)\.\.?(\/|$)/.test(key)) throw forbidden(`DeleteObjects names s3://${table.bucket}/${key}, outside the table's location ${where}: refused`);
      }
      // The keys just checked must be the keys S3 deletes: the body is bound by signing its
      // SHA-256 as the payload hash, which AWS S3 verifies. MinIO verifies neither that
      // nor Content-MD5 on DeleteObjects (test/vending/s3-signer.test.ts shows it), so a
      // client could swap the body after signing: for S3-compatible endpoints bulk deletes
      // are refused and clients delete objects one at a time (DeleteObject).
      if (first(storageConfig, 's3.endpoint')) {
        throw forbidden('DeleteObjects (bulk delete) is only signed for AWS S3: S3-compatible servers such as MinIO do not verify a signed request body, so its keys could be changed after signing; delete objects one at a time (DeleteObject): refused');
      }
      if (!payloadIsSigned(request.body, headers)) {
        if (headers.has('x-amz-content-sha256')) throw forbidden('DeleteObjects must be signed with the SHA-256 of its body as x-amz-content-sha256 (not an unsigned payload): refused');
        payloadHash = createHash('sha256').update(Buffer.from(request.body, 'utf8')).digest('hex');
      }
    } else {
      throw forbidden(`${method} on the bucket itself is not served by this signer: refused`);
    }
  }

  const acl = headers.get('x-amz-acl');
  if (acl !== undefined && !SAFE_ACLS.has(acl.trim())) throw forbidden(`x-amz-acl "${acl}" is refused (only ${[...SAFE_ACLS].join(', ')})`);
  if ([...headers.keys()].some((h) => h.startsWith('x-amz-grant-'))) throw forbidden('x-amz-grant-* headers are refused');

  const keys = warehouseKeys(storageConfig, 'S3 remote signing');
  const signed: Record<string, string> = { host: uri.host };
  for (const [n, v] of headers) {
    if (n.startsWith('x-amz-') || n === 'content-md5') signed[n] = v;
  }
  delete signed['x-amz-date'];
  delete signed['x-amz-security-token'];
  const added: Record<string, string[]> = {};
  if (signed['x-amz-content-sha256'] === undefined) {
    signed['x-amz-content-sha256'] = payloadHash ?? UNSIGNED_PAYLOAD;
    added['X-Amz-Content-SHA256'] = [signed['x-amz-content-sha256']];
  }
  const signingDate = parseAmzDate(headers.get('x-amz-date')) ?? input.now ?? new Date();

  const [{ SignatureV4 }, { Sha256 }] = await Promise.all([import('@smithy/signature-v4'), import('@aws-crypto/sha256-js')]);
  const signer = new SignatureV4({ service: 's3', region, credentials: keys, sha256: Sha256, uriEscapePath: false, applyChecksum: false });
  const out = await signer.sign(
    { method, protocol: uri.protocol, hostname: uri.hostname, ...(uri.port ? { port: uri.port } : {}), path: uri.rawPath, query: uri.query, headers: signed },
    { signingDate },
  );
  const h = out.headers as Record<string, string>;
  added.Authorization = [h.authorization];
  added['X-Amz-Date'] = [h['x-amz-date']];
  if (h['x-amz-security-token']) added['X-Amz-Security-Token'] = [h['x-amz-security-token']];
  return { uri: request.uri, headers: added, cacheable: method === 'GET' || method === 'HEAD' };
}
