/**
 * A gallery shipped without CLIP vectors (dist-clip/galleries/colours, built with --from and no
 * model; scripts/lib/colour-folder.ts: 6 photos each of red, green, blue and yellow, in an order
 * that mixes the colours) on a site that ships the tiny model: the app makes the vectors in the
 * browser, in the background. Text search works over the part done and says so; a reload resumes
 * without redoing finished images; a model setting change makes a new set.
 * The images the indexer fetches are held back by a route, so "mid-way" is a state, not a race.
 */
import { expect, test, type Page, type Route } from '@playwright/test';
import { rankedResults, openView } from './helpers.ts';

const TOTAL = 24;

/** Lets the first `allowed` image fetches of the indexer through and holds the rest until `release()`. */
async function holdIndexerFetches(page: Page, allowed: number) {
  const fetched: string[] = [];
  const held: Route[] = [];
  let open = false;
  await page.route(/\/galleries\/colours\/images\//, async (route) => {
    if (route.request().resourceType() !== 'fetch') return route.continue(); // thumbnails and the lightbox
    fetched.push(new URL(route.request().url()).pathname);
    if (open || fetched.length <= allowed) return route.continue();
    held.push(route);
  });
  return {
    fetched,
    release: async () => {
      open = true;
      for (const r of held.splice(0)) await r.continue().catch(() => { /* its page went away */ });
    },
  };
}

const chip = (page: Page) => page.getByTestId('gallery-clip-progress');

async function searchText(page: Page, text: string) {
  await page.getByTestId('query-text').fill(text);
  await page.getByTestId('query-text').press('Enter');
}

test('a gallery without CLIP vectors is indexed in the browser; text search works during and after, and resumes after a reload', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  let hold = await holdIndexerFetches(page, 8);
  await page.goto('./?gallery=colours');
  await expect(page.getByTestId('clip-status')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await expect(chip(page)).toHaveAttribute('data-total', String(TOTAL));
  await expect(chip(page)).toHaveAttribute('data-done', '8'); // one batch stored, the next image held
  await expect(chip(page)).toHaveAttribute('data-phase', 'running');

  // During: "red" searches the 8 done (2 of them red) and says how much was searched.
  await searchText(page, 'red');
  await expect(page.getByTestId('search-coverage')).toHaveAttribute('data-done', '8');
  await expect(page.getByTestId('search-coverage')).toContainText(`8 of ${TOTAL}`);
  const during = await rankedResults(page);
  expect(during.length).toBeLessThanOrEqual(8);
  expect(during.slice(0, 2).map((h) => h.id)).toEqual(expect.arrayContaining(['photo-01-red.jpg', 'photo-02-red.jpg']));
  expect(during.slice(2).some((h) => h.id.includes('red'))).toBe(false);
  const doneBefore = hold.fetched.slice(0, 8);

  // A reload mid-way: the 8 stored are not fetched again. (The request held at the reload may
  // reach the new route too before the page goes, so distinct paths are counted.)
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  hold = await holdIndexerFetches(page, TOTAL);
  await page.reload();
  await expect.poll(() => new Set(hold.fetched).size, { timeout: 30_000 }).toBe(TOTAL - 8);
  await expect(chip(page)).toHaveCount(0, { timeout: 30_000 }); // gone once the work is done
  for (const path of doneBefore) expect(hold.fetched).not.toContain(path);

  // After: every red photo comes first, and nothing says the search was partial.
  await searchText(page, 'red');
  await expect.poll(async () => (await rankedResults(page)).slice(0, 6).every((h) => h.id.endsWith('-red.jpg')), { timeout: 15_000 }).toBe(true);
  await expect(page.getByTestId('search-coverage')).toHaveCount(0);

  // A model setting change (the dtype) is a new set of vectors: every image is embedded again.
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  hold = await holdIndexerFetches(page, 4);
  await openView(page, 'model');
  await page.getByTestId('clip-dtype').selectOption('fp32');
  await expect(chip(page)).toHaveAttribute('data-done', '0', { timeout: 30_000 });
  await expect.poll(() => hold.fetched.length).toBe(5); // 4 through, the 5th held
  await hold.release();
  await expect.poll(() => hold.fetched.length, { timeout: 30_000 }).toBe(TOTAL);
  await expect(chip(page)).toHaveCount(0, { timeout: 30_000 });
  expect(errors).toEqual([]);
});

test('pause holds the work across a reload; resume finishes it', async ({ page }) => {
  const hold = await holdIndexerFetches(page, 4);
  await page.goto('./?gallery=colours');
  await expect(chip(page)).toHaveAttribute('data-phase', 'running', { timeout: 30_000 });
  await page.getByTestId('gallery-clip-pause').click();
  await expect(chip(page)).toHaveAttribute('data-phase', 'paused');
  await hold.release();
  await page.reload();
  await expect(chip(page)).toHaveAttribute('data-phase', 'paused', { timeout: 30_000 });
  const fetchedWhilePaused = hold.fetched.length;
  await page.waitForTimeout(500);
  expect(hold.fetched.length).toBe(fetchedWhilePaused);
  await page.getByTestId('gallery-clip-resume').click();
  await expect(chip(page)).toHaveCount(0, { timeout: 30_000 });
  await searchText(page, 'blue');
  await expect.poll(async () => (await rankedResults(page)).slice(0, 6).every((h) => h.id.endsWith('-blue.jpg')), { timeout: 15_000 }).toBe(true);
});
