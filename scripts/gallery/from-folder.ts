/**
 * A gallery from any folder of images (npm run gallery -- --from DIR, docs/GALLERIES.md):
 * display-size images and thumbnails, the manifest, one vector file per engine with its IVF
 * index, CLIP vectors when a model is present (or imported with --vectors). Unreadable files are
 * reported with their reason and left out; a build cache keyed by content hash means a rebuild
 * embeds only new or changed images.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import type { ClipDtype } from '../../src/lib/engines/clip/device.ts';
import type { ClipEncoder } from '../../src/lib/engines/clip/encoder.ts';
import { CLIP_VECTORS_VERSION } from '../../src/lib/engines/clip/query.ts';
import { allEngines } from '../../src/lib/engines/registry.ts';
import type { Credits } from '../../src/lib/gallery/credits.ts';
import type { GalleryItem, GalleryManifest } from '../../src/lib/gallery/manifest.ts';
import { isImageError } from '../../src/lib/image/errors.ts';
import type { RgbRaster } from '../../src/lib/image/raster.ts';
import { loadNodeClip } from '../lib/clip-node.ts';
import { decodeBytes } from '../lib/decode-node.ts';
import { listFiles } from '../lib/image-files.ts';
import { mapLimit } from '../lib/pool.ts';
import { BuildCache } from './build-cache.ts';
import { displayName, placeOf } from './folder-items.ts';
import { Progress } from './progress.ts';
import { checkImportedVectors, readImportedVectors } from './import-vectors.ts';
import { writeVectors } from './write-vectors.ts';

export const DISPLAY_LONG_SIDE = 1600;
export const THUMB_LONG_SIDE = 320;

export interface FolderBuildOptions {
  readonly from: string;
  readonly out: string;
  readonly name: string;
  readonly title: string;
  readonly credits?: Credits;
  /** files of the source folder to leave out (e.g. the credits file itself), relative paths */
  readonly exclude?: readonly string[];
  readonly clip?: { readonly modelsDir: string; readonly modelId: string; readonly dtype: ClipDtype };
  /** precomputed CLIP image embeddings: a .npy and the list of files in the same order */
  readonly vectors?: { readonly npy: string; readonly list: string };
  /** the model the imported vectors stand for, when its folder is not present */
  readonly vectorsModel?: string;
  readonly cacheFile: string;
  /** progress and report lines (stdout by default) */
  readonly log?: (line: string) => void;
}

export interface FolderBuildReport {
  readonly items: number;
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
  /** images whose vectors were computed by this build (not taken from the cache) */
  readonly embedded: number;
  readonly clipEmbedded: number;
  readonly clipImported: number;
  readonly engines: readonly string[];
}

interface Prepared {
  readonly rel: string;
  readonly hash: string;
  readonly vectors: Map<string, Float32Array>;
  /** kept only while its CLIP vector is missing */
  raster?: RgbRaster;
}

const engineKey = (id: string, version: number) => `${id}@${version}`;
const clipKey = (modelId: string, dtype: string) => `clip:${modelId}:${dtype}@${CLIP_VECTORS_VERSION}`;

async function writeJpeg(bytes: Uint8Array, longSide: number, path: string): Promise<void> {
  if (existsSync(path)) return;
  await sharp(bytes, { limitInputPixels: 130_000_000, animated: false })
    .rotate()
    .resize(longSide, longSide, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .jpeg({ quality: longSide > THUMB_LONG_SIDE ? 85 : 78, mozjpeg: true })
    .toFile(path);
}

export async function buildFolderGallery(o: FolderBuildOptions): Promise<FolderBuildReport> {
  const log = o.log ?? ((l: string) => console.log(l));
  const from = resolve(o.from);
  const engines = allEngines();
  const cache = new BuildCache(o.cacheFile);
  await cache.load();
  await mkdir(join(o.out, 'images'), { recursive: true });
  await mkdir(join(o.out, 'thumbs'), { recursive: true });
  await mkdir(join(o.out, 'vectors'), { recursive: true });

  const exclude = new Set(o.exclude ?? []);
  const files = (await listFiles(from)).map((f) => f.split('\\').join('/')).filter((f) => !exclude.has(f));
  log(`gallery: ${files.length} files in ${o.from}`);
  const skipped: { file: string; reason: string }[] = [];
  const prepared: (Prepared | undefined)[] = new Array(files.length);
  const ck = o.clip ? clipKey(o.clip.modelId, o.clip.dtype) : undefined;
  let embedded = 0;
  const progress = new Progress('gallery: images', files.length, log);

  await mapLimit(files, 2, async (rel, i) => {
    try {
      let bytes: Uint8Array;
      try { bytes = await readFile(join(from, rel)); } catch (e) { throw new Error(`cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { cause: e }); }
      const hash = createHash('sha256').update(bytes).digest('hex');
      const vectors = new Map<string, Float32Array>();
      for (const e of engines) {
        const v = cache.get(hash, engineKey(e.id, e.version));
        if (v) vectors.set(e.id, v);
      }
      const clipCached = ck ? cache.get(hash, ck) : undefined;
      if (clipCached) vectors.set('clip', clipCached);
      const needsEngines = engines.some((e) => !vectors.has(e.id));
      const needsClip = !!ck && !clipCached && !o.vectors;
      const stem = hash.slice(0, 20);
      const displayMissing = !existsSync(join(o.out, 'images', `${stem}.jpg`)) || !existsSync(join(o.out, 'thumbs', `${stem}.jpg`));
      let raster: RgbRaster | undefined;
      if (needsEngines || needsClip || displayMissing) {
        // The browser's own checks: content sniffing, size limits, EXIF orientation.
        raster = await decodeBytes(bytes, rel);
        await writeJpeg(bytes, DISPLAY_LONG_SIDE, join(o.out, 'images', `${stem}.jpg`));
        await writeJpeg(bytes, THUMB_LONG_SIDE, join(o.out, 'thumbs', `${stem}.jpg`));
      }
      if (needsEngines && raster) {
        for (const e of engines) {
          const v = e.extract(raster);
          vectors.set(e.id, v);
          cache.set(hash, engineKey(e.id, e.version), v);
        }
        embedded++;
      }
      // Duplicate content in two places: one entry per file, same vectors.
      prepared[i] = { rel, hash, vectors, ...(needsClip ? { raster } : {}) };
    } catch (e) {
      const message = isImageError(e) ? e.message : (e as Error).message.split("\n")[0];
      const reason = message.startsWith(`${rel}: `) ? message.slice(rel.length + 2) : message;
      skipped.push({ file: rel, reason });
    } finally {
      progress.tick();
    }
  });

  const kept = prepared.filter((p): p is Prepared => !!p);
  const engineFiles: GalleryManifest['engines'] = {};
  if (kept.length > 0) {
    for (const e of engines) {
      const rows = new Float32Array(kept.length * e.dim);
      kept.forEach((p, i) => rows.set(p.vectors.get(e.id)!, i * e.dim));
      engineFiles[e.id] = await writeVectors(o.out, e.id, e.version, e.dim, rows);
    }
  }

  let clipEmbedded = 0, clipImported = 0;
  if (kept.length > 0 && (o.clip || o.vectors)) {
    let encoder: ClipEncoder | undefined;
    const encoderFor = async () => (encoder ??= o.clip ? await loadNodeClip(o.clip.modelsDir, o.clip.modelId, o.clip.dtype) : undefined);
    try {
      let modelId = o.clip?.modelId;
      if (o.vectors) {
        const imported = await readImportedVectors(o.vectors.npy, o.vectors.list, from);
        const checked = await checkImportedVectors(imported, kept.map((p) => p.rel), await encoderFor(), from, o.clip?.modelId ?? o.vectorsModel, log);
        modelId = checked.modelId;
        for (const p of kept) {
          const v = checked.byFile.get(p.rel);
          if (v) { p.vectors.set('clip', v); clipImported++; }
        }
        // Images the file list does not cover are embedded here (a model is then required).
        for (const p of kept) if (!p.vectors.has('clip')) p.raster = await decodeBytes(await readFile(join(from, p.rel)), p.rel);
      }
      const missing = kept.filter((p) => !p.vectors.has('clip'));
      if (missing.length) {
        const enc = await encoderFor();
        if (!enc) throw new Error(`${missing.length} images have no vector in ${o.vectors?.list} and no CLIP model is present to embed them (first: ${missing[0].rel})`);
        const clipProgress = new Progress('gallery: clip', missing.length, log);
        const BATCH = 8;
        for (let i = 0; i < missing.length; i += BATCH) {
          const batch = missing.slice(i, i + BATCH);
          (await enc.embedImages(batch.map((p) => p.raster!))).forEach((v, j) => {
            batch[j].vectors.set('clip', v);
            if (ck && !o.vectors) cache.set(batch[j].hash, ck, v);
          });
          clipEmbedded += batch.length;
          clipProgress.tick(batch.length);
        }
      }
      const dim = kept[0].vectors.get('clip')!.length;
      const rows = new Float32Array(kept.length * dim);
      kept.forEach((p, i) => rows.set(p.vectors.get('clip')!, i * dim));
      engineFiles.clip = await writeVectors(o.out, 'clip', CLIP_VECTORS_VERSION, dim, rows, modelId);
    } finally {
      await encoder?.dispose();
    }
  } else if (!o.clip) {
    log('gallery: no CLIP model present: the gallery has no CLIP vectors (text search needs them; docs/GALLERIES.md)');
  }

  const rootCategory = o.title;
  const items: GalleryItem[] = kept.map((p) => {
    const place = placeOf(p.rel, rootCategory);
    const credit = o.credits?.files.get(p.rel);
    const stem = p.hash.slice(0, 20);
    return {
      id: p.rel, file: `images/${stem}.jpg`, thumb: `thumbs/${stem}.jpg`,
      name: displayName(place, credit), category: place.category, subcategory: place.subcategory,
      source: o.name, ...(credit && Object.keys(credit).length ? { credit } : {}),
    };
  });
  const gallery = o.credits?.gallery;
  const manifest: GalleryManifest = {
    formatVersion: 1, title: o.title, items, sources: {}, engines: engineFiles, ...(gallery ? { credit: gallery } : {}),
  };
  await writeFile(join(o.out, 'manifest.json'), JSON.stringify(manifest));

  // Images of photos no longer in the folder go; the cache keeps only what is still there.
  const live = new Set(kept.map((p) => `${p.hash.slice(0, 20)}.jpg`));
  for (const dir of ['images', 'thumbs']) {
    for (const f of await readdir(join(o.out, dir))) if (!live.has(f)) await rm(join(o.out, dir, f), { force: true });
  }
  await cache.save(new Set(kept.map((p) => p.hash)));

  skipped.sort((a, b) => a.file.localeCompare(b.file));
  for (const s of skipped) log(`gallery: skipped ${s.file}: ${s.reason}`);
  for (const w of o.credits?.warnings ?? []) log(`gallery: credits: ${w}`);
  const unmatched = [...(o.credits?.files.keys() ?? [])].filter((f) => !kept.some((p) => p.rel === f));
  if (unmatched.length) log(`gallery: credits: ${unmatched.length} rows name no image of the gallery (first: ${unmatched[0]})`);
  log(`gallery: ${kept.length} images (${embedded} embedded, ${kept.length - embedded} from the cache${clipEmbedded ? `, ${clipEmbedded} CLIP-embedded` : ''}${clipImported ? `, ${clipImported} CLIP vectors imported` : ''}), ${skipped.length} skipped → ${o.out}`);
  return { items: kept.length, skipped, embedded, clipEmbedded, clipImported, engines: Object.keys(engineFiles) };
}
