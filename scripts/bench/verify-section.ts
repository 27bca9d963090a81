/**
 * The "verify matches" section of the bench (scripts/bench/verify-speed.ts alone, or npm run bench).
 * "Verify matches" (src/lib/verify/) in Node: the speed of verifying the top 50 of one query,
 * and how well it tells copies from other photos.
 * - Photos: the JPEGs of DIR (default /usr/share/backgrounds, Debian's lomiri/gnome wallpapers,
 *   when it exists), else N synthetic photos (scripts/lib/synthetic-photos.ts). Each is decoded
 *   as the app decodes a file (scripts/lib/decode-node.ts: shrunk while decoding to a shorter
 *   side of about 224 px, as the browser worker does).
 * - Edits of each photo, made on the raster: crop (70 % of the area), mirror, rotations by
 *   90° / 180°, half size, JPEG quality 30, mirrored crop. Each must verify with the right words;
 *   every pair of different photos must not verify.
 * - Speed: extraction (raster → features) per image; the top 50 verified against a query with
 *   their features cached (the worker's steady state) and cold (features extracted first).
 *   Decoding is not included (the browser's createImageBitmap differs from sharp).
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { syntheticPhoto } from '../lib/synthetic-photos.ts';
import { rgbaToRgb, type RgbRaster } from '../../src/lib/image/raster.ts';
import { resizeArea } from '../../src/lib/image/resize.ts';
import { decodeBytes } from '../lib/decode-node.ts';
import type { TransformWord } from '../../src/lib/verify/classify.ts';
import { cropRaster, mirrorRaster, rotateRaster } from '../../src/lib/verify/edits.ts';
import { DEFAULT_FEATURE_OPTIONS, extractFeatures, type ImageFeatures } from '../../src/lib/verify/features.ts';
import { VERIFY_TOP } from '../../src/lib/verify/rerank.ts';
import { prepareQuery, verifyPair } from '../../src/lib/verify/verify.ts';
import { fmt, summarize } from './stats.ts';

export interface VerifyBenchOptions {
  /** a folder of JPEGs (default /usr/share/backgrounds when it exists; else synthetic photos) */
  readonly dir?: string;
  /** at most this many photos (16) */
  readonly photos?: number;
  /** timed runs of the cached top 50 (20); the cold runs are at most 5 */
  readonly reps?: number;
}

export const DEFAULT_PHOTO_DIR = existsSync('/usr/share/backgrounds') ? '/usr/share/backgrounds' : undefined;

const raw = (bytes: Buffer): Promise<RgbRaster> => decodeBytes(new Uint8Array(bytes));

async function jpeg(img: RgbRaster, quality: number): Promise<RgbRaster> {
  const bytes = await sharp(Buffer.from(img.data), { raw: { width: img.width, height: img.height, channels: 3 } }).jpeg({ quality }).toBuffer();
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  return rgbaToRgb(new Uint8Array(rgbaFrom(data, info.channels)), info.width, info.height);
}
function rgbaFrom(rgb: Buffer, channels: number): Uint8Array {
  if (channels === 4) return new Uint8Array(rgb);
  const out = new Uint8Array((rgb.length / 3) * 4);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) { out[j] = rgb[i]; out[j + 1] = rgb[i + 1]; out[j + 2] = rgb[i + 2]; out[j + 3] = 255; }
  return out;
}

async function photos(DIR: string | undefined, PHOTOS: number): Promise<{ source: string; images: RgbRaster[] }> {
  if (DIR) {
    const files = readdirSync(DIR).filter((f) => /\.jpe?g$/i.test(f)).sort().slice(0, PHOTOS);
    return { source: DIR, images: await Promise.all(files.map(async (f) => raw(await readFile(join(DIR, f))))) };
  }
  return { source: `${PHOTOS} synthetic 640×480 photos`, images: await Promise.all(Array.from({ length: PHOTOS }, async (_, i) => raw(await syntheticPhoto(i + 1)))) };
}

interface Edit { readonly name: string; readonly words: readonly TransformWord[]; make(img: RgbRaster): RgbRaster | Promise<RgbRaster> }
const crop = (img: RgbRaster, f: number, anchor = 0.5) => {
  const w = Math.round(img.width * f), h = Math.round(img.height * f);
  return cropRaster(img, Math.round((img.width - w) * anchor), Math.round((img.height - h) * anchor), w, h);
};
const EDITS: readonly Edit[] = [
  { name: 'crop 70 %', words: ['cropped'], make: (i) => crop(i, Math.sqrt(0.7), 0.3) },
  { name: 'mirror', words: ['mirrored'], make: mirrorRaster },
  { name: 'rotate 90°', words: ['rotated-90'], make: (i) => rotateRaster(i, 1) },
  { name: 'rotate 180°', words: ['rotated-180'], make: (i) => rotateRaster(i, 2) },
  { name: 'half size', words: ['resized'], make: (i) => resizeArea(i, Math.round(i.width / 2), Math.round(i.height / 2)) },
  { name: 'JPEG q30', words: ['same'], make: (i) => jpeg(i, 30) },
  { name: 'mirrored crop', words: ['cropped', 'mirrored'], make: (i) => mirrorRaster(crop(i, 0.85, 0)) },
];

export type VerifyFigures = Awaited<ReturnType<typeof verifySection>>;

export async function verifySection(o: VerifyBenchOptions = {}) {
  const REPS = o.reps ?? 20;
  const { source, images } = await photos(o.dir ?? DEFAULT_PHOTO_DIR, o.photos ?? 16);
  /**
   * Wall time, and the CPU time of this (single-threaded) process: on a machine shared with other
   * work the wall time includes waiting for a core, the CPU time does not.
   */
  const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const cpuSamples: Record<string, number[]> = {};
  const time = <T>(f: () => T, label?: string): [T, number] => {
    const t = performance.now(), c = cpuMs();
    const r = f();
    if (label) (cpuSamples[label] ??= []).push(cpuMs() - c);
    return [r, performance.now() - t];
  };

  // Warm the JIT so the first photo's figures are not its compile time.
  for (let i = 0; i < 3; i++) verifyPair(extractFeatures(images[0]), extractFeatures(images[Math.min(1, images.length - 1)]));

  const extractMs: number[] = [];
  const features: ImageFeatures[] = images.map((img) => { const [f, ms] = time(() => extractFeatures(img), 'extract'); extractMs.push(ms); return f; });

  // Accuracy: every edit of every photo, and every pair of different photos.
  const perEdit: Record<string, { verified: number; named: number; total: number }> = {};
  const editFeatures: ImageFeatures[] = [];
  for (let p = 0; p < images.length; p++) {
    const q = prepareQuery(features[p]);
    for (const e of EDITS) {
      const f = extractFeatures(await e.make(images[p]));
      editFeatures.push(f);
      const v = verifyPair(q, f);
      const s = (perEdit[e.name] ??= { verified: 0, named: 0, total: 0 });
      s.total++;
      if (v.verified) s.verified++;
      if (v.verified && JSON.stringify(v.transform?.words) === JSON.stringify(e.words)) s.named++;
    }
  }
  let falseVerified = 0, pairs = 0;
  for (let a = 0; a < images.length; a++) {
    const q = prepareQuery(features[a]);
    for (let b = 0; b < images.length; b++) if (a !== b) { pairs++; if (verifyPair(q, features[b]).verified) falseVerified++; }
  }

  // Speed: one query against VERIFY_TOP candidates (its own edits and the other photos and theirs).
  const pool = [...editFeatures.slice(0, EDITS.length), ...features.slice(1), ...editFeatures.slice(EDITS.length)];
  const top = Array.from({ length: VERIFY_TOP }, (_, i) => pool[i % pool.length]);
  const topRasters: RgbRaster[] = [];
  for (let i = 0; i < VERIFY_TOP; i++) topRasters.push(i < images.length - 1 ? images[1 + i] : await EDITS[i % EDITS.length].make(images[i % images.length]));
  const cached: number[] = [], cold: number[] = [];
  for (let r = 0; r < REPS; r++) {
    cached.push(time(() => { const q = prepareQuery(features[0]); for (const c of top) verifyPair(q, c); }, 'cached')[1]);
    if (r < Math.min(REPS, 5)) cold.push(time(() => { const q = prepareQuery(extractFeatures(images[0])); for (const img of topRasters) verifyPair(q, extractFeatures(img)); }, 'cold')[1]);
  }

  const keypoints = features.reduce((s, f) => s + f.count, 0) / features.length;
  const result = {
    source, photos: images.length, options: DEFAULT_FEATURE_OPTIONS, keypointsMean: keypoints,
    extractMs: summarize(extractMs), top: VERIFY_TOP, cachedMs: summarize(cached), coldMs: summarize(cold),
    cpuMs: Object.fromEntries(Object.entries(cpuSamples).map(([k, v]) => [k, summarize(v)])), loadAverage: loadavg()[0],
    perEdit, unrelated: { pairs, falseVerified },
  };
  return result;
}

/** Rows of the bench's summary table. */
export function verifyRows(v: VerifyFigures): string[] {
  const named = Object.values(v.perEdit).reduce((s, e) => s + e.named, 0), total = Object.values(v.perEdit).reduce((s, e) => s + e.total, 0);
  return [
    `| Node | verify matches: top ${v.top} with cached features, ms CPU (wall) | **${fmt(v.cpuMs.cached?.medianMs ?? NaN, 1)}** (${fmt(v.cachedMs.medianMs, 1)}) |`,
    `| Node | verify matches: features of one image, ms CPU · top ${v.top} cold, ms CPU | ${fmt(v.cpuMs.extract?.medianMs ?? NaN, 1)} · ${fmt(v.cpuMs.cold?.medianMs ?? NaN, 0)} |`,
    `| Node | verify matches: edited copies named right · different photos verified | ${named}/${total} · ${v.unrelated.falseVerified}/${v.unrelated.pairs} |`,
  ];
}
