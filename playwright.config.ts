import { defineConfig, devices } from '@playwright/test';
import { chromiumLaunchOptions } from './scripts/lib/chromium.ts';

/**
 * End-to-end tests against the built sites (`npm run test:e2e` builds both first). See docs/TESTING.md.
 * - project "app":  dist/, the default build: no model shipped, weight-free engines only;
 * - project "clip": dist-clip/, the same app shipping the tiny test CLIP and translation models
 *   (npm run build:test-site); specs named clip-*.spec.ts run there.
 */
const PORT = 4174;
const CLIP_PORT = 4176;
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
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    video: 'off',
    launchOptions: chromiumLaunchOptions,
  },
  projects: [
    { name: 'app', testIgnore: /clip-.*\.spec\.ts/, use: { baseURL: `http://127.0.0.1:${PORT}${BASE}` } },
    { name: 'clip', testMatch: /clip-.*\.spec\.ts/, use: { baseURL: `http://127.0.0.1:${CLIP_PORT}${BASE}` } },
  ],
  webServer: [PORT, CLIP_PORT].map((port) => ({
    command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort${port === CLIP_PORT ? ' --outDir dist-clip' : ''}`,
    url: `http://127.0.0.1:${port}${BASE}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
  })),
});
