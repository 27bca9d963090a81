/**
 * Defects a new user met on the default build (issue 15): what the page does, whatever it looks like.
 */
import { expect, test, type Page } from '@playwright/test';
import { GALLERY_FIXTURE_ID } from '../fixtures/generate.ts';
import { fixturePath, openApp, rankedResults, results, uploadFixture, openView, openSettings, chooseSetting } from './helpers.ts';
import { holidayFolder } from './folder-fixtures.ts';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

/** rankedResults, allowing a slow first read of the file on a busy machine (the embed worker starts cold). */
async function ranked(page: Page): Promise<{ id: string; score: number }[]> {
  await expect(page.getByTestId('search-status')).toHaveAttribute('data-state', 'idle', { timeout: 45_000 });
  return rankedResults(page);
}

test('with the demo gallery unticked and no collection, nothing is searched and the page says to choose something', async ({ page }) => {
  await openView(page, 'photos');
  await page.getByTestId('source-gallery').uncheck();
  await uploadFixture(page, 'galleryCopy');
  await expect(page.getByTestId('nothing-to-search')).toContainText('Choose something to search');
  await expect(results(page)).toHaveCount(0);
  await expect(page.getByTestId('search-error')).toHaveCount(0);
  // Ticking it again searches it.
  await openView(page, 'photos');
  await page.getByTestId('source-gallery').check();
  await openView(page, 'search');
  expect((await ranked(page))[0].id).toBe(GALLERY_FIXTURE_ID);
  await expect(page.getByTestId('nothing-to-search')).toHaveCount(0);
});

test('the measure, the number of results and the index mode are kept across a reload', async ({ page }) => {
  await openSettings(page);
  await page.getByTestId('measure-select').selectOption('l1');
  await page.getByTestId('topk-input').fill('7');
  await page.getByTestId('topk-input').press('Enter');
  await page.getByTestId('index-select').selectOption('ivf');
  await page.reload();
  await expect(page.getByTestId('measure-select')).toHaveValue('l1');
  await expect(page.getByTestId('topk-input')).toHaveValue('7');
  await expect(page.getByTestId('index-select')).toHaveValue('ivf');
  await uploadFixture(page, 'galleryCopy');
  expect(await ranked(page)).toHaveLength(7);
});

test('the threshold at its strict end keeps the best result, for a similarity and for L2 as a maximum', async ({ page }) => {
  await uploadFixture(page, 'photo');
  const best = await ranked(page);
  await openSettings(page);
  const slider = page.getByTestId('threshold-slider');
  await slider.focus();
  await page.keyboard.press('End');
  await expect(page.getByTestId('threshold-value')).toHaveAttribute('data-state', 'on');
  await expect(results(page).first()).toHaveAttribute('data-id', best[0].id);
  await expect(page.getByTestId('threshold-empty')).toHaveCount(0);

  await page.getByTestId('measure-select').selectOption('l2'); // in the open settings drawer
  const l2 = await ranked(page);
  await slider.focus();
  await page.keyboard.press('End');
  await page.keyboard.press('Home');
  await expect(page.getByTestId('threshold-value')).toHaveAttribute('data-state', 'on');
  await expect(results(page).first()).toHaveAttribute('data-id', l2[0].id);
});

test('focus stays in place after removing a query image or a history turn, and after closing the map', async ({ page }) => {
  await page.getByTestId('query-file').setInputFiles([fixturePath('galleryCopy'), fixturePath('photo')]);
  await ranked(page);
  await page.getByTestId('composer-image-remove').first().click();
  await expect(page.getByTestId('composer-image-remove')).toHaveCount(1);
  await expect(page.getByTestId('composer-image-remove')).toBeFocused();
  await page.keyboard.press('Enter'); // the last image: focus goes to the text box
  await expect(page.getByTestId('query-text')).toBeFocused();

  await page.getByTestId('example-item').first().click();
  await ranked(page);
  const turns = page.getByTestId('history-turn');
  await expect(turns).toHaveCount(2);
  await turns.first().getByTestId('history-remove').click();
  await expect(turns).toHaveCount(1);
  await expect(turns.first().getByTestId('history-remove')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(turns).toHaveCount(0);
  await expect(page.locator('#history-title')).toBeFocused();

  await page.getByTestId('map-open').click();
  await page.getByTestId('map-close').click();
  await expect(page.getByTestId('map-open')).toBeFocused();
});

test('the spectral clusters index: its first build shows moving progress, the page stays usable, and the status says how many images were scanned of how many', async ({ page }) => {
  test.setTimeout(180_000); // the build takes ~6 s on a quiet machine, over a minute on a loaded one
  const gallerySize = await page.evaluate(async () => ((await (await fetch('gallery/manifest.json')).json()) as { items: unknown[] }).items.length);
  await chooseSetting(page, 'index-select', 'cluster');
  // Every value the build's progress bar shows, as the page draws it.
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { buildProgress: number[] }).buildProgress = seen;
    const look = () => {
      const bar = document.querySelector<HTMLProgressElement>('[data-testid="index-build-progress"] progress');
      if (bar && seen.at(-1) !== bar.value) seen.push(bar.value);
      requestAnimationFrame(look);
    };
    look();
  });
  await uploadFixture(page, 'galleryCopy');
  const build = page.getByTestId('index-build-progress');
  await expect(build).toBeVisible({ timeout: 30_000 });
  await expect(build).toContainText('Building the spectral clusters for this engine (once)');

  // The build runs in the worker: typing in the text box works meanwhile.
  const text = page.getByTestId('query-text');
  await text.pressSequentially('typed while it builds');
  await expect(text).toHaveValue('typed while it builds');
  expect(await build.isVisible(), 'the typing happened while the index was being built').toBe(true);

  await expect(page.getByTestId('search-status')).toHaveAttribute('data-state', 'idle', { timeout: 90_000 });
  await expect(build).toHaveCount(0);
  const shown = await page.evaluate(() => (window as unknown as { buildProgress: number[] }).buildProgress);
  const between = shown.filter((v) => v > 0 && v < 100);
  expect(new Set(between).size, `progress values shown: ${shown.join(', ')}`).toBeGreaterThanOrEqual(3);
  expect(between).toEqual([...between].sort((a, b) => a - b)); // it only moves forward

  const status = page.getByTestId('search-status');
  await expect(status).toContainText(new RegExp(`Top 20 · [\\d,]+ of ${gallerySize.toLocaleString('en-US')} images scanned`));
  const scanned = Number((await status.textContent())!.match(/· ([\d,]+) of/)![1].replace(/,/g, ''));
  expect(scanned).toBeGreaterThanOrEqual(20);
  expect(scanned).toBeLessThan(gallerySize);
  await expect(status).toContainText('spectral clusters');
});

/** Colours as the eye gets them: composited, then their WCAG contrast and their chroma (0 for a grey). */
type Rgb = [number, number, number];
const parseRgb = (css: string): { rgb: Rgb; a: number } => {
  const [r, g, b, a = 1] = css.match(/[\d.]+/g)!.map(Number);
  return { rgb: [r, g, b], a };
};
const over = (top: Rgb, alpha: number, under: Rgb): Rgb => top.map((c, i) => alpha * c + (1 - alpha) * under[i]) as Rgb;
const luminance = (rgb: Rgb) => {
  const [r, g, b] = rgb.map((c) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: Rgb, b: Rgb) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};
const chroma = (rgb: Rgb) => (Math.max(...rgb) - Math.min(...rgb)) / 255;

/** What a button looks like on the page: its background and label composited over what is under it, with its opacity. */
async function looks(button: import('@playwright/test').Locator): Promise<{ background: Rgb; label: Rgb }> {
  // Measured once its colour transition (enabled ↔ disabled, hover) has ended, not on the way.
  await button.evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
  const s = await button.evaluate((el) => {
    let under: Element | null = el.parentElement;
    let behind = 'rgb(255, 255, 255)';
    for (; under; under = under.parentElement) {
      const bg = getComputedStyle(under).backgroundColor;
      if (!/rgba\(.*, 0\)$/.test(bg) && bg !== 'transparent') { behind = bg; break; }
    }
    const cs = getComputedStyle(el);
    return { bg: cs.backgroundColor, color: cs.color, opacity: Number(cs.opacity), behind };
  });
  const behind = parseRgb(s.behind).rgb;
  const bg = parseRgb(s.bg);
  const fg = parseRgb(s.color);
  const raw = over(bg.rgb, bg.a, behind);
  return { background: over(raw, s.opacity, behind), label: over(over(fg.rgb, fg.a, raw), s.opacity, behind) };
}

test('dark theme: a disabled Refine is grey and dimmer than the enabled one, which is the accent colour', async ({ page }) => {
  await page.getByTestId('theme-select').selectOption('dark');
  await uploadFixture(page, 'galleryCopy');
  await ranked(page);
  const refine = page.getByTestId('refine');
  await expect(refine).toBeDisabled();
  await page.mouse.move(0, 0);
  const disabled = await looks(refine);
  await results(page).nth(1).getByTestId('result-good').click();
  await expect(refine).toBeEnabled();
  await page.mouse.move(0, 0);
  const enabled = await looks(refine);

  expect(chroma(enabled.background), 'the enabled Refine is coloured').toBeGreaterThan(0.3);
  expect(chroma(disabled.background), `a disabled Refine is not coloured: ${disabled.background.map(Math.round).join(',')}`).toBeLessThan(0.12);
  expect(contrast(disabled.label, disabled.background), 'its label is dimmer than the enabled one').toBeLessThan(contrast(enabled.label, enabled.background) * 0.75);
});

test('a photo found in a collection: its thumbnail fills the card (whole on hover), the tooltip names the whole path, the larger view its folder', async ({ page }) => {
  test.setTimeout(180_000);
  const { dir, paths } = await holidayFolder(30);
  await openView(page, 'photos');
  await page.getByTestId('folder-input').setInputFiles(dir);
  await expect(page.getByTestId('index-progress')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  const probe = paths[7]; // day-2/photo-0007.jpg, 480×360
  await page.getByTestId('query-file').setInputFiles(`${dir}/${probe}`);
  await ranked(page);
  const first = results(page).first();
  await expect(first).toHaveAttribute('data-id', probe);
  const card = first.getByTestId('result-open');

  await page.mouse.move(0, 0);
  const img = card.locator('img');
  await expect(img).toHaveJSProperty('complete', true);
  const measure = () => card.evaluate((el) => {
    const image = el.querySelector('img')!;
    const box = image.parentElement!.getBoundingClientRect();
    const shown = image.getBoundingClientRect();
    const cs = getComputedStyle(el);
    return {
      inner: el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight),
      box: { w: box.width, h: box.height },
      img: { x: shown.x - box.x, y: shown.y - box.y, w: shown.width, h: shown.height },
      natural: { w: image.naturalWidth, h: image.naturalHeight },
      fit: getComputedStyle(image).objectFit,
    };
  });
  const still = await measure();
  expect(still.natural.w / still.natural.h, 'a landscape thumbnail').toBeCloseTo(480 / 360, 1);
  // The image area spans the card's width, is square, and the image's box is that area, covered.
  expect(still.box.w).toBeCloseTo(still.inner, 0);
  expect(still.box.h).toBeCloseTo(still.box.w, 0);
  expect(still.img).toEqual({ x: 0, y: 0, w: still.box.w, h: still.box.h });
  expect(still.fit).toBe('cover');

  // On hover the whole photo shows (contained: its width fits the box, its height is the photo's aspect).
  await card.hover();
  await expect.poll(async () => (await measure()).fit).toBe('contain');

  // The card names the folder, and its tooltip the whole path.
  await expect(card).toHaveAttribute('title', `Holiday: ${probe}`);
  await expect(first.getByTestId('result-where')).toHaveText('Holiday › day-2');

  await card.click();
  const lightbox = page.getByTestId('lightbox');
  await expect(page.getByTestId('lightbox-name')).toHaveText('photo-0007.jpg');
  await expect(lightbox.getByTestId('lightbox-collection')).toHaveText('Holiday');
  await expect(lightbox.getByTestId('lightbox-path')).toHaveText(probe);
});

test('dark theme: after a k-means cluster was chosen on the map, switching to spectral clusters leaves no cluster highlighted', async ({ page }) => {
  test.setTimeout(120_000);
  const info = () => page.evaluate(() => window.imageSearch.map!.info());
  await page.getByTestId('theme-select').selectOption('dark');
  await page.getByTestId('map-open').click();
  const panel = page.getByTestId('map-panel');
  await expect(panel).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('map-clustering')).toHaveValue('kmeans');
  const clusters = page.getByTestId('map-cluster');
  const medoids = () => clusters.evaluateAll((els) => els.map((el) => el.getAttribute('data-medoid')));
  /** cluster entries drawn as highlighted: the accent border, an outline, or focus */
  const lit = () => clusters.evaluateAll((els) => els.filter((el) => {
    const cs = getComputedStyle(el);
    return el.matches(':focus') || !['rgba(0, 0, 0, 0)', 'transparent'].includes(cs.borderTopColor) || cs.outlineStyle !== 'none';
  }).map((el) => el.getAttribute('data-cluster')));
  const kmeans = await medoids();
  await clusters.nth(3).click();
  await ranked(page);

  // Switched from the keyboard: the pointer is still over the list where the k-means cluster was.
  await page.getByTestId('map-clustering').focus();
  await page.getByTestId('map-clustering').selectOption('spectral');
  await expect.poll(async () => (await info()).clustering, { timeout: 90_000 }).toBe('spectral');
  await expect(panel).toHaveAttribute('data-state', 'ready');
  const spectral = await info();
  expect(spectral.clusters).toBeGreaterThan(12);
  await expect(clusters).toHaveCount(spectral.clusters);
  expect(await medoids()).not.toEqual(kmeans);
  expect(await lit()).toEqual([]);

  // Moving the pointer over an entry highlights it, as before.
  const box = (await clusters.nth(1).boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 3 });
  await expect.poll(lit).toEqual(['1']);
});
