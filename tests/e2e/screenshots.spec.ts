/**
 * Not a check: renders the app in its main states for a person to look at.
 *   SCREENSHOTS=1 npx playwright test screenshots   →  test-results/screenshots/*.png
 * (Every e2e run also leaves a11y-<theme>-<n>-<view>.png there: a11y.spec.ts shoots each view it audits.)
 */
import { expect, test } from '@playwright/test';
import { openApp, rankedResults, results, uploadFixture, chooseSetting } from './helpers.ts';
import { dupesFolder } from './duplicate-fixtures.ts';

test.skip(!process.env.SCREENSHOTS, 'set SCREENSHOTS=1 to render screenshots');

const dir = 'test-results/screenshots';

for (const scheme of ['light', 'dark'] as const) {
  test(`screens (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openApp(page);
    await page.screenshot({ path: `${dir}/${scheme}-1-empty.png`, fullPage: true });
    await uploadFixture(page, 'photo');
    await rankedResults(page);
    await page.screenshot({ path: `${dir}/${scheme}-2-results.png`, fullPage: false });
    await results(page).nth(2).getByTestId('result-open').click();
    await expect(page.getByTestId('lightbox')).toBeVisible();
    await page.screenshot({ path: `${dir}/${scheme}-3-lightbox.png` });
    await page.keyboard.press('Escape');
    await uploadFixture(page, 'hostileName');
    await expect(page.getByTestId('query-error')).toBeVisible();
    await page.screenshot({ path: `${dir}/${scheme}-4-error.png` });
  });
}

test('screens (phone)', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openApp(page);
  await page.screenshot({ path: `${dir}/phone-1-empty.png`, fullPage: true });
  await uploadFixture(page, 'galleryCopy');
  await rankedResults(page);
  await page.screenshot({ path: `${dir}/phone-2-results.png` });
  await results(page).first().getByTestId('result-open').click();
  await page.screenshot({ path: `${dir}/phone-3-lightbox.png` });
});

test('screens (vectors downloading)', async ({ page }) => {
  await openApp(page);
  await uploadFixture(page, 'galleryCopy');
  await rankedResults(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: 8 * 1024 * 1024, uploadThroughput: -1 });
  await chooseSetting(page, 'engine-select', 'pixels');
  await expect(page.getByTestId('vectors-progress')).toBeVisible();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `${dir}/progress.png` });
});

// The map and the duplicates view, with the theme chosen in the header menu (not the system's).
for (const theme of ['light', 'dark'] as const) {
  test(`screens (map and duplicates, ${theme} theme)`, async ({ page }) => {
    test.setTimeout(180_000);
    const { dir: folder } = await dupesFolder();
    await openApp(page);
    await page.getByTestId('theme-select').selectOption(theme);
    await page.getByTestId('example-item').first().click();
    await rankedResults(page);
    await page.getByTestId('map-open').click();
    await expect(page.getByTestId('map-panel')).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
    await page.screenshot({ path: `${dir}/${theme}-5-map.png` });
    await page.getByTestId('map-close').click();
    await page.getByTestId('folder-input').setInputFiles(folder);
    await expect(page.getByTestId('index-progress')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
    await page.locator('[data-testid="collection"][data-name="Dupes"]').getByTestId('collection-duplicates').click();
    await expect(page.getByTestId('duplicate-group')).toHaveCount(1);
    await page.screenshot({ path: `${dir}/${theme}-6-duplicates.png` });
  });
}
