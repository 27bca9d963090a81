/**
 * transformers.js in the browser, configured once: model files from the site's own models/
 * folder (a path derived from the base path, never an http:// URL), the Hub only when the
 * person allowed it, onnxruntime's WASM files self-hosted (never its CDN default), threads only
 * where the page is cross-origin isolated (GitHub Pages cannot send COOP/COEP).
 */
import { env, LogLevel } from '@huggingface/transformers';
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import ortMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';

export function configureTransformers(modelsPath: string, allowDownload: boolean): void {
  if (/^[a-z]+:\/\//i.test(modelsPath)) throw new Error(`modelsPath must be a path, not a URL: ${modelsPath}`);
  env.allowLocalModels = true;
  env.localModelPath = modelsPath.endsWith('/') ? modelsPath : `${modelsPath}/`;
  env.allowRemoteModels = allowDownload;
  env.useBrowserCache = true; // Hub downloads are kept in the Cache API: the next visit is offline
  env.logLevel = LogLevel.ERROR;
  const wasm = env.backends.onnx.wasm;
  if (wasm) {
    wasm.wasmPaths = { wasm: new URL(ortWasmUrl, self.location.href).href, mjs: new URL(ortMjsUrl, self.location.href).href };
    wasm.numThreads = self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
  }
}

/** Is `<modelsPath>/<modelId>/config.json` served by the site itself? */
export async function isShippedWithSite(modelsPath: string, modelId: string): Promise<boolean> {
  try {
    const res = await fetch(`${modelsPath.replace(/\/?$/, '/')}${modelId}/config.json`, { cache: 'no-cache' });
    if (!res.ok) return false;
    const json: unknown = await res.json();
    return typeof json === 'object' && json !== null;
  } catch {
    return false;
  }
}
