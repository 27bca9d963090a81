/**
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
import { encodeVectors, type VectorDtype } from '../src/lib/format/vectors.ts';
import { buildIvf, encodeIvf, IVF_VERSION } from '../src/lib/ann/ivf.ts';
import { parseManifest, type GalleryEngineFile, type GalleryIndexFile, type GalleryManifest } from '../src/lib/gallery/manifest.ts';
import type { ClipDtype } from '../src/lib/clip/encoder.ts';
import { CLIP_VECTORS_VERSION } from '../src/lib/clip/query.ts';
import { emojiItems, publicSources } from './gallery/emoji-sources.ts';
import type { RgbRaster } from '../src/lib/image/raster.ts';
import { DEFAULT_CLIP_MODEL, loadNodeClip, resolveModel } from './lib/clip-node.ts';
import { decodeFile } from './lib/decode-node.ts';
import { mapLimit } from './lib/pool.ts';
import { storageRecall } from './lib/storage-check.ts';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const OUT = option('--out') ?? 'public/gallery';
const LIMIT = Number(option('--limit') ?? Infinity);
const CLIP = resolveModel(option('--model') ?? DEFAULT_CLIP_MODEL, option('--models') ?? 'public/models');
const CLIP_DTYPE = (option('--clip-dtype') ?? 'q8') as ClipDtype;
/** Version of the clip vector layout (pre-processing + storage); the model id is recorded beside it. */

/** Byte vectors where values are naturally 8-bit (raw pixels), f32 for classic, f16 for CLIP. */
/**
 * Raw pixels are bytes by nature (u8). Every other engine ships the most compact storage that
 * keeps recall@10 ≥ 0.99 of float32 on this very gallery, measured at build time: int8 with a
 * per-vector scale, else float16, else float32.
 */
const MIN_RECALL = 0.99;

function chooseDtype(engine: string, rows: Float32Array, dim: number): { dtype: VectorDtype; recall?: Record<string, number> } {
  if (engine === 'pixels') return { dtype: 'u8' };
  const recall: Record<string, number> = {};
  for (const dtype of ['i8', 'f16'] as const) {
    recall[dtype] = storageRecall(rows, dim, dtype);
    if (recall[dtype] >= MIN_RECALL) return { dtype, recall };
  }
  return { dtype: 'f32', recall };
}

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

/**
 * The IVF index of a cosine engine's vectors (float32, before storage), so the app's IVF mode
 * does not build it on first use. Deterministic (fixed seed).
 */
async function writeIvf(engine: string, rows: Float32Array, dim: number): Promise<GalleryIndexFile> {
  const t0 = performance.now();
  const index = buildIvf({ kind: 'f32', dim, count: rows.length / dim, data: rows }, { seed: 1 });
  const bytes = encodeIvf(index);
  const file = `vectors/${engine}.ivf`;
  await writeFile(join(OUT, file), bytes);
  console.error(`gallery: ${engine} IVF index, ${index.nlist} lists, ${bytes.length} bytes in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { file, version: IVF_VERSION, nlist: index.nlist, bytes: bytes.length };
}

async function writeVectors(engine: string, version: number, dim: number, rows: Float32Array, model?: string): Promise<GalleryEngineFile> {
  const { dtype, recall } = chooseDtype(engine, rows, dim);
  if (recall) console.error(`gallery: ${engine} stored as ${dtype} (recall@10 of float32: ${Object.entries(recall).map(([d, r]) => `${d} ${r.toFixed(4)}`).join(', ')})`);
  const bytes = encodeVectors({ engine, engineVersion: version, dim, dtype }, rows);
  const ivf = engine === 'pixels' ? undefined : await writeIvf(engine, rows, dim);
  const file = `vectors/${engine}.ivec`;
  await writeFile(join(OUT, file), bytes);
  return { file, version, dim, dtype, bytes: bytes.length, ...(model ? { model } : {}), ...(ivf ? { ivf } : {}) };
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
  return writeVectors('clip', CLIP_VECTORS_VERSION, encoder.dim, rows, CLIP.modelId);
}

async function main() {
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
  for (const e of engines) engineFiles[e.id] = await writeVectors(e.id, e.version, e.dim, vectors.get(e.id)!);
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
