/**
 * npm run gallery [-- --if-missing] [--out DIR] [--limit N]
 * Builds public/gallery/ from the emoji images in the npm packages emoji-datasource-google
 * (Noto Emoji, Apache-2.0) and emoji-datasource-twitter (Twemoji, CC-BY-4.0): images, a
 * manifest, and one versioned vector file per engine (docs/FORMAT.md).
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { allEngines } from '../src/lib/engines/registry.ts';
import type { Engine } from '../src/lib/engines/types.ts';
import { encodeVectors, type VectorDtype } from '../src/lib/format/vectors.ts';
import { parseManifest, seedCategoryOf, type GalleryEngineFile, type GalleryItem, type GalleryManifest, type GallerySource } from '../src/lib/gallery/manifest.ts';
import { decodeFile } from './lib/decode-node.ts';
import { mapLimit } from './lib/pool.ts';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const OUT = option('--out') ?? 'public/gallery';
const LIMIT = Number(option('--limit') ?? Infinity);

interface EmojiRow { unified: string; name: string | null; short_name: string; category: string; subcategory: string; image: string; has_img_google: boolean; has_img_twitter: boolean }

const SOURCES: Record<string, GallerySource & { dir: string; has: keyof EmojiRow }> = {
  noto: {
    name: 'Noto Emoji (Google)', package: 'emoji-datasource-google', licence: 'Apache-2.0',
    attribution: 'Noto Emoji by Google, Apache License 2.0', url: 'https://github.com/googlefonts/noto-emoji',
    dir: 'img/google/64', has: 'has_img_google',
  },
  twemoji: {
    name: 'Twemoji (Twitter)', package: 'emoji-datasource-twitter', licence: 'CC-BY-4.0',
    attribution: 'Twemoji by Twitter, Inc. and other contributors, CC BY 4.0', url: 'https://github.com/twitter/twemoji',
    dir: 'img/twitter/64', has: 'has_img_twitter',
  },
};

/** Byte vectors where values are naturally 8-bit (raw pixels), f32 otherwise. */
const DTYPE: Record<string, VectorDtype> = { pixels: 'u8', classic: 'f32' };

async function upToDate(): Promise<boolean> {
  try {
    const m = parseManifest(JSON.parse(await readFile(join(OUT, 'manifest.json'), 'utf8')));
    return allEngines().every((e) => m.engines[e.id]?.version === e.version && existsSync(join(OUT, m.engines[e.id]!.file)));
  } catch {
    return false;
  }
}

async function main() {
  if (flag('--if-missing') && (await upToDate())) {
    console.error(`gallery: ${OUT} is up to date`);
    return;
  }
  const t0 = performance.now();
  await rm(OUT, { recursive: true, force: true });
  await mkdir(join(OUT, 'vectors'), { recursive: true });

  const rows: EmojiRow[] = require('emoji-datasource-google/emoji.json');
  const items: (GalleryItem & { path: string })[] = [];
  for (const [sourceId, src] of Object.entries(SOURCES)) {
    const root = dirname(require.resolve(`${src.package}/package.json`));
    for (const r of rows) {
      if (r.category === 'Component' || !r[src.has]) continue;
      const path = join(root, src.dir, r.image);
      if (!existsSync(path)) continue;
      items.push({
        id: `${sourceId}/${r.unified.toLowerCase()}`,
        file: `images/${sourceId}/${r.image}`,
        name: (r.name ?? r.short_name).toLowerCase(),
        category: r.category,
        subcategory: r.subcategory,
        seedCategory: seedCategoryOf(r.subcategory),
        source: sourceId,
        path,
      });
    }
  }
  const chosen = items.slice(0, Math.min(items.length, LIMIT));
  const engines = allEngines();
  const vectors = new Map<Engine, Float32Array>(engines.map((e) => [e, new Float32Array(chosen.length * e.dim)]));

  let done = 0;
  await mapLimit(chosen, 8, async (item, i) => {
    const raster = await decodeFile(item.path);
    for (const e of engines) vectors.get(e)!.set(e.extract(raster), i * e.dim);
    await mkdir(dirname(join(OUT, item.file)), { recursive: true });
    await copyFile(item.path, join(OUT, item.file));
    if (++done % 250 === 0 || done === chosen.length) process.stderr.write(`\rgallery: ${done}/${chosen.length} images`);
  });
  process.stderr.write('\n');

  const engineFiles: Partial<Record<string, GalleryEngineFile>> = {};
  for (const e of engines) {
    const dtype = DTYPE[e.id] ?? 'f32';
    const bytes = encodeVectors({ engine: e.id, engineVersion: e.version, dim: e.dim, dtype }, vectors.get(e)!);
    const file = `vectors/${e.id}.ivec`;
    await writeFile(join(OUT, file), bytes);
    engineFiles[e.id] = { file, version: e.version, dim: e.dim, dtype, bytes: bytes.length };
  }
  const manifest: GalleryManifest = {
    formatVersion: 1,
    title: 'Emoji demo gallery',
    items: chosen.map(({ path: _path, ...item }) => item),
    sources: Object.fromEntries(Object.entries(SOURCES).map(([k, { dir: _d, has: _h, ...s }]) => [k, s])),
    engines: engineFiles,
  };
  await writeFile(join(OUT, 'manifest.json'), JSON.stringify(manifest));
  console.error(`gallery: ${chosen.length} images, engines ${engines.map((e) => `${e.id}(${e.dim}d)`).join(', ')} → ${OUT} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

main().catch((e) => {
  console.error(`gallery: ${(e as Error).message}`);
  process.exit(1);
});
