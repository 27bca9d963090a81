/**
 * Defects a new user met on the default build (issue 15): what the page does, whatever it looks like.
 */
import { expect, test, type Page } from '@playwright/test';
import { GALLERY_FIXTURE_ID } from '../fixtures/generate.ts';
import { fixturePath, openApp, rankedResults, results, uploadFixture } from './helpers.ts';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

/** rankedResults, allowing a slow first read of the file on a busy machine (the embed worker starts cold). */
async function ranked(page: Page): Promise<{ id: string; score: number }[]> {
  await expect(page.getByTestId('search-status')).toHaveAttribute('data-state', 'idle', { timeout: 45_000 });
  return rankedResults(page);
}

test('with the demo gallery unticked and no collection, nothing is searched and the page says to choose something', async ({ page }) => {
  await page.getByTestId('source-gallery').uncheck();
  await uploadFixture(page, 'galleryCopy');
  await expect(page.getByTestId('nothing-to-search')).toContainText('Choose something to search');
  await expect(results(page)).toHaveCount(0);
  await expect(page.getByTestId('search-error')).toHaveCount(0);
  // Ticking it again searches it.
  await page.getByTestId('source-gallery').check();
  expect((await ranked(page))[0].id).toBe(GALLERY_FIXTURE_ID);
  await expect(page.getByTestId('nothing-to-search')).toHaveCount(0);
});

test('the measure, the number of results and the index mode are kept across a reload', async ({ page }) => {
  await page.getByTestId('measure-select').selectOption('l1');
  await page.getByTestId('topk-input').fill('7');
  await page.getByTestId('topk-input').press('Enter');
  await page.getByTestId('index-select').selectOption('ivf');
  await page.reload();
  await expect(page.getByTestId('measure-select')).toHaveValue('l1');
  await expect(page.getByTestId('topk-input')).toHaveValue('7');
  await expect(page.getByTestId('index-select')).toHaveValue('ivf');
  await uploadFixture(page, 'galleryCopy');
  expect(await ranked(page)).toHaveLength(7);
});

test('the threshold at its strict end keeps the best result, for a similarity and for L2 as a maximum', async ({ page }) => {
  await uploadFixture(page, 'photo');
  const best = await ranked(page);
  const slider = page.getByTestId('threshold-slider');
  await slider.focus();
  await page.keyboard.press('End');
  await expect(page.getByTestId('threshold-value')).toHaveAttribute('data-state', 'on');
  await expect(results(page).first()).toHaveAttribute('data-id', best[0].id);
  await expect(page.getByTestId('threshold-empty')).toHaveCount(0);

  await page.getByTestId('measure-select').selectOption('l2');
  const l2 = await ranked(page);
  await slider.focus();
  await page.keyboard.press('End');
  await page.keyboard.press('Home');
  await expect(page.getByTestId('threshold-value')).toHaveAttribute('data-state', 'on');
  await expect(results(page).first()).toHaveAttribute('data-id', l2[0].id);
});

test('focus stays in place after removing a query image or a history turn, and after closing the map', async ({ page }) => {
  await page.getByTestId('query-file').setInputFiles([fixturePath('galleryCopy'), fixturePath('photo')]);
  await ranked(page);
  await page.getByTestId('composer-image-remove').first().click();
  await expect(page.getByTestId('composer-image-remove')).toHaveCount(1);
  await expect(page.getByTestId('composer-image-remove')).toBeFocused();
  await page.keyboard.press('Enter'); // the last image: focus goes to the text box
  await expect(page.getByTestId('query-text')).toBeFocused();

  await page.getByTestId('example-item').first().click();
  await ranked(page);
  const turns = page.getByTestId('history-turn');
  await expect(turns).toHaveCount(2);
  await turns.first().getByTestId('history-remove').click();
  await expect(turns).toHaveCount(1);
  await expect(turns.first().getByTestId('history-remove')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(turns).toHaveCount(0);
  await expect(page.locator('#history-title')).toBeFocused();

  await page.getByTestId('map-open').click();
  await page.getByTestId('map-close').click();
  await expect(page.getByTestId('map-open')).toBeFocused();
});

test('dark theme: a disabled Refine does not look like the enabled primary button', async ({ page }) => {
  await page.getByTestId('theme-select').selectOption('dark');
  await uploadFixture(page, 'galleryCopy');
  await ranked(page);
  const refine = page.getByTestId('refine');
  await expect(refine).toBeDisabled();
  const background = (l: typeof refine) => l.evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(await background(refine)).not.toBe(await background(page.getByTestId('query-text-submit')));
});
