import { defineConfig, devices } from '@playwright/test';
import { chromiumLaunchOptions } from './scripts/lib/chromium.ts';

/**
 * End-to-end tests against the built sites (`npm run test:e2e` builds both first). See docs/TESTING.md.
 * - project "app":  dist/, the default build: no model shipped, weight-free engines only;
 * - project "clip": dist-clip/, the same app shipping the tiny test CLIP and translation models
 *   (npm run build:test-site); specs named clip-*.spec.ts run there.
 */
/** APP_DIST / APP_PORT (CLIP_DIST / CLIP_PORT for the clip site) let a second checkout-in-progress test its own build beside the default one. */
const PORT = Number(process.env.APP_PORT) || 4174;
const APP_DIST = process.env.APP_DIST || 'dist';
const CLIP_PORT = Number(process.env.CLIP_PORT) || 4176;
const CLIP_DIST = process.env.CLIP_DIST || 'dist-clip';
/** dist-sub/: the default app built and served under a sub-path, as GitHub Pages serves a project site */
/** SUB_PORT lets a checkout test its own dist-sub/ when another one's is already served on 4177. */
const SUB_PORT = Number(process.env.SUB_PORT) || 4177;
const SUB_PATH = '/sub/path/';
/** Same base path as the build (BASE_PATH), so a GitHub Pages-style build is tested where it lives. */
const BASE = (() => {
  const raw = process.env.BASE_PATH?.trim() || '/';
  const lead = raw.startsWith('/') ? raw : `/${raw}`;
  return lead.endsWith('/') ? lead : `${lead}/`;
})();

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  globalSetup: './tests/e2e/global-setup.ts',
  fullyParallel: false,
  workers: process.env.CI ? 1 : 2,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    ...devices['Desktop Chrome'],
    headless: true,
    viewport: { width: 1280, height: 900 },
    // English UI and en-US number formats whatever the machine's language (the app follows navigator.languages).
    locale: 'en-US',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    video: 'off',
    launchOptions: chromiumLaunchOptions,
    // The offline service worker stores ~20 MB on every fresh context; only the specs about
    // offline use, installability and privacy let it run (test.use({ serviceWorkers: 'allow' })).
    serviceWorkers: 'block',
  },
  projects: [
    { name: 'app', testIgnore: /(clip|subpath)-.*\.spec\.ts/, use: { baseURL: `http://127.0.0.1:${PORT}${BASE}` } },
    { name: 'clip', testMatch: /clip-.*\.spec\.ts/, use: { baseURL: `http://127.0.0.1:${CLIP_PORT}${BASE}` } },
    { name: 'subpath', testMatch: /subpath-.*\.spec\.ts/, use: { baseURL: `http://127.0.0.1:${SUB_PORT}${SUB_PATH}` } },
  ],
  webServer: [
    { port: PORT, dir: APP_DIST, base: BASE },
    { port: CLIP_PORT, dir: CLIP_DIST, base: BASE },
    { port: SUB_PORT, dir: 'dist-sub', base: SUB_PATH },
  ].map(({ port, dir, base }) => ({
    command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort --outDir ${dir}`,
    env: { BASE_PATH: base },
    url: `http://127.0.0.1:${port}${base}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
  })),
});
