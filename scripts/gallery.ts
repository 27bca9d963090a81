/**
 * npm run gallery -- --from DIR [--name NAME] [--title "…"] [--credits FILE] [--vectors FILE.npy [--vector-list FILE]]
 *   builds public/galleries/<name>/ from any folder of images (docs/GALLERIES.md);
 * npm run gallery [-- --if-missing] [--out DIR] [--limit N] [--models DIR] [--model ID] [--clip-dtype q8|fp16|fp32]
 * Builds public/gallery/ from the emoji images in the npm packages emoji-datasource-google
 * (Noto Emoji, Apache-2.0) and emoji-datasource-twitter (Twemoji, CC-BY-4.0): images, a
 * manifest, and one versioned vector file per engine (docs/FORMAT.md). When the CLIP model
 * (public/models/<model-id>/, see docs/MODELS.md) is present, CLIP vectors are written too.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { allEngines } from '../src/lib/engines/registry.ts';
import { IVF_VERSION } from '../src/lib/ann/ivf.ts';
import { parseManifest, type GalleryEngineFile, type GalleryManifest } from '../src/lib/gallery/manifest.ts';
import type { ClipDtype } from '../src/lib/engines/clip/device.ts';
import { CLIP_VECTORS_VERSION } from '../src/lib/engines/clip/query.ts';
import { emojiItems, publicSources } from './gallery/emoji-sources.ts';
import type { RgbRaster } from '../src/lib/image/raster.ts';
import { DEFAULT_CLIP_MODEL, loadNodeClip, resolveModel } from './lib/clip-node.ts';
import { decodeFile } from './lib/decode-node.ts';
import { mapLimit } from './lib/pool.ts';
import { writeVectors } from './gallery/write-vectors.ts';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const OUT = option('--out') ?? 'public/gallery';
const LIMIT = Number(option('--limit') ?? Infinity);
const CLIP = resolveModel(option('--model') ?? DEFAULT_CLIP_MODEL, option('--models') ?? 'public/models');
const CLIP_DTYPE = (option('--clip-dtype') ?? 'q8') as ClipDtype;

async function upToDate(): Promise<boolean> {
  try {
    const m = parseManifest(JSON.parse(await readFile(join(OUT, 'manifest.json'), 'utf8')));
    const fresh = (e: GalleryEngineFile | undefined, version: number) =>
      e?.version === version && existsSync(join(OUT, e.file)) && (e.dtype === 'u8' || (e.ivf?.version === IVF_VERSION && existsSync(join(OUT, e.ivf.file))));
    const clipFresh = CLIP ? fresh(m.engines.clip, CLIP_VECTORS_VERSION) && m.engines.clip?.model === CLIP.modelId : !m.engines.clip;
    return clipFresh && allEngines().every((e) => fresh(m.engines[e.id], e.version));
  } catch {
    return false;
  }
}

async function clipVectors(rasters: readonly RgbRaster[]): Promise<GalleryEngineFile | undefined> {
  if (!CLIP) {
    console.error(`gallery: no CLIP model at public/models/${DEFAULT_CLIP_MODEL}; skipping CLIP vectors (npm run models to get it)`);
    return undefined;
  }
  const t0 = performance.now();
  const encoder = await loadNodeClip(CLIP.modelsDir, CLIP.modelId, CLIP_DTYPE);
  const rows = new Float32Array(rasters.length * encoder.dim);
  const BATCH = 16;
  for (let i = 0; i < rasters.length; i += BATCH) {
    (await encoder.embedImages(rasters.slice(i, i + BATCH))).forEach((v, j) => rows.set(v, (i + j) * encoder.dim));
    if ((i / BATCH) % 16 === 15 || i + BATCH >= rasters.length) process.stderr.write(`\rgallery: clip ${Math.min(i + BATCH, rasters.length)}/${rasters.length}`);
  }
  process.stderr.write('\n');
  console.error(`gallery: clip (${CLIP.modelId}, ${CLIP_DTYPE}) ${((performance.now() - t0) / rasters.length).toFixed(1)} ms/image`);
  await encoder.dispose();
  return writeVectors(OUT, 'clip', CLIP_VECTORS_VERSION, encoder.dim, rows, CLIP.modelId);
}

async function main() {
  if (option('--from')) {
    const { folderGalleryFromArgs } = await import('./gallery/cli.ts');
    await folderGalleryFromArgs(option, CLIP ? { ...CLIP, dtype: CLIP_DTYPE } : undefined);
    return;
  }
  if (flag('--if-missing') && (await upToDate())) {
    console.error(`gallery: ${OUT} is up to date`);
    return;
  }
  const t0 = performance.now();
  await rm(OUT, { recursive: true, force: true });
  await mkdir(join(OUT, 'vectors'), { recursive: true });

  const all = emojiItems();
  const items = all.slice(0, Math.min(all.length, LIMIT));
  const engines = allEngines();
  const vectors = new Map(engines.map((e) => [e.id, new Float32Array(items.length * e.dim)]));
  // The emoji are 64 px: keeping their rasters for the CLIP pass costs ~50 MB and saves a second decode.
  const rasters: RgbRaster[] = [];
  let done = 0;
  await mapLimit(items, 8, async (item, i) => {
    const raster = await decodeFile(item.path);
    if (CLIP) rasters[i] = raster;
    for (const e of engines) vectors.get(e.id)!.set(e.extract(raster), i * e.dim);
    await mkdir(dirname(join(OUT, item.file)), { recursive: true });
    await copyFile(item.path, join(OUT, item.file));
    if (++done % 250 === 0 || done === items.length) process.stderr.write(`\rgallery: ${done}/${items.length} images`);
  });
  process.stderr.write('\n');

  const engineFiles: GalleryManifest['engines'] = {};
  for (const e of engines) engineFiles[e.id] = await writeVectors(OUT, e.id, e.version, e.dim, vectors.get(e.id)!);
  const clip = await clipVectors(rasters);
  if (clip) engineFiles.clip = clip;

  const manifest: GalleryManifest = {
    formatVersion: 1,
    title: 'Emoji demo gallery',
    items: items.map(({ path: _path, ...item }) => item),
    sources: publicSources(),
    engines: engineFiles,
  };
  await writeFile(join(OUT, 'manifest.json'), JSON.stringify(manifest));
  console.error(`gallery: ${items.length} images, engines ${Object.entries(engineFiles).map(([id, e]) => `${id}(${e!.dim}d)`).join(', ')} → ${OUT} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

main().catch((e) => {
  console.error(`gallery: ${(e as Error).message}`);
  process.exit(1);
});
