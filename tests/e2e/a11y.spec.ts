/**
 * Accessibility: axe-core on the main views, in the light and the dark theme, must find no
 * serious or critical violation (WCAG 2.x A/AA rules and axe's best practices). Each audited view
 * is also saved as a screenshot under test-results/screenshots/ (a11y-<theme>-<n>-<view>.png),
 * so every e2e run leaves pictures of the app in both themes.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { closeSettings, openApp, openSettings, openView, rankedResults, results, uploadFixture } from './helpers.ts';
import { dupesFolder } from './duplicate-fixtures.ts';

const SHOTS = 'test-results/screenshots';

interface Finding { view: string; id: string; impact: string; help: string; targets: string[] }

async function audit(page: Page, theme: string, n: number, view: string, findings: Finding[]): Promise<void> {
  // Let transitions settle so colours are the final ones.
  await page.waitForTimeout(250);
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  for (const v of violations) {
    if (v.impact === 'serious' || v.impact === 'critical') {
      findings.push({ view, id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((x) => x.target.join(' ')) });
    }
  }
  await page.screenshot({ path: `${SHOTS}/a11y-${theme}-${n}-${view}.png` });
}

for (const theme of ['light', 'dark'] as const) {
  test(`no serious or critical axe violations in the main views (${theme} theme)`, async ({ page }) => {
    test.setTimeout(240_000);
    const { dir } = await dupesFolder();
    // The other scheme from the system, so the chosen theme is what shows.
    await page.emulateMedia({ colorScheme: theme === 'dark' ? 'light' : 'dark' });
    await page.addInitScript((t) => localStorage.setItem('image-search:theme', t), theme);
    await openApp(page);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const findings: Finding[] = [];

    await audit(page, theme, 1, 'empty', findings);

    await uploadFixture(page, 'photo');
    await rankedResults(page);
    await audit(page, theme, 2, 'results', findings);

    await results(page).nth(1).getByTestId('result-open').click();
    await expect(page.getByTestId('lightbox')).toBeVisible();
    await audit(page, theme, 3, 'lightbox', findings);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('lightbox')).toBeHidden();

    await openSettings(page);
    await audit(page, theme, 4, 'settings', findings);
    await closeSettings(page);

    await page.getByTestId('map-open').click();
    await expect(page.getByTestId('map-panel')).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
    await audit(page, theme, 5, 'map', findings);
    await page.getByTestId('map-close').click();

    await openView(page, 'photos');
    await page.getByTestId('folder-input').setInputFiles(dir);
    await expect(page.getByTestId('index-progress')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
    await page.getByTestId('collections-panel').scrollIntoViewIfNeeded();
    await audit(page, theme, 6, 'collections', findings);

    await page.locator('[data-testid="collection"][data-name="Dupes"]').getByTestId('collection-duplicates').click();
    await expect(page.getByTestId('duplicate-group')).toHaveCount(1);
    await audit(page, theme, 7, 'duplicates', findings);
    await page.keyboard.press('Escape');

    await openView(page, 'model');
    await audit(page, theme, 8, 'model', findings);

    expect(findings, JSON.stringify(findings, null, 2)).toEqual([]);
  });
}

for (const theme of ['light', 'dark'] as const) {
  test(`Vietnamese: no serious or critical axe violations in each view (${theme} theme)`, async ({ browser }) => {
    test.setTimeout(120_000);
    const context = await browser.newContext({ locale: 'vi-VN', colorScheme: theme, viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await openApp(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
    const findings: Finding[] = [];
    await uploadFixture(page, 'photo');
    await rankedResults(page);
    await audit(page, `vi-${theme}`, 1, 'results', findings);
    await openSettings(page);
    await audit(page, `vi-${theme}`, 2, 'settings', findings);
    await closeSettings(page);
    await openView(page, 'photos');
    await audit(page, `vi-${theme}`, 3, 'photos', findings);
    await openView(page, 'model');
    await audit(page, `vi-${theme}`, 4, 'model', findings);
    expect(findings, JSON.stringify(findings, null, 2)).toEqual([]);
    await context.close();
  });
}
