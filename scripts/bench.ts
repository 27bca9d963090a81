/**
 * npm run bench [-- --images N] [--skip-node] [--skip-browser] [--skip-clip] [--skip-indexing] [--index-sizes 1000,5000] [--index-sites dist,dist-clip]
 *   [--skip-scale] [--scale-sizes 10000,100000,1000000] [--scale-spectral-max 10000]
 *   [--skip-standin] [--standin-dtypes q8,fp16] [--standin-index-sizes 250,500] [--skip-standin-webgpu] [--rebuild-standin-site]
 *   [--skip-verify] [--skip-first-result]
 * Speed figures for the foundation, measured side by side in one run (docs/BENCHMARKS.md):
 *  - feature extraction on 640-px JPEGs: Node (sharp decode + the shared core) and headless
 *    Chromium (the real embed worker: createImageBitmap decode + the same core);
 *  - exact top-20 query over the demo gallery: Node and the real search worker in Chromium;
 *  - CLIP with the tiny test model: load time and ms per image / text embedding, in Node and in
 *    the clip worker of the test site (WASM, and WebGPU where an adapter exists). Needs
 *    npm run build:test-site; docs/BENCHMARKS.md says how to run it on a real model and GPU;
 *  - indexing a folder in the app (folder input → IndexedDB): images/s and peak memory of
 *    Chromium for folders of 1,000 and 5,000 JPEGs of 640–4000 px, classic (dist/) and classic +
 *    tiny CLIP (dist-clip/), and how peak memory scales with the folder (should be ~1.0×).
 *  - scale: exact scans (TypeScript, WebAssembly SIMD, f32 and i8; against a memory-bandwidth
 *    reference), IVF and spectral routing over synthetic 512-d vectors at 10k, 100k and 1M rows
 *    (spectral at 10k unless --scale-spectral-max), in Node and in a worker in headless Chromium
 *    (scripts/bench/scale-section.ts; ~6 min on the 2-core machine when it is quiet).
 *  - CLIP at real size: the full-size ViT-B/32 stand-in (npm run models:standin, made if missing)
 *    in the app's clip worker (dist-standin/, built by the bench): cold and warm load per dtype,
 *    ms per image / text on WASM 1 thread, WASM threads and WebGPU, bytes on the wire and in the
 *    Cache API, and indexing 250 and 500 photos with classic + CLIP (scripts/bench/clip-standin-section.ts).
 *  - opening a shared search: the app at ?like=<gallery id> to the first result drawn, cold and
 *    warm, median of 5 (scripts/bench/first-result-section.ts; target ≤ 1.5 s).
 * Writes bench-results/bench.json and prints a table.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { browserSection } from './bench/browser-section.ts';
import { browserClip, nodeClip, type ClipFigures } from './bench/clip-section.ts';
import { standinRows } from './bench/clip-standin-rows.ts';
import { standinSection, type StandinDtype, type StandinFigures } from './bench/clip-standin-section.ts';
import { nodeExtraction, nodeQueries } from './bench/node-section.ts';
import { indexingRows, indexingSection, type IndexingFigures, type IndexSite } from './bench/indexing-section.ts';
import { scaleRows, scaleSection, type ScaleFigures } from './bench/scale-section.ts';
import { fmt } from './bench/stats.ts';
import { verifyRows, verifySection, type VerifyFigures } from './bench/verify-section.ts';
import { firstResultRows, firstResultSection, type FirstResultFigures } from './bench/first-result-section.ts';
import { writeSyntheticPhotos } from './lib/synthetic-photos.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : fallback; };
const IMAGES = option('--images', 200);
const INDEX_SIZES = (() => {
  const i = args.indexOf('--index-sizes');
  const sizes = i >= 0 ? (args[i + 1] ?? '').split(',').map((x) => Number(x.trim().replace(/_/g, ''))) : [1000, 5000];
  if (!sizes.length || sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--index-sizes wants positive whole numbers, e.g. 1000,5000 (got ${args[i + 1]})`);
  return sizes;
})();
const INDEX_SITES = (() => {
  const i = args.indexOf('--index-sites');
  const sites = i >= 0 ? (args[i + 1] ?? '').split(',').map((x) => x.trim().replace(/\/$/, '')) : ['dist', 'dist-clip'];
  if (!sites.length || sites.some((x) => x !== 'dist' && x !== 'dist-clip')) throw new Error(`--index-sites wants dist and/or dist-clip (got ${args[i + 1]})`);
  return sites as IndexSite[];
})();
const SCALE_SIZES = (() => {
  const i = args.indexOf('--scale-sizes');
  const sizes = i >= 0 ? (args[i + 1] ?? '').split(',').map((x) => Number(x.trim().replace(/_/g, ''))) : [10_000, 100_000, 1_000_000];
  if (!sizes.length || sizes.some((n) => !Number.isInteger(n) || n < 100)) throw new Error(`--scale-sizes wants whole numbers ≥ 100, e.g. 10000,100000,1000000 (got ${args[i + 1]})`);
  return sizes;
})();

const listOption = (name: string, fallback: string[]): string[] => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? '').split(',').map((x) => x.trim()).filter(Boolean) : fallback;
};
const STANDIN_DTYPES = (() => {
  const dtypes = listOption('--standin-dtypes', ['q8', 'fp16']);
  if (!dtypes.length || dtypes.some((d) => !['q8', 'fp16', 'fp32'].includes(d))) throw new Error(`--standin-dtypes wants q8, fp16 and/or fp32 (got ${dtypes.join(',')})`);
  return dtypes as StandinDtype[];
})();
const STANDIN_INDEX_SIZES = (() => {
  const raw = listOption('--standin-index-sizes', ['250', '500']);
  const sizes = raw[0] === 'none' ? [] : raw.map((x) => Number(x.replace(/_/g, '')));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--standin-index-sizes wants positive whole numbers, e.g. 250,500, or none (got ${raw.join(',')})`);
  return sizes;
})();

async function main() {
  const photos = await writeSyntheticPhotos(join(tmpdir(), 'image-search-bench', 'photos-640'), IMAGES, 640, 480);
  console.error(`bench: ${photos.length} synthetic 640×480 JPEGs`);
  const node = args.includes('--skip-node') ? undefined : { extraction: await nodeExtraction(photos), queries: await nodeQueries('public/gallery') };
  const browser = args.includes('--skip-browser') ? undefined : await browserSection(photos);
  const clip: ClipFigures[] = [];
  if (!args.includes('--skip-clip')) {
    const some = photos.slice(0, 40);
    clip.push(await nodeClip(some));
    if (!args.includes('--skip-browser')) clip.push(await browserClip(some, false), await browserClip(some, true));
  }
  const indexing: IndexingFigures | undefined = args.includes('--skip-indexing') ? undefined : await indexingSection({ sizes: INDEX_SIZES, sites: INDEX_SITES });
  const scale: ScaleFigures | undefined = args.includes('--skip-scale') ? undefined
    : await scaleSection({ sizes: SCALE_SIZES, browser: !args.includes('--skip-browser'), spectralLimit: option('--scale-spectral-max', 10_000) });
  const standin: StandinFigures | undefined = args.includes('--skip-standin') ? undefined
    : await standinSection({ photos, dtypes: STANDIN_DTYPES, images: Math.min(photos.length, 20), webgpu: !args.includes('--skip-standin-webgpu'), indexSizes: STANDIN_INDEX_SIZES, rebuildSite: args.includes('--rebuild-standin-site') });
  const verify: VerifyFigures | undefined = args.includes('--skip-verify') ? undefined : await verifySection();
  const firstResult: FirstResultFigures | undefined = args.includes('--skip-first-result') || args.includes('--skip-browser') ? undefined : await firstResultSection();
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, browser: browser?.userAgent },
    images: photos.length,
    node,
    browser,
    clip,
    indexing,
    scale,
    standin,
    verify,
    firstResult,
  };
  await mkdir('bench-results', { recursive: true });
  await writeFile('bench-results/bench.json', JSON.stringify(report, null, 2));

  const lines = ['| where | figure | value |', '|---|---|---|'];
  for (const e of node?.extraction ?? []) {
    lines.push(`| Node | ${e.engine}: decode + extract, images/s | ${fmt(e.imagesPerSecond, 0)} (decode ${fmt(e.decode.meanMs)} ms + extract ${fmt(e.extract.meanMs)} ms) |`);
  }
  for (const q of node?.queries ?? []) lines.push(`| Node | query ${q.engine}/${q.measure} over ${q.count} × ${q.dim}, ms (median / p95) | ${fmt(q.query.medianMs)} / ${fmt(q.query.p95Ms)} |`);
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
  if (indexing) lines.push(...indexingRows(indexing));
  if (scale) lines.push(...scaleRows(scale));
  if (standin) lines.push(...standinRows(standin));
  if (verify) lines.push(...verifyRows(verify));
  if (firstResult) lines.push(...firstResultRows(firstResult));
  console.log(lines.join('\n'));
  console.error('bench: wrote bench-results/bench.json');
}

main().catch((e) => {
  console.error(`bench: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
