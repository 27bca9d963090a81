/**
 * WASM threads on a static host that sends no COOP/COEP (vite preview, like GitHub Pages): the
 * service worker serves the site with them and the page reloads once, so after the first visit it
 * is cross-origin isolated and the model runs on more than one thread; `?isolate=0` turns it off.
 * The same image gives the same embedding on 1 and on N threads.
 */
import { expect, test, type Page } from '@playwright/test';
import type { ImageSearchPageApi } from '../../src/bridge/page-test-api.ts';
import { fixtureBase64, openApp } from './helpers.ts';

declare global {
  interface Window {
    imageSearch: ImageSearchPageApi;
  }
}

test.use({ serviceWorkers: 'allow' });
test.setTimeout(180_000);

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, i) => s + x * b[i], 0);

async function embedPhoto(page: Page): Promise<number[]> {
  const { name, b64 } = await fixtureBase64('photo');
  return page.evaluate(({ name, b64 }) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    return window.imageSearch.clip.embedImage(bytes.buffer, name);
  }, { name, b64 });
}

test('after the first visit the page is cross-origin isolated and the model runs on several threads; 1 and N threads agree', async ({ page }) => {
  const response = await page.request.get('./');
  expect(response.headers()['cross-origin-embedder-policy'], 'the server itself sends no COEP').toBeUndefined();

  await openApp(page);
  // The service worker takes over, then the page reloads once by itself and is isolated.
  await expect.poll(() => page.evaluate(() => self.crossOriginIsolated).catch(() => false), { timeout: 60_000 }).toBe(true); // false while the page reloads itself
  const status = page.getByTestId('clip-status');
  await expect(status).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  const threads = Number(await status.getAttribute('data-threads'));
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  expect(threads).toBe(Math.min(4, cores));
  expect(threads, 'this machine must have 2 or more cores for the check to mean anything').toBeGreaterThan(1);
  await expect(status).toContainText(`${threads} threads`);
  const many = await embedPhoto(page);

  // Turned off (?isolate=0 tells the service worker): served without the headers, one thread, the same embedding.
  await page.goto('./?isolate=0');
  await page.reload();
  const single = page.getByTestId('clip-status');
  await expect(single).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(false);
  await expect(single).toHaveAttribute('data-threads', '1');
  const one = await embedPhoto(page);

  expect(one).toHaveLength(many.length);
  expect(dot(one, many), 'cosine of the 1-thread and N-thread embeddings').toBeGreaterThanOrEqual(0.999);
});
