// AwsSts: temporary keys from STS AssumeRole (signed with the warehouse's keys), narrowed
// by an inline session policy to the table's prefix, so a client can reach this table's
// objects and nothing else in the bucket. Works with AWS STS and with MinIO, which serves
// STS at its S3 endpoint (role_arn is then not checked; see test/vending/aws-sts.test.ts).
// @aws-sdk/client-sts is imported lazily: only warehouses using this strategy load it.
import type { STSClient } from '@aws-sdk/client-sts';
import { DEFAULT_ENDPOINT_POLICY, type EndpointPolicy } from '../storage/endpoint-policy.js';
import { CONNECT_TIMEOUT_MS, outboundAgentOptions, refusalIn, REQUEST_TIMEOUT_MS, requireAllowedEndpoint } from '../storage/outbound.js';
import { StorageError } from '../storage/types.js';
import type { CredentialVendor, TableAccess, VendingStrategy } from './types.js';
import { credentialPrefix, first, redact, s3ClientKeys, s3PrefixOf, warehouseKeys, type S3Prefix } from './s3-common.js';

type StsStrategy = Extract<VendingStrategy, { type: 'AwsSts' }>;

export const DEFAULT_DURATION_SECONDS = 3600;
/** STS AssumeRole's own limits (the strategy schema has the same range). */
export const MIN_DURATION_SECONDS = 900;
export const MAX_DURATION_SECONDS = 43200;
const DEFAULT_REGION = 'us-east-1';

export interface SessionPolicy {
  Version: '2012-10-17';
  Statement: Array<{ Sid: string; Effect: 'Allow'; Action: string[]; Resource: string[]; Condition?: Record<string, Record<string, string[]>> }>;
}

/**
 * The inline session policy for one table: objects below `<prefix>/` (read, or read and
 * write), and listing the bucket only for keys below the prefix. The effective rights are
 * the intersection of this policy and the role's own policy.
 */
export function buildSessionPolicy({ bucket, prefix }: S3Prefix, access: TableAccess): SessionPolicy {
  const objects = prefix ? `arn:aws:s3:::${bucket}/${prefix}/*` : `arn:aws:s3:::${bucket}/*`;
  const actions = access === 'read-write' ? ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'] : ['s3:GetObject'];
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'TableObjects', Effect: 'Allow', Action: actions, Resource: [objects] },
      {
        Sid: 'ListTablePrefix',
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: [`arn:aws:s3:::${bucket}`],
        ...(prefix ? { Condition: { StringLike: { 's3:prefix': [`${prefix}/*`, prefix] } } } : {}),
      },
    ],
  };
}

export function clampDuration(seconds: number | undefined): number {
  const d = seconds === undefined || !Number.isFinite(seconds) ? DEFAULT_DURATION_SECONDS : Math.floor(seconds);
  return Math.min(MAX_DURATION_SECONDS, Math.max(MIN_DURATION_SECONDS, d));
}

/** RoleSessionName: [\w+=,.@-]{2,64}; names the table so audit logs show what it was for. */
export function roleSessionName(prefix: string): string {
  const tail = prefix.replace(/[^\w+=,.@-]+/g, '-').replace(/^-+|-+$/g, '').slice(-(64 - 'pangolin-'.length));
  return `pangolin-${tail || 'table'}`;
}

const clients = new Map<string, STSClient>();
const CLIENT_CACHE_LIMIT = 32;

async function stsClient(endpoint: string | undefined, region: string, keys: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, policy: EndpointPolicy): Promise<STSClient> {
  const cacheKey = JSON.stringify([endpoint ?? '', region, keys.accessKeyId, keys.secretAccessKey, keys.sessionToken ?? '', policy.spec]);
  const cached = clients.get(cacheKey);
  if (cached) return cached;
  let sdk: typeof import('@aws-sdk/client-sts');
  try {
    sdk = await import('@aws-sdk/client-sts');
  } catch {
    throw new StorageError('unavailable', 'The AwsSts vending strategy needs the @aws-sdk/client-sts package: run npm install @aws-sdk/client-sts');
  }
  const client = new sdk.STSClient({
    region,
    ...(endpoint ? { endpoint } : {}),
    credentials: keys,
    maxAttempts: 2,
    // Policy-checked connections (outbound.ts), short timeouts; the SDK follows no redirects.
    requestHandler: { ...outboundAgentOptions(policy), connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
  });
  clients.set(cacheKey, client);
  if (clients.size > CLIENT_CACHE_LIMIT) {
    const oldest = clients.keys().next().value;
    if (oldest !== undefined) {
      clients.get(oldest)?.destroy();
      clients.delete(oldest);
    }
  }
  return client;
}

export const vend: CredentialVendor = async (req) => {
  if (req.strategy.type !== 'AwsSts') throw new Error(`aws-sts cannot vend for strategy ${req.strategy.type}`);
  const strategy: StsStrategy = req.strategy;
  const location = s3PrefixOf(req.tableLocation, req.storageConfig);
  const keys = warehouseKeys(req.storageConfig, 'Credential vending (AwsSts)');
  const endpoint = (strategy.sts_endpoint ?? first(req.storageConfig, 's3.endpoint'))?.replace(/\/+$/, '');
  const region = first(req.storageConfig, 's3.region', 'client.region') ?? DEFAULT_REGION;
  const target = endpoint ?? `AWS STS (${region})`;
  const endpointPolicy = req.endpointPolicy ?? DEFAULT_ENDPOINT_POLICY;
  if (endpoint) requireAllowedEndpoint(strategy.sts_endpoint ? 'vending_strategy.sts_endpoint' : 's3.endpoint', endpoint, endpointPolicy);
  const policy = JSON.stringify(buildSessionPolicy(location, req.access));
  const client = await stsClient(endpoint, region, keys, endpointPolicy);
  const { AssumeRoleCommand } = await import('@aws-sdk/client-sts');
  let res;
  try {
    res = await client.send(
      new AssumeRoleCommand({
        RoleArn: strategy.role_arn,
        RoleSessionName: roleSessionName(location.prefix || location.bucket),
        DurationSeconds: clampDuration(strategy.duration_seconds),
        Policy: policy,
        ...(strategy.external_id ? { ExternalId: strategy.external_id } : {}),
      }),
    );
  } catch (e) {
    throw stsError(e, target, strategy.role_arn, keys.secretAccessKey, keys.sessionToken);
  }
  const c = res.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
    throw new StorageError('unavailable', `${target} answered AssumeRole for ${strategy.role_arn} without credentials`);
  }
  const expiresAt = c.Expiration ?? new Date(Date.now() + clampDuration(strategy.duration_seconds) * 1000);
  const credentials: Record<string, string> = {
    's3.access-key-id': c.AccessKeyId,
    's3.secret-access-key': c.SecretAccessKey,
    's3.session-token': c.SessionToken,
    // The key Iceberg Java's vended-credential refresh reads (also emitted by Lakekeeper).
    's3.session-token-expires-at-ms': String(expiresAt.getTime()),
  };
  const config = { ...s3ClientKeys(req.storageConfig, req.clientConfig), ...credentials };
  return { config, storageCredentials: [{ prefix: credentialPrefix(req.tableLocation), config: { ...config } }], expiresAt };
};

function errorName(e: unknown): string | undefined {
  return (e as { name?: string; Code?: string })?.name ?? (e as { Code?: string })?.Code;
}

/** Maps an STS/SDK/network failure to a StorageError that says what to fix, never a secret. */
export function stsError(e: unknown, target: string, roleArn: string, ...secrets: (string | undefined)[]): StorageError {
  const refused = refusalIn(e);
  if (refused) return new StorageError('access-denied', `Refused to call STS at ${target}: ${refused}`);
  const name = errorName(e);
  const meta = (e as { $metadata?: { httpStatusCode?: number; requestId?: string } })?.$metadata;
  const status = meta?.httpStatusCode;
  // An HTTP answer without a request id is not from STS: its body is not repeated.
  if (status !== undefined && !meta?.requestId) return new StorageError('bad-gateway', `${target} did not answer as an STS service (HTTP ${status}): check sts_endpoint (or s3.endpoint)`);
  const detail = redact(String((e as Error)?.message ?? e).slice(0, 300), ...secrets);
  const err = (code: 'access-denied' | 'unavailable', msg: string) => new StorageError(code, redact(msg, ...secrets));
  // MinIO answers wrong keys with AccessDenied and S3's messages; AWS with their own codes.
  const message = String((e as Error)?.message ?? '');
  const kind = /signature we calculated does not match/i.test(message) ? 'SignatureDoesNotMatch' : /access key id you provided does not exist/i.test(message) ? 'InvalidAccessKeyId' : name;
  switch (kind) {
    case 'InvalidClientTokenId':
    case 'InvalidAccessKeyId':
      return err('access-denied', `STS at ${target} does not know the warehouse's s3.access-key-id: check s3.access-key-id (${detail})`);
    case 'SignatureDoesNotMatch':
      return err('access-denied', `STS at ${target} rejected the request signature: the warehouse's s3.secret-access-key does not match s3.access-key-id (check s3.secret-access-key)`);
    case 'ExpiredToken':
    case 'InvalidToken':
      return err('access-denied', `STS at ${target} rejected the warehouse's s3.session-token (${name}): renew it or remove it`);
    case 'AccessDenied':
    case 'AccessDeniedException':
      return err('access-denied', `STS at ${target} refused to let the warehouse's keys assume role ${roleArn}: check the role's trust policy (and external_id) and that the keys may call sts:AssumeRole (${detail})`);
    case 'MalformedPolicyDocument':
    case 'MalformedPolicyDocumentException':
      return err('access-denied', `STS at ${target} refused the table's session policy (${detail})`);
    case 'PackedPolicyTooLarge':
    case 'PackedPolicyTooLargeException':
      return err('access-denied', `STS at ${target} says the table's session policy is too large (${detail})`);
    case 'RegionDisabledException':
      return err('unavailable', `STS is not activated in region ${target}: activate it in IAM or set sts_endpoint (${detail})`);
    case 'ValidationError':
      return err('access-denied', `STS at ${target} refused AssumeRole for ${roleArn}: ${detail} (check role_arn, and duration_seconds against the role's maximum session duration)`);
  }
  const code = (e as { code?: string })?.code ?? (e as { cause?: { code?: string } })?.cause?.code;
  if (code && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|UND_ERR_\w+)$/.test(code)) {
    return err('unavailable', `Cannot reach STS at ${target} (${code}): check sts_endpoint (or s3.endpoint) and that the server is running`);
  }
  if (name === 'TimeoutError' || name === 'RequestTimeout') return err('unavailable', `STS at ${target} timed out`);
  if (status === 403 || status === 401) return err('access-denied', `STS at ${target} refused AssumeRole for ${roleArn} (HTTP ${status}${name ? `, ${name}` : ''}): check the warehouse's keys and the role's trust policy`);
  if (status !== undefined) return err('unavailable', `STS at ${target} failed AssumeRole for ${roleArn} (HTTP ${status}${name ? `, ${name}` : ''}): ${detail}`);
  return err('unavailable', `STS at ${target} failed AssumeRole for ${roleArn}: ${name ? `${name}: ` : ''}${detail}`);
}
