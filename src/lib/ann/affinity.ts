/**
 * Spectral clustering's affinity (spectral.ts): the kNN graph symmetrised and weighted, as CSR,
 * and the normalised operator D^-1/2 W D^-1/2 the eigensolvers apply. Pure and DOM-free.
 */
import type { BlockOperator, SymOperator } from './eigen.ts';
import type { KnnGraph } from './knn-graph.ts';

/** Edge weights: a self-tuning Gaussian (σ_i = distance to the 7th neighbour), the cosine, or a fixed Gaussian. */
export type AffinityKernel = 'self-tuning' | 'cosine' | { readonly sigma: number };

export interface Affinity {
  readonly n: number;
  /** CSR: row i's entries at rowPtr[i] .. rowPtr[i + 1] */
  readonly rowPtr: Uint32Array;
  readonly cols: Uint32Array;
  readonly weights: Float64Array;
  readonly degrees: Float64Array;
}

/**
 * Symmetric affinity from a kNN graph: an edge where j is among i's neighbours or i among j's
 * (union), weighted by the kernel. Distances are chordal: d² = 2 − 2·cos (unit vectors).
 */
export function buildAffinity(graph: KnnGraph, kernel: AffinityKernel = 'self-tuning'): Affinity {
  const { n, k, ids, sims } = graph;
  const d2 = (s: number) => Math.max(0, 2 - 2 * s);
  let weight: (i: number, s: number, j: number) => number;
  if (kernel === 'cosine') {
    weight = (_i, s) => Math.max(0, s);
  } else if (kernel === 'self-tuning') {
    const m = Math.min(7, k) - 1; // σ_i: distance to the 7th neighbour (Zelnik-Manor & Perona)
    const sigma = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let p = m;
      while (p > 0 && ids[i * k + p] < 0) p--;
      sigma[i] = Math.max(1e-6, ids[i * k + p] < 0 ? 1 : Math.sqrt(d2(sims[i * k + p])));
    }
    weight = (i, s, j) => Math.exp(-d2(s) / (sigma[i] * sigma[j]));
  } else {
    const s2 = 2 * kernel.sigma * kernel.sigma;
    if (!(s2 > 0)) throw new RangeError(`kernel sigma must be > 0, got ${kernel.sigma}`);
    weight = (_i, s) => Math.exp(-d2(s) / s2);
  }
  // both directions of every kNN edge, then merge duplicates per row (max weight)
  const cnt = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) for (let p = 0; p < k; p++) { const j = ids[i * k + p]; if (j >= 0) { cnt[i + 1]++; cnt[j + 1]++; } }
  for (let i = 0; i < n; i++) cnt[i + 1] += cnt[i];
  const fill = cnt.slice(0, n);
  const rc = new Uint32Array(cnt[n]), rw = new Float64Array(cnt[n]);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < k; p++) {
      const j = ids[i * k + p];
      if (j < 0) continue;
      const w = weight(i, sims[i * k + p], j);
      rc[fill[i]] = j; rw[fill[i]++] = w;
      rc[fill[j]] = i; rw[fill[j]++] = w;
    }
  }
  const rowPtr = new Uint32Array(n + 1);
  const cols: number[] = [], weights: number[] = [];
  const degrees = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = cnt[i], b = cnt[i + 1];
    const order = Array.from({ length: b - a }, (_, t) => a + t).sort((x, y) => rc[x] - rc[y]);
    let last = -1;
    for (const p of order) {
      if (rc[p] === last) {
        weights[weights.length - 1] = Math.max(weights[weights.length - 1], rw[p]);
      } else {
        cols.push(rc[p]); weights.push(rw[p]); last = rc[p];
      }
    }
    rowPtr[i + 1] = cols.length;
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) degrees[i] += weights[p];
  }
  return { n, rowPtr, cols: Uint32Array.from(cols), weights: Float64Array.from(weights), degrees };
}

/** the entries of D^-1/2 W D^-1/2, in the affinity's CSR layout */
function normalizedWeights(a: Affinity): Float64Array {
  const { n, rowPtr, cols } = a;
  const scaled = new Float64Array(a.weights.length);
  const dis = a.degrees.map((d) => (d > 0 ? 1 / Math.sqrt(d) : 0));
  for (let i = 0; i < n; i++) for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) scaled[p] = a.weights[p] * dis[i] * dis[cols[p]];
  return scaled;
}

/** y = D^-1/2 W D^-1/2 x (spectrum in [−1, 1]; isolated rows give 0) */
export function normalizedAffinity(a: Affinity): SymOperator {
  const { n, rowPtr, cols } = a;
  const scaled = normalizedWeights(a);
  return (x, y) => {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let p = rowPtr[i], e = rowPtr[i + 1]; p < e; p++) s += scaled[p] * x[cols[p]];
      y[i] = s;
    }
  };
}

/** the same operator on a row-major n × b block: one pass over the entries for all b vectors */
export function normalizedAffinityBlock(a: Affinity): BlockOperator {
  const { n, rowPtr, cols } = a;
  const scaled = normalizedWeights(a);
  return (X, Y, b) => {
    for (let i = 0; i < n; i++) {
      const o = i * b;
      for (let j = 0; j < b; j++) Y[o + j] = 0;
      let p = rowPtr[i];
      const e = rowPtr[i + 1];
      for (; p + 1 < e; p += 2) { // two entries per pass over the output row
        const v = scaled[p], w = scaled[p + 1], xo = cols[p] * b, xw = cols[p + 1] * b;
        for (let j = 0; j < b; j++) Y[o + j] += v * X[xo + j] + w * X[xw + j];
      }
      if (p < e) {
        const v = scaled[p], xo = cols[p] * b;
        for (let j = 0; j < b; j++) Y[o + j] += v * X[xo + j];
      }
    }
  };
}
