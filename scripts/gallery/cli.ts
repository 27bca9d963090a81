import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import type { ClipDtype } from '../../src/lib/engines/clip/device.ts';
import { parseCredits, type Credits } from '../../src/lib/gallery/credits.ts';
import { isGalleryName, parseGalleriesIndex, withGallery, type GalleriesIndex } from '../../src/lib/gallery/galleries.ts';
import { DEFAULT_CLIP_MODEL } from '../lib/clip-node.ts';
import { buildFolderGallery } from './from-folder.ts';

/** `npm run gallery -- --from DIR …`: reads the options, builds, and lists the gallery in galleries/index.json. */
export async function folderGalleryFromArgs(
  option: (name: string) => string | undefined,
  clip: { modelsDir: string; modelId: string; dtype: ClipDtype } | undefined,
): Promise<void> {
  const from = option('--from')!;
  if (!existsSync(from)) throw new Error(`--from ${from}: no such folder`);
  const name = option('--name') ?? basename(resolve(from)).toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  if (!isGalleryName(name)) throw new Error(`--name "${name}": use letters, digits, "-" and "_" only (it becomes a folder and ?gallery=${name})`);
  const out = option('--out') ?? join('public/galleries', name);
  const title = option('--title') ?? name;
  const creditsPath = option('--credits');
  let credits: Credits | undefined;
  if (creditsPath) credits = parseCredits(await readFile(creditsPath, 'utf8'), extname(creditsPath).toLowerCase() === '.json' ? 'json' : 'csv');
  const npy = option('--vectors');
  const vectors = npy ? { npy, list: option('--vector-list') ?? npy.replace(/\.npy$/i, '') + '.txt' } : undefined;
  if (vectors && !existsSync(vectors.list)) throw new Error(`--vectors: no file list at ${vectors.list} (one image path a line, in the .npy's row order; --vector-list FILE)`);
  const insideFrom = (p: string | undefined) => (p && !relative(resolve(from), resolve(p)).startsWith('..') ? [relative(resolve(from), resolve(p))] : []);
  const report = await buildFolderGallery({
    from, out, name, title, credits, clip,
    ...(vectors ? { vectors: { ...vectors } } : {}),
    exclude: [...insideFrom(creditsPath), ...insideFrom(vectors?.npy), ...insideFrom(vectors?.list)],
    cacheFile: option('--cache') ?? join('.cache/gallery-build', `${name}.json`),
    vectorsModel: clip?.modelId ?? option('--model') ?? DEFAULT_CLIP_MODEL,
  });
  if (basename(dirname(resolve(out))) === 'galleries') {
    const indexPath = join(dirname(out), 'index.json');
    let index: GalleriesIndex | undefined;
    try { index = parseGalleriesIndex(JSON.parse(await readFile(indexPath, 'utf8'))); } catch { /* first gallery */ }
    await mkdir(dirname(indexPath), { recursive: true });
    await writeFile(indexPath, JSON.stringify(withGallery(index, { name, title, count: report.items }), null, 1));
    console.log(`gallery: listed in ${indexPath}; open it with ?gallery=${name}`);
  }
}
