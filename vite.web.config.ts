// Builds the renderer as a plain web app into out/renderer: the headless server
// (`npm start`) and the Electron main process both serve this folder at "/".
// Relative asset URLs (base './') keep the build valid at any mount point; the
// app uses hash routes, so the server's SPA fallback never has to rewrite asset paths.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Where `npm start` / Electron dev run the catalog server (proxied in `vite dev`). */
const devApiTarget = `http://127.0.0.1:${process.env.PORT ?? '8080'}`;

/** Shared by this file and electron.vite.config.ts so both builds are identical. */
export const rendererConfig = {
  root: resolve(here, 'src/renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(here, 'out/renderer'),
    emptyOutDir: true,
    // No source maps in out/renderer: the server serves that folder, and electron-builder
    // packs it (`vite dev` maps the sources without them).
    sourcemap: false,
    // electron-vite turns minification off by default; keep both builds identical.
    minify: true,
    cssMinify: true,
  },
  server: {
    proxy: {
      '/v1': { target: devApiTarget, changeOrigin: false },
      '/api': { target: devApiTarget, changeOrigin: false },
    },
  },
} satisfies UserConfig;

export default defineConfig(rendererConfig);
