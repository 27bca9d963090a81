/**
 * Text + several images in one CLIP query, on the site built with the tiny test model (colour
 * words and mean colours, docs/TINY_MODEL.md): the query is normalize(α·text + (1−α)·mean(images)),
 * it becomes a turn of the history that survives a reload and re-runs from the stored CLIP vectors,
 * and relevance feedback refines it.
 */
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { openApp, rankedResults, results, newVisit, chooseSetting } from './helpers.ts';

async function solidPng(rgb: [number, number, number], name: string) {
  const buffer = await sharp({ create: { width: 96, height: 96, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } }).png().toBuffer();
  return { name, mimeType: 'image/png', buffer };
}

async function topName(page: Page): Promise<string> {
  await rankedResults(page);
  return results(page).first().locator('.name').innerText();
}

const composerImages = (page: Page) => page.getByTestId('composer-image');
const turns = (page: Page) => page.getByTestId('history-turn');

test.beforeEach(async ({ page }) => {
  await openApp(page);
  await expect(page.getByTestId('clip-status')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
});

test('text + two images: α moves between them, the turn is kept and re-runs after a reload', async ({ page }) => {
  test.setTimeout(120_000);
  await chooseSetting(page, 'engine-select', 'clip');
  await page.getByTestId('query-file').setInputFiles([await solidPng([30, 60, 235], 'blue.png'), await solidPng([20, 90, 255], 'blue2.png')]);
  await expect(composerImages(page)).toHaveCount(2);
  await expect.poll(() => topName(page)).toMatch(/blue/);

  await page.getByTestId('query-text').fill('red');
  await page.getByTestId('query-text').press('Enter');
  await expect(page.getByTestId('alpha-value')).toHaveText('α = 0.60');
  await expect.poll(() => topName(page)).toMatch(/red/);
  const hybrid = await rankedResults(page);
  await page.getByTestId('alpha-slider').fill('0');
  await expect.poll(() => topName(page)).toMatch(/blue/);
  await page.getByTestId('alpha-slider').fill('0.6');
  await expect.poll(async () => (await rankedResults(page)).map((h) => h.id)).toEqual(hybrid.map((h) => h.id));

  // One turn for the query composed of the images, then the text (α changes update it in place).
  await expect(turns(page)).toHaveCount(1);
  await expect(turns(page).first()).toHaveAttribute('data-text', 'red');
  await expect(turns(page).first().getByTestId('history-summary')).toHaveText('blue.png, blue2.png + “red”');

  await newVisit(page);
  await expect(page.getByTestId('clip-status')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await expect(turns(page)).toHaveCount(1);
  await turns(page).first().getByTestId('history-rerun').click();
  await expect(composerImages(page)).toHaveCount(2);
  await expect(page.getByTestId('query-text')).toHaveValue('red');
  await expect(page.getByTestId('engine-select')).toHaveValue('clip');
  // The files are gone, but their CLIP vectors were kept: the same ranking comes back.
  await expect.poll(async () => (await rankedResults(page)).map((h) => h.id)).toEqual(hybrid.map((h) => h.id));

  // Removing one image keeps the other and the text.
  await composerImages(page).first().getByTestId('composer-image-remove').click();
  await expect(composerImages(page)).toHaveCount(1);
  await expect.poll(() => topName(page)).toMatch(/red/);
});

test('relevance feedback with CLIP: the refined query stays a cosine ranking and the bad result drops', async ({ page }) => {
  await page.getByTestId('query-text').fill('green');
  await page.getByTestId('query-text').press('Enter');
  const before = await rankedResults(page);
  await results(page).first().getByTestId('result-bad').click();
  await page.getByTestId('refine').click();
  await expect.poll(async () => (await rankedResults(page)).findIndex((h) => h.id === before[0].id)).not.toBe(0);
  const after = await rankedResults(page);
  for (const h of after) expect(h.score).toBeLessThanOrEqual(1.0001); // a unit-length query: cosines
});
