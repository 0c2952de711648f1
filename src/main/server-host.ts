// Owns the embedded catalog server: start (probe the port first, bind 127.0.0.1), stop,
// status, and a per-launch session token for the window (minted with the local client
// credential and refreshed before it expires). The server is injected for tests.
import { createServer as netCreateServer } from 'node:net';
import { loadConfig as defaultLoadConfig, type ServerConfig } from '../server/config.js';
import { createServer as defaultCreateServer, type ServerHandle } from '../server/index.js';

export const LOOPBACK = '127.0.0.1';

export class PortInUseError extends Error {
  readonly code = 'EADDRINUSE';
  constructor(
    readonly port: number,
    readonly host: string,
    readonly suggestedPort: number | undefined,
  ) {
    super(
      `Port ${port} on ${host} is already in use (another Pangolin or catalog server may be running). ` +
        (suggestedPort ? `Port ${suggestedPort} is free: use it instead, ` : 'Choose another port, ') +
        `or stop the other process. Clients such as PyIceberg must then use the new port in their uri.`,
    );
    this.name = 'PortInUseError';
  }
}

/** Resolves true when nothing listens on host:port (we could bind it). */
export function isPortFree(port: number, host = LOOPBACK): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = netCreateServer();
    probe.unref();
    probe.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') resolve(false);
      else reject(err);
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** The first free port after `from` (up to `attempts` tries), else undefined. */
export async function findFreePort(from: number, host = LOOPBACK, attempts = 20): Promise<number | undefined> {
  for (let p = from; p < from + attempts && p <= 65535; p++) {
    if (await isPortFree(p, host)) return p;
  }
  return undefined;
}

export interface HostLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface ServerHostDeps {
  createServer?: (config: ServerConfig) => Promise<ServerHandle>;
  loadConfig?: (env: Record<string, string | undefined>) => ServerConfig;
  fetch?: typeof fetch;
  logger?: HostLogger;
}

export interface StartOptions {
  /** Port from the settings; PORT in `env` wins over it. */
  port: number;
  /** Electron's userData folder; PANGOLIN_DATA_DIR in `env` wins over it. */
  dataDir: string;
  /** The built renderer (out/renderer), served at "/". */
  webRoot?: string;
  /** Usually process.env. */
  env?: Record<string, string | undefined>;
}

export type ServerStatus =
  | { state: 'stopped' }
  | { state: 'starting' }
  | { state: 'running'; url: string; port: number; dataDir: string }
  | { state: 'stopping' }
  | { state: 'failed'; error: string };

export class ServerHost {
  private handle: ServerHandle | undefined;
  private current: ServerStatus = { state: 'stopped' };
  private token: string | undefined;
  private url: string | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(status: ServerStatus) => void>();
  private readonly deps: Required<ServerHostDeps>;

  constructor(deps: ServerHostDeps = {}) {
    this.deps = {
      createServer: deps.createServer ?? ((config) => defaultCreateServer(config)),
      loadConfig: deps.loadConfig ?? defaultLoadConfig,
      fetch: deps.fetch ?? fetch,
      logger: deps.logger ?? console,
    };
  }

  status(): ServerStatus {
    return this.current;
  }

  /** Calls `listener` on every status change (window title, tray); returns an unsubscribe. */
  onStatusChange(listener: (status: ServerStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setStatus(status: ServerStatus): void {
    this.current = status;
    for (const listener of this.listeners) {
      try {
        listener(status);
      } catch (e) {
        this.deps.logger.warn(`A server status listener failed: ${(e as Error).message}`);
      }
    }
  }

  /** Bearer token for the window; undefined until the server has started. */
  get sessionToken(): string | undefined {
    return this.token;
  }

  async start(options: StartOptions): Promise<{ url: string; port: number }> {
    if (this.current.state === 'running' || this.current.state === 'starting' || this.current.state === 'stopping') {
      throw new Error(`The catalog server is already ${this.current.state}`);
    }
    this.setStatus({ state: 'starting' });
    try {
      const env: Record<string, string | undefined> = { ...options.env };
      env.PORT ??= String(options.port);
      if (!env.PANGOLIN_DATA_DIR) env.PANGOLIN_DATA_DIR = options.dataDir; // as config.ts: empty = unset
      if (options.webRoot) env.PANGOLIN_WEB_ROOT ??= options.webRoot;
      // The desktop catalog is for this machine only.
      env.PANGOLIN_BIND_ADDRESS = LOOPBACK;
      const config = this.deps.loadConfig(env);

      if (config.port !== 0 && !(await isPortFree(config.port, config.bindAddress))) {
        throw new PortInUseError(config.port, config.bindAddress, await findFreePort(config.port + 1, config.bindAddress));
      }
      const handle = await this.deps.createServer(config);
      let bound: { url: string; port: number };
      try {
        bound = await handle.listen();
      } catch (e) {
        await handle.close().catch(() => undefined);
        if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          // Lost a race with another process between the probe and listen().
          throw new PortInUseError(config.port, config.bindAddress, await findFreePort(config.port + 1, config.bindAddress));
        }
        throw e;
      }
      this.handle = handle;
      this.url = bound.url;
      try {
        await this.refreshToken();
      } catch (e) {
        await this.stop();
        throw e;
      }
      this.setStatus({ state: 'running', url: bound.url, port: bound.port, dataDir: config.dataDir });
      this.deps.logger.info(`Pangolin catalog listening on ${bound.url} (data: ${config.dataDir})`);
      return bound;
    } catch (e) {
      this.setStatus({ state: 'failed', error: e instanceof Error ? e.message : String(e) });
      throw e;
    }
  }

  async stop(): Promise<void> {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    this.token = undefined;
    this.url = undefined;
    const handle = this.handle;
    this.handle = undefined;
    if (!handle) {
      if (this.current.state !== 'stopped') this.setStatus({ state: 'stopped' });
      return;
    }
    this.setStatus({ state: 'stopping' });
    try {
      await handle.close();
    } finally {
      this.setStatus({ state: 'stopped' });
    }
  }

  /** Mints a token with the server's local client credential over HTTP, then re-arms. */
  private async refreshToken(): Promise<void> {
    const handle = this.handle;
    if (!handle || !this.url) return;
    const { clientId, clientSecret } = handle.bootstrap;
    const res = await this.deps.fetch(`${this.url}/v1/oauth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'catalog' }).toString(),
    });
    if (!res.ok) throw new Error(`Could not get a session token from the embedded server: HTTP ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string') throw new Error('The embedded server returned no access_token');
    if (this.handle !== handle) return; // stopped meanwhile
    this.token = body.access_token;
    const ttl = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
    // Renew at half-life; the window picks the new token up on its next load.
    this.refreshTimer = setTimeout(() => {
      this.refreshToken().catch((e: unknown) => this.deps.logger.warn(`Session token refresh failed: ${(e as Error).message}`));
    }, Math.max(30, ttl / 2) * 1000);
    this.refreshTimer.unref();
  }
}
