import { expect, test, type Page } from '@playwright/test';
import { FIXTURES, GALLERY_FIXTURE_ID, type FixtureName } from '../fixtures/generate.ts';
import type { ImageSearchPageApi } from '../../src/bridge/page-test-api.ts';
import { dropFixture, openApp, rankedResults, results, uploadFixture } from './helpers.ts';

declare global {
  interface Window {
    imageSearch: ImageSearchPageApi;
  }
}

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

/** After any bad input, the decoder worker must still answer: the gallery image finds itself. */
async function goodQueryStillWorks(page: Page): Promise<void> {
  // A query holds several images: start from an empty one so the gallery image is searched alone.
  // Files still being read first (a burst of uploads): their tiles, and "Remove all" with them, may go away meanwhile.
  await expect(page.locator('[data-testid="query-preview"] [aria-busy="true"]')).toHaveCount(0);
  const removeAll = page.getByTestId('query-remove');
  if (await removeAll.isVisible()) await removeAll.click();
  await uploadFixture(page, 'galleryCopy');
  await expect(page.getByTestId('query-preview')).toContainText('gallery-dragon.png');
  await expect(page.getByTestId('query-error')).toHaveCount(0);
  expect((await rankedResults(page))[0].id).toBe(GALLERY_FIXTURE_ID);
}

test('a corrupt file dropped on the drop zone is named in the message; the app keeps working', async ({ page }) => {
  await dropFixture(page, 'text');
  const error = page.getByTestId('query-error');
  await expect(error).toBeVisible();
  await expect(error).toContainText('not-really.jpg');
  await expect(error).toContainText('not an image');
  await expect(error).toHaveAttribute('data-code', 'not-an-image');
  await expect(results(page)).toHaveCount(0);
  await goodQueryStillWorks(page);
});

test('several files dropped at once: every refused file is listed with a plain reason, the good one searches', async ({ page }) => {
  await dropFixture(page, ['text', 'galleryCopy', 'empty']);
  const error = page.getByTestId('query-error');
  await expect(error).toContainText('These 2 files could not be used');
  const refused = error.getByTestId('query-error-file');
  await expect(refused).toHaveCount(2);
  await expect(refused.filter({ hasText: 'not-really.jpg' })).toHaveAttribute('data-code', 'not-an-image');
  await expect(refused.filter({ hasText: 'empty.jpg' })).toContainText('the file is empty');
  expect((await rankedResults(page))[0].id).toBe(GALLERY_FIXTURE_ID);
});

test('a damaged image is refused in plain words, never the browser\'s own text', async ({ page }) => {
  await dropFixture(page, ['truncated']);
  const error = page.getByTestId('query-error');
  const outcome = await expect(error).toBeVisible({ timeout: 20_000 }).then(() => 'refused', () => 'searched');
  test.skip(outcome === 'searched', 'this browser decodes the cut-off JPEG');
  await expect(error).toContainText('This file could not be used');
  await expect(error).toContainText('damaged or incomplete');
  await expect(error).not.toContainText('source image');
});

test('a dropped good image searches', async ({ page }) => {
  await dropFixture(page, 'galleryCopy');
  expect((await rankedResults(page))[0].id).toBe(GALLERY_FIXTURE_ID);
});

const inputs = (Object.keys(FIXTURES) as FixtureName[]).filter((n) => n !== 'galleryCopy');

for (const name of inputs) {
  const spec = FIXTURES[name];
  test(`${name} (${spec.what}): ${spec.expect === 'ok' ? 'searches' : spec.expect === 'error' ? 'clear message' : 'searches or clear message'}, then the app still works`, async ({ page }) => {
    test.setTimeout(90_000);
    await uploadFixture(page, name);
    const error = page.getByTestId('query-error');
    await expect(error.or(results(page).first())).toBeVisible({ timeout: 45_000 });

    if (await error.isVisible()) {
      test.info().annotations.push({ type: 'outcome', description: `message: ${await error.textContent()}` });
      expect(spec.expect, `${spec.file} should have been searchable, got: ${await error.textContent()}`).not.toBe('ok');
      await expect(error).toContainText(spec.file); // names the file, as text
      const code = await error.getAttribute('data-code');
      expect('codes' in spec ? (spec.codes as readonly string[]) : []).toContain(code);
      await expect(results(page)).toHaveCount(0);
    } else {
      expect(spec.expect, `${spec.file} should have been refused`).not.toBe('error');
      await rankedResults(page);
      await expect(page.getByTestId('query-preview')).toContainText(spec.file);
      test.info().annotations.push({ type: 'outcome', description: `searched: ${await page.getByTestId('query-preview').textContent()}` });
    }
    // File names are text, never markup.
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    await goodQueryStillWorks(page);
  });
}

test('a burst of bad files, then a good one: only the last counts and it works', async ({ page }) => {
  for (const name of ['empty', 'svg', 'heic', 'truncated', 'tiny'] as const) await uploadFixture(page, name);
  await goodQueryStillWorks(page);
});

test('window.imageSearch.embed rejects bad input with a typed error naming the file', async ({ page }) => {
  const outcome = await page.evaluate(async () => {
    try {
      await window.imageSearch.embed(new TextEncoder().encode('hello').buffer as ArrayBuffer, 'hello.png');
      return null;
    } catch (e) {
      const err = e as { code?: string; file?: string; message: string };
      return { code: err.code, file: err.file, message: err.message };
    }
  });
  expect(outcome).toEqual({ code: 'not-an-image', file: 'hello.png', message: expect.stringContaining('hello.png') });
});
