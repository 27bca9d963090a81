/**
 * A folder indexed while the (tiny, test) CLIP model is loaded gets CLIP vectors too, so it can
 * be searched by text. The tiny model maps an image to its mean colour and colour words to the
 * same directions (docs/TINY_MODEL.md), so "red" must find the red photos of the folder.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { openApp, rankedResults, results, openView } from './helpers.ts';

const COLOURS: Record<string, [number, number, number]> = {
  red: [220, 30, 30], green: [30, 190, 60], blue: [40, 60, 220], yellow: [235, 215, 40], purple: [140, 50, 170], orange: [245, 140, 30],
};

async function colourFolder(): Promise<string> {
  const dir = join(tmpdir(), 'image-search-e2e-folders-v1', 'clip', 'Colours');
  await mkdir(join(dir, 'warm'), { recursive: true });
  for (const [name, [r, g, b]] of Object.entries(COLOURS)) {
    for (const shade of [0, 1]) {
      const k = shade ? 0.8 : 1;
      const png = await sharp({ create: { width: 160, height: 120, channels: 3, background: { r: Math.round(r * k), g: Math.round(g * k), b: Math.round(b * k) } } }).png().toBuffer();
      await writeFile(join(dir, name === 'red' || name === 'orange' ? 'warm' : '', `${name}-${shade}.png`), png);
    }
  }
  return dir;
}

test('a folder indexed with the model loaded is found by text, and the demo gallery can be left out', async ({ page }) => {
  const dir = await colourFolder();
  await openApp(page);
  await expect(page.getByTestId('clip-status')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await openView(page, 'photos');
  await page.getByTestId('folder-input').setInputFiles(dir);
  await expect(page.getByTestId('index-progress')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const colours = page.locator('[data-testid="collection"][data-name="Colours"]');
  await expect(colours).toHaveAttribute('data-count', '12');
  await expect(colours).toContainText('CLIP');

  await page.getByTestId('source-gallery').uncheck();
  await page.getByTestId('query-text').fill('red');
  await page.getByTestId('query-text').press('Enter');
  await expect(page.getByTestId('engine-select')).toHaveValue('auto');
  await expect(page.getByTestId('search-status')).toHaveAttribute('data-engine', 'clip');
  const hits = await rankedResults(page);
  expect(hits).toHaveLength(12);
  expect(hits.slice(0, 2).map((h) => h.id).sort()).toEqual(['warm/red-0.png', 'warm/red-1.png']);
  expect(hits[0].score).toBeGreaterThan(0.9);
  await expect(results(page).first()).toHaveAttribute('data-collection', /.+/);
});

test('a folder indexed before the model was ready offers "Add text search", which fills in the CLIP vectors', async ({ page }) => {
  const dir = await colourFolder();
  // The model's files do not arrive at first: the folder is indexed with the classic engine only.
  await page.route(/\/models\/tiny-clip\//, (route) => route.abort('failed'));
  await openApp(page);
  await expect(page.getByTestId('clip-status')).toHaveAttribute('data-state', /failed|unavailable/, { timeout: 30_000 });
  await openView(page, 'photos');
  await page.getByTestId('folder-input').setInputFiles(dir);
  await expect(page.getByTestId('index-progress')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const colours = page.locator('[data-testid="collection"][data-name="Colours"]');
  await expect(colours).toHaveAttribute('data-count', '12');
  await expect(colours).not.toContainText('CLIP');
  await expect(colours.getByTestId('collection-add-clip')).toHaveCount(0); // no model, no offer

  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await openView(page, 'model');
  await page.getByTestId('clip-dtype').selectOption('fp32'); // any settings change loads the model again
  await expect(page.getByTestId('clip-status')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await expect(colours.getByTestId('collection-no-clip')).toContainText('add the same folder again');

  // A folder from an input has no stored handle: the button asks for the folder again.
  await openView(page, 'photos');
  const chooser = page.waitForEvent('filechooser');
  await colours.getByTestId('collection-add-clip').click();
  await (await chooser).setFiles(dir);
  await expect(page.getByTestId('index-progress')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('index-progress')).toHaveAttribute('data-indexed', '12'); // every image gets its CLIP vector
  await expect(colours).toContainText('CLIP');
  await expect(colours.getByTestId('collection-add-clip')).toHaveCount(0);

  await page.getByTestId('source-gallery').uncheck();
  await page.getByTestId('query-text').fill('red');
  await page.getByTestId('query-text').press('Enter');
  const hits = await rankedResults(page);
  expect(hits.slice(0, 2).map((h) => h.id).sort()).toEqual(['warm/red-0.png', 'warm/red-1.png']);
});
