/**
 * Downloading a model from the Hub when things go wrong, with a fake Hub (Playwright routes serve
 * the project's tiny model; nothing leaves the machine): a download cut in the middle, a model
 * file that fails to parse, and a tab closed during the load each leave no file of the model in
 * the browser's cache that would make the next try fail, and the next try works.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type BrowserContext, type Page, type Route } from '@playwright/test';
import { openView } from './helpers.ts';

const MODEL = 'test-hub/tiny-clip';
const FIXTURE = 'tests/fixtures/models/tiny-clip';
const VISION = 'onnx/vision_model_quantized.onnx';
type Mode = 'good' | 'cut' | 'garbage' | 'hold';

/** The fake Hub: `mode()` decides how the vision file is answered; every other file is served as is. */
async function fakeHub(context: BrowserContext, mode: () => Mode): Promise<{ held: () => number; drop: () => Promise<void> }> {
  const held: Route[] = [];
  await context.route(`https://huggingface.co/${MODEL}/resolve/**`, async (route) => {
    const file = decodeURIComponent(new URL(route.request().url()).pathname.split('/resolve/main/')[1] ?? '');
    let body: Buffer;
    try { body = await readFile(`${FIXTURE}/${file}`); } catch { return route.fulfill({ status: 404, body: 'not found' }); }
    const m = file === VISION ? mode() : 'good';
    if (m === 'cut') return route.abort('connectionreset');
    if (m === 'hold') { held.push(route); return; } // not answered: the tab is closed while it waits
    return route.fulfill({ status: 200, body: m === 'garbage' ? Buffer.from('this is not an ONNX model'.repeat(40)) : body, headers: { 'access-control-allow-origin': '*' } });
  });
  return {
    held: () => held.length,
    // What the network does when the tab goes: the held connections drop (else the browser's HTTP
    // cache keeps the URL locked for the next request of the same file).
    drop: async () => { for (const r of held.splice(0)) await r.abort('connectionreset').catch(() => {}); },
  };
}

async function useHubModel(context: BrowserContext): Promise<void> {
  await context.addInitScript((model) => {
    localStorage.setItem('image-search:clip', JSON.stringify({ modelId: model, allowDownload: true, device: 'wasm', dtype: 'q8' }));
  }, MODEL);
}

/** Files of the model that transformers.js keeps in its Cache API store. */
const cachedModelFiles = (page: Page) => page.evaluate(async (model) => {
  const cache = await caches.open('transformers-cache');
  return (await cache.keys()).map((r) => r.url).filter((u) => u.includes(`/${model}/`));
}, MODEL);

test.setTimeout(120_000);

for (const [what, failure] of [['a download cut in the middle', 'cut'], ['a model file that fails to parse', 'garbage']] as const) {
  test(`${what}: a clear message, nothing of the model left in the cache, and "Try again" works`, async ({ page, context }) => {
    let mode: Mode = failure;
    await fakeHub(context, () => mode);
    await useHubModel(context);
    await page.goto('./');
    const status = page.getByTestId('clip-status');
    await expect(status).toHaveAttribute('data-state', 'failed', { timeout: 60_000 });
    await expect(page.getByTestId('clip-reason')).toContainText(`the CLIP model "${MODEL}" could not be loaded`);
    expect(await cachedModelFiles(page)).toEqual([]);

    mode = 'good';
    await openView(page, 'model');
    await page.getByTestId('clip-retry').click();
    await expect(status).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    expect(await cachedModelFiles(page)).toContain(`https://huggingface.co/${MODEL}/resolve/main/${VISION}`);
  });
}

test('a tab closed during the load leaves nothing half-written, and the next visit loads the model', async ({ context }) => {
  let mode: Mode = 'hold';
  const hub = await fakeHub(context, () => mode);
  await useHubModel(context);
  const first = await context.newPage();
  await first.goto('./');
  await expect(first.getByTestId('clip-status')).toHaveAttribute('data-state', 'loading', { timeout: 60_000 });
  await expect.poll(() => hub.held(), { timeout: 30_000 }).toBeGreaterThan(0);
  await first.close();
  await hub.drop();

  mode = 'good';
  const next = await context.newPage();
  await next.goto('./');
  await expect(next.getByTestId('clip-status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  const files = await cachedModelFiles(next);
  expect(files).toContain(`https://huggingface.co/${MODEL}/resolve/main/${VISION}`);
});
