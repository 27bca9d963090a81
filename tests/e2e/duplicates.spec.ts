import { expect, test, type Page } from '@playwright/test';
import { openApp, rankedResults, openView } from './helpers.ts';
import { COPIES, dupesFolder } from './duplicate-fixtures.ts';

const collection = (page: Page, name: string) => page.locator(`[data-testid="collection"][data-name="${name}"]`);

async function indexDupes(page: Page): Promise<void> {
  const { dir } = await dupesFolder();
  await openApp(page);
  await openView(page, 'photos');
  await page.getByTestId('folder-input').setInputFiles(dir);
  await expect(page.getByTestId('index-progress')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(collection(page, 'Dupes')).toHaveAttribute('data-count', '23');
}

test.describe('a collection: duplicates and its map', () => {
  test.describe.configure({ timeout: 180_000 });

  test('three byte-identical copies among 20 distinct photos make exactly one group of 3', async ({ page }) => {
    await indexDupes(page);
    await collection(page, 'Dupes').getByTestId('collection-duplicates').click();
    const dialog = page.getByTestId('duplicates');
    await expect(dialog).toBeVisible();
    await expect(page.getByTestId('duplicates-summary')).toHaveAttribute('data-groups', '1');
    const groups = page.getByTestId('duplicate-group');
    await expect(groups).toHaveCount(1);
    await expect(groups.first()).toHaveAttribute('data-size', '3');
    await expect(groups.first()).toHaveAttribute('data-identical', 'true');
    const items = groups.first().getByTestId('duplicate-item');
    await expect(items).toHaveCount(3);
    expect((await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-path')))).sort()).toEqual([...COPIES].sort());
    // Side by side: thumbnail, path, size and bytes of each.
    for (const item of await items.all()) {
      await expect(item.locator('img')).toHaveAttribute('src', /^blob:/);
      await expect(item).toContainText('400 × 300');
      await expect(item).toContainText(/\d+ kB/);
    }
    await expect(page.getByTestId('duplicates-threshold-value')).toHaveText('0.985');

    // The lowest threshold may join distinct photos, the copies stay one group; back to 0.985.
    await page.getByTestId('duplicates-threshold').fill('0.9');
    await expect(page.getByTestId('duplicates-threshold-value')).toHaveText('0.900');
    await expect.poll(async () => (await groups.evaluateAll((els) => els.map((e) => e.querySelectorAll('[data-testid="duplicate-item"]').length))).some((n) => n >= 3)).toBe(true);
    await page.getByTestId('duplicates-threshold').fill('0.985');
    await expect(groups).toHaveCount(1);

    await page.getByTestId('duplicates-close').click();
    await expect(dialog).toBeHidden();
  });

  test('each group suggests one image to keep; the person can keep another, and copy the paths of the rest (nothing is deleted)', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await indexDupes(page);
    await collection(page, 'Dupes').getByTestId('collection-duplicates').click();
    const group = page.getByTestId('duplicate-group');
    await expect(group).toHaveCount(1);
    const items = group.getByTestId('duplicate-item');
    const keptPaths = () => items.evaluateAll((els) => els.filter((e) => e.getAttribute('data-kept') === 'true').map((e) => e.getAttribute('data-path')));
    // Three identical copies: one suggestion, with its reason.
    expect(await keptPaths()).toHaveLength(1);
    await expect(group.getByTestId('duplicate-suggested')).toHaveCount(1);
    await expect(group.getByTestId('duplicate-suggested')).toContainText(/suggested/);

    const other = (await items.evaluateAll((els) => els.filter((e) => e.getAttribute('data-kept') !== 'true').map((e) => e.getAttribute('data-path')!)))[0];
    await group.locator(`[data-testid="duplicate-item"][data-path="${other}"]`).getByTestId('duplicate-keep').check();
    expect(await keptPaths()).toEqual([other]);

    await expect(page.getByTestId('duplicates-copy')).toContainText('2 images not kept');
    await page.getByTestId('duplicates-copy').click();
    await expect(page.getByTestId('duplicates-copied')).toHaveText('Copied 2 paths.');
    const copied = (await page.evaluate(() => navigator.clipboard.readText())).split('\n').sort();
    expect(copied).toEqual(COPIES.filter((p) => p !== other).sort());
    // Nothing was deleted: the collection still has every image.
    await page.getByTestId('duplicates-close').click();
    await expect(collection(page, 'Dupes')).toHaveAttribute('data-count', '23');
  });

  test("a collection's map: its own images, a click searches with one of them", async ({ page }) => {
    await indexDupes(page);
    await page.getByTestId('map-open').click();
    await expect(page.getByTestId('map-panel')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    const id = (await page.evaluate(() => window.imageSearch.collections.list())).find((c) => c.name === 'Dupes')!.id;
    await page.getByTestId('map-source').selectOption(id);
    await expect(page.getByTestId('map-canvas')).toHaveAttribute('data-count', '23');
    await expect(page.getByTestId('map-panel')).toHaveAttribute('data-state', 'ready');
    const target = await page.evaluate(() => window.imageSearch.map!.indexOf('photos/photo-07.jpg'));
    expect(target).toBeGreaterThanOrEqual(0);
    const p = (await page.evaluate((i) => window.imageSearch.map!.pointAt(i), target))!;
    expect(p.visible).toBe(true);
    await page.mouse.click(p.x, p.y);
    const hits = await rankedResults(page);
    expect(hits[0].id).toBe('photos/photo-07.jpg');
    await expect(page.getByTestId('result-item').first()).toHaveAttribute('data-collection', id);
    await expect(page.getByTestId('map-canvas')).toHaveAttribute('data-query', 'true');
  });
});
