/**
 * The gallery's CLIP vectors are computed in Node (npm run gallery) and queries in the browser's
 * CLIP worker: the same file must give the same vector on both sides (cosine ≥ 0.99).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { loadNodeClip } from '../../scripts/lib/clip-node.ts';
import { decodeBytes } from '../../scripts/lib/decode-node.ts';
import type { ClipEncoder } from '../../src/lib/engines/clip/encoder.ts';
import type { ImageSearchPageApi } from '../../src/bridge/page-test-api.ts';
import type { FixtureName } from '../fixtures/generate.ts';
import { fixtureBase64, fixturePath, openApp } from './helpers.ts';

declare global {
  interface Window {
    imageSearch: ImageSearchPageApi;
  }
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, i) => s + x * b[i], 0);
const CASES: FixtureName[] = ['galleryCopy', 'photo', 'transparent', 'rotated', 'grayscale'];
let node: ClipEncoder;

test.beforeAll(async () => {
  node = await loadNodeClip(fileURLToPath(new URL('../fixtures/models', import.meta.url)), 'tiny-clip', 'q8');
});

test('browser and Node CLIP vectors of the same files agree', async ({ page }) => {
  await openApp(page);
  await expect(page.getByTestId('clip-status')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  for (const name of CASES) {
    const { name: file, b64 } = await fixtureBase64(name);
    const browser = await page.evaluate(({ file, b64 }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      return window.imageSearch.clip.embedImage(bytes.buffer, file);
    }, { file, b64 });
    const [want] = await node.embedImages([await decodeBytes(await readFile(fixturePath(name)), file)]);
    expect(browser).toHaveLength(want.length);
    expect(dot(browser, want), `${name}: cosine of browser and Node vectors`).toBeGreaterThanOrEqual(0.99);
  }
});

test('browser and Node CLIP text vectors agree, including a translated query', async ({ page }) => {
  await openApp(page);
  await expect(page.getByTestId('clip-status')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  const browser = await page.evaluate(() => window.imageSearch.clip.embedText('a red car'));
  const [want] = await node.embedTexts(['a red car']);
  expect(dot(browser.vector, want.vector)).toBeGreaterThanOrEqual(0.99);
  const vi = await page.evaluate(() => window.imageSearch.clip.embedText('đỏ'));
  expect(vi.translatedFrom).toBe('đỏ');
  expect(vi.searchedText).toBe('red');
});
