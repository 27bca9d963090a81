import { expect, test } from '@playwright/test';
import { GALLERY_FIXTURE_ID } from '../fixtures/generate.ts';
import { openApp, pasteFixture, rankedResults, results, uploadFixture, chooseSetting, openSettings } from './helpers.ts';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

test('a gallery image, uploaded with the file picker, finds itself first', async ({ page }) => {
  await uploadFixture(page, 'galleryCopy');
  const ranked = await rankedResults(page);
  expect(ranked[0].id).toBe(GALLERY_FIXTURE_ID);
  expect(ranked[0].score).toBeGreaterThan(0.999); // classic's default measure is cosine: itself ≈ 1
  expect(ranked).toHaveLength(20);
  await expect(page.getByTestId('query-preview')).toContainText('gallery-dragon.png');
  await expect(page.getByTestId('measure-select')).toHaveValue('cosine');
  // "Best available", the default, searched with classic: this build ships no CLIP model.
  await expect(page.getByTestId('engine-select')).toHaveValue('auto');
  await expect(page.getByTestId('search-status')).toHaveAttribute('data-engine', 'classic');
  await expect(page.getByTestId('search-status')).toContainText('Best available → Classic');
  // Scores are shown as text with 3 decimals for a similarity.
  await expect(results(page).first().getByTestId('result-score')).toHaveText(ranked[0].score.toFixed(3));
  await expect(page.getByTestId('empty-state')).toHaveCount(0);
});

test('pasting an image (Ctrl+V anywhere) searches with it', async ({ page }) => {
  await pasteFixture(page, 'photo', 'image/jpeg');
  const ranked = await rankedResults(page);
  expect(ranked).toHaveLength(20);
  await expect(page.getByTestId('query-preview')).toContainText('photo-640.jpg');
  await expect(page.getByTestId('query-preview')).toContainText('640×427');
  // Similarities come best first.
  for (let i = 1; i < ranked.length; i++) expect(ranked[i].score).toBeLessThanOrEqual(ranked[i - 1].score);
});

test('switching the measure re-ranks the current query', async ({ page }) => {
  await uploadFixture(page, 'photo');
  const cosine = await rankedResults(page);
  await chooseSetting(page, 'measure-select', 'l1');
  await expect(page.getByTestId('search-status')).toContainText('L1');
  const l1 = await rankedResults(page);
  expect(l1.map((r) => r.score)).not.toEqual(cosine.map((r) => r.score));
  // Distances come smallest first, and are not similarity-like numbers.
  for (let i = 1; i < l1.length; i++) expect(l1[i].score).toBeGreaterThanOrEqual(l1[i - 1].score);
  expect(l1[0].score).toBeGreaterThan(0);

  await chooseSetting(page, 'measure-select', 'correlation');
  await expect(page.getByTestId('search-status')).toContainText('Correlation');
  const corr = await rankedResults(page);
  for (let i = 1; i < corr.length; i++) expect(corr[i].score).toBeLessThanOrEqual(corr[i - 1].score);
  expect(corr[0].score).toBeLessThanOrEqual(1);
});

test('the pixels engine downloads its vectors with progress, resets the measure, and ranks', async ({ page }) => {
  test.setTimeout(120_000);
  await uploadFixture(page, 'galleryCopy');
  await rankedResults(page);
  // Slow the network so the 73 MB download is observable.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: 25 * 1024 * 1024, uploadThroughput: -1 });
  await chooseSetting(page, 'engine-select', 'pixels');
  await expect(page.getByTestId('measure-select')).toHaveValue('l2');
  const progress = page.getByTestId('vectors-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toContainText('MB');
  await expect(progress).toBeHidden({ timeout: 60_000 });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await expect(page.getByTestId('search-status')).toContainText('Raw pixels');
  const ranked = await rankedResults(page);
  expect(ranked[0].id).toBe(GALLERY_FIXTURE_ID);
  // L2 distance of an image to its own (8-bit) stored vector is ~0.
  expect(ranked[0].score).toBeLessThan(0.05);
  for (let i = 1; i < ranked.length; i++) expect(ranked[i].score).toBeGreaterThanOrEqual(ranked[i - 1].score);

  // Back to classic: its default measure returns.
  await chooseSetting(page, 'engine-select', 'classic');
  await expect(page.getByTestId('measure-select')).toHaveValue('cosine');
  await expect(page.getByTestId('search-status')).toContainText('Classic');
  expect((await rankedResults(page))[0].id).toBe(GALLERY_FIXTURE_ID);
});

test('the number of results is adjustable', async ({ page }) => {
  await uploadFixture(page, 'photo');
  await rankedResults(page);
  await openSettings(page);
  const k = page.getByTestId('topk-input');
  await k.fill('5');
  await k.press('Enter');
  await expect(results(page)).toHaveCount(5);
  await k.fill('37');
  await k.blur();
  await expect(results(page)).toHaveCount(37);
  await k.fill('0'); // clamped to 1
  await k.press('Enter');
  await expect(results(page)).toHaveCount(1);
  await expect(k).toHaveValue('1');
});

test('a result opens in a lightbox; "search with this image" puts it first', async ({ page }) => {
  await uploadFixture(page, 'photo');
  const ranked = await rankedResults(page);
  const target = ranked[4];
  await results(page).nth(4).getByTestId('result-open').click();
  const box = page.getByTestId('lightbox');
  await expect(box).toBeVisible();
  await expect(box).toContainText('#5');
  await expect(box).toContainText(/Apache-2\.0|CC-BY-4\.0/);
  // Esc closes it.
  await page.keyboard.press('Escape');
  await expect(box).toBeHidden();

  await results(page).nth(4).getByTestId('result-open').click();
  await expect(box).toBeVisible();
  const name = await page.getByTestId('lightbox-name').textContent();
  await page.getByTestId('lightbox-search').click();
  await expect(box).toBeHidden();
  await expect(page.getByTestId('query-preview')).toContainText(name ?? '');
  await expect(page.getByTestId('query-preview')).toContainText('Image from the gallery');
  await expect(results(page).first()).toHaveAttribute('data-id', target.id);
  const again = await rankedResults(page);
  expect(again[0].id).toBe(target.id);
  expect(again[0].score).toBeGreaterThan(0.999);
});

test('removing the query returns to the empty state; examples start a search', async ({ page }) => {
  await uploadFixture(page, 'photo');
  await rankedResults(page);
  await page.getByTestId('query-remove').click();
  await expect(page.getByTestId('query-preview')).toHaveCount(0);
  await expect(results(page)).toHaveCount(0);
  await expect(page.getByTestId('empty-state')).toBeVisible();

  const example = page.getByTestId('example-item').first();
  const id = await example.getAttribute('data-id');
  await example.click();
  expect((await rankedResults(page))[0].id).toBe(id);
});

test('the gallery attribution is visible', async ({ page }) => {
  const footer = page.getByTestId('attribution');
  await expect(footer).toContainText('Noto Emoji');
  await expect(footer).toContainText('Apache-2.0');
  await expect(footer).toContainText('Twemoji');
  await expect(footer).toContainText('CC-BY-4.0');
});
