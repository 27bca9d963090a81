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

test('the full app framed by another page shows only a link to open it in its own tab', async ({ page, baseURL }) => {
  await page.setContent(`<!doctype html><h1>Not this app</h1><iframe title="Framed" src="${baseURL}" style="width:900px;height:700px;border:0"></iframe>`);
  const framed = page.frameLocator('iframe[title="Framed"]');
  const link = framed.getByTestId('open-in-tab');
  await expect(link).toHaveText('Open Offline image search in a new tab');
  await expect(link).toHaveAttribute('href', baseURL!);
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener');
  await expect(framed.getByTestId('app')).toHaveCount(0); // nothing of the app: no panels, no model download to click
  await expect(framed.getByTestId('clip-download')).toHaveCount(0);
  expect(page.workers()).toEqual([]); // and nothing started

  const [tab] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
  await expect(tab.getByTestId('app')).toHaveAttribute('data-embed', 'false'); // in its own tab, the full app
  await expect(tab.getByTestId('open-in-tab')).toHaveCount(0);
});
