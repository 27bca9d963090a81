/**
 * The default build ships no CLIP model: text search must say why it is off and how to get it,
 * and nothing else may break.
 */
import { expect, test } from '@playwright/test';
import { GALLERY_FIXTURE_ID } from '../fixtures/generate.ts';
import { openApp, rankedResults, uploadFixture } from './helpers.ts';

test('text search explains that the model is missing; image search still works', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await openApp(page);
  await expect(page.getByTestId('clip-status')).toHaveAttribute('data-state', 'unavailable');

  await page.getByTestId('query-text').fill('a dog on the beach');
  await page.getByTestId('query-text').press('Enter');
  const error = page.getByTestId('search-error');
  await expect(error).toContainText('not shipped with this site');
  await expect(error).toContainText('npm run models');
  await page.getByTestId('clip-panel').locator('summary').click();
  await expect(page.getByTestId('clip-download')).toBeVisible();

  // An image query with a weight-free engine works as before.
  await page.getByTestId('engine-select').selectOption('classic');
  await uploadFixture(page, 'galleryCopy');
  const hits = await rankedResults(page);
  expect(hits[0].id).toBe(GALLERY_FIXTURE_ID);
  // Nothing was fetched from another origin (no silent Hub download).
  const origin = new URL(page.url()).origin;
  expect(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([]);
});
