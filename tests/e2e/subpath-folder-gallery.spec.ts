/**
 * A gallery built with `npm run gallery -- --from DIR --name sample --credits …` from a folder the
 * project has never seen (scripts/lib/sample-folder.ts: a dozen photos in subfolders, three bad
 * files), shipped beside the emoji demo in the sub-path site (npm run build:test-site) and opened
 * with ?gallery=sample: listed in the switcher, searchable, its credits in the lightbox and footer.
 */
import { expect, test } from '@playwright/test';
import { rankedResults } from './helpers.ts';

const PHOTO = '.cache/test-sample-folder/photos/harbour/photo-1.jpg';

test('?gallery=sample opens the folder gallery under /sub/path/: search, credits, switcher', async ({ page, baseURL }) => {
  expect(baseURL).toMatch(/\/sub\/path\/$/);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const missing: string[] = [];
  page.on('response', (r) => { if (r.status() >= 400) missing.push(`${r.status()} ${r.url()}`); });

  await page.goto('./?gallery=sample');
  await expect(page.getByText('Sample photos: 12 images')).toBeVisible();
  await expect(page.getByTestId('gallery-credit')).toHaveText('Sample photos: synthetic test images');
  await expect(page.getByTestId('gallery-credit').getByRole('link')).toHaveAttribute('href', 'https://example.org/sample');
  await expect(page.getByTestId('gallery-switch')).toHaveValue('sample');

  await page.getByTestId('query-file').setInputFiles(PHOTO);
  const hits = await rankedResults(page);
  expect(hits[0].id).toBe('harbour/photo-1.jpg');
  const first = page.getByTestId('result-item').first();
  await expect(first.locator('img')).toHaveAttribute('src', /\/sub\/path\/galleries\/sample\/thumbs\/[0-9a-f]{20}\.jpg$/);

  await first.getByTestId('result-open').click();
  const box = page.getByTestId('lightbox');
  await expect(box).toBeVisible();
  await expect(page.getByTestId('lightbox-name')).toHaveText('Harbour at dawn');
  await expect(page.getByTestId('lightbox-author')).toHaveText('Test Photographer');
  await expect(page.getByTestId('lightbox-licence')).toHaveText('CC-BY-4.0');
  await expect(page.getByTestId('lightbox-credit-link')).toHaveAttribute('href', 'https://example.org/harbour-1');
  await expect(box.locator('img')).toHaveAttribute('src', /\/sub\/path\/galleries\/sample\/images\/[0-9a-f]{20}\.jpg$/);
  await page.keyboard.press('Escape');

  // The switcher goes back to the default gallery, the emoji demo.
  await page.getByTestId('gallery-switch').selectOption('');
  await expect(page).toHaveURL(/\/sub\/path\/$/);
  await expect(page.getByText(/Emoji demo gallery: [\d,]+ images/)).toBeVisible();
  expect(errors).toEqual([]);
  expect(missing).toEqual([]);
});
