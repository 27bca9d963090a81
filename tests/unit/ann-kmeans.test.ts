import { describe, expect, it } from 'vitest';
import { defaultSampleSize, kmeans } from '../../src/lib/ann/kmeans.ts';
import { adjustedRandIndex, purity, recallAtK } from '../../src/lib/ann/recall.ts';
import { AnnAbortError, rowDot, rowInto, rowNorms } from '../../src/lib/ann/rows.ts';
import { syntheticClusters, syntheticQueries } from '../../src/lib/ann/synthetic.ts';
import { quantizeI8 } from '../../src/lib/format/vectors.ts';

describe('synthetic blobs', () => {
  it('are deterministic unit vectors with the requested shape', () => {
    const a = syntheticClusters({ n: 300, dim: 32, clusters: 5, seed: 4 });
    const b = syntheticClusters({ n: 300, dim: 32, clusters: 5, seed: 4 });
    const c = syntheticClusters({ n: 300, dim: 32, clusters: 5, seed: 5 });
    expect(a.matrix.data).toEqual(b.matrix.data);
    expect(a.labels).toEqual(b.labels);
    expect(a.matrix.data).not.toEqual(c.matrix.data);
    expect(a.matrix.count).toBe(300);
    expect(new Set(a.labels).size).toBe(5);
    const norms = rowNorms(a.matrix);
    for (const n of norms) expect(n).toBeCloseTo(1, 5);
    const q = syntheticQueries(a, 4, 9);
    expect(q.queries).toHaveLength(4);
    expect(syntheticQueries(a, 4, 9).queries[3]).toEqual(q.queries[3]);
  });
});

describe('row accessor', () => {
  it('reads f32, u8 and i8 rows in real units', () => {
    const f: Float32Array = Float32Array.from([0.5, -0.25, 1, 0, 0.75, -1]);
    const i8 = quantizeI8(f, 3);
    const u8 = { kind: 'u8' as const, dim: 3, count: 2, data: Uint8Array.from([2, 4, 6, 8, 10, 12]), scale: 0.5 };
    const out = new Float32Array(3);
    expect(Array.from(rowInto(u8, 1, out))).toEqual([4, 5, 6]);
    rowInto(i8, 0, out);
    out.forEach((v, j) => expect(v).toBeCloseTo(f[j], 2));
    const q = Float32Array.from([1, 2, 3]);
    expect(rowDot(u8, 0, q)).toBeCloseTo(1 + 4 + 9, 6);
    expect(rowDot(i8, 1, q)).toBeCloseTo(0 + 1.5 - 3, 1);
    expect(rowDot({ kind: 'f32', dim: 3, count: 2, data: f }, 1, q)).toBeCloseTo(-1.5, 6);
  });

  it('recall@k counts the overlap with the exact lists', () => {
    expect(recallAtK([[1, 2, 3], [4, 5, 6]], [[3, 2, 1], [4, 7, 8]], 3)).toBeCloseTo((1 + 1 / 3) / 2, 10);
    expect(recallAtK([[1, 2]], [[1, 9]], 1)).toBe(1);
    expect(() => recallAtK([[1]], [], 1)).toThrow(RangeError);
    expect(adjustedRandIndex([0, 0, 1, 1], [5, 5, 7, 7])).toBe(1);
    expect(purity([0, 0, 0, 1], [1, 1, 2, 2])).toBe(0.75);
  });
});

describe('k-means', { timeout: 30_000 }, () => {
  const set = syntheticClusters({ n: 2000, dim: 24, clusters: 8, spread: 0.5, seed: 11 });

  it('recovers well-separated blobs and converges', () => {
    const km = kmeans(set.matrix, { k: 8, spherical: true, seed: 1, restarts: 4 });
    expect(km.converged).toBe(true);
    expect(km.assignments).toHaveLength(2000);
    expect(adjustedRandIndex(km.assignments, set.labels)).toBeGreaterThan(0.95);
    let total = 0;
    for (const c of km.counts) total += c;
    expect(total).toBe(2000);
    for (let j = 0; j < 8; j++) {
      let s = 0;
      for (let t = 0; t < 24; t++) s += km.centroids[j * 24 + t] ** 2;
      expect(Math.sqrt(s)).toBeCloseTo(1, 5); // spherical: unit centroids
    }
  });

  it('is deterministic for a seed', () => {
    const a = kmeans(set.matrix, { k: 12, seed: 3 });
    const b = kmeans(set.matrix, { k: 12, seed: 3 });
    const c = kmeans(set.matrix, { k: 12, seed: 4 });
    expect(a.centroids).toEqual(b.centroids);
    expect(a.assignments).toEqual(b.assignments);
    expect(a.centroids).not.toEqual(c.centroids);
  });

  it('trains on a sample of the requested size, then assigns every row', () => {
    expect(defaultSampleSize(100000, 632)).toBe(50 * 632);
    expect(defaultSampleSize(1000, 100)).toBe(1000);
    const km = kmeans(set.matrix, { k: 8, sampleSize: 400, seed: 2, spherical: true, restarts: 3 });
    expect(km.sampleSize).toBe(400);
    expect(km.assignments).toHaveLength(2000);
    expect(purity(km.assignments, set.labels)).toBeGreaterThan(0.9);
  });

  it('repairs empty clusters (more clusters than distinct points)', () => {
    const dim = 4;
    const distinct = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]];
    const data = new Float32Array(30 * dim);
    for (let i = 0; i < 30; i++) data.set(distinct[i % 3], i * dim);
    const km = kmeans({ kind: 'f32', dim, count: 30, data }, { k: 5, seed: 1, assignAll: false });
    expect(Array.from(km.counts).every((c) => c > 0)).toBe(true);
    expect(km.counts.reduce((a, b) => a + b, 0)).toBe(30);
  });

  it('works on int8 rows (per-row scales) like on floats', () => {
    const i8 = quantizeI8(set.matrix.data, 24);
    const a = kmeans(set.matrix, { k: 8, seed: 5, spherical: true, restarts: 3 });
    const b = kmeans(i8, { k: 8, seed: 5, spherical: true, restarts: 3 });
    expect(adjustedRandIndex(a.assignments, b.assignments)).toBeGreaterThan(0.95);
  });

  it('reports progress and stops when asked', () => {
    const seen: number[] = [];
    kmeans(set.matrix, { k: 8, seed: 1, onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.at(-1)).toBe(1);
    for (const f of seen) { expect(f).toBeGreaterThanOrEqual(0); expect(f).toBeLessThanOrEqual(1); }
    let calls = 0;
    expect(() => kmeans(set.matrix, { k: 8, shouldStop: () => ++calls > 3 })).toThrow(AnnAbortError);
  });

  it('rejects impossible requests', () => {
    expect(() => kmeans(set.matrix, { k: 0 })).toThrow(RangeError);
    expect(() => kmeans(set.matrix, { k: 2001 })).toThrow(/larger than the number of rows/);
    expect(() => kmeans({ kind: 'f32', dim: 3, count: 2, data: new Float32Array(5) }, { k: 1 })).toThrow(RangeError);
  });
});
