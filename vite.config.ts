/// <reference types="vitest/config" />
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

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
  plugins: [svelte()],
  // Workers are ES modules: they import the shared core and split into chunks like the page does.
  worker: { format: 'es' },
  build: { outDir: 'dist', target: 'es2022', sourcemap: true },
  preview: { host: '127.0.0.1' },
  test: {
    include: ['tests/unit/**/*.test.ts', 'src/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**', 'dist/**'],
    environment: 'node',
  },
});
