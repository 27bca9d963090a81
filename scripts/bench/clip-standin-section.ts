/**
 * CLIP at real size: the full-size ViT-B/32 stand-in (scripts/lib/standin.ts: the real architecture
 * and file sizes, random weights) served from the site's models/ folder (dist-standin/, see
 * standin-site.ts) and run by the real clip worker in headless Chromium, with a profile on disk so
 * the Cache API and IndexedDB behave as in a person's browser. Per dtype, in a fresh profile:
 *  1. cold load with ?isolate=0 (first visit: the model comes from the site; bytes on the wire,
 *     then what the browser stores);
 *  2. warm load after a reload (transformers.js reads the files from its Cache API store), and ms per
 *     image / text on WASM with 1 thread;
 *  3. (q8, the WASM default) the page without ?isolate=0: the service worker makes it cross-origin
 *     isolated (one automatic reload), the warm load and ms per image / text on WASM with threads.
 * Indexing folders with the app (indexing-section.ts on this site) comes after the first dtype, and last WebGPU
 * (--enable-unsafe-webgpu: SwiftShader on a machine without a GPU, so a smoke figure under time caps).
 * The app's indexer embeds one image per CLIP call (src/indexing/indexer.ts), so batch 1 is the
 * indexer's batch; the per-image cost inside an indexing run is reported with the indexing rows.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../lib/chromium.ts';
import { benchCacheDir } from '../lib/sized-photos.ts';
import { STANDIN_ID } from '../lib/standin.ts';
import { startPreview } from './browser-section.ts';
import { indexingSection, type IndexingFigures } from './indexing-section.ts';
import { standinTargets } from './clip-standin-rows.ts';
import { CountingProxy } from './counting-proxy.ts';
import { stopTree } from './proc.ts';
import { ensureStandinSite, STANDIN_SITE } from './standin-site.ts';
import { photosB64, storedModel, timeEmbeddings, waitClipReady, waitIsolated, type EmbedSamples, type PhotoB64, type StoredModel } from './standin-page.ts';
import { summarize, type Timing } from './stats.ts';

/** the bench's own ports (4330–4339): the site through the counting proxy, vite preview behind it, the indexing runs */
const PORT = 4331;
const PREVIEW_PORT = 4333;
const INDEX_PORT = 4332;
const PREFS_KEY = 'image-search:clip'; // src/state/clip.svelte.ts
const LOAD_TIMEOUT_MS = 8 * 60_000;
const WEBGPU_LOAD_TIMEOUT_MS = 4 * 60_000;
const PARTIAL = 'bench-results/standin-partial.json';

export type StandinDtype = 'q8' | 'fp16' | 'fp32';

export interface StandinLoad {
  dtype: string;
  device: string;
  threads: number;
  visit: 'cold' | 'warm';
  /** the worker's load time (status line) */
  loadMs: number;
  /** page navigation to model ready, seen from the bench */
  wallMs: number;
  /** models/ responses on the network during this load */
  wire: { bytes: number; requests: number };
}

export interface StandinSpeed {
  device: string;
  threads: number;
  dtype: string;
  firstImageMs: number;
  image: Timing;
  text: Timing;
  capped: boolean;
  fallback?: string;
}

export interface StandinFirstVisit { dtype: string; wireBytes: number; stored: StoredModel }

export interface StandinTarget { key: string; figure: string; value: number; target: string; met: boolean }

export interface StandinFigures {
  model: string;
  site: string;
  loads: StandinLoad[];
  speed: StandinSpeed[];
  firstVisit: StandinFirstVisit[];
  indexing?: IndexingFigures;
  targets: StandinTarget[];
  /** parts not measured, and why */
  problems: string[];
}

export interface StandinOptions {
  photos: readonly string[];
  dtypes?: readonly StandinDtype[];
  /** images timed per configuration (q8; other dtypes get a third) */
  images?: number;
  webgpu?: boolean;
  /** folder sizes indexed with classic + CLIP; [] skips indexing */
  indexSizes?: readonly number[];
  rebuildSite?: boolean;
  log?: (line: string) => void;
}

const url = (path = '') => `http://127.0.0.1:${PORT}/${path}`;

/** A fresh profile on disk with the CLIP preferences set before the app reads them; errors the page logged are added to a failure's message. */
async function withProfile<T>(args: string[], prefs: object, body: (page: Page) => Promise<T>): Promise<T> {
  const profile = await mkdtemp(join(benchCacheDir(), 'standin-profile-'));
  let context: BrowserContext | undefined;
  const errors: string[] = [];
  try {
    context = await chromium.launchPersistentContext(profile, { ...chromiumLaunchOptions, args: [...chromiumLaunchOptions.args, ...args], headless: true });
    await context.addInitScript(`try { localStorage.setItem(${JSON.stringify(PREFS_KEY)}, ${JSON.stringify(JSON.stringify(prefs))}); } catch {}`);
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    return await body(page);
  } catch (e) {
    throw new Error(`${(e as Error).message.split('\n')[0]}${errors.length ? `; the page logged: ${errors.slice(-3).join(' | ').slice(0, 500)}` : ''}`, { cause: e });
  } finally {
    await context?.close().catch(() => {});
    await rm(profile, { recursive: true, force: true }).catch(() => {});
  }
}

async function timedLoad(page: Page, proxy: CountingProxy, visit: 'cold' | 'warm', go: () => Promise<unknown>, isolated = false, timeoutMs = LOAD_TIMEOUT_MS): Promise<StandinLoad> {
  const traffic = proxy.start();
  const t0 = performance.now();
  await go();
  if (isolated && !(await waitIsolated(page, 120_000))) throw new Error('the page did not become cross-origin isolated within 2 min');
  const s = await waitClipReady(page, timeoutMs);
  return { dtype: s.dtype, device: s.device, threads: s.threads, visit, loadMs: s.loadMs, wallMs: performance.now() - t0, wire: traffic() };
}

const speedOf = (s: { device: string; threads: number; dtype: string }, e: EmbedSamples, fallback?: string): StandinSpeed =>
  ({ device: s.device, threads: s.threads, dtype: s.dtype, firstImageMs: e.firstImageMs, image: summarize(e.image), text: summarize(e.text), capped: e.capped, ...(fallback ? { fallback } : {}) });

/** One dtype on WASM in a fresh profile: cold and warm loads, 1 thread, and N threads when asked. */
async function wasmRun(proxy: CountingProxy, dtype: StandinDtype, withThreads: boolean, photos: readonly PhotoB64[], texts: number, figures: StandinFigures, log: (line: string) => void): Promise<void> {
  await withProfile([], { device: 'wasm', dtype }, async (page) => {
    const cold = await timedLoad(page, proxy, 'cold', () => page.goto(url('?isolate=0')));
    figures.loads.push(cold);
    figures.firstVisit.push({ dtype, wireBytes: cold.wire.bytes, stored: await storedModel(page) });
    log(`standin ${dtype}: cold load ${Math.round(cold.loadMs)} ms, ${(cold.wire.bytes / 1e6).toFixed(1)} MB on the wire`);
    const warm = await timedLoad(page, proxy, 'warm', () => page.reload());
    figures.loads.push(warm);
    const one = await timeEmbeddings(page, photos, texts, 120_000);
    figures.speed.push(speedOf(warm, one));
    log(`standin ${dtype}: warm load ${Math.round(warm.loadMs)} ms; 1 thread: image ${summarize(one.image).medianMs.toFixed(0)} ms, text ${summarize(one.text).medianMs.toFixed(1)} ms`);
    if (!withThreads) return;
    const threaded = await timedLoad(page, proxy, 'warm', () => page.goto(url()), true);
    figures.loads.push(threaded);
    const many = await timeEmbeddings(page, photos, texts, 120_000);
    figures.speed.push(speedOf(threaded, many));
    log(`standin ${dtype}: ${threaded.threads} threads: warm load ${Math.round(threaded.loadMs)} ms, image ${summarize(many.image).medianMs.toFixed(0)} ms, text ${summarize(many.text).medianMs.toFixed(1)} ms`);
  });
}

/** WebGPU with the app's own dtype choice; SwiftShader here, so a few images under a time cap. */
async function webgpuRun(proxy: CountingProxy, photos: readonly PhotoB64[], figures: StandinFigures, log: (line: string) => void): Promise<void> {
  await withProfile(['--enable-unsafe-webgpu'], { device: 'webgpu', dtype: 'auto' }, async (page) => {
    const cold = await timedLoad(page, proxy, 'cold', () => page.goto(url('?isolate=0')), false, WEBGPU_LOAD_TIMEOUT_MS);
    figures.loads.push(cold);
    const fallback = cold.device === 'webgpu' ? undefined : ((await page.getByTestId('clip-fallback').textContent({ timeout: 1000 }).catch(() => null)) ?? 'WebGPU not used');
    const e = await timeEmbeddings(page, photos.slice(0, 3), 3, 90_000);
    figures.speed.push(speedOf(cold, e, fallback ?? undefined));
    log(`standin webgpu: ${cold.device} (${cold.dtype}) load ${Math.round(cold.loadMs)} ms, first image ${Math.round(e.firstImageMs)} ms, image ${summarize(e.image).medianMs.toFixed(0)} ms${fallback ? ` — ${fallback}` : ''}`);
  });
}

export async function standinSection(options: StandinOptions): Promise<StandinFigures> {
  const log = options.log ?? ((line: string) => console.error(line));
  const figures: StandinFigures = { model: STANDIN_ID, site: STANDIN_SITE, loads: [], speed: [], firstVisit: [], targets: [], problems: [] };
  const site = await ensureStandinSite({ rebuild: options.rebuildSite, log });
  const images = options.images ?? 20;
  const all = await photosB64(options.photos.slice(0, images));
  const server = await startPreview(site, PREVIEW_PORT);
  const proxy = new CountingProxy(PREVIEW_PORT, (path) => path.startsWith('/models/'));
  await proxy.listen(PORT);
  // After each part, what is measured so far (a long run cut short keeps its figures).
  const savePartial = async () => {
    await mkdir('bench-results', { recursive: true });
    await writeFile(PARTIAL, JSON.stringify({ ...figures, targets: standinTargets(figures) }, null, 2));
  };
  const attempt = async (what: string, run: () => Promise<void>) => {
    try { await run(); } catch (e) {
      const message = `${what}: ${(e as Error).message.split('\n')[0]}`;
      log(`standin: ${message}`);
      figures.problems.push(message);
    }
    await savePartial();
  };
  const wasm = (dtype: StandinDtype) => {
    const photos = dtype === 'q8' ? all : all.slice(0, Math.max(3, Math.ceil(all.length / 3)));
    // Threads are compared on q8 (the WASM default); each extra session of a larger dtype costs minutes here.
    return attempt(`${dtype} on WASM`, () => wasmRun(proxy, dtype, dtype === 'q8', photos, dtype === 'q8' ? 30 : 10, figures, log));
  };
  try {
    // The first dtype (the default, q8), then indexing, then the larger dtypes: the figures with targets come first.
    const [first, ...rest] = options.dtypes ?? ['q8', 'fp16'];
    if (first) await wasm(first);
    const sizes = options.indexSizes ?? [250, 500];
    if (sizes.length) {
      figures.indexing = await indexingSection({ sizes, sites: ['dist-standin'], siteDirs: { 'dist-standin': site }, port: INDEX_PORT, log });
      await savePartial();
    }
    for (const dtype of rest) await wasm(dtype);
    // Last: on SwiftShader it is a smoke figure, and the slowest part.
    if (options.webgpu !== false) await attempt('WebGPU', () => webgpuRun(proxy, all, figures, log));
  } finally {
    await proxy.close();
    await stopTree(server);
  }
  figures.targets = standinTargets(figures);
  return figures;
}
