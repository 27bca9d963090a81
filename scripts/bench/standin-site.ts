/**
 * The site the real-size CLIP bench serves: the app built like the test site (scripts/build-test-site.ts)
 * but shipping the full-size stand-in (scripts/lib/standin.ts) as its CLIP model, in dist-standin/.
 *
 * Copying 1.1 GB of ONNX files into the site on every build would be slow and wasteful, so the build
 * gets a models folder whose ONNX files are empty placeholders (the service-worker plugin sees that
 * the site ships a model, and never hashes or precaches models/ anyway), and the placeholders are then
 * replaced by hard links to the stand-in's files (copies where linking fails). Rebuilt when missing,
 * when the app's sources changed since the last build (or have uncommitted changes), or when asked
 * (--rebuild-standin-site).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, link, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureStandin, STANDIN_DIR, STANDIN_ID } from '../lib/standin.ts';

export const STANDIN_SITE = 'dist-standin';
const STAGING = '.cache/standin-site-models';
const STAMP = '.cache/standin-site.json';

/** What the site is built from; a commit that touches none of it (docs, bench scripts) needs no rebuild. */
const APP_SOURCES = ['src', 'workers', 'index.html', 'public', 'vite.config.ts', 'scripts/vite', 'package-lock.json'];

/** The git ids of the app's sources at HEAD, or a fresh value (so: rebuild) when they have uncommitted changes. */
function sourcesVersion(): string {
  try {
    if (execFileSync('git', ['status', '--porcelain', '--', ...APP_SOURCES], { encoding: 'utf8' }).trim()) return `dirty-${Date.now()}`;
    return execFileSync('git', ['rev-parse', ...APP_SOURCES.map((p) => `HEAD:${p}`)], { encoding: 'utf8' }).trim().split('\n').join(',');
  } catch {
    return `unknown-${Date.now()}`;
  }
}

async function linkOrCopy(from: string, to: string): Promise<void> {
  await rm(to, { force: true });
  try { await link(from, to); } catch { await copyFile(from, to); }
}

/** Builds dist-standin/ unless an up-to-date one is there; returns its folder. */
export async function ensureStandinSite(options: { rebuild?: boolean; log?: (line: string) => void } = {}): Promise<string> {
  const log = options.log ?? ((line: string) => console.error(line));
  const source = ensureStandin();
  const version = sourcesVersion();
  const stamp = existsSync(STAMP) ? (JSON.parse(await readFile(STAMP, 'utf8')) as { version?: string }) : {};
  const onnx = (await readdir(join(source, 'onnx'))).filter((f) => f.endsWith('.onnx'));
  const siteModel = join(STANDIN_SITE, 'models', STANDIN_ID);
  const complete = onnx.every((f) => existsSync(join(siteModel, 'onnx', f))) && existsSync(join(STANDIN_SITE, 'index.html'));
  if (!options.rebuild && complete && stamp.version === version) return STANDIN_SITE;

  log(`bench: building ${STANDIN_SITE}/ (the app with the full-size CLIP stand-in as its model)…`);
  const staged = join(STAGING, STANDIN_ID);
  await rm(STAGING, { recursive: true, force: true });
  await mkdir(join(staged, 'onnx'), { recursive: true });
  for (const f of await readdir(source, { withFileTypes: true })) if (f.isFile()) await linkOrCopy(join(source, f.name), join(staged, f.name));
  for (const f of onnx) await writeFile(join(staged, 'onnx', f), '');
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, OUT_DIR: STANDIN_SITE, MODELS_DIR: STAGING, VITE_CLIP_MODEL: STANDIN_ID },
  });
  for (const f of onnx) await linkOrCopy(join(source, 'onnx', f), join(siteModel, 'onnx', f));
  await writeFile(STAMP, JSON.stringify({ version, standin: STANDIN_DIR, built: new Date().toISOString() }));
  return STANDIN_SITE;
}
