import { expect, test, type Page } from '@playwright/test';
import { openApp, rankedResults, newVisit, openView } from './helpers.ts';
import { holidayFolder, mixedFolder } from './folder-fixtures.ts';

const progress = (page: Page) => page.getByTestId('index-progress');
const collection = (page: Page, name: string) => page.locator(`[data-testid="collection"][data-name="${name}"]`);

async function addFolder(page: Page, dir: string): Promise<void> {
  await openView(page, 'photos');
  await page.getByTestId('folder-input').setInputFiles(dir);
}

async function waitIndexed(page: Page, timeout = 120_000): Promise<void> {
  await expect(progress(page)).toHaveAttribute('data-state', 'done', { timeout });
}

/** Searches with one file of the folder (through the query picker) and returns the ranked ids with their collection. */
async function searchWith(page: Page, file: string): Promise<{ id: string; collection: string | null }[]> {
  await page.getByTestId('query-file').setInputFiles(file);
  await rankedResults(page);
  return page.getByTestId('result-item').evaluateAll((els) => els.map((el) => ({ id: el.getAttribute('data-id') ?? '', collection: el.getAttribute('data-collection') })));
}

test.describe('your own photos', () => {
  test.describe.configure({ mode: 'serial', timeout: 240_000 });

  test('a folder of 200 photos is indexed with progress, found first, and still there after a reload', async ({ page }) => {
    const { dir, paths } = await holidayFolder(200);
    await openApp(page);
    await addFolder(page, dir);
    await expect(progress(page)).toBeVisible();
    await waitIndexed(page);
    await expect(progress(page)).toHaveAttribute('data-indexed', '200');
    await expect(collection(page, 'Holiday')).toHaveAttribute('data-count', '200');
    await expect(collection(page, 'Holiday')).toHaveAttribute('data-state', 'ready');

    const probe = paths[137];
    const hits = await searchWith(page, `${dir}/${probe}`);
    expect(hits[0]).toMatchObject({ id: probe });
    expect(hits[0].collection).toBeTruthy();

    await newVisit(page);
    await expect(collection(page, 'Holiday')).toHaveAttribute('data-count', '200');
    await expect(progress(page)).toHaveCount(0); // nothing is indexed again
    const again = await searchWith(page, `${dir}/${paths[3]}`);
    expect(again[0]).toMatchObject({ id: paths[3] });

    // Re-adding the unchanged folder reads nothing again.
    await addFolder(page, dir);
    await waitIndexed(page);
    await expect(progress(page)).toHaveAttribute('data-total', '0');
    await expect(progress(page)).toHaveAttribute('data-unchanged', '200');
  });

  test('indexing interrupted by a reload resumes where it stopped and ends with every image once', async ({ page }) => {
    const { dir } = await holidayFolder(200);
    await openApp(page);
    await addFolder(page, dir);
    await expect.poll(async () => Number(await progress(page).getAttribute('data-done')), { timeout: 60_000, intervals: [50] }).toBeGreaterThanOrEqual(40);
    await page.reload();

    await expect(collection(page, 'Holiday')).toHaveAttribute('data-state', 'indexing');
    await expect(page.getByTestId('collection-interrupted')).toContainText('Add the same folder again to continue');
    // Batches are stored whole: the files of the batch in flight at the reload are simply not there.
    const stored = Number(await collection(page, 'Holiday').getAttribute('data-count'));
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(200);

    await addFolder(page, dir);
    await waitIndexed(page);
    // Only the files not stored before the reload were read.
    expect(Number(await progress(page).getAttribute('data-total'))).toBe(200 - stored);
    expect(Number(await progress(page).getAttribute('data-unchanged'))).toBe(stored);
    await expect(collection(page, 'Holiday')).toHaveAttribute('data-count', '200');
    await expect(collection(page, 'Holiday')).toHaveAttribute('data-state', 'ready');
    const paths = await page.evaluate(() => window.imageSearch.collections.paths('Holiday'));
    expect(paths).toHaveLength(200);
    expect(new Set(paths).size).toBe(200);
  });

  test('a folder with bad files finishes, lists each with its reason, and never renders a name as HTML', async ({ page }) => {
    const { dir, bad, valid } = await mixedFolder(60);
    await openApp(page);
    await addFolder(page, dir);
    await waitIndexed(page);
    await expect(progress(page)).toHaveAttribute('data-indexed', String(valid));
    const report = page.getByTestId('index-report');
    await expect(report).toHaveAttribute('data-skipped', String(bad.length));
    for (const name of bad) {
      const row = report.locator(`[data-testid="skipped-file"][data-path="${name.replace(/"/g, '\\"')}"]`);
      await expect(row).toContainText(name);
      expect((await row.locator('.why').textContent())?.trim().length).toBeGreaterThan(5);
    }
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  test('a collection can be left out of searches, and deleted', async ({ page }) => {
    const { dir, paths } = await holidayFolder(30);
    await openApp(page);
    await addFolder(page, dir);
    await waitIndexed(page);
    await expect(collection(page, 'Holiday')).toHaveAttribute('data-count', '30');
    await collection(page, 'Holiday').getByTestId('collection-toggle').uncheck();
    const hits = await searchWith(page, `${dir}/${paths[5]}`);
    expect(hits.every((h) => h.collection === null)).toBe(true);
    await openView(page, 'photos');
    await collection(page, 'Holiday').getByTestId('collection-delete').click();
    await collection(page, 'Holiday').getByTestId('collection-delete-confirm').click();
    await expect(collection(page, 'Holiday')).toHaveCount(0);
  });

  test('a collection exported as a zip can be imported again (here, after deleting it) and searched', async ({ page }) => {
    const { dir, paths } = await holidayFolder(30);
    await openApp(page);
    await addFolder(page, dir);
    await waitIndexed(page);
    const [download] = await Promise.all([page.waitForEvent('download'), collection(page, 'Holiday').getByTestId('collection-export').click()]);
    expect(download.suggestedFilename()).toBe('Holiday.image-index.zip');
    const zip = await download.path();

    await collection(page, 'Holiday').getByTestId('collection-delete').click();
    await collection(page, 'Holiday').getByTestId('collection-delete-confirm').click();
    await expect(collection(page, 'Holiday')).toHaveCount(0);

    await openView(page, 'photos');
    await page.getByTestId('import-input').setInputFiles(zip);
    await expect(collection(page, 'Holiday')).toHaveAttribute('data-count', '30');
    const hits = await searchWith(page, `${dir}/${paths[12]}`);
    expect(hits[0]).toMatchObject({ id: paths[12] });

    // Something that is not an index is refused with a message, and nothing is added.
    await openView(page, 'photos');
    await page.getByTestId('import-input').setInputFiles({ name: 'notes.zip', mimeType: 'application/zip', buffer: Buffer.from('not a zip at all') });
    await expect(page.getByTestId('collections-error')).toContainText('notes.zip could not be imported');
    await expect(page.getByTestId('collection')).toHaveCount(1);
  });

  test('a collection indexed by an earlier classic engine says so, and Update makes its vectors again', async ({ page }) => {
    const { dir } = await holidayFolder(12);
    await openApp(page);
    await addFolder(page, dir);
    await waitIndexed(page);
    const outdated = collection(page, 'Holiday').getByTestId('collection-outdated');
    await expect(collection(page, 'Holiday')).toHaveAttribute('data-count', '12');
    await expect(outdated).toHaveCount(0);
    // As if it had been indexed by an earlier classic engine: the stored record says version 0.
    await page.evaluate(async (name) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => { const r = indexedDB.open(name); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
      const store = db.transaction('collections', 'readwrite').objectStore('collections');
      const rows = await new Promise<{ engines: { classic: { version: number } } }[]>((resolve) => { const r = store.getAll(); r.onsuccess = () => resolve(r.result); });
      for (const row of rows) { row.engines.classic.version = 0; store.put(row); }
      await new Promise((resolve) => { store.transaction.oncomplete = resolve; });
      db.close();
    }, 'offline-image-search');
    await newVisit(page);
    await openView(page, 'photos');
    await expect(outdated).toContainText('earlier version of the classic engine');
    // A folder from an input has no stored handle: Update asks for it again, and every vector is made again.
    const chooser = page.waitForEvent('filechooser');
    await collection(page, 'Holiday').getByTestId('collection-update').click();
    await (await chooser).setFiles(dir);
    await waitIndexed(page);
    await expect(progress(page)).toHaveAttribute('data-indexed', '12');
    await expect(outdated).toHaveCount(0);
    await expect(collection(page, 'Holiday')).toHaveAttribute('data-count', '12');
  });

  test('the larger view of a found photo shows its path and searches with it', async ({ page }) => {
    const { dir, paths } = await holidayFolder(30);
    await openApp(page);
    await addFolder(page, dir);
    await waitIndexed(page);
    await searchWith(page, `${dir}/${paths[7]}`);
    await page.getByTestId('result-item').first().getByTestId('result-open').click();
    await expect(page.getByTestId('lightbox-name')).toHaveText('photo-0007.jpg');
    await expect(page.getByTestId('lightbox')).toContainText(paths[7]);
    await expect(page.getByTestId('lightbox')).toContainText('480 × 360 px');
    await page.getByTestId('lightbox-search').click();
    await expect(page.getByTestId('lightbox')).not.toBeVisible();
    const hits = await rankedResults(page);
    expect(hits[0]).toMatchObject({ id: paths[7] });
    expect(hits[0].score).toBeCloseTo(1, 5);
  });
});
