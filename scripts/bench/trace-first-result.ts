/**
 * Where the time goes when a shared search (`?like=<gallery id>`) opens: one cold open of the built
 * app, with the page's and the workers' resource timings, user-timing marks and the first result
 * drawn, all on the page's clock (ms from navigation start). A diagnostic beside
 * first-result-section.ts (which gives the figures); docs/BENCHMARKS.md "Opening a shared search".
 * npx tsx scripts/bench/trace-first-result.ts [--out-dir dist] [--port 4185] [--like <id>] [--warm]
 */
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { chromium, type Worker } from '@playwright/test';
import { chromiumLaunchOptions } from '../lib/chromium.ts';
import { startPreview } from './browser-section.ts';
import { stopTree } from './proc.ts';

interface Entry { readonly at: number; readonly end: number; readonly what: string; readonly where: string }

const args = process.argv.slice(2);
const value = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const outDir = value('--out-dir') ?? 'dist';
const port = Number(value('--port') ?? 4185);

/** Same watcher as the bench, plus a mark when the first result's element exists. */
const WATCH = `(() => {
  let seen = false;
  const tick = () => {
    const img = document.querySelector('[data-testid="result-item"][data-rank="1"] img');
    if (img && !seen) { seen = true; performance.mark('trace:first-result-element'); }
    if (img && img.complete && img.naturalWidth > 0) {
      requestAnimationFrame(() => { performance.mark('trace:first-result-drawn'); window.__firstResultMs = performance.now(); });
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

/** Entries of a page or worker realm, moved onto the page's clock. */
const COLLECT = `(() => ({ origin: performance.timeOrigin, entries: performance.getEntries().map((e) => ({
  type: e.entryType, name: e.name, start: e.startTime, duration: e.duration,
  responseEnd: e.responseEnd ?? 0, size: e.transferSize ?? 0,
})) }))()`;

interface Raw { origin: number; entries: { type: string; name: string; start: number; duration: number; responseEnd: number; size: number }[] }

function toEntries(raw: Raw, pageOrigin: number, where: string): Entry[] {
  const shift = raw.origin - pageOrigin;
  return raw.entries
    .filter((e) => e.type !== 'paint' || true)
    .map((e) => ({
      at: e.start + shift,
      end: (e.type === 'resource' ? e.responseEnd : e.start + e.duration) + shift,
      what: `${e.type} ${e.name.replace(/^https?:\/\/[^/]+/, '')}${e.size ? ` (${Math.round(e.size / 1024)} KiB)` : ''}`,
      where,
    }));
}

interface Profile { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[]; samples: number[]; timeDeltas: number[] }

/** The page's main thread: self time by function (top 25) and by script, from a CPU profile. */
function printProfile(profile: Profile): void {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const byFn = new Map<string, number>();
  const byUrl = new Map<string, number>();
  for (const n of profile.nodes) {
    const ms = self.get(n.id) ?? 0;
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber}`;
    byFn.set(key, (byFn.get(key) ?? 0) + ms);
    const u = f.url.replace(/^.*\//, '') || f.functionName;
    byUrl.set(u, (byUrl.get(u) ?? 0) + ms);
  }
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${v.toFixed(0).padStart(6)} ms  ${k}`).join('\n');
  console.log(`main thread self time by script:\n${top(byUrl, 12)}\nby function:\n${top(byFn, 25)}`);
}

const manifest = JSON.parse(await readFile(`${outDir}/gallery/manifest.json`, 'utf8')) as { items: { id: string }[] };
const like = value('--like') ?? manifest.items[Math.floor(manifest.items.length / 2)].id;
const server = await startPreview(outDir, port);
const browser = await chromium.launch({ ...chromiumLaunchOptions, headless: true });
try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, ...(args.includes('--no-sw') ? { serviceWorkers: 'block' as const } : {}) });
  await context.addInitScript(WATCH);
  const url = `http://127.0.0.1:${port}/?like=${encodeURIComponent(like)}`;
  if (args.includes('--warm')) {
    const first = await context.newPage();
    await first.goto(url);
    await first.waitForFunction(() => (window as unknown as { __firstResultMs?: number }).__firstResultMs, undefined, { timeout: 60_000 });
    await first.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await first.close();
  }
  const page = await context.newPage();
  const profiling = args.includes('--profile');
  const cdp = profiling ? await context.newCDPSession(page) : undefined;
  if (cdp) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 500 }); await cdp.send('Profiler.start'); }
  const workers: Worker[] = [];
  page.on('worker', (w) => workers.push(w));
  page.on('framenavigated', (f) => { if (f === page.mainFrame()) console.log(`navigated: ${f.url()}`); });
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __firstResultMs?: number }).__firstResultMs, undefined, { timeout: 60_000 });
  const pageRaw = (await page.evaluate(COLLECT)) as Raw;
  if (cdp) printProfile(((await cdp.send('Profiler.stop')) as { profile: Profile }).profile);
  const rows = toEntries(pageRaw, pageRaw.origin, 'page');
  const nav = pageRaw.entries.find((e) => e.type === 'navigation');
  for (const w of workers) {
    const raw = (await w.evaluate(COLLECT).catch(() => null)) as Raw | null;
    if (raw) rows.push(...toEntries(raw, pageRaw.origin, `worker ${w.url().replace(/^.*\//, '').slice(0, 24)}`), { at: raw.origin - pageRaw.origin, end: raw.origin - pageRaw.origin, what: 'worker started', where: `worker ${w.url().replace(/^.*\//, '').slice(0, 24)}` });
  }
  rows.sort((a, b) => a.at - b.at);
  console.log(`load ${loadavg()[0].toFixed(1)}; ${url}${args.includes('--warm') ? ' (warm)' : ' (cold)'}; isolated: ${String(await page.evaluate(() => self.crossOriginIsolated))}`);
  if (nav) console.log(`navigation: responseEnd ${nav.responseEnd.toFixed(0)} ms`);
  for (const r of rows) console.log(`${r.at.toFixed(0).padStart(6)} → ${r.end.toFixed(0).padStart(6)}  ${r.where.padEnd(32)} ${r.what}`);
} finally {
  await browser.close();
  await stopTree(server);
}
