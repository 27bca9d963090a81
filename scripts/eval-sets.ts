/**
 * npx tsx scripts/eval-sets.ts [--out /tmp/eval-sets] [--sets name,name] [--json FILE]
 *
 * The classic engine on several near-duplicate sets at once (issue 18 item 4), so a change is
 * chosen by its effect on all of them, not fitted to one. Sets (built once under --out, reused):
 *   wallpapers-a / -b   the photos and drawings of /usr/share/backgrounds (Ubuntu, Lomiri, GNOME
 *                       webp and svg, one Sway picture) through edit program A / B
 *   synthetic-a / -b    60 synthetic photo-like renders (scripts/lib/synthetic-photos.ts), 1 in 4
 *                       portrait, through A / B
 *   emoji-a / -b        159 Noto emoji (128 px on white; no skin-tone variants) through A / B
 *   emoji-pairs         every emoji drawn by two artists (Noto, Twemoji): cross-artist retrieval
 * Program A is scripts/make-neardup-set.ts (crop 80 %, ¼ resize, JPEG q10, brightness/contrast,
 * grayscale, 5° rotation, mirror); program B is scripts/lib/edit-program-b.ts (crop to 70 % of the
 * area, 90° turn, letterbox, watermark, 2° rotation, ⅛ downscale at q60).
 * Never reads /usr/share/wallpapers, plasma-workspace-wallpapers, mate-backgrounds or
 * ukui-wallpapers: they are kept for held-out checks.
 * Prints mAP, P@1 and AP per edit for every set and the mean over sets. The engine and decoder are
 * this tree's (run a copy of this file in another tree to measure that tree's engine).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { classicEngine } from '../src/lib/engines/classic/index.ts';
import { classicQueryVector } from '../src/lib/engines/classic/grey-query.ts';
import { topK } from '../src/lib/ranking/topk.ts';
import { leaveOneOut } from '../src/lib/eval/leave-one-out.ts';
import { editTypeOf, summaryByEditType } from '../src/lib/eval/per-edit.ts';
import { decodeBytes } from './lib/decode-node.ts';
import { writeProgramB, type Raw } from './lib/edit-program-b.ts';
import { syntheticPhoto } from './lib/synthetic-photos.ts';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const OUT = option('--out') ?? '/tmp/eval-sets';
const JSON_OUT = option('--json');
const SIDE = 640;
const RESERVED = /\/usr\/share\/wallpapers|plasma|mate-backgrounds|ukui/;
const EMOJI = 'node_modules/emoji-datasource-google/img/google/64';
const TWEMOJI = 'node_modules/emoji-datasource-twitter/img/twitter/64';

/** Source pictures as PNGs in OUT/src-<name>/, made once. */
const SOURCES: Record<string, () => Promise<{ name: string; png: Buffer }[]>> = {
  async wallpapers() {
    const dirs = ['/usr/share/backgrounds', '/usr/share/backgrounds/gnome'];
    const files = (await Promise.all(dirs.map(async (d) => (await readdir(d)).filter((f) => /\.(jpe?g|png|webp|svg)$/i.test(f)).sort().map((f) => join(d, f))))).flat();
    files.push('/usr/share/backgrounds/sway/Sway_Wallpaper_Blue_1920x1080.png'); // the other Sway files are this one at other sizes
    return Promise.all(distinctPictures(files.filter((f) => !RESERVED.test(f))).map(async (f) => ({ name: f.split('/').pop()!.replace(/\.[^.]+$/, ''), png: await sharp(f, { density: 72 }).resize(SIDE, SIDE, { fit: 'inside', withoutEnlargement: true }).png().toBuffer() })));
  },
  async synthetic() {
    return Promise.all(Array.from({ length: 60 }, async (_, i) => ({ name: `render-${i}`, png: await sharp(await syntheticPhoto(5000 + i, i % 4 === 3 ? 480 : 640, i % 4 === 3 ? 640 : 480, 95)).png().toBuffer() })));
  },
  async emoji() {
    // Skin-tone variants (U+1F3FB–1F3FF) are one drawing recoloured: only the base emoji is kept,
    // so no two groups are versions of one picture.
    const files = (await readdir(EMOJI)).sort().filter((f) => !/1f3f[b-f]/.test(f)).filter((_, i) => i % 12 === 0);
    return Promise.all(files.map(async (f) => ({ name: f.replace(/\.png$/, ''), png: await emoji128(join(EMOJI, f)) })));
  },
};

/**
 * One file per picture, so no two groups are versions of one picture (a label error would count
 * a right match as wrong): a link to another listed file is left out (lomiri-default-background
 * is warty-final-ubuntu), and of GNOME's light/dark pair (`blobs-l`, `blobs-d`) only the light
 * one is kept — the dark one is the same drawing recoloured.
 */
export function distinctPictures(files: readonly string[]): string[] {
  const plain = new Set(files.filter((f) => !lstatSync(f).isSymbolicLink()));
  const names = new Set(files.map((f) => f.replace(/\.[^.]+$/, '')));
  return files.filter((f) => {
    if (!plain.has(f) && plain.has(realpathSync(f))) return false;
    const base = f.replace(/\.[^.]+$/, '');
    return !(base.endsWith('-d') && names.has(`${base.slice(0, -2)}-l`));
  });
}

const emoji128 = (path: string) => sharp(path).resize(128, 128, { kernel: 'lanczos3' }).flatten({ background: '#ffffff' }).png().toBuffer();

async function ensureSource(name: string): Promise<string> {
  const dir = join(OUT, `src-${name}`);
  if (existsSync(dir)) return dir;
  await mkdir(dir, { recursive: true });
  for (const s of await SOURCES[name]()) await writeFile(join(dir, `${s.name}.png`), s.png);
  return dir;
}

async function programB(src: string, out: string): Promise<void> {
  for (const f of (await readdir(src)).sort()) {
    const { data, info } = await sharp(join(src, f)).flatten({ background: '#ffffff' }).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    const r: Raw = { data, width: info.width, height: info.height };
    await writeProgramB(r, f.replace(/\.png$/, '').replace(/[^A-Za-z0-9_-]+/g, '-'), out);
  }
}

async function emojiPairs(out: string): Promise<void> {
  const list = JSON.parse(await readFile('node_modules/emoji-datasource-google/emoji.json', 'utf8')) as { image: string; category: string; has_img_google: boolean; has_img_twitter: boolean }[];
  for (const e of list) {
    if (e.category === 'Component' || !e.has_img_google || !e.has_img_twitter) continue;
    if (!existsSync(join(EMOJI, e.image)) || !existsSync(join(TWEMOJI, e.image))) continue;
    const dir = join(out, e.image.replace(/\.png$/, ''));
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'noto.png'), await emoji128(join(EMOJI, e.image)));
    await writeFile(join(dir, 'twemoji.png'), await emoji128(join(TWEMOJI, e.image)));
  }
}

const SETS: Record<string, (out: string) => Promise<void>> = {
  'wallpapers-a': async (out) => { execFileSync('npx', ['tsx', 'scripts/make-neardup-set.ts', await ensureSource('wallpapers'), out], { stdio: 'inherit' }); },
  'wallpapers-b': async (out) => programB(await ensureSource('wallpapers'), out),
  'synthetic-a': async (out) => { execFileSync('npx', ['tsx', 'scripts/make-neardup-set.ts', await ensureSource('synthetic'), out], { stdio: 'inherit' }); },
  'synthetic-b': async (out) => programB(await ensureSource('synthetic'), out),
  'emoji-a': async (out) => { execFileSync('npx', ['tsx', 'scripts/make-neardup-set.ts', await ensureSource('emoji'), out], { stdio: 'inherit' }); },
  'emoji-b': async (out) => programB(await ensureSource('emoji'), out),
  'emoji-pairs': emojiPairs,
};

interface SetResult { set: string; images: number; mAP: number; pAt1: number; apByEdit: Record<string, number> }

async function evaluate(set: string, dir: string): Promise<SetResult> {
  const files: { path: string; group: string }[] = [];
  for (const group of (await readdir(dir)).sort()) {
    for (const f of (await readdir(join(dir, group))).sort()) files.push({ path: join(dir, group, f), group });
  }
  const rows = new Float32Array(files.length * classicEngine.dim);
  const labels: string[] = [], edits: string[] = [];
  for (const f of files) {
    const v = classicEngine.extract(await decodeBytes(await readFile(f.path), f.path));
    rows.set(v, labels.length * classicEngine.dim);
    labels.push(f.group);
    edits.push(editTypeOf(f.path));
  }
  const matrix = { kind: 'f32' as const, dim: classicEngine.dim, count: labels.length, data: rows };
  const r = leaveOneOut(matrix, labels, 'cosine', (q, exclude, k) => topK(classicQueryVector(q), matrix, 'cosine', k, { exclude }));
  const byEdit = summaryByEditType(r.perQuery, edits);
  return { set, images: labels.length, mAP: r.mAP, pAt1: r.pAt1, apByEdit: Object.fromEntries([...byEdit].map(([k, s]) => [k, s.mAP])) };
}

async function main() {
  const wanted = option('--sets')?.split(',') ?? Object.keys(SETS);
  for (const s of wanted) if (!SETS[s]) throw new Error(`unknown set ${s} (${Object.keys(SETS).join(', ')})`);
  const results: SetResult[] = [];
  for (const set of wanted) {
    const dir = join(OUT, set);
    if (!existsSync(dir)) { console.error(`building ${dir}`); await SETS[set](dir); }
    const r = await evaluate(set, dir);
    results.push(r);
    const edits = Object.entries(r.apByEdit).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ');
    console.log(`${set.padEnd(14)} ${String(r.images).padStart(5)} images  mAP ${r.mAP.toFixed(4)}  P@1 ${r.pAt1.toFixed(4)}  | ${edits}`);
  }
  const mean = (f: (r: SetResult) => number) => results.reduce((s, r) => s + f(r), 0) / results.length;
  console.log(`mean over ${results.length} sets: mAP ${mean((r) => r.mAP).toFixed(4)}  P@1 ${mean((r) => r.pAt1).toFixed(4)}  (classic v${classicEngine.version})`);
  if (JSON_OUT) await writeFile(JSON_OUT, JSON.stringify({ version: classicEngine.version, results }, null, 1));
}

main().catch((e) => {
  console.error(`eval-sets: ${(e as Error).message}`);
  process.exit(1);
});
