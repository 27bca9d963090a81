import { describe, expect, it } from 'vitest';
import { planPrecache, routeOf } from '../../src/lib/offline/precache.ts';

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
});

describe('how the service worker routes a request', () => {
  it('leaves model files to transformers.js, serves the shell and gallery from its cache', () => {
    expect(routeOf('models/Xenova/clip/onnx/model.onnx')).toBe('models');
    expect(routeOf('')).toBe('shell');
    expect(routeOf('assets/index-abc.js')).toBe('shell');
    expect(routeOf('gallery/vectors/pixels.ivec')).toBe('shell');
    expect(routeOf('something-else.txt')).toBe('other');
  });
});
