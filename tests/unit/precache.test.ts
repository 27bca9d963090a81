import { describe, expect, it } from 'vitest';
import { cacheKeyOf, isAppPage, isHashedAsset, planPrecache, routeOf } from '../../src/lib/offline/precache.ts';

const site = [
  { path: 'index.html', bytes: 1_000 },
  { path: 'assets/index-abc.js', bytes: 150_000 },
  { path: 'assets/index-abc.js.map', bytes: 1_000_000 },
  { path: 'assets/ort-wasm-simd-threaded.asyncify-x.wasm', bytes: 27_000_000 },
  { path: 'gallery/manifest.json', bytes: 600_000 },
  { path: 'gallery/images/noto/1f436.png', bytes: 3_000 },
  { path: 'gallery/vectors/classic.ivec', bytes: 7_700_000 },
  { path: 'gallery/vectors/pixels.ivec', bytes: 73_000_000 },
  { path: 'models/tiny-clip/onnx/model.onnx', bytes: 500_000 },
  { path: 'sw.js', bytes: 400_000 },
];

describe('what the service worker stores on install', () => {
  it('the app shell and the demo gallery; not maps, models, the worker itself or the 73 MB raw-pixel vectors', () => {
    const plan = planPrecache(site, { shipsModel: false });
    expect(plan.precache).toEqual(['assets/index-abc.js', 'gallery/images/noto/1f436.png', 'gallery/manifest.json', 'gallery/vectors/classic.ivec', 'index.html']);
    expect(plan.bytes).toBe(150_000 + 3_000 + 600_000 + 7_700_000 + 1_000);
  });

  it('the onnxruntime .wasm too when the site ships a model (text search offline needs it)', () => {
    expect(planPrecache(site, { shipsModel: true }).precache).toContain('assets/ort-wasm-simd-threaded.asyncify-x.wasm');
  });

  it('a new version whenever a stored file changes name, size or content', () => {
    const v = planPrecache(site, { shipsModel: false }).version;
    expect(planPrecache([...site].reverse(), { shipsModel: false }).version).toBe(v);
    expect(planPrecache(site.map((f) => (f.path === 'index.html' ? { ...f, bytes: 1_001 } : f)), { shipsModel: false }).version).not.toBe(v);
    expect(planPrecache(site.map((f) => (f.path === 'index.html' ? { ...f, hash: 'x' } : f)), { shipsModel: false }).version).not.toBe(v);
    expect(planPrecache(site.map((f) => (f.path.endsWith('.map') ? { ...f, bytes: 5 } : f)), { shipsModel: false }).version).toBe(v);
  });

  it('a new version too when a file cached on first use changes (the raw-pixel vectors), but not a model', () => {
    const v = planPrecache(site, { shipsModel: false }).version;
    expect(planPrecache(site.map((f) => (f.path.includes('pixels') ? { ...f, hash: 'rebuilt' } : f)), { shipsModel: false }).version).not.toBe(v);
    expect(planPrecache(site.map((f) => (f.path.startsWith('models/') ? { ...f, hash: 'other' } : f)), { shipsModel: false }).version).toBe(v);
  });
});

describe('how the service worker routes a request', () => {
  it('leaves model files to transformers.js, serves the shell and gallery from its cache', () => {
    expect(routeOf('models/Xenova/clip/onnx/model.onnx')).toBe('models');
    expect(routeOf('')).toBe('shell');
    expect(routeOf('assets/index-abc.js')).toBe('shell');
    expect(routeOf('gallery/vectors/pixels.ivec')).toBe('shell');
    expect(routeOf('galleries/museum/manifest.json')).toBe('shell');
    expect(routeOf('something-else.txt')).toBe('other');
  });

  it("answers only the app's own pages with the app shell", () => {
    expect(isAppPage('')).toBe(true);
    expect(isAppPage('index.html')).toBe(true);
    for (const p of ['sw.js', 'gallery/manifest.json', 'no/such/page', 'index.html/x']) expect(isAppPage(p), p).toBe(false);
  });

  it('keeps one cache entry per file whatever the query string', () => {
    expect(cacheKeyOf('https://u.github.io/repo/?embed=1&k=5')).toBe('https://u.github.io/repo/');
    expect(cacheKeyOf('https://u.github.io/repo/gallery/manifest.json?v=2#x')).toBe('https://u.github.io/repo/gallery/manifest.json');
  });

  it('revalidates every file except the content-hashed build files', () => {
    expect(isHashedAsset('assets/index-BdF3k9_x.js')).toBe(true);
    expect(isHashedAsset('assets/ort-wasm-simd-threaded.asyncify-CZ1a2b3c.wasm')).toBe(true);
    for (const p of ['index.html', 'gallery/manifest.json', 'gallery/vectors/classic.ivec', 'manifest.webmanifest', 'icons/icon-192.png']) expect(isHashedAsset(p), p).toBe(false);
  });
});
