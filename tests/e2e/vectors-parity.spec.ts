/**
 * The browser decodes with createImageBitmap + OffscreenCanvas, Node with sharp; both feed the
 * same engines. The gallery vectors were made in Node, so a browser query must land close to them.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { decodeBytes } from '../../scripts/lib/decode-node.ts';
import { allEngines } from '../../src/lib/engines/registry.ts';
import type { EngineId } from '../../src/lib/engines/types.ts';
import type { ImageSearchPageApi } from '../../src/bridge/page-test-api.ts';
import { fixtureBase64, fixturePath, openApp } from './helpers.ts';
import type { FixtureName } from '../fixtures/generate.ts';

declare global {
  interface Window {
    imageSearch: ImageSearchPageApi;
  }
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) { ab += a[i] * b[i]; aa += a[i] * a[i]; bb += b[i] * b[i]; }
  return aa === 0 && bb === 0 ? 1 : aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}

/** Pearson correlation: cosine after removing the means, so all-positive vectors cannot look alike by accident. */
function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ma = 0, mb = 0;
  for (let i = 0; i < a.length; i++) { ma += a[i]; mb += b[i]; }
  ma /= a.length; mb /= b.length;
  const ca = Array.from(a, (x) => x - ma), cb = Array.from(b, (x) => x - mb);
  return cosine(ca, cb);
}

const CASES: FixtureName[] = ['galleryCopy', 'photo', 'transparent', 'huge', 'grayscale', 'png16', 'animated', 'rotated'];

test.describe('browser vectors match Node vectors', () => {
  for (const name of CASES) {
    test(`${name}: cosine ≥ 0.99 for every engine`, async ({ page }) => {
      test.setTimeout(90_000);
      await openApp(page);
      const { name: fileName, b64 } = await fixtureBase64(name);
      const browser = await page.evaluate(async ({ fileName, b64 }) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        return window.imageSearch.embed(bytes.buffer, fileName);
      }, { fileName, b64 });

      const info = await page.evaluate(async ({ fileName, b64 }) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        return window.imageSearch.inspect(bytes.buffer, fileName);
      }, { fileName, b64 });

      const bytes = await readFile(fixturePath(name));
      const meta = await sharp(bytes).metadata();
      const swap = (meta.orientation ?? 1) >= 5;
      expect({ width: info.width, height: info.height }, 'oriented size reported by the page').toEqual(
        swap ? { width: meta.height, height: meta.width } : { width: meta.width, height: meta.height },
      );
      const raster = await decodeBytes(bytes, fileName);
      // Same raster geometry (orientation applied, same pre-shrink size) before comparing vectors.
      expect({ width: info.rasterWidth, height: info.rasterHeight }, 'raster size the engines read').toEqual({ width: raster.width, height: raster.height });
      for (const engine of allEngines()) {
        const node = engine.extract(raster);
        const got = browser[engine.id as EngineId];
        expect(got, `${engine.id} vector from the page`).toHaveLength(engine.dim);
        const c = cosine(got, node);
        const r = correlation(got, node);
        test.info().annotations.push({ type: `${engine.id}`, description: `cosine ${c.toFixed(5)}, correlation ${r.toFixed(5)}` });
        expect(c, `${name} · ${engine.id}: browser vs Node cosine`).toBeGreaterThanOrEqual(0.99);
        // Stricter: raw pixels are all positive, so cosine alone is lenient; correlation is not.
        expect(r, `${name} · ${engine.id}: browser vs Node correlation`).toBeGreaterThanOrEqual(0.98);
      }
    });
  }
});

test('control: different images are not "close" by these checks', async ({ page }) => {
  await openApp(page);
  const { name: fileName, b64 } = await fixtureBase64('photo');
  const browser = await page.evaluate(async ({ fileName, b64 }) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    return window.imageSearch.embed(bytes.buffer, fileName);
  }, { fileName, b64 });
  const other = await decodeBytes(await readFile(fixturePath('huge')), 'huge');
  const pixels = allEngines().find((e) => e.id === 'pixels')!;
  expect(correlation(browser.pixels, pixels.extract(other))).toBeLessThan(0.9);
});
