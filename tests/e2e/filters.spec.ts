/**
 * Filters and sort (issue 17, item 3): a collection with known dates (EXIF or file date),
 * folders, types, sizes and orientations; each filter returns exactly the matching images,
 * with no query (listed by date) and combined with an image query; the date sort's order.
 */
import { mkdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { roundAsShown } from '../../src/lib/results/threshold.ts';
import { closeSettings, openApp, openSettings, openView } from './helpers.ts';

interface Photo {
  readonly path: string;
  readonly width: number;
  readonly height: number;
  readonly type: 'jpeg' | 'png' | 'webp';
  /** EXIF DateTimeOriginal (UTC, noon), or none: then the file date below is the date */
  readonly exif?: string;
  readonly fileDate: string;
}

/** Each photo's date is what filters and the date sort use: its EXIF date, else its file date. */
const PHOTOS: readonly (Photo & { readonly date: string })[] = [
  { path: 'trips/rome/r1.jpg', width: 640, height: 480, type: 'jpeg', exif: '2021-06-10', fileDate: '2025-01-01', date: '2021-06-10' },
  { path: 'trips/rome/r2.jpg', width: 480, height: 640, type: 'jpeg', exif: '2021-06-12', fileDate: '2025-01-01', date: '2021-06-12' },
  { path: 'trips/hanoi/h1.png', width: 500, height: 500, type: 'png', fileDate: '2022-03-05', date: '2022-03-05' },
  { path: 'trips/hanoi/h2.jpg', width: 1600, height: 1200, type: 'jpeg', exif: '2023-01-20', fileDate: '2025-01-01', date: '2023-01-20' },
  { path: 'home/k1.webp', width: 640, height: 480, type: 'webp', fileDate: '2020-01-01', date: '2020-01-01' },
  { path: 'home/k2.png', width: 300, height: 600, type: 'png', exif: '2024-08-08', fileDate: '2025-01-01', date: '2024-08-08' },
  { path: 'loose.jpg', width: 400, height: 400, type: 'jpeg', fileDate: '2019-05-05', date: '2019-05-05' },
];

const byDate = (order: 'newest' | 'oldest', list = PHOTOS) => [...list].sort((a, b) => (order === 'newest' ? b.date.localeCompare(a.date) : a.date.localeCompare(b.date))).map((p) => p.path);
const paths = (pick: (p: Photo & { date: string }) => boolean) => PHOTOS.filter(pick).map((p) => p.path);

async function datedFolder(): Promise<string> {
  const dir = join(tmpdir(), 'image-search-e2e-filters-v1', 'Dated');
  await rm(dir, { recursive: true, force: true });
  for (const [i, p] of PHOTOS.entries()) {
    const file = join(dir, p.path);
    await mkdir(join(file, '..'), { recursive: true });
    // distinct colours, so an image query ranks its own photo first
    let img = sharp({ create: { width: p.width, height: p.height, channels: 3, background: { r: (i * 97) % 256, g: (i * 53 + 40) % 256, b: (i * 151 + 90) % 256 } } });
    img = p.type === 'jpeg' ? img.jpeg() : p.type === 'png' ? img.png() : img.webp();
    if (p.exif) img = img.withExif({ IFD2: { DateTimeOriginal: `${p.exif.replaceAll('-', ':')} 12:00:00`, OffsetTimeOriginal: '+00:00' } });
    await writeFile(file, await img.toBuffer());
    const t = new Date(`${p.fileDate}T12:00:00Z`);
    await utimes(file, t, t);
  }
  return dir;
}

/** The results shown, in order, once the search (or listing) is done. */
async function shown(page: Page): Promise<string[]> {
  await expect(page.getByTestId('search-status')).toHaveAttribute('data-state', 'idle');
  await expect(page.getByTestId('filters-status')).not.toHaveText('');
  return page.getByTestId('result-item').evaluateAll((els) => els.map((el) => el.getAttribute('data-id') ?? ''));
}

/** Waits until the results are exactly `expected` (in order) and the filter status counts them. */
async function expectShown(page: Page, expected: readonly string[]): Promise<void> {
  await expect.poll(() => shown(page), { timeout: 20_000 }).toEqual(expected);
  await expect(page.getByTestId('filters-status')).toHaveAttribute('data-kept', String(expected.length));
}

const check = (page: Page, testid: string, value: string) => page.locator(`[data-testid="${testid}"][value="${value}"]`).check();
const uncheck = (page: Page, testid: string, value: string) => page.locator(`[data-testid="${testid}"][value="${value}"]`).uncheck();

test.describe('filters and sort', () => {
  test.describe.configure({ timeout: 180_000 });

  test('each filter lists exactly the matching photos by date, with no query and with an image query', async ({ page }) => {
    const dir = await datedFolder();
    await openApp(page);
    await openView(page, 'photos');
    await page.getByTestId('folder-input').setInputFiles(dir);
    await expect(page.getByTestId('index-progress')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
    await expect(page.locator('[data-testid="collection"][data-name="Dated"]')).toHaveAttribute('data-count', String(PHOTOS.length));

    await openView(page, 'search');
    await page.getByTestId('filters-toggle').click();
    await expect(page.getByTestId('filter-folder')).toHaveCount(5); // all folders, home, trips, trips/hanoi, trips/rome
    await expect(page.getByTestId('filter-type')).toHaveCount(3);

    // No query: a filter lists the matching photos, newest first (the relevance default has no query to rank by).
    await check(page, 'filter-folder', 'trips/rome');
    await expectShown(page, ['trips/rome/r2.jpg', 'trips/rome/r1.jpg']);
    await expect(page.getByTestId('empty-state')).toHaveCount(0);
    // a listing has no scores: the cards show the date, the larger view no score
    await expect(page.getByTestId('result-score').first()).not.toContainText('NaN');
    await page.getByTestId('result-open').first().click();
    await expect(page.getByTestId('lightbox-name')).toBeVisible();
    await expect(page.getByTestId('lightbox')).toBeVisible();
    await expect(page.getByTestId('lightbox')).not.toContainText('NaN');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('lightbox-name')).toHaveCount(0);
    await check(page, 'filter-folder', 'home');
    await expectShown(page, byDate('newest', PHOTOS.filter((p) => p.path.startsWith('trips/rome/') || p.path.startsWith('home/'))));
    await uncheck(page, 'filter-folder', 'trips/rome');
    await uncheck(page, 'filter-folder', 'home');
    await check(page, 'filter-folder', 'trips');
    await expectShown(page, byDate('newest', PHOTOS.filter((p) => p.path.startsWith('trips/'))));
    await page.getByTestId('filters-clear').click();
    await expect(page.getByTestId('empty-state')).toBeVisible();

    await check(page, 'filter-type', 'png');
    await expectShown(page, byDate('newest', PHOTOS.filter((p) => p.type === 'png')));
    await check(page, 'filter-type', 'webp');
    await expectShown(page, byDate('newest', PHOTOS.filter((p) => p.type !== 'jpeg')));
    await page.getByTestId('filters-clear').click();

    // Date taken: EXIF where the camera wrote it (r1, r2, h2, k2), else the file's date (h1, k1, loose).
    await page.getByTestId('filter-from').fill('2021-01-01');
    await page.getByTestId('filter-to').fill('2022-12-31');
    await expectShown(page, byDate('newest', PHOTOS.filter((p) => p.date >= '2021-01-01' && p.date <= '2022-12-31')));
    await page.getByTestId('sort').selectOption('oldest');
    await expectShown(page, byDate('oldest', PHOTOS.filter((p) => p.date >= '2021-01-01' && p.date <= '2022-12-31')));
    await page.getByTestId('sort').selectOption('relevance');
    await page.getByTestId('filters-clear').click();

    await check(page, 'filter-orientation', 'portrait');
    await expectShown(page, byDate('newest', PHOTOS.filter((p) => p.height > p.width)));
    await uncheck(page, 'filter-orientation', 'portrait');
    await check(page, 'filter-orientation', 'square');
    await expectShown(page, byDate('newest', PHOTOS.filter((p) => p.height === p.width)));
    await page.getByTestId('filters-clear').click();

    await page.getByTestId('filter-size').selectOption('1');
    await expectShown(page, paths((p) => p.width * p.height >= 1e6));
    await page.getByTestId('filters-clear').click();

    // With an image query: the filter is a mask before top-k, so every matching photo comes back (k = 20 > 7),
    // ranked by similarity (the query photo itself first), and nothing else — no gallery item, no other folder.
    await page.getByTestId('query-file').setInputFiles(join(dir, 'trips/rome/r1.jpg'));
    await expect(page.getByTestId('result-item').first()).toBeVisible();
    await check(page, 'filter-folder', 'trips');
    const trips = await (async () => {
      await expect.poll(async () => (await shown(page)).length, { timeout: 20_000 }).toBe(4);
      return shown(page);
    })();
    expect(trips[0]).toBe('trips/rome/r1.jpg');
    expect([...trips].sort()).toEqual(paths((p) => p.path.startsWith('trips/')).sort());
    await check(page, 'filter-type', 'jpeg');
    await expect.poll(async () => [...(await shown(page))].sort(), { timeout: 20_000 }).toEqual(paths((p) => p.path.startsWith('trips/') && p.type === 'jpeg').sort());
    expect((await shown(page))[0]).toBe('trips/rome/r1.jpg');
    await page.getByTestId('filters-clear').click();

    // The date sort of ranked results: the same images, by date (threshold off: all of them).
    await check(page, 'filter-folder', '');
    await expect.poll(async () => [...(await shown(page))].sort(), { timeout: 20_000 }).toEqual([...paths(() => true)].sort());
    await page.getByTestId('sort').selectOption('newest');
    await expectShown(page, byDate('newest'));
    await page.getByTestId('sort').selectOption('oldest');
    await expectShown(page, byDate('oldest'));

    // With a threshold, a date sort chooses among every photo above it, not only among the k best:
    // k = 2, and the 2 newest of the n best (those at or above the threshold) come back.
    await page.getByTestId('sort').selectOption('relevance');
    await expect.poll(async () => (await shown(page)).length, { timeout: 20_000 }).toBe(PHOTOS.length);
    const ranked = await page.getByTestId('result-item').evaluateAll((els) => els.map((el) => ({ id: el.getAttribute('data-id') ?? '', score: Number(el.getAttribute('data-score')) })));
    const dateOf = (id: string) => PHOTOS.find((p) => p.path === id)!.date;
    const newest2 = (ids: readonly string[]) => [...ids].sort((a, b) => dateOf(b).localeCompare(dateOf(a))).slice(0, 2);
    const best = (n: number) => ranked.slice(0, n).map((h) => h.id);
    // the smallest n whose 2 newest are not the 2 best's (so the k best alone would give other photos)
    const n = [3, 4, 5, 6].find((m) => roundAsShown(ranked[m - 1].score, 'similarity') > roundAsShown(ranked[m].score, 'similarity') && newest2(best(m)).join() !== newest2(best(2)).join());
    expect(n, `scores ${JSON.stringify(ranked)}`).toBeDefined();
    const cut = ranked[n! - 1].score;
    await openSettings(page);
    await page.getByTestId('topk-input').fill('2');
    await page.getByTestId('topk-input').press('Enter');
    await closeSettings(page);
    await page.getByTestId('sort').selectOption('newest');
    // no threshold: the 2 best, newest first
    await expect.poll(() => shown(page), { timeout: 20_000 }).toEqual(newest2(best(2)));
    await openSettings(page);
    await expect(page.getByTestId('threshold-summary')).toHaveText(`2 of ${PHOTOS.length} shown`); // the slider spans every candidate
    await page.getByTestId('threshold-slider').fill(String(cut));
    await expect(page.getByTestId('threshold-value')).toHaveAttribute('data-state', 'on');
    await closeSettings(page);
    await expect.poll(() => shown(page), { timeout: 20_000 }).toEqual(newest2(best(n!)));
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`the gallery's category and source filters, in English and Vietnamese, with no serious axe finding (${theme})`, async ({ page }) => {
      await page.addInitScript((t) => localStorage.setItem('image-search:theme', t), theme);
      await openApp(page);
      await page.getByTestId('filters-toggle').click();
      await expect(page.getByTestId('filter-category').first()).toBeVisible();
      const categories = await page.getByTestId('filter-category').evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value));
      expect(categories.length).toBeGreaterThan(3);
      await check(page, 'filter-category', categories[0]);
      await check(page, 'filter-source', 'noto');
      // both hold: only Noto's images of that category are listed
      const ids = () => page.getByTestId('result-item').evaluateAll((els) => els.map((el) => el.getAttribute('data-id') ?? ''));
      await expect.poll(async () => { const l = await ids(); return l.length > 0 && l.every((id) => id.startsWith('noto/')); }, { timeout: 20_000 }).toBe(true);
      await expect(page.getByTestId('filters-status')).toHaveAttribute('data-kept', /^[1-9]\d*$/);
      for (const locale of ['en', 'vi'] as const) {
        if (locale === 'vi') {
          await page.getByTestId('language-select').selectOption('vi');
          await expect(page.getByTestId('filters-toggle')).toContainText('Bộ lọc');
        }
        await page.waitForTimeout(250);
        const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
        const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
        expect(serious, `${theme} ${locale}`).toEqual([]);
      }
      await page.screenshot({ path: `test-results/screenshots/filters-${theme}.png`, fullPage: false });
    });
  }

  test('filters and sort go into the link; the link opened in a fresh context shows the same results', async ({ page, browser }) => {
    await openApp(page);
    await page.getByTestId('example-item').first().click();
    await expect(page.getByTestId('result-item').first()).toBeVisible();
    await page.getByTestId('filters-toggle').click();
    await check(page, 'filter-source', 'twemoji');
    await expect.poll(async () => (await page.getByTestId('result-item').evaluateAll((els) => els.map((el) => el.getAttribute('data-id') ?? ''))).every((id) => id.startsWith('twemoji/')), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => new URL(page.url()).searchParams.getAll('source')).toEqual(['twemoji']);
    const ids = await shown(page);
    expect(ids.length).toBe(20);
    const kept = (await page.getByTestId('filters-status').getAttribute('data-kept')) ?? '';
    expect(Number(kept)).toBeGreaterThan(20);

    const fresh = await browser.newContext({ serviceWorkers: 'block', locale: 'en-US' });
    try {
      const other = await fresh.newPage();
      await other.goto(page.url());
      await expect(other.getByTestId('filters-status')).toHaveAttribute('data-kept', kept, { timeout: 60_000 }); // a cold page: vectors first
      await expect.poll(() => shown(other), { timeout: 30_000 }).toEqual(ids);
      await expect(other.getByTestId('filters-toggle')).toHaveText('Filters (1 set)');
    } finally {
      await fresh.close();
    }
  });

  test('a history turn brings back the filters and sort it was searched with, and its results', async ({ page }) => {
    const ids = () => page.getByTestId('result-item').evaluateAll((els) => els.map((el) => el.getAttribute('data-id') ?? ''));
    const turns = page.getByTestId('history-turn');
    await openApp(page);
    // The first search: an example, only Twemoji's images, oldest first.
    await page.getByTestId('example-item').first().click();
    await expect(page.getByTestId('result-item').first()).toBeVisible();
    await page.getByTestId('filters-toggle').click();
    await check(page, 'filter-source', 'twemoji');
    await page.getByTestId('sort').selectOption('oldest');
    await expect.poll(async () => { const l = await ids(); return l.length > 0 && l.every((id) => id.startsWith('twemoji/')); }, { timeout: 20_000 }).toBe(true);
    const first = await shown(page);
    await expect(turns).toHaveCount(1);

    // The second search: the query removed, the filter cleared, relevance again, another example (all sources).
    await page.getByTestId('query-remove').click();
    await page.getByTestId('filters-clear').click();
    await page.getByTestId('sort').selectOption('relevance');
    await expect(page.getByTestId('empty-state')).toBeVisible();
    await page.getByTestId('example-item').nth(1).click();
    await expect.poll(async () => (await ids()).some((id) => !id.startsWith('twemoji/')), { timeout: 20_000 }).toBe(true);
    await expect(page.getByTestId('filters-toggle')).toHaveText('Filters');
    await expect(turns).toHaveCount(2);

    // The first turn (the older, second in the list) put back: its filter, its sort, its results.
    await turns.nth(1).getByTestId('history-rerun').click();
    await expect(page.getByTestId('filters-toggle')).toHaveText('Filters (1 set)');
    await expect(page.locator('[data-testid="filter-source"][value="twemoji"]')).toBeChecked();
    await expect(page.locator('[data-testid="filter-source"][value="noto"]')).not.toBeChecked();
    await expect(page.getByTestId('sort')).toHaveValue('oldest');
    await expect.poll(() => shown(page), { timeout: 20_000 }).toEqual(first);
    await expect.poll(() => new URL(page.url()).searchParams.getAll('source')).toEqual(['twemoji']);
    expect(new URL(page.url()).searchParams.get('sort')).toBe('oldest');

    // And the second turn (now the older: the first, searched again, came to the top): no filter, relevance.
    await expect(turns).toHaveCount(2);
    await turns.nth(1).getByTestId('history-rerun').click();
    await expect(page.getByTestId('filters-toggle')).toHaveText('Filters');
    await expect(page.getByTestId('sort')).toHaveValue('relevance');
    await expect.poll(async () => (await ids()).some((id) => !id.startsWith('twemoji/')), { timeout: 20_000 }).toBe(true);
  });

  test('a listing by filters alone (no query) goes into the link too, without a new history entry', async ({ page, browser }) => {
    await openApp(page);
    const entries = await page.evaluate(() => history.length);
    await page.getByTestId('filters-toggle').click();
    await check(page, 'filter-source', 'noto');
    await expect.poll(async () => { const l = await shown(page); return l.length > 0 && l.every((id) => id.startsWith('noto/')); }, { timeout: 20_000 }).toBe(true);
    await expect.poll(() => new URL(page.url()).searchParams.getAll('source')).toEqual(['noto']);
    expect(await page.evaluate(() => history.length)).toBe(entries);
    const ids = await shown(page);

    const fresh = await browser.newContext({ serviceWorkers: 'block', locale: 'en-US' });
    try {
      const other = await fresh.newPage();
      await other.goto(page.url());
      await expect.poll(() => shown(other), { timeout: 60_000 }).toEqual(ids);
    } finally {
      await fresh.close();
    }
  });
});
