/**
 * What the service worker stores on install (the app shell and the demo gallery) and what it
 * leaves to first use, decided from the built site's file list. Pure, so it is unit-tested.
 */
export interface SiteFile {
  /** path relative to the site root, "/"-separated */
  readonly path: string;
  readonly bytes: number;
  /** a digest of the content, so a file changed in place (same name and size) changes the version */
  readonly hash?: string;
}

export interface PrecachePlan {
  readonly precache: readonly string[];
  readonly bytes: number;
  /** changes whenever any precached file's name, size or content changes: names the cache */
  readonly version: string;
}

export type Route = 'models' | 'shell' | 'other';

/**
 * - models/: never (transformers.js owns model files in its own Cache API store);
 * - source maps, the service worker itself, the app manifest's icons beyond what the manifest
 *   lists are small or useless offline;
 * - the raw-pixel vectors (73 MB) and the onnxruntime .wasm (27 MB, only needed for CLIP) unless
 *   the site ships a model: both are cached on first use instead.
 */
export function planPrecache(files: readonly SiteFile[], options: { shipsModel: boolean }): PrecachePlan {
  const skip = (p: string) =>
    p.startsWith('models/') ||
    p.endsWith('.map') ||
    p === 'sw.js' ||
    /^gallery\/vectors\/pixels\./.test(p) ||
    (!options.shipsModel && p.endsWith('.wasm'));
  const chosen = files.filter((f) => !skip(f.path)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { precache: chosen.map((f) => f.path), bytes: chosen.reduce((s, f) => s + f.bytes, 0), version: fnv1a(chosen.map((f) => `${f.path}:${f.bytes}:${f.hash ?? ''}`).join('\n')) };
}

/** Which rule a same-origin request path (relative to the site root) follows in the worker. */
export function routeOf(relativePath: string): Route {
  if (relativePath.startsWith('models/')) return 'models';
  if (relativePath === '' || relativePath === 'index.html' || relativePath.startsWith('assets/') || relativePath.startsWith('gallery/') || relativePath.startsWith('icons/') || relativePath === 'manifest.webmanifest') return 'shell';
  return 'other';
}

/** 32-bit FNV-1a as 8 hex digits: a short, stable fingerprint (not a security hash). */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
