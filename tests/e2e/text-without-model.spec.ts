/**
 * The default build ships no CLIP model: a text query never breaks a search. The text gets an
 * inline card (what text search needs, and Enable where the site allows the Hub download), the
 * engine is never switched to CLIP and left there, build commands stay out of the page, and
 * nothing leaves the origin unless the person asks.
 */
import { expect, test } from '@playwright/test';
import { GALLERY_FIXTURE_ID } from '../fixtures/generate.ts';
import { openApp, rankedResults, uploadFixture, openView } from './helpers.ts';

test('a text alone gets the card and keeps the engine; no build command shows', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await openApp(page);
  await expect(page.getByTestId('clip-status')).toHaveAttribute('data-state', 'unavailable');

  await page.getByTestId('query-text').fill('a red apple');
  await page.getByTestId('query-text').press('Enter');
  const card = page.getByTestId('text-search-card');
  await expect(card).toContainText('Text search needs a model (~150 MB, once)');
  await expect(card).toHaveAttribute('data-kind', 'enable');
  await expect(page.getByTestId('text-search-enable')).toBeVisible();
  await expect(page.getByTestId('search-error')).toHaveCount(0);
  await expect(page.getByTestId('engine-select')).toHaveValue('auto');

  await openView(page, 'model');
  await expect(page.getByTestId('clip-download')).toBeVisible();
  await expect(page.locator('body')).not.toContainText('npm run');

  // Nothing was fetched from another origin (no silent Hub download).
  const origin = new URL(page.url()).origin;
  expect(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([]);
});

test('text plus an image without a model: the image is searched with the current engine, the text gets the card', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('query-text').fill('a red apple');
  await page.getByTestId('query-text').press('Enter');
  await expect(page.getByTestId('text-search-card')).toBeVisible();
  await expect(page.getByTestId('engine-select')).toHaveValue('auto');

  // Adding an image after the failed text query searches it: the engine was not left on CLIP.
  await uploadFixture(page, 'galleryCopy');
  const hits = await rankedResults(page);
  expect(hits[0].id).toBe(GALLERY_FIXTURE_ID);
  await expect(page.getByTestId('text-search-card')).toContainText('a red apple');
  await expect(page.getByTestId('search-error')).toHaveCount(0);
  await expect(page.getByTestId('search-status')).not.toContainText('CLIP');
});
