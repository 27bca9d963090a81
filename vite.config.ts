/// <reference types="vitest/config" />
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { binaryTypes } from './scripts/vite/binary-types.ts';
import { modelsIndex } from './scripts/vite/models-index.ts';
import { serviceWorker } from './scripts/vite/service-worker.ts';
import { staticDirOverrides } from './scripts/vite/static-dirs.ts';

/**
 * BASE_PATH: where the site is served from, e.g. "/offline-image-search/" on GitHub Pages.
 * Every runtime URL derives from import.meta.env.BASE_URL, which Vite sets from `base`.
 */
function basePath(): string {
  const raw = process.env.BASE_PATH?.trim();
  if (!raw) return '/';
  const withLead = raw.startsWith('/') || raw.startsWith('.') ? raw : `/${raw}`;
  return withLead.endsWith('/') ? withLead : `${withLead}/`;
}

export default defineConfig({
  base: basePath(),
  // No SPA fallback: a missing model or gallery file must be a 404, not index.html.
  appType: 'mpa',
  plugins: [svelte(), staticDirOverrides({ GALLERY_DIR: process.env.GALLERY_DIR, MODELS_DIR: process.env.MODELS_DIR }), modelsIndex(), serviceWorker(), binaryTypes()],
  // Workers are ES modules: they import the shared core and split into chunks like the page does.
  worker: { format: 'es' },
  build: { outDir: process.env.OUT_DIR || 'dist', target: 'es2022', sourcemap: true },
  preview: { host: '127.0.0.1' },
  test: {
    include: ['tests/unit/**/*.test.ts', 'src/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**', 'dist/**'],
    environment: 'node',
  },
});
