/**
 * The same build as a widget in an <iframe> on another page: ?embed=1 gives a compact layout
 * (query and results only) that still searches the demo gallery.
 */
import { expect, test } from '@playwright/test';
import { fixturePath } from './helpers.ts';

test('embedded in an iframe with ?embed=1, the compact app searches by image', async ({ page, baseURL }) => {
  await page.setContent(`<!doctype html><h1>My blog</h1><iframe title="Image search" src="${baseURL}?embed=1&k=8" style="width:900px;height:700px;border:0"></iframe>`);
  const app = page.frameLocator('iframe[title="Image search"]');
  await expect(app.getByTestId('app')).toHaveAttribute('data-embed', 'true');
  await expect(app.getByTestId('empty-state')).toBeVisible();
  await expect(app.getByTestId('collections-panel')).toHaveCount(0);
  await expect(app.getByTestId('engine-select')).toHaveCount(0);
  await expect(app.getByTestId('attribution')).toBeVisible(); // the gallery's licences are still credited
  await app.getByTestId('query-file').setInputFiles(fixturePath('galleryCopy'));
  await expect(app.getByTestId('search-status')).toHaveAttribute('data-state', 'idle');
  await expect(app.getByTestId('result-item')).toHaveCount(8);
  await expect(app.getByTestId('result-item').first()).toHaveAttribute('data-id', 'noto/1f432');
});
