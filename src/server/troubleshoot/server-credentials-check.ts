// The AWS_* variables as the server uses them: the S3 credentials, region and endpoint of
// catalogs without a warehouse (storage/server-credentials.ts). Pure, no I/O: `npm run
// doctor` judges the environment, the troubleshooter the settings of a running server.
import type { TroubleshootStep } from '../../shared/api/troubleshoot.js';
import { endpointProblem, type EndpointPolicy } from '../storage/endpoint-policy.js';
import type { ServerS3Settings } from '../storage/server-credentials.js';

type Env = Record<string, string | undefined>;

const TITLE = 'Server S3 credentials (AWS_*)';
const USE = 'catalogs without a warehouse write their files with them';

/** The pairs must be complete and the endpoint allowed; both endpoint variables must agree. */
export function awsEnvStep(env: Env, policy?: EndpointPolicy): TroubleshootStep {
  const id = Boolean(env.AWS_ACCESS_KEY_ID);
  const secret = Boolean(env.AWS_SECRET_ACCESS_KEY);
  if (id !== secret) {
    const [set, missing] = id ? ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] : ['AWS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY_ID'];
    return { id: 'env-aws', title: TITLE, status: 'warn', message: `${set} is set but ${missing} is not: ${USE}, and S3 refuses half a key pair`, fix: `Set ${missing} too, or unset ${set}` };
  }
  const endpoint = env.AWS_ENDPOINT_URL || env.S3_ENDPOINT;
  if (env.AWS_ENDPOINT_URL && env.S3_ENDPOINT && env.AWS_ENDPOINT_URL.replace(/\/+$/, '') !== env.S3_ENDPOINT.replace(/\/+$/, '')) {
    return { id: 'env-aws', title: TITLE, status: 'warn', message: `AWS_ENDPOINT_URL (${env.AWS_ENDPOINT_URL}) and S3_ENDPOINT (${env.S3_ENDPOINT}) differ: the server uses AWS_ENDPOINT_URL`, fix: 'Set both to the same endpoint, or unset S3_ENDPOINT' };
  }
  const problem = endpoint && policy ? endpointProblem(endpoint, policy) : undefined;
  if (problem) {
    return { id: 'env-aws', title: TITLE, status: 'fail', message: `The endpoint ${endpoint} (${env.AWS_ENDPOINT_URL ? 'AWS_ENDPOINT_URL' : 'S3_ENDPOINT'}) cannot be used: ${problem}; ${USE}`, fix: 'Point it at your S3 service, or allow it in PANGOLIN_STORAGE_ENDPOINT_ALLOW' };
  }
  if (!id && !endpoint) return { id: 'env-aws', title: TITLE, status: 'skip', message: `Not set: only ${USE} (without them the AWS SDK's own chain decides: ~/.aws, an instance role); warehouses carry their own keys in storage_config` };
  return { id: 'env-aws', title: TITLE, status: 'pass', message: `${describe(id, env.AWS_REGION, endpoint)}: ${USE}` };
}

function describe(keys: boolean, region: string | undefined, endpoint: string | undefined): string {
  const parts = [keys ? 'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set' : "no keys (the AWS SDK's own chain decides)"];
  parts.push(region ? `region ${region}` : 'region us-east-1 (AWS_REGION not set)');
  if (endpoint) parts.push(`endpoint ${endpoint}`);
  return parts.join(', ');
}

/** The first step of a warehouse-less catalog's storage checks: what the server writes with. */
export function serverCredentialsStep(s: ServerS3Settings): TroubleshootStep {
  const keys = Boolean(s.accessKeyId && s.secretAccessKey);
  return {
    id: 'server-credentials',
    title: TITLE,
    status: keys ? 'pass' : 'warn',
    message: `This catalog has no warehouse: the server writes its metadata with its own settings, ${describe(keys, s.region, s.endpoint)}. Clients get no credentials from it and use their own keys`,
    ...(keys ? {} : { fix: 'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_ENDPOINT_URL for MinIO and other S3-compatible services) where the server starts' }),
  };
}
