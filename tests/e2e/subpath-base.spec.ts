/**
 * The app built with BASE_PATH=/sub/path/ (as GitHub Pages serves a project site) and served
 * under that prefix: it loads, searches, installs its service worker for that scope, and no
 * request misses (every runtime URL derives from the base path).
 */
import { expect, test } from '@playwright/test';
import { openApp, rankedResults, uploadFixture } from './helpers.ts';
import { watchPrivacy } from './privacy-watch.ts';

test.use({ serviceWorkers: 'allow' });
test.setTimeout(120_000);

test('under /sub/path/ the app loads and searches with no 404 and no foreign request', async ({ page, baseURL }) => {
  expect(baseURL).toMatch(/\/sub\/path\/$/);
  const watch = await watchPrivacy(page, baseURL!);
  await openApp(page);
  await uploadFixture(page, 'galleryCopy');
  const hits = await rankedResults(page);
  expect(hits[0].id).toBe('noto/1f432');
  await expect(page.getByTestId('result-item').first().locator('img')).toHaveJSProperty('complete', true);
  expect(await page.getByTestId('result-item').first().locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await expect(page.getByTestId('offline')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope)).toBe(baseURL);
  await watch.check();
});
