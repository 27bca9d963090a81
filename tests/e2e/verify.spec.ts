import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { fixturePath, GALLERY_FIXTURE_ID } from '../fixtures/generate.ts';
import { openApp, rankedResults, results, openSettings, closeSettings } from './helpers.ts';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

test('"verify matches" puts the gallery original of a mirrored copy first and says it is mirrored', async ({ page }) => {
  // The first verification reads and describes 50 gallery images in the worker (cached after).
  test.setTimeout(120_000);
  const toggle = page.getByTestId('verify-toggle');
  await expect(toggle).not.toBeChecked(); // off by default
  await openSettings(page);
  await toggle.check();
  await closeSettings(page);
  const mirrored = await sharp(await readFile(fixturePath('galleryCopy'))).flop().png().toBuffer();
  await page.getByTestId('query-file').setInputFiles({ name: 'dragon-mirrored.png', mimeType: 'image/png', buffer: mirrored });
  await expect(page.getByTestId('search-status')).toHaveAttribute('data-state', 'idle', { timeout: 90_000 });
  const ranked = await rankedResults(page);
  expect(ranked[0].id).toBe(GALLERY_FIXTURE_ID);
  const first = results(page).first().getByTestId('result-verified');
  await expect(first).toHaveAttribute('data-words', 'mirrored');
  await expect(first).toHaveText('Same picture: mirrored');
  await expect(page.getByTestId('search-status')).toContainText(/\d+ of the top \d+ verified as the same picture/);
  // Turning it off ranks by the vectors alone: no result claims to be verified.
  await openSettings(page);
  await toggle.uncheck();
  await expect(page.getByTestId('search-status')).not.toContainText('verified');
  await expect(page.getByTestId('result-verified')).toHaveCount(0);
});
