// Checks that need no running server, for `npm run doctor`: the environment variables as
// the server parses them (config.ts), root credentials both-or-neither, the AWS_* settings of warehouse-less catalogs,
// whether the port is free or held by a Pangolin server, whether the data folder is
// writable, and the database permissions of the configured PostgreSQL store.
import { randomUUID } from 'node:crypto';
import { mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { TroubleshootStep } from '../../shared/api/troubleshoot.js';
import { ConfigError, loadConfig, type ServerConfig } from '../config.js';
import { rootAuthStep } from './auth-checks.js';
import { databasePermissionsStep } from './database-permissions.js';
import { awsEnvStep } from './server-credentials-check.js';

export { awsEnvStep };

type Env = Record<string, string | undefined>;

export function envStep(env: Env): { step: TroubleshootStep; config?: ServerConfig } {
  const title = 'Environment variables';
  try {
    const config = loadConfig(env);
    const facts = [`store ${config.storeType}`, `data folder ${config.dataDir}`, `listen on ${config.bindAddress}:${config.port}`, `log level ${config.logLevel}`];
    return { step: { id: 'env', title, status: 'pass', message: `Every PANGOLIN_* variable is valid: ${facts.join(', ')}` }, config };
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return { step: { id: 'env', title, status: 'fail', message: e.message, fix: 'Fix the variable named above (README, "Environment variables"); the server refuses to start until then' } };
  }
}

/** Tries to bind host:port; 'in-use' when another process holds it. */
export function probePort(host: string, port: number): Promise<'free' | 'in-use' | { error: string }> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'EADDRINUSE' ? 'in-use' : { error: `${e.code ?? ''} ${e.message}`.trim() }));
    srv.listen({ host, port, exclusive: true }, () => srv.close(() => resolve('free')));
  });
}

/** Is the configured port free, held by a Pangolin server, or held by something else? */
export async function portStep(host: string, port: number, fetchImpl: typeof fetch = fetch): Promise<TroubleshootStep> {
  const title = `Port ${port} on ${host}`;
  if (port === 0) return { id: 'port', title, status: 'skip', message: 'PORT=0: the server picks a free port when it starts' };
  const state = await probePort(host, port);
  const local = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  if (state === 'free') return { id: 'port', title, status: 'pass', message: `Free: nothing listens there, so a server started with this environment can bind it (no server is running on it now)` };
  if (state !== 'in-use') return { id: 'port', title, status: 'fail', message: `Cannot bind ${host}:${port}: ${state.error}`, fix: 'Set PANGOLIN_BIND_ADDRESS to an address of this machine (127.0.0.1 or 0.0.0.0) and PORT to a free port' };
  try {
    const res = await fetchImpl(`http://${local}:${port}/api/v1/health`, { signal: AbortSignal.timeout(3000) });
    const body = (await res.json()) as { status?: string; version?: string };
    if (res.ok && body.status === 'ok') return { id: 'port', title, status: 'pass', message: `In use by a Pangolin server (version ${body.version ?? '?'})` };
  } catch {
    // not a Pangolin server
  }
  return { id: 'port', title, status: 'fail', message: `Another program listens on ${host}:${port}: the server cannot start there ("Port already in use")`, fix: `Stop that program, or start Pangolin on a free port: PORT=${port === 8080 ? 8181 : port + 1} npm start` };
}

export function dataDirStep(dataDir: string): TroubleshootStep {
  const title = 'Data folder writable';
  const probe = join(dataDir, `.pangolin-doctor-${randomUUID()}`);
  try {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(probe, 'ok', { mode: 0o600 });
    unlinkSync(probe);
    return { id: 'data-dir', title, status: 'pass', message: `${dataDir} is writable (catalog.db, keys, credentials.json and the local warehouse live there)` };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return {
      id: 'data-dir',
      title,
      status: 'fail',
      message: `Cannot write in ${dataDir}: ${err.code ?? ''} ${err.message}`.trim(),
      fix: err.code === 'EACCES' || err.code === 'EPERM' ? `Give your user write access (chown -R "$USER" "${dataDir}") or set PANGOLIN_DATA_DIR to a folder you own` : 'Set PANGOLIN_DATA_DIR to a writable folder',
    };
  }
}

/** Every local check, in order. */
export async function localChecks(env: Env, fetchImpl: typeof fetch = fetch): Promise<TroubleshootStep[]> {
  const { step, config } = envStep(env);
  const steps = [step, rootAuthStep(Boolean(env.PANGOLIN_ROOT_USER), Boolean(env.PANGOLIN_ROOT_PASSWORD)), awsEnvStep(env, config?.storageEndpointPolicy)];
  if (!config) return steps;
  steps.push(await portStep(config.bindAddress, config.port, fetchImpl));
  steps.push(dataDirStep(config.dataDir));
  steps.push(await databasePermissionsStep({ kind: config.storeType, databaseUrl: config.databaseUrl, schema: 'public' }));
  return steps;
}
