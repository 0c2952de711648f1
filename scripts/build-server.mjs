#!/usr/bin/env node
// Builds the headless server (src/server/cli.ts) into out/server/cli.js for `npm start`:
// one ES module bundle with source maps, lazily imported modules (stores, object stores,
// cloud SDK adapters) as split chunks loaded on first use. Dependencies stay in
// node_modules (imported at run time), except the pure-ESM packages below, which are
// inlined: each is dozens of small files (zod alone ~100 with its locales), and resolving,
// reading and compiling them one by one cost ~60 ms of every start.
// The Electron app does not use this bundle (its main process imports createServer).
//   node scripts/build-server.mjs            build into out/server (emptied first)
//   node scripts/build-server.mjs <outdir>   build elsewhere (the bench uses it)
import { rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Pure-ESM, dependency-free, no file access of their own: safe to inline. */
export const INLINED_PACKAGES = ['zod', 'lossless-json'];

/** Bundles the server into `outdir`; returns the entry's path. */
export async function buildServer(outdir = resolve(ROOT, 'out/server')) {
  const { build } = await import('esbuild');
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: [resolve(ROOT, 'src/server/cli.ts')],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    sourcesContent: false, // the maps point at src/ (smaller maps: cheaper to load with --enable-source-maps)
    logLevel: 'warning',
    plugins: [externalPackages(INLINED_PACKAGES), englishOnlyZod()],
  });
  return resolve(outdir, 'cli.js');
}

/** Every bare import (a package or node: builtin) stays external, except `inlined` packages. */
function externalPackages(inlined) {
  const keep = new Set(inlined);
  return {
    name: 'external-packages',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:')) return { external: true };
        const parts = args.path.split('/');
        const pkg = args.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
        return keep.has(pkg) ? undefined : { external: true };
      });
    },
  };
}

/**
 * zod's `z` namespace re-exports every locale (`z.locales`, ~360 KB that esbuild cannot
 * drop); the server only uses the English messages zod installs by itself (its own import
 * of locales/en.js), so `z.locales` holds just `en` in this bundle.
 */
function englishOnlyZod() {
  return {
    name: 'english-only-zod',
    setup(b) {
      b.onLoad({ filter: /[\\/]node_modules[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
        contents: "export { default as en } from './en.js';",
        resolveDir: dirname(args.path),
      }));
    },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const entry = await buildServer(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`server bundle: ${entry} (${Math.round(performance.now() - started)} ms)`);
}
