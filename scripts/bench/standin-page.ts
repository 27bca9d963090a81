/**
 * What the real-size CLIP bench does inside the app's page: wait for the model (and for cross-origin
 * isolation), read the CLIP status line, time embeddings through window.imageSearch.clip (the real
 * clip worker), and read what the browser stores (navigator.storage.estimate and transformers.js's
 * Cache API entries). Callbacks passed to page.evaluate declare no named inner functions: tsx's
 * esbuild keepNames would wrap them in a __name() helper that does not exist in the page.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Page } from '@playwright/test';

export interface ClipStatusReading {
  state: string;
  device: string;
  threads: number;
  dtype: string;
  /** the worker's own load time (status "loaded in … ms") */
  loadMs: number;
  text: string;
}

export async function readClipStatus(page: Page): Promise<ClipStatusReading> {
  const status = page.getByTestId('clip-status');
  const text = (await status.textContent()) ?? '';
  return {
    state: (await status.getAttribute('data-state')) ?? '?',
    device: (await status.getAttribute('data-device')) ?? '?',
    threads: Number((await status.getAttribute('data-threads')) || NaN),
    dtype: /\((q8|fp16|fp32)\)/.exec(text)?.[1] ?? '?',
    loadMs: Number((/loaded in ([\d.,]+) ms/.exec(text)?.[1] ?? 'NaN').replace(/,/g, '')),
    text,
  };
}

/**
 * Waits until the model is ready; throws with the status line and the reason when it failed, or with
 * where the load stood (the download progress) when it timed out.
 */
export async function waitClipReady(page: Page, timeoutMs: number): Promise<ClipStatusReading> {
  try {
    await page.locator('[data-testid="clip-status"]:is([data-state="ready"], [data-state="failed"], [data-state="unavailable"])').waitFor({ timeout: timeoutMs });
  } catch (e) {
    const status = await page.getByTestId('clip-status').textContent({ timeout: 1000 }).catch(() => '?');
    const progress = await page.getByTestId('clip-progress').textContent({ timeout: 1000 }).catch(() => '');
    throw new Error(`CLIP not ready after ${Math.round(timeoutMs / 1000)} s: "${status}"${progress ? `, progress "${progress.replace(/\s+/g, ' ').trim()}"` : ''} (${(e as Error).message.split('\n')[0]})`, { cause: e });
  }
  const s = await readClipStatus(page);
  if (s.state !== 'ready') {
    const reason = await page.getByTestId('clip-reason').textContent({ timeout: 1000 }).catch(() => '');
    throw new Error(`CLIP did not load: ${s.text}${reason ? ` (${reason})` : ''}`);
  }
  return s;
}

/** Polls self.crossOriginIsolated across the service worker's one reload; false when it never came. */
export async function waitIsolated(page: Page, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await page.evaluate(() => self.crossOriginIsolated).catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

export interface PhotoB64 { name: string; b64: string }
export const photosB64 = (paths: readonly string[]): Promise<PhotoB64[]> =>
  Promise.all(paths.map(async (p) => ({ name: basename(p), b64: (await readFile(p)).toString('base64') })));

export interface EmbedSamples {
  /** the first image after load (graph warm-up), not in `image` */
  firstImageMs: number;
  image: number[];
  text: number[];
  /** stopped early by the time cap */
  capped: boolean;
}

/** Times embedImage (one image per call, after one warm-up) and embedText, each loop stopping at capMs. */
export async function timeEmbeddings(page: Page, photos: readonly PhotoB64[], texts: number, capMs: number): Promise<EmbedSamples> {
  return page.evaluate(async ({ photos, texts, capMs }) => {
    const api = window.imageSearch.clip;
    const buffers = photos.map((f) => ({ name: f.name, bytes: Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0)).buffer }));
    let t = performance.now();
    await api.embedImage(buffers[0].bytes.slice(0), buffers[0].name);
    const firstImageMs = performance.now() - t;
    const image: number[] = [], text: number[] = [];
    let capped = false;
    const start = performance.now();
    for (const b of buffers) {
      if (performance.now() - start > capMs) { capped = true; break; }
      t = performance.now();
      await api.embedImage(b.bytes, b.name);
      image.push(performance.now() - t);
    }
    const textStart = performance.now();
    for (let i = 0; i < texts; i++) {
      if (performance.now() - textStart > capMs) { capped = true; break; }
      t = performance.now();
      await api.embedText(`a photo of a red car number ${i}`);
      text.push(performance.now() - t);
    }
    return { firstImageMs, image, text, capped };
  }, { photos, texts, capMs });
}

export interface StoredModel {
  /** navigator.storage.estimate() */
  usage?: number;
  quota?: number;
  /** transformers.js's Cache API entries under models/ (Content-Length, else the body's size) */
  entries: { path: string; bytes: number }[];
  cacheBytes: number;
}

export async function storedModel(page: Page): Promise<StoredModel> {
  return page.evaluate(async () => {
    const estimate = await navigator.storage.estimate().catch(() => ({} as StorageEstimate));
    const entries: { path: string; bytes: number }[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const path = new URL(request.url).pathname;
        if (!path.includes('/models/') || path.endsWith('/index.json')) continue;
        const response = await cache.match(request);
        const length = Number(response?.headers.get('content-length') ?? NaN);
        entries.push({ path: `${name}:${path}`, bytes: Number.isFinite(length) ? length : ((await response?.blob())?.size ?? 0) });
      }
    }
    return { usage: estimate.usage, quota: estimate.quota, entries, cacheBytes: entries.reduce((s, e) => s + e.bytes, 0) };
  });
}
