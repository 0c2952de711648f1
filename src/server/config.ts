// Every environment variable the server reads is parsed here, once. A bad value stops
// start-up with a ConfigError that names the variable and what it expects.
import { homedir, platform } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { passwordProblem } from './auth/password-policy.js';
import { parseHostName, type HostName } from './http/host-guard.js';
import { DEFAULT_SERVER_CREDENTIALS_TENANTS } from './storage/server-credentials.js';
import { DEFAULT_METRICS_REPORTS_KEEP, DEFAULT_METRICS_REPORTS_PER_MINUTE } from './iceberg/services/metrics-limiter.js';
import { ENDPOINT_POLICY_VARIABLE, parseEndpointPolicy, type EndpointPolicy } from './storage/endpoint-policy.js';
import type { StoreKind } from './stores/types.js';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface ServerConfig {
  port: number;
  bindAddress: string;
  /** PANGOLIN_ALLOWED_HOSTS: further names the Host header may carry (undefined = unset). */
  allowedHosts: HostName[] | undefined;
  dataDir: string;
  storeType: StoreKind;
  databaseUrl: string | undefined;
  /** MongoDB database name; overrides the URL path (MONGO_DB_NAME). */
  mongoDbName: string | undefined;
  /** Both set, or neither (root Basic auth is on only when both are). */
  rootUser: string | undefined;
  rootPassword: string | undefined;
  jwtSecret: string | undefined;
  encryptionKey: string | undefined;
  tokenTtlSeconds: number;
  /** Access-token lifetime for users who logged in (they refresh). */
  userTokenTtlSeconds: number;
  /** How long a login (refresh token) lasts. */
  sessionTtlSeconds: number;
  /** PANGOLIN_NO_AUTH: requests without credentials act as root. Loopback only. */
  noAuth: boolean;
  /** PANGOLIN_DEV_MODE: allows a weak root password (for throwaway local setups). */
  devMode: boolean;
  logLevel: LogLevel;
  /** Folder of the built web UI served at "/"; undefined = not served. */
  webRoot: string | undefined;
  /** PANGOLIN_STORAGE_ENDPOINT_ALLOW: which hosts a warehouse's storage endpoints may name. */
  storageEndpointPolicy: EndpointPolicy;
  limits: ServerLimits;
  aws: {
    accessKeyId: string | undefined;
    secretAccessKey: string | undefined;
    region: string | undefined;
    endpoint: string | undefined;
    /** PANGOLIN_SERVER_CREDENTIALS_TENANTS (storage/server-credentials.ts). */
    tenants: readonly string[] | '*';
  };
}

/** Request timeouts and quotas (README, "Limits"). */
export interface ServerLimits {
  /** PANGOLIN_HEADERS_TIMEOUT_SECONDS: time a client has to send a request's headers. */
  headersTimeoutSeconds: number;
  /** PANGOLIN_REQUEST_TIMEOUT_SECONDS: time a client has to send a whole request (headers and body). */
  requestTimeoutSeconds: number;
  /** PANGOLIN_METRICS_REPORTS_PER_MINUTE: metrics reports accepted per principal and minute. */
  metricsReportsPerMinute: number;
  /** PANGOLIN_METRICS_REPORTS_KEEP: metrics reports kept per catalog (the newest; older ones are deleted). */
  metricsReportsKeep: number;
}

const STORE_KINDS = ['memory', 'sqlite', 'postgres', 'mongodb'] as const;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

type Env = Record<string, string | undefined>;

const BOOL = z.enum(['true', 'false', '1', '0']).default('false').transform((v) => v === 'true' || v === '1');

/** "a,b:8443" → host names; every entry must parse (a typo would silently lock a name out). */
const ALLOWED_HOSTS = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined) return undefined;
    const out: HostName[] = [];
    for (const entry of v.split(',').map((e) => e.trim())) {
      const name = entry === '' ? undefined : parseHostName(entry);
      if (!name) {
        ctx.addIssue({ code: 'custom', message: `"${entry}" is not a host name` });
        return z.NEVER;
      }
      out.push(name);
    }
    return out;
  });

/** "private" (default), "public", "any", or hosts / addresses / CIDRs, with at most one of those levels. */
const ENDPOINT_POLICY = z
  .string()
  .optional()
  .transform((v, ctx) => {
    try {
      return parseEndpointPolicy(v);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
      return z.NEVER;
    }
  });

/** 127.0.0.0/8, ::1 and localhost: reachable from this machine only. */
export function isLoopback(address: string): boolean {
  return /^127(\.\d{1,3}){3}$/.test(address) || address === '::1' || address === 'localhost';
}

/** The per-user app-data folder used when PANGOLIN_DATA_DIR is unset. */
export function defaultDataDir(env: Env = process.env): string {
  const home = env.HOME ?? homedir();
  switch (platform()) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Pangolin Desktop');
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Pangolin Desktop');
    default:
      return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'pangolin-desktop');
  }
}

function check<T>(name: string, expects: string, schema: z.ZodType<T>, raw: string | undefined): T {
  const parsed = schema.safeParse(raw === '' ? undefined : raw);
  if (!parsed.success) {
    throw new ConfigError(`${name}=${JSON.stringify(raw)} is not valid: expected ${expects}`);
  }
  return parsed.data;
}

function inferStoreType(env: Env): StoreKind {
  if (env.PANGOLIN_STORAGE_TYPE) {
    return check('PANGOLIN_STORAGE_TYPE', STORE_KINDS.join('|'), z.enum(STORE_KINDS), env.PANGOLIN_STORAGE_TYPE);
  }
  const url = env.DATABASE_URL ?? '';
  if (/^postgres(ql)?:\/\//i.test(url)) return 'postgres';
  if (/^mongodb(\+srv)?:\/\//i.test(url)) return 'mongodb';
  if (/^(sqlite|file):/i.test(url)) return 'sqlite';
  if (url) {
    throw new ConfigError(
      `DATABASE_URL has an unknown scheme: expected postgres://, postgresql://, mongodb://, mongodb+srv:// or sqlite:<path> (set PANGOLIN_STORAGE_TYPE to choose explicitly)`,
    );
  }
  return 'sqlite';
}

export function loadConfig(env: Env = process.env): ServerConfig {
  const port = check('PORT', 'a port number from 0 to 65535', z.coerce.number().int().min(0).max(65535).default(8080), env.PORT);
  const bindAddress = check(
    'PANGOLIN_BIND_ADDRESS',
    'an IP address or host name such as 127.0.0.1, ::1 or 0.0.0.0',
    z.string().regex(/^[A-Za-z0-9.:_-]+$/).default('127.0.0.1'),
    env.PANGOLIN_BIND_ADDRESS,
  );
  const hostsParsed = ALLOWED_HOSTS.safeParse(env.PANGOLIN_ALLOWED_HOSTS || undefined);
  if (!hostsParsed.success) {
    throw new ConfigError(
      `PANGOLIN_ALLOWED_HOSTS=${JSON.stringify(env.PANGOLIN_ALLOWED_HOSTS)} is not valid (${hostsParsed.error.issues[0]?.message}): expected comma-separated host names or IP addresses, each optionally with :port, e.g. pangolin.lan,pangolin.lan:8443,[fd00::1] (no scheme, no path)`,
    );
  }
  const allowedHosts = hostsParsed.data;
  const dataDirRaw = env.PANGOLIN_DATA_DIR || defaultDataDir(env);
  const dataDir = isAbsolute(dataDirRaw) ? dataDirRaw : resolve(dataDirRaw);
  const storeType = inferStoreType(env);
  const databaseUrl = env.DATABASE_URL || undefined;
  if ((storeType === 'postgres' || storeType === 'mongodb') && !databaseUrl) {
    throw new ConfigError(`PANGOLIN_STORAGE_TYPE=${storeType} needs DATABASE_URL (e.g. ${storeType === 'postgres' ? 'postgresql://user:password@127.0.0.1:5432/pangolin' : 'mongodb://127.0.0.1:27017/pangolin'})`);
  }
  const mongoDbName = env.MONGO_DB_NAME
    ? check('MONGO_DB_NAME', 'a MongoDB database name (letters, digits, _ and -, at most 63 characters)', z.string().regex(/^[A-Za-z0-9_-]{1,63}$/), env.MONGO_DB_NAME)
    : undefined;
  const rootUser = env.PANGOLIN_ROOT_USER || undefined;
  const rootPassword = env.PANGOLIN_ROOT_PASSWORD || undefined;
  if (Boolean(rootUser) !== Boolean(rootPassword)) {
    const missing = rootUser ? 'PANGOLIN_ROOT_PASSWORD' : 'PANGOLIN_ROOT_USER';
    throw new ConfigError(`${missing} is not set: root Basic auth needs both PANGOLIN_ROOT_USER and PANGOLIN_ROOT_PASSWORD (or neither)`);
  }
  const devMode = check('PANGOLIN_DEV_MODE', 'true or false', BOOL, env.PANGOLIN_DEV_MODE);
  const weakness = rootPassword ? passwordProblem(rootPassword, rootUser) : undefined;
  if (weakness && !devMode) {
    throw new ConfigError(
      `PANGOLIN_ROOT_PASSWORD is too weak (${weakness}): use a long random one (e.g. \`openssl rand -base64 24\`), or set PANGOLIN_DEV_MODE=true for a throwaway local setup`,
    );
  }
  const noAuth = check('PANGOLIN_NO_AUTH', 'true or false', BOOL, env.PANGOLIN_NO_AUTH);
  if (noAuth && !isLoopback(bindAddress)) {
    throw new ConfigError(`PANGOLIN_NO_AUTH=true is only allowed on a loopback address, but PANGOLIN_BIND_ADDRESS is ${bindAddress}: bind to 127.0.0.1 or turn authentication on`);
  }
  const jwtSecret = env.PANGOLIN_JWT_SECRET || undefined;
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    throw new ConfigError('PANGOLIN_JWT_SECRET is too short: expected at least 32 characters (e.g. `openssl rand -hex 32`)');
  }
  const encryptionKey = env.PANGOLIN_ENCRYPTION_KEY || undefined;
  if (encryptionKey !== undefined && !/^[0-9a-fA-F]{64}$/.test(encryptionKey) && Buffer.from(encryptionKey, 'base64').length !== 32) {
    throw new ConfigError('PANGOLIN_ENCRYPTION_KEY is not valid: expected a 256-bit key as 64 hex characters or 32 bytes in base64 (e.g. `openssl rand -hex 32`)');
  }
  const tokenTtlSeconds = check(
    'PANGOLIN_TOKEN_TTL_SECONDS',
    'a whole number of seconds from 60 to 86400',
    z.coerce.number().int().min(60).max(86400).default(3600),
    env.PANGOLIN_TOKEN_TTL_SECONDS,
  );
  const userTokenTtlSeconds = check(
    'PANGOLIN_USER_TOKEN_TTL_SECONDS',
    'a whole number of seconds from 60 to 86400',
    z.coerce.number().int().min(60).max(86400).default(900),
    env.PANGOLIN_USER_TOKEN_TTL_SECONDS,
  );
  const sessionTtlSeconds = check(
    'PANGOLIN_SESSION_TTL_SECONDS',
    'a whole number of seconds from 300 to 7776000 (90 days)',
    z.coerce.number().int().min(300).max(7_776_000).default(7 * 24 * 3600),
    env.PANGOLIN_SESSION_TTL_SECONDS,
  );
  const logLevel = check('PANGOLIN_LOG_LEVEL', LOG_LEVELS.join('|'), z.enum(LOG_LEVELS).default('info'), env.PANGOLIN_LOG_LEVEL);
  const policyParsed = ENDPOINT_POLICY.safeParse(env[ENDPOINT_POLICY_VARIABLE] || undefined);
  if (!policyParsed.success) {
    throw new ConfigError(
      `${ENDPOINT_POLICY_VARIABLE}=${JSON.stringify(env[ENDPOINT_POLICY_VARIABLE])} is not valid (${policyParsed.error.issues[0]?.message}): expected private (the default: public, private and loopback addresses), public, any, and/or comma-separated host names, IP addresses or CIDR ranges, e.g. private,169.254.10.20 or minio.lan,10.0.0.0/8`,
    );
  }
  const endpoint = env.AWS_ENDPOINT_URL || env.S3_ENDPOINT || undefined;
  if (endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(endpoint)) {
    throw new ConfigError(`${env.AWS_ENDPOINT_URL ? 'AWS_ENDPOINT_URL' : 'S3_ENDPOINT'} is not valid: expected an http(s) URL such as http://127.0.0.1:9000`);
  }
  return {
    port,
    bindAddress,
    limits: parseLimits(env),
    allowedHosts,
    dataDir,
    storeType,
    databaseUrl,
    mongoDbName,
    rootUser,
    rootPassword,
    jwtSecret,
    encryptionKey,
    tokenTtlSeconds,
    userTokenTtlSeconds,
    sessionTtlSeconds,
    noAuth,
    devMode,
    logLevel,
    webRoot: env.PANGOLIN_WEB_ROOT || undefined,
    storageEndpointPolicy: policyParsed.data,
    aws: {
      accessKeyId: env.AWS_ACCESS_KEY_ID || undefined,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY || undefined,
      region: env.AWS_REGION || undefined,
      endpoint,
      tenants: parseTenantList(env.PANGOLIN_SERVER_CREDENTIALS_TENANTS),
    },
  };
}

/** PANGOLIN_SERVER_CREDENTIALS_TENANTS: comma-separated tenant names, `*` for all, empty for none. */
function parseTenantList(value: string | undefined): readonly string[] | '*' {
  if (value === undefined) return DEFAULT_SERVER_CREDENTIALS_TENANTS;
  if (value.trim() === '*') return '*';
  return value.split(',').map((t) => t.trim()).filter((t) => t !== '');
}

function parseLimits(env: Env): ServerLimits {
  const seconds = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);
  const headersTimeoutSeconds = check('PANGOLIN_HEADERS_TIMEOUT_SECONDS', 'a whole number of seconds from 1 to 600', seconds(600, 20), env.PANGOLIN_HEADERS_TIMEOUT_SECONDS);
  const requestTimeoutSeconds = check('PANGOLIN_REQUEST_TIMEOUT_SECONDS', 'a whole number of seconds from 1 to 3600', seconds(3600, 120), env.PANGOLIN_REQUEST_TIMEOUT_SECONDS);
  if (requestTimeoutSeconds < headersTimeoutSeconds) {
    throw new ConfigError(`PANGOLIN_REQUEST_TIMEOUT_SECONDS (${requestTimeoutSeconds}) must not be below PANGOLIN_HEADERS_TIMEOUT_SECONDS (${headersTimeoutSeconds}): the whole request includes its headers`);
  }
  const metricsReportsPerMinute = check(
    'PANGOLIN_METRICS_REPORTS_PER_MINUTE',
    'a whole number from 1 to 100000',
    z.coerce.number().int().min(1).max(100_000).default(DEFAULT_METRICS_REPORTS_PER_MINUTE),
    env.PANGOLIN_METRICS_REPORTS_PER_MINUTE,
  );
  const metricsReportsKeep = check(
    'PANGOLIN_METRICS_REPORTS_KEEP',
    'a whole number from 1 to 1000000',
    z.coerce.number().int().min(1).max(1_000_000).default(DEFAULT_METRICS_REPORTS_KEEP),
    env.PANGOLIN_METRICS_REPORTS_KEEP,
  );
  return { headersTimeoutSeconds, requestTimeoutSeconds, metricsReportsPerMinute, metricsReportsKeep };
}
