/**
 * WebGPU smoke test: with --enable-unsafe-webgpu this Chromium exposes an adapter (SwiftShader
 * here: slow, no shader-f16). The model either runs on it or falls back to WASM with the reason
 * shown; either way text search works. Timings on a real GPU: docs/BENCHMARKS.md.
 */
import { expect, test } from '@playwright/test';
import { chromiumArgs, chromiumLaunchOptions } from '../../scripts/lib/chromium.ts';
import { openApp, rankedResults, results, openView } from './helpers.ts';

test.use({ launchOptions: { ...chromiumLaunchOptions, args: [...chromiumArgs, '--enable-unsafe-webgpu'] } });

test('the model starts on WebGPU where an adapter exists, or says why not', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  const status = page.getByTestId('clip-status');
  await expect(status).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
  const device = await status.getAttribute('data-device');
  const hasAdapter = await page.evaluate(async () => !!(await (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu?.requestAdapter()));
  test.info().annotations.push({ type: 'webgpu', description: `adapter: ${hasAdapter}, model on: ${device}` });
  if (device === 'wasm') {
    await openView(page, 'model');
    await expect(page.getByTestId('clip-fallback')).not.toBeEmpty();
  } else {
    expect(hasAdapter).toBe(true);
  }
  await page.getByTestId('query-text').fill('red');
  await page.getByTestId('query-text').press('Enter');
  await rankedResults(page);
  await expect(results(page).first()).toContainText('red');
});
