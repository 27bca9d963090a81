/**
 * The installed app works with the network off: the service worker stores the app shell and the
 * demo gallery on the first visit, says so once, and serves them afterwards.
 */
import { expect, test } from '@playwright/test';
import { openApp, rankedResults, uploadFixture } from './helpers.ts';

test.use({ serviceWorkers: 'allow' });
test.setTimeout(120_000);

test('after one visit, the app opens and searches the gallery by image with the network off', async ({ page, context }) => {
  await openApp(page);
  await expect(page.getByTestId('offline')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('offline-ready')).toBeVisible();
  // The notice covers no control, and goes by itself (it needs no answer).
  const notice = await page.getByTestId('offline-ready').boundingBox();
  for (const id of ['add-folder', 'query-text-submit', 'engine-select']) {
    const control = await page.getByTestId(id).boundingBox();
    if (!notice || !control) continue;
    const overlap = notice.x < control.x + control.width && control.x < notice.x + notice.width && notice.y < control.y + control.height && control.y < notice.y + notice.height;
    expect(overlap, `the offline notice covers ${id}`).toBe(false);
  }
  await expect(page.getByTestId('offline-ready')).toHaveCount(0, { timeout: 20_000 });

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('empty-state')).toBeVisible();
  await expect(page.getByTestId('offline')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('offline-ready')).toHaveCount(0); // said once only
  await uploadFixture(page, 'galleryCopy');
  const hits = await rankedResults(page);
  expect(hits[0].id).toBe('noto/1f432');
});

test('installable: a web app manifest with icons, and a service worker controlling the page', async ({ page, request }) => {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await openApp(page);
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifestUrl = new URL(href!, page.url()).href;
  const manifest = await (await request.get(manifestUrl)).json();
  expect(manifest).toMatchObject({ name: expect.any(String), short_name: expect.any(String), display: 'standalone', start_url: expect.any(String) });
  const sizes = (manifest.icons as { src: string; sizes: string; purpose?: string }[]).map((i) => i.sizes);
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
  for (const icon of manifest.icons as { src: string }[]) {
    const res = await request.get(new URL(icon.src, manifestUrl).href);
    expect(res.status(), icon.src).toBe(200);
    expect(res.headers()['content-type']).toMatch(/image\/png|image\/svg/);
  }
  await expect(page.getByTestId('offline')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  expect(errors, 'console errors').toEqual([]);
});

test('the service worker answers only the app’s own pages with the app, keeps one entry per file, and isolates the page', async ({ page, request }) => {
  await openApp(page);
  await expect(page.getByTestId('offline')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  // The page reloaded itself once, idle, and is now cross-origin isolated (COOP/COEP from the worker).
  await expect.poll(() => page.evaluate(() => self.crossOriginIsolated), { timeout: 30_000 }).toBe(true);
  expect((await request.get('./')).headers()['cross-origin-opener-policy'], 'the server sends no COOP itself').toBeUndefined();

  // The server's 404 has no body, which Chromium turns into a navigation error of its own: either way, not the app.
  const unknown = await page.goto('./no/such/page').then((r) => String(r?.status()), (e: Error) => e.message);
  expect(unknown, 'an unknown path is not answered with the app').toMatch(/^404$|ERR_HTTP_RESPONSE_CODE_FAILURE/);
  await expect(page.getByTestId('empty-state')).toHaveCount(0);
  const manifest = await page.goto('./gallery/manifest.json');
  expect(manifest?.headers()['content-type']).toMatch(/json/);
  await page.goto('./?k=5');
  await page.goto('./?embed=1&k=7');
  await expect(page.getByTestId('empty-state')).toBeVisible();
  const keys = await page.evaluate(async () => {
    const names = (await caches.keys()).filter((n) => n.startsWith('image-search-') && n !== 'image-search-settings');
    const all: string[] = [];
    for (const n of names) all.push(...(await (await caches.open(n)).keys()).map((r) => r.url));
    return all;
  });
  expect(keys.filter((u) => u.includes('?')), 'no cache entry per query string').toEqual([]);
});
