import { lanczosTop, subspaceTop, type BlockOperator, type EigenResult, type SymOperator } from './eigen.ts';
import { buildIvf, groupBy, type IvfIndex } from './ivf.ts';
import { kmeans } from './kmeans.ts';
import { nearestCentres, scanLists, type ListSearchOptions, type ListSearchResult } from './lists.ts';
import {
  checkMatrix, checkStop, dotAt, dotTile, floatRows, rowDot, rowInto, rowNorms, unitQuery,
  type AnnMatrix, type ProgressFn, type StopFn,
} from './rows.ts';

/**
 * Spectral-clustering search (Ng–Jordan–Weiss on a sparse kNN graph):
 *  1. kNN graph by cosine: exact in tiles for N ≤ exactLimit (default: 20k rows up to 50 dims,
 *     6 250 at 512 dims, see defaultExactLimit), otherwise from an IVF probe (each list's rows
 *     compared with the rows of the `graphNprobe` lists nearest its centroid);
 *  2. affinity: union-symmetrised graph, weights by a self-tuning Gaussian kernel
 *     w_ij = exp(−d²_ij / (σ_i σ_j)), σ_i = distance to i's 7th neighbour, d² = 2 − 2·cos
 *     (or a fixed Gaussian, or the cosine itself);
 *  3. M = D^-1/2 W D^-1/2; its c largest eigenvectors (= the normalised Laplacian's smallest) by
 *     block subspace iteration with Chebyshev filtering (default) or Lanczos with full
 *     reorthogonalisation — never a dense n × n decomposition;
 *  4. rows of the n × c eigenvector matrix normalised to unit length, k-means'd into c clusters;
 *  5. for search: each cluster's centre in the ORIGINAL space (mean of members, normalised) and
 *     medoid (member closest to the centre). A query is routed to the `probes` clusters with the
 *     nearest centres, and ranked exactly inside them.
 */
export interface SpectralBuildOptions {
  /** clusters c (default `defaultClusterCount(N)`) */
  readonly clusters?: number;
  /** neighbours per row in the kNN graph (default 10) */
  readonly neighbors?: number;
  /** edge weights (default 'self-tuning') */
  readonly kernel?: 'self-tuning' | 'cosine' | { readonly sigma: number };
  /** exact tiled kNN graph up to this many rows, IVF-probed above (default `defaultExactLimit(dim)`) */
  readonly exactLimit?: number;
  /** lists compared per list when the graph is built on an IVF probe (default 8) */
  readonly graphNprobe?: number;
  /** an IVF index over the same rows to build the graph on (else one is built when needed) */
  readonly ivf?: IvfIndex;
  /** default 'subspace' (finds repeated eigenvalues: disconnected graphs) */
  readonly eigensolver?: 'subspace' | 'lanczos';
  /** eigen residual tolerance, relative (default 1e-5) */
  readonly eigenTol?: number;
  /** outer subspace iterations (or Lanczos basis size) at most (default 60; Lanczos 3·c) */
  readonly eigenMaxIter?: number;
  /** k-means restarts on the spectral embedding (default 3; it is c-dimensional, so cheap) */
  readonly restarts?: number;
  readonly seed?: number;
  readonly onProgress?: ProgressFn;
  readonly shouldStop?: StopFn;
}

export interface SpectralSearchOptions extends ListSearchOptions {
  /** clusters scanned (default 1) */
  readonly probes?: number;
  /** rows scored (default: the matrix the index was built from); may be quantized */
  readonly rerank?: AnnMatrix;
}

export interface ClusterInfo {
  readonly id: number;
  readonly size: number;
  /** unit mean of the members' vectors */
  readonly centre: Float32Array;
  /** the member closest (by cosine) to the centre */
  readonly medoid: number;
  /** member row ids, ascending (a view) */
  readonly members: Uint32Array;
}

/**
 * Largest N for which the kNN graph is computed exactly by default: the exact graph costs
 * N²·dim/2 multiply-adds, kept under 10¹⁰ (≈ 10 s of single-threaded JS): 20 000 rows up to
 * 50 dims, 6 250 rows at 512 dims. Above it the IVF-probed graph is far cheaper and, on the
 * synthetic blobs, finds the same edges (docs/INDEX.md).
 */
export function defaultExactLimit(dim: number): number {
  return Math.min(20000, Math.floor(Math.sqrt(2e10 / Math.max(1, dim))));
}

/** c = round(√N / 2) clamped to 2..100: about 50·√N rows a cluster, eigen cost bounded. */
export function defaultClusterCount(n: number): number {
  return Math.max(Math.min(2, n), Math.min(100, n, Math.round(Math.sqrt(n) / 2)));
}

export class SpectralIndex {
  constructor(
    readonly dim: number,
    readonly count: number,
    /** c × dim unit centres in the original vector space */
    readonly centres: Float32Array,
    readonly medoids: Uint32Array,
    /** cluster c holds ids[offsets[c] .. offsets[c + 1]) */
    readonly offsets: Uint32Array,
    readonly ids: Uint32Array,
    /** cluster of every row */
    readonly assignments: Uint32Array,
    /** the c largest eigenvalues of D^-1/2 W D^-1/2 */
    readonly eigenvalues: Float64Array,
    readonly graph: { readonly neighbors: number; readonly exact: boolean; readonly edges: number },
    private readonly matrix: AnnMatrix,
    /** how the eigensolver went: iterations, operator applications, convergence */
    readonly eigen: { readonly iterations: number; readonly matvecs: number; readonly converged: boolean } = { iterations: 0, matvecs: 0, converged: true },
  ) {}

  get clusterCount(): number {
    return this.medoids.length;
  }

  /** the `probes` clusters whose centres are nearest the query, nearest first */
  route(query: Float32Array, options: { probes?: number } = {}): number[] {
    const q = unitQuery(query, this.dim);
    return nearestCentres(q, this.centres, this.clusterCount, this.dim, clampProbes(options.probes ?? 1, this.clusterCount));
  }

  /** exact cosine ranking over the members of the routed clusters (default k = 100, probes = 1) */
  search(query: Float32Array, options: SpectralSearchOptions = {}): ListSearchResult {
    const m = options.rerank ?? this.matrix;
    if (m.dim !== this.dim || m.count !== this.count) {
      throw new RangeError(`spectral index is for ${this.count} × ${this.dim} vectors, the matrix is ${m.count} × ${m.dim}`);
    }
    const q = unitQuery(query, this.dim);
    const lists = nearestCentres(q, this.centres, this.clusterCount, this.dim, clampProbes(options.probes ?? 1, this.clusterCount));
    return scanLists(q, lists, this.offsets, this.ids, m, { ...options, k: options.k ?? 100 });
  }

  clusters(): ClusterInfo[] {
    return Array.from({ length: this.clusterCount }, (_, c) => ({
      id: c,
      size: this.offsets[c + 1] - this.offsets[c],
      centre: this.centres.subarray(c * this.dim, (c + 1) * this.dim),
      medoid: this.medoids[c],
      members: this.ids.subarray(this.offsets[c], this.offsets[c + 1]),
    }));
  }
}

function clampProbes(probes: number, n: number): number {
  if (!(probes >= 1)) throw new RangeError(`probes must be ≥ 1, got ${probes}`);
  return Math.min(n, Math.floor(probes));
}

export function buildSpectral(matrix: AnnMatrix, options: SpectralBuildOptions = {}): SpectralIndex {
  checkMatrix(matrix);
  const { dim, count: n } = matrix;
  const c = options.clusters ?? defaultClusterCount(n);
  if (!Number.isInteger(c) || c < 1 || c > n) throw new RangeError(`clusters must be an integer in 1..${n}, got ${c}`);
  const seed = options.seed ?? 1;
  const progress = options.onProgress;
  const stage = (from: number, to: number) => (progress ? (f: number, phase?: string) => progress(from + (to - from) * f, phase) : undefined);

  const graph = knnGraph(matrix, {
    neighbors: options.neighbors, exactLimit: options.exactLimit, nprobe: options.graphNprobe,
    ivf: options.ivf, seed, onProgress: stage(0, 0.5), shouldStop: options.shouldStop,
  });
  const affinity = buildAffinity(graph, options.kernel ?? 'self-tuning');
  const op = normalizedAffinity(affinity);

  let eig: EigenResult;
  const eigenOpts = { seed, tol: options.eigenTol ?? 1e-5, onProgress: stage(0.5, 0.85), shouldStop: options.shouldStop };
  if (c === n) {
    eig = { values: new Float64Array(0), vectors: [], residuals: new Float64Array(0), iterations: 0, matvecs: 0, converged: true };
  } else if (options.eigensolver === 'lanczos') {
    eig = lanczosTop(op, n, c, { ...eigenOpts, maxBasis: options.eigenMaxIter });
  } else {
    eig = subspaceTop(op, n, c, { ...eigenOpts, maxIter: options.eigenMaxIter, lower: -1, blockOp: normalizedAffinityBlock(affinity) });
  }

  // spectral embedding: row i = (v_1[i], …, v_c[i]) / ‖·‖
  let labels: Uint32Array;
  if (c === n) {
    labels = Uint32Array.from({ length: n }, (_, i) => i);
  } else {
    const emb = new Float32Array(n * c);
    for (let j = 0; j < c; j++) { const v = eig.vectors[j]; for (let i = 0; i < n; i++) emb[i * c + j] = v[i]; }
    for (let i = 0; i < n; i++) {
      const o = i * c;
      const norm = Math.sqrt(dotAt(emb, o, emb, o, c));
      if (norm > 0) for (let j = 0; j < c; j++) emb[o + j] /= norm;
    }
    const km = kmeans({ kind: 'f32', dim: c, count: n, data: emb }, {
      k: c, spherical: true, seed, restarts: options.restarts ?? 3, onProgress: stage(0.85, 0.95), shouldStop: options.shouldStop,
    });
    labels = km.assignments;
  }

  // drop empty clusters, then centres in the original space and medoids
  const used = new Int32Array(c).fill(-1);
  let kept = 0;
  for (let i = 0; i < n; i++) if (used[labels[i]] < 0) used[labels[i]] = 0;
  for (let j = 0; j < c; j++) if (used[j] === 0) used[j] = kept++;
  const assignments = labels.map((l) => used[l]);
  const { offsets, ids } = groupBy(assignments, kept);
  const centres = new Float32Array(kept * dim);
  const medoids = new Uint32Array(kept);
  const row = new Float32Array(dim);
  const sum = new Float64Array(dim);
  const norms = rowNorms(matrix);
  for (let j = 0; j < kept; j++) {
    checkStop(options.shouldStop);
    sum.fill(0);
    for (let p = offsets[j]; p < offsets[j + 1]; p++) {
      const id = ids[p];
      rowInto(matrix, id, row);
      const inv = norms[id] > 0 ? 1 / norms[id] : 0;
      for (let t = 0; t < dim; t++) sum[t] += row[t] * inv;
    }
    let len = 0;
    for (let t = 0; t < dim; t++) len += sum[t] * sum[t];
    len = Math.sqrt(len);
    const centre = centres.subarray(j * dim, (j + 1) * dim);
    for (let t = 0; t < dim; t++) centre[t] = len > 0 ? sum[t] / len : 0;
    let best = -Infinity, medoid = ids[offsets[j]];
    for (let p = offsets[j]; p < offsets[j + 1]; p++) {
      const id = ids[p];
      const s = norms[id] > 0 ? rowDot(matrix, id, centre) / norms[id] : 0;
      if (s > best) { best = s; medoid = id; }
    }
    medoids[j] = medoid;
    progress?.(0.95 + (0.05 * (j + 1)) / kept, 'centres');
  }
  return new SpectralIndex(
    dim, n, centres, medoids, offsets, ids, assignments, eig.values,
    { neighbors: graph.k, exact: graph.exact, edges: affinity.cols.length / 2 }, matrix,
    { iterations: eig.iterations, matvecs: eig.matvecs, converged: eig.converged },
  );
}

// --- kNN graph -----------------------------------------------------------------------------

export interface KnnGraph {
  readonly n: number;
  /** neighbours per row */
  readonly k: number;
  /** n × k neighbour rows, best first (−1 where a row has fewer than k) */
  readonly ids: Int32Array;
  /** n × k cosines, matching ids */
  readonly sims: Float32Array;
  /** true when computed exactly */
  readonly exact: boolean;
}

export interface KnnGraphOptions {
  readonly neighbors?: number;
  readonly exactLimit?: number;
  readonly nprobe?: number;
  readonly ivf?: IvfIndex;
  readonly seed?: number;
  readonly onProgress?: ProgressFn;
  readonly shouldStop?: StopFn;
}

/**
 * k nearest neighbours (cosine, self excluded) of every row. Exact for N ≤ exactLimit: tiles of
 * 64 × 64 rows, each pair computed once and offered to both rows (N²·dim/2 multiply-adds).
 * Above it, on an IVF partition: every list's rows are compared with the rows of the nprobe
 * lists nearest that list's centroid (≈ N·nprobe·N/nlist·dim, plus the IVF build).
 */
export function knnGraph(matrix: AnnMatrix, options: KnnGraphOptions = {}): KnnGraph {
  const { dim, count: n } = checkMatrix(matrix);
  const k = Math.min(Math.max(1, Math.floor(options.neighbors ?? 10)), Math.max(1, n - 1));
  const X = floatRows(matrix);
  const norms = rowNorms(matrix);
  const inv = new Float64Array(n);
  for (let i = 0; i < n; i++) inv[i] = norms[i] > 0 ? 1 / norms[i] : 0;
  const top = new TopKRows(n, k);
  const exact = n <= (options.exactLimit ?? defaultExactLimit(dim)) && !options.ivf;
  const progress = options.onProgress;
  if (exact) {
    const B = 64;
    const tile = new Float64Array(B * B);
    const blocks = Math.ceil(n / B), totalPairs = (blocks * (blocks + 1)) / 2;
    let done = 0;
    for (let a0 = 0; a0 < n; a0 += B) {
      const na = Math.min(B, n - a0);
      for (let b0 = a0; b0 < n; b0 += B) {
        checkStop(options.shouldStop);
        const nb = Math.min(B, n - b0);
        dotTile(X, a0, na, X, b0, nb, dim, tile);
        for (let i = 0; i < na; i++) {
          const a = a0 + i;
          for (let j = b0 === a0 ? i + 1 : 0; j < nb; j++) {
            const b = b0 + j;
            const s = tile[i * nb + j] * inv[a] * inv[b];
            top.offer(a, b, s);
            top.offer(b, a, s);
          }
        }
        done++;
      }
      progress?.(done / totalPairs, 'graph');
    }
  } else {
    const ivf = options.ivf ?? buildIvf(matrix, {
      seed: options.seed, shouldStop: options.shouldStop,
      onProgress: progress ? (f) => progress(0.5 * f, 'graph-ivf') : undefined,
    });
    if (ivf.count !== n || ivf.dim !== dim) throw new RangeError(`IVF index is for ${ivf.count} × ${ivf.dim} vectors, the matrix is ${n} × ${dim}`);
    const nprobe = Math.min(ivf.nlist, Math.max(1, Math.floor(options.nprobe ?? 8)));
    const B = 64;
    let maxList = 0;
    for (let l = 0; l < ivf.nlist; l++) maxList = Math.max(maxList, ivf.offsets[l + 1] - ivf.offsets[l]);
    const rowsA = new Float32Array(B * dim);
    let candBuf = new Float32Array(0);
    let tile = new Float64Array(0);
    for (let l = 0; l < ivf.nlist; l++) {
      checkStop(options.shouldStop);
      const members = ivf.list(l);
      if (members.length === 0) continue;
      const probed = nearestCentres(ivf.centroids.subarray(l * dim, (l + 1) * dim), ivf.centroids, ivf.nlist, dim, nprobe);
      if (!probed.includes(l)) probed[probed.length - 1] = l;
      const cand: number[] = [];
      for (const p of probed) for (const id of ivf.list(p)) cand.push(id);
      if (candBuf.length < cand.length * dim) candBuf = new Float32Array(cand.length * dim);
      for (let j = 0; j < cand.length; j++) candBuf.set(X.subarray(cand[j] * dim, (cand[j] + 1) * dim), j * dim);
      if (tile.length < B * cand.length) tile = new Float64Array(B * cand.length);
      for (let i0 = 0; i0 < members.length; i0 += B) {
        const na = Math.min(B, members.length - i0);
        for (let i = 0; i < na; i++) rowsA.set(X.subarray(members[i0 + i] * dim, (members[i0 + i] + 1) * dim), i * dim);
        dotTile(rowsA, 0, na, candBuf, 0, cand.length, dim, tile);
        for (let i = 0; i < na; i++) {
          const a = members[i0 + i];
          for (let j = 0; j < cand.length; j++) {
            const b = cand[j];
            if (b !== a) top.offer(a, b, tile[i * cand.length + j] * inv[a] * inv[b]);
          }
        }
      }
      progress?.((options.ivf ? 0 : 0.5) + ((options.ivf ? 1 : 0.5) * (l + 1)) / ivf.nlist, 'graph');
    }
  }
  return { n, k, ids: top.ids, sims: top.sims, exact };
}

/** Per-row best k (descending similarity, ties by ascending id), in flat typed arrays. */
class TopKRows {
  readonly ids: Int32Array;
  readonly sims: Float32Array;
  private readonly fill: Uint16Array;
  constructor(n: number, private readonly k: number) {
    this.ids = new Int32Array(n * k).fill(-1);
    this.sims = new Float32Array(n * k).fill(-Infinity);
    this.fill = new Uint16Array(n);
  }
  offer(row: number, id: number, s: number): void {
    const k = this.k, o = row * k, sims = this.sims, ids = this.ids;
    const f = this.fill[row];
    const sf = Math.fround(s);
    let p: number;
    if (f < k) {
      p = f;
      this.fill[row] = f + 1;
    } else {
      const w = sims[o + k - 1];
      if (sf < w || (sf === w && id > ids[o + k - 1])) return;
      p = k - 1;
    }
    while (p > 0 && (sims[o + p - 1] < sf || (sims[o + p - 1] === sf && ids[o + p - 1] > id))) {
      sims[o + p] = sims[o + p - 1];
      ids[o + p] = ids[o + p - 1];
      p--;
    }
    sims[o + p] = sf;
    ids[o + p] = id;
  }
}

// --- affinity ------------------------------------------------------------------------------

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
export function buildAffinity(graph: KnnGraph, kernel: SpectralBuildOptions['kernel'] = 'self-tuning'): Affinity {
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
