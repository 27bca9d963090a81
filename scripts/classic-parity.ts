/**
 * npx tsx scripts/classic-parity.ts DIR... [--limit N] [--port P] [--engine classic|pixels]
 *
 * Browser/Node parity of an engine's vectors over many files: every image under the DIRs
 * (recursive; jpg/jpeg/png/webp/gif) is embedded by the built app's real embed worker in headless
 * Chromium (createImageBitmap decode, window.imageSearch.embed) and in Node (sharp decode,
 * scripts/lib/decode-node.ts), and the two vectors are compared by cosine. Prints the count, the
 * min / mean / 1st-percentile cosine, how many are below 0.999 and 0.99, and the worst files.
 * Needs `npm run build` (serves dist/ on --port, default $APP_PORT or 4173).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from './lib/chromium.ts';
import { decodeBytes } from './lib/decode-node.ts';
import { listFiles } from './lib/image-files.ts';
import { startPreview } from './bench/browser-section.ts';
import { stopTree } from './bench/proc.ts';
import { getEngine } from '../src/lib/engines/registry.ts';
import type { EngineId } from '../src/lib/engines/types.ts';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const dirs = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const LIMIT = Number(option('--limit') ?? Infinity);
const PORT = Number(option('--port') ?? process.env.APP_PORT ?? 4173);
const ENGINE = (option('--engine') ?? 'classic') as EngineId;

async function listImages(dir: string): Promise<string[]> {
  return (await listFiles(dir)).filter((f) => /\.(jpe?g|png|webp|gif)$/i.test(f)).map((f) => join(dir, f));
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) { ab += a[i] * b[i]; aa += a[i] * a[i]; bb += b[i] * b[i]; }
  return aa === 0 && bb === 0 ? 1 : aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}

async function main() {
  if (!dirs.length) throw new Error('usage: npx tsx scripts/classic-parity.ts DIR... [--limit N] [--port P] [--engine classic|pixels]');
  const files = (await Promise.all(dirs.map(listImages))).flat().slice(0, LIMIT);
  const engine = getEngine(ENGINE);
  const server = await startPreview('dist', PORT);
  const browser = await chromium.launch({ ...chromiumLaunchOptions, headless: true });
  const rows: { file: string; cosine: number }[] = [];
  try {
    // No service worker: its one-time reload (cross-origin isolation) would interrupt the page.
    const page = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await page.waitForFunction(() => 'imageSearch' in window);
    for (const file of files) {
      const bytes = await readFile(file);
      let node: Float32Array;
      try {
        node = engine.extract(await decodeBytes(bytes, file));
      } catch (e) {
        console.error(`skipped ${file}: ${(e as Error).message}`);
        continue;
      }
      const got = await page.evaluate(async ({ b64, name, id }) => {
        const buf = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)).buffer;
        return (await window.imageSearch.embed(buf, name))[id as 'classic'];
      }, { b64: bytes.toString('base64'), name: file, id: ENGINE });
      rows.push({ file, cosine: cosine(got, node) });
      if (rows.length % 100 === 0) process.stderr.write(`\r${rows.length}/${files.length}`);
    }
  } finally {
    await browser.close();
    await stopTree(server);
  }
  process.stderr.write('\n');
  const cos = rows.map((r) => r.cosine).sort((a, b) => a - b);
  const mean = cos.reduce((s, x) => s + x, 0) / Math.max(1, cos.length);
  console.log(`${ENGINE} browser vs Node over ${rows.length} images (${dirs.join(', ')})`);
  console.log(`cosine min ${cos[0]?.toFixed(5)}  p1 ${cos[Math.floor(cos.length * 0.01)]?.toFixed(5)}  mean ${mean.toFixed(5)}`);
  console.log(`below 0.999: ${cos.filter((c) => c < 0.999).length}   below 0.99: ${cos.filter((c) => c < 0.99).length}`);
  for (const r of [...rows].sort((a, b) => a.cosine - b.cosine).slice(0, 5)) console.log(`  ${r.cosine.toFixed(5)}  ${r.file}`);
}

main().catch((e) => {
  console.error(`classic-parity: ${(e as Error).message}`);
  process.exit(1);
});
