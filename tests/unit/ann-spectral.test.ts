import { beforeAll, describe, expect, it } from 'vitest';
import { jacobiEigen, lanczosTop, subspaceTop, type SymOperator } from '../../src/lib/ann/eigen.ts';
import { adjustedRandIndex, groundTruth, purity, recallAtK } from '../../src/lib/ann/recall.ts';
import { AnnAbortError, rowDot } from '../../src/lib/ann/rows.ts';
import { buildAffinity, buildSpectral, defaultExactLimit, knnGraph, normalizedAffinity, SpectralIndex } from '../../src/lib/ann/spectral.ts';
import { syntheticClusters, syntheticQueries } from '../../src/lib/ann/synthetic.ts';
import { mulberry32 } from '../../src/lib/random.ts';
import { topK } from '../../src/lib/ranking/topk.ts';

function denseOf(op: SymOperator, n: number): Float64Array {
  const A = new Float64Array(n * n), e = new Float64Array(n), y = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0); e[j] = 1;
    op(e, y);
    for (let i = 0; i < n; i++) A[i * n + j] = y[i];
  }
  return A;
}

describe('eigensolvers', { timeout: 30_000 }, () => {
  const n = 60;
  const rand = mulberry32(7);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) { const v = rand() * 2 - 1; A[i * n + j] = v; A[j * n + i] = v; }
  const op: SymOperator = (x, y) => {
    for (let i = 0; i < n; i++) { let s = 0; for (let j = 0; j < n; j++) s += A[i * n + j] * x[j]; y[i] = s; }
  };
  const dense = jacobiEigen(A, n);

  it('Jacobi diagonalises a dense symmetric matrix', () => {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += dense.vectors[i * n + k] * dense.values[k] * dense.vectors[j * n + k];
        expect(s).toBeCloseTo(A[i * n + j], 10);
      }
    }
    for (let k = 1; k < n; k++) expect(dense.values[k]).toBeLessThanOrEqual(dense.values[k - 1]);
  });

  it('Lanczos (full reorthogonalisation) and subspace iteration agree with Jacobi on a 60 × 60 matrix', () => {
    const lz = lanczosTop(op, n, 6, { maxBasis: n, tol: 1e-10 });
    let lower = Infinity; // Gershgorin
    for (let i = 0; i < n; i++) { let r = A[i * n + i]; for (let j = 0; j < n; j++) if (j !== i) r -= Math.abs(A[i * n + j]); lower = Math.min(lower, r); }
    const ss = subspaceTop(op, n, 6, { lower, tol: 1e-10 });
    expect(ss.converged).toBe(true);
    for (let k = 0; k < 6; k++) {
      expect(lz.values[k]).toBeCloseTo(dense.values[k], 8);
      expect(ss.values[k]).toBeCloseTo(dense.values[k], 8);
      // eigenvectors up to sign
      let d = 0;
      for (let i = 0; i < n; i++) d += ss.vectors[k][i] * dense.vectors[i * n + k];
      expect(Math.abs(d)).toBeCloseTo(1, 6);
    }
  });

  it('finds a repeated eigenvalue of a disconnected graph (normalised affinity)', () => {
    const blobs = syntheticClusters({ n: 60, dim: 16, clusters: 3, spread: 0.3, seed: 2 });
    const graph = knnGraph(blobs.matrix, { neighbors: 5 });
    const M = normalizedAffinity(buildAffinity(graph));
    const want = jacobiEigen(denseOf(M, 60), 60).values;
    expect(want[0]).toBeCloseTo(1, 10);
    const ss = subspaceTop(M, 60, 5, { tol: 1e-10 });
    for (let k = 0; k < 5; k++) expect(ss.values[k]).toBeCloseTo(want[k], 8);
    // single-vector Lanczos holds one direction of each eigenspace: it converges without the
    // copies (documented; why the spectral index uses the block method)
    const lz = lanczosTop(M, 60, 5, {});
    expect(lz.values[0]).toBeCloseTo(1, 8);
    expect(lz.values.filter((v) => Math.abs(v - 1) < 1e-8).length).toBeLessThan(3);
  });
});

describe('kNN graph', () => {
  it('is exact by default while N²·dim/2 stays under 10¹⁰ multiply-adds', () => {
    expect(defaultExactLimit(48)).toBe(20000);
    expect(defaultExactLimit(512)).toBe(6250);
  });

  it('matches brute-force exact neighbours', () => {
    const { matrix } = syntheticClusters({ n: 300, dim: 12, clusters: 4, seed: 8 });
    const g = knnGraph(matrix, { neighbors: 7 });
    expect(g.exact).toBe(true);
    for (const i of [0, 17, 150, 299]) {
      const q = matrix.data.subarray(i * 12, (i + 1) * 12);
      const want = topK(q, matrix, 'cosine', 7, { exclude: i }).map((h) => h.index);
      expect(Array.from(g.ids.subarray(i * 7, (i + 1) * 7))).toEqual(want);
    }
  });
});

describe('spectral clustering search', { timeout: 30_000 }, () => {
  const N = 3000, DIM = 48, C = 15;
  const set = syntheticClusters({ n: N, dim: DIM, clusters: C, seed: 1 });
  const { queries } = syntheticQueries(set, 100, 7);
  let index: SpectralIndex;
  const progress: number[] = [];

  beforeAll(() => {
    index = buildSpectral(set.matrix, { clusters: C, seed: 1, onProgress: (f) => progress.push(f) });
  }, 60_000);

  it('recovers the planted clusters (exact kNN graph)', () => {
    expect(index.graph.exact).toBe(true);
    expect(index.clusterCount).toBe(C);
    const ari = adjustedRandIndex(index.assignments, set.labels);
    expect(ari).toBeGreaterThanOrEqual(0.9);
    expect(purity(index.assignments, set.labels)).toBeGreaterThanOrEqual(0.9);
    expect(index.eigenvalues[0]).toBeCloseTo(1, 6);
    expect(progress.at(-1)).toBe(1);
  });

  it('routes queries to the cluster holding their neighbours', () => {
    const truth = groundTruth(queries, set.matrix, 10);
    const recall: Record<number, number> = {};
    for (const probes of [1, 2]) {
      const res = queries.map((q) => index.search(q, { probes, k: 10 }));
      recall[probes] = recallAtK(res.map((r) => r.hits.map((h) => h.index)), truth, 10);
    }
    console.info(`spectral routing recall@10 (3k × 48, 15 blobs): probes 1 → ${recall[1].toFixed(3)}, probes 2 → ${recall[2].toFixed(3)}`);
    expect(recall[1]).toBeGreaterThanOrEqual(0.95);
    expect(recall[2]).toBeGreaterThanOrEqual(recall[1]);
    expect(index.route(queries[0], { probes: 3 })).toHaveLength(3);
  });

  it('describes its clusters: sizes, unit centres, medoids among the members', () => {
    const clusters = index.clusters();
    expect(clusters.reduce((a, c) => a + c.size, 0)).toBe(N);
    for (const c of clusters) {
      expect(c.members).toHaveLength(c.size);
      expect(Array.from(c.members)).toContain(c.medoid);
      let s = 0;
      for (const v of c.centre) s += v * v;
      expect(Math.sqrt(s)).toBeCloseTo(1, 5);
    }
    const c0 = clusters[0];
    let best = -1, bestScore = -Infinity;
    for (const id of c0.members) { const s = rowDot(set.matrix, id, c0.centre); if (s > bestScore) { bestScore = s; best = id; } }
    expect(c0.medoid).toBe(best);
  });

  it('is exact search when every cluster is probed; k defaults to 100', () => {
    const q = queries[5];
    const got = index.search(q, { probes: C });
    const want = topK(q, set.matrix, 'cosine', 100);
    expect(got.hits).toHaveLength(100);
    expect(got.scanned).toBe(N);
    expect(got.hits.map((h) => h.index)).toEqual(want.map((h) => h.index));
    const one = index.search(q);
    expect(one.lists).toHaveLength(1);
    expect(one.scanned).toBe(index.clusters()[one.lists[0]].size);
  });

  it('builds the graph on an IVF probe above exactLimit, and is deterministic', () => {
    const small = syntheticClusters({ n: 1500, dim: 24, clusters: 8, seed: 4 });
    const a = buildSpectral(small.matrix, { clusters: 8, seed: 3, exactLimit: 0 });
    expect(a.graph.exact).toBe(false);
    expect(adjustedRandIndex(a.assignments, small.labels)).toBeGreaterThanOrEqual(0.9);
    const b = buildSpectral(small.matrix, { clusters: 8, seed: 3, exactLimit: 0 });
    expect(b.assignments).toEqual(a.assignments);
    expect(b.medoids).toEqual(a.medoids);
  }, 30_000);

  it('stops when asked and rejects bad parameters', () => {
    const small = syntheticClusters({ n: 300, dim: 8, clusters: 3, seed: 4 });
    let calls = 0;
    expect(() => buildSpectral(small.matrix, { clusters: 3, shouldStop: () => ++calls > 2 })).toThrow(AnnAbortError);
    expect(() => buildSpectral(small.matrix, { clusters: 0 })).toThrow(RangeError);
    expect(() => index.search(queries[0], { probes: 0 })).toThrow(RangeError);
  });
});
