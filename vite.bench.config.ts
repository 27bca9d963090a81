import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * Builds the scale benchmark page (scripts/bench/scale-browser/: a page and a dedicated worker
 * running scripts/bench/scale-core.ts) into .cache/bench-scale/, which scripts/bench/scale-section.ts
 * serves and drives in headless Chromium:
 *   npx vite build --config vite.bench.config.ts
 * Not the app: no Svelte, no service worker, no CSP.
 */
const root = fileURLToPath(new URL('./scripts/bench/scale-browser', import.meta.url));
const outDir = fileURLToPath(new URL('.cache/bench-scale', import.meta.url));

export default defineConfig({
  root,
  base: './',
  appType: 'mpa',
  logLevel: 'warn',
  worker: { format: 'es' },
  build: { outDir, emptyOutDir: true, target: 'es2022', sourcemap: false, reportCompressedSize: false },
});
