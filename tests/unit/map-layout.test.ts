import { describe, expect, it } from 'vitest';
import type { VectorMatrix } from '../../src/lib/format/vectors.ts';
import { buildLayout, projectPoint } from '../../src/lib/map/layout.ts';
import { MapView, boundsOf, MAX_ZOOM } from '../../src/lib/map/view.ts';
import { mulberry32 } from '../../src/lib/random.ts';

/** `groups` tight blobs of unit vectors around random centres, `per` points each, in order. */
function blobs(groups: number, per: number, dim: number, seed = 1, noise = 0.02): VectorMatrix {
  const rand = mulberry32(seed);
  const data = new Float32Array(groups * per * dim);
  for (let g = 0; g < groups; g++) {
    const centre = Array.from({ length: dim }, () => rand() - 0.5);
    for (let p = 0; p < per; p++) {
      const o = (g * per + p) * dim;
      let s = 0;
      for (let j = 0; j < dim; j++) { data[o + j] = centre[j] + noise * (rand() - 0.5); s += data[o + j] ** 2; }
      for (let j = 0; j < dim; j++) data[o + j] /= Math.sqrt(s);
    }
  }
  return { kind: 'f32', dim, count: groups * per, data };
}

describe('map layout (PCA + k-means + medoids)', () => {
  it('finds well-separated groups as clusters, numbered by size, with a member as medoid', () => {
    const m = blobs(4, 30, 16);
    const layout = buildLayout(m, { clusters: 4, seed: 2 });
    expect(layout.x).toHaveLength(120);
    expect(layout.clusters).toHaveLength(4);
    // Every blob falls in one cluster, and different blobs in different clusters.
    const labels = new Set<number>();
    for (let g = 0; g < 4; g++) {
      const l = new Set(Array.from(layout.cluster.slice(g * 30, g * 30 + 30)));
      expect(l.size).toBe(1);
      labels.add([...l][0]);
    }
    expect(labels.size).toBe(4);
    layout.clusters.forEach((c, j) => {
      expect(c.size).toBe(30);
      expect(layout.cluster[c.medoid]).toBe(j);
    });
    expect(layout.explained[0]).toBeGreaterThan(layout.explained[1]);
    expect(layout.explained[0] + layout.explained[1]).toBeLessThanOrEqual(1 + 1e-9);
  });

  it('orders clusters by decreasing size and reports progress by phase', () => {
    const a = blobs(1, 50, 8, 3), b = blobs(1, 10, 8, 4);
    const data = new Float32Array([...a.data, ...b.data]);
    const phases = new Set<string>();
    const layout = buildLayout({ kind: 'f32', dim: 8, count: 60, data }, { clusters: 2, onProgress: (p) => phases.add(p) });
    expect(layout.clusters.map((c) => c.size)).toEqual([50, 10]);
    expect(layout.cluster[0]).toBe(0);
    expect(layout.cluster[55]).toBe(1);
    expect([...phases]).toEqual(['pca', 'clusters', 'layout']);
  });

  it('projects a vector where its own row lies, and copes with fewer rows than clusters', () => {
    const m = blobs(3, 2, 5);
    const layout = buildLayout(m, { clusters: 12 });
    expect(layout.clusters.length).toBeLessThanOrEqual(6);
    const p = projectPoint(layout, m.data.subarray(5, 10));
    expect(p.x).toBeCloseTo(layout.x[1], 5);
    expect(p.y).toBeCloseTo(layout.y[1], 5);
    expect(buildLayout({ kind: 'f32', dim: 3, count: 0, data: new Float32Array(0) }).clusters).toEqual([]);
  });
});

describe('map view (camera)', () => {
  const view = () => {
    const v = new MapView(boundsOf([0, 10], [0, 5]));
    v.resize(220, 120);
    v.margin = 10;
    return v;
  };

  it('fits the layout at zoom 1 and maps world ⇄ screen (y up)', () => {
    const v = view();
    expect(v.baseScale).toBe(20); // min(200/10, 100/5)
    expect(v.toScreen(0, 0)).toEqual({ x: 10, y: 110 });
    expect(v.toScreen(10, 5)).toEqual({ x: 210, y: 10 });
    expect(v.toWorld(110, 60)).toEqual({ x: 5, y: 2.5 });
  });

  it('zooms about the pointer (the world point under it stays put) and clamps the zoom', () => {
    const v = view();
    const before = v.toWorld(40, 30);
    v.zoomAt(2, 40, 30);
    expect(v.camera.zoom).toBe(2);
    const after = v.toWorld(40, 30);
    expect(after.x).toBeCloseTo(before.x, 10);
    expect(after.y).toBeCloseTo(before.y, 10);
    v.zoomAt(1e6);
    expect(v.camera.zoom).toBe(MAX_ZOOM);
    v.reset();
    expect(v.camera.zoom).toBe(1);
  });

  it('pans by screen pixels and finds the nearest point within a radius', () => {
    const v = view();
    v.pan(20, -10);
    expect(v.toScreen(0, 0)).toEqual({ x: 30, y: 100 });
    const xs = [0, 10, 5], ys = [0, 5, 2.5];
    const c = v.toScreen(5, 2.5);
    expect(v.nearest(xs, ys, c.x + 3, c.y - 2, 6)).toBe(2);
    expect(v.nearest(xs, ys, c.x + 30, c.y, 6)).toBe(-1);
    expect(v.visible(c.x, c.y)).toBe(true);
    expect(v.visible(-1, 5)).toBe(false);
  });

  it('gives a flat or empty layout a non-zero extent', () => {
    const b = boundsOf([1, 1], [2, 2]);
    expect(b.maxX - b.minX).toBeGreaterThan(0);
    expect(b.maxY - b.minY).toBeGreaterThan(0);
    expect(boundsOf([], [])).toEqual({ minX: -1, maxX: 1, minY: -1, maxY: 1 });
  });
});

describe('buildLayout with given clusters (the spectral index\'s)', () => {
  const m: VectorMatrix = { kind: 'f32', dim: 2, count: 5, data: Float32Array.of(1, 0, 0.9, 0.1, 0, 1, 0.1, 0.9, 0.2, 0.8) };

  it('keeps the given assignment and medoids, numbering clusters by decreasing size', () => {
    const layout = buildLayout(m, { given: { assignments: [1, 1, 0, 0, 0], medoids: [3, 0] } });
    expect(Array.from(layout.cluster)).toEqual([1, 1, 0, 0, 0]);
    expect(layout.clusters).toEqual([{ size: 3, medoid: 3 }, { size: 2, medoid: 0 }]);
  });

  it('refuses an assignment of another length or outside the clusters', () => {
    expect(() => buildLayout(m, { given: { assignments: [0, 0], medoids: [0] } })).toThrow(RangeError);
    expect(() => buildLayout(m, { given: { assignments: [0, 0, 0, 0, 2], medoids: [0, 1] } })).toThrow(/outside 0..1/);
  });
});
