/**
 * npm run bench [-- --images N] [--skip-browser] [--skip-clip]
 * Speed figures for the foundation, measured side by side in one run (docs/BENCHMARKS.md):
 *  - feature extraction on 640-px JPEGs: Node (sharp decode + the shared core) and headless
 *    Chromium (the real embed worker: createImageBitmap decode + the same core);
 *  - exact top-20 query over the demo gallery: Node and the real search worker in Chromium;
 *  - CLIP with the tiny test model: load time and ms per image / text embedding, in Node and in
 *    the clip worker of the test site (WASM, and WebGPU where an adapter exists). Needs
 *    npm run build:test-site; docs/BENCHMARKS.md says how to run it on a real model and GPU.
 * Writes bench-results/bench.json and prints a table.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { browserSection } from './bench/browser-section.ts';
import { browserClip, nodeClip, type ClipFigures } from './bench/clip-section.ts';
import { nodeExtraction, nodeQueries } from './bench/node-section.ts';
import { fmt } from './bench/stats.ts';
import { writeSyntheticPhotos } from './lib/synthetic-photos.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : fallback; };
const IMAGES = option('--images', 200);

async function main() {
  const photos = await writeSyntheticPhotos(join(tmpdir(), 'image-search-bench', 'photos-640'), IMAGES, 640, 480);
  console.error(`bench: ${photos.length} synthetic 640×480 JPEGs`);
  const node = { extraction: await nodeExtraction(photos), queries: await nodeQueries('public/gallery') };
  const browser = args.includes('--skip-browser') ? undefined : await browserSection(photos);
  const clip: ClipFigures[] = [];
  if (!args.includes('--skip-clip')) {
    const some = photos.slice(0, 40);
    clip.push(await nodeClip(some));
    if (!args.includes('--skip-browser')) clip.push(await browserClip(some, false), await browserClip(some, true));
  }
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, browser: browser?.userAgent },
    images: photos.length,
    node,
    browser,
    clip,
  };
  await mkdir('bench-results', { recursive: true });
  await writeFile('bench-results/bench.json', JSON.stringify(report, null, 2));

  const lines = ['| where | figure | value |', '|---|---|---|'];
  for (const e of node.extraction) {
    lines.push(`| Node | ${e.engine}: decode + extract, images/s | ${fmt(e.imagesPerSecond, 0)} (decode ${fmt(e.decode.meanMs)} ms + extract ${fmt(e.extract.meanMs)} ms) |`);
  }
  for (const q of node.queries) lines.push(`| Node | query ${q.engine}/${q.measure} over ${q.count} × ${q.dim}, ms (median / p95) | ${fmt(q.query.medianMs)} / ${fmt(q.query.p95Ms)} |`);
  if (browser) {
    const x = browser.extraction;
    lines.push(`| Chromium worker | classic: decode + extract, images/s | **${fmt(x.imagesPerSecondClassic, 0)}** (decode ${fmt(x.decode.meanMs)} ms + extract ${fmt(x.extract.classic.meanMs)} ms) |`);
    lines.push(`| Chromium worker | all engines, page round trip, images/s | ${fmt(x.imagesPerSecondWall, 0)} (${fmt(x.wall.meanMs)} ms each) |`);
    for (const q of browser.queries) {
      lines.push(`| Chromium worker | query ${q.engine}/${q.measure}, ms in worker (median / p95) · round trip | **${fmt(q.worker.medianMs)}** / ${fmt(q.worker.p95Ms)} · ${fmt(q.roundTrip.medianMs)} |`);
    }
  }
  for (const c of clip) {
    lines.push(`| ${c.where} | tiny CLIP on ${c.device} (${c.dtype}): load · image · text, ms (median) | ${fmt(c.loadMs, 0)} · **${fmt(c.image.medianMs)}** · ${fmt(c.text.medianMs)} |`);
  }
  console.log(lines.join('\n'));
  console.error('bench: wrote bench-results/bench.json');
}

main().catch((e) => {
  console.error(`bench: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
