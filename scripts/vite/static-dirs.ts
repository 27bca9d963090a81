import { existsSync } from 'node:fs';
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

/**
 * Lets one build ship a different gallery or models folder than public/ holds, without touching
 * public/: GALLERY_DIR and MODELS_DIR replace dist/gallery and dist/models after the build.
 * The end-to-end tests use it to build a second site with the tiny test model
 * (tests/fixtures/models) and a gallery indexed with it, beside the default site.
 * Every build also has a galleries/index.json (empty unless public/galleries/ lists some), so the
 * page's gallery switcher never asks for a file that is not there.
 */
export function staticDirOverrides(env: { GALLERY_DIR?: string; MODELS_DIR?: string }): Plugin {
  let outDir = 'dist';
  return {
    name: 'static-dir-overrides',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      for (const [name, dir] of [['gallery', env.GALLERY_DIR], ['models', env.MODELS_DIR]] as const) {
        if (!dir) continue;
        const target = resolve(outDir, name);
        await rm(target, { recursive: true, force: true });
        await cp(resolve(dir), target, { recursive: true });
      }
      const galleriesIndex = resolve(outDir, 'galleries/index.json');
      if (!existsSync(galleriesIndex)) {
        await mkdir(resolve(outDir, 'galleries'), { recursive: true });
        await writeFile(galleriesIndex, JSON.stringify({ formatVersion: 1, galleries: [] }));
      }
    },
  };
}
