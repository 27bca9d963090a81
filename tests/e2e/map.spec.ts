import { expect, test, type Page } from '@playwright/test';
import { openApp, rankedResults, chooseSetting } from './helpers.ts';

/** The map's page API (window.imageSearch.map, docs/TESTING.md). */
const info = (page: Page) => page.evaluate(() => window.imageSearch.map!.info());
const pointAt = (page: Page, i: number) => page.evaluate((i) => window.imageSearch.map!.pointAt(i), i);
const indexOf = (page: Page, id: string) => page.evaluate((id) => window.imageSearch.map!.indexOf(id), id);
const canvas = (page: Page) => page.getByTestId('map-canvas');

async function openMap(page: Page): Promise<void> {
  await page.getByTestId('map-open').click();
  await expect(page.getByTestId('map-panel')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
}

/**
 * A visible point that the pointer picks exactly (no other dot drawn over it): hovering it shows
 * its own tooltip. Tries points spread over the list.
 */
async function pickablePoint(page: Page, avoid: ReadonlySet<number>): Promise<{ index: number; x: number; y: number }> {
  const { count } = await info(page);
  for (let k = 1; k < 60; k++) {
    const index = Math.floor((k * 7919) % count);
    if (avoid.has(index)) continue;
    const p = await pointAt(page, index);
    if (!p?.visible) continue;
    await page.mouse.move(p.x, p.y);
    const tip = page.getByTestId('map-tooltip');
    if ((await tip.count()) && (await tip.getAttribute('data-index')) === String(index)) return { index, ...p };
  }
  throw new Error('no pickable point found');
}

test.describe('gallery map', () => {
  test.describe.configure({ timeout: 120_000 });

  test('shows the gallery by cluster with the query and its results; zoom, pan, hover, and a click searches', async ({ page }) => {
    await openApp(page);
    const example = page.getByTestId('example-item').first();
    const exampleId = (await example.getAttribute('data-id'))!;
    await example.click();
    const hits = await rankedResults(page);
    expect(hits[0].id).toBe(exampleId);

    await openMap(page);
    const total = await page.evaluate(() => document.querySelector('.tagline')?.textContent?.match(/([\d,]+) images/)?.[1]?.replace(/,/g, ''));
    await expect(canvas(page)).toHaveAttribute('data-count', total!);
    await expect(page.getByTestId('map-cluster')).toHaveCount(12);
    await expect(canvas(page)).toHaveAttribute('data-query', 'true');
    await expect(canvas(page)).toHaveAttribute('data-highlighted', String(hits.length));
    let state = await info(page);
    expect(state).toMatchObject({ open: true, state: 'ready', source: 'gallery', engine: 'classic', clusters: 12 });
    // A gallery image as the query sits on its own dot.
    const own = await pointAt(page, await indexOf(page, exampleId));
    expect(Math.hypot(own!.x - state.query!.x, own!.y - state.query!.y)).toBeLessThan(1.5);

    // Zoom: buttons, then the wheel about the pointer.
    await page.getByTestId('map-zoom-in').click();
    await expect(canvas(page)).toHaveAttribute('data-zoom', '1.50');
    await page.getByTestId('map-zoom-out').click();
    await expect(canvas(page)).toHaveAttribute('data-zoom', '1.00');
    const box = (await canvas(page).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -400);
    await expect.poll(async () => Number(await canvas(page).getAttribute('data-zoom'))).toBeGreaterThan(1.2);

    // Pan: a drag moves every dot by the drag.
    const probe = await pickablePoint(page, new Set());
    const start = { x: box.x + 40, y: box.y + box.height - 40 };
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(start.x + 30, start.y - 20, { steps: 4 });
    await page.mouse.move(start.x + 60, start.y - 40, { steps: 4 });
    await page.mouse.up();
    const moved = await pointAt(page, probe.index);
    expect(moved!.x - probe.x).toBeCloseTo(60, 0);
    expect(moved!.y - probe.y).toBeCloseTo(-40, 0);
    await expect(page.getByTestId('map-panel')).toHaveAttribute('data-state', 'ready'); // a drag is not a click

    // Hover shows the image; a click searches with it, and the map follows the new query.
    const results = new Set<number>(await page.evaluate(() => window.imageSearch.map!.info().highlighted));
    const target = await pickablePoint(page, results);
    const tip = page.getByTestId('map-tooltip');
    await expect(tip).toBeVisible();
    await expect(tip.locator('img')).toHaveAttribute('src', /\.(png|webp|jpg)$/);
    await expect(tip).toHaveAttribute('data-index', String(target.index));
    await page.mouse.click(target.x, target.y);
    await expect.poll(async () => (await rankedResults(page))[0].id).not.toBe(exampleId);
    const after = await rankedResults(page);
    expect(await indexOf(page, after[0].id)).toBe(target.index);
    expect(after[0].score).toBeCloseTo(1, 3);
    await expect.poll(async () => {
      const s = await info(page);
      const p = await pointAt(page, target.index);
      return s.query ? Math.hypot(p!.x - s.query.x, p!.y - s.query.y) : Infinity;
    }).toBeLessThan(1.5);
    state = await info(page);
    expect(state.highlighted).toContain(target.index);

    // The keyboard way: a cluster's medoid searches too.
    const cluster = page.getByTestId('map-cluster').nth(3);
    const medoid = (await cluster.getAttribute('data-medoid'))!;
    await cluster.focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await rankedResults(page))[0].id).toBe(medoid);

    // Keys on the focused map: + zooms, 0 fits.
    await page.locator('[aria-roledescription="map"]').focus();
    await page.keyboard.press('0');
    await expect(canvas(page)).toHaveAttribute('data-zoom', '1.00');
    await page.keyboard.press('+');
    await expect(canvas(page)).toHaveAttribute('data-zoom', '1.40');

    await page.getByTestId('map-close').click();
    await expect(page.getByTestId('map-panel')).toHaveCount(0);
    expect(await pointAt(page, 0)).toBeNull();
  });

  test('follows the engine and works without a query', async ({ page }) => {
    test.setTimeout(180_000); // the raw-pixel vectors are 73 MB and 19,200 values long
    await openApp(page);
    await openMap(page);
    await expect(canvas(page)).toHaveAttribute('data-query', 'false');
    await expect(canvas(page)).toHaveAttribute('data-highlighted', '0');
    const classic = await pointAt(page, 10);
    await chooseSetting(page, 'engine-select', 'pixels');
    await expect.poll(async () => (await info(page)).engine, { timeout: 90_000 }).toBe('pixels');
    await expect(page.getByTestId('map-panel')).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
    const pixels = await pointAt(page, 10);
    expect(pixels).not.toEqual(classic);
  });

  test('shows the spectral clusters the "spectral clusters" index routes with, each medoid searchable', async ({ page }) => {
    await openApp(page);
    await openMap(page);
    expect((await info(page)).clustering).toBe('kmeans');
    await page.getByTestId('map-clustering').selectOption('spectral');
    await expect.poll(async () => (await info(page)).clustering, { timeout: 90_000 }).toBe('spectral');
    await expect(page.getByTestId('map-panel')).toHaveAttribute('data-state', 'ready');
    const state = await info(page);
    // c = round(√N / 2) clusters for the gallery's N (fewer only if one came out empty), not k-means' 12
    const expected = Math.round(Math.sqrt(state.count) / 2);
    expect(state.clusters).toBeGreaterThan(12);
    expect(state.clusters).toBeLessThanOrEqual(expected);
    await expect(page.getByTestId('map-cluster')).toHaveCount(state.clusters);
    const cluster = page.getByTestId('map-cluster').first();
    const medoid = (await cluster.getAttribute('data-medoid'))!;
    await cluster.focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await rankedResults(page))[0]?.id).toBe(medoid);
    // the search mode routes with the same clusters: ranked inside the medoid's cluster
    await chooseSetting(page, 'index-select', 'cluster');
    await expect(page.getByTestId('search-status')).toContainText(/spectral/i, { timeout: 60_000 });
    expect((await rankedResults(page))[0].id).toBe(medoid);
  });
});
