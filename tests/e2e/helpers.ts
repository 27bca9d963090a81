import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { fixturePath, type FixtureName } from '../fixtures/generate.ts';

export { fixturePath };

/** Opens the app and waits until the gallery manifest is in (the footer credits render from it). */
export async function openApp(page: Page): Promise<void> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./');
  await expect(page.getByTestId('attribution').getByRole('link').first()).toBeVisible();
  await expect(page.getByTestId('empty-state')).toBeVisible();
  expect(errors, 'uncaught page errors').toEqual([]);
}

/**
 * A new visit in the same tab: a fresh history entry. A reload — or opening the URL the page is
 * already at, which Chromium treats as one — puts the entry's search back (share-url.spec.ts).
 */
export async function newVisit(page: Page): Promise<void> {
  await page.goto('about:blank');
  await page.goto('./');
}

export const results = (page: Page): Locator => page.getByTestId('result-item');

/** Waits for a finished ranking (status idle, at least one result) and returns [id, score] pairs in order. */
export async function rankedResults(page: Page): Promise<{ id: string; score: number }[]> {
  await expect(page.getByTestId('search-status')).toHaveAttribute('data-state', 'idle');
  await expect(results(page).first()).toBeVisible();
  return results(page).evaluateAll((els) =>
    els.map((el) => ({ id: el.getAttribute('data-id') ?? '', score: Number(el.getAttribute('data-score')) })),
  );
}

export async function uploadFixture(page: Page, name: FixtureName): Promise<void> {
  await page.getByTestId('query-file').setInputFiles(fixturePath(name));
}

/** Bytes of a fixture as base64, to rebuild it as a File inside the page. */
export async function fixtureBase64(name: FixtureName): Promise<{ name: string; b64: string }> {
  const path = fixturePath(name);
  return { name: basename(path), b64: (await readFile(path)).toString('base64') };
}

/** Drops one fixture (or several at once) on the drop zone with a real DataTransfer (drag enter/over/drop events). */
export async function dropFixture(page: Page, names: FixtureName | readonly FixtureName[]): Promise<void> {
  const files = await Promise.all((typeof names === 'string' ? [names] : names).map((n) => fixtureBase64(n)));
  const dataTransfer = await page.evaluateHandle((files) => {
    const dt = new DataTransfer();
    for (const { name, b64 } of files) dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name, { type: '' }));
    return dt;
  }, files);
  const zone = page.getByTestId('drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

/** Pastes a fixture as a file (as when an image is copied and Ctrl+V is pressed). */
export async function pasteFixture(page: Page, name: FixtureName, mime: string): Promise<void> {
  const { name: fileName, b64 } = await fixtureBase64(name);
  await page.evaluate(({ fileName, b64, mime }) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], fileName, { type: mime }));
    const event = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true });
    document.body.dispatchEvent(event);
  }, { fileName, b64, mime });
}

/** Opens the search settings drawer (engine, measure, results, index, threshold) with its button. */
export async function openSettings(page: Page): Promise<void> {
  await page.getByTestId('settings-open').click();
  await expect(page.getByTestId('settings-drawer')).toBeVisible();
}

/** Closes the settings drawer with Escape (focus goes back to its button). */
export async function closeSettings(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('settings-drawer')).toBeHidden();
}

/** Chooses one option of a settings menu (by its test id: engine-select, measure-select, index-select) and closes the drawer. */
export async function chooseSetting(page: Page, testid: string, value: string): Promise<void> {
  await openSettings(page);
  await page.getByTestId(testid).selectOption(value);
  await closeSettings(page);
}

/** Shows one view of the page: the search (results), "Your photos" or the text model. */
export async function openView(page: Page, view: 'search' | 'photos' | 'model'): Promise<void> {
  await page.getByTestId(`view-${view}`).click();
  await expect(page.getByTestId(`${view}-view`)).toBeVisible();
}
