/**
 * npx tsx scripts/make-neardup-set.ts SRC_DIR OUT_DIR [--side 640] [--every 1] [--distractors 0]
 *
 * Near-duplicate retrieval set for `npm run eval`. Every source image under SRC_DIR (recursive;
 * jpg/jpeg/png/webp/gif; links followed) is first brought to at most --side px on its longest side,
 * flattened on white, and becomes a group folder with eight copies:
 *   OUT/<name>/orig.jpg                 q90
 *   OUT/<name>/crop.jpg                 80 % of width and height, window placed per image
 *   OUT/<name>/quarter-resize.jpg       a quarter of the width and height
 *   OUT/<name>/jpeg-q10.jpg             JPEG quality 10
 *   OUT/<name>/brightness-contrast.jpg  brighter+more contrast or darker+less, per image
 *   OUT/<name>/grayscale.jpg
 *   OUT/<name>/rotate-5deg.jpg          rotated 5° (sign per image), cropped to the inner rectangle
 *   OUT/<name>/mirror.jpg               left-right flip
 * --every N keeps every N-th source (sorted by path) as a group; --distractors M then adds M of the
 * sources left over (evenly spaced) as single-image folders OUT/~<name>/orig.jpg: they sit in the
 * index as similar-looking distractors and are skipped as queries (nothing relevant to them).
 * Choices that vary "per image" come from a hash of the name, so the set is reproducible.
 */
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import sharp, { type Sharp } from 'sharp';

const args = process.argv.slice(2);
const option = (name: string, dflt: number) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : dflt; };
const positional = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const [SRC, OUT] = positional;
const SIDE = option('--side', 640), EVERY = option('--every', 1), DISTRACTORS = option('--distractors', 0);

type Raw = { data: Buffer; width: number; height: number };
const raw = (r: Raw) => sharp(r.data, { raw: { width: r.width, height: r.height, channels: 3 } });
const jpeg = (s: Sharp, quality = 90) => s.jpeg({ quality, mozjpeg: false }).toBuffer();

/** FNV-1a of the name: the per-image "random" choices, stable across runs. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const TRANSFORMS: Record<string, (r: Raw, h: number) => Promise<Buffer>> = {
  orig: (r) => jpeg(raw(r)),
  crop: (r, h) => {
    const w = Math.round(r.width * 0.8), ht = Math.round(r.height * 0.8);
    const fx = [0, 0.5, 1][h % 3], fy = [0, 0.5, 1][Math.floor(h / 3) % 3];
    return jpeg(raw(r).extract({ left: Math.round((r.width - w) * fx), top: Math.round((r.height - ht) * fy), width: w, height: ht }));
  },
  'quarter-resize': (r) => jpeg(raw(r).resize(Math.max(1, Math.round(r.width / 4)), Math.max(1, Math.round(r.height / 4)), { fit: 'fill' })),
  'jpeg-q10': (r) => jpeg(raw(r), 10),
  'brightness-contrast': (r, h) => jpeg(h % 2 ? raw(r).linear(1.35, -20) : raw(r).linear(0.7, 60)),
  grayscale: (r) => jpeg(raw(r).grayscale()),
  'rotate-5deg': async (r, h) => {
    const deg = h % 2 ? 5 : -5, t = (5 * Math.PI) / 180, c = Math.cos(t), s = Math.sin(t);
    const k = Math.min(r.width / (r.width * c + r.height * s), r.height / (r.width * s + r.height * c));
    const turned = await raw(r).rotate(deg, { background: '#ffffff' }).raw().toBuffer({ resolveWithObject: true });
    const w = Math.floor(r.width * k), ht = Math.floor(r.height * k);
    const left = Math.floor((turned.info.width - w) / 2), top = Math.floor((turned.info.height - ht) / 2);
    return jpeg(raw({ data: turned.data, width: turned.info.width, height: turned.info.height }).extract({ left, top, width: w, height: ht }));
  },
  mirror: (r) => jpeg(raw(r).flop()),
};

async function listImages(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const p = join(dir, name);
    const st = await stat(p).catch(() => undefined);
    if (st?.isDirectory()) out.push(...(await listImages(p)));
    else if (st?.isFile() && /\.(jpe?g|png|webp|gif)$/i.test(name)) out.push(p);
  }
  return out;
}

async function load(path: string): Promise<Raw> {
  const { data, info } = await sharp(path, { animated: false }).rotate().flatten({ background: '#ffffff' })
    .resize(SIDE, SIDE, { fit: 'inside', withoutEnlargement: true }).removeAlpha().toColourspace('srgb').raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

async function main() {
  if (!SRC || !OUT) throw new Error('usage: npx tsx scripts/make-neardup-set.ts SRC_DIR OUT_DIR [--side 640] [--every 1] [--distractors 0]');
  const all = await listImages(SRC);
  const names = all.map((p) => relative(SRC, p).replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9_-]+/g, '-'));
  const groups = all.map((_, i) => i).filter((i) => i % EVERY === 0);
  const rest = all.map((_, i) => i).filter((i) => i % EVERY !== 0);
  const step = rest.length / Math.max(1, DISTRACTORS);
  const distractors = Array.from({ length: Math.min(DISTRACTORS, rest.length) }, (_, k) => rest[Math.floor(k * step)]);
  await rm(OUT, { recursive: true, force: true });
  let failed = 0;
  const jobs: [number, boolean][] = [...groups.map((i): [number, boolean] => [i, true]), ...distractors.map((i): [number, boolean] => [i, false])];
  for (const [i, isGroup] of jobs) {
    try {
      const r = await load(all[i]);
      if (Math.min(r.width, r.height) < 40) throw new Error(`too small (${r.width}x${r.height})`);
      const dir = join(OUT, isGroup ? names[i] : `~${names[i]}`);
      await mkdir(dir, { recursive: true });
      for (const [t, f] of Object.entries(TRANSFORMS)) {
        if (!isGroup && t !== 'orig') continue;
        await writeFile(join(dir, `${t}.jpg`), await f(r, hash(names[i])));
      }
    } catch (e) {
      failed++;
      console.error(`skipped ${all[i]}: ${(e as Error).message}`);
    }
  }
  console.error(`${groups.length} groups x ${Object.keys(TRANSFORMS).length} + ${distractors.length} distractors -> ${OUT} (${failed} skipped)`);
}

main().catch((e) => {
  console.error(`make-neardup-set: ${(e as Error).message}`);
  process.exit(1);
});
