import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../lib/chromium.ts';
import { stopTree } from './proc.ts';
import { summarize, type Timing } from './stats.ts';

export interface BrowserExtraction {
  images: number;
  /** wall time per image seen by the page: transfer in, decode, every engine, transfer out */
  wall: Timing;
  imagesPerSecondWall: number;
  decode: Timing;
  extract: Record<string, Timing>;
  /** decode + classic extract only: the classic engine's own throughput in the worker */
  imagesPerSecondClassic: number;
}

export interface BrowserQuery { engine: string; measure: string; worker: Timing; roundTrip: Timing }

const PORT = Number(process.env.BENCH_PORT ?? 4175);

/** Serves a built site (dist/ or the test site dist-clip/) on 127.0.0.1:port until killed. */
export async function startPreview(outDir = 'dist', port = PORT): Promise<ChildProcess> {
  const child = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', outDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return child;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stopTree(child);
  throw new Error(`vite preview did not start (is ${outDir}/ built? run npm run build, or npm run build:test-site for dist-clip/)`);
}

/** Runs the built app in headless Chromium and times the real workers through window.imageSearch. */
export async function browserSection(photos: readonly string[], queries = 50): Promise<{ extraction: BrowserExtraction; queries: BrowserQuery[]; userAgent: string }> {
  const server = await startPreview();
  const browser = await chromium.launch({ ...chromiumLaunchOptions, headless: true });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await page.waitForFunction(() => 'imageSearch' in window);
    const files = await Promise.all(photos.map(async (p) => ({ name: basename(p), b64: (await readFile(p)).toString('base64') })));

    const raw = await page.evaluate(async (files) => {
      const buffers = files.map((f) => ({ name: f.name, bytes: Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0)).buffer }));
      await window.imageSearch.inspect(buffers[0].bytes, buffers[0].name); // start the worker, JIT warm-up
      const rows = [];
      for (const b of buffers) {
        const t = performance.now();
        const info = await window.imageSearch.inspect(b.bytes, b.name);
        rows.push({ wall: performance.now() - t, decode: info.timings.decodeMs, extract: info.timings.extractMs });
      }
      return { rows, ua: navigator.userAgent };
    }, files);
    const engines = Object.keys(raw.rows[0].extract);
    const extract = Object.fromEntries(engines.map((e) => [e, summarize(raw.rows.map((r) => (r.extract as Record<string, number>)[e]))]));
    const decode = summarize(raw.rows.map((r) => r.decode));
    const wall = summarize(raw.rows.map((r) => r.wall));
    const extraction: BrowserExtraction = {
      images: raw.rows.length, wall, imagesPerSecondWall: 1000 / wall.meanMs, decode, extract,
      imagesPerSecondClassic: 1000 / (decode.meanMs + extract.classic.meanMs),
    };

    const plan = [
      { engine: 'classic', measure: 'cosine' },
      { engine: 'pixels', measure: 'l2' },
      { engine: 'pixels', measure: 'correlation' },
    ] as const;
    const queryRows: BrowserQuery[] = [];
    for (const { engine, measure } of plan) {
      const r = await page.evaluate(async ({ file, engine, measure, queries }) => {
        const bytes = Uint8Array.from(atob(file.b64), (c) => c.charCodeAt(0)).buffer;
        const vectors = await window.imageSearch.embed(bytes, file.name);
        const vector = vectors[engine as keyof typeof vectors];
        const options = { engine: engine as 'classic', measure: measure as 'cosine', k: 20 };
        await window.imageSearch.search(vector, options); // loads the vector file
        const worker: number[] = [], roundTrip: number[] = [];
        for (let i = 0; i < queries; i++) {
          const t = performance.now();
          const res = await window.imageSearch.search(vector, options);
          roundTrip.push(performance.now() - t);
          worker.push(res.ms);
        }
        return { worker, roundTrip };
      }, { file: files[0], engine, measure, queries });
      queryRows.push({ engine, measure, worker: summarize(r.worker), roundTrip: summarize(r.roundTrip) });
    }
    return { extraction, queries: queryRows, userAgent: raw.ua };
  } finally {
    await browser.close();
    await stopTree(server);
  }
}
