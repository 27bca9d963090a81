/**
 * The CLIP engine in real Chromium, on the site built with the project's tiny test model
 * (npm run build:test-site): its image tower maps an image to its mean colour's direction and
 * its text tower maps colour words to the same directions (docs/TINY_MODEL.md), so rankings
 * are predictable: "red" must find red emoji, and α must move a hybrid query between the two.
 */
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { openApp, rankedResults, results, openView, chooseSetting } from './helpers.ts';

async function waitForClip(page: Page) {
  await expect(page.getByTestId('clip-status')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
}

async function searchText(page: Page, text: string) {
  await page.getByTestId('query-text').fill(text);
  await page.getByTestId('query-text').press('Enter');
}

/** Names of the first n results (the name is shown under each image). */
async function topNames(page: Page, n = 3): Promise<string[]> {
  await rankedResults(page);
  return results(page).evaluateAll((els, n) => els.slice(0, n).map((el) => el.querySelector('.name')?.textContent?.trim() ?? el.textContent ?? ''), n);
}

async function solidPng(rgb: [number, number, number], name: string) {
  const buffer = await sharp({ create: { width: 96, height: 96, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } }).png().toBuffer();
  return { name, mimeType: 'image/png', buffer };
}

test.beforeEach(async ({ page }) => {
  await openApp(page);
  await waitForClip(page);
});

test('the model loads from the site on WASM and says why WebGPU is not used', async ({ page }) => {
  await expect(page.getByTestId('clip-status')).toHaveAttribute('data-device', 'wasm');
  await expect(page.getByTestId('clip-status')).toContainText('tiny-clip');
  await openView(page, 'model');
  await expect(page.getByTestId('clip-fallback')).toContainText(/WebGPU/i);
});

test('a colour word finds images of that colour, with cosine scores', async ({ page }) => {
  await searchText(page, 'red');
  await expect(page.getByTestId('engine-select')).toHaveValue('auto');
  await expect(page.getByTestId('search-status')).toHaveAttribute('data-engine', 'clip');
  await expect(page.getByTestId('search-status')).toContainText('Best available → CLIP');
  expect((await topNames(page, 1))[0]).toMatch(/red/);
  const hits = await rankedResults(page);
  expect(hits[0].score).toBeGreaterThan(0.9);
  expect(hits[0].score).toBeLessThanOrEqual(1.0001);
  await searchText(page, 'a big blue thing');
  await expect.poll(async () => (await topNames(page, 1))[0]).toMatch(/blue/);
});

test('"Best available" searches an image with CLIP where the model is ready and the gallery has its vectors; a chosen engine is named alone', async ({ page }) => {
  await expect(page.getByTestId('engine-select')).toHaveValue('auto');
  await page.getByTestId('query-file').setInputFiles(await solidPng([30, 60, 235], 'blue.png'));
  await expect.poll(async () => (await topNames(page, 1))[0]).toMatch(/blue/);
  await expect(page.getByTestId('search-status')).toHaveAttribute('data-engine', 'clip');
  await expect(page.getByTestId('search-status')).toContainText('Best available → CLIP');

  await chooseSetting(page, 'engine-select', 'classic');
  await expect(page.getByTestId('search-status')).toHaveAttribute('data-engine', 'classic');
  await expect(page.getByTestId('search-status')).not.toContainText('Best available');
});

test('an image query finds images of its colour', async ({ page }) => {
  await chooseSetting(page, 'engine-select', 'clip');
  await page.getByTestId('query-file').setInputFiles(await solidPng([30, 60, 235], 'blue.png'));
  await expect.poll(async () => (await topNames(page, 1))[0]).toMatch(/blue/);
});

test('a hybrid query follows α: image at 0, text at 0.6 and 1', async ({ page }) => {
  await page.getByTestId('query-file').setInputFiles(await solidPng([30, 60, 235], 'blue.png'));
  await rankedResults(page);
  await searchText(page, 'red');
  const slider = page.getByTestId('alpha-slider');
  await expect(slider).toBeVisible();
  await expect(page.getByTestId('alpha-value')).toHaveText('α = 0.60');
  await expect.poll(async () => (await topNames(page, 1))[0]).toMatch(/red/);
  await slider.fill('0');
  await expect(page.getByTestId('alpha-value')).toHaveText('α = 0.00');
  await expect.poll(async () => (await topNames(page, 1))[0]).toMatch(/blue/);
  await slider.fill('1');
  await expect.poll(async () => (await topNames(page, 1))[0]).toMatch(/red/);
});

test('a Vietnamese query is translated offline, then searched', async ({ page }) => {
  await searchText(page, 'xe màu xanh dương');
  await expect(page.getByTestId('query-translation')).toContainText('blue');
  await expect.poll(async () => (await topNames(page, 1))[0]).toMatch(/blue/);
});

test('a text longer than 77 tokens is cut, and the page says so', async ({ page }) => {
  await searchText(page, 'green');
  const short = (await rankedResults(page)).slice(0, 5).map((h) => h.id);
  await expect(page.getByTestId('query-truncated')).toHaveCount(0);
  await searchText(page, 'green '.repeat(120));
  await expect(page.getByTestId('query-truncated')).toContainText('77');
  // 76 × "green" after truncation points the same way as one "green": same ranking.
  await expect.poll(async () => (await rankedResults(page)).slice(0, 5).map((h) => h.id)).toEqual(short);
});

test('an empty text searches nothing and breaks nothing', async ({ page }) => {
  await searchText(page, '   ');
  await expect(page.getByTestId('empty-state')).toBeVisible();
  await expect(page.getByTestId('search-error')).toHaveCount(0);
  await searchText(page, 'red');
  expect((await topNames(page, 1))[0]).toMatch(/red/);
});

test('an unsupported file gets a message naming it, and CLIP search goes on', async ({ page }) => {
  await chooseSetting(page, 'engine-select', 'clip');
  await page.getByTestId('query-file').setInputFiles({ name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('just text') });
  await expect(page.getByTestId('query-error')).toContainText('notes.jpg');
  await searchText(page, 'yellow');
  await expect.poll(async () => (await topNames(page, 1))[0]).toMatch(/yellow/);
});

test('the query language: a weight decides between two colours, and the syntax help opens and closes by keyboard', async ({ page }) => {
  await searchText(page, '3:red yellow');
  await expect.poll(async () => (await topNames(page, 1))[0]).toMatch(/red/);
  await searchText(page, 'red 3:yellow');
  await expect.poll(async () => (await topNames(page, 1))[0]).toMatch(/yellow/);
  await searchText(page, 'yellow -yellow red');
  await expect.poll(async () => (await topNames(page, 1))[0]).toMatch(/red/);

  await page.getByTestId('query-syntax-toggle').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('query-syntax')).toBeVisible();
  await expect(page.getByTestId('query-syntax')).toContainText('beach -people');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('query-syntax')).toBeHidden();
});
