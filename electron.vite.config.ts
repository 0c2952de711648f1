// electron-vite: main (ESM, out/main), preload (one CJS file, out/preload/index.cjs,
// required by sandbox: true), renderer (src/renderer → out/renderer, same build as
// vite.web.config.ts so the embedded server serves it unchanged).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './vite.web.config.js';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  main: {
    build: {
      outDir: resolve(here, 'out/main'),
      // Node-side deps (express, better-sqlite3, pino, ...) stay in node_modules.
      externalizeDeps: true,
      rolldownOptions: {
        input: { index: resolve(here, 'src/main/index.ts') },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(here, 'out/preload'),
      // A sandboxed preload cannot require() anything but 'electron': bundle everything
      // into a single CommonJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(here, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...rendererConfig,
    build: {
      ...rendererConfig.build,
      rolldownOptions: { input: { index: resolve(here, 'src/renderer/index.html') } },
    },
  },
});
