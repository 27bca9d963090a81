import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { build, type Plugin } from 'vite';
import { isNeverCached, planPrecache, type SiteFile } from '../../src/lib/offline/precache.ts';

async function listFiles(root: string): Promise<SiteFile[]> {
  const out: SiteFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) out.push({ path: relative(root, full).split(sep).join('/'), bytes: (await stat(full)).size });
    }
  };
  await walk(root);
  return out;
}

/**
 * Builds workers/service-worker.ts into <outDir>/sw.js after everything else is in place (after
 * static-dir-overrides swaps the gallery and models), with the precache list of that exact site.
 */
export function serviceWorker(): Plugin {
  let outDir = 'dist';
  let root = '.';
  return {
    name: 'offline-service-worker',
    apply: 'build',
    configResolved(config) {
      root = config.root;
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        const files = await listFiles(outDir);
        const shipsModel = files.some((f) => f.path.startsWith('models/') && f.path.endsWith('.onnx'));
        // Fingerprint the content of every file the worker may cache (a gallery rebuilt in place keeps its names).
        const hashed = await Promise.all(files.map(async (f) => (!isNeverCached(f.path) ? { ...f, hash: createHash('sha1').update(await readFile(join(outDir, f.path))).digest('hex') } : f)));
        const plan = planPrecache(hashed, { shipsModel });
        await build({
          configFile: false,
          root,
          logLevel: 'warn',
          build: {
            outDir,
            emptyOutDir: false,
            copyPublicDir: false,
            target: 'es2022',
            minify: true,
            lib: { entry: resolve(root, 'workers/service-worker.ts'), formats: ['iife'], name: 'sw', fileName: () => 'sw.js' },
            // A plain global before the bundle: the precache list of this very build.
            rollupOptions: { output: { banner: `var __SW_CONFIG__ = ${JSON.stringify({ version: plan.version, precache: plan.precache })};` } },
          },
        });
        console.log(`service worker: precaches ${plan.precache.length} files, ${(plan.bytes / 1e6).toFixed(1)} MB (version ${plan.version})`);
      },
    },
  };
}
