/**
 * With the (tiny, test) CLIP model shipped with the site: after one visit, text search works
 * with the network off — the app shell from the service worker, the model files from
 * transformers.js's own cache (the one owner of model files) — within the CSP, on this origin only.
 */
import { expect, test } from '@playwright/test';
import { openApp, rankedResults } from './helpers.ts';
import { watchPrivacy } from './privacy-watch.ts';

test.use({ serviceWorkers: 'allow' });
test.setTimeout(120_000);

test('text search with the tiny model works offline after one visit, with no foreign request or CSP violation', async ({ page, context, baseURL }) => {
  const watch = await watchPrivacy(page, baseURL!);
  await openApp(page);
  await expect(page.getByTestId('clip-status')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await expect(page.getByTestId('offline')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await watch.check();

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('clip-status')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await page.getByTestId('query-text').fill('red');
  await page.getByTestId('query-text').press('Enter');
  const hits = await rankedResults(page);
  expect(hits[0].score).toBeGreaterThan(0.9);
  await expect(page.getByTestId('result-item').first()).toContainText(/red/i);
});
