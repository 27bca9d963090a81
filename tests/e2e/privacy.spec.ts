/**
 * Privacy by construction: a whole session — load, search by image, index a folder, open a
 * result — requests nothing from another origin and breaks no Content-Security-Policy rule.
 */
import { expect, test } from '@playwright/test';
import { holidayFolder } from './folder-fixtures.ts';
import { openApp, rankedResults, uploadFixture, openView } from './helpers.ts';
import { watchPrivacy } from './privacy-watch.ts';

test.use({ serviceWorkers: 'allow' });
test.setTimeout(120_000);

test('a full session stays on this origin and within the Content-Security-Policy', async ({ page, baseURL }) => {
  const watch = await watchPrivacy(page, baseURL!);
  await openApp(page);
  await uploadFixture(page, 'photo');
  await rankedResults(page);

  const { dir } = await holidayFolder(30);
  await openView(page, 'photos');
  await page.getByTestId('folder-input').setInputFiles(dir);
  await expect(page.getByTestId('index-progress')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await uploadFixture(page, 'galleryCopy');
  await rankedResults(page);
  await page.getByTestId('result-item').first().getByTestId('result-open').click();
  await expect(page.getByTestId('lightbox')).toBeVisible();

  await watch.check();
});
