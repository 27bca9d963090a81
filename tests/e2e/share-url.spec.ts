/**
 * Shareable searches (issue 17 item 5): the URL follows the search (q=, like=<gallery id>, k= and
 * the other settings when not the default); a copied link opened in a fresh context shows the
 * same results; back and forward move between searches; images from the device are not put in
 * the link, and the page says so.
 */
import { expect, test, type Page } from '@playwright/test';
import { chooseSetting, openApp, rankedResults, results, uploadFixture, openSettings } from './helpers.ts';

const params = (page: Page) => new URL(page.url()).searchParams;

test('a gallery example goes in the link as like=<id>, with k; the link opened in a fresh context shows the same results', async ({ page, browser }) => {
  test.setTimeout(120_000); // two pages, each ranking the gallery
  await openApp(page);
  const example = page.getByTestId('example-item').first();
  const id = (await example.getAttribute('data-id')) ?? '';
  await example.click();
  await rankedResults(page);
  await openSettings(page);
  const k = page.getByTestId('topk-input');
  await k.fill('12');
  await k.press('Enter');
  await expect(results(page)).toHaveCount(12);
  const first = await rankedResults(page);
  expect(first[0].id).toBe(id);
  await expect.poll(() => params(page).get('k')).toBe('12');
  expect(params(page).getAll('like')).toEqual([id]);
  await expect(page.getByTestId('share-omitted')).toHaveCount(0);

  // Another browser, with nothing stored: the link alone reproduces the search.
  const fresh = await browser.newContext({ serviceWorkers: 'block', locale: 'en-US' });
  try {
    const other = await fresh.newPage();
    await other.goto(page.url());
    await expect(other.getByTestId('query-preview')).toContainText('Image from the gallery');
    await expect(results(other)).toHaveCount(12);
    expect(await rankedResults(other)).toEqual(first);
    await expect(other.getByTestId('topk-input')).toHaveValue('12');
  } finally {
    await fresh.close();
  }
});

test('a text query goes in q=, and a link with q= puts the text back in the text box', async ({ page, browser }) => {
  await openApp(page);
  await page.getByTestId('query-text').fill('a red apple');
  await page.getByTestId('query-text').press('Enter');
  // No model in this build: the text gets its card, and the link still holds it.
  await expect(page.getByTestId('text-search-card')).toBeVisible();
  await expect.poll(() => params(page).get('q')).toBe('a red apple');

  const fresh = await browser.newContext({ serviceWorkers: 'block', locale: 'en-US' });
  try {
    const other = await fresh.newPage();
    await other.goto(page.url());
    await expect(other.getByTestId('query-text')).toHaveValue('a red apple');
    await expect(other.getByTestId('text-search-card')).toContainText('a red apple');
  } finally {
    await fresh.close();
  }
});

test('back and forward move between searches, each put back with its results', async ({ page }) => {
  await openApp(page);
  const startUrl = page.url();
  const example = page.getByTestId('example-item').first();
  const firstId = (await example.getAttribute('data-id')) ?? '';
  await example.click();
  const firstResults = await rankedResults(page);
  await expect.poll(() => params(page).getAll('like')).toEqual([firstId]);

  // "Search with this image" from the larger view: a new search, a new entry.
  const secondId = firstResults[3].id;
  await results(page).nth(3).getByTestId('result-open').click();
  await page.getByTestId('lightbox-search').click();
  await expect(results(page).first()).toHaveAttribute('data-id', secondId);
  await expect.poll(() => params(page).getAll('like')).toEqual([secondId]);
  const secondResults = await rankedResults(page);

  await page.goBack();
  await expect.poll(() => params(page).getAll('like')).toEqual([firstId]);
  await expect(results(page).first()).toHaveAttribute('data-id', firstId);
  expect(await rankedResults(page)).toEqual(firstResults);

  await page.goForward();
  await expect.poll(() => params(page).getAll('like')).toEqual([secondId]);
  await expect(results(page).first()).toHaveAttribute('data-id', secondId);
  expect(await rankedResults(page)).toEqual(secondResults);

  // Back to before the first search: the empty page.
  await page.goBack();
  await page.goBack();
  await expect.poll(() => page.url()).toBe(startUrl);
  await expect(page.getByTestId('empty-state')).toBeVisible();
  await expect(results(page)).toHaveCount(0);
});

test('an image from the device is not put in the link, and the page says so', async ({ page }) => {
  await openApp(page);
  await uploadFixture(page, 'photo');
  await rankedResults(page);
  await expect(page.getByTestId('share-omitted')).toHaveText('The link to this search does not include the image from your device.');
  expect(params(page).getAll('like')).toEqual([]);
  expect(params(page).get('q')).toBeNull();

  // With a gallery image beside it, the link holds the gallery image only.
  const secondId = (await rankedResults(page))[1].id;
  await results(page).nth(1).getByTestId('result-open').click();
  await page.getByTestId('lightbox-add').click();
  await expect(page.getByTestId('composer-image')).toHaveCount(2);
  await expect.poll(() => params(page).getAll('like')).toEqual([secondId]);
  await expect(page.getByTestId('share-omitted')).toContainText('does not include the image from your device');
});

test('a link to an image this gallery does not have says so, and leaves the page usable', async ({ page }) => {
  await page.goto('./?like=nowhere%2Fnothing');
  await expect(page.getByTestId('query-error')).toContainText('The link names nowhere/nothing, which this gallery does not have');
  await expect(page.getByTestId('empty-state')).toBeVisible();
});

test('an embedded page opens the search of its URL and never writes its URL or history', async ({ page }) => {
  await page.goto('./?embed=1&like=noto%2F1f431');
  const url = page.url();
  const entries = await page.evaluate(() => history.length);
  expect((await rankedResults(page))[0].id).toBe('noto/1f431');
  await page.getByTestId('query-remove').click();
  await expect(results(page)).toHaveCount(0);
  expect(page.url()).toBe(url);
  expect(await page.evaluate(() => history.length)).toBe(entries);
});

test('the engine goes in the link only when chosen: "Best available", the default, is left out; a chosen one is kept for the next visit', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('example-item').first().click();
  await rankedResults(page);
  await expect(page.getByTestId('engine-select')).toHaveValue('auto');
  await expect.poll(() => params(page).getAll('like').length).toBe(1);
  expect(params(page).get('engine')).toBeNull();

  await chooseSetting(page, 'engine-select', 'classic');
  await expect.poll(() => params(page).get('engine')).toBe('classic');
  await expect(page.getByTestId('search-status')).not.toContainText('Best available');

  // A new visit: classic was chosen, so classic it stays.
  await page.goto('./');
  await expect(page.getByTestId('engine-select')).toHaveValue('classic');
});
