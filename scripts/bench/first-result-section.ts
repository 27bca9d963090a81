/**
 * "Open a shared search" in the bench (issue 17 item 7): the built app (dist/) opened at
 * `?like=<gallery id>`, timed from navigation start to the first result's image drawn (loaded and
 * a frame painted after it). Cold: a fresh browser context each time (nothing cached, no service
 * worker). Warm: the same context opened again (HTTP cache, service worker and stored data kept),
 * once the service worker has stored the site (active).
 * Median of N of each; the target is ≤ 1.5 s on localhost.
 * Alone: npx tsx scripts/bench/first-result-section.ts [--runs 5] [--like <id>] [--out-dir dist] [--port 4184]
 * (--out-dir and --port let two builds be compared back to back, or several benches share a machine).
 */
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from '@playwright/test';
import { chromiumLaunchOptions } from '../lib/chromium.ts';
import { startPreview } from './browser-section.ts';
import { stopTree } from './proc.ts';
import { fmt, summarize, type Timing } from './stats.ts';

const PORT = 4184;
export const FIRST_RESULT_TARGET_MS = 1500;

export interface FirstResultFigures {
  readonly like: string;
  readonly runs: number;
  readonly cold: Timing;
  readonly warm: Timing;
  /** the 1-minute load average when the section started (the machine is shared) */
  readonly load: number;
}

/**
 * Runs in the page before its own scripts: records when the first result's image is drawn. A
 * string, not a function: tsx would wrap a function's inner names in a helper the page lacks.
 */
const WATCH_FIRST_RESULT = `(() => {
  const tick = () => {
    const img = document.querySelector('[data-testid="result-item"][data-rank="1"] img');
    if (img && img.complete && img.naturalWidth > 0) {
      requestAnimationFrame(() => { window.__firstResultMs = performance.now(); });
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

/** `settle`: after the result, wait until the service worker is active (it has stored the site), so later opens are warm. */
async function openOnce(context: BrowserContext, url: string, settle = false): Promise<number> {
  const page = await context.newPage();
  try {
    await page.goto(url);
    const handle = await page.waitForFunction(() => (window as unknown as { __firstResultMs?: number }).__firstResultMs, undefined, { timeout: 60_000 });
    if (settle) await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    return Number(await handle.jsonValue());
  } finally {
    await page.close();
  }
}

export async function firstResultSection(options: { runs?: number; like?: string; outDir?: string; port?: number } = {}): Promise<FirstResultFigures> {
  const runs = options.runs ?? 5;
  const outDir = options.outDir ?? 'dist';
  const port = options.port ?? PORT;
  const manifest = JSON.parse(await readFile(`${outDir}/gallery/manifest.json`, 'utf8')) as { items: { id: string }[] };
  const like = options.like ?? manifest.items[Math.floor(manifest.items.length / 2)].id;
  const url = `http://127.0.0.1:${port}/?like=${encodeURIComponent(like)}`;
  const load = loadavg()[0];
  const server = await startPreview(outDir, port);
  const browser = await chromium.launch({ ...chromiumLaunchOptions, headless: true });
  try {
    const cold: number[] = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      await context.addInitScript(WATCH_FIRST_RESULT);
      cold.push(await openOnce(context, url));
      await context.close();
    }
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await context.addInitScript(WATCH_FIRST_RESULT);
    await openOnce(context, url, true); // fills the caches (and the service worker's store: its download would compete with the warm opens)
    const warm: number[] = [];
    for (let i = 0; i < runs; i++) warm.push(await openOnce(context, url));
    await context.close();
    return { like, runs, cold: summarize(cold), warm: summarize(warm), load };
  } finally {
    await browser.close();
    await stopTree(server);
  }
}

export function firstResultRows(f: FirstResultFigures): string[] {
  const verdict = (t: Timing) => (t.medianMs <= FIRST_RESULT_TARGET_MS ? 'met' : 'not met');
  return [
    `| Chromium, dist/ | \`?like=${f.like}\` opened to the first result drawn, cold, ms (median of ${f.runs} / p95) | **${fmt(f.cold.medianMs, 0)}** / ${fmt(f.cold.p95Ms, 0)} (target ≤ ${FIRST_RESULT_TARGET_MS}: ${verdict(f.cold)}; load ${fmt(f.load, 1)}) |`,
    `| Chromium, dist/ | the same, warm (caches and stored data kept), ms (median of ${f.runs} / p95) | **${fmt(f.warm.medianMs, 0)}** / ${fmt(f.warm.p95Ms, 0)} (target ≤ ${FIRST_RESULT_TARGET_MS}: ${verdict(f.warm)}) |`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const value = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
  const runs = Number(value('--runs') ?? 5);
  const like = value('--like');
  const outDir = value('--out-dir');
  const port = value('--port');
  firstResultSection({ runs, ...(like ? { like } : {}), ...(outDir ? { outDir } : {}), ...(port ? { port: Number(port) } : {}) }).then((f) => {
    console.log(['| where | figure | value |', '|---|---|---|', ...firstResultRows(f)].join('\n'));
  }).catch((e: unknown) => { console.error(e); process.exit(1); });
}
