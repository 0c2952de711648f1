// Headless entry point: `npm start` runs it bundled (out/server/cli.js, built by
// scripts/build-server.mjs), `npm run serve` through tsx. Starts the catalog on the
// embedded default (SQLite store, local-folder warehouse) and prints how to connect PyIceberg.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './config.js';
import { createServer, type ServerHandle } from './index.js';
import { StoreError } from './stores/types.js';

function clientUrl(url: string, bind: string): string {
  // A wildcard bind is reachable on loopback; print the address a local client can use.
  return bind === '0.0.0.0' || bind === '::' ? url.replace(/\/\/[^/]+:/, '//127.0.0.1:') : url;
}

export function connectionSnippet(url: string, handle: ServerHandle): string {
  const b = handle.bootstrap;
  return [
    'Connect PyIceberg (pip install "pyiceberg[pyarrow,pyiceberg-core]"):',
    '',
    '    from pyiceberg.catalog import load_catalog',
    '    catalog = load_catalog(',
    `        "${b.catalogName}",`,
    '        type="rest",',
    `        uri="${url}",`,
    `        warehouse="${b.catalogName}",`,
    `        credential="${b.clientId}:${b.clientSecret}",`,
    '    )',
    '',
    `Credential file (keep it private): ${b.credentialsFile}`,
    `Data dir: ${handle.config.dataDir} (store: ${handle.store.kind}; warehouse: ${b.warehouseLocation})`,
  ].join('\n');
}

async function serve(): Promise<void> {
  const env = { ...process.env };
  if (!env.PANGOLIN_WEB_ROOT) {
    // Two levels up is the project root from src/server/cli.ts and from out/server/cli.js.
    const built = fileURLToPath(new URL('../../out/renderer', import.meta.url));
    if (existsSync(built)) env.PANGOLIN_WEB_ROOT = built;
  }
  const config = loadConfig(env);
  const handle = await createServer(config);
  const { url } = await handle.listen();
  const reachable = clientUrl(url, config.bindAddress);
  process.stdout.write(`Pangolin catalog listening on ${reachable}\n`);
  process.stdout.write(`Web UI: ${reachable}/\n\n${connectionSnippet(reachable, handle)}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    handle.logger.info({ signal }, 'shutting down');
    handle.close().then(
      () => process.exit(0),
      (err: unknown) => {
        handle.logger.error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

async function main(argv: string[]): Promise<void> {
  const command = argv[0] ?? 'serve';
  if (command === 'serve') return serve();
  process.stderr.write(`Unknown command "${command}". Usage: pangolin serve\n`);
  process.exit(2);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${err.message}\n`);
    process.exit(78);
  }
  if (err instanceof StoreError) {
    process.stderr.write(`Metadata store error: ${err.message}\n`);
    process.exit(1);
  }
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'EADDRINUSE') {
    process.stderr.write(`Port already in use: ${e.message}. Set PORT to a free port (e.g. PORT=8181 npm start) or stop the other process.\n`);
    process.exit(98);
  }
  process.stderr.write(`Failed to start: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
