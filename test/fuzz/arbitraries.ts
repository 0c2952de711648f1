// fast-check arbitraries for the HTTP fuzz test: request bodies (random JSON, bodies shaped
// by the API's zod request schemas with one field of a wrong type, Iceberg-looking objects
// made of known keys, malformed and deeply nested JSON), path segments, query strings and
// headers, each including the malformed cases issue 14 found.
import fc from 'fast-check';
import type { z } from 'zod';
import { stringifyJson } from '../../src/server/iceberg/json.js';
import { MAX_JSON_DEPTH } from '../../src/server/http/json-limits.js';

type AnySchema = z.core.$ZodType;

/** Values that look plausible to `schema` (introspected from zod's definitions); unknown kinds give any JSON. */
export function valueOf(schema: AnySchema, depth = 0): fc.Arbitrary<unknown> {
  const def = schema._zod.def as unknown as Record<string, any> & { type: string };
  if (depth > 4) return fc.constant(null);
  const inner = (s: AnySchema) => valueOf(s, depth + 1);
  switch (def.type) {
    case 'string':
      return fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('a', 'ns', 't', 'local', 'default', 's3://bucket/path', 'file:///tmp/x', 'x@example.com'));
    case 'number':
      return fc.oneof(fc.integer(), fc.double());
    case 'bigint':
      return fc.bigInt();
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, unknown>));
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'object':
      return fc.record(Object.fromEntries(Object.entries(def.shape as Record<string, AnySchema>).map(([k, v]) => [k, inner(v)])), { requiredKeys: [] });
    case 'array':
      return fc.array(inner(def.element), { maxLength: 3 });
    case 'record':
      return fc.dictionary(fc.string({ maxLength: 10 }), inner(def.valueType), { maxKeys: 3 });
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return inner(def.innerType);
    case 'union':
      return fc.oneof(...(def.options as AnySchema[]).map(inner));
    case 'pipe':
      return inner(def.in);
    case 'lazy':
      return inner(def.getter());
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A plausible body for `schema` with, sometimes, one field replaced by a value of any type. */
export function schemaBody(schema: AnySchema): fc.Arbitrary<unknown> {
  return fc.tuple(valueOf(schema), fc.nat(), fc.jsonValue({ maxDepth: 2 }), fc.boolean()).map(([body, i, wrong, mutate]) => {
    if (!mutate || body === null || typeof body !== 'object' || Array.isArray(body)) return body;
    const keys = Object.keys(body);
    return keys.length === 0 ? body : { ...body, [keys[i % keys.length]!]: wrong };
  });
}

/** Keys of Iceberg requests (table updates, requirements, schemas, snapshots, views). */
const ICEBERG_KEYS = [
  'action', 'type', 'updates', 'requirements', 'identifier', 'namespace', 'name', 'schema', 'schema-id', 'fields', 'id', 'required',
  'element', 'element-id', 'key', 'key-id', 'value', 'value-id', 'spec', 'spec-id', 'sort-order', 'order-id', 'snapshot', 'snapshot-id',
  'parent-snapshot-id', 'sequence-number', 'timestamp-ms', 'manifest-list', 'summary', 'operation', 'ref', 'ref-name', 'format-version',
  'uuid', 'location', 'properties', 'removals', 'last-column-id', 'last-assigned-field-id', 'current-schema-id', 'default-spec-id',
  'view-version', 'version-id', 'representations', 'sql', 'dialect', 'default-namespace', 'snapshot-ids', 'statistics', 'table-changes',
  'source', 'destination', 'metadata-location', 'overwrite', 'stage-create', 'partition-spec', 'write-order', 'source-id', 'field-id', 'transform',
];
const ICEBERG_WORDS = [
  'assign-uuid', 'upgrade-format-version', 'add-schema', 'set-current-schema', 'add-spec', 'set-default-spec', 'add-sort-order',
  'set-default-sort-order', 'add-snapshot', 'set-snapshot-ref', 'remove-snapshots', 'remove-snapshot-ref', 'set-location', 'set-properties',
  'remove-properties', 'set-statistics', 'remove-statistics', 'add-view-version', 'set-current-view-version', 'remove-partition-specs',
  'remove-schemas', 'assert-create', 'assert-table-uuid', 'assert-ref-snapshot-id', 'assert-last-assigned-field-id', 'assert-current-schema-id',
  'assert-default-spec-id', 'assert-view-uuid', 'struct', 'list', 'map', 'long', 'string', 'decimal(9,2)', 'fixed[4]', 'identity', 'bucket[16]',
  'branch', 'tag', 'main', 'append',
];

/** Objects made of Iceberg's keys and words, nested, with values of any type: commit-like payloads. */
export const icebergish: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<unknown>(...ICEBERG_WORDS, -1, 0, 1, 2, 3, 2 ** 53 + 1, 1e308, -0.5, true, null, ''),
    fc.jsonValue({ maxDepth: 1 }),
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...ICEBERG_KEYS), tie('node'), { maxKeys: 5 }),
  ),
})).node;

const MEDIA_TYPES = ['application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/merge-patch+json', 'application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', ''];

export interface BodySpec {
  text: string | undefined;
  contentType: string | undefined;
}

/** JSON nested around MAX_JSON_DEPTH or far deeper: plain arrays and objects, or a table schema of nested list types. */
const deepJson = fc.tuple(fc.oneof(fc.integer({ min: MAX_JSON_DEPTH - 5, max: MAX_JSON_DEPTH + 5 }), fc.integer({ min: 2000, max: 10000 })), fc.constantFrom('array', 'object', 'schema')).map(([d, kind]) => {
  if (kind === 'array') return '['.repeat(d) + ']'.repeat(d);
  if (kind === 'object') return '{"a":'.repeat(d - 1) + '{}' + '}'.repeat(d - 1);
  let t = '"long"';
  for (let i = 0; i < d / 2; i++) t = `{"type":"list","element-id":${i + 2},"element-required":false,"element":${t}}`;
  return `{"name":"deep","schema":{"type":"struct","schema-id":0,"fields":[{"id":1,"name":"x","required":false,"type":${t}}]}}`;
});

const HUGE = ['1e400', '-1e400', '123456789012345678901234567890', '-9223372036854775809', '9223372036854775808', '1.5e-400', '-0', '0.1e1'];
/** Numbers JSON.stringify cannot write (beyond double range, beyond int64), where a field or an update wants one. */
const hugeNumbers = fc
  .tuple(fc.constantFrom(...ICEBERG_KEYS, 'page_size', 'expires_in_days'), fc.constantFrom(...HUGE), fc.constantFrom(...ICEBERG_WORDS.slice(0, 21)), fc.boolean())
  .map(([key, n, action, inUpdate]) => (inUpdate ? `{"requirements":[],"updates":[{"action":"${action}","${key}":${n}}]}` : `{"${key}":${n}}`));

const GRANTS = ['client_credentials', 'urn:ietf:params:oauth:grant-type:token-exchange', 'password', ''];
const tokenField = fc.oneof({ weight: 3, arbitrary: fc.constantFrom('a', 'root', 'x%zz', '') }, fc.jsonValue({ maxDepth: 2 }));

/** OAuth2 token requests with fields of any type, as JSON or as a form (repeated and bracketed keys too). */
export const tokenBodies: fc.Arbitrary<BodySpec> = fc
  .tuple(fc.record({ grant_type: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...GRANTS) }, tokenField), client_id: tokenField, client_secret: tokenField, subject_token: tokenField, scope: fc.constant('catalog') }, { requiredKeys: ['grant_type'] }), fc.boolean())
  .map(([fields, asJson]) => {
    if (asJson) return { text: stringifyJson(fields), contentType: 'application/json' };
    const pairs = Object.entries(fields).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, String(x)]) : v !== null && typeof v === 'object' ? Object.entries(v).map(([kk, x]) => [`${k}[${kk}]`, String(x)]) : [[k, String(v)]]));
    return { text: pairs.map(([k, v]) => `${encodeURIComponent(k!)}=${encodeURIComponent(v!)}`).join('&'), contentType: 'application/x-www-form-urlencoded' };
  });

export function bodies(schemas: AnySchema[], special?: fc.Arbitrary<BodySpec>): fc.Arbitrary<BodySpec> {
  const json = fc.oneof(
    { weight: 3, arbitrary: fc.oneof(...schemas.map(schemaBody)) },
    { weight: 2, arbitrary: icebergish },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  ).map((v) => stringifyJson(v));
  const text = fc.oneof(
    { weight: 6, arbitrary: json },
    { weight: 1, arbitrary: json.chain((t) => fc.nat({ max: Math.max(0, t.length - 1) }).map((n) => t.slice(0, n))) }, // truncated: malformed
    { weight: 1, arbitrary: deepJson },
    { weight: 1, arbitrary: hugeNumbers },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', 'null', '{', '{"a":1}}', '["\\u0000"]', '"\\ud800"', '{"a":1,"a":2}', 'grant_type=client_credentials&client_id=a&client_id=b', 'client_id[a]=1&grant_type=client_credentials', '1e99999', '-', '\u0000') },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 50 }) },
  );
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant<BodySpec>({ text: undefined, contentType: undefined }) },
    { weight: 8, arbitrary: fc.record({ text: text.map((t): string | undefined => t), contentType: fc.oneof({ weight: 4, arbitrary: fc.constant('application/json') }, fc.constantFrom<string | undefined>(...MEDIA_TYPES, undefined)) }) },
    ...(special ? [{ weight: 8, arbitrary: special }] : []),
  );
}

/** A path parameter: a known name (so deeper code runs), random text, or a malformed segment. */
export function pathSegment(known: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...known) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent) },
    { weight: 2, arbitrary: fc.constantFrom('%00', 'a%00b', '%zz', '%', '%E0%A4%A', '%FF', '%C0%AF', '..', '%2e%2e', '%2F', 'a%1Fb', '%1F', 'a%1F', '%20', '~', 'é', '%F0%9F%A6%94', 'CON', '.git', '\u00e9') },
    { weight: 1, arbitrary: fc.integer({ min: 200, max: 6000 }).map((n) => 'a'.repeat(n)) },
  );
}

const QUERY_NAMES = ['pageToken', 'pageSize', 'page_token', 'page_size', 'parent', 'warehouse', 'key', 'prefix', 'path', 'snapshots', 'purgeRequested', 'since', 'until', 'outcome', 'action', 'actor_id', 'system', 'limit', 'planId', 'x'];
const QUERY_VALUES = ['', '1', '0', '-1', '1e400', '99999999999999999999', 'NaN', 'true', 'false', 'all', 'refs', 'ns', 'a%1Fb', '%00', '%zz', '%FF', '2026-01-01T00:00:00Z', 'not-a-date', 'local'];

/** A query string ("" or "?a=b&..."), sometimes malformed, with known parameter names. */
export const queries: fc.Arbitrary<string> = fc
  .array(fc.tuple(fc.constantFrom(...QUERY_NAMES), fc.oneof(fc.constantFrom(...QUERY_VALUES), fc.string({ maxLength: 10 }).map(encodeURIComponent))), { maxLength: 3 })
  .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`));

/** Authorization headers no caller should get in with (for the anonymous caller; root's stays right: the limiter counts failures). */
export const oddAuthorization: fc.Arbitrary<Record<string, string>> = fc.oneof(
  fc.constant({}),
  fc.constantFrom('Basic !!!', `Basic ${Buffer.from('ro%ot:pa%zz').toString('base64')}`, `Basic ${Buffer.from('nobody:x').toString('base64')}`, `Basic ${Buffer.from('%E0%A4%A:x').toString('base64')}`, 'Basic', 'Bearer', 'Bearer x.y.z', 'Bearer pgk_zz', 'Digest a=b', 'Basic a').map((authorization) => ({ authorization })),
);

/** Headers besides Content-Type and Authorization: API key, tenant, ETag, encoding. */
export const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({}) },
  fc.record(
    {
      'x-api-key': fc.constantFrom('pgk_bogus', 'x', ''),
      'x-pangolin-tenant': fc.constantFrom('default', 'nope', '%00', ''),
      'if-none-match': fc.constantFrom('*', '"x"', 'W/"1"'),
      'content-encoding': fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'bogus'),
    },
    { requiredKeys: [] },
  ),
);
