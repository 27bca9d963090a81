/**
 * The UI language: the header's menu switches English ⇄ Tiếng Việt, the choice is kept (and on
 * <html lang> before the app renders), searches report in the chosen language, and the
 * Vietnamese page passes the same axe audit as a11y.spec.ts. A Vietnamese browser starts in
 * Vietnamese when nothing was chosen.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { closeSettings, openApp, openSettings, rankedResults, results, uploadFixture } from './helpers.ts';

const SHOTS = 'test-results/screenshots';
const KEY = 'offline-image-search:locale';

test('switching to Tiếng Việt translates the page, is kept, searches in Vietnamese, passes axe, and switches back', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  const select = page.getByTestId('language-select');
  const html = page.locator('html');
  await expect(select).toHaveValue('en');
  await expect(html).toHaveAttribute('lang', 'en');
  await expect(page.locator('h1')).toHaveText('Offline image search');

  await select.selectOption('vi');
  await expect(html).toHaveAttribute('lang', 'vi');
  await expect(page).toHaveTitle('Tìm kiếm ảnh ngoại tuyến');
  expect(await page.evaluate((k) => localStorage.getItem(k), KEY)).toBe('vi');

  const vietnamese = async () => {
    await expect(page.locator('h1')).toHaveText('Tìm kiếm ảnh ngoại tuyến');
    // the menu's caption (an icon on a laptop-wide header) still names it
    await expect(page.getByTestId('language-select')).toHaveAccessibleName(/^Ngôn ngữ/);
    await expect(page.getByTestId('map-open')).toHaveText('Bản đồ');
    await expect(page.getByTestId('theme-select').locator('option[value="dark"]')).toHaveText('Tối');
    await expect(page.getByTestId('query-text-submit')).toHaveText('Tìm kiếm');
    await expect(page.getByTestId('query-text')).toHaveAttribute('placeholder', /^Mô tả:/);
    await expect(page.getByLabel('Mô tả thứ bạn đang tìm')).toBeVisible();
    await expect(page.getByTestId('drop-zone')).toContainText('Thả ảnh vào đây');
    await expect(page.getByTestId('empty-state')).toContainText(/Tìm trong [\d.]+ ảnh bằng ảnh mẫu/);
    // the search settings live in their drawer, Your photos in its own view
    await expect(page.getByTestId('settings-open')).toHaveText('Cài đặt');
    await openSettings(page);
    await expect(page.getByRole('group', { name: 'Cài đặt tìm kiếm' })).toBeVisible();
    await expect(page.getByTestId('engine-select').locator('option[value="classic"]')).toHaveText('Cổ điển (màu + kết cấu + bố cục)');
    await closeSettings(page);
    await expect(page.getByTestId('view-photos')).toHaveText('Ảnh của bạn');
    await expect(page.getByTestId('history')).toContainText('Lịch sử');
  };
  await vietnamese();

  // Kept across a reload, and on <html lang> from the module that runs first (no inline script: CSP).
  await page.reload();
  await expect(select).toHaveValue('vi');
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi');
  await vietnamese();

  // A search still works, and says what it did in Vietnamese (decimal commas in the scores).
  await uploadFixture(page, 'photo');
  const ranked = await rankedResults(page);
  expect(ranked).toHaveLength(20);
  const status = page.getByTestId('search-status');
  await expect(status).toContainText(/^\s*20 kết quả đầu trong [\d.]+ ảnh · Tốt nhất hiện có → Cổ điển \(màu \+ kết cấu \+ bố cục\) · Cosin · xếp hạng trong [\d,]+ ms/);
  await expect(status).toContainText('chính xác, quét bằng');
  await expect(page.getByTestId('query-preview')).toContainText('Đang tìm với 1/5 ảnh');
  await expect(results(page).first().getByTestId('result-score')).toHaveText(/^-?\d,\d{3}$/);
  await expect(page.getByTestId('threshold-summary')).toHaveText('hiện 20 / 20');
  await expect(page.getByTestId('feedback-bar')).toContainText('Tinh chỉnh');
  // A turn is named by its file (a name is not translated); what it was searched with is.
  const turn = page.getByTestId('history-turn').first();
  await expect(turn.getByTestId('history-summary')).toHaveText('photo-640.jpg');
  await expect(turn).toContainText('Cổ điển (màu + kết cấu + bố cục) · Cosin');

  // The Vietnamese main view passes axe like the English one (a11y.spec.ts), and is photographed.
  await page.waitForTimeout(250);
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((x) => x.target.join(' ')) }));
  expect(serious, JSON.stringify(serious, null, 2)).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/main-vi.png`, fullPage: true });

  // And back to English, results included.
  await select.selectOption('en');
  await expect(html).toHaveAttribute('lang', 'en');
  await expect(page.locator('h1')).toHaveText('Offline image search');
  await expect(page.getByTestId('query-text-submit')).toHaveText('Search');
  await expect(status).toContainText(/^\s*Top 20 of [\d,]+ · Best available → Classic/);
  await expect(results(page).first().getByTestId('result-score')).toHaveText(ranked[0].score.toFixed(3));
  await expect(page).toHaveTitle('Offline image search');
  expect(await page.evaluate((k) => localStorage.getItem(k), KEY)).toBe('en');
});

test.describe('in a browser set to Vietnamese', () => {
  test.use({ locale: 'vi-VN' });

  test('the page starts in Vietnamese when no language was chosen', async ({ page }) => {
    await openApp(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
    await expect(page.getByTestId('language-select')).toHaveValue('vi');
    await expect(page.locator('h1')).toHaveText('Tìm kiếm ảnh ngoại tuyến');
    expect(await page.evaluate((k) => localStorage.getItem(k), KEY)).toBeNull();
  });
});
