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

/** Files the service worker never stores: models (transformers.js owns them), source maps, itself. */
export function isNeverCached(path: string): boolean {
  return path.startsWith('models/') || path.endsWith('.map') || path === 'sw.js';
}

/**
 * Everything else is stored on install, except the raw-pixel vectors (73 MB) and the onnxruntime
 * .wasm (27 MB, only needed for CLIP) unless the site ships a model: both are cached on first use.
 */
export function planPrecache(files: readonly SiteFile[], options: { shipsModel: boolean }): PrecachePlan {
  const later = (p: string) => /^(?:gallery|galleries\/[^/]+)\/vectors\/pixels\./.test(p) || (!options.shipsModel && p.endsWith('.wasm'));
  const byPath = (a: SiteFile, b: SiteFile) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  const cacheable = files.filter((f) => !isNeverCached(f.path)).sort(byPath);
  const chosen = cacheable.filter((f) => !later(f.path));
  // The version covers the files cached on first use too, so a rebuilt raw-pixel file is not served stale.
  return { precache: chosen.map((f) => f.path), bytes: chosen.reduce((s, f) => s + f.bytes, 0), version: fnv1a(cacheable.map((f) => `${f.path}:${f.bytes}:${f.hash ?? ''}`).join('\n')) };
}

/** Which rule a same-origin request path (relative to the site root) follows in the worker. */
export function routeOf(relativePath: string): Route {
  if (relativePath.startsWith('models/')) return 'models';
  if (relativePath === '' || relativePath === 'index.html' || relativePath.startsWith('assets/') || relativePath.startsWith('gallery/') || relativePath.startsWith('galleries/') || relativePath.startsWith('icons/') || relativePath === 'manifest.webmanifest') return 'shell';
  return 'other';
}

/** The app's own pages: the only navigations answered with the app shell (index.html). */
export function isAppPage(relativePath: string): boolean {
  return relativePath === '' || relativePath === 'index.html';
}

/** Vite's content-hashed build files (`assets/name-HASH.ext`): never change, never revalidated. */
export function isHashedAsset(relativePath: string): boolean {
  return /^assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/i.test(relativePath);
}

/** One cache entry per file: the app's files do not vary by query string (`?embed=1`, `?k=…`). */
export function cacheKeyOf(url: string): string {
  const u = new URL(url);
  u.search = '';
  u.hash = '';
  return u.href;
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
