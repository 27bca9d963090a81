/**
 * Folders of synthetic "photos" at real-world sizes for the indexing benchmark: JPEGs whose longer
 * side is spread evenly over 640–4000 px, in mixed aspect ratios (4:3, 3:2, 16:9, 1:1, 5:4), a
 * third of them portrait. Deterministic: the same seed always gives the same bytes.
 *
 * Rendering thousands of 12-MP images would take longer than indexing them, so a pool of distinct
 * images (250 by default) is made once and cached under os.tmpdir()/image-search-bench/; an
 * N-image folder is then N hard links into the pool (copies where linking fails) with unique names
 * in a few subfolders. The indexer reads every file, and nothing in it deduplicates by content, so
 * a repeated image costs what a new one costs.
 *
 * The look follows scripts/lib/synthetic-photos.ts (sky-to-ground gradient, soft ellipses, fine
 * noise), but the noise is sharp's Gaussian noise blended over the upscaled picture instead of
 * librsvg's feTurbulence (12 s for one 4000×3000 image): every pixel differs, so the JPEGs are as
 * large and as costly to decode as camera photos of the same size (3–4 MB at 12 MP, q85).
 */
import { existsSync } from 'node:fs';
import { copyFile, link, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { seededRandom } from './synthetic-photos.ts';

export const MIN_LONG_SIDE = 640;
export const MAX_LONG_SIDE = 4000;
/** bump when the images change, so an old cached pool is made again */
const POOL_VERSION = 1;
const ASPECTS = [4 / 3, 3 / 2, 16 / 9, 1, 5 / 4] as const;
const NOISE_SIDE = MAX_LONG_SIDE;

export const benchCacheDir = (): string => join(tmpdir(), 'image-search-bench');

export interface PhotoSpec {
  /** file name inside the pool */
  readonly name: string;
  readonly seed: number;
  readonly width: number;
  readonly height: number;
}

export interface PoolPhoto extends PhotoSpec {
  readonly path: string;
  readonly bytes: number;
}

export interface SizeBucket {
  /** e.g. "640–1000 px" (longer side) */
  readonly range: string;
  readonly count: number;
}

export interface SizedFolder {
  /** the folder to hand to the app; its name is the collection's name */
  readonly dir: string;
  readonly files: number;
  readonly subfolders: number;
  readonly distinctImages: number;
  readonly totalBytes: number;
  readonly megapixels: { readonly mean: number; readonly total: number };
  /** longer side, in buckets */
  readonly longSide: readonly SizeBucket[];
  readonly portrait: number;
  /** how the files were made: hard links into the pool, or copies */
  readonly linked: 'hard links' | 'copies' | 'mixed';
}

/**
 * The pool's sizes: longer sides evenly spaced from 640 to 4000 px (both ends included), each with
 * an aspect ratio and orientation from the seed, in a seeded shuffled order so that any prefix of
 * the pool (a small folder) still spans the whole range.
 */
export function poolSpecs(count: number, seed = 1): PhotoSpec[] {
  const r = seededRandom(seed * 7919 + 17);
  const specs = Array.from({ length: count }, (_, i) => {
    const long = Math.round(MIN_LONG_SIDE + ((MAX_LONG_SIDE - MIN_LONG_SIDE) * i) / Math.max(1, count - 1));
    const aspect = ASPECTS[Math.floor(r() * ASPECTS.length)];
    const short = Math.round(long / aspect);
    const portrait = r() < 1 / 3;
    return { long, short, portrait };
  });
  for (let i = specs.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [specs[i], specs[j]] = [specs[j], specs[i]];
  }
  return specs.map((s, i) => ({
    name: `pool-${String(i).padStart(4, '0')}-${s.portrait ? s.short : s.long}x${s.portrait ? s.long : s.short}.jpg`,
    seed: seed * 100_000 + i + 1,
    width: s.portrait ? s.short : s.long,
    height: s.portrait ? s.long : s.short,
  }));
}

/** Gradient and soft shapes as SVG (no noise), at a small size: it is upscaled, like a soft photo. */
function baseSvg(seed: number, width: number, height: number): string {
  const r = seededRandom(seed);
  const hue = () => Math.floor(r() * 360);
  const shapes = Array.from({ length: 12 }, () => {
    const cx = r() * width, cy = r() * height, rx = 4 + (r() * width) / 4, ry = 4 + (r() * height) / 4;
    return `<ellipse cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" rx="${rx.toFixed(1)}" ry="${ry.toFixed(1)}" fill="hsl(${hue()},${Math.round(40 + r() * 50)}%,${Math.round(30 + r() * 50)}%)" fill-opacity="${(0.4 + r() * 0.6).toFixed(2)}"/>`;
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="hsl(${hue()},60%,70%)"/><stop offset="1" stop-color="hsl(${hue()},40%,30%)"/>
    </linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>${shapes}</svg>`;
}

let noiseTile: Promise<Buffer> | undefined;
/** One 4000×4000 grey Gaussian-noise tile (raw, 1 channel), made once and cropped per image. */
function noise(): Promise<Buffer> {
  noiseTile ??= sharp({ create: { width: NOISE_SIDE, height: NOISE_SIDE, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 16 } } })
    .extractChannel(0)
    .raw()
    .toBuffer();
  return noiseTile;
}

/** One sized photo as JPEG bytes. */
export async function sizedPhoto(spec: Pick<PhotoSpec, 'seed' | 'width' | 'height'>, quality = 85): Promise<Buffer> {
  const { seed, width, height } = spec;
  const scale = Math.min(1, 480 / Math.max(width, height));
  const bw = Math.max(8, Math.round(width * scale)), bh = Math.max(8, Math.round(height * scale));
  const base = await sharp(Buffer.from(baseSvg(seed, bw, bh))).removeAlpha().resize(width, height, { fit: 'fill', kernel: 'cubic' }).raw().toBuffer();
  const r = seededRandom(seed ^ 0x5bd1e995);
  const left = Math.floor(r() * (NOISE_SIDE - width + 1)), top = Math.floor(r() * (NOISE_SIDE - height + 1));
  const grain = await sharp(await noise(), { raw: { width: NOISE_SIDE, height: NOISE_SIDE, channels: 1 } })
    .extract({ left, top, width, height })
    .toColourspace('srgb')
    .raw()
    .toBuffer();
  return sharp(base, { raw: { width, height, channels: 3 } })
    .composite([{ input: grain, raw: { width, height, channels: 3 }, blend: 'overlay' }])
    .jpeg({ quality })
    .toBuffer();
}

interface PoolManifest {
  version: number;
  seed: number;
  photos: { name: string; width: number; height: number; bytes: number }[];
}

/**
 * The cached pool of `count` distinct sized photos (made on first use; about 1–2 s per 12-MP
 * image). Returns them in pool order.
 */
export async function ensurePhotoPool(count = 250, options: { seed?: number; dir?: string; log?: (line: string) => void } = {}): Promise<PoolPhoto[]> {
  const seed = options.seed ?? 1;
  const dir = options.dir ?? join(benchCacheDir(), `sized-pool-v${POOL_VERSION}-s${seed}-n${count}`);
  const log = options.log ?? ((line: string) => console.error(line));
  const specs = poolSpecs(count, seed);
  const manifestPath = join(dir, 'pool.json');
  if (existsSync(manifestPath)) {
    try {
      const m = JSON.parse(await readFile(manifestPath, 'utf8')) as PoolManifest;
      if (m.version === POOL_VERSION && m.seed === seed && m.photos.length === count) {
        const photos = await Promise.all(specs.map(async (s, i) => {
          const path = join(dir, s.name);
          const bytes = (await stat(path)).size;
          if (m.photos[i].name !== s.name || m.photos[i].bytes !== bytes) throw new Error(`pool file ${s.name} changed`);
          return { ...s, path, bytes };
        }));
        return photos;
      }
    } catch { /* made again below */ }
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const t0 = performance.now();
  const photos: PoolPhoto[] = new Array(count);
  let next = 0, made = 0;
  const work = async () => {
    for (let i = next++; i < count; i = next++) {
      const s = specs[i];
      const bytes = await sizedPhoto(s);
      const path = join(dir, s.name);
      await writeFile(path, bytes);
      photos[i] = { ...s, path, bytes: bytes.length };
      if (++made % 25 === 0 || made === count) log(`sized photos: ${made}/${count} pool images (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
  };
  await Promise.all([work(), work()]);
  const manifest: PoolManifest = { version: POOL_VERSION, seed, photos: photos.map((p) => ({ name: p.name, width: p.width, height: p.height, bytes: p.bytes })) };
  await writeFile(manifestPath, JSON.stringify(manifest));
  return photos;
}

const BUCKETS = [640, 1000, 1600, 2400, 3200, MAX_LONG_SIDE + 1];

/** Longer sides in buckets, plus bytes and megapixels, of the files of a folder. */
export function describeSizes(photos: readonly Pick<PoolPhoto, 'width' | 'height' | 'bytes'>[]): Pick<SizedFolder, 'totalBytes' | 'megapixels' | 'longSide' | 'portrait'> {
  const longSide = BUCKETS.slice(0, -1).map((lo, i) => {
    const hi = BUCKETS[i + 1];
    const count = photos.filter((p) => Math.max(p.width, p.height) >= lo && Math.max(p.width, p.height) < hi).length;
    return { range: `${lo}–${i === BUCKETS.length - 2 ? MAX_LONG_SIDE : hi - 1} px`, count };
  });
  const mp = photos.map((p) => (p.width * p.height) / 1e6);
  const total = mp.reduce((a, b) => a + b, 0);
  return {
    totalBytes: photos.reduce((a, p) => a + p.bytes, 0),
    megapixels: { mean: total / Math.max(1, photos.length), total },
    longSide,
    portrait: photos.filter((p) => p.height > p.width).length,
  };
}

/**
 * An N-image folder `<root>/photos-<N>/<subfolder>/IMG_<i>.jpg`: file i is pool image i mod pool
 * size, hard-linked (or copied). Made again on every call (linking is cheap), so no stale file
 * from an earlier layout is left.
 */
export async function makeSizedFolder(count: number, options: { pool?: number; subfolders?: number; root?: string; log?: (line: string) => void } = {}): Promise<SizedFolder> {
  const pool = await ensurePhotoPool(options.pool ?? 250, { log: options.log });
  const subfolders = options.subfolders ?? 5;
  const dir = join(options.root ?? join(benchCacheDir(), 'folders'), `photos-${count}`);
  await rm(dir, { recursive: true, force: true });
  const subs = Array.from({ length: subfolders }, (_, i) => `${2019 + i}`);
  for (const s of subs) await mkdir(join(dir, s), { recursive: true });
  let links = 0, copies = 0;
  const used: PoolPhoto[] = [];
  for (let i = 0; i < count; i++) {
    const src = pool[i % pool.length];
    const dest = join(dir, subs[i % subfolders], `IMG_${String(i + 1).padStart(5, '0')}.jpg`);
    try {
      await link(src.path, dest);
      links++;
    } catch {
      await copyFile(src.path, dest);
      copies++;
    }
    used.push(src);
  }
  const listed = (await Promise.all(subs.map((s) => readdir(join(dir, s))))).flat().length;
  if (listed !== count) throw new Error(`sized photos: ${dir} holds ${listed} files, not ${count}`);
  return {
    dir,
    files: count,
    subfolders,
    distinctImages: Math.min(count, pool.length),
    ...describeSizes(used),
    linked: copies === 0 ? 'hard links' : links === 0 ? 'copies' : 'mixed',
  };
}

/** "1,000 files, 1.2 GB; longer side 640–999 px: 70 · …; 333 portrait" */
export function sizedFolderSummary(f: SizedFolder): string {
  const gb = f.totalBytes >= 1e9 ? `${(f.totalBytes / 1e9).toFixed(2)} GB` : `${(f.totalBytes / 1e6).toFixed(0)} MB`;
  return `${f.files.toLocaleString('en-US')} files (${f.distinctImages} distinct, ${f.linked}) in ${f.subfolders} subfolders, ${gb}, ${f.megapixels.mean.toFixed(1)} MP mean; `
    + `longer side ${f.longSide.map((b) => `${b.range}: ${b.count}`).join(' · ')}; ${f.portrait} portrait`;
}
