/**
 * npm run build:test-site — the second site the end-to-end tests need: the same app built with
 * the project's tiny CLIP and translation models (tests/fixtures/models, docs/TINY_MODEL.md) as
 * its shipped models, and a demo gallery indexed with that CLIP model. Output: dist-clip/.
 * Also the default app built for a sub-path (BASE_PATH=/sub/path/, as on GitHub Pages): dist-sub/,
 * which also ships a second gallery built with --from from a folder with bad files and credits
 * (dist-sub/galleries/sample/, opened with ?gallery=sample). dist-clip/ also ships galleries/colours/,
 * photos of known colours built without any model, whose CLIP vectors the app makes in the browser.
 * public/ is left alone; the default build (dist/) stays model-free.
 */
import { execFileSync } from 'node:child_process';
import { writeSampleFolder } from './lib/sample-folder.ts';
import { writeColourFolder } from './lib/colour-folder.ts';

const MODELS = 'tests/fixtures/models';
const GALLERY = '.cache/test-site-gallery';
export const SUB_PATH = '/sub/path/';
const run = (cmd: string, args: string[], env: Record<string, string> = {}) =>
  execFileSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });

run('npx', ['tsx', 'scripts/gallery.ts', '--if-missing', '--out', GALLERY, '--models', MODELS, '--model', 'tiny-clip']);
run('npx', ['vite', 'build', '--logLevel', 'warn'], {
  OUT_DIR: 'dist-clip',
  GALLERY_DIR: GALLERY,
  MODELS_DIR: MODELS,
  VITE_CLIP_MODEL: 'tiny-clip',
  VITE_TRANSLATION_MODEL: 'tiny-opus-mt-vi-en',
});
// A second gallery built without any model: the app makes its CLIP vectors in the browser.
const colours = await writeColourFolder('.cache/test-colour-folder');
run('npx', ['tsx', 'scripts/gallery.ts', '--from', colours.dir, '--name', 'colours', '--title', 'Colour photos',
  '--out', 'dist-clip/galleries/colours', '--cache', '.cache/test-colour-folder-cache.json', '--models', 'no-models-here']);
console.error('build:test-site: dist-clip/ (tiny CLIP model, gallery with CLIP vectors; galleries/colours/ without them)');
run('npx', ['vite', 'build', '--logLevel', 'warn'], { OUT_DIR: 'dist-sub', BASE_PATH: SUB_PATH });
const sample = await writeSampleFolder('.cache/test-sample-folder');
run('npx', ['tsx', 'scripts/gallery.ts', '--from', sample.dir, '--name', 'sample', '--title', 'Sample photos', '--credits', sample.credits,
  '--out', 'dist-sub/galleries/sample', '--cache', '.cache/test-sample-folder-cache.json', '--models', 'no-models-here']);
console.error(`build:test-site: dist-sub/ (served under ${SUB_PATH}, with galleries/sample/)`);
