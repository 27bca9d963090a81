import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { Plugin } from 'vite';

/** Model ids (folders holding a config.json) under a models folder, e.g. "Xenova/clip-vit-base-patch32". */
async function modelIds(root: string): Promise<string[]> {
  const ids: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (existsSync(join(dir, 'config.json'))) { ids.push(relative(root, dir).split(sep).join('/')); return; }
    if (depth >= 2) return;
    for (const e of await readdir(dir, { withFileTypes: true })) if (e.isDirectory()) await walk(join(dir, e.name), depth + 1);
  };
  if (existsSync(root)) await walk(root, 0);
  return ids.sort();
}

/**
 * Writes <outDir>/models/index.json ({"models": [ids]}) after the models folder is final, so the
 * app learns which models the site ships with one request instead of probing (and 404ing) for each.
 */
export function modelsIndex(): Plugin {
  let outDir = 'dist';
  return {
    name: 'models-index',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        const dir = join(outDir, 'models');
        if (!existsSync(dir)) return;
        await writeFile(join(dir, 'index.json'), JSON.stringify({ models: await modelIds(dir) }));
      },
    },
  };
}
