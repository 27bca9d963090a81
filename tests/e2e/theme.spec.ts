import { expect, test, type Page } from '@playwright/test';
import { openApp } from './helpers.ts';

const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const LIGHT = 'rgb(246, 247, 251)';
const DARK = 'rgb(15, 17, 23)';

test('the theme menu switches light / dark / system, is kept, and is on <html> before the app renders', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await openApp(page);
  const select = page.getByTestId('theme-select');
  await expect(select).toHaveValue('system');
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
  expect(await background(page)).toBe(LIGHT);

  await select.selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await background(page)).toBe(DARK);
  expect(await page.evaluate(() => localStorage.getItem('image-search:theme'))).toBe('dark');

  // Kept across a reload, and applied by the module that runs first (no inline script, CSP).
  await page.reload();
  await expect(select).toHaveValue('dark');
  expect(await background(page)).toBe(DARK);
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');

  // "System" follows the system.
  await select.selectOption('system');
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
  expect(await background(page)).toBe(LIGHT);
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await background(page)).toBe(DARK);
  await select.selectOption('light');
  expect(await background(page)).toBe(LIGHT);
  expect(await page.evaluate(() => localStorage.getItem('image-search:theme'))).toBe('light');
});
