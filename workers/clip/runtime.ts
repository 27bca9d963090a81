/**
 * transformers.js in the browser, configured once: model files from the site's own models/
 * folder (a path derived from the base path, never an http:// URL), the Hub only when the
 * person allowed it, onnxruntime's WASM files self-hosted (never its CDN default), threads only
 * where the page is cross-origin isolated (GitHub Pages cannot send COOP/COEP).
 */
import { env, LogLevel } from '@huggingface/transformers';
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import ortMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import { wasmThreads } from '../../src/lib/offline/isolation.ts';
import { verifyingFetch } from './integrity.ts';

const plainFetch = globalThis.fetch.bind(globalThis);

export function configureTransformers(modelsPath: string, allowDownload: boolean): void {
  if (/^[a-z]+:\/\//i.test(modelsPath)) throw new Error(`modelsPath must be a path, not a URL: ${modelsPath}`);
  env.allowLocalModels = true;
  env.localModelPath = modelsPath.endsWith('/') ? modelsPath : `${modelsPath}/`;
  env.allowRemoteModels = allowDownload;
  env.useBrowserCache = true; // Hub downloads are kept in the Cache API: the next visit is offline
  env.logLevel = LogLevel.ERROR;
  env.fetch = verifyingFetch(plainFetch, env.remoteHost); // known Hub files checked before they are cached
  // transformers.js's "WASM cache" hands onnxruntime its factory as a blob: module, which the
  // page's policy (script-src 'self', binding the worker) refuses; the factory comes from the site instead.
  env.useWasmCache = false;
  const wasm = env.backends.onnx.wasm;
  if (wasm) {
    wasm.wasmPaths = { wasm: new URL(ortWasmUrl, self.location.href).href, mjs: new URL(ortMjsUrl, self.location.href).href };
    wasm.numThreads = wasmThreads(self.crossOriginIsolated, navigator.hardwareConcurrency);
  }
}

/**
 * Removes every file of a model from transformers.js's cache (Hub URLs and site paths alike), so a
 * model that failed to load is fetched again next time instead of failing the same way.
 */
export async function dropCachedModel(modelId: string): Promise<number> {
  try {
    const cache = await caches.open(env.cacheKey);
    const marker = `/${modelId}/`;
    let dropped = 0;
    for (const request of await cache.keys()) {
      if (new URL(request.url).pathname.includes(marker) && (await cache.delete(request))) dropped++;
    }
    return dropped;
  } catch {
    return 0;
  }
}

/** How much more the browser lets this site store, when it says. */
export async function storageEstimate(): Promise<{ quota?: number; usage?: number }> {
  try {
    return (await navigator.storage?.estimate?.()) ?? {};
  } catch {
    return {};
  }
}

/** The WASM threads onnxruntime was told to use. */
export function configuredThreads(): number {
  return env.backends.onnx.wasm?.numThreads ?? 1;
}

/**
 * Does the site ship `<modelsPath>/<modelId>/`? Built sites list their models in
 * `<modelsPath>/index.json` (scripts/vite/models-index.ts), so nothing is probed (no 404s); a dev
 * server has no index, so config.json is asked for. Offline, the answer is whether transformers.js
 * kept the model's config.json in its Cache API store on an earlier visit (it caches site files
 * too, under their path): it owns model files, the service worker leaves them alone.
 */
export async function isShippedWithSite(modelsPath: string, modelId: string): Promise<boolean> {
  const base = modelsPath.replace(/\/?$/, '/');
  const config = `${base}${modelId}/config.json`;
  const json = async (res: Response | undefined): Promise<unknown> => (res?.ok ? res.json().catch(() => null) : null);
  const isObject = (x: unknown) => typeof x === 'object' && x !== null;
  try {
    const index = await json(await fetch(`${base}index.json`, { cache: 'no-cache' }));
    if (isObject(index) && Array.isArray((index as { models?: unknown }).models)) {
      return ((index as { models: unknown[] }).models).includes(modelId);
    }
    return isObject(await json(await fetch(config, { cache: 'no-cache' })));
  } catch {
    try {
      const cache = await caches.open(env.cacheKey);
      return isObject(await json(await cache.match(new URL(config, self.location.href).href)));
    } catch {
      return false;
    }
  }
}
