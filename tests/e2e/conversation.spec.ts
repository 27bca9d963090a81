/**
 * The search experience on the default build (no CLIP model): a query of several images, the
 * history of searches as turns (kept in IndexedDB across a reload, re-run, removed, cleared),
 * keyboard use of the results and the larger view, relevance feedback and the threshold.
 * Text + images with the tiny CLIP model: clip-conversation.spec.ts.
 */
import { expect, test, type Page } from '@playwright/test';
import { GALLERY_FIXTURE_ID } from '../fixtures/generate.ts';
import { roundAsShown } from '../../src/lib/results/threshold.ts';
import { dropFixture, fixturePath, openApp, pasteFixture, rankedResults, results, newVisit, chooseSetting, openSettings } from './helpers.ts';

const composerImages = (page: Page) => page.getByTestId('composer-image');
const turns = (page: Page) => page.getByTestId('history-turn');
const openButton = (page: Page, rank: number) => page.locator(`[data-testid="result-item"][data-rank="${rank}"] [data-testid="result-open"]`);

/** Waits until a new ranking differs from `before` (ids in order), then returns it. */
async function rankingChanged(page: Page, before: { id: string }[]): Promise<{ id: string; score: number }[]> {
  const key = (r: { id: string }[]) => r.map((h) => h.id).join(' ');
  await expect.poll(async () => key(await rankedResults(page))).not.toBe(key(before));
  return rankedResults(page);
}

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

test('one turn per composed query, named by its images and text; the text part gets the card; the history is there on the next visit', async ({ page }) => {
  test.setTimeout(120_000);
  await page.getByTestId('query-file').setInputFiles([fixturePath('galleryCopy'), fixturePath('photo')]);
  await expect(composerImages(page)).toHaveCount(2);
  await expect(page.getByTestId('query-preview')).toContainText('gallery-dragon.png');
  await expect(page.getByTestId('query-preview')).toContainText('photo-640.jpg');
  const both = await rankedResults(page);
  expect(both).toHaveLength(20);
  await expect(turns(page)).toHaveCount(1);
  await expect(turns(page).first()).toHaveAttribute('data-images', '2');
  await expect(turns(page).first().getByTestId('history-summary')).toHaveText('gallery-dragon.png, photo-640.jpg');
  await expect(turns(page).first().getByTestId('history-hit')).toHaveCount(6);

  // The mean of two images is not either one: removing the photo leaves the dragon alone, first.
  // Composing the query updates its turn rather than adding one.
  await composerImages(page).filter({ hasText: 'photo-640.jpg' }).getByTestId('composer-image-remove').click();
  await expect(composerImages(page)).toHaveCount(1);
  const dragon = await rankingChanged(page, both);
  expect(dragon[0].id).toBe(GALLERY_FIXTURE_ID);
  await expect(turns(page)).toHaveCount(1);
  await expect(turns(page).first().getByTestId('history-summary')).toHaveText('gallery-dragon.png');

  // Text needs CLIP, which this build does not ship: a card says so, the image is still searched
  // with the current engine and no search fails.
  await page.getByTestId('query-text').fill('a red dragon');
  await page.getByTestId('query-text').press('Enter');
  await expect(page.getByTestId('text-search-card')).toContainText('Text search needs a model');
  await expect(page.getByTestId('search-error')).toHaveCount(0);
  await expect(composerImages(page)).toHaveCount(1);
  await expect(page.getByTestId('engine-select')).toHaveValue('auto');
  await expect(page.getByTestId('search-status')).toHaveAttribute('data-engine', 'classic');
  expect((await rankedResults(page))[0].id).toBe(GALLERY_FIXTURE_ID);
  await expect(turns(page)).toHaveCount(1);
  await expect(turns(page).first().getByTestId('history-summary')).toHaveText('gallery-dragon.png + “a red dragon”');

  // Thumbnails, not the images, are stored: at most 128 px.
  const thumb = turns(page).first().getByTestId('history-thumb').first();
  await expect(thumb).toHaveJSProperty('complete', true);
  const size = await thumb.evaluate((img: HTMLImageElement) => Math.max(img.naturalWidth, img.naturalHeight));
  expect(size).toBeGreaterThan(0);
  expect(size).toBeLessThanOrEqual(128);

  // A new visit (a reload would put this search back: the URL follows the search, share-url.spec.ts).
  await page.goto('./');
  await expect(page.getByTestId('empty-state')).toBeVisible();
  await expect(turns(page)).toHaveCount(1);
  const turn = turns(page).first();
  await expect(turn).toHaveAttribute('data-images', '1');

  // Re-running it puts the image (from its stored vectors) and the text back: the same ranking.
  await turn.getByTestId('history-rerun').click();
  await expect(composerImages(page)).toHaveCount(1);
  await expect(page.getByTestId('query-text')).toHaveValue('a red dragon');
  const again = await rankedResults(page);
  expect(again.map((h) => h.id)).toEqual(dragon.map((h) => h.id));
  await expect(turns(page)).toHaveCount(1);
});

test('the composer holds five images: a sixth is refused with a message; drop and paste add several', async ({ page }) => {
  const five = (['galleryCopy', 'photo', 'grayscale', 'transparent', 'png16'] as const).map((n) => fixturePath(n));
  await page.getByTestId('query-file').setInputFiles(five);
  await expect(composerImages(page)).toHaveCount(5);
  await rankedResults(page);
  // Full: the zone no longer offers paste or an active picker; a sixth dropped anyway is refused.
  await expect(page.getByTestId('drop-zone')).toContainText('The query is full');
  await expect(page.getByTestId('drop-zone')).not.toContainText('paste');
  await expect(page.getByTestId('query-file')).toBeDisabled();
  await dropFixture(page, 'animated');
  const limit = page.getByTestId('composer-limit');
  await expect(limit).toContainText('up to 5 images');
  await expect(limit).toContainText('animated.gif');
  await expect(composerImages(page)).toHaveCount(5); // nothing lost
  await expect(turns(page)).toHaveCount(1);

  await composerImages(page).nth(1).getByTestId('composer-image-remove').click();
  await expect(composerImages(page)).toHaveCount(4);
  await expect(limit).toHaveCount(0);
  await page.getByTestId('query-remove').click();
  await expect(composerImages(page)).toHaveCount(0);
  await expect(page.getByTestId('empty-state')).toBeVisible();

  // Several files dropped at once, then one pasted.
  await dropFixture(page, ['galleryCopy', 'photo']);
  await expect(composerImages(page)).toHaveCount(2);
  await pasteFixture(page, 'grayscale', 'image/jpeg');
  await expect(composerImages(page)).toHaveCount(3);
  await rankedResults(page);
});

test('results by keyboard: arrows, Home/End, Enter opens, ←/→ walk the larger view, Esc returns to the grid', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('query-file').setInputFiles(fixturePath('galleryCopy'));
  const ranked = await rankedResults(page);
  await openButton(page, 1).focus();
  await page.keyboard.press('ArrowRight');
  await expect(openButton(page, 2)).toBeFocused();
  await page.keyboard.press('ArrowDown'); // a row further: as many as there are columns
  const columns = await page.getByTestId('result-item').evaluateAll((els) => els.filter((el) => (el as HTMLElement).offsetTop === (els[0] as HTMLElement).offsetTop).length);
  await expect(openButton(page, 2 + columns)).toBeFocused();
  await page.keyboard.press('End');
  await expect(openButton(page, ranked.length)).toBeFocused();
  await page.keyboard.press('Home');
  await expect(openButton(page, 1)).toBeFocused();
  // Only one result is in the tab order.
  await expect(page.locator('[data-testid="result-open"][tabindex="0"]')).toHaveCount(1);

  await page.keyboard.press('Enter');
  const box = page.getByTestId('lightbox');
  await expect(box).toBeVisible();
  await expect(box).toHaveAttribute('data-rank', '1');
  const first = await page.getByTestId('lightbox-name').textContent();
  await page.keyboard.press('ArrowRight');
  await expect(box).toHaveAttribute('data-rank', '2');
  await expect(page.getByTestId('lightbox-name')).not.toHaveText(first ?? '');
  await page.keyboard.press('ArrowRight');
  await expect(box).toHaveAttribute('data-rank', '3');
  await page.getByTestId('lightbox-prev').click();
  await expect(box).toHaveAttribute('data-rank', '2');
  await page.getByTestId('lightbox-next').click();
  await expect(box).toHaveAttribute('data-rank', '3');
  await page.keyboard.press('ArrowLeft');
  await expect(box).toHaveAttribute('data-rank', '2');

  // Copy the id, and the image (PNG on the clipboard).
  await page.getByTestId('lightbox-copy-path').click();
  await expect(page.getByTestId('lightbox-copied')).toContainText(ranked[1].id);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(ranked[1].id);
  await page.getByTestId('lightbox-copy-image').click();
  await expect(page.getByTestId('lightbox-copied')).toHaveText('Copied the image.');
  const types = await page.evaluate(async () => (await navigator.clipboard.read()).flatMap((item) => [...item.types]));
  expect(types).toContain('image/png');

  await page.keyboard.press('Escape');
  await expect(box).toBeHidden();
  await expect(openButton(page, 2)).toBeFocused(); // the result last shown
  // Prev is off on the first result.
  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lightbox-prev')).toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(openButton(page, 1)).toBeFocused();
});

test('relevance feedback: a result marked bad drops after Refine; the threshold hides weak results', async ({ page }) => {
  await page.getByTestId('query-file').setInputFiles(fixturePath('photo'));
  const before = await rankedResults(page);
  await expect(page.getByTestId('refine')).toBeDisabled();
  const bad = results(page).nth(1);
  await bad.getByTestId('result-bad').click();
  await expect(bad.getByTestId('result-bad')).toHaveAttribute('aria-pressed', 'true');
  await expect(bad).toHaveAttribute('data-mark', 'bad');
  await page.getByTestId('refine').click();
  const after = await rankingChanged(page, before);
  const rankAfter = after.findIndex((h) => h.id === before[1].id);
  expect(rankAfter === -1 || rankAfter > 1, `${before[1].id} was 2nd, now ${rankAfter + 1}`).toBe(true);
  await expect(page.getByTestId('refine')).toBeDisabled(); // applied
  await expect(turns(page)).toHaveCount(2);
  await expect(turns(page).first().getByTestId('history-summary')).toContainText('refined (+0 −1)');

  // A good mark pulls its look-alikes up: refining again changes the ranking once more.
  const good = results(page).nth(9);
  await good.getByTestId('result-good').click();
  await page.getByTestId('refine').click();
  const refinedTwice = await rankingChanged(page, after);
  expect(refinedTwice.findIndex((h) => h.id === after[9].id)).toBeLessThan(9);
  await expect(turns(page)).toHaveCount(3);

  // "Clear marks" ranks without them again, in the same turn (no new one).
  await page.getByTestId('refine-clear').click();
  const unrefined = await rankingChanged(page, refinedTwice);
  expect(unrefined.map((h) => h.id)).toEqual(before.map((h) => h.id));
  await expect(turns(page)).toHaveCount(3);
  await expect(turns(page).first().getByTestId('history-summary')).toHaveText('photo-640.jpg');

  // Threshold: scores are similarities (cosine) here, so it is a minimum.
  const scores = unrefined.map((h) => h.score);
  // The threshold compares the scores as shown (3 decimals): what is shown as ≥ the cut stays.
  const cut = (scores[4] + scores[5]) / 2;
  const kept = scores.filter((s) => roundAsShown(s, 'similarity') >= roundAsShown(cut, 'similarity')).length;
  expect(kept).toBeGreaterThanOrEqual(5);
  await openSettings(page);
  const slider = page.getByTestId('threshold-slider');
  await slider.fill(String(cut));
  await expect(results(page)).toHaveCount(kept);
  await expect(page.getByTestId('threshold-summary')).toHaveText(`${kept} of ${scores.length} shown`);
  for (const s of await results(page).evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-score'))))) expect(roundAsShown(s, 'similarity')).toBeGreaterThanOrEqual(roundAsShown(cut, 'similarity'));
  await slider.fill(String(Math.min(...scores)));
  await expect(results(page)).toHaveCount(scores.length);
  await expect(page.getByTestId('threshold-value')).toHaveAttribute('data-state', 'off');

  // For a distance the threshold is a maximum.
  await page.getByTestId('measure-select').selectOption('l2'); // in the open settings drawer
  const l2 = await rankedResults(page);
  const maxDistance = (l2[2].score + l2[3].score) / 2;
  const near = l2.filter((h) => roundAsShown(h.score, 'distance') <= roundAsShown(maxDistance, 'distance')).length;
  expect(near).toBeGreaterThanOrEqual(3);
  await slider.fill(String(maxDistance));
  await expect(results(page)).toHaveCount(near);
  for (const s of await results(page).evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-score'))))) expect(roundAsShown(s, 'distance')).toBeLessThanOrEqual(roundAsShown(maxDistance, 'distance'));
});

test('history turns are removed one by one, and cleared only after a confirmation', async ({ page }) => {
  await page.getByTestId('query-file').setInputFiles(fixturePath('galleryCopy'));
  await rankedResults(page);
  await chooseSetting(page, 'measure-select', 'l1'); // settings update the same turn
  await expect(page.getByTestId('search-status')).toContainText('L1');
  await expect(turns(page)).toHaveCount(1);
  await page.getByTestId('query-remove').click();
  await page.getByTestId('example-item').first().click();
  await rankedResults(page);
  await expect(turns(page)).toHaveCount(2);
  await page.getByTestId('query-remove').click();
  await page.getByTestId('query-file').setInputFiles(fixturePath('photo'));
  await rankedResults(page);
  await expect(turns(page)).toHaveCount(3);

  await turns(page).nth(1).getByTestId('history-remove').click();
  await expect(turns(page)).toHaveCount(2);
  await page.getByTestId('history-clear').click();
  await expect(turns(page)).toHaveCount(2); // not yet
  await page.getByTestId('history-clear-cancel').click();
  await expect(turns(page)).toHaveCount(2);
  await page.getByTestId('history-clear').click();
  await page.getByTestId('history-clear-confirm').click();
  await expect(turns(page)).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('history')).toHaveAttribute('data-count', '0');
  await expect(turns(page)).toHaveCount(0);
});

test('a turn remembers the index mode it was ranked with, and a re-run on the next visit uses it again', async ({ page }) => {
  await chooseSetting(page, 'index-select', 'ivf');
  await page.getByTestId('query-file').setInputFiles(fixturePath('galleryCopy'));
  expect((await rankedResults(page))[0].id).toBe(GALLERY_FIXTURE_ID);
  await expect(page.getByTestId('search-status')).toContainText('IVF');
  await expect(turns(page).first()).toContainText('IVF lists');
  await newVisit(page);
  await expect(page.getByTestId('index-select')).toHaveValue('ivf'); // settings are kept
  await chooseSetting(page, 'index-select', 'exact');
  await turns(page).first().getByTestId('history-rerun').click();
  await expect(page.getByTestId('index-select')).toHaveValue('ivf');
  await expect(page.getByTestId('search-status')).toContainText('IVF');
  expect((await rankedResults(page))[0].id).toBe(GALLERY_FIXTURE_ID);
});
