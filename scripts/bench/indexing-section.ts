/**
 * Indexing a folder in the browser: for each folder size and each built site, a fresh headless
 * Chromium profile (on disk, so IndexedDB is empty and stored like a person's browser stores it)
 * opens the app, the folder is set on the folder input (webkitdirectory), and the run is timed
 * until the progress element says done. dist/ indexes with the classic engine only; dist-clip/
 * (the test site) loads the tiny CLIP model first, so images get a CLIP vector too.
 *
 * Memory is sampled every 250 ms from /proc: VmRSS (status) and Pss (smaps_rollup) of every
 * Chromium process started for the run, grouped by process type; "renderer" is the page's renderer
 * process, which also runs its dedicated workers (embed pool, clip worker) and is recognised by
 * their threads; "all" is every Chromium process of the run (browser, GPU, network, storage,
 * renderers). The page's main-thread JS heap comes from CDP Performance.getMetrics once a second.
 * MB in the table are MiB.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../lib/chromium.ts';
import { benchCacheDir, makeSizedFolder, sizedFolderSummary, type SizedFolder } from '../lib/sized-photos.ts';
import { startPreview } from './browser-section.ts';
import { ChromiumMemory, type MemoryReading } from './chromium-memory.ts';
import { stopTree } from './proc.ts';
import { fmt } from './stats.ts';

export type { MemoryReading };

const PORT = 4179;
const SAMPLE_MS = 250;
const RUN_TIMEOUT_MS = 30 * 60_000;
const MB = 1024 * 1024;

export type IndexSite = 'dist' | 'dist-clip' | 'dist-standin';

/**
 * Sites that ship a CLIP model: the app loads it before the folder is set, so images get a CLIP
 * vector too. The stand-in (clip-standin-section.ts) is measured as a person's browser runs it once
 * the service worker made the page cross-origin isolated (WASM threads; one automatic reload).
 */
const CLIP_SITES: Partial<Record<IndexSite, { label: string; timeoutMs: number; isolated: boolean }>> = {
  'dist-clip': { label: 'tiny CLIP', timeoutMs: 180_000, isolated: false },
  'dist-standin': { label: 'CLIP stand-in', timeoutMs: 600_000, isolated: true },
};

export interface IndexingPeak {
  rendererRss: number;
  rendererPss?: number;
  allRss: number;
  allPss?: number;
  /** main-thread JS heap of the page (CDP JSHeapUsedSize) */
  jsHeapUsed?: number;
  /** RSS by process type when "all" peaked */
  byTypeAtPeak: Record<string, number>;
  /** renderer RSS peak while the first half of the files was indexed, and while the second half was */
  rendererRssFirstHalf: number;
  rendererRssSecondHalf: number;
  maxRenderers: number;
  maxProcesses: number;
}

export interface IndexingRun {
  site: IndexSite;
  /** "classic" or "classic + tiny CLIP" (what the app reported before the folder was set) */
  engines: string;
  clipDevice?: string;
  clipDtype?: string;
  clipThreads?: number;
  images: number;
  folder: SizedFolder;
  state: string;
  total: number;
  indexed: number;
  skipped: number;
  /** images the collection holds afterwards (data-count of its row in the list) */
  stored: number;
  collectionState: string | null;
  /** from setting the input to data-state=done, measured in the page (50 ms polling) */
  wallMs: number;
  /** from setting the input to data-state=running (listing and planning) */
  planningMs?: number;
  imagesPerSecond: number;
  /** data-rate the app showed last while running (recent files per second) */
  appRate?: number;
  baseline: MemoryReading & { jsHeapUsed?: number };
  peak: IndexingPeak;
  /**
   * Memory while each tenth of the files was indexed: median renderer RSS and all-process PSS (MiB)
   * over the once-a-second samples. Unlike a peak (the maximum of more samples in a longer run), a
   * flat row here shows directly that memory does not grow as the run goes on.
   */
  deciles: { rendererRssMB: number; allPssMB?: number }[];
  /** about once a second: seconds since the input was set, files done, memory in MB */
  timeline: { s: number; done: number; rendererRssMB: number; allRssMB: number; allPssMB?: number; jsHeapMB?: number }[];
  pageErrors: string[];
  /** set when the run did not index every file (or failed) */
  problem?: string;
}

export interface IndexingRatio {
  site: IndexSite;
  engines: string;
  from: number;
  to: number;
  /** peak(to) / peak(from); ~1.0 means memory does not grow with the folder */
  rendererRss: number;
  rendererPss?: number;
  allRss: number;
  allPss?: number;
  /** the same for the growth over the idle app: (peak − baseline)(to) / (peak − baseline)(from) */
  rendererRssGrowth: number;
  allRssGrowth: number;
}

export interface IndexingFigures {
  sampleMs: number;
  sizes: number[];
  runs: IndexingRun[];
  ratios: IndexingRatio[];
  /** sites not measured, and why */
  skipped: { site: IndexSite; reason: string }[];
}

// ---------------------------------------------------------------------------------------------
// One run

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number | undefined) => (bytes === undefined ? undefined : Math.round((bytes / MB) * 10) / 10);

interface ProgressSnapshot { state: string | null; done: number; total: number; indexed: number; skipped: number; rate: number }
interface PageProgress extends ProgressSnapshot { t0: number | null; running: number | null; end: number | null; reported: boolean }
interface BenchWatch { t0: number; running: number | null; end: number | null; reported: boolean; last: ProgressSnapshot | null }

/**
 * The latest state of the progress element. The page keeps it in window.__benchIndex (see
 * watchIndexing), since the app replaces the element by its report soon after the run is done.
 */
async function readProgress(page: Page): Promise<PageProgress> {
  return page.evaluate(() => {
    const w = (window as unknown as { __benchIndex?: BenchWatch }).__benchIndex;
    const last = w?.last ?? { state: null, done: NaN, total: NaN, indexed: NaN, skipped: NaN, rate: NaN };
    return { ...last, t0: w?.t0 ?? null, running: w?.running ?? null, end: w?.end ?? null, reported: w?.reported ?? false };
  });
}

/**
 * Installs, in the page, a MutationObserver that records every change of the progress element's
 * attributes, when the input was set (t0), when the run started (state running) and when it ended
 * (state done/cancelled/failed, or the end-of-run report or an error appeared), in page time.
 */
async function watchIndexing(page: Page): Promise<void> {
  // A string, not a function: tsx (esbuild keepNames) would wrap named inner functions in a
  // __name() helper that does not exist in the page.
  await page.evaluate(`(() => {
    const watch = { t0: performance.now(), running: null, end: null, reported: false, last: null };
    window.__benchIndex = watch;
    const look = () => {
      const el = document.querySelector('[data-testid="index-progress"]');
      if (el) {
        const n = (k) => Number(el.dataset[k] ?? NaN);
        const state = el.dataset.state ?? null;
        watch.last = { state, done: n('done'), total: n('total'), indexed: n('indexed'), skipped: n('skipped'), rate: n('rate') };
        if (state === 'running' && watch.running === null) watch.running = performance.now();
        if ((state === 'done' || state === 'cancelled' || state === 'failed') && watch.end === null) watch.end = performance.now();
      }
      if (document.querySelector('[data-testid="index-report"], [data-testid="collections-error"]')) {
        watch.reported = true;
        if (watch.end === null) watch.end = performance.now();
      }
      if (watch.end !== null && watch.reported) observer.disconnect();
    };
    const observer = new MutationObserver(look);
    observer.observe(document.body, { subtree: true, childList: true, attributes: true,
      attributeFilter: ['data-state', 'data-done', 'data-total', 'data-indexed', 'data-skipped', 'data-rate', 'data-testid'] });
  })()`);
}

async function jsHeap(cdp: CDPSession): Promise<number | undefined> {
  try {
    return (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize')?.value;
  } catch { return undefined; }
}

const TERMINAL = new Set(['done', 'cancelled', 'failed']);

async function waitIsolated(page: Page, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await page.evaluate(() => self.crossOriginIsolated).catch(() => false)) return true;
    await sleep(250);
  }
  return false;
}

async function indexOnce(site: IndexSite, folder: SizedFolder, port: number, log: (line: string) => void): Promise<IndexingRun> {
  const profile = await mkdtemp(join(benchCacheDir(), 'profile-'));
  const memory = new ChromiumMemory();
  let context: BrowserContext | undefined;
  const pageErrors: string[] = [];
  try {
    context = await chromium.launchPersistentContext(profile, { ...chromiumLaunchOptions, headless: true });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => pageErrors.length < 20 && pageErrors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && pageErrors.length < 20 && pageErrors.push(`console: ${m.text()}`));
    await page.goto(`http://127.0.0.1:${port}/`);
    const input = page.getByTestId('folder-input');
    await input.waitFor({ state: 'attached', timeout: 60_000 });

    let engines = 'classic';
    let clipDevice: string | undefined, clipDtype: string | undefined, clipThreads: number | undefined;
    const clipSite = CLIP_SITES[site];
    if (clipSite) {
      if (clipSite.isolated && !(await waitIsolated(page, 120_000))) log(`indexing ${site}: the page did not become cross-origin isolated; measuring it as it is`);
      const status = page.getByTestId('clip-status');
      await status.and(page.locator('[data-state="ready"]')).waitFor({ timeout: clipSite.timeoutMs });
      clipDevice = (await status.getAttribute('data-device')) ?? undefined;
      clipThreads = Number(await status.getAttribute('data-threads')) || undefined;
      clipDtype = /\((q8|fp16|fp32)\)/.exec((await status.textContent()) ?? '')?.[1];
      const on = clipDevice === 'wasm' ? `WASM ${clipThreads} thread${clipThreads === 1 ? '' : 's'}` : clipDevice;
      engines = `classic + ${clipSite.label}${clipDtype ? ` (${clipDtype}, ${on})` : ''}`;
    } else if (await page.locator('[data-testid="clip-status"][data-state="ready"]').count()) {
      engines = 'classic + CLIP';
    }

    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await sleep(1500); // let start-up work (gallery load, model warm-up) settle
    const baselineMem = await memory.read();
    const baseline = { ...baselineMem, jsHeapUsed: await jsHeap(cdp) };

    await watchIndexing(page);
    const started = Date.now();
    const setting = input.setInputFiles(folder.dir, { timeout: 120_000 });

    const peak: IndexingPeak = { rendererRss: 0, allRss: 0, byTypeAtPeak: {}, rendererRssFirstHalf: 0, rendererRssSecondHalf: 0, maxRenderers: 0, maxProcesses: 0 };
    const timeline: IndexingRun['timeline'] = [];
    let progress: PageProgress | undefined;
    let lastRunningRate: number | undefined;
    let tick = 0;
    let setError: unknown;
    setting.catch((e) => { setError = e; });
    for (;;) {
      const [mem, p] = await Promise.all([memory.read(), readProgress(page).catch(() => undefined)]);
      const heap = tick % 4 === 0 ? await jsHeap(cdp) : undefined;
      if (p) progress = p;
      if (mem.rendererRss > peak.rendererRss) peak.rendererRss = mem.rendererRss;
      if (mem.rendererPss !== undefined) peak.rendererPss = Math.max(peak.rendererPss ?? 0, mem.rendererPss);
      if (mem.allRss > peak.allRss) { peak.allRss = mem.allRss; peak.byTypeAtPeak = mem.byType; }
      if (mem.allPss !== undefined) peak.allPss = Math.max(peak.allPss ?? 0, mem.allPss);
      if (heap !== undefined) peak.jsHeapUsed = Math.max(peak.jsHeapUsed ?? 0, heap);
      peak.maxRenderers = Math.max(peak.maxRenderers, mem.renderers);
      peak.maxProcesses = Math.max(peak.maxProcesses, mem.processes);
      const done = progress?.state && Number.isFinite(progress.done) ? progress.done : 0;
      if (done < folder.files / 2) peak.rendererRssFirstHalf = Math.max(peak.rendererRssFirstHalf, mem.rendererRss);
      else peak.rendererRssSecondHalf = Math.max(peak.rendererRssSecondHalf, mem.rendererRss);
      if (progress?.state === 'running' && Number.isFinite(progress.rate) && progress.rate > 0) lastRunningRate = progress.rate;
      if (tick % 4 === 0) {
        timeline.push({ s: Math.round((Date.now() - started) / 100) / 10, done, rendererRssMB: mb(mem.rendererRss)!, allRssMB: mb(mem.allRss)!, allPssMB: mb(mem.allPss), jsHeapMB: mb(heap) });
      }
      if (tick % 40 === 0) log(`indexing ${site} ${folder.files}: ${progress?.state ?? 'waiting'} ${done}/${Number.isFinite(progress?.total) ? progress?.total : '?'}, renderer ${fmt(mem.rendererRss / MB, 0)} MB, all ${fmt(mem.allRss / MB, 0)} MB`);
      tick++;
      if (progress?.end != null && (progress.reported || (progress.state && TERMINAL.has(progress.state)))) break;
      if (setError) throw setError;
      if (Date.now() - started > RUN_TIMEOUT_MS) break;
      await sleep(SAMPLE_MS);
    }
    await setting.catch(() => {});
    const last = await readProgress(page).catch(() => progress);
    const p = last ?? progress!;
    // What was stored: the collection's row in the list (named after the folder).
    const row = page.locator(`[data-testid="collection"][data-name="${basename(folder.dir)}"]`);
    await row.and(page.locator(':not([data-state="indexing"])')).waitFor({ timeout: 30_000 }).catch(() => {});
    const stored = await row.getAttribute('data-count', { timeout: 5_000 }).then(Number, () => NaN);
    const collectionState = await row.getAttribute('data-state', { timeout: 1_000 }).catch(() => null);
    const wallMs = p.end != null && p.t0 != null ? p.end - p.t0 : Date.now() - started;
    const state = p.state ?? 'missing';
    const problems: string[] = [];
    if (state !== 'done') problems.push(`ended in state ${state}${Date.now() - started > RUN_TIMEOUT_MS ? ' (timed out)' : ''}`);
    if (p.indexed !== folder.files) problems.push(`indexed ${p.indexed} of ${folder.files} files`);
    if (p.skipped) problems.push(`${p.skipped} skipped`);
    if (p.total !== folder.files) problems.push(`the app planned ${p.total} files, not ${folder.files}`);
    if (stored !== folder.files) problems.push(`the collection holds ${stored} images, not ${folder.files}`);
    return {
      site,
      engines,
      clipDevice,
      clipDtype,
      clipThreads,
      images: folder.files,
      folder,
      state,
      total: p.total,
      indexed: p.indexed,
      skipped: p.skipped,
      stored,
      collectionState,
      wallMs,
      planningMs: p.running != null && p.t0 != null ? p.running - p.t0 : undefined,
      imagesPerSecond: (p.indexed || 0) / (wallMs / 1000),
      appRate: lastRunningRate,
      baseline,
      peak,
      deciles: deciles(timeline, folder.files),
      timeline,
      pageErrors,
      ...(problems.length ? { problem: problems.join('; ') } : {}),
    };
  } finally {
    await context?.close().catch(() => {});
    await rm(profile, { recursive: true, force: true }).catch(() => {});
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

function deciles(timeline: IndexingRun['timeline'], files: number): IndexingRun['deciles'] {
  return Array.from({ length: 10 }, (_, d) => {
    const xs = timeline.filter((t) => t.done >= (d * files) / 10 && t.done < ((d + 1) * files) / 10);
    const pss = xs.flatMap((t) => (t.allPssMB === undefined ? [] : [t.allPssMB]));
    return { rendererRssMB: Math.round(median(xs.map((t) => t.rendererRssMB))), ...(pss.length ? { allPssMB: Math.round(median(pss)) } : {}) };
  });
}

// ---------------------------------------------------------------------------------------------

export interface IndexingOptions {
  sizes?: readonly number[];
  sites?: readonly IndexSite[];
  /** serve a copy of a site from elsewhere (e.g. a snapshot, so a rebuild during a long run cannot pull workers from under it) */
  siteDirs?: Partial<Record<IndexSite, string>>;
  /** where the site is served (default 4179) */
  port?: number;
  log?: (line: string) => void;
}

/** Indexes 640–4000 px folders of each size on each site; see the file comment. */
export async function indexingSection(options: IndexingOptions = {}): Promise<IndexingFigures> {
  const sizes = [...(options.sizes ?? [1000, 5000])].sort((a, b) => a - b);
  const log = options.log ?? ((line: string) => console.error(line));
  const figures: IndexingFigures = { sampleMs: SAMPLE_MS, sizes, runs: [], ratios: [], skipped: [] };
  const folders: SizedFolder[] = [];
  for (const n of sizes) {
    const f = await makeSizedFolder(n, { log });
    log(`indexing: ${f.dir}: ${sizedFolderSummary(f)}`);
    folders.push(f);
  }
  for (const site of options.sites ?? (['dist', 'dist-clip'] as const)) {
    const dir = options.siteDirs?.[site] ?? site;
    if (!existsSync(join(dir, 'index.html'))) {
      const reason = `${dir}/ is not built (${site === 'dist' ? 'npm run build' : site === 'dist-clip' ? 'npm run build:test-site' : 'npm run bench builds it'})`;
      log(`indexing: skipped ${site}: ${reason}`);
      figures.skipped.push({ site, reason });
      continue;
    }
    const port = options.port ?? PORT;
    const server = await startPreview(dir, port);
    try {
      for (const folder of folders) {
        log(`indexing: ${site}, ${folder.files} images…`);
        let run: IndexingRun;
        try {
          run = await indexOnce(site, folder, port, log);
        } catch (e) {
          log(`indexing: ${site}, ${folder.files} images failed: ${(e as Error).message}`);
          figures.skipped.push({ site, reason: `${folder.files} images: ${(e as Error).message.split('\n')[0]}` });
          continue;
        }
        figures.runs.push(run);
        log(`indexing: ${site} ${run.engines}, ${run.images} images: ${fmt(run.imagesPerSecond, 1)} images/s (${fmt(run.wallMs / 1000, 1)} s), peak RSS renderer ${fmt(run.peak.rendererRss / MB, 0)} MB, all ${fmt(run.peak.allRss / MB, 0)} MB${run.problem ? ` — ${run.problem}` : ''}`);
      }
    } finally {
      await stopTree(server);
    }
  }
  for (const site of new Set(figures.runs.map((r) => r.site))) {
    const runs = figures.runs.filter((r) => r.site === site).sort((a, b) => a.images - b.images);
    if (runs.length < 2) continue;
    const [a, b] = [runs[0], runs[runs.length - 1]];
    const ratio = (x?: number, y?: number) => (x && y ? y / x : undefined);
    figures.ratios.push({
      site,
      engines: b.engines,
      from: a.images,
      to: b.images,
      rendererRss: b.peak.rendererRss / a.peak.rendererRss,
      rendererPss: ratio(a.peak.rendererPss, b.peak.rendererPss),
      allRss: b.peak.allRss / a.peak.allRss,
      allPss: ratio(a.peak.allPss, b.peak.allPss),
      rendererRssGrowth: (b.peak.rendererRss - b.baseline.rendererRss) / (a.peak.rendererRss - a.baseline.rendererRss),
      allRssGrowth: (b.peak.allRss - b.baseline.allRss) / (a.peak.allRss - a.baseline.allRss),
    });
  }
  return figures;
}

/** Rows for the bench's printed table. */
export function indexingRows(figures: IndexingFigures): string[] {
  const rows: string[] = [];
  const n = (x: number) => x.toLocaleString('en-US');
  const mbs = (x?: number) => (x === undefined ? '—' : `${fmt(x / MB, 0)} MB`);
  for (const r of figures.runs) {
    const pss = r.peak.allPss !== undefined ? ` (PSS ${mbs(r.peak.rendererPss)} / ${mbs(r.peak.allPss)})` : '';
    rows.push(`| Chromium | index ${n(r.images)} images (640–4000 px), ${r.engines}: images/s · peak RSS renderer / all | **${fmt(r.imagesPerSecond, 1)}** · ${mbs(r.peak.rendererRss)} / ${mbs(r.peak.allRss)}${pss}${r.problem ? ` ⚠ ${r.problem}` : ''} |`);
  }
  for (const q of figures.ratios) {
    rows.push(`| Chromium | index, ${q.engines}: peak RSS ${n(q.to)} / ${n(q.from)} images, renderer · all | **${fmt(q.rendererRss)}** · ${fmt(q.allRss)}${q.allPss !== undefined ? ` (PSS ${fmt(q.rendererPss ?? NaN)} · ${fmt(q.allPss)})` : ''} |`);
  }
  for (const s of figures.skipped) rows.push(`| Chromium | index (${s.site}) | not measured: ${s.reason} |`);
  return rows;
}
