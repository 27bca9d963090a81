/**
 * Results first (issue 17 items 1 and 6): after an image query the results start right under the
 * search bar — the whole first row on a 1366×768 laptop, at least the first result on a 390×844
 * phone. The settings drawer and the "Your photos" and "Text model" views are one click or one
 * Tab + Enter away, and axe finds no serious or critical issue in any of them, light and dark,
 * English and Vietnamese. Each checked layout is saved under test-results/screenshots/.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { LOCALE_KEY } from '../../src/lib/i18n/locale.ts';
import { closeSettings, openApp, openSettings, openView, rankedResults, results, uploadFixture } from './helpers.ts';

const SHOTS = 'test-results/screenshots';

async function imageQuery(page: Page): Promise<void> {
  await openApp(page);
  await uploadFixture(page, 'photo');
  // A slow first read of the file on a busy machine (the embed worker starts cold).
  await expect(page.getByTestId('search-status')).toHaveAttribute('data-state', 'idle', { timeout: 45_000 });
  await rankedResults(page);
  // The thumbnails are in, so the boxes measured are the ones a person sees.
  await expect(results(page).first().locator('img')).toHaveJSProperty('complete', true);
}

/** Presses Tab until the element with this test id has the focus (at most `max` times). */
async function tabTo(page: Page, testid: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((id) => document.activeElement?.getAttribute('data-testid') === id, testid)) return;
  }
  throw new Error(`Tab never reached ${testid}`);
}

test.describe('on a 1366×768 laptop', () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  test('after an image query the whole first row of results is on screen, unscrolled', async ({ page }) => {
    await imageQuery(page);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    const boxes = await results(page).evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => ({ top: r.top, bottom: r.bottom, left: r.left, right: r.right })));
    const first = boxes[0];
    expect(first.top).toBeGreaterThanOrEqual(0);
    expect(first.top).toBeLessThan(768);
    const row = boxes.filter((b) => Math.abs(b.top - first.top) < 2);
    expect(row.length, 'a row holds several results').toBeGreaterThanOrEqual(4);
    for (const b of row) {
      expect(b.bottom, 'the first row ends inside the viewport').toBeLessThanOrEqual(768);
      expect(b.right).toBeLessThanOrEqual(1366);
    }
    await page.screenshot({ path: `${SHOTS}/results-first-1366.png` });
  });

  test('the settings drawer opens by keyboard, keeps focus inside, closes with Escape and gives focus back to its button', async ({ page }) => {
    await imageQuery(page);
    await page.locator('body').focus();
    await tabTo(page, 'settings-open');
    await page.keyboard.press('Enter');
    const drawer = page.getByTestId('settings-drawer');
    await expect(drawer).toBeVisible();
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      expect(await drawer.evaluate((d) => d.contains(document.activeElement)), 'focus stays in the drawer').toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect(drawer).toBeHidden();
    await expect(page.getByTestId('settings-open')).toBeFocused();
    // And by mouse: its button, then its close button.
    await page.getByTestId('settings-open').click();
    await expect(drawer).toBeVisible();
    await page.getByTestId('settings-close').click();
    await expect(drawer).toBeHidden();
    await expect(page.getByTestId('settings-open')).toBeFocused();
  });

  test('"Your photos" and "Text model" are views of their own, one Tab + Enter or one click away', async ({ page }) => {
    await imageQuery(page);
    await page.locator('body').focus();
    for (const view of ['photos', 'model', 'search'] as const) {
      await tabTo(page, `view-${view}`);
      await page.keyboard.press('Enter');
      await expect(page.getByTestId(`${view}-view`)).toBeVisible();
      await expect(page.getByTestId(`view-${view}`)).toHaveAttribute('aria-current', 'page');
      await page.locator('body').focus();
    }
    await expect(results(page).first()).toBeVisible(); // the results are where they were
    await openView(page, 'photos');
    await expect(page.getByTestId('collections-panel')).toBeVisible();
    await expect(page.getByTestId('search-view')).toBeHidden();
    await openView(page, 'model');
    await expect(page.getByTestId('clip-panel')).toBeVisible();
    // A new query from any view shows its results.
    await page.getByTestId('query-remove').click();
    await uploadFixture(page, 'galleryCopy');
    await expect(page.getByTestId('search-view')).toBeVisible();
    await rankedResults(page);
  });
});

test.describe('on a 390×844 phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

  test('after an image query the first result starts on screen; the header tools are in a menu', async ({ page }) => {
    await imageQuery(page);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    const first = (await results(page).first().boundingBox())!;
    expect(first.y).toBeGreaterThanOrEqual(0);
    expect(first.y).toBeLessThan(844);
    // Two or three columns.
    const tops = await results(page).evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().top)));
    const perRow = tops.filter((t) => Math.abs(t - tops[0]) < 2).length;
    expect(perRow).toBeGreaterThanOrEqual(2);
    expect(perRow).toBeLessThanOrEqual(3);
    await page.screenshot({ path: `${SHOTS}/results-first-390.png` });

    await expect(page.getByTestId('theme-select')).toBeHidden();
    await page.getByTestId('header-menu').click();
    await expect(page.getByTestId('theme-select')).toBeVisible();
    await expect(page.getByTestId('map-open')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('theme-select')).toBeHidden();
  });
});

for (const locale of ['en', 'vi'] as const) {
  for (const theme of ['light', 'dark'] as const) {
    test(`axe finds no serious or critical issue in the views and the drawer (${locale}, ${theme})`, async ({ page }) => {
      test.setTimeout(120_000);
      await page.setViewportSize({ width: 1366, height: 768 });
      await page.addInitScript(([key, l, t]) => {
        localStorage.setItem(key, l);
        localStorage.setItem('image-search:theme', t);
      }, [LOCALE_KEY, locale, theme] as const);
      await imageQuery(page);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      const findings: { view: string; id: string; targets: string[] }[] = [];
      const audit = async (view: string) => {
        await page.waitForTimeout(250); // transitions settle
        const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
        for (const v of violations) {
          if (v.impact === 'serious' || v.impact === 'critical') findings.push({ view, id: v.id, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) });
        }
        await page.screenshot({ path: `${SHOTS}/results-first-${locale}-${theme}-${view}.png` });
      };
      await audit('search');
      await openSettings(page);
      await audit('settings');
      await closeSettings(page);
      await openView(page, 'photos');
      await audit('photos');
      await openView(page, 'model');
      await audit('model');
      expect(findings, JSON.stringify(findings, null, 2)).toEqual([]);
    });
  }
}
