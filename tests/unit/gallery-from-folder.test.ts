/**
 * npm run gallery -- --from DIR: a small folder made with sharp (subfolders, bad files, a large
 * and an EXIF-rotated photo), built into a gallery; the rebuild cache; the --vectors import with
 * the project's tiny CLIP model (tests/fixtures/models/tiny-clip, docs/TINY_MODEL.md).
 */
import { mkdtempSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeVectors, rowAsFloats } from '../../src/lib/format/vectors.ts';
import { encodeNpy } from '../../src/lib/format/npy.ts';
import { parseCredits } from '../../src/lib/gallery/credits.ts';
import { parseManifest, type GalleryManifest } from '../../src/lib/gallery/manifest.ts';
import { buildFolderGallery, type FolderBuildOptions } from '../../scripts/gallery/from-folder.ts';
import { loadNodeClip } from '../../scripts/lib/clip-node.ts';
import { decodeFile } from '../../scripts/lib/decode-node.ts';

const MODELS_DIR = fileURLToPath(new URL('../fixtures/models', import.meta.url));
const TINY = { modelsDir: MODELS_DIR, modelId: 'tiny-clip', dtype: 'fp32' as const };
const root = mkdtempSync(join(tmpdir(), 'gallery-from-'));
const src = join(root, 'photos');
const COLOURS: Record<string, string> = {
  'animals/red-fox.png': '#e01010', 'animals/birds/blue-jay.png': '#1020e0', 'plants/green-fern.png': '#10c020',
  'plants/yellow-rose.png': '#e0d010', 'sky.png': '#20d0e0', 'plants/magenta-orchid.png': '#d010d0',
};

async function solid(path: string, colour: string, width = 96, height = 64): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await sharp({ create: { width, height, channels: 3, background: colour } }).png().toFile(path);
}

async function build(name: string, extra: Partial<FolderBuildOptions> = {}) {
  const lines: string[] = [];
  const out = join(root, 'site/galleries', name);
  const report = await buildFolderGallery({ from: src, out, name, title: `Test ${name}`, cacheFile: join(root, `cache-${name}.json`), log: (l) => lines.push(l), ...extra });
  const manifest = parseManifest(JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')));
  return { report, manifest, lines, out };
}

async function clipRows(out: string, m: GalleryManifest): Promise<Float32Array[]> {
  const { matrix } = decodeVectors(new Uint8Array(await readFile(join(out, m.engines.clip!.file))));
  return m.items.map((_, i) => rowAsFloats(matrix, i));
}

const cosine = (a: Float32Array, b: Float32Array) => {
  let d = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { d += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return d / Math.sqrt(na * nb);
};

beforeAll(async () => {
  for (const [file, colour] of Object.entries(COLOURS)) await solid(join(src, file), colour);
  await solid(join(src, 'big/wide.png'), '#808080', 2400, 1200);
  // 300 × 200 stored, EXIF orientation 6 (rotate 90°): shown as 200 × 300.
  await sharp({ create: { width: 300, height: 200, channels: 3, background: '#ffffff' } }).jpeg().withMetadata({ orientation: 6 }).toFile(join(src, 'big/rotated.jpg'));
  await mkdir(join(src, 'bad'), { recursive: true });
  await writeFile(join(src, 'bad/empty.jpg'), new Uint8Array());
  await writeFile(join(src, 'bad/notes.jpg'), 'these are notes, not a photo');
  const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#123456' } }).jpeg().toBuffer();
  await writeFile(join(src, 'bad/truncated.jpg'), jpeg.subarray(0, 40));
}, 60_000);

afterAll(async () => rm(root, { recursive: true, force: true }));

describe('a gallery from any folder', () => {
  it('builds items with categories from subfolders, reports every bad file with its reason, and goes on', async () => {
    const credits = parseCredits('file,title,author,licence,url\nanimals/red-fox.png,Red fox,Ann,CC-BY-4.0,https://example.org/fox\nsky.png,Sky,,,javascript:alert(1)\n*,Photos: test set,,,https://example.org/\n', 'csv');
    const { report, manifest, lines, out } = await build('plain', { credits });
    expect(report.items).toBe(8);
    expect(report.skipped.map((s) => s.file)).toEqual(['bad/empty.jpg', 'bad/notes.jpg', 'bad/truncated.jpg']);
    expect(report.skipped[0].reason).toMatch(/empty/);
    expect(report.skipped[1].reason).toMatch(/not an image/);
    expect(report.skipped[2].reason).toMatch(/could not be decoded|corrupt|truncated|pixel size could not be read/i);
    expect(lines.some((l) => /skipped bad\/notes\.jpg: not an image/.test(l))).toBe(true);
    expect(lines.some((l) => /images \d+\/11 .*(ETA|done in)/.test(l))).toBe(true);

    const byId = new Map(manifest.items.map((i) => [i.id, i]));
    expect(byId.get('animals/birds/blue-jay.png')).toMatchObject({ category: 'animals', subcategory: 'birds', name: 'blue-jay' });
    expect(byId.get('sky.png')).toMatchObject({ category: 'Test plain', subcategory: '', name: 'Sky' });
    expect(byId.get('animals/red-fox.png')?.credit).toEqual({ title: 'Red fox', author: 'Ann', licence: 'CC-BY-4.0', url: 'https://example.org/fox' });
    expect(byId.get('sky.png')?.credit).toEqual({ title: 'Sky' });
    expect(manifest.credit).toEqual({ line: 'Photos: test set', url: 'https://example.org/' });
    expect(Object.keys(manifest.engines).sort()).toEqual(['classic', 'pixels']);
    expect(manifest.engines.classic?.ivf).toBeDefined();

    const wide = await sharp(join(out, byId.get('big/wide.png')!.file)).metadata();
    expect([wide.width, wide.height]).toEqual([1600, 800]);
    const thumb = await sharp(join(out, byId.get('big/wide.png')!.thumb!)).metadata();
    expect(Math.max(thumb.width!, thumb.height!)).toBeLessThanOrEqual(320);
    const rotated = await sharp(join(out, byId.get('big/rotated.jpg')!.file)).metadata();
    expect([rotated.width, rotated.height]).toEqual([200, 300]);
  }, 120_000);

  it('a rebuild embeds only the new or changed file (cache keyed by content hash)', async () => {
    const first = await build('cached');
    expect(first.report.embedded).toBe(8);
    const again = await build('cached');
    expect(again.report.embedded).toBe(0);
    await solid(join(src, 'sky.png'), '#ff8800');
    const changed = await build('cached');
    expect(changed.report.embedded).toBe(1);
    expect(changed.manifest.items).toHaveLength(8);
    await solid(join(src, 'sky.png'), COLOURS['sky.png']);
  }, 120_000);
});

describe('CLIP vectors: embedded here, or imported with --vectors', () => {
  it('embeds with the model when present, and nothing again on an unchanged rebuild', async () => {
    const { report, manifest } = await build('clip', { clip: TINY });
    expect(report.clipEmbedded).toBe(8);
    expect(manifest.engines.clip).toMatchObject({ dim: 16, model: 'tiny-clip' });
    const again = await build('clip', { clip: TINY });
    expect(again.report.clipEmbedded).toBe(0);
  }, 120_000);

  it('round trip: this project’s vectors exported to .npy and imported give the same ranking; a wrong dimension or a mismatching sample is refused', async () => {
    const own = await build('own', { clip: TINY });
    const files = own.manifest.items.map((i) => i.id);
    const encoder = await loadNodeClip(TINY.modelsDir, TINY.modelId, TINY.dtype);
    const rows = await encoder.embedImages(await Promise.all(files.map((f) => decodeFile(join(src, f)))));
    const [red] = await encoder.embedTexts(['red']);
    await encoder.dispose();
    const flat = new Float32Array(files.length * 16);
    rows.forEach((r, i) => flat.set(r, i * 16));
    await writeFile(join(root, 'img_emb.npy'), encodeNpy(flat, files.length, 16, 'f16'));
    await writeFile(join(root, 'img_emb.txt'), files.join('\n') + '\n');

    const imported = await build('imported', { clip: TINY, vectors: { npy: join(root, 'img_emb.npy'), list: join(root, 'img_emb.txt') } });
    expect(imported.report.clipImported).toBe(8);
    expect(imported.report.clipEmbedded).toBe(0);
    const rank = async (b: typeof own) => (await clipRows(b.out, b.manifest)).map((v, i) => ({ id: b.manifest.items[i].id, s: cosine(v, red.vector) })).sort((x, y) => y.s - x.s).map((x) => x.id);
    const ranking = await rank(own);
    expect(ranking[0]).toBe('animals/red-fox.png');
    expect(await rank(imported)).toEqual(ranking);

    await writeFile(join(root, 'wrong-dim.npy'), encodeNpy(new Float32Array(files.length * 8), files.length, 8));
    await expect(build('wrong-dim', { clip: TINY, vectors: { npy: join(root, 'wrong-dim.npy'), list: join(root, 'img_emb.txt') } }))
      .rejects.toThrow(/8-dimensional vectors but tiny-clip makes 16-dimensional ones: refused/);

    // Same vectors, list in another order: every row now stands for another image.
    await writeFile(join(root, 'shuffled.txt'), [...files.slice(1), files[0]].join('\n'));
    await expect(build('shuffled', { clip: TINY, vectors: { npy: join(root, 'img_emb.npy'), list: join(root, 'shuffled.txt') } }))
      .rejects.toThrow(/does not match this project's tiny-clip encoder \(cosine .* < 0\.98\)/);
  }, 180_000);
});
